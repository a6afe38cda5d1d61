/**
 * The deployments of the reporting store (Forge SQL, `@forge/sql`): the `deployments` row, its commits, its hotfix
 * keys and — for a rolled-back or partially incomplete release — its CI release problem. SQL parameters only, never a
 * value in the text. Schema: src/storage/sql/migrations.ts.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 *
 * Besides its own rows, a deployment changes two things the metrics gadget reads as stored columns instead of working
 * them out per render: its commits' first production deployment (`commit_leads`, change lead time) and the
 * attribution rule's pick of the incidents it can be the latest deployment before (`incident_facts.counted_deployment_id`
 * and its finish; for a changed deployment also the finish stored with people's choices of it —
 * src/storage/sql/attribution.ts).
 *
 * SQL calls per deployment (Forge SQL runs one statement per call), after the migrations' check once per adapter:
 * - the same body again, or an older report than the stored one: 1 (the SELECT of its hash);
 * - a new deployment: 6 (SELECT, deployments INSERT, commits INSERT, commit leads INSERT, incidents' attribution
 *   UPDATE, hash UPDATE), +1 with hotfix keys, +1 with a release problem; −1 without a service;
 * - a changed one (or the retry of a write that failed half-way): up to 13 (also the DELETEs of commits and hotfix keys
 *   no longer listed and of the release problem, the SELECT of the commits it was first to ship and the DELETE of
 *   their leads, the UPDATEs of the incidents that counted against it and of those people counted against it).
 * A commits upsert is split only when its parameters would pass ~512 KB (Forge SQL takes 1 MiB requests).
 *
 * Order: the `deployments` row first with an empty hash, then its children, then what is derived from them (leads,
 * attribution), and the body's hash last — so a write that fails half-way leaves no hash that matches, and its retry
 * finds the row (`existed`), clears what the failed attempt left and redoes every statement. Two reports of one id are
 * never written at once (the queue's concurrency key per deployment id); of two reports delivered out of order, the
 * older is ignored (`received_at`).
 */
import { sql, type Result, type UpdateQueryResponse } from '@forge/sql';
import { createHash } from 'node:crypto';
import type { DeploymentCommit, DeploymentRecord, DeploymentStore } from '../../usecases/deployments/deployment-ports';
import { fromSqlDateTime, toSqlDateTime } from './incident-facts';
import { COUNTED_ENVIRONMENT } from '../../domain/metrics/definitions';
import { REATTRIBUTE_INCIDENTS, REFRESH_CHOSEN_FINISH, REPICK_COUNTED_ON } from './attribution';
import { migrationsOnce } from './migrations';

const orNull = (iso: string | null): string | null => (iso === null ? null : toSqlDateTime(iso));
const sha1Hex = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

/** `repo_hash`: the SHA-1 hex of the repository URL (the key stays short however long the URL). */
export const repoHashOf = (repoUrl: string): string => sha1Hex(repoUrl);

/** `release_problems.problem_id` is 128 characters: `ci:<id>`, or `ci:#<sha1 of id>` for an id longer than 125. */
export const problemIdOf = (deploymentId: string): string => (deploymentId.length <= 125 ? `ci:${deploymentId}` : `ci:#${sha1Hex(deploymentId)}`);

/** The outcomes that are a release problem of their own (DESIGN 3.4) in production: its class is the outcome. */
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

/**
 * The first production deployment of each listed commit (repository hash, sha), worked out again from every deployment
 * that shipped it: the earliest finish, the smallest id among equal finishes — the order attribution uses, reversed.
 * The commit's authored time is the one any report of it gave (a later report may be the first to send it).
 * A commit no deployment took to production gets no row (its old one is deleted first, {@link DELETE_LEADS}).
 */
const upsertLeads = (commits: number): string => `INSERT INTO commit_leads (repo_hash, commit_sha, deployment_id, service, deployed_at, lead_seconds)
SELECT x.repo_hash, x.commit_sha, x.deployment_id, x.service, x.finished_at,
  TIMESTAMPDIFF(SECOND, (SELECT MAX(a.authored_at) FROM deployment_commits a WHERE a.repo_hash = x.repo_hash AND a.commit_sha = x.commit_sha), x.finished_at) FROM (
  SELECT c.repo_hash, c.commit_sha, d.deployment_id, d.service, d.finished_at,
    ROW_NUMBER() OVER (PARTITION BY c.repo_hash, c.commit_sha ORDER BY d.finished_at, d.deployment_id) AS first
  FROM deployment_commits c JOIN deployments d ON d.deployment_id = c.deployment_id
  WHERE (c.repo_hash, c.commit_sha) IN (${Array.from({ length: commits }, () => '(?, ?)').join(', ')})
    AND d.environment = 'PRODUCTION' AND d.outcome <> 'failed'
) x WHERE x.first = 1
ON DUPLICATE KEY UPDATE deployment_id = VALUES(deployment_id), service = VALUES(service), deployed_at = VALUES(deployed_at), lead_seconds = VALUES(lead_seconds)`;
const DELETE_LEADS = (commits: number): string => `DELETE FROM commit_leads WHERE (repo_hash, commit_sha) IN (${Array.from({ length: commits }, () => '(?, ?)').join(', ')})`;
/** Commits per leads statement: 2 short parameters each, far below Forge SQL's 1 MiB request. */
const LEADS_BATCH = 500;

