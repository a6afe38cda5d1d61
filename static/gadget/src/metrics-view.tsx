/**
 * The gadget's view: what the saved configuration asks `getMetrics` for, as a manager reads it — the period and
 * filters in force with the incident count, response times by level and their trend, the DORA metrics with their
 * bands, release problems by class, and the action items open and overdue.
 */
import type { ReactNode } from 'react';
import type { Metrics, MetricsFilter } from '@shared/metrics';
import { ErrorMessage } from '@ui/components/messages';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';
import { DoraMetrics } from './dora';
import { formatsOf, pluralOf, type Formats } from './format';
import { ActionItems, ReleaseProblems } from './release-and-actions';
import { ResponseTimes } from './response-times';

export function MetricsView({ filter, timeZone }: { filter: MetricsFilter; timeZone: string | undefined }) {
  const i18n = useI18n();
  const { state, reload } = useResolver('getMetrics', { period: filter.period, service: filter.service, level: filter.level });
  const formats = formatsOf(i18n, timeZone);
  return (
    <div className="kz-gadget" data-testid="gadget-view" data-period={filter.period} data-service={filter.service ?? ''} data-level={filter.level ?? ''} data-state={state.status}>
      {state.status === 'loading' ? <Skeleton filter={filter} /> : null}
      {state.status === 'error' ? (
        <>
          <Header filter={filter} />
          <ErrorMessage error={state.error} onRetry={reload} />
        </>
      ) : null}
      {state.status === 'ok' ? <Figures metrics={state.data} formats={formats} /> : null}
    </div>
  );
}

/** "Last 90 days · checkout · SEV2": the period and the filters in force. */
function Header({ filter, children }: { filter: MetricsFilter; children?: ReactNode }) {
  const { t } = useI18n();
  const parts = [t('gadget.period', { days: filter.period }), filter.service ?? t('gadget.allServices'), filter.level ? t(`level.${filter.level}`) : t('gadget.allLevels')];
  return (
    <header className="kz-ghead">
      <h1 className="kz-h1 kz-title" data-testid="filters">
        {parts.map((p, i) => (
          <span key={i} data-testid={`filter-${i}`}>
            {i > 0 ? <span className="kz-sep" aria-hidden="true">·</span> : null}
            {p}
          </span>
        ))}
      </h1>
      {children}
    </header>
  );
}

function Figures({ metrics, formats }: { metrics: Metrics; formats: Formats }) {
  const { t } = useI18n();
  const filter: MetricsFilter = { period: metrics.period, service: metrics.service, level: metrics.level };
  const { count, drills } = metrics.incidents;
  return (
    <>
      <Header filter={filter}>
        <p className="kz-ghead__meta kz-small kz-subtle">
          <span data-testid="range">{t('gadget.range', { from: formats.date(metrics.from), to: formats.date(metrics.to) })}</span>
          <span className="kz-sep" aria-hidden="true">·</span>
          <strong className="kz-text" data-testid="incident-count" data-value={count}>
            {t(`gadget.incidents.${pluralOf(formats.locale, count)}`, { count: formats.number(count) })}
          </strong>
          <span className="kz-sep" aria-hidden="true">·</span>
          <span data-testid="drills" data-value={drills}>
            {drills === 0 ? t('gadget.drills.none') : t(`gadget.drills.${pluralOf(formats.locale, drills)}`, { count: formats.number(drills) })}
          </span>
        </p>
      </Header>
      <ResponseTimes incidents={metrics.incidents} level={metrics.level} formats={formats} />
      <DoraMetrics dora={metrics.dora} formats={formats} />
      <div className="kz-gpair">
        <ReleaseProblems months={metrics.releaseProblems} formats={formats} />
        <ActionItems items={metrics.actionItems} formats={formats} />
      </div>
    </>
  );
}

/** While `getMetrics` answers: the header (known from the configuration) and grey blocks where the figures will be. */
function Skeleton({ filter }: { filter: MetricsFilter }) {
  const { t } = useI18n();
  return (
    <>
      <Header filter={filter}>
        <p className="kz-small kz-subtle" role="status" data-testid="loading">
          {t('app.loading')}
        </p>
      </Header>
      <div className="kz-skeleton" aria-hidden="true">
        <span className="kz-skeleton__line" />
        <span className="kz-skeleton__block" />
        <span className="kz-skeleton__tiles">
          <span />
          <span />
          <span />
          <span />
        </span>
      </div>
    </>
  );
}
