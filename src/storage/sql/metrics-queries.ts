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
const medianOf = (v: string, r: string, n: string) => `AVG(CASE WHEN ${r} IN ((${n} + 1) DIV 2, ${n} DIV 2 + 1) THEN ${v} END)`;
const p90Of = (v: string, r: string, n: string) => `MAX(CASE WHEN ${r} = (9 * ${n} + 9) DIV 10 THEN ${v} END)`;
/** The first SELECT names and types the columns of the union. */
const HEAD = (kind: string) => `SELECT ${lit(kind)} AS kind, CAST(NULL AS CHAR(255)) AS grp, CAST(NULL AS CHAR(32)) AS sub`;

/**
 * A CTE ranking the TTx values within `metric` and the given columns: `r` the 1-based rank by value, `n` how many.
 * One window partition per CTE: MariaDB 10.11 numbers `ROW_NUMBER()` wrongly when one SELECT has windows of
 * different partitions (it numbered the rows in the order of another window's sort), so each ranking is its own
 * SELECT — which TiDB computes the same.
 */
const ranked = (name: string, by: string[]) => {
  const partition = ['metric', ...by].join(', ');
  return `${name} AS (
  SELECT ${partition}, v, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY v) AS r, COUNT(*) OVER (PARTITION BY ${partition}) AS n
  FROM spans WHERE v >= 0
)`;
};

/** Counted deployments: to production, and reached it. */
const COUNTED = `d.environment = ${lit(COUNTED_ENVIRONMENT)} AND d.outcome <> ${lit(NOT_DEPLOYED_OUTCOME)}`;

/**
 * Statement 1, the incidents: per level, per week and over all — incidents, and each TTx's count, median and p90
 * (weeks: median only); drills in the period; open and overdue action items.
 */
export function incidentsStatement(q: MetricsQuery): Statement {
  const params: Array<string | number> = [toSqlDateTime(q.from), toSqlDateTime(q.to)];
  let filter = '';
  if (q.service !== null) (filter += ' AND f.service = ?'), params.push(q.service);
  if (q.level !== null) (filter += ' AND f.level = ?'), params.push(q.level);
  params.push(q.today);
  const spans = TTX.map((m) => `i.${m}`);
  const text = `WITH inc AS (
  SELECT f.level, f.drill, ${week('f.impact_started_at')} AS week,
    ${TTX.map((m) => `TIMESTAMPDIFF(SECOND, f.${TTX_SPANS[m][1]}, f.${TTX_SPANS[m][0]}) AS ${m}`).join(',\n    ')}
  FROM incident_facts f
  WHERE f.impact_started_at >= ? AND f.impact_started_at < ?${filter}
),
spans AS (
  SELECT i.level, i.week, m.metric,
    CASE m.metric ${TTX.map((m, k) => `WHEN ${lit(m)} THEN ${spans[k]}`).join(' ')} END AS v
  FROM inc i CROSS JOIN (${TTX.map((m, k) => (k === 0 ? `SELECT ${lit(m)} AS metric` : `SELECT ${lit(m)}`)).join(' UNION ALL ')}) m
  WHERE i.drill = 0
),
${ranked('by_all', [])},
${ranked('by_level', ['level'])},
${ranked('by_week', ['week'])}
${HEAD(ROW.drills)}, COUNT(*) AS n, CAST(NULL AS DECIMAL(24,4)) AS a, CAST(NULL AS DECIMAL(24,4)) AS b, CAST(NULL AS DECIMAL(24,4)) AS c FROM inc WHERE drill = 1
UNION ALL SELECT ${lit(ROW.level)}, level, NULL, COUNT(*), NULL, NULL, NULL FROM inc WHERE drill = 0 GROUP BY level
UNION ALL SELECT ${lit(ROW.week)}, week, NULL, COUNT(*), NULL, NULL, NULL FROM inc WHERE drill = 0 GROUP BY week
UNION ALL SELECT ${lit(ROW.all)}, NULL, metric, MAX(n), ${medianOf('v', 'r', 'n')}, ${p90Of('v', 'r', 'n')}, NULL FROM by_all GROUP BY metric
UNION ALL SELECT ${lit(ROW.level)}, level, metric, MAX(n), ${medianOf('v', 'r', 'n')}, ${p90Of('v', 'r', 'n')}, NULL FROM by_level GROUP BY level, metric
UNION ALL SELECT ${lit(ROW.week)}, week, metric, MAX(n), ${medianOf('v', 'r', 'n')}, NULL, NULL FROM by_week GROUP BY week, metric
UNION ALL SELECT ${lit(ROW.actions)}, NULL, ${lit('open')}, COUNT(*), NULL, NULL, NULL FROM action_items WHERE state = ${lit('open')} AND drill = 0
UNION ALL SELECT ${lit(ROW.actions)}, NULL, ${lit('overdue')}, COUNT(*), NULL, NULL, NULL FROM action_items WHERE state = ${lit('open')} AND drill = 0 AND due_date < ?`;
  return { text, params };
}

