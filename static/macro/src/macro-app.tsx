/**
 * The live status macro on the incident page (DESIGN 3.2). The incident comes from the macro's saved config
 * (`incident-id`, written by the page template); the status is re-read while the page is open: every 30 s while
 * the tab is visible, and at once when it becomes visible again.
 */
import { useEffect } from 'react';
import { macroIncidentId } from '@shared/forge-context';
import { Notice } from '@ui/components/messages';
import { useI18n } from '@ui/i18n/i18n-context';
import type { AppProps } from '@ui/mount';
import { useResolver } from '@ui/use-resolver';
import { StatusBlock } from './status-block';

const REFRESH_MS = 30_000;

export function MacroApp({ context }: AppProps) {
  const { t } = useI18n();
  const incidentId = macroIncidentId(context.extension.config);
  return (
    <section data-testid="incident-status">
      <h1 className="kz-h1" data-testid="locale-text">
        {t('macro.title')}
      </h1>
      {incidentId ? (
        <LiveStatus incidentId={incidentId} />
      ) : (
        <Notice testId="not-configured">
          <p>{t('macro.notConfigured')}</p>
        </Notice>
      )}
    </section>
  );
}

function LiveStatus({ incidentId }: { incidentId: string }) {
  const { state, reload } = useResolver('getIncidentStatus', { incidentId });
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);
  return <StatusBlock state={state} onRetry={reload} />;
}
