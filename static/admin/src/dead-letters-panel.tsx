/**
 * Alerts Kaizen accepted but could not process: replay one or all once the cause is fixed, or discard one for good
 * (after a confirmation). The list is the caller's (admin-app.tsx), so the header's count stays in step.
 */
import { useState } from 'react';
import type { DeadLetterView } from '@shared/admin';
import { SOURCE_NAMES } from '@shared/vocabulary';
import { Button } from '@ui/components/button';
import { ConfirmDialog } from '@ui/components/confirm-dialog';
import { ErrorMessage, Notice } from '@ui/components/messages';
import { Time } from '@ui/components/time';
import { call, type UiError } from '@ui/forge';
import { useAdminI18n } from './i18n/admin-i18n';

export interface DeadLetters {
  count: number;
  items: DeadLetterView[];
  truncated: boolean;
}

export function DeadLettersPanel({ data, onChanged }: { data: DeadLetters; onChanged: () => void }) {
  const { t } = useAdminI18n();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<UiError | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [discarding, setDiscarding] = useState<DeadLetterView | undefined>();

  const replay = async (ids?: string[]) => {
    setBusy(ids?.[0] ?? 'all');
    setError(undefined);
    setDone(undefined);
    const result = await call('replayDeadLetters', ids ? { ids } : {});
    setBusy(undefined);
    if (result.ok) {
      setDone(t('dead.replayed', { count: result.data.replayed.length }));
      onChanged();
    } else setError(result.error);
  };
  const discard = async (item: DeadLetterView) => {
    setBusy(item.id);
    setError(undefined);
    setDone(undefined);
    const result = await call('discardDeadLetter', { id: item.id });
    setBusy(undefined);
    setDiscarding(undefined);
    if (result.ok) {
      setDone(t('dead.discarded'));
      onChanged();
    } else setError(result.error);
  };

  return (
    <section className="kz-section" aria-labelledby="dead-title" data-testid="dead-letters">
      <div className="kz-section__head">
        <h2 className="kz-h2" id="dead-title">
          {t('dead.title')}
        </h2>
        {data.items.length > 0 ? (
          <Button appearance="primary" testId="replay-all" onClick={() => void replay()} busy={busy === 'all'} disabled={!!busy}>
            {t('dead.replayAll')}
          </Button>
        ) : null}
      </div>
      <p className="kz-section__help">{t('dead.help')}</p>
      <div aria-live="polite">
        {done ? (
          <Notice tone="success" testId="dead-done">
            <p>{done}</p>
          </Notice>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {data.items.length === 0 ? (
        <div className="kz-empty" data-testid="dead-empty">
          <p className="kz-empty__title">{t('dead.emptyTitle')}</p>
          <p className="kz-subtle">{t('dead.empty')}</p>
        </div>
      ) : (
        <>
          <table className="kz-table" data-testid="dead-table">
            <caption className="kz-sr-only">{t('dead.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dead.col.source')}</th>
                <th scope="col">{t('dead.col.time')}</th>
                <th scope="col">{t('dead.col.summary')}</th>
                <th scope="col">{t('dead.col.reason')}</th>
                <th scope="col" className="kz-num">{t('dead.col.attempts')}</th>
                <th scope="col"><span className="kz-sr-only">{t('dead.col.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.id} data-testid="dead-row" data-id={d.id}>
                  <td>{d.source ? SOURCE_NAMES[d.source] : t('dead.noSource')}</td>
                  <td className="kz-nowrap">
                    <Time iso={d.failedAt} />
                  </td>
                  <td className="kz-title">{d.summary ?? <span className="kz-subtle">{t('dead.noSummary')}</span>}</td>
                  <td className="kz-title kz-small">{d.reason}</td>
                  <td className="kz-num">{d.attempts}</td>
                  <td>
                    <div className="kz-row kz-row--end">
                      <Button testId="replay-one" onClick={() => void replay([d.id])} busy={busy === d.id} disabled={!!busy} label={t('dead.replayLabel', { what: d.summary ?? d.id })}>
                        {t('dead.replay')}
                      </Button>
                      <Button appearance="subtle" testId="discard-one" onClick={() => setDiscarding(d)} disabled={!!busy} label={t('dead.discardLabel', { what: d.summary ?? d.id })}>
                        {t('dead.discard')}
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.truncated ? <p className="kz-small kz-subtle">{t('dead.truncated', { shown: data.items.length, count: data.count })}</p> : null}
        </>
      )}
      {discarding ? (
        <ConfirmDialog title={t('dead.discardTitle')} confirmLabel={t('dead.discardConfirm')} onConfirm={() => void discard(discarding)} onCancel={() => setDiscarding(undefined)} busy={busy === discarding.id} testId="discard-dialog">
          <p>{t('dead.discardBody', { what: discarding.summary ?? discarding.id })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
