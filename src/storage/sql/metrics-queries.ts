/**
 * The metrics gadget's two statements (DESIGN 3.5 and 6: a render costs 2 SQL round trips, whatever the number of
 * incidents and deployments) and the options' one. Each statement is a `UNION ALL` of differently shaped aggregate
 * rows normalised to one column set — `kind, grp, sub, n, a, b, c` ({@link MetricRow}, src/domain/metrics/assemble.ts
 * says what each kind holds) — so the answer is a few dozen rows, never one per incident or deployment.
 *
 * The rules are src/domain/metrics/definitions.ts; the medians and p90 are the ranks of src/domain/metrics/stats.ts:
 * `ROW_NUMBER()` and `COUNT(*) OVER` in a window, the mean of the values ranked `(n+1) DIV 2` and `n DIV 2 + 1`, the
 * value ranked `(9n+9) DIV 10` — TiDB (Forge SQL) has no `MEDIAN()` or `PERCENTILE_CONT`, and both TiDB and MariaDB
 * 10.11 (the sandbox) take CTEs and these window functions. Values are SQL parameters only; a filter that is not set
 * leaves its condition out of the text (so each shape keeps its index), never a value spliced in.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 */
import { ForgeSQLAPIError, sql } from '@forge/sql';
import * as z from 'zod';
import { ROW, type MetricRow } from '../../domain/metrics/assemble';
import { COUNTED_ENVIRONMENT, FAILING_OUTCOMES, NOT_DEPLOYED_OUTCOME, TTX_SPANS } from '../../domain/metrics/definitions';
import { TTX } from '../../shared/metrics';
import type { Level } from '../../shared/vocabulary';
import { toSqlDateTime } from './incident-facts';
import { ensureReportingSchema } from './migrations';

export interface MetricsQuery {
  /** The period `[from, to)`, ISO UTC. */
  from: string;
  to: string;
  service: string | null;
  /** Incidents only: the DORA figures ignore the level. */
  level: Level | null;
  /** `YYYY-MM-DD` (UTC): an open action item due before it is overdue. */
  today: string;
}

export interface Statement {
  text: string;
  params: Array<string | number>;
}

/** A rule's constant as an SQL string literal; only plain words, so nothing can break out of the quotes. */
const lit = (word: string): string => {
  if (!/^[A-Za-z_]+$/.test(word)) throw new Error(`Not a plain word: ${word}`);
  return `'${word}'`;
};
const week = (col: string) => `DATE_FORMAT(DATE_SUB(DATE(${col}), INTERVAL WEEKDAY(${col}) DAY), '%Y-%m-%d')`;
const month = (col: string) => `DATE_FORMAT(${col}, '%Y-%m')`;
const medianRanks = (n: string) => `(${n} + 1) DIV 2, ${n} DIV 2 + 1`;
const p90Rank = (n: string) => `(9 * ${n} + 9) DIV 10`;
const medianOf = (v: string, r: string, n: string) => `AVG(CASE WHEN ${r} IN (${medianRanks(n)}) THEN ${v} END)`;
const p90Of = (v: string, r: string, n: string) => `MAX(CASE WHEN ${r} = ${p90Rank(n)} THEN ${v} END)`;
/**
 * Only the rows a median (and p90) is read from: the aggregate then groups 2–3 rows per group instead of every ranked
 * row. `n` is the same on every row of a group, so `MAX(n)` still counts them all.
 */
const atRanks = (r: string, n: string, p90 = true) => `${r} IN (${medianRanks(n)}${p90 ? `, ${p90Rank(n)}` : ''})`;
/** The first SELECT names and types the columns of the union. */
const HEAD = (kind: string) => `SELECT ${lit(kind)} AS kind, CAST(NULL AS CHAR(255)) AS grp, CAST(NULL AS CHAR(32)) AS sub`;

/**
 * A CTE ranking the TTx values within the metric `k` and the given columns: `r` the 1-based rank by value, `n` how many.
 * One window partition per CTE: MariaDB 10.11 numbers `ROW_NUMBER()` wrongly when one SELECT has windows of
 * different partitions (it numbered the rows in the order of another window's sort), so each ranking is its own
 * SELECT — which TiDB computes the same.
 */
const ranked = (name: string, by: string[]) => {
  const partition = ['k', ...by].join(', ');
  return `${name} AS (
  SELECT ${partition}, v, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY v) AS r, COUNT(*) OVER (PARTITION BY ${partition}) AS n
  FROM spans WHERE v >= 0
)`;
};

