/**
 * The attribution reads of the reporting store (Forge SQL): the panel's candidates and the rule's pick in ONE
 * statement, with the rule's own SQL (src/storage/sql/attribution.ts) applied to the incident in hand — its service
 * and impact start bound as parameters in a one-row derived table `f`, so the answer never waits for the incident's
 * fact row to catch up. Parameters only.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 */
import { sql } from '@forge/sql';
import { DeploymentOutcomeSchema, type DeploymentView } from '../../shared/attribution';
import { isHttpUrl } from '../../shared/http-url';
import { ATTRIBUTION_CANDIDATES, type AttributionFound, type AttributionQuery, type AttributionReads } from '../../usecases/attribution/attribution-ports';
import { ATTRIBUTION_CANDIDATE_WHERE, ATTRIBUTION_ORDER, AUTO_ATTRIBUTION_SQL, REACHED_PRODUCTION_BEFORE_SQL } from './attribution';
import { fromSqlDateTime, toSqlDateTime } from './incident-facts';
import { ensureReportingSchema } from './migrations';

interface DeploymentRow {
  deployment_id: string;
  display_title: string | null;
  name: string | null;
  service: string | null;
  version: string | null;
  environment: string;
  outcome: string;
  finished_at: string;
  pipeline_url: string | null;
}

const DEPLOYMENT_COLUMNS = 'd.deployment_id, d.display_title, d.name, d.service, d.version, d.environment, d.outcome, d.finished_at, d.pipeline_url';

/**
 * `part` 'candidate' rows: the rule's candidates, newest first, each carrying the rule's pick (`auto_id`, the same
 * for every row; the pick is the first candidate by construction, asked of the rule itself all the same) — for an
 * incident whose service is not known (the rule picks none), any service's production deployments before impact
 * start, so a person can still choose; a 'chosen' row: the deployment a person chose. Parameters: service, impact
 * start, chosen deployment id. `f` is a one-row derived table of parameters (a constant to the optimizer).
 */
export const ATTRIBUTION_QUERY = `SELECT x.* FROM (
  (SELECT 'candidate' AS part, ${AUTO_ATTRIBUTION_SQL} AS auto_id, ${DEPLOYMENT_COLUMNS}
    FROM (SELECT CAST(? AS CHAR(255)) AS service, CAST(? AS DATETIME(3)) AS impact_started_at) f
    JOIN deployments d ON (${ATTRIBUTION_CANDIDATE_WHERE}) OR (f.service IS NULL AND ${REACHED_PRODUCTION_BEFORE_SQL})
    ORDER BY ${ATTRIBUTION_ORDER} LIMIT ${ATTRIBUTION_CANDIDATES})
  UNION ALL
  (SELECT 'chosen' AS part, NULL AS auto_id, ${DEPLOYMENT_COLUMNS} FROM deployments d WHERE d.deployment_id = ?)
) x`;

const PRODUCTION_DEPLOYMENT = `SELECT ${DEPLOYMENT_COLUMNS} FROM deployments d WHERE d.deployment_id = ? AND d.environment = 'PRODUCTION'`;

/** A row as the UI shows it: the title falls back to the name, then the id; only an http(s) pipeline URL is kept. */
export function deploymentView(row: DeploymentRow): DeploymentView {
  const outcome = DeploymentOutcomeSchema.safeParse(row.outcome);
  return {
    id: row.deployment_id,
    title: row.display_title || row.name || row.deployment_id,
    service: row.service,
    version: row.version,
    environment: row.environment,
    outcome: outcome.success ? outcome.data : 'failed',
    finishedAt: fromSqlDateTime(row.finished_at),
    pipelineUrl: row.pipeline_url && isHttpUrl(row.pipeline_url) ? row.pipeline_url : null,
  };
}

const newestFirst = (a: DeploymentView, b: DeploymentView): number => b.finishedAt.localeCompare(a.finishedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Runs `read`; when it fails, applies the pending migrations and runs it once more. An incident's panel exists only
 * after its fact was written (which applies them), so the tables are there and a read costs its one statement; the
 * retry covers an installation whose first fact write failed.
 */
async function withSchema<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if ((await ensureReportingSchema()).length === 0) throw e;
    return read();
  }
}

export function createAttributionReads(): AttributionReads {
  return {
    async find(query: AttributionQuery): Promise<AttributionFound> {
      const result = await withSchema(() =>
        sql
          .prepare<DeploymentRow & { part: 'candidate' | 'chosen'; auto_id: string | null }>(ATTRIBUTION_QUERY)
          .bindParams(query.service, toSqlDateTime(query.impactStartedAt), query.chosenDeploymentId)
          .execute(),
      );
      const candidateRows = result.rows.filter((r) => r.part === 'candidate');
      const candidates = candidateRows.map(deploymentView).sort(newestFirst);
      const autoId = candidateRows[0]?.auto_id ?? null;
      const chosenRow = result.rows.find((r) => r.part === 'chosen');
      return { candidates, auto: candidates.find((c) => c.id === autoId) ?? null, chosen: chosenRow ? deploymentView(chosenRow) : null };
    },
    async productionDeployment(deploymentId: string) {
      const result = await withSchema(() => sql.prepare<DeploymentRow>(PRODUCTION_DEPLOYMENT).bindParams(deploymentId).execute());
      const row = result.rows[0];
      return row ? deploymentView(row) : undefined;
    },
  };
}