/**
 * Statement 2, delivery: per week deployments, failed ones, deployment days and rework (the totals are their sums);
 * per month deployment days; change lead time and failed deployment recovery time (count, median, p90); release
 * problems per month and class.
 *
 * Attribution (`events` → `numbered` → `latest` → `att`) is the rule of src/storage/sql/attribution.ts computed for
 * the period's deployments as a set instead of one correlated subquery per incident: per service, the period's
 * counted deployments and the non-drill auto-attributed incidents in one stream ordered by time (an incident before a
 * deployment of the same instant: "strictly before"; deployments of one instant by id, so the greatest is the latest);
 * a running count of deployments numbers each deployment's run of incidents, and the run's deployment is the one they
 * count against. A person's choice (`manual`) is taken as it is; `none` counts against nothing. Only deployments of the
 * period can fail in the period, so an incident whose latest deployment precedes the period counts against none here,
 * exactly as under the rule. Why not `ATTRIBUTED_DEPLOYMENT_SQL`: MariaDB cannot bound its `ORDER BY finished_at DESC
 * LIMIT 1` by the outer row's impact start, so each incident read every earlier deployment of its service — over 5 s
 * at 10,000 incidents and 50,000 deployments. test/resolvers/metrics.test.ts checks both give the same attribution.
 */