/** The row the SELECT reads before a write: its hash and what the leads and attribution depend on. */
interface StoredDeployment {
  /** `''` while a write of it is half done (a retry redoes every step). */
  body_hash: string;
  received_at: string;
}

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
  const migrate = migrationsOnce();
  return {
    async record(d, receivedAt) {
      await migrate();
      const hash = bodyHashOf(d);
      const before = await sql.prepare<StoredDeployment>('SELECT body_hash, received_at FROM deployments WHERE deployment_id = ?').bindParams(d.id).execute();
      const previous = before.rows[0];
      if (previous?.body_hash === hash) return 'unchanged';
      // a report older than the one stored (a retried event delivered after a newer one) changes nothing
      if (previous && previous.body_hash !== '' && fromSqlDateTime(previous.received_at) > new Date(receivedAt).toISOString()) return 'unchanged';
      const existed = previous !== undefined;

      // the row first, its hash empty: a write that fails from here on is found by its retry (`existed`), which then
      // clears what the failed attempt left before writing again
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
        '',
        toSqlDateTime(receivedAt),
      ]);

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

      // the release problem CI reported (class = outcome) — a release to production only — or none any more
      const problemId = problemIdOf(d.id);
      if (PROBLEM_OUTCOMES.has(d.outcome) && d.environment === COUNTED_ENVIRONMENT) {
        const summary = d.problemSummary ?? d.displayTitle ?? d.name ?? d.id;
        await run(UPSERT_CI_PROBLEM, [problemId, d.outcome, d.id, d.service, d.version, summary, 'ci', null, toSqlDateTime(d.finishedAt), toSqlDateTime(receivedAt), null, null, null, null, 0]);
      } else if (existed) {
        await run('DELETE FROM release_problems WHERE problem_id = ? AND source = ?', [problemId, 'ci']);
      }

      // its commits' first production deployment (change lead time): the listed ones, and those whose first it was
      // (a commit it no longer lists, even when a failed attempt already deleted that commit's row)
      const commitKeys = new Map(d.commits.map((c) => [`${repoHashOf(c.repoUrl)} ${c.commitSha}`, [repoHashOf(c.repoUrl), c.commitSha] as const]));
      if (existed) {
        const first = await sql.prepare<{ repo_hash: string; commit_sha: string }>('SELECT repo_hash, commit_sha FROM commit_leads WHERE deployment_id = ?').bindParams(d.id).execute();
        for (const row of first.rows) commitKeys.set(`${row.repo_hash} ${row.commit_sha}`, [row.repo_hash, row.commit_sha]);
      }
      const keys = [...commitKeys.values()];
      for (let i = 0; i < keys.length; i += LEADS_BATCH) {
        const batch = keys.slice(i, i + LEADS_BATCH);
        if (existed) await run(DELETE_LEADS(batch.length), batch.flat());
        await run(upsertLeads(batch.length), batch.flat());
      }

      // attribution: the incidents that counted against it pick again (it may have moved, changed service or stopped
      // counting — also after a failed attempt, which no longer knows where it was), then those its new place can take;
      // the incidents people counted against it follow its finish. A new one has none of the first and last kind (a
      // person can only choose a recorded deployment: set-attribution refuses others).
      if (existed) await run(REPICK_COUNTED_ON, [d.id]);
      if (d.service !== null) {
        const finished = toSqlDateTime(d.finishedAt);
        await run(REATTRIBUTE_INCIDENTS, [d.service, finished, d.service, finished, d.id]);
      }
      if (existed) await run(REFRESH_CHOSEN_FINISH, [d.id]);

      await run('UPDATE deployments SET body_hash = ? WHERE deployment_id = ?', [hash, d.id]);
      return existed ? 'updated' : 'inserted';
    },
  };
}
