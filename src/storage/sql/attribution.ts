/**
 * Which deployment an incident counts against (DESIGN 3.5), defined once for every query that needs it: the metrics
 * gadget's change fail rate and recovery time (src/storage/sql/metrics-queries.ts) and the incident panel's
 * attribution line.
 *
 * Rule: a person's choice wins (`attribution_mode = 'manual'`: `attributed_deployment_id`; `'none'`: no deployment).
 * Otherwise (`'auto'`) the latest deployment of the incident's service to PRODUCTION that reached production
 * (outcome not `failed`) and finished strictly before the incident's impact start. An incident without a service, or
 * before any such deployment, counts against none. Apache DevLake uses the same "latest successful production
 * deployment before" rule against the incident's creation time and project; Kaizen uses the impact start (people may
 * backdate it) and the service named by the alerts.
 *
 * Where it is computed: the deployment an incident counts against is stored on its `incident_facts` row
 * (`counted_deployment_id`, and `counted_deployment_finished_at` while that deployment counts) when the fact is written
 * ({@link COUNTED_ID_OF_PARAMS}, {@link COUNTED_FINISH_OF_PARAMS}) and again for the rows a recorded deployment can
 * change ({@link REPICK_COUNTED_ON}, {@link REATTRIBUTE_INCIDENTS}, {@link REFRESH_CHOSEN_FINISH};
 * src/storage/sql/deployments.ts). So the metrics
 * gadget groups by two columns instead of running the rule per incident: neither MariaDB nor TiDB bounds a correlated
 * `ORDER BY finished_at DESC LIMIT 1` by the outer row's time, and at 10,000 incidents and 50,000 deployments that
 * took minutes on the sandbox engine. {@link ATTRIBUTED_DEPLOYMENT_SQL} — the rule evaluated at query time — stays the
 * definition the tests hold the stored columns to.
 */

/** The deployment aliased `d` reached production and finished before the time `before` (a column or `?`). */
const reachedProductionBefore = (before: string): string => `d.environment = 'PRODUCTION' AND d.outcome <> 'failed' AND d.finished_at < ${before}`;

/** The deployment aliased `d` reached production and finished before the impact start of the row aliased `f`. */
export const REACHED_PRODUCTION_BEFORE_SQL = reachedProductionBefore('f.impact_started_at');

/**
 * The deployments (aliased `d`) the rule chooses from for the row aliased `f` (any relation with `service` and
 * `impact_started_at`): the panel lists them, newest first in {@link ATTRIBUTION_ORDER}, for a person to choose from.
 */
export const ATTRIBUTION_CANDIDATE_WHERE = `d.service = f.service AND ${REACHED_PRODUCTION_BEFORE_SQL}`;

/** The rule's order: the first is the one it picks. */
export const ATTRIBUTION_ORDER = `d.finished_at DESC, d.deployment_id DESC`;

/**
 * The rule's pick for a service and an impact start, as a scalar subquery. It reads the `deployments_latest` index
 * (service, environment, finished_at; the primary key rides along) backwards from that time, skipping the few that did
 * not reach production. The index is named: MariaDB otherwise walks `deployments_period` and reads every deployment
 * before the time (30 ms instead of under 1 ms at 50,000).
 */
const pick = (service: string, before: string, column: 'deployment_id' | 'finished_at' = 'deployment_id'): string => `(SELECT d.${column} FROM deployments d FORCE INDEX (deployments_latest)
    WHERE d.service = ${service} AND ${reachedProductionBefore(before)}
    ORDER BY ${ATTRIBUTION_ORDER} LIMIT 1)`;

/** The auto-attributed deployment id of the `incident_facts` row aliased `f`, as a scalar subquery (the rule itself). */
export const AUTO_ATTRIBUTION_SQL = pick('f.service', 'f.impact_started_at');

/** A counted deployment: to production, and reached it (the deployment aliased `d`). */
const COUNTED_D = `d.environment = 'PRODUCTION' AND d.outcome <> 'failed'`;

/**
 * The fact upsert's `counted_deployment_id`: a person's choice, none, or the rule's pick for the row's service and
 * impact start. Parameters: mode, chosen deployment id, service, impact start.
 */
