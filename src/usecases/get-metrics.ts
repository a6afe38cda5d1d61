/**
 * The metrics gadget (DESIGN 3.5): TTx by level with the weekly trend, the DORA figures with their bands, release
 * problems by class per month, open and overdue action items — for a period and optional service and level — and
 * the edit view's services. As a runbook:
 *
 *   1. the figures describe the incident project: only for people who can browse it (asked as the user);
 *   2. the period `[now − days, now)` and its weeks and months (src/domain/metrics/period.ts);
 *   3. the reporting store's two statements (aggregates only, DESIGN 6: 2 SQL round trips per render);
 *   4. the rows assembled into the answer: empty weeks and months filled, medians of deployment days, bands.
 */
import { assembleMetrics, type MetricRow } from '../domain/metrics/assemble';
import { metricsPeriod } from '../domain/metrics/period';
import type { GetMetricsRequest, Metrics, MetricsOptions } from '../shared/metrics';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import type { Level } from '../shared/vocabulary';
import type { Clock } from './ports';
import type { UserAccess } from './ui-ports';

/** The reporting store's metric reads (src/storage/sql/metrics-queries.ts). */
export interface MetricsStore {
  /** Both statements' aggregate rows for the period `[from, to)` (ISO UTC); `today` is `YYYY-MM-DD` (UTC). */
  rows(q: { from: string; to: string; service: string | null; level: Level | null; today: string }): Promise<{ incidentRows: MetricRow[]; deliveryRows: MetricRow[] }>;
  /** Every service incidents and deployments named. */
  services(): Promise<string[]>;
}

export interface GetMetricsDeps {
  access: Pick<UserAccess, 'canBrowseProject'>;
  store: MetricsStore;
  clock: Clock;
  /** The project incidents are filed in (intake settings). */
  projectKey: string;
}

const notVisible = (projectKey: string) => fail('project-not-visible', `You cannot browse project ${projectKey}, where incidents are filed.`);

export async function getMetrics(request: GetMetricsRequest, deps: GetMetricsDeps): Promise<ResolverResult<Metrics>> {
  // 1. as the user
  if (!(await deps.access.canBrowseProject(deps.projectKey))) return notVisible(deps.projectKey);
  // 2. the period
  const period = { ...metricsPeriod(deps.clock.now(), request.period), days: request.period };
  const service = request.service ?? null;
  const level = request.level ?? null;
  // 3. two statements
  const rows = await deps.store.rows({ from: period.from, to: period.to, service, level, today: period.to.slice(0, 10) });
  // 4. the answer
  return ok(assembleMetrics({ period, service, level, ...rows }));
}

export async function getMetricsOptions(deps: Omit<GetMetricsDeps, 'clock'>): Promise<ResolverResult<MetricsOptions>> {
  if (!(await deps.access.canBrowseProject(deps.projectKey))) return notVisible(deps.projectKey);
  return ok({ services: await deps.store.services() });
}
