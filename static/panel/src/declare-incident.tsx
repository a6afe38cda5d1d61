/**
 * The "Declare incident" issue action (DESIGN 3.3): a form — title, level, impact start, commander, drill, and where
 * the incident lives (this issue, or a new Incident issue) — sent once as `declareIncident`. The request id is made
 * when the form opens, so a double click or a retry answers the same incident. Native controls (labelled, keyboard
 * and screen readers for free) like the panel's; the commander picker is the panel's Jira people search.
 */
import { useId, useState, type ReactNode } from 'react';
import { DECLARE_TITLE_MAX, type DeclareFormData, type DeclareIncidentData, type DeclareTarget } from '@shared/declare-incident';
import { LEVELS, type Level } from '@shared/vocabulary';
import { Button } from '@ui/components/button';
import { ExternalLink } from '@ui/components/external-link';
import { ErrorMessage, Loading, Notice } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';
import { CloseRow, Field, closeDialog, useRequestId } from './dialog-form';
import { LevelNamesProvider, useLevelInfo } from './level-names';
import { fromLocalInput, zoneLabel } from './local-time';
import { PersonName } from './person-name';
import { UserPicker } from './user-picker';


export function DeclareIncident({ timeZone }: { timeZone: string }) {
  const { t } = useI18n();
  const { state, reload } = useResolver('getDeclareForm', {});
  return (
    <section className="kz-stack kz-declare" data-testid="declare-incident">
      {/* the modal's own header shows the action's title; this one is for screen readers */}
      <h1 className="kz-sr-only" data-testid="locale-text">
        {t('declare.title')}
      </h1>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.status === 'ok' ? (
        <LevelNamesProvider levels={state.data.levels}>
          {state.data.incident ? <AlreadyIncident issueKey={state.data.issue.key} /> : <DeclareForm form={state.data} timeZone={timeZone} />}
        </LevelNamesProvider>
      ) : null}
    </section>
  );
}

function AlreadyIncident({ issueKey }: { issueKey: string }) {
  const { t } = useI18n();
  return (
    <>
      <Notice testId="declare-already">
        <p>{t('declare.already', { key: issueKey })}</p>
      </Notice>
      <CloseRow label={t('declare.close')} />
    </>
  );
}

