/**
 * The settings form. Every edit is checked at once with validateSettings (the schema the resolver saves with), and
 * each message sits next to its field. Save sends the whole draft with the revision it started from: a refused
 * save (`invalid-settings` with fields, `settings-changed`) shows why and changes nothing, the draft stays.
 */
import { showFlag } from '@forge/bridge';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GetSettingsData, SettingsOptions } from '@shared/admin';
import { SETTINGS_FIELDS, type SettingsField } from '@shared/settings';
import { Button } from '@ui/components/button';
import { ErrorMessage, Notice } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { useAdminI18n } from './i18n/admin-i18n';
import { SeverityGrid } from './severity-grid';
import { SettingsConfluence } from './settings-confluence';
import { checkDraft, fromDraft, problemsMap, sameSettings, toDraft, type Draft, type ProblemsByPath } from './settings-draft';
import { SettingsHandling } from './settings-handling';
import { SettingsJira } from './settings-jira';
import { SettingsLevels } from './settings-levels';
import type { SectionProps } from './settings-section';

type Outcome = { kind: 'none' } | { kind: 'saving' } | { kind: 'saved'; revision: number } | { kind: 'refused'; error: UiError };

const PROJECT = /^[A-Z][A-Z0-9_]{1,9}$/;
const SPACE = /^~?[A-Za-z0-9]{1,255}$/;

/** Projects, issue types, priorities and spaces to pick from, fetched again (debounced) when the project or space changes. */
function useOptions(projectKey: string, spaceKey: string): { options: SettingsOptions | undefined; failed: boolean } {
  const [state, setState] = useState<{ options: SettingsOptions | undefined; failed: boolean }>({ options: undefined, failed: false });
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void call('getSettingsOptions', { ...(PROJECT.test(projectKey) ? { projectKey } : {}), ...(SPACE.test(spaceKey) ? { spaceKey } : {}) }).then((r) => {
        if (current) setState((s) => (r.ok ? { options: r.data, failed: false } : { options: s.options, failed: true }));
      });
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [projectKey, spaceKey]);
  return state;
}