export const COUNTED_ID_OF_PARAMS = `CASE ? WHEN 'manual' THEN ? WHEN 'none' THEN NULL ELSE ${pick('?', '?')} END`;

/**
 * The fact upsert's `counted_deployment_finished_at`: the finish of that deployment while it counts (the rule's pick
 * always does), else NULL. Parameters: mode, chosen deployment id, service, impact start.
 */
export const COUNTED_FINISH_OF_PARAMS = `CASE ? WHEN 'manual' THEN (SELECT d.finished_at FROM deployments d WHERE d.deployment_id = ? AND ${COUNTED_D}) WHEN 'none' THEN NULL ELSE ${pick('?', '?', 'finished_at')} END`;

/** The deployment id the `incident_facts` row aliased `f` counts against under the rule, evaluated now, or NULL. */
export const ATTRIBUTED_DEPLOYMENT_SQL = `(CASE f.attribution_mode
    WHEN 'manual' THEN f.attributed_deployment_id
    WHEN 'none' THEN NULL
    ELSE ${AUTO_ATTRIBUTION_SQL} END)`;

/**
 * After a deployment of a service was recorded or changed, the stored pick of every rule-attributed incident its
 * place can take, again: the service's incidents whose impact started after `?` (its finish) and at or before the next
 * deployment the rule could pick after `?` (its finish again), other than this one `?` — an incident later than that
 * next deployment keeps its pick. Parameters: service, finish, service, finish, deployment id. Few rows: the
 * incidents between two deployments of one service. (Those it leaves behind — an old place, another service — are
 * {@link REPICK_COUNTED_ON}'s.)
 */
export const REATTRIBUTE_INCIDENTS = `UPDATE incident_facts f
SET f.counted_deployment_id = ${AUTO_ATTRIBUTION_SQL}, f.counted_deployment_finished_at = ${pick('f.service', 'f.impact_started_at', 'finished_at')}
WHERE f.attribution_mode NOT IN ('manual', 'none') AND f.service = ? AND f.impact_started_at > ?
  AND f.impact_started_at <= COALESCE((SELECT MIN(d.finished_at) FROM deployments d FORCE INDEX (deployments_latest)
    WHERE d.service = ? AND d.environment = 'PRODUCTION' AND d.outcome <> 'failed' AND d.finished_at > ? AND d.deployment_id <> ?), '9999-12-31 23:59:59.999')`;

/**
 * After a deployment was written again, every rule-attributed incident that counted against it picks again: it may
 * have moved, changed service or stopped counting. Parameter: the deployment id (index `incident_facts_counted`).
 */
export const REPICK_COUNTED_ON = `UPDATE incident_facts f
SET f.counted_deployment_id = ${AUTO_ATTRIBUTION_SQL}, f.counted_deployment_finished_at = ${pick('f.service', 'f.impact_started_at', 'finished_at')}
WHERE f.attribution_mode NOT IN ('manual', 'none') AND f.counted_deployment_id = ?`;

/**
 * After a deployment changed (its finish, environment or outcome), the stored finish of the incidents a person
 * counted against it: its finish while it counts, else NULL. Parameter: the deployment id.
 */
export const REFRESH_CHOSEN_FINISH = `UPDATE incident_facts f
SET f.counted_deployment_finished_at = (SELECT d.finished_at FROM deployments d WHERE d.deployment_id = f.attributed_deployment_id AND ${COUNTED_D})
WHERE f.attribution_mode = 'manual' AND f.attributed_deployment_id = ?`;

/**
 * The rule-attributed incidents whose impact started at or after `?` and whose stored pick differs from the rule now
 * pick again (the housekeeping's safety net: a new incident's first write and a deployment's record at the same moment
 * can miss each other on TiDB, which takes no gap locks). Parameter: the earliest impact start.
 */
export const RECONCILE_RECENT_PICKS = `UPDATE incident_facts f
SET f.counted_deployment_id = ${AUTO_ATTRIBUTION_SQL}, f.counted_deployment_finished_at = ${pick('f.service', 'f.impact_started_at', 'finished_at')}
WHERE f.attribution_mode NOT IN ('manual', 'none') AND f.impact_started_at >= ?
  AND NOT (f.counted_deployment_id <=> ${AUTO_ATTRIBUTION_SQL})`;
