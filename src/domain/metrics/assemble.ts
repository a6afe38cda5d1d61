/**
 * Turns the two statements' aggregate rows (src/storage/sql/metrics-queries.ts) into the gadget's `Metrics` (pure):
 * fills the weeks and months of the period the SQL had nothing for (count 0, null medians), takes the medians of
 * deployment days per week and per month over every week and month of the period (zeros included), and bands.
 *
 * Both statements answer rows of one shape, {@link MetricRow}; `kind` says what a row is (see {@link ROW}).
 */
import { LEVELS, type Level } from '../../shared/vocabulary';
import { TTX, type DurationStat, type Metrics, type MetricsPeriodDays, type ReleaseProblemClass, type Ttx } from '../../shared/metrics';
import { changeFailRateBand, deploymentFrequencyBand, leadTimeBand, recoveryTimeBand } from './bands';
import { monthsOf, weeksOf, type MetricsPeriod } from './period';
import { median } from './stats';

/** One aggregate row: `grp` and `sub` name what it is about, `n`, `a`, `b`, `c` its numbers (see {@link ROW}). */
export interface MetricRow {
  kind: string;
  grp: string | null;
  sub: string | null;
  n: number;
  a: number | null;
  b: number | null;
  c: number | null;
}

/** The row kinds, and what their columns hold. */
export const ROW = {
  // the incidents statement
  /** n = drills in the period. */
  drills: 'drills',
  /** grp = level; sub = null: n = incidents; sub = a TTx: n = values, a = median, b = p90. */
  level: 'level',
  /** sub = a TTx: n = values, a = median, b = p90 over every level. */
  all: 'all',
  /** grp = week; sub = null: n = incidents; sub = a TTx: n = values, a = median. */
  week: 'week',
  /** sub = 'open' | 'overdue': n = action items. */
  actions: 'actions',
  // the delivery statement
  /** grp = week: n = deployments, a = failed, b = distinct deployment days, c = deployments that are rework (hotfixes of incidents). */
  deployWeek: 'deploy_week',
  /** grp = month: n = distinct deployment days. */
  deployMonth: 'deploy_month',
  /** n = commits, a = median, b = p90 (seconds). */
  lead: 'lead',
  /** n = failed deployments with a recovered incident, a = median, b = p90 (seconds). */
  recovery: 'recovery',
  /** grp = month, sub = class: n = release problems. */
  problems: 'problems',
} as const;

export interface MetricsInput {
  period: MetricsPeriod & { days: MetricsPeriodDays };
  service: string | null;
  level: Level | null;
  incidentRows: readonly MetricRow[];
  deliveryRows: readonly MetricRow[];
}

const EMPTY: DurationStat = { count: 0, median: null, p90: null };
const stat = (row: MetricRow | undefined): DurationStat => (row ? { count: row.n, median: row.a, p90: row.b } : EMPTY);

export function assembleMetrics(input: MetricsInput): Metrics {
  const { period, incidentRows, deliveryRows } = input;
  const weeks = weeksOf(period);
  const months = monthsOf(period);
  const find = (rows: readonly MetricRow[], kind: string, grp: string | null, sub: string | null) => rows.find((r) => r.kind === kind && r.grp === grp && r.sub === sub);
  const ttxOf = (kind: string, grp: string | null) => Object.fromEntries(TTX.map((m) => [m, stat(find(incidentRows, kind, grp, m))])) as Record<Ttx, DurationStat>;

  // ---- incidents ----
  const byLevel = LEVELS.flatMap((level) => {
    const count = find(incidentRows, ROW.level, level, null)?.n ?? 0;
    return count > 0 ? [{ level, count, ...ttxOf(ROW.level, level) }] : [];
  });
  const weekly = weeks.map((week) => {
    const medianOf = (m: Ttx) => find(incidentRows, ROW.week, week, m)?.a ?? null;
    return { week, count: find(incidentRows, ROW.week, week, null)?.n ?? 0, ttd: medianOf('ttd'), tta: medianOf('tta'), ttm: medianOf('ttm'), ttr: medianOf('ttr') };
  });

  // ---- DORA ----
  const weekRows = deliveryRows.filter((r) => r.kind === ROW.deployWeek);
  const sum = (of: (r: MetricRow) => number | null) => weekRows.reduce((total, r) => total + (of(r) ?? 0), 0);
  const deployments = sum((r) => r.n);
  const failed = sum((r) => r.a);
  const unplanned = sum((r) => r.c);
  const daysPerWeek = weeks.map((week) => find(deliveryRows, ROW.deployWeek, week, null)?.b ?? 0);
  const daysPerMonth = months.map((month) => find(deliveryRows, ROW.deployMonth, month, null)?.n ?? 0);
  const medianDaysPerWeek = median(daysPerWeek) ?? 0;
  const medianDaysPerMonth = median(daysPerMonth) ?? 0;
  const lead = stat(find(deliveryRows, ROW.lead, null, null));
  const recovery = stat(find(deliveryRows, ROW.recovery, null, null));

  return {
    period: period.days,
    from: period.from,
    to: period.to,
    service: input.service,
    level: input.level,
    incidents: {
      count: byLevel.reduce((sum, l) => sum + l.count, 0),
      drills: find(incidentRows, ROW.drills, null, null)?.n ?? 0,
      all: ttxOf(ROW.all, null),
      byLevel,
      weekly,
    },
    dora: {
      deployments,
      deploymentFrequency: {
        perWeek: (deployments * 7) / period.days,
        medianDaysPerWeek,
        medianDaysPerMonth,
        band: deploymentFrequencyBand(deployments, medianDaysPerWeek, medianDaysPerMonth),
      },
      leadTime: { ...lead, band: leadTimeBand(lead.median) },
      changeFailRate: { failed, deployments, rate: deployments === 0 ? null : failed / deployments, band: changeFailRateBand(failed, deployments) },
      recoveryTime: { ...recovery, band: recoveryTimeBand(recovery.median) },
      reworkRate: { unplanned, deployments, rate: deployments === 0 ? null : unplanned / deployments },
      weekly: weeks.map((week) => {
        const row = find(deliveryRows, ROW.deployWeek, week, null);
        return { week, deployments: row?.n ?? 0, failed: row?.a ?? 0 };
      }),
    },
    releaseProblems: months.map((month) => {
      const count = (c: ReleaseProblemClass) => find(deliveryRows, ROW.problems, month, c)?.n ?? 0;
      return { month, partially_incomplete: count('partially_incomplete'), rolled_back: count('rolled_back'), caused_outage: count('caused_outage') };
    }),
    actionItems: { open: find(incidentRows, ROW.actions, null, 'open')?.n ?? 0, overdue: find(incidentRows, ROW.actions, null, 'overdue')?.n ?? 0 },
  };
}
