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
 */

/** The deployment aliased `d` reached production and finished before the impact start of the row aliased `f`. */
export const REACHED_PRODUCTION_BEFORE_SQL = `d.environment = 'PRODUCTION' AND d.outcome <> 'failed' AND d.finished_at < f.impact_started_at`;

/**
 * The deployments (aliased `d`) the rule chooses from for the row aliased `f` (any relation with `service` and
 * `impact_started_at`): the panel lists them, newest first in {@link ATTRIBUTION_ORDER}, for a person to choose from.
 */
export const ATTRIBUTION_CANDIDATE_WHERE = `d.service = f.service AND ${REACHED_PRODUCTION_BEFORE_SQL}`;

/** The rule's order: the first is the one it picks. */
export const ATTRIBUTION_ORDER = `d.finished_at DESC, d.deployment_id DESC`;

/**
 * The auto-attributed deployment id of the `incident_facts` row aliased `f`, as a scalar subquery (uses the
 * `deployments_attribution` index: service, environment, outcome, finished_at).
 */
export const AUTO_ATTRIBUTION_SQL = `(SELECT d.deployment_id FROM deployments d
    WHERE ${ATTRIBUTION_CANDIDATE_WHERE}
    ORDER BY ${ATTRIBUTION_ORDER} LIMIT 1)`;

/** The deployment id the `incident_facts` row aliased `f` counts against, or NULL. */
export const ATTRIBUTED_DEPLOYMENT_SQL = `(CASE f.attribution_mode
    WHEN 'manual' THEN f.attributed_deployment_id
    WHEN 'none' THEN NULL
    ELSE ${AUTO_ATTRIBUTION_SQL} END)`;
