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
 * Where it is computed: the rule's pick is stored as `incident_facts.auto_deployment_id` when the fact is written
 * ({@link AUTO_ATTRIBUTION_OF_PARAMS}, from the row's own service and impact start) and again for the incidents a
 * recorded deployment can change ({@link REATTRIBUTE_INCIDENTS}, src/storage/sql/deployments.ts). So the metrics gadget
 * reads one column ({@link COUNTED_DEPLOYMENT_SQL}) instead of running the rule per incident: neither MariaDB nor
 * TiDB bounds a correlated `ORDER BY finished_at DESC LIMIT 1` by the outer row's time, and at 10,000 incidents and
 * 50,000 deployments that took minutes on the sandbox engine. {@link ATTRIBUTED_DEPLOYMENT_SQL} — the rule evaluated
 * at query time — stays the definition the tests hold the stored column to.
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
const pick = (service: string, before: string): string => `(SELECT d.deployment_id FROM deployments d FORCE INDEX (deployments_latest)
    WHERE d.service = ${service} AND ${reachedProductionBefore(before)}
    ORDER BY ${ATTRIBUTION_ORDER} LIMIT 1)`;

/** The auto-attributed deployment id of the `incident_facts` row aliased `f`, as a scalar subquery (the rule itself). */
export const AUTO_ATTRIBUTION_SQL = pick('f.service', 'f.impact_started_at');

/** The same pick for a service and an impact start given as the parameters `?, ?` (the fact upsert's `auto_deployment_id`). */
export const AUTO_ATTRIBUTION_OF_PARAMS = pick('?', '?');

/** The deployment id the `incident_facts` row aliased `f` counts against under the rule, evaluated now, or NULL. */
export const ATTRIBUTED_DEPLOYMENT_SQL = `(CASE f.attribution_mode
    WHEN 'manual' THEN f.attributed_deployment_id
    WHEN 'none' THEN NULL
    ELSE ${AUTO_ATTRIBUTION_SQL} END)`;

/** The deployment id the `incident_facts` row aliased `f` counts against, from the stored pick: what the gadget reads. */
export const COUNTED_DEPLOYMENT_SQL = `(CASE f.attribution_mode
    WHEN 'manual' THEN f.attributed_deployment_id
    WHEN 'none' THEN NULL
    ELSE f.auto_deployment_id END)`;

/**
 * After a deployment of a service was recorded or changed, the stored pick of every incident it can affect, again:
 * the service's incidents whose impact started after `?` (the earlier of the deployment's old and new finish) and at
 * or before the next deployment the rule could pick after `?` (the later of the two), other than this one `?` — an
 * incident later than that next deployment keeps its pick. Parameters: service, after, service, later, deployment id.
 * Few rows: the incidents between two deployments of one service.
 */
export const REATTRIBUTE_INCIDENTS = `UPDATE incident_facts f
SET f.auto_deployment_id = ${AUTO_ATTRIBUTION_SQL}
WHERE f.service = ? AND f.impact_started_at > ?
  AND f.impact_started_at <= COALESCE((SELECT MIN(d.finished_at) FROM deployments d FORCE INDEX (deployments_latest)
    WHERE d.service = ? AND d.environment = 'PRODUCTION' AND d.outcome <> 'failed' AND d.finished_at > ? AND d.deployment_id <> ?), '9999-12-31 23:59:59.999')`;