/** Counted deployments: to production, and reached it. */
const COUNTED = `d.environment = ${lit(COUNTED_ENVIRONMENT)} AND d.outcome <> ${lit(NOT_DEPLOYED_OUTCOME)}`;

/**
 * Statement 1, the incidents: per level, per week and over all — incidents, and each TTx's count, median and p90
 * (weeks: median only); drills in the period; open and overdue action items. Inside, a metric is its number `k` (1–4,
 * {@link TTX}'s order) and a week the day number of its Monday (`TO_DAYS`): short keys sort and group faster than
 * text; the answer names them again (`ELT`, `FROM_DAYS`).
 */
export function incidentsStatement(q: MetricsQuery): Statement {
  const params: Array<string | number> = [toSqlDateTime(q.from), toSqlDateTime(q.to)];
  let filter = '';
  if (q.service !== null) (filter += ' AND f.service = ?'), params.push(q.service);
  if (q.level !== null) (filter += ' AND f.level = ?'), params.push(q.level);
  params.push(q.today);
  const metricName = `ELT(k, ${TTX.map(lit).join(', ')})`;
  const weekName = `DATE_FORMAT(FROM_DAYS(wk), '%Y-%m-%d')`;
  const text = `WITH inc AS (
  SELECT f.level, f.drill, TO_DAYS(f.impact_started_at) - WEEKDAY(f.impact_started_at) AS wk,
    ${TTX.map((m) => `TIMESTAMPDIFF(SECOND, f.${TTX_SPANS[m][1]}, f.${TTX_SPANS[m][0]}) AS ${m}`).join(',\n    ')}
  FROM incident_facts f
  WHERE f.impact_started_at >= ? AND f.impact_started_at < ?${filter}
),
spans AS (
  SELECT i.level, i.wk, m.k,
    CASE m.k ${TTX.map((m, k) => `WHEN ${k + 1} THEN i.${m}`).join(' ')} END AS v
  FROM inc i CROSS JOIN (${TTX.map((_, k) => (k === 0 ? 'SELECT 1 AS k' : `SELECT ${k + 1}`)).join(' UNION ALL ')}) m
  WHERE i.drill = 0
),
${ranked('by_all', [])},
${ranked('by_level', ['level'])},
${ranked('by_week', ['wk'])}
${HEAD(ROW.drills)}, COUNT(*) AS n, CAST(NULL AS DECIMAL(24,4)) AS a, CAST(NULL AS DECIMAL(24,4)) AS b, CAST(NULL AS DECIMAL(24,4)) AS c FROM inc WHERE drill = 1
UNION ALL SELECT ${lit(ROW.level)}, level, NULL, COUNT(*), NULL, NULL, NULL FROM inc WHERE drill = 0 GROUP BY level
UNION ALL SELECT ${lit(ROW.week)}, ${weekName}, NULL, COUNT(*), NULL, NULL, NULL FROM inc WHERE drill = 0 GROUP BY wk
UNION ALL SELECT ${lit(ROW.all)}, NULL, ${metricName}, MAX(n), ${medianOf('v', 'r', 'n')}, ${p90Of('v', 'r', 'n')}, NULL FROM by_all WHERE ${atRanks('r', 'n')} GROUP BY k
UNION ALL SELECT ${lit(ROW.level)}, level, ${metricName}, MAX(n), ${medianOf('v', 'r', 'n')}, ${p90Of('v', 'r', 'n')}, NULL FROM by_level WHERE ${atRanks('r', 'n')} GROUP BY level, k
UNION ALL SELECT ${lit(ROW.week)}, ${weekName}, ${metricName}, MAX(n), ${medianOf('v', 'r', 'n')}, NULL, NULL FROM by_week WHERE ${atRanks('r', 'n', false)} GROUP BY wk, k
UNION ALL SELECT ${lit(ROW.actions)}, NULL, ${lit('open')}, COUNT(*), NULL, NULL, NULL FROM action_items WHERE state = ${lit('open')} AND drill = 0
UNION ALL SELECT ${lit(ROW.actions)}, NULL, ${lit('overdue')}, COUNT(*), NULL, NULL, NULL FROM action_items WHERE state = ${lit('open')} AND drill = 0 AND due_date < ?`;
  return { text, params };
}

