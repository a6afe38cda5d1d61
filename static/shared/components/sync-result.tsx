import type { SyncActionItemsData } from '@shared/retrospective';
import { useI18n } from '../i18n/i18n-context';

/** The test ids of one place showing a sync's answer (the incident panel's action items, a reading session's TODOs). */
export interface SyncResultTestIds {
  result: string;
  key: string;
  problems: string;
}

/**
 * What an action items sync did, announced (`role="status"`): the counts, the tasks it created or updated, and each
 * row it could not sync with the reason in the viewer's language (`data-code` carries the reason's code).
 */
export function SyncResult({ result, testIds }: { result: SyncActionItemsData; testIds: SyncResultTestIds }) {
  const { t } = useI18n();
  const changed = [...result.created, ...result.updated];
  return (
    <div className="kz-stack kz-stack--tight" role="status" data-testid={testIds.result}>
      <p className="kz-small">{t('actionItems.result', { created: result.created.length, updated: result.updated.length, unchanged: result.unchanged })}</p>
      {changed.length > 0 ? (
        <ul className="kz-small kz-bullets" aria-label={t('actionItems.changedList')}>
          {changed.map((c) => (
            <li key={c.key}>
              <strong data-testid={testIds.key}>{c.key}</strong> {c.action}
            </li>
          ))}
        </ul>
      ) : null}
      {result.problems.length > 0 ? (
        <ul className="kz-small kz-bullets" aria-label={t('actionItems.problemsList')} data-testid={testIds.problems}>
          {result.problems.map((p) => (
            <li key={`${p.row}-${p.code}`} data-code={p.code}>
              {t('actionItems.row', { row: p.row })} {p.action ? t('actionItems.quoted', { action: p.action }) : ''} — {t(`actionItems.problem.${p.code}`)}
              {p.detail ? ` (${p.detail})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
