/**
 * One key time: its value, who set it, and (for an editor) Edit → a `datetime-local` field in the viewer's time zone,
 * sent as an instant with its offset. A refusal (`time-rule`) is said next to the field, in the viewer's language,
 * naming the rule it breaks; the field keeps the value so it can be corrected.
 */
import { useId, useState } from 'react';
import { TIME_RULES, type KeyTimeField, type TimeRule } from '@shared/incident-actions';
import type { PersonMarkView } from '@shared/incident-view';
import { Button } from '@ui/components/button';
import { Time } from '@ui/components/time';
import { useI18n } from '@ui/i18n/i18n-context';
import { fromLocalInput, toLocalInput, zoneLabel } from './local-time';
import { usePanelActions } from './panel-actions';
import { useFocusReturn } from './use-focus-return';

const isRule = (s: string): s is TimeRule => (TIME_RULES as readonly string[]).includes(s);

export function KeyTimeRow({ testKey, field, label, iso, mark }: { testKey: string; field: KeyTimeField; label: string; iso: string | undefined; mark: PersonMarkView | undefined }) {
  const { t, locale } = useI18n();
  const { readOnly, busy, timeZone, run } = usePanelActions();
  const [value, setValue] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const editing = value !== undefined;
  const editRef = useFocusReturn(editing);
  const close = () => {
    setValue(undefined);
    setProblem(undefined);
  };
  const save = async () => {
    const at = value ? fromLocalInput(value, timeZone) : undefined;
    if (!at) return setProblem(t('panel.times.required'));
    setProblem(undefined);
    const result = await run('setKeyTime', { field, at }, { quiet: (e) => e.code === 'time-rule' });
    if (result.ok) return close();
    if (result.error.code === 'time-rule') {
      const rule = result.error.fields?.find((f) => f.field === field)?.message ?? result.error.fields?.[0]?.message;
      setProblem(rule && isRule(rule) ? t(`timeRule.${rule}`) : t('error.time-rule'));
    }
  };
  return (
    <tr data-testid={`time-row-${testKey}`}>
      <th scope="row">{label}</th>
      <td>
        {editing ? (
          <form
            className="kz-time-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <div className="kz-row">
              <input
                className="kz-input"
                type="datetime-local"
                id={id}
                aria-label={t('panel.times.input', { time: label, zone: zoneLabel(timeZone, locale) })}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-problem` : undefined}
                data-testid={`time-input-${testKey}`}
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
                onKeyDown={(e) => e.key === 'Escape' && close()}
                autoFocus
              />
              <span className="kz-small kz-subtle">{zoneLabel(timeZone, locale)}</span>
            </div>
            {problem ? (
              <p className="kz-small kz-text-danger" id={`${id}-problem`} role="alert" data-testid={`time-problem-${testKey}`}>
                {problem}
              </p>
            ) : null}
            <div className="kz-row">
              <Button type="submit" appearance="primary" testId={`time-save-${testKey}`} busy={busy === 'setKeyTime'} disabled={busy !== undefined}>
                {t('panel.times.save')}
              </Button>
              <Button appearance="subtle" testId={`time-cancel-${testKey}`} onClick={close}>
                {t('panel.times.cancel')}
              </Button>
            </div>
          </form>
        ) : (
          <span data-testid={`time-${testKey}`}>{iso ? <Time iso={iso} /> : <span className="kz-subtle">{t('time.notYet')}</span>}</span>
        )}
      </td>
      <td className="kz-small kz-subtle">{mark ? t('panel.setBy', { name: mark.displayName }) : null}</td>
      <td className="kz-cell-action">
        {readOnly || editing ? null : (
          <Button appearance="subtle" testId={`time-edit-${testKey}`} label={t('panel.times.editLabel', { time: label })} disabled={busy !== undefined} busy={false} buttonRef={editRef} onClick={() => setValue(toLocalInput(iso ?? new Date().toISOString(), timeZone))}>
            {t('panel.times.edit')}
          </Button>
        )}
      </td>
    </tr>
  );
}