/**
 * Statement 2, delivery: per week deployments, failed ones, deployment days and rework (the totals are their sums);
 * per month deployment days; change lead time and failed deployment recovery time (count, median, p90); release
 * problems per month and class.
 *
 * Built to read little at 50,000 deployments: the period's deployments are counted per day straight off an index
 * (`daily`: a few hundred rows whatever the number of deployments), and only the few special ones — failed, rework —
 * are looked up one by one, by primary key, from the incidents, release problems and hotfixes that name them; weeks
 * and months are then sums of days. Attribution (`att`) groups the period's non-drill incidents by the deployment they
 * count against and its finish, both stored on their rows (src/storage/sql/attribution.ts): no deployment is read
 * (but for the service filter). Change lead time ranks the
 * period's rows of `commit_leads` (each commit once, at its first production deployment: src/storage/sql/deployments.ts).
 * MariaDB evaluates a CTE once per reference, so the big ones (`daily`) are referenced where cheap and the per-incident
 * ones (`att`) stay small. The index is named where MariaDB would otherwise pick one that reads every row.
 */
export function deliveryStatement(q: MetricsQuery): Statement {
  const from = toSqlDateTime(q.from);
  const to = toSqlDateTime(q.to);
  const index = q.service === null ? 'deployments_period' : 'deployments_latest';
  // the period's counted deployments aliased `d`: 2 parameters (from, to), +1 with a service
  const period = `${COUNTED} AND d.finished_at >= ? AND d.finished_at < ?${q.service === null ? '' : ' AND d.service = ?'}`;
  const periodParams = q.service === null ? [from, to] : [from, to, q.service];
  const params: Array<string | number> = [
    ...periodParams, // daily
    ...(q.service === null ? [] : [q.service]), from, to, from, to, // att
    ...periodParams, // failed: release problems
    ...periodParams, // failed: outcomes
    ...periodParams, // rework
    from, to, ...(q.service === null ? [] : [q.service]), // lead
    from, to, ...(q.service === null ? [] : [q.service]), // problems
  ];
  const day = 'DATE(d.finished_at)';
  const text = `WITH daily AS (
  SELECT ${day} AS day, COUNT(*) AS n FROM deployments d FORCE INDEX (${index}) WHERE ${period} GROUP BY ${day}
),
att AS (
  SELECT f.counted_deployment_id AS deployment_id, DATE(f.counted_deployment_finished_at) AS day,
    TIMESTAMPDIFF(SECOND, MIN(f.impact_started_at), MAX(f.recovered_at)) AS recovery
  FROM incident_facts f${q.service === null ? '' : ' JOIN deployments d ON d.deployment_id = f.counted_deployment_id AND d.service = ?'}
  WHERE f.drill = 0 AND f.impact_started_at >= ? AND f.impact_started_at < ? AND f.counted_deployment_finished_at >= ? AND f.counted_deployment_finished_at < ?
  GROUP BY f.counted_deployment_id, DATE(f.counted_deployment_finished_at)
),
failed AS (
  SELECT deployment_id, day FROM att
  UNION SELECT d.deployment_id, ${day} FROM release_problems p JOIN deployments d ON d.deployment_id = p.deployment_id WHERE p.drill = 0 AND ${period}
  UNION SELECT d.deployment_id, ${day} FROM deployments d FORCE INDEX (${index}) WHERE ${period} AND d.outcome IN (${FAILING_OUTCOMES.map(lit).join(', ')})
),
rework AS (
  SELECT DISTINCT d.deployment_id, ${day} AS day FROM deployment_hotfixes h
  JOIN incident_facts f ON f.issue_key = h.issue_key AND f.drill = 0
  JOIN deployments d ON d.deployment_id = h.deployment_id
  WHERE ${period}
),
days AS (
  SELECT ${week('x.day')} AS week, x.day, x.n, x.failed, x.rework FROM (
    SELECT day, n, 0 AS failed, 0 AS rework FROM daily
    UNION ALL SELECT day, 0, COUNT(*), 0 FROM failed GROUP BY day
    UNION ALL SELECT day, 0, 0, COUNT(*) FROM rework GROUP BY day) x
),
lead_ranked AS (
  SELECT l.lead_seconds AS v, ROW_NUMBER() OVER (ORDER BY l.lead_seconds) AS r, COUNT(*) OVER () AS n FROM commit_leads l
  WHERE l.deployed_at >= ? AND l.deployed_at < ?${q.service === null ? '' : ' AND l.service = ?'} AND l.lead_seconds >= 0
),
recovery_ranked AS (SELECT recovery AS v, ROW_NUMBER() OVER (ORDER BY recovery) AS r, COUNT(*) OVER () AS n FROM att WHERE recovery >= 0)
SELECT ${lit(ROW.deployWeek)} AS kind, CAST(week AS CHAR(255)) AS grp, CAST(NULL AS CHAR(32)) AS sub, SUM(n) AS n, CAST(SUM(failed) AS DECIMAL(24,4)) AS a,
    CAST(COUNT(DISTINCT CASE WHEN n > 0 THEN day END) AS DECIMAL(24,4)) AS b, CAST(SUM(rework) AS DECIMAL(24,4)) AS c
  FROM days GROUP BY week
UNION ALL SELECT ${lit(ROW.deployMonth)}, ${month('day')}, NULL, COUNT(*), NULL, NULL, NULL FROM daily GROUP BY ${month('day')}
UNION ALL SELECT ${lit(ROW.lead)}, NULL, NULL, COALESCE(MAX(n), 0), ${medianOf('v', 'r', 'n')}, ${p90Of('v', 'r', 'n')}, NULL FROM lead_ranked WHERE ${atRanks('r', 'n')}
UNION ALL SELECT ${lit(ROW.recovery)}, NULL, NULL, COALESCE(MAX(n), 0), ${medianOf('v', 'r', 'n')}, ${p90Of('v', 'r', 'n')}, NULL FROM recovery_ranked WHERE ${atRanks('r', 'n')}
UNION ALL SELECT ${lit(ROW.problems)}, ${month('p.occurred_at')}, p.class, COUNT(*), NULL, NULL, NULL FROM release_problems p
  WHERE p.drill = 0 AND p.occurred_at >= ? AND p.occurred_at < ?${q.service === null ? '' : ' AND p.service = ?'} GROUP BY ${month('p.occurred_at')}, p.class`;
  return { text, params };
}

