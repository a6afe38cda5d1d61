/**
 * The release problems of the reporting store (Forge SQL, `@forge/sql`) as the "Report a release problem" action and
 * the light reviews of CI-reported problems use them: `release_problems` rows, and the recent production deployments
 * the form offers. SQL parameters only, never a value in the text. Schema: src/storage/sql/migrations.ts (the claim
 * column: `review_claimed_until`). CI's rows themselves are written by src/storage/sql/deployments.ts.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 */
import { sql, type UpdateQueryResponse } from '@forge/sql';
import type { DeploymentView } from '../../shared/attribution';
import { ReleaseProblemClassSchema } from '../../shared/metrics';
import type { NewReleaseProblem, ReleaseProblemRow, ReleaseProblemStore } from '../../usecases/release-problems/release-problem-ports';
import { deploymentView } from './attribution-reads';
import { fromSqlDateTime, toSqlDateTime } from './incident-facts';
import { migrationsOnce } from './migrations';

const DEPLOYMENT_COLUMNS = 'deployment_id, display_title, name, service, version, environment, outcome, finished_at, pipeline_url';

/** The form's list: read backwards along the `deployments_period` index (environment, finished_at, …). */
export const RECENT_PRODUCTION_DEPLOYMENTS = `SELECT ${DEPLOYMENT_COLUMNS} FROM deployments
WHERE environment = 'PRODUCTION' ORDER BY finished_at DESC, deployment_id DESC LIMIT ?`;

const PROBLEM_COLUMNS = [
  'problem_id',
  'class',
  'deployment_id',
  'service',
  'version',
  'summary',
  'source',
  'reported_by',
  'occurred_at',
  'reported_at',
  'issue_key',
  'incident_id',
  'review_page_id',
  'review_page_url',
  'drill',
] as const;

/** `INSERT IGNORE`: a row with the id already there is left as it is (its affected rows are then 0). */
export const INSERT_RELEASE_PROBLEM = `INSERT IGNORE INTO release_problems (${PROBLEM_COLUMNS.join(', ')})
VALUES (${PROBLEM_COLUMNS.map(() => '?').join(', ')})`;

/**
 * Unreviewed CI problems; the claim compared with the caller's now (a parameter). Never tried first (a NULL claim
 * sorts first), then those tried longest ago, each by report time: a row that keeps failing never starves the rest.
 */
export const PENDING_CI_REVIEWS = `SELECT ${PROBLEM_COLUMNS.join(', ')} FROM release_problems
WHERE source = 'ci' AND class IN ('rolled_back', 'partially_incomplete') AND review_page_id IS NULL
  AND (review_claimed_until IS NULL OR review_claimed_until < ?)
ORDER BY review_claimed_until, reported_at, problem_id LIMIT ?`;

/** The claim: one conditional UPDATE, so of two runs at once exactly one matches the row. */
export const CLAIM_REVIEW = `UPDATE release_problems SET review_claimed_until = ?
WHERE problem_id = ? AND review_page_id IS NULL AND (review_claimed_until IS NULL OR review_claimed_until < ?)`;

interface ProblemSqlRow {
  problem_id: string;
  class: string;
  deployment_id: string | null;
  service: string | null;
  version: string | null;
  summary: string;
  source: string;
  reported_by: string | null;
  occurred_at: string;
  reported_at: string;
  issue_key: string | null;
  incident_id: string | null;
  review_page_id: string | null;
  review_page_url: string | null;
  drill: number | boolean | string;
}

type DeploymentSqlRow = Parameters<typeof deploymentView>[0];

/** A stored row, read back; a class this version does not know is refused rather than guessed. */
function problemRow(row: ProblemSqlRow): ReleaseProblemRow {
  return {
    problemId: row.problem_id,
    class: ReleaseProblemClassSchema.parse(row.class),
    deploymentId: row.deployment_id,
    service: row.service,
    version: row.version,
    summary: row.summary,
    source: row.source === 'ci' ? 'ci' : 'person',
    reportedBy: row.reported_by,
    occurredAt: fromSqlDateTime(row.occurred_at),
    reportedAt: fromSqlDateTime(row.reported_at),
    issueKey: row.issue_key,
    incidentId: row.incident_id,
    reviewPage: row.review_page_id && row.review_page_url ? { id: row.review_page_id, url: row.review_page_url } : null,
    drill: row.drill === true || Number(row.drill) === 1,
  };
}

/**
 * The adapter, built once per invocation: the migrations are checked at most once per invocation, on its first
 * statement (the tables exist before the first read of a fresh installation).
 */
export function createReleaseProblemStore(): ReleaseProblemStore {
  const migrate = migrationsOnce();
  const write = async (query: string, params: Array<string | number | null>): Promise<number> => {
    await migrate();
    const result = await sql.prepare<UpdateQueryResponse>(query).bindParams(...params).execute();
    return result.rows.affectedRows;
  };
  return {
    async recentProductionDeployments(limit) {
      await migrate();
      const result = await sql.prepare<DeploymentSqlRow>(RECENT_PRODUCTION_DEPLOYMENTS).bindParams(limit).execute();
      return result.rows.map(deploymentView);
    },
    async deployment(deploymentId): Promise<DeploymentView | undefined> {
      await migrate();
      const result = await sql.prepare<DeploymentSqlRow>(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE deployment_id = ?`).bindParams(deploymentId).execute();
      const row = result.rows[0];
      return row ? deploymentView(row) : undefined;
    },
    async get(problemId) {
      await migrate();
      const result = await sql.prepare<ProblemSqlRow>(`SELECT ${PROBLEM_COLUMNS.join(', ')} FROM release_problems WHERE problem_id = ?`).bindParams(problemId).execute();
      const row = result.rows[0];
      return row ? problemRow(row) : undefined;
    },
    async insertIfAbsent(row: NewReleaseProblem) {
      const inserted = await write(INSERT_RELEASE_PROBLEM, [
        row.problemId,
        row.class,
        row.deploymentId,
        row.service,
        row.version,
        row.summary,
        row.source,
        row.reportedBy,
        toSqlDateTime(row.occurredAt),
        toSqlDateTime(row.reportedAt),
        row.issueKey,
        row.incidentId,
        null,
        null,
        row.drill ? 1 : 0,
      ]);
      return inserted > 0;
    },
    async recordReviewPage(problemId, page) {
      return (await write('UPDATE release_problems SET review_page_id = ?, review_page_url = ? WHERE problem_id = ? AND review_page_id IS NULL', [page.id, page.url, problemId])) > 0;
    },
    async removeUnfinished(problemId) {
      await write("DELETE FROM release_problems WHERE problem_id = ? AND source = 'person' AND issue_key IS NULL AND review_page_id IS NULL", [problemId]);
    },
    async recordIncident(problemId, incidentId, issueKey) {
      await write('UPDATE release_problems SET incident_id = COALESCE(incident_id, ?), issue_key = COALESCE(issue_key, ?) WHERE problem_id = ?', [incidentId, issueKey, problemId]);
    },
    async pendingCiReviews(nowIso, limit) {
      await migrate();
      const result = await sql.prepare<ProblemSqlRow>(PENDING_CI_REVIEWS).bindParams(toSqlDateTime(nowIso), limit).execute();
      return result.rows.map(problemRow);
    },
    async claimReview(problemId, nowIso, untilIso) {
      return (await write(CLAIM_REVIEW, [toSqlDateTime(untilIso), problemId, toSqlDateTime(nowIso)])) === 1;
    },
  };
}
