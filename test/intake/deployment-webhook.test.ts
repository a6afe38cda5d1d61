import { sql } from '@forge/sql';
import { createHash } from 'node:crypto';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { fingerprintOf, saveSourceCredential } from '../../src/storage/source-secrets';
import { asApp, lastSeq, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';

/**
 * The `deployment-webhook` trigger (issue 10 item 3), end to end through the sandbox: CI posts Apache DevLake's
 * deployment body (plus Kaizen's fields) with `Authorization: Bearer`; the trigger authenticates, validates and
 * queues (202, no product call, no SQL); the consumer writes the reporting store (the sandbox's MariaDB behind the
 * real @forge/sql): one row per id, commits replaced on a changed resend, nothing written for the same body again,
 * hotfix keys, and a rolled-back release's problem row.
 */
const SECRET = 'ci-secret-0123456789abcdef-one';
const NEXT_SECRET = 'ci-secret-0123456789abcdef-two';

/** DevLake's documented example body, as a CI that reports to DevLake sends it. */
const devLakeBody = (id: string | number = 'gh-run-1001') => ({
  id,
  displayTitle: 'Release 2026.12.1',
  result: 'SUCCESS',
  environment: 'PRODUCTION',
  name: 'deploy to production',
  createdDate: '2026-12-01T09:58:00+09:00',
  startedDate: '2026-12-01T10:00:00+09:00',
  finishedDate: '2026-12-01T10:05:30.250+09:00',
  deploymentCommits: [
    {
      repoUrl: 'https://github.com/example/shop',
      refName: 'main',
      commitSha: '015e3d3b480e417aede5a1293bd61de9b0fd051d',
      commitMsg: 'Fix the cart total',
      result: 'SUCCESS',
      startedDate: '2026-12-01T10:00:00+09:00',
      finishedDate: '2026-12-01T10:05:30+09:00',
    },
  ],
});

interface DeploymentRow {
  deployment_id: string;
  display_title: string | null;
  name: string | null;
  result: string;
  environment: string;
  outcome: string;
  service: string | null;
  version: string | null;
  pipeline_url: string | null;
  planned: number;
  started_at: string;
  finished_at: string;
  created_at: string | null;
  commit_count: number;
  body_hash: string;
}
interface CommitRow {
  deployment_id: string;
  repo_hash: string;
  commit_sha: string;
  repo_url: string;
  ref_name: string | null;
  commit_msg: string | null;
  result: string | null;
  authored_at: string | null;
}

describe('deployment web trigger', () => {
  let sb: TestSandbox;
  const url = () => sb.webtriggers.urlOf('deployment-webhook')!;
  /** `auth` null: no Authorization header at all. */
  const post = (body: unknown, auth: string | null = `Bearer ${SECRET}`) =>
    fetch(url(), { method: 'POST', headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  /** DATETIME(3) columns as ISO (the engine may leave out a `.000`). */
  const withIsoTimes = <T>(row: T): T =>
    Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([k, v]) => [k, k.endsWith('_at') && typeof v === 'string' ? new Date(`${v.replace(' ', 'T')}Z`).toISOString() : v])) as T;
  const select = async <T>(query: string, ...params: string[]): Promise<T[]> => ((await asApp(() => sql.prepare<T>(query).bindParams(...params).execute())).rows as T[]).map(withIsoTimes);
  const deployment = async (id: string) => (await select<DeploymentRow>('SELECT * FROM deployments WHERE deployment_id = ?', id))[0];
  const commits = (id: string) => select<CommitRow>('SELECT * FROM deployment_commits WHERE deployment_id = ? ORDER BY commit_sha', id);
  /** The app's own SQL calls since `seq` (the test's reads are made as `test`). */
  const appSql = (since: number) => sb.log.list({ kind: 'sql' }).filter((e) => e.caller !== 'test' && e.seq > since);
  const setSecrets = (...values: string[]) =>
    asApp(() => saveSourceCredential('deployments', { secrets: values.map((value) => ({ value, fingerprint: fingerprintOf(value), createdAt: new Date().toISOString() })) }));
  const accepted = async (body: unknown) => {
    const res = await post(body);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 202, body: { accepted: 1 } });
    await sb.idle();
  };

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
  }, 600_000);
  afterAll(() => sb.dispose());

  it('refuses every report while no secret is configured (401), and GET (405)', async () => {
    const res = await post(devLakeBody());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized', reason: 'no-secret-configured' });
    expect((await fetch(url(), { method: 'GET' })).status).toBe(405);
    await setSecrets(SECRET);
  });

  it('takes DevLake’s body as it is: 202 at once, one queue event, no product call and no SQL in the trigger; the consumer stores it', async () => {
    const since = lastSeq(sb);
    sb.queues.stop();
    const pending = sb.queues.status().pending;
    const res = await post(devLakeBody());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });
    expect(sb.queues.status().pending).toBe(pending + 1);
    expect(sb.log.list({ kind: 'product' }).filter((e) => e.seq > since)).toEqual([]);
    expect(appSql(since)).toEqual([]);
    sb.queues.start();
    await sb.idle();

    expect(await deployment('gh-run-1001')).toMatchObject({
      display_title: 'Release 2026.12.1',
      name: 'deploy to production',
      result: 'SUCCESS',
      environment: 'PRODUCTION',
      outcome: 'success',
      service: null,
      version: null,
      pipeline_url: null,
      planned: 1,
      created_at: '2026-12-01T00:58:00.000Z',
      started_at: '2026-12-01T01:00:00.000Z',
      finished_at: '2026-12-01T01:05:30.250Z',
      commit_count: 1,
    });
    const [commit] = await commits('gh-run-1001');
    expect(commit).toMatchObject({
      repo_url: 'https://github.com/example/shop',
      repo_hash: createHash('sha1').update('https://github.com/example/shop').digest('hex'),
      commit_sha: '015e3d3b480e417aede5a1293bd61de9b0fd051d',
      ref_name: 'main',
      commit_msg: 'Fix the cart total',
      result: 'SUCCESS',
      authored_at: null, // no commitAuthoredDate: no lead time, never guessed
    });
  });

  it('defaults as DevLake does (result SUCCESS, environment PRODUCTION), takes a numeric id, epoch milliseconds and "YYYY-MM-DD hh:mm:ss"', async () => {
    const body = devLakeBody(4242) as Record<string, unknown>;
    delete body['result'];
    delete body['environment'];
    body['startedDate'] = Date.UTC(2026, 11, 1, 3, 0, 0);
    body['finishedDate'] = '2026-12-01 03:10:00';
    await accepted(body);
    expect(await deployment('4242')).toMatchObject({ result: 'SUCCESS', environment: 'PRODUCTION', outcome: 'success', started_at: '2026-12-01T03:00:00.000Z', finished_at: '2026-12-01T03:10:00.000Z' });
  });

  it('stores Kaizen’s fields: service, version, pipeline URL, commit authored dates, outcome from a failed result', async () => {
    const body = {
      ...devLakeBody('gl-pipeline-77'),
      result: 'failure',
      service: 'shop-api',
      version: 'v2.4.0',
      pipelineUrl: 'https://gitlab.example.com/shop/-/pipelines/77',
      deploymentCommits: [{ ...devLakeBody().deploymentCommits[0]!, commitAuthoredDate: '2026-11-30T15:00:00Z' }],
    };
    await accepted(body);
    expect(await deployment('gl-pipeline-77')).toMatchObject({ result: 'FAILURE', outcome: 'failed', service: 'shop-api', version: 'v2.4.0', pipeline_url: 'https://gitlab.example.com/shop/-/pipelines/77', planned: 1 });
    expect((await commits('gl-pipeline-77'))[0]).toMatchObject({ authored_at: '2026-11-30T15:00:00.000Z' });
  });

  it('answers 400 naming every bad field, and queues nothing', async () => {
    sb.queues.stop();
    const pending = sb.queues.status().pending;
    const bad = {
      displayTitle: 'x',
      environment: 'P'.repeat(101),
      startedDate: 'yesterday',
      deploymentCommits: [{ repoUrl: 'https://github.com/example/shop', startedDate: '2026-12-01T10:00:00Z', finishedDate: '2026-12-01T10:00:00Z' }],
      pipelineUrl: 'javascript:alert(1)',
      outcome: 'exploded',
      hotfixFor: ['ops-12'],
    };
    const res = await post(bad);
    expect(res.status).toBe(400);
    const { fields } = (await res.json()) as { fields: string[] };
    for (const field of ['id: required', 'environment:', 'startedDate: not a date', 'finishedDate: required', 'deploymentCommits[0].commitSha: required', 'pipelineUrl:', 'outcome:', 'hotfixFor[0]:']) {
      expect(fields.some((f) => f.startsWith(field))).toBe(true);
    }
    const empty = await post({ ...devLakeBody(), deploymentCommits: [] });
    expect(((await empty.json()) as { fields: string[] }).fields).toEqual(['deploymentCommits: at least one commit (as DevLake)']);
    const notJson = await post('{"id": ');
    expect(notJson.status).toBe(400);
    expect(sb.queues.status().pending).toBe(pending);
    sb.queues.start();
  });

  it('answers 401 for a wrong, malformed or missing bearer, naming only what was wrong', async () => {
    for (const [auth, reason] of [
      ['Bearer wrong-secret-0123456789abcdef', 'bad-credentials'],
      [`Basic ${SECRET}`, 'malformed-credentials'],
      [null, 'missing-credentials'],
    ] as const) {
      const res = await post(devLakeBody('never-stored'), auth);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'Unauthorized', reason });
      expect(text).not.toContain(SECRET);
    }
    await sb.idle();
    expect(await deployment('never-stored')).toBeUndefined();
  });

  it('the same report again keeps one row and writes nothing (one SELECT)', async () => {
    const before = await deployment('gh-run-1001');
    const since = lastSeq(sb);
    await accepted(devLakeBody());
    const calls = appSql(since).map((e) => JSON.parse(e.requestBody ?? '{}') as { query: string });
    expect(calls.filter((c) => !/__migrations|CREATE TABLE|ALTER TABLE|CREATE INDEX/.test(c.query)).map((c) => c.query)).toEqual(['SELECT body_hash, received_at FROM deployments WHERE deployment_id = ?']);
    expect(await select('SELECT deployment_id FROM deployments WHERE deployment_id = ?', 'gh-run-1001')).toHaveLength(1);
    expect(await deployment('gh-run-1001')).toEqual(before);
  });

  it('a resend with changed commits replaces them (the dropped one deleted, the new one added, the kept one updated)', async () => {
    const kept = { ...devLakeBody().deploymentCommits[0]!, commitMsg: 'Fix the cart total (amended)' };
    const added = { ...kept, commitSha: 'a'.repeat(40), commitMsg: 'Add the wish list', repoUrl: 'https://github.com/example/web' };
    await accepted({ ...devLakeBody(), deploymentCommits: [added, kept] });
    expect((await commits('gh-run-1001')).map((c) => [c.commit_sha, c.commit_msg])).toEqual([
      ['015e3d3b480e417aede5a1293bd61de9b0fd051d', 'Fix the cart total (amended)'],
      ['a'.repeat(40), 'Add the wish list'],
    ]);
    expect(await deployment('gh-run-1001')).toMatchObject({ commit_count: 2 });
    await accepted({ ...devLakeBody(), deploymentCommits: [added] });
    expect((await commits('gh-run-1001')).map((c) => c.commit_sha)).toEqual(['a'.repeat(40)]);
    expect(await deployment('gh-run-1001')).toMatchObject({ commit_count: 1 });
  });

  it('a rolled-back release gets its release problem row (ci:<id>); reported as a success again, the row goes; not in staging', async () => {
    await accepted({ ...devLakeBody('rel-9'), service: 'shop-api', version: 'v9', outcome: 'rolled_back', problemSummary: 'Payment errors after the release; rolled back to v8' });
    expect(await deployment('rel-9')).toMatchObject({ outcome: 'rolled_back', result: 'SUCCESS' });
    expect(await select('SELECT * FROM release_problems WHERE deployment_id = ?', 'rel-9')).toEqual([
      expect.objectContaining({
        problem_id: 'ci:rel-9',
        class: 'rolled_back',
        deployment_id: 'rel-9',
        service: 'shop-api',
        version: 'v9',
        summary: 'Payment errors after the release; rolled back to v8',
        source: 'ci',
        reported_by: null,
        occurred_at: '2026-12-01T01:05:30.250Z',
        reported_at: expect.any(String),
        issue_key: null,
        incident_id: null,
        review_page_id: null,
        review_page_url: null,
        drill: 0,
      }),
    ]);
    // partially incomplete without a summary: the display title is its summary
    await accepted({ ...devLakeBody('rel-10'), outcome: 'partially_incomplete' });
    expect(await select('SELECT class, summary FROM release_problems WHERE problem_id = ?', 'ci:rel-10')).toEqual([{ class: 'partially_incomplete', summary: 'Release 2026.12.1' }]);
    await accepted({ ...devLakeBody('rel-10'), outcome: 'success' });
    expect(await select('SELECT class FROM release_problems WHERE problem_id = ?', 'ci:rel-10')).toEqual([]);
    // a rollback in staging is not a release problem (nothing reached users)
    await accepted({ ...devLakeBody('rel-11'), environment: 'STAGING', outcome: 'rolled_back' });
    expect(await deployment('rel-11')).toMatchObject({ environment: 'STAGING', outcome: 'rolled_back' });
    expect(await select('SELECT class FROM release_problems WHERE problem_id = ?', 'ci:rel-11')).toEqual([]);
    // `prod` is one of the settings' production environments (the default list): stored as PRODUCTION, so it counts
    await accepted({ ...devLakeBody('rel-12'), environment: 'prod', outcome: 'rolled_back' });
    expect(await deployment('rel-12')).toMatchObject({ environment: 'PRODUCTION' });
    expect(await select('SELECT class FROM release_problems WHERE problem_id = ?', 'ci:rel-12')).toEqual([{ class: 'rolled_back' }]);
  });

  it('stores the incident keys a hotfix addresses (an unplanned deployment), and replaces them on a resend', async () => {
    await accepted({ ...devLakeBody('hotfix-1'), hotfixFor: ['OPS-12', 'OPS-15', 'OPS-12'] });
    const keys = async () => (await select<{ issue_key: string }>('SELECT issue_key FROM deployment_hotfixes WHERE deployment_id = ? ORDER BY issue_key', 'hotfix-1')).map((r) => r.issue_key);
    expect(await keys()).toEqual(['OPS-12', 'OPS-15']);
    expect(await deployment('hotfix-1')).toMatchObject({ planned: 0 });
    await accepted({ ...devLakeBody('hotfix-1'), hotfixFor: ['OPS-15'] });
    expect(await keys()).toEqual(['OPS-15']);
  });

  it('accepts both secrets during a rotation, and only the new one after the old is retired', async () => {
    await setSecrets(NEXT_SECRET, SECRET);
    expect((await post(devLakeBody('rot-1'), `Bearer ${SECRET}`)).status).toBe(202);
    expect((await post(devLakeBody('rot-2'), `bearer ${NEXT_SECRET}`)).status).toBe(202);
    await setSecrets(NEXT_SECRET);
    expect((await post(devLakeBody('rot-3'), `Bearer ${SECRET}`)).status).toBe(401);
    await sb.idle();
    expect(await deployment('rot-1')).toBeDefined();
    expect(await deployment('rot-2')).toBeDefined();
    expect(await deployment('rot-3')).toBeUndefined();
    await setSecrets(SECRET);
  });

  it('keeps hostile text as data: SQL in an id and a title is stored verbatim, the tables intact', async () => {
    const id = "x'); DROP TABLE deployments; --";
    const title = "Robert'); DELETE FROM deployment_commits WHERE ('1'='1 <script>alert(1)</script> \\ \u0000 ☃";
    await accepted({ ...devLakeBody(id), displayTitle: title, service: '`; SELECT SLEEP(10); --', deploymentCommits: [{ ...devLakeBody().deploymentCommits[0]!, commitMsg: title, refName: "main' OR '1'='1" }] });
    expect(await deployment(id)).toMatchObject({ deployment_id: id, display_title: title, service: '`; SELECT SLEEP(10); --' });
    expect((await commits(id))[0]).toMatchObject({ commit_msg: title, ref_name: "main' OR '1'='1" });
    expect((await commits('gh-run-1001')).length).toBeGreaterThan(0);
  });

  it('answers 413 for a body over the alert triggers’ limit', async () => {
    const res = await post({ ...devLakeBody('big'), displayTitle: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });
});
