import { fixture, productWrites, lastSeq, sendAs, startKaizenSandbox, incidentIssues, refusedAppRequests } from '../helpers/kaizen-sandbox';
import { alertKeysOf, getJson, onlyIncident, storedIncidents } from '../helpers/incidents';
import type { TestSandbox } from '../helpers/test-sandbox';

/**
 * One incident's whole life through the sandbox (web trigger → queue → consumer → emulated Jira/Confluence):
 * Mackerel warning → critical, an Opsgenie alert relaying it, acknowledge and note, Mackerel ok, flapping.
 */
describe('an incident from alerts', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb.dispose());
  afterEach(() => {
    expect(sb.router.violations).toEqual([]);
    expect(sb.queues.deadLetters()).toEqual([]);
    // every request the app made was one the official documents allow
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  const send = async (source: 'mackerel' | 'opsgenie', file: string) => {
    const res = await sendAs(sb, source, fixture(source, file));
    expect(res.status).toBe(202);
    await sb.idle();
  };

  it('a first alert opens one incident with exactly three product writes: issue, page, link', async () => {
    const since = lastSeq(sb);
    await send('mackerel', 'host-warning.json');
    expect(productWrites(sb, since).map((w) => `${w.operationId}:${w.status}`)).toEqual(['createIssue:201', 'createPage:200', 'createOrUpdateRemoteIssueLink:201']);

    const incident = onlyIncident(sb);
    expect(incident).toMatchObject({ state: 'open', level: 'SEV3', linked: true, impactStartedAt: '2025-06-10T01:23:45.000Z' });
    const issues = await incidentIssues(sb);
    expect(issues.map((i) => i.key)).toEqual([incident.issue!.key]);
    const fields = issues[0]!.fields as { summary: string; issuetype: { name: string }; labels: string[]; priority: { name: string }; description: unknown };
    expect(fields.issuetype.name).toBe('Incident');
    expect(fields.summary).toContain('CPU使用率（本番Web）');
    expect(fields.labels).toEqual(expect.arrayContaining(['kaizen', 'kaizen-source-mackerel']));
    expect(fields.priority.name).toBe('Medium');
    const descriptionText = JSON.stringify(fields.description);
    expect(descriptionText).toContain('https://mackerel.io/orgs/example-corp/alerts/4Ksb2dWqJ7m');

    const property = await getJson<{ value: { id: string } }>(sb, `/rest/api/3/issue/${incident.issue!.key}/properties/kaizen-incident`);
    expect(property.value.id).toBe(incident.id);

    const page = await getJson<{ title: string; parentId: string; body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${incident.page!.id}?body-format=storage`);
    expect(page.title).toContain(incident.issue!.key);
    const parents = await getJson<{ results: Array<{ id: string }> }>(sb, `/wiki/api/v2/pages?title=Incidents`);
    expect(page.parentId).toBe(parents.results[0]!.id);
    expect(page.body.storage.value).toContain(`<ac:parameter ac:name="key">${incident.issue!.key}</ac:parameter>`);

    const links = await getJson<Array<{ globalId: string; object: { url: string } }>>(sb, `/rest/api/3/issue/${incident.issue!.key}/remotelink`);
    expect(links).toHaveLength(1);
    expect(links[0]!.object.url).toBe(incident.page!.url);
  });

  it('the same alert re-sent with no change costs no product write', async () => {
    const since = lastSeq(sb);
    await send('mackerel', 'host-warning.json');
    expect(productWrites(sb, since)).toEqual([]);
    expect(storedIncidents(sb)).toHaveLength(1);
  });

  it('warning → critical raises the level, says so in one comment, and the issue follows in one edit', async () => {
    const since = lastSeq(sb);
    await send('mackerel', 'host-critical.json');
    const incident = onlyIncident(sb);
    expect(incident.level).toBe('SEV2');
    expect(productWrites(sb, since).map((w) => w.operationId)).toEqual(['addComment', 'editIssue']);
    const [issue] = await incidentIssues(sb);
    expect(issue!.fields).toMatchObject({ summary: expect.stringMatching(/^\[SEV2\] /), priority: { name: 'High' } });
  });

  it('an Opsgenie alert relaying the Mackerel alert joins the incident; its acknowledge and note update it', async () => {
    await send('opsgenie', 'create.json');
    await send('opsgenie', 'acknowledge.json');
    await send('opsgenie', 'addnote.json');
    const incident = onlyIncident(sb);
    expect(alertKeysOf(sb, incident.id)).toEqual(['mackerel:4Ksb2dWqJ7m', 'opsgenie:5e2f9c3a-7b41-4d0e-9a6c-3f1d2b8e4a71']);
    expect(incident.alertCounts).toEqual({ firing: 1, acknowledged: 1, resolved: 0 });
    expect(incident.state).toBe('acknowledged');
    expect(incident.acknowledgedAt).toBeDefined();
    expect(await incidentIssues(sb)).toHaveLength(1);
  });

  it('when every alert resolves, the recovery time is recorded, the page timeline frozen, and a comment says so', async () => {
    await send('opsgenie', 'close.json');
    expect(onlyIncident(sb).state).toBe('acknowledged');
    const since = lastSeq(sb);
    await send('mackerel', 'host-ok.json');
    const incident = onlyIncident(sb);
    expect(incident.state).toBe('recovered');
    expect(incident.recoveredBy).toBe('alerts');
    expect(incident.recoveredAt).toBeDefined();
    expect(incident.timelineFrozenAt).toBe(incident.recoveredAt);
    const ops = productWrites(sb, since).map((w) => w.operationId);
    expect(ops).toContain('updatePage');
    const page = await getJson<{ body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${incident.page!.id}?body-format=storage`);
    expect(page.body.storage.value).toContain('CPU使用率（本番Web）');
    // the pending entries end up in a comment within the coalescing window (a delayed flush in compressed time)
    await sb.idle();
    const comments = await getJson<{ comments: Array<{ body: unknown }> }>(sb, `/rest/api/3/issue/${incident.issue!.key}/comment`);
    expect(JSON.stringify(comments.comments.at(-1)!.body)).toMatch(/recover|復旧/i);
    expect(onlyIncident(sb).pendingComment).toEqual([]);
  });

  it('the alert firing again within the window reopens the same incident (flapping), no new issue', async () => {
    const since = lastSeq(sb);
    const again = JSON.parse(fixture('mackerel', 'host-warning.json')) as { alert: { openedAt: number; createdAt: number } };
    again.alert.openedAt += 20 * 60;
    again.alert.createdAt += 20 * 60 * 1000;
    expect((await sendAs(sb, 'mackerel', JSON.stringify(again))).status).toBe(202);
    await sb.idle();
    const incident = onlyIncident(sb);
    expect(incident).toMatchObject({ state: 'open', reopenCount: 1 });
    expect(incident.recoveredAt).toBeUndefined();
    expect(productWrites(sb, since).map((w) => w.operationId)).not.toContain('createIssue');
    expect(await incidentIssues(sb)).toHaveLength(1);
  });
});
