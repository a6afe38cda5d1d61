import { sql } from '@forge/sql';
import { randomUUID } from 'node:crypto';
import { validateStorage } from '../../sandbox/formats/storage';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { saveIntakeSettings } from '../../src/storage/settings';
import { createDeploymentStore } from '../../src/storage/sql/deployments';
import { createReleaseProblemStore } from '../../src/storage/sql/release-problems';
import type { DeploymentRecord } from '../../src/usecases/deployments/deployment-ports';
import { release } from '../helpers/metrics-seed';
import { getJson, storedIncidents } from '../helpers/incidents';
import { asApp, lastSeq, productWrites, refusedAppRequests, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issueAction, USERS } from './call-resolver';

/**
 * "Report a release problem" (issue 10 item 4, DESIGN 3.4) through the sandbox: the issue action's resolvers as the
 * platform invokes them, Jira and Confluence validated against Atlassian's documents, the reporting store on the
 * sandbox's MariaDB. Rolled back / partially incomplete → a light review page (en, ja), the issue's link to it, one
 * comment, the row; the same request again → `already`, nothing written; caused an outage → an incident declared
 * and counted against the deployment; refusals; hostile text escaped; CI's reports → pages made by housekeeping, once.
 */
const H = 3_600_000;

interface ProblemRow {
  problem_id: string;
  class: string;
  deployment_id: string | null;
  service: string | null;
  version: string | null;
  summary: string;
  source: string;
  reported_by: string | null;
  occurred_at: string;
  issue_key: string | null;
  incident_id: string | null;
  review_page_id: string | null;
  review_page_url: string | null;
  drill: number;
}