export function SettingsPanel({ data, onSaved, onReload }: { data: GetSettingsData; onSaved: (next: GetSettingsData) => void; onReload: () => void }) {
  const { t, lang } = useAdminI18n();
  const [draft, setDraft] = useState<Draft>(() => toDraft(data.settings));
  const [serverProblems, setServerProblems] = useState<ProblemsByPath>(new Map());
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const formRef = useRef<HTMLFormElement>(null);
  const saved = useMemo(() => toDraft(data.settings), [data]);
  useEffect(() => setDraft(saved), [saved]);

  const clientProblems = useMemo(() => checkDraft(draft), [draft]);
  const dirty = !sameSettings(draft, saved);
  // a stored value that no longer parses is replaced only by a save, even one that changes nothing else
  const canSave = dirty || data.problems.length > 0;
  const { options, failed: optionsFailed } = useOptions(draft.jiraProjectKey, draft.confluenceSpaceKey);

  const section: SectionProps = {
    draft,
    set: <K extends SettingsField>(field: K, value: Draft[K]) => {
      setDraft((d) => ({ ...d, [field]: value }));
      setServerProblems((m) => (m.size === 0 ? m : new Map([...m].filter(([, p]) => p.field !== field))));
      setOutcome((o) => (o.kind === 'saved' ? { kind: 'none' } : o));
    },
    problem: (path) => clientProblems.get(path) ?? serverProblems.get(path),
    stored: (field) => data.problems.filter((p) => p.field === field),
    options,
  };

  // a stored setting Kaizen no longer has: no field to show it next to, so it is listed here
  const unknown = data.problems.filter((p) => !(SETTINGS_FIELDS as string[]).includes(p.field));
  const known = data.problems.filter((p) => (SETTINGS_FIELDS as string[]).includes(p.field));
  const focusFirstProblem = () => requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const save = async () => {
    if (clientProblems.size > 0) {
      setOutcome({ kind: 'refused', error: { code: 'invalid-settings', message: 'client-side check' } });
      focusFirstProblem();
      return;
    }
    setOutcome({ kind: 'saving' });
    const result = await call('saveSettings', { settings: fromDraft(draft), revision: data.revision });
    if (result.ok) {
      setServerProblems(new Map());
      setOutcome({ kind: 'saved', revision: result.data.revision });
      onSaved(result.data);
      try {
        showFlag({ id: `kaizen-settings-saved-${result.data.revision}`, title: t('settings.savedFlag'), description: t('settings.savedBody'), type: 'success', isAutoDismiss: true });
      } catch {
        // a host without flags: the message on the page says it
      }
      return;
    }
    const fields = result.error.fields;
    setServerProblems(problemsMap(fields));
    setOutcome({ kind: 'refused', error: result.error });
    if (fields?.length) focusFirstProblem();
  };

  return (
    <form
      ref={formRef}
      className="kz-settings"
      data-testid="settings-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {data.problems.length > 0 ? (
        <div className="kz-message kz-message--warning" role="status" data-testid="stored-problems">
          <p>{data.problems.length === 1 ? t('settings.storedSummaryOne') : t('settings.storedSummary', { count: data.problems.length })}</p>
          {known.length > 0 ? <p>{t('settings.storedFields', { fields: [...new Set(known.map((p) => t(`field.${p.field as SettingsField}`)))].join(lang === 'ja' ? '、' : ', ') })}</p> : null}
          {unknown.length > 0 ? (
            <ul className="kz-stored-unknown" data-testid="stored-unknown">
              {unknown.map((p) => (
                <li key={p.path}>{t('settings.storedUnknown', { field: p.field, value: p.storedValue })}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {optionsFailed ? <p className="kz-message kz-message--warning kz-small" data-testid="options-failed">{t('settings.optionsFailed')}</p> : null}
      <SettingsJira {...section} />
      <SettingsConfluence {...section} />
      <SettingsLevels {...section} />
      <SeverityGrid {...section} />
      <SettingsHandling {...section} />
      <div className="kz-savebar" data-testid="save-bar">
        <div className="kz-savebar__status" aria-live="polite">
          {outcome.kind === 'refused' ? (
            <div data-testid="save-refused">
              <ErrorMessage error={outcome.error} />
              {outcome.error.code === 'settings-changed' ? (
                <Button
                  testId="reload-settings"
                  onClick={() => {
                    setOutcome({ kind: 'none' });
                    setServerProblems(new Map());
                    onReload();
                  }}
                >
                  {t('settings.reloadLatest')}
                </Button>
              ) : null}
            </div>
          ) : null}
          {outcome.kind === 'saved' ? (
            <Notice tone="success" testId="save-success">
              <p>{t('settings.saved', { revision: outcome.revision })}</p>
            </Notice>
          ) : null}
          {outcome.kind !== 'refused' && outcome.kind !== 'saved' ? <p className="kz-subtle" data-testid="dirty-state" data-dirty={dirty}>{dirty ? t('settings.unsaved') : data.problems.length > 0 ? t('settings.saveToFix') : t('settings.noChanges')}</p> : null}
        </div>
        <div className="kz-savebar__actions">
          <Button
            appearance="subtle"
            testId="discard-button"
            disabled={!dirty || outcome.kind === 'saving'}
            onClick={() => {
              setDraft(saved);
              setServerProblems(new Map());
              setOutcome({ kind: 'none' });
            }}
          >
            {t('settings.discard')}
          </Button>
          <Button appearance="primary" type="submit" testId="save-button" disabled={!canSave} busy={outcome.kind === 'saving'}>
            {outcome.kind === 'saving' ? t('settings.saving') : t('settings.save')}
          </Button>
        </div>
      </div>
    </form>
  );
}
