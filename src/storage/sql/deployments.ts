/**
 * The deployments of the reporting store (Forge SQL, `@forge/sql`): the `deployments` row, its commits, its hotfix
 * keys and — for a rolled-back or partially incomplete release — its CI release problem. SQL parameters only, never a
 * value in the text. Schema: src/storage/sql/migrations.ts.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 *
 * SQL calls per deployment (Forge SQL runs one statement per call), after the migrations' check once per adapter:
 * - the same body again: 1 (the SELECT of its hash);
 * - a new deployment: 3 (SELECT, commits INSERT, deployments INSERT), +1 with hotfix keys, +1 with a release problem;
 * - a changed one: up to 7 (SELECT, DELETE of commits no longer listed, commits upsert, DELETE of hotfix keys no
 *   longer listed, hotfix INSERT, release problem upsert or DELETE, deployments upsert).
 * A commits upsert is split only when its parameters would pass ~512 KB (Forge SQL takes 1 MiB requests).
 *
 * Order: children first, the `deployments` row (with the body's hash) last — so a write that fails half-way leaves the
 * old hash, and the retry redoes every statement instead of taking the body as already stored.
 */
import { sql, type Result, type UpdateQueryResponse } from '@forge/sql';
import { createHash } from 'node:crypto';
import type { DeploymentCommit, DeploymentRecord, DeploymentStore } from '../../usecases/deployments/deployment-ports';
import { toSqlDateTime } from './incident-facts';
import { ensureReportingSchema } from './migrations';

const orNull = (iso: string | null): string | null => (iso === null ? null : toSqlDateTime(iso));
const sha1Hex = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

/** `repo_hash`: the SHA-1 hex of the repository URL (the key stays short however long the URL). */
export const repoHashOf = (repoUrl: string): string => sha1Hex(repoUrl);

/** `release_problems.problem_id` is 128 characters: `ci:<id>`, or `ci:#<sha1 of id>` for an id longer than 125. */
export const problemIdOf = (deploymentId: string): string => (deploymentId.length <= 125 ? `ci:${deploymentId}` : `ci:#${sha1Hex(deploymentId)}`);

/** The outcomes that are a release problem of their own (DESIGN 3.4): its class is the outcome. */
const PROBLEM_OUTCOMES: ReadonlySet<DeploymentRecord['outcome']> = new Set(['rolled_back', 'partially_incomplete']);

/** `body_hash`: MD5 hex of the record's fields in a fixed order (whatever order the JSON had them in). */
export function bodyHashOf(d: DeploymentRecord): string {
  const canonical = [
    d.id,
    d.displayTitle,
    d.name,
    d.result,
    d.environment,
    d.outcome,
    d.service,
    d.version,
    d.pipelineUrl,
    d.startedAt,
    d.finishedAt,
    d.createdAt,
    d.commits.map((c) => [c.repoUrl, c.commitSha, c.refName, c.commitMsg, c.result, c.startedAt, c.finishedAt, c.authoredAt]),
    d.hotfixFor,
    d.problemSummary,
  ];
  return createHash('md5').update(JSON.stringify(canonical), 'utf8').digest('hex');
}

const DEPLOYMENT_COLUMNS = [
  'deployment_id',
  'display_title',
  'name',
  'result',
  'environment',
  'outcome',
  'service',
  'version',
  'pipeline_url',
  'planned',
  'started_at',
  'finished_at',
  'created_at',
  'commit_count',
  'body_hash',
  'received_at',
] as const;

export const UPSERT_DEPLOYMENT = `INSERT INTO deployments (${DEPLOYMENT_COLUMNS.join(', ')})
VALUES (${DEPLOYMENT_COLUMNS.map(() => '?').join(', ')})
ON DUPLICATE KEY UPDATE
${DEPLOYMENT_COLUMNS.filter((c) => c !== 'deployment_id')
  .map((c) => `  ${c} = VALUES(${c})`)
  .join(',\n')}`;

const COMMIT_COLUMNS = ['deployment_id', 'repo_hash', 'commit_sha', 'repo_url', 'ref_name', 'commit_msg', 'result', 'started_at', 'finished_at', 'authored_at'] as const;
const upsertCommits = (rows: number): string => `INSERT INTO deployment_commits (${COMMIT_COLUMNS.join(', ')})
VALUES ${Array.from({ length: rows }, () => `(${COMMIT_COLUMNS.map(() => '?').join(', ')})`).join(', ')}
ON DUPLICATE KEY UPDATE
${COMMIT_COLUMNS.slice(3)
  .map((c) => `  ${c} = VALUES(${c})`)
  .join(',\n')}`;