export function deliveryStatement(q: MetricsQuery): Statement {
  const from = toSqlDateTime(q.from);
  const to = toSqlDateTime(q.to);
  const byService = (alias: string) => (q.service === null ? '' : ` AND ${alias}.service = ?`);
  const service = q.service === null ? [] : [q.service];
  const params: Array<string | number> = [from, to, ...service, from, to, from, ...service, from, to, ...service];
  const text = `WITH dep AS (
  SELECT d.deployment_id, d.service, d.outcome, d.finished_at, DATE(d.finished_at) AS day, ${week('d.finished_at')} AS week, ${month('d.finished_at')} AS month
  FROM deployments d
  WHERE ${COUNTED} AND d.finished_at >= ? AND d.finished_at < ?${byService('d')}
),
events AS (
  SELECT dep.service, dep.finished_at AS t, 1 AS is_dep, dep.deployment_id, CAST(NULL AS DATETIME(3)) AS impact_started_at, CAST(NULL AS DATETIME(3)) AS recovered_at
  FROM dep WHERE dep.service IS NOT NULL
  UNION ALL
  SELECT f.service, f.impact_started_at, 0, NULL, f.impact_started_at, f.recovered_at FROM incident_facts f
  WHERE f.drill = 0 AND f.attribution_mode NOT IN (${lit('manual')}, ${lit('none')}) AND f.service IS NOT NULL AND f.impact_started_at >= ? AND f.impact_started_at < ?
),
numbered AS (
  SELECT e.*, COUNT(e.deployment_id) OVER (PARTITION BY e.service ORDER BY e.t, e.is_dep, e.deployment_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS g
  FROM events e
),
latest AS (
  SELECT n.is_dep, n.impact_started_at, n.recovered_at, MAX(n.deployment_id) OVER (PARTITION BY n.service, n.g) AS last_dep
  FROM numbered n
),
att AS (
  SELECT impact_started_at, recovered_at, last_dep AS deployment_id FROM latest WHERE is_dep = 0 AND last_dep IS NOT NULL
  UNION ALL
  SELECT f.impact_started_at, f.recovered_at, f.attributed_deployment_id FROM incident_facts f
  WHERE f.drill = 0 AND f.attribution_mode = ${lit('manual')} AND f.attributed_deployment_id IS NOT NULL
),
marks AS (
  SELECT dep.deployment_id, 1 AS is_dep, dep.day, dep.week,
    CASE WHEN dep.outcome IN (${FAILING_OUTCOMES.map(lit).join(', ')})
      OR dep.deployment_id IN (SELECT p.deployment_id FROM release_problems p WHERE p.drill = 0 AND p.deployment_id IS NOT NULL) THEN 1 ELSE 0 END AS failed,
    CASE WHEN dep.deployment_id IN (SELECT h.deployment_id FROM deployment_hotfixes h
      WHERE h.issue_key IN (SELECT f.issue_key FROM incident_facts f WHERE f.drill = 0 AND f.issue_key IS NOT NULL)) THEN 1 ELSE 0 END AS rework,
    CAST(NULL AS DATETIME(3)) AS impact_started_at, CAST(NULL AS DATETIME(3)) AS recovered_at
  FROM dep
  UNION ALL
  SELECT att.deployment_id, 0, NULL, NULL, 1, 0, att.impact_started_at, att.recovered_at FROM att
),
judged AS (
  SELECT MAX(day) AS day, MAX(week) AS week, MAX(failed) AS failed, MAX(rework) AS rework,
    TIMESTAMPDIFF(SECOND, MIN(impact_started_at), MAX(recovered_at)) AS recovery
  FROM marks GROUP BY deployment_id HAVING MAX(is_dep) = 1
),
shipped AS (
  SELECT c.repo_hash, c.commit_sha, MIN(c.authored_at) AS authored_at, MIN(dep.finished_at) AS deployed_at
  FROM dep JOIN deployment_commits c ON c.deployment_id = dep.deployment_id
  GROUP BY c.repo_hash, c.commit_sha
),
lead AS (
  SELECT TIMESTAMPDIFF(SECOND, s.authored_at, s.deployed_at) AS v FROM shipped s
  WHERE s.authored_at IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM deployment_commits c JOIN deployments d ON d.deployment_id = c.deployment_id
    WHERE c.repo_hash = s.repo_hash AND c.commit_sha = s.commit_sha AND ${COUNTED} AND d.finished_at < ?${byService('d')})
),
lead_ranked AS (SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS r, COUNT(*) OVER () AS n FROM lead WHERE v >= 0),
recovery_ranked AS (SELECT recovery AS v, ROW_NUMBER() OVER (ORDER BY recovery) AS r, COUNT(*) OVER () AS n FROM judged WHERE recovery >= 0)
SELECT ${lit(ROW.deployWeek)} AS kind, CAST(week AS CHAR(255)) AS grp, CAST(NULL AS CHAR(32)) AS sub, COUNT(*) AS n, CAST(SUM(failed) AS DECIMAL(24,4)) AS a, CAST(COUNT(DISTINCT day) AS DECIMAL(24,4)) AS b, CAST(SUM(rework) AS DECIMAL(24,4)) AS c
  FROM judged GROUP BY week
UNION ALL SELECT ${lit(ROW.deployMonth)}, month, NULL, COUNT(DISTINCT day), NULL, NULL, NULL FROM dep GROUP BY month
UNION ALL SELECT ${lit(ROW.lead)}, NULL, NULL, COUNT(*), ${medianOf('v', 'r', 'n')}, ${p90Of('v', 'r', 'n')}, NULL FROM lead_ranked
UNION ALL SELECT ${lit(ROW.recovery)}, NULL, NULL, COUNT(*), ${medianOf('v', 'r', 'n')}, ${p90Of('v', 'r', 'n')}, NULL FROM recovery_ranked
UNION ALL SELECT ${lit(ROW.problems)}, ${month('p.occurred_at')}, p.class, COUNT(*), NULL, NULL, NULL FROM release_problems p
  WHERE p.drill = 0 AND p.occurred_at >= ? AND p.occurred_at < ?${byService('p')} GROUP BY ${month('p.occurred_at')}, p.class`;
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
 * table) and 1054 (unknown column), which TiDB answers too, in Forge SQL's `debug` field.
 */
function isMissingSchema(e: unknown): boolean {
  if (!(e instanceof ForgeSQLAPIError) || e.code !== 'SQL_EXECUTION_ERROR') return false;
  const errno = (e.context as { debug?: { errno?: unknown } } | undefined)?.debug?.errno;
  return errno === 1146 || errno === 1054 || /doesn't exist|Unknown column/i.test(e.message);
}

/**
 * Runs statements; when one fails because the schema is not there yet, applies the migrations once
 * (`ensureReportingSchema`) and runs them again. So a render costs its 2 statements, and only a store that lacks a
 * table pays the migrations' check: not every cold start, as an unconditional check first would.
 */
async function withSchema<T>(run: () => Promise<T>): Promise<T> {
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
