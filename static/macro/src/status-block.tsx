import { incidentDurationMs } from '@shared/durations';
import type { IncidentStatus } from '@shared/incident-status';
import { ExternalLink } from '@ui/components/external-link';
import { LevelLozenge, StateLozenge } from '@ui/components/lozenge';
import { ErrorMessage, Loading } from '@ui/components/messages';
import { Time } from '@ui/components/time';
import { Timeline } from '@ui/components/timeline';
import { useI18n } from '@ui/i18n/i18n-context';
import type { Loadable } from '@ui/use-resolver';

export function StatusBlock({ state, onRetry }: { state: Loadable<IncidentStatus>; onRetry: () => void }) {
  const { t, duration, time } = useI18n();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={onRetry} />;
  const s = state.data;
  const ms = incidentDurationMs(s.impactStartedAt, s.recoveredAt, new Date(s.asOf));
  return (
    <>
      <div className="kz-row">
        <StateLozenge state={s.state} />
        <LevelLozenge level={s.level} />
        <span className="kz-title" data-testid="incident-title">
          {s.title}
        </span>
      </div>
      <dl className="kz-facts">
        <dt>{t('macro.started')}</dt>
        <dd data-testid="incident-started">
          <Time iso={s.impactStartedAt} />
        </dd>
        <dt>{t('macro.duration')}</dt>
        <dd data-testid="incident-duration" data-ms={ms}>
          {duration(ms)}
        </dd>
        {s.issue ? (
          <>
            <dt>{t('macro.issue')}</dt>
            <dd>
              <ExternalLink href={s.issue.url} testId="issue-link">
                {s.issue.key}
              </ExternalLink>
            </dd>
          </>
        ) : null}
      </dl>
      <section>
        <h2 className="kz-h2">{t('macro.latest')}</h2>
        <Timeline timeline={s.timeline} showDetail={false} />
      </section>
      <p className="kz-small kz-subtle" data-testid="updated-at">
        {t('macro.updated', { time: time(s.asOf) })}
      </p>
    </>
  );
}