function DeclareForm({ form, timeZone }: { form: DeclareFormData; timeZone: string }) {
  const { t, locale } = useI18n();
  const info = useLevelInfo();
  const id = useId();
  const requestIdFor = useRequestId();
  const [title, setTitle] = useState(form.issue.summary.slice(0, DECLARE_TITLE_MAX));
  const [level, setLevel] = useState<Level>('SEV3');
  const [impact, setImpact] = useState('');
  // the issue's assignee is its commander already (DESIGN 3.3), unless the person changes it
  const [commander, setCommander] = useState<string | undefined>(form.issue.assigneeAccountId);
  const [picking, setPicking] = useState(false);
  const [drill, setDrill] = useState(false);
  const [target, setTarget] = useState<DeclareTarget>(form.canEditIssue ? 'this-issue' : 'new-issue');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<{ title?: string; impact?: string }>({});
  const [error, setError] = useState<UiError | undefined>();
  const [done, setDone] = useState<DeclareIncidentData | undefined>();

  if (!form.canEditIssue && !form.canCreateInProject) {
    return (
      <>
        <ErrorMessage error={{ code: 'edit-not-allowed', message: '' }} />
        <p className="kz-small kz-subtle" data-testid="declare-not-allowed">
          {t('declare.notAllowed', { key: form.issue.key, project: form.incidentProjectKey })}
        </p>
      </>
    );
  }
  if (done) return <Declared data={done} />;

  const submit = async () => {
    const trimmed = title.trim();
    const impactAt = impact ? fromLocalInput(impact, timeZone) : undefined;
    const found = { ...(trimmed ? {} : { title: t('declare.titleRequired') }), ...(impact && !impactAt ? { impact: t('panel.times.required') } : {}) };
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(undefined);
    const body = { target, title: trimmed, level, drill, ...(impactAt ? { impactStartedAt: impactAt } : {}), ...(commander ? { commander } : {}) };
    const payload = JSON.stringify(body);
    const requestId = requestIdFor(payload);
    const result = await call('declareIncident', { requestId, ...body });
    setBusy(false);
    if (result.ok) return setDone(result.data);
    if (result.error.code === 'time-rule') return setProblems({ impact: t('timeRule.not-in-future') });
    setError(result.error);
  };

  return (
    <form
      className="kz-stack"
      data-testid="declare-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field id={`${id}-title`} label={t('declare.field.title')} problem={problems.title} testId="declare-title-problem">
        <input
          id={`${id}-title`}
          className="kz-input"
          data-testid="declare-title"
          value={title}
          maxLength={DECLARE_TITLE_MAX}
          required
          aria-invalid={problems.title ? true : undefined}
          aria-describedby={problems.title ? `${id}-title-problem` : undefined}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
      </Field>
      <Field id={`${id}-level`} label={t('declare.field.level')} hint={info(level).description}>
        <select id={`${id}-level`} className="kz-select" data-testid="declare-level" value={level} aria-describedby={`${id}-level-hint`} onChange={(e) => setLevel(e.currentTarget.value as Level)}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t('panel.level.option', { name: info(l).name, description: info(l).description })}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-impact`} label={t('declare.field.impact')} hint={t('declare.impactHint', { zone: zoneLabel(timeZone, locale) })} problem={problems.impact} testId="declare-impact-problem">
        <input
          id={`${id}-impact`}
          className="kz-input"
          type="datetime-local"
          data-testid="declare-impact"
          value={impact}
          aria-invalid={problems.impact ? true : undefined}
          aria-describedby={`${id}-impact-hint${problems.impact ? ` ${id}-impact-problem` : ''}`}
          onChange={(e) => setImpact(e.currentTarget.value)}
        />
      </Field>
      <div className="kz-field" data-testid="declare-commander">
        <span className="kz-label" id={`${id}-commander`}>
          {t('role.commander')}
        </span>
        {picking ? (
          <UserPicker
            role={t('role.commander')}
            testId="declare-commander-picker"
            onCancel={() => setPicking(false)}
            onPick={(accountId) => {
              setCommander(accountId);
              setPicking(false);
            }}
          />
        ) : (
          <div className="kz-row" aria-labelledby={`${id}-commander`}>
            {commander ? <PersonName accountId={commander} testId="declare-commander-name" /> : <span className="kz-subtle">{t('declare.commanderNone')}</span>}
            <Button appearance="subtle" testId="declare-commander-choose" label={t('declare.commanderChoose')} onClick={() => setPicking(true)}>
              {commander ? t('declare.commanderChange') : t('declare.commanderChoose')}
            </Button>
            {commander ? (
              <Button appearance="subtle" testId="declare-commander-clear" onClick={() => setCommander(undefined)}>
                {t('declare.commanderClear')}
              </Button>
            ) : null}
          </div>
        )}
        <p className="kz-small kz-subtle">{t('panel.roles.commanderHint')}</p>
      </div>
      <div className="kz-field">
        <label className="kz-row">
          <input type="checkbox" data-testid="declare-drill" checked={drill} aria-describedby={`${id}-drill-hint`} onChange={(e) => setDrill(e.currentTarget.checked)} />
          <span>{t('declare.field.drill')}</span>
        </label>
        <p className="kz-small kz-subtle" id={`${id}-drill-hint`}>
          {t('declare.drillHint')}
        </p>
      </div>
      <fieldset className="kz-field kz-fieldset" data-testid="declare-target">
        <legend className="kz-label">{t('declare.field.target')}</legend>
        <TargetOption value="this-issue" current={target} onChange={setTarget} disabled={!form.canEditIssue} testId="declare-target-this">
          {t('declare.target.this', { key: form.issue.key })}
          {form.canEditIssue ? null : <span className="kz-small kz-subtle"> — {t('declare.target.thisNotAllowed')}</span>}
        </TargetOption>
        <TargetOption value="new-issue" current={target} onChange={setTarget} disabled={!form.canCreateInProject} testId="declare-target-new">
          {t('declare.target.new', { project: form.incidentProjectKey })}
          {form.canCreateInProject ? null : <span className="kz-small kz-subtle"> — {t('declare.target.newNotAllowed')}</span>}
        </TargetOption>
      </fieldset>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="kz-row">
        <Button type="submit" appearance={drill ? 'warning' : 'danger'} testId="declare-submit" busy={busy} disabled={busy}>
          {drill ? t('declare.submitDrill') : t('declare.submit')}
        </Button>
        <Button appearance="subtle" testId="close-button" onClick={closeDialog}>
          {t('declare.cancel')}
        </Button>
      </div>
    </form>
  );
}


function TargetOption({ value, current, onChange, disabled, testId, children }: { value: DeclareTarget; current: DeclareTarget; onChange: (t: DeclareTarget) => void; disabled: boolean; testId: string; children: ReactNode }) {
  return (
    <label className="kz-row">
      <input type="radio" name="declare-target" value={value} data-testid={testId} checked={current === value} disabled={disabled} onChange={() => onChange(value)} />
      <span>{children}</span>
    </label>
  );
}

/** What was declared, with the way to it: the issue (a new one) and the live page. */
function Declared({ data }: { data: DeclareIncidentData }) {
  const { t } = useI18n();
  return (
    <>
      <Notice tone="success" testId="declare-done">
        <p data-testid="declare-outcome" data-value={data.outcome}>
          {data.outcome === 'declared'
            ? data.drill
              ? t('declare.doneDrill')
              : t('declare.done')
            : data.outcome === 'already'
              ? t('declare.alreadyBy', { name: data.declaredBy ?? '—' })
              : t('declare.inProgress')}
        </p>
        <ul className="kz-list">
          {data.issue ? (
            <li>
              <ExternalLink href={data.issue.url} testId="declare-issue-link">
                {t('declare.openIssue', { key: data.issue.key })}
              </ExternalLink>
            </li>
          ) : null}
          {data.page ? (
            <li>
              <ExternalLink href={data.page.url} testId="declare-page-link">
                {t('declare.openPage')}
              </ExternalLink>
            </li>
          ) : (
            <li>{t('declare.pagePending')}</li>
          )}
        </ul>
      </Notice>
      <CloseRow label={t('declare.close')} />
    </>
  );
}
