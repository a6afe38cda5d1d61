/**
 * The incident's level, SEV1–SEV4: a native select (keyboard and screen readers for free) whose options say each
 * level's name and what it means. A choice applies at once; raising to SEV1 asks first (it pages everyone and moves
 * the Jira priority). Names and descriptions are the admin's (settings `levels`, through getIncident).
 */
import { useId, useState } from 'react';
import type { PersonMarkView } from '@shared/incident-view';
import { LEVELS, type Level } from '@shared/vocabulary';
import { ConfirmDialog } from '@ui/components/confirm-dialog';
import { LevelLozenge } from '@ui/components/lozenge';
import { useI18n } from '@ui/i18n/i18n-context';
import { useLevelInfo } from './level-names';
import { usePanelActions } from './panel-actions';
import { SetBy } from './set-by';

export function LevelSelect({ level, setBy }: { level: Level; setBy: PersonMarkView | undefined }) {
  const { t } = useI18n();
  const info = useLevelInfo();
  const { readOnly, busy, run } = usePanelActions();
  const [pending, setPending] = useState<Level | undefined>();
  const id = useId();
  const describedBy = `${id}-description`;
  const apply = (next: Level) => {
    if (next === level) return;
    if (next === 'SEV1') return setPending(next);
    void run('setIncidentLevel', { level: next });
  };
  const description = <p className="kz-small kz-subtle" id={describedBy}>{info(level).description}</p>;
  if (readOnly) {
    return (
      <div className="kz-field" data-testid="level-field">
        <div className="kz-row">
          <LevelLozenge level={level} testId="level-value" />
          <span>{info(level).name}</span>
        </div>
        {description}
        <div className="kz-small kz-subtle">
          <SetBy mark={setBy} machine />
        </div>
      </div>
    );
  }
  return (
    <div className="kz-field" data-testid="level-field">
      <select
        id={id}
        className="kz-select"
        data-testid="level-select"
        aria-label={t('panel.level.label')}
        aria-describedby={describedBy}
        aria-busy={busy === 'setIncidentLevel' || undefined}
        value={level}
        disabled={busy !== undefined}
        onChange={(e) => apply(e.currentTarget.value as Level)}
      >
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {t('panel.level.option', { name: info(l).name, description: info(l).description })}
          </option>
        ))}
      </select>
      <div className="kz-small kz-subtle">
        <SetBy mark={setBy} machine />
      </div>
      {pending ? (
        <ConfirmDialog
          testId="sev1-confirm"
          title={t('panel.level.confirmTitle')}
          confirmLabel={t('panel.level.confirm')}
          busy={busy === 'setIncidentLevel'}
          onCancel={() => setPending(undefined)}
          onConfirm={() => void run('setIncidentLevel', { level: pending }).then(() => setPending(undefined))}
        >
          <p>{t('panel.level.confirmBody', { description: info('SEV1').description })}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
