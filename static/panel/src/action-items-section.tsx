/**
 * The retrospective's action items in the incident panel (issue 9 item 2): the counts done / open / overdue as Jira
 * last told Kaizen, the "Sync action items" button (once a retrospective exists; not for a viewer who may not edit
 * the issue), and the answer of a sync — the tasks created and updated, and the rows not synced with the reason in
 * the viewer's language.
 */
import { useEffect, useState } from 'react';
import type { ActionItemCounts, RetrospectivePanel, SyncActionItemsData } from '@shared/retrospective';
import { Button } from '@ui/components/button';
import { ErrorMessage } from '@ui/components/messages';
import { SyncResult } from '@ui/components/sync-result';
import { call, type UiError } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import { usePanelActions } from './panel-actions';

export function ActionItemsSection({ retro }: { retro: RetrospectivePanel | undefined }) {
  const { t } = useI18n();
  const { readOnly } = usePanelActions();
  const [counts, setCounts] = useState<ActionItemCounts | undefined>(retro?.actionItems);
  const [result, setResult] = useState<SyncActionItemsData | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | undefined>();
  useEffect(() => setCounts(retro?.actionItems), [retro?.actionItems]);

  if (!retro?.retrospective) return null;

  const sync = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    const answer = await call('syncActionItems', {});
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setResult(answer.data);
    setCounts(answer.data.counts);
  };

  return (
    <section aria-labelledby="kz-action-items" className="kz-stack kz-stack--tight" data-testid="action-items-section">
      <h2 className="kz-h2" id="kz-action-items">
        {t('actionItems.title')}
      </h2>
      {counts && counts.total > 0 ? (
        <p className="kz-small" data-testid="action-items-counts">
          {t('actionItems.counts', { done: counts.done, open: counts.open, overdue: counts.overdue })}
        </p>
      ) : (
        <p className="kz-small kz-subtle" data-testid="action-items-none">
          {t('actionItems.none')}
        </p>
      )}
      {readOnly ? null : (
        <div className="kz-row">
          <Button onClick={() => void sync()} disabled={busy} busy={busy} testId="sync-action-items">
            {busy ? t('actionItems.syncing') : t('actionItems.sync')}
          </Button>
        </div>
      )}
      {error ? <ErrorMessage error={error} /> : null}
      {result ? <SyncResult result={result} testIds={{ result: 'action-items-result', key: 'action-item-key', problems: 'action-items-problems' }} /> : null}
    </section>
  );
}
