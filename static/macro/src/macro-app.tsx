/**
 * The live status macro on the incident page (DESIGN 3.2, issue 8 item 4). The incident comes from the macro's
 * saved config (`incident-id`, written by the page template). The macro keeps the version it shows and asks only
 * what changed since (`sinceVersion`): every 5 s while the tab is visible, every 60 s while hidden, backing off
 * on errors (poll-schedule.ts); it asks at once when the tab becomes visible again.
 */
import { useEffect, useRef, useState } from 'react';
import { macroIncidentId } from '@shared/forge-context';
import { isUnchanged, type IncidentStatus } from '@shared/incident-status';
import { Notice } from '@ui/components/messages';
import { call } from '@ui/forge';
import { useI18n } from '@ui/i18n/i18n-context';
import type { AppProps } from '@ui/mount';
import type { Loadable } from '@ui/use-resolver';
import { nextPollDelay } from './poll-schedule';
import { StatusBlock } from './status-block';

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

/** What the poll loop shows: the status (or, with nothing to show yet, the error) and when the server last confirmed it. */
interface Live {
  state: Loadable<IncidentStatus>;
  /** When the server last answered (changed or unchanged): the "updated … ago" line counts from here. */
  checkedAt?: number;
}

function LiveStatus({ incidentId }: { incidentId: string }) {
  const [live, setLive] = useState<Live>({ state: { status: 'loading' } });
  const [round, setRound] = useState(0);
  const shown = useRef<IncidentStatus | undefined>(undefined);
  useEffect(() => {
    shown.current = undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let errors = 0;
    let inFlight = false;
    const schedule = () => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(() => void poll(), nextPollDelay(document.visibilityState, errors));
    };
    const poll = async () => {
      if (stopped || inFlight) return;
      inFlight = true;
      clearTimeout(timer);
      const held = shown.current;
      const result = await call('getIncidentStatus', { incidentId, ...(held ? { sinceVersion: held.version } : {}) });
      inFlight = false;
      if (stopped) return;
      if (result.ok) {
        errors = 0;
        const data = isUnchanged(result.data) ? held : result.data;
        if (data) {
          shown.current = data;
          setLive({ state: { status: 'ok', data }, checkedAt: Date.now() });
        }
      } else {
        errors += 1;
        // keep showing what we have; the error replaces it only when there is nothing to show
        if (!held) setLive({ state: { status: 'error', error: result.error } });
      }
      schedule();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void poll();
      else schedule();
    };
    document.addEventListener('visibilitychange', onVisible);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [incidentId, round]);
  const retry = () => {
    setLive({ state: { status: 'loading' } });
    setRound((r) => r + 1);
  };
  return <StatusBlock state={live.state} checkedAt={live.checkedAt} onRetry={retry} />;
}