/** The edit view's services: every service incidents and deployments named, in one query. */
export const SERVICES_STATEMENT = `SELECT service FROM incident_facts WHERE service IS NOT NULL
UNION SELECT service FROM deployments WHERE service IS NOT NULL
ORDER BY service LIMIT 1000`;

// ---- running them ----

const Num = z.union([z.number(), z.string()]).transform((v) => Number(v));
const RowSchema = z.object({
  kind: z.string(),
  grp: z.string().nullable(),
  sub: z.string().nullable(),
  n: Num,
  a: Num.nullable(),
  b: Num.nullable(),
  c: Num.nullable(),
});

/**
 * A missing table or column: a reporting-store migration not applied yet (a new installation before its first
 * incident, or a deployment whose migration the five-minute trigger has not run yet). MySQL's errors 1146 (no such
 * table), 1054 (unknown column) and 1176 (no such index, for a named one), which TiDB answers too, in Forge SQL's `debug` field.
 */
function isMissingSchema(e: unknown): boolean {
  if (!(e instanceof ForgeSQLAPIError) || e.code !== 'SQL_EXECUTION_ERROR') return false;
  const errno = (e.context as { debug?: { errno?: unknown } } | undefined)?.debug?.errno;
  return errno === 1146 || errno === 1054 || errno === 1176 || /doesn't exist|Unknown column/i.test(e.message);
}

/**
 * Runs statements; when one fails because the schema is not there yet, applies the migrations once
 * (`ensureReportingSchema`) and runs them again. So a render costs its 2 statements, and only a store that lacks a
 * table pays the migrations' check: not every cold start, as an unconditional check first would.
 */
export async function withSchema<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!isMissingSchema(e)) throw e;
    await ensureReportingSchema();
    return run();
  }
}

async function rowsOf(statement: Statement): Promise<MetricRow[]> {
  const result = await sql.prepare<unknown>(statement.text).bindParams(...statement.params).execute();
  return z.array(RowSchema).parse(result.rows);
}

export interface MetricsReads {
  /** The two statements, at once: the incidents' rows and the delivery rows. */
  rows(q: MetricsQuery): Promise<{ incidentRows: MetricRow[]; deliveryRows: MetricRow[] }>;
  /** The services incidents and deployments named (one query). */
  services(): Promise<string[]>;
}

export const metricsReads: MetricsReads = {
  rows: (q) =>
    withSchema(async () => {
      const [incidentRows, deliveryRows] = await Promise.all([rowsOf(incidentsStatement(q)), rowsOf(deliveryStatement(q))]);
      return { incidentRows, deliveryRows };
    }),
  services: () =>
    withSchema(async () => {
      const result = await sql.prepare<unknown>(SERVICES_STATEMENT).execute();
      return z.array(z.object({ service: z.string() })).parse(result.rows).map((r) => r.service);
    }),
};