describe('report a release problem', () => {
  let sb: TestSandbox;
  let task: { id: string; key: string };
  const now = Date.now();

  const deployment = (id: string, finishedOffsetMs: number, over: Partial<DeploymentRecord> = {}): DeploymentRecord => release(id, new Date(now + finishedOffsetMs).toISOString(), over);

  async function newTask(summary: string): Promise<{ id: string; key: string }> {
    const res = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-User': USERS.aiko },
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary } }),
    });
    expect(res.status).toBe(201);
    await sb.idle();
    return (await res.json()) as { id: string; key: string };
  }
  const form = async (who: string, on = task) => RESOLVERS.getReleaseProblemForm.response.parse(await callResolver(sb, issueAction(on), 'getReleaseProblemForm', {}, who));
  const report = async (payload: Record<string, unknown>, who: string = USERS.ben, on = task) =>
    RESOLVERS.reportReleaseProblem.response.parse(await callResolver(sb, issueAction(on), 'reportReleaseProblem', payload, who));
  const request = (over: Record<string, unknown> = {}) => ({
    requestId: randomUUID(),
    class: 'rolled_back',
    deploymentId: 'dep-live',
    service: null,
    version: null,
    summary: 'Rolled back: payments returned 502 after the release',
    occurredAt: new Date(now - 10 * 60_000).toISOString(),
    ...over,
  });
  const row = async (problemId: string): Promise<ProblemRow | undefined> =>
    (await asApp(() => sql.prepare<ProblemRow>('SELECT * FROM release_problems WHERE problem_id = ?').bindParams(problemId).execute())).rows[0];
  const reviewRow = async (pageId: string) => (await asApp(() => sql.prepare<Record<string, unknown>>('SELECT * FROM retrospectives WHERE page_id = ?').bindParams(pageId).execute())).rows[0];
  const page = async (id: string) => getJson<{ title: string; parentId: string; body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${id}?body-format=storage`);
  const pagesTitled = async (title: string) => (await getJson<{ results: Array<{ id: string }> }>(sb, `/wiki/api/v2/pages?title=${encodeURIComponent(title)}`)).results;
  const retrospectivesParentId = async () => (await pagesTitled('Retrospectives'))[0]!.id;
  const remoteLinks = async (key: string) => getJson<Array<{ globalId?: string; object: { url: string; title: string } }>>(sb, `/rest/api/3/issue/${key}/remotelink`);
  const comments = async (key: string) => (await getJson<{ comments: Array<{ body: unknown }> }>(sb, `/rest/api/3/issue/${key}/comment`)).comments;
  const runHousekeeping = async () => {
    expect((await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' })).ok).toBe(true);
    await sb.idle();
  };

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    task = await newTask('Release 2026.12 of checkout');
    const store = createDeploymentStore();
    const receivedAt = new Date().toISOString();
    for (const d of [
      deployment('dep-old', -3 * H),
      deployment('dep-live', -1 * H),
      deployment('dep-staging', -0.5 * H, { environment: 'STAGING', service: 'search' }),
    ]) {
      await asApp(() => store.record(d, receivedAt));
    }
  }, 600_000);
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  it('the form: the issue, the recent production deployments newest first, and what the caller may do', async () => {
    const answer = await form(USERS.ben);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.data).toMatchObject({ issue: { key: task.key, summary: 'Release 2026.12 of checkout' }, canReport: true, canDeclare: true, incidentProjectKey: 'OPS' });
    expect(answer.data.deployments.map((d) => d.id)).toEqual(['dep-live', 'dep-old']);
    expect(answer.data.deployments[0]).toMatchObject({ title: 'Release dep-live', service: 'checkout', version: 'v-dep-live', environment: 'PRODUCTION', pipelineUrl: 'https://ci.example.com/pipelines/dep-live' });
    const viewer = await form(USERS.viewer);
    expect(viewer.ok && viewer.data).toMatchObject({ canReport: false, canDeclare: false });
  });

  it('rolled back → a light review page under Retrospectives, the issue links it, one comment, the row; three product writes', async () => {
    const since = lastSeq(sb);
    const payload = request();
    const answer = await report(payload);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const problemId = `person:${payload.requestId}`;
    expect(answer.data).toMatchObject({ outcome: 'reported', problemId, class: 'rolled_back' });
    const review = answer.data.reviewPage!;
    expect(review.title).toMatch(/^Release review \(Rolled back\): checkout v-dep-live — Rolled back: payments returned 502 after the release \[[0-9a-f]{8}\]$/);
    await sb.idle();
    expect(productWrites(sb, since).map((w) => w.operationId)).toEqual(['createPage', 'createOrUpdateRemoteIssueLink', 'addComment']);

    const made = await page(review.id);
    expect(made.title).toBe(review.title);
    expect(made.parentId).toBe(await retrospectivesParentId());
    const storage = made.body.storage.value;
    expect(validateStorage(storage)).toEqual({ ok: true });
    for (const heading of ['What was planned', 'What happened', '5 whys', 'Prevention', 'Action items']) expect(storage).toContain(`<h2>${heading}</h2>`);
    // the facts: deployment (linked to its pipeline), service, version, when, who reported it, where
    expect(storage).toContain('Release dep-live');
    expect(storage).toContain('href="https://ci.example.com/pipelines/dep-live"');
    expect(storage).toContain('v-dep-live');
    expect(storage).toContain(`ri:account-id="${USERS.ben}"`);
    expect(storage).toContain(`<ac:parameter ac:name="key">${task.key}</ac:parameter>`);
    // the action items table has the retrospective's columns
    for (const column of ['Action', 'Type', 'Owner', 'Due', 'Priority', 'Jira']) expect(storage).toContain(`<th><p>${column}</p></th>`);

    const links = await remoteLinks(task.key);
    expect(links.filter((l) => l.object.url === review.url)).toHaveLength(1);
    expect(links.find((l) => l.object.url === review.url)!.globalId).toBe(`kaizen-release-review=${problemId}`);
    const posted = (await comments(task.key)).filter((c) => JSON.stringify(c.body).includes(review.title));
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]!.body)).toContain('Release problem reported (Rolled back) by Ben Carter');

    expect(await row(problemId)).toMatchObject({
      class: 'rolled_back',
      deployment_id: 'dep-live',
      service: 'checkout',
      version: 'v-dep-live',
      summary: 'Rolled back: payments returned 502 after the release',
      source: 'person',
      reported_by: USERS.ben,
      incident_id: null,
      review_page_id: review.id,
      review_page_url: review.url,
      drill: 0,
    });
    // the library's row for the review page (no incident, no level), naming the issue it was reported on
    expect(await reviewRow(review.id)).toMatchObject({ kind: 'release-review', problem_id: problemId, incident_id: null, issue_key: task.key, title: review.title, url: review.url, language: 'en', status: 'published', level: null, service: 'checkout', drill: 0 });

    // the same request again (a retry): `already`, the same page, nothing written
    const again = lastSeq(sb);
    const retry = await report(payload);
    expect(retry).toMatchObject({ ok: true, data: { outcome: 'already', problemId, reviewPage: { id: review.id, title: review.title } } });
    await sb.idle();
    expect(productWrites(sb, again)).toEqual([]);
    expect(await pagesTitled(review.title)).toHaveLength(1);
  });

  it('a double click (two calls at once with one request id) reports once: one page, one comment, one row', async () => {
    const payload = request({ class: 'partially_incomplete', deploymentId: null, service: 'search', version: '4.2.0', summary: 'Index migration stopped half way' });
    const answers = await Promise.all([report(payload), report(payload)]);
    await sb.idle();
    const outcomes = answers.map((a) => (a.ok ? a.data.outcome : a.error.code)).sort();
    expect(outcomes).toEqual(['already', 'reported']);
    const reported = answers.find((a) => a.ok && a.data.outcome === 'reported');
    const title = reported!.ok ? reported!.data.reviewPage!.title : '';
    expect(title).toMatch(/^Release review \(Partially incomplete\): search 4\.2\.0 — Index migration stopped half way \[/);
    expect(await pagesTitled(title)).toHaveLength(1);
    expect((await comments(task.key)).filter((c) => JSON.stringify(c.body).includes('Index migration stopped half way'))).toHaveLength(1);
    const stored = await row(`person:${payload.requestId}`);
    expect(stored).toMatchObject({ class: 'partially_incomplete', deployment_id: null, service: 'search', version: '4.2.0' });
    // the page says nothing was given for the deployment
    expect((await page(stored!.review_page_id!)).body.storage.value).toContain('<em>Not given</em>');
  });

  it('a report left unfinished (the call crashed after its row): within the lease `already`, nothing written; after it, resumed once', async () => {
    const payload = request({ summary: 'Feature flag rollout stopped at 30%' });
    const problemId = `person:${payload.requestId}`;
    const store = createReleaseProblemStore();
    const claimed = (reportedAt: string) =>
      asApp(() =>
        store.insertIfAbsent({ problemId, class: 'rolled_back', deploymentId: 'dep-live', service: 'checkout', version: 'v-dep-live', summary: payload.summary, source: 'person', reportedBy: USERS.ben, occurredAt: payload.occurredAt, reportedAt, issueKey: null, incidentId: null, drill: false }),
      );
    // another call owns it right now: nothing is written, the answer says it is reported
    expect(await claimed(new Date().toISOString())).toBe(true);
    let since = lastSeq(sb);
    expect(await report(payload)).toEqual({ ok: true, data: { outcome: 'already', problemId, class: 'rolled_back' } });
    await sb.idle();
    expect(productWrites(sb, since)).toEqual([]);
    // its owner crashed long ago: the next call makes the page, the link and the comment, and records the page
    await asApp(() => sql.prepare("UPDATE release_problems SET reported_at = '2020-01-01 00:00:00.000' WHERE problem_id = ?").bindParams(problemId).execute());
    since = lastSeq(sb);
    const resumed = await report(payload);
    expect(resumed).toMatchObject({ ok: true, data: { outcome: 'already', problemId, reviewPage: { title: expect.stringContaining('Feature flag rollout stopped at 30%') } } });
    await sb.idle();
    expect(productWrites(sb, since).map((w) => w.operationId)).toEqual(['createPage', 'createOrUpdateRemoteIssueLink', 'addComment']);
    expect((await row(problemId))?.review_page_id).toBe(resumed.ok ? resumed.data.reviewPage!.id : '');
  });

  it('in Japanese: the page language of the settings, its sections and facts in Japanese', async () => {
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja' }));
    try {
      const answer = await report(request({ summary: '決済 API のリリースを切り戻した' }));
      expect(answer.ok).toBe(true);
      if (!answer.ok) return;
      const review = answer.data.reviewPage!;
      expect(review.title).toMatch(/^リリースレビュー（切り戻し）: checkout v-dep-live — 決済 API のリリースを切り戻した \[[0-9a-f]{8}\]$/);
      const storage = (await page(review.id)).body.storage.value;
      for (const heading of ['予定していた内容', '実際に起きたこと', 'なぜなぜ分析', '再発防止策', 'アクションアイテム']) expect(storage).toContain(`<h2>${heading}</h2>`);
      for (const label of ['リリース時の問題', '発生日時', '報告者', 'デプロイ', 'サービス', 'バージョン']) expect(storage).toContain(`<th><p>${label}</p></th>`);
      expect(storage).toContain('JST');
      for (const column of ['アクション', '担当者', '期限', '優先度']) expect(storage).toContain(column);
      await sb.idle();
      const posted = (await comments(task.key)).filter((c) => JSON.stringify(c.body).includes(review.title));
      expect(JSON.stringify(posted[0]!.body)).toContain('Ben Carter さんがリリース障害（切り戻し）を報告しました');
    } finally {
      await asApp(() => saveIntakeSettings({ pageLanguage: 'en' }));
    }
  });

  it('caused an outage → an incident declared as the reporter (a new Incident issue), counted against the deployment, and the row', async () => {
    const payload = request({ class: 'caused_outage', level: 'SEV2', summary: 'Checkout down after release dep-live', occurredAt: new Date(now - 30 * 60_000).toISOString() });
    const answer = await report(payload);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.data).toMatchObject({ outcome: 'reported', class: 'caused_outage' });
    expect(answer.data.reviewPage).toBeUndefined();
    const key = answer.data.incident!.issueKey;
    expect(key).not.toBe(task.key);
    await sb.idle();
    const incident = storedIncidents(sb).find((i) => i.issue?.key === key)!;
    expect(incident).toMatchObject({
      title: 'Checkout down after release dep-live',
      level: 'SEV2',
      drill: false,
      impactStartedAt: payload.occurredAt,
      declared: { by: { accountId: USERS.ben } },
      attribution: { mode: 'manual', deploymentId: 'dep-live', setBy: { accountId: USERS.ben } },
    });
    const issue = await getJson<{ fields: { issuetype: { name: string }; summary: string } }>(sb, `/rest/api/3/issue/${key}?fields=issuetype,summary`);
    expect(issue.fields).toMatchObject({ issuetype: { name: 'Incident' }, summary: '[SEV2] Checkout down after release dep-live' });
    expect(await row(answer.data.problemId)).toMatchObject({ class: 'caused_outage', deployment_id: 'dep-live', incident_id: incident.id, issue_key: key, review_page_id: null, source: 'person' });
    // the incident's fact row counts it against the deployment
    const fact = (await asApp(() => sql.prepare<{ attribution_mode: string; attributed_deployment_id: string }>('SELECT attribution_mode, attributed_deployment_id FROM incident_facts WHERE incident_id = ?').bindParams(incident.id).execute())).rows[0];
    expect(fact).toEqual({ attribution_mode: 'manual', attributed_deployment_id: 'dep-live' });
    // the issue it was reported on says so, once
    expect((await comments(task.key)).filter((c) => JSON.stringify(c.body).includes(key))).toHaveLength(1);

    // again: the same incident, `already`, no second incident
    const since = lastSeq(sb);
    expect(await report(payload)).toMatchObject({ ok: true, data: { outcome: 'already', incident: { issueKey: key } } });
    await sb.idle();
    expect(productWrites(sb, since)).toEqual([]);
    expect(storedIncidents(sb).filter((i) => i.title === 'Checkout down after release dep-live')).toHaveLength(1);
  });

  it('an outage whose incident issue Jira refuses keeps nothing: no incident, no row; the form may be sent again', async () => {
    const payload = request({ class: 'caused_outage', level: 'SEV3', summary: 'Refused outage report' });
    sb.faults.add({ path: '/rest/api/3/issue', method: 'POST', status: 409, count: 1 });
    try {
      expect(await report(payload)).toMatchObject({ ok: false, error: { code: 'product-refused' } });
    } finally {
      sb.faults.clear();
    }
    expect(await row(`person:${payload.requestId}`)).toBeUndefined();
    expect(storedIncidents(sb).some((i) => i.title === 'Refused outage report')).toBe(false);
    // sent again (Jira accepts it now): reported
    expect(await report(payload)).toMatchObject({ ok: true, data: { outcome: 'reported', incident: { issueKey: expect.stringMatching(/^OPS-/) } } });
  });

  it('refusals: a viewer (edit-not-allowed), a time in the future (time-rule), an outage without a level, an unknown deployment — nothing kept', async () => {
    const viewer = request();
    expect(await report(viewer, USERS.viewer)).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
    expect(await row(`person:${viewer.requestId}`)).toBeUndefined();

    const future = request({ occurredAt: new Date(now + 24 * H).toISOString() });
    expect(await report(future)).toMatchObject({ ok: false, error: { code: 'time-rule', fields: [{ field: 'occurredAt', message: 'not-in-future' }] } });
    expect(await row(`person:${future.requestId}`)).toBeUndefined();

    const noLevel = request({ class: 'caused_outage' });
    expect(await report(noLevel)).toMatchObject({ ok: false, error: { code: 'bad-request', fields: [{ field: 'level' }] } });
    const staging = request({ deploymentId: 'dep-staging' });
    expect(await report(staging)).toMatchObject({ ok: false, error: { code: 'unknown-deployment', fields: [{ field: 'deploymentId' }] } });
    const nothing = request({ deploymentId: null, service: null });
    expect(await report(nothing)).toMatchObject({ ok: false, error: { code: 'bad-request', fields: [{ field: 'service' }] } });
    // the payload's schema: a request id that is not the form's, an unknown field
    expect(await report(request({ requestId: 'x' }))).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await report({ ...request(), extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('extra') } });
    for (const r of [noLevel, staging, nothing]) expect(await row(`person:${r.requestId}`)).toBeUndefined();
  });

  it('hostile text is escaped in the page, the title and the comment', async () => {
    const hostile = '<script>alert(1)</script> & ]]> <ac:structured-macro ac:name="html">x</ac:structured-macro> {name}';
    const answer = await report(request({ deploymentId: null, service: '"><img src=x onerror=alert(1)>', version: '1.0 & <b>', summary: hostile }));
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const storage = (await page(answer.data.reviewPage!.id)).body.storage.value;
    expect(validateStorage(storage)).toEqual({ ok: true });
    expect(storage).not.toContain('<script>');
    expect(storage).not.toContain('<img');
    expect(storage).not.toContain('<ac:structured-macro ac:name="html"');
    expect(storage).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;');
    expect(storage).toContain('"&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(storage).toContain('&lt;ac:structured-macro ac:name="html"&gt;x&lt;/ac:structured-macro&gt; {name}');
    expect(answer.data.reviewPage!.title).toContain('<script>alert(1)</script>');
    await sb.idle();
    const posted = (await comments(task.key)).find((c) => JSON.stringify(c.body).includes('alert(1)'))!;
    // an ADF text node, never markup
    expect(JSON.stringify(posted.body)).toContain('{"type":"text","text":"<script>alert(1)</script>');
  });

  it('CI reports a rolled-back release → the five-minute housekeeping makes its light review page once, as the app', async () => {
    await asApp(() =>
      createDeploymentStore().record(deployment('dep-ci', -0.2 * H, { outcome: 'rolled_back', result: 'FAILURE', version: '2.0.0', problemSummary: 'Canary errors: rolled back automatically' }), new Date().toISOString()),
    );
    expect(await row('ci:dep-ci')).toMatchObject({ source: 'ci', class: 'rolled_back', review_page_id: null });
    await runHousekeeping();
    const made = await row('ci:dep-ci');
    expect(made?.review_page_id).toBeTruthy();
    const reviewed = await page(made!.review_page_id!);
    expect(reviewed.title).toMatch(/^Release review \(Rolled back\): checkout 2\.0\.0 — Canary errors: rolled back automatically \[[0-9a-f]{8}\]$/);
    expect(reviewed.parentId).toBe(await retrospectivesParentId());
    expect(reviewed.body.storage.value).toContain('CI (deployment web trigger)');
    expect(await reviewRow(made!.review_page_id!)).toMatchObject({ kind: 'release-review', problem_id: 'ci:dep-ci', issue_key: null, status: 'published' });
    const createdBy = sb.log.list({ kind: 'product' }).filter((e) => e.operationId === 'createPage' && e.caller === 'housekeeping-fn');
    expect(createdBy).toHaveLength(1);
    expect(createdBy[0]!.actor).toBe('app');

    // again: nothing more (the row has its page)
    const since = lastSeq(sb);
    await runHousekeeping();
    expect(productWrites(sb, since).filter((w) => w.operationId === 'createPage')).toEqual([]);
    expect(await pagesTitled(reviewed.title)).toHaveLength(1);
  });

  it('at most three pages a run: a burst of CI reports is worked through over the next runs, each page once', async () => {
    const ids = ['burst-1', 'burst-2', 'burst-3', 'burst-4'];
    for (const id of ids) {
      await asApp(() => createDeploymentStore().record(deployment(id, -0.05 * H, { outcome: 'rolled_back', service: 'search', version: id, problemSummary: `Rolled back ${id}` }), new Date().toISOString()));
    }
    const reviewed = async () => (await Promise.all(ids.map((id) => row(`ci:${id}`)))).filter((r) => r?.review_page_id).length;
    await runHousekeeping();
    expect(await reviewed()).toBe(3);
    await runHousekeeping();
    expect(await reviewed()).toBe(4);
    for (const id of ids) expect(await pagesTitled((await page((await row(`ci:${id}`))!.review_page_id!)).title)).toHaveLength(1);
  });

  it('a run that crashed after making the page (its claim passed) finds it by its title instead of making a second', async () => {
    await asApp(() =>
      createDeploymentStore().record(deployment('dep-ci-2', -0.1 * H, { outcome: 'partially_incomplete', version: '2.0.1', problemSummary: 'Two of five regions updated' }), new Date().toISOString()),
    );
    await runHousekeeping();
    const first = await row('ci:dep-ci-2');
    const title = (await page(first!.review_page_id!)).title;
    // as if the page had been made and the run had crashed before recording it, its claim long passed
    await asApp(() => sql.prepare("UPDATE release_problems SET review_page_id = NULL, review_page_url = NULL, review_claimed_until = '2000-01-01 00:00:00.000' WHERE problem_id = ?").bindParams('ci:dep-ci-2').execute());
    const since = lastSeq(sb);
    await runHousekeeping();
    expect(productWrites(sb, since).filter((w) => w.operationId === 'createPage')).toEqual([]);
    expect(await row('ci:dep-ci-2')).toMatchObject({ review_page_id: first!.review_page_id });
    expect(await pagesTitled(title)).toHaveLength(1);
  });
});