const PROBLEM_COLUMNS = ['problem_id', 'class', 'deployment_id', 'service', 'version', 'summary', 'source', 'reported_by', 'occurred_at', 'reported_at', 'issue_key', 'incident_id', 'review_page_id', 'review_page_url', 'drill'] as const;
/** A resend updates what CI says (class, summary, when); the review page another task made for it stays linked. */
export const UPSERT_CI_PROBLEM = `INSERT INTO release_problems (${PROBLEM_COLUMNS.join(', ')})
VALUES (${PROBLEM_COLUMNS.map(() => '?').join(', ')})
ON DUPLICATE KEY UPDATE
  class = VALUES(class),
  deployment_id = VALUES(deployment_id),
  service = VALUES(service),
  version = VALUES(version),
  summary = VALUES(summary),
  occurred_at = VALUES(occurred_at)`;

/** Parameters of one commits upsert stay below this many bytes (Forge SQL requests are at most 1 MiB). */
const COMMIT_BATCH_BYTES = 512 * 1024;

type Param = string | number | null;
const commitParams = (deploymentId: string, c: DeploymentCommit): Param[] => [
  deploymentId,
  repoHashOf(c.repoUrl),
  c.commitSha,
  c.repoUrl,
  c.refName,
  c.commitMsg,
  c.result,
  orNull(c.startedAt),
  orNull(c.finishedAt),
  orNull(c.authoredAt),
];

function* commitBatches(deploymentId: string, commits: readonly DeploymentCommit[]): Generator<Param[][]> {
  let batch: Param[][] = [];
  let bytes = 0;
  for (const c of commits) {
    const params = commitParams(deploymentId, c);
    const size = Buffer.byteLength(JSON.stringify(params), 'utf8');
    if (batch.length > 0 && bytes + size > COMMIT_BATCH_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(params);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

const run = (query: string, params: readonly Param[]): Promise<Result<UpdateQueryResponse>> => sql.prepare<UpdateQueryResponse>(query).bindParams(...params).execute();

/** The deployments adapter ({@link DeploymentStore}); the migrations are checked once per adapter, on its first call. */
export function createDeploymentStore(): DeploymentStore {
  let migrated: Promise<string[]> | undefined;
  const migrate = (): Promise<string[]> => {
    migrated ??= ensureReportingSchema().catch((e: unknown) => {
      migrated = undefined; // a failure is tried again by the next call
      throw e;
    });
    return migrated;
  };
  return {
    async record(d, receivedAt) {
      await migrate();
      const hash = bodyHashOf(d);
      const before = await sql.prepare<{ body_hash: string }>('SELECT body_hash FROM deployments WHERE deployment_id = ?').bindParams(d.id).execute();
      const previous = before.rows[0]?.body_hash;
      if (previous === hash) return 'unchanged';
      const existed = previous !== undefined;

      // commits: those no longer listed go, the rest are upserted
      if (existed) {
        await run(
          d.commits.length === 0
            ? 'DELETE FROM deployment_commits WHERE deployment_id = ?'
            : `DELETE FROM deployment_commits WHERE deployment_id = ? AND (repo_hash, commit_sha) NOT IN (${d.commits.map(() => '(?, ?)').join(', ')})`,
          [d.id, ...d.commits.flatMap((c) => [repoHashOf(c.repoUrl), c.commitSha])],
        );
      }
      for (const batch of commitBatches(d.id, d.commits)) await run(upsertCommits(batch.length), batch.flat());

      // hotfix keys: the same
      if (existed) {
        await run(
          d.hotfixFor.length === 0
            ? 'DELETE FROM deployment_hotfixes WHERE deployment_id = ?'
            : `DELETE FROM deployment_hotfixes WHERE deployment_id = ? AND issue_key NOT IN (${d.hotfixFor.map(() => '?').join(', ')})`,
          [d.id, ...d.hotfixFor],
        );
      }
      if (d.hotfixFor.length > 0) {
        await run(`INSERT IGNORE INTO deployment_hotfixes (deployment_id, issue_key) VALUES ${d.hotfixFor.map(() => '(?, ?)').join(', ')}`, d.hotfixFor.flatMap((key) => [d.id, key]));
      }

      // the release problem CI reported (class = outcome), or none any more
      const problemId = problemIdOf(d.id);
      if (PROBLEM_OUTCOMES.has(d.outcome)) {
        const summary = d.problemSummary ?? d.displayTitle ?? d.name ?? d.id;
        await run(UPSERT_CI_PROBLEM, [problemId, d.outcome, d.id, d.service, d.version, summary, 'ci', null, toSqlDateTime(d.finishedAt), toSqlDateTime(receivedAt), null, null, null, null, 0]);
      } else if (existed) {
        await run('DELETE FROM release_problems WHERE problem_id = ? AND source = ?', [problemId, 'ci']);
      }

      await run(UPSERT_DEPLOYMENT, [
        d.id,
        d.displayTitle,
        d.name,
        d.result,
        d.environment,
        d.outcome,
        d.service,
        d.version,
        d.pipelineUrl,
        d.hotfixFor.length === 0 ? 1 : 0,
        toSqlDateTime(d.startedAt),
        toSqlDateTime(d.finishedAt),
        orNull(d.createdAt),
        d.commits.length,
        hash,
        toSqlDateTime(receivedAt),
      ]);
      return existed ? 'updated' : 'inserted';
    },
  };
}
