import { startTestSandbox, type TestSandbox } from '../helpers/test-sandbox';

/** The emulated Jira and Confluence at the cloud's own paths: spec validation, events, faults, conflicts, reset. */
describe('emulated products over HTTP', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.dispose());
  afterEach(() => expect(sb.router.violations).toEqual([]));

  const json = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const createIssue = (summary: unknown, headers: Record<string, string> = {}) =>
    sb.http('/rest/api/3/issue', { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Incident' }, summary } }) });

  it('answers plain HTTP at the cloud paths, as the default user', async () => {
    const me = await sb.http('/rest/api/3/myself');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ accountId: '557058:aiko-sato' });
    const created = await createIssue('Disk full on db-1');
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const got = (await (await sb.http(`/rest/api/3/issue/${key}?fields=summary,status`)).json()) as { fields: { summary: string } };
    expect(got.fields.summary).toBe('Disk full on db-1');
  });

  it('rejects a request the official document forbids, with the reason', async () => {
    const res = await createIssue(42);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errorMessages: string[]; errors: Record<string, string> };
    expect(JSON.stringify(body)).toMatch(/summary/);
    const badQuery = await sb.http('/rest/api/3/search/jql?jql=project%3DOPS&maxResults=lots');
    expect(badQuery.status).toBe(400);
    expect(JSON.stringify(await badQuery.json())).toMatch(/maxResults/);
    const missingQuery = await sb.http('/rest/api/3/mypermissions');
    expect(missingQuery.status).toBe(400);
    expect(JSON.stringify(await missingQuery.json())).toMatch(/permissions/);
    expect((await sb.http('/rest/api/3/no-such-thing')).status).toBe(404);
    expect((await sb.http('/rest/api/3/myself', { method: 'DELETE' })).status).toBe(405);
    const notJson = await sb.http('/rest/api/3/issue', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('answers 501 for a valid operation the sandbox does not emulate, rather than pretending', async () => {
    const res = await sb.http('/rest/api/3/serverInfo');
    expect([200, 501]).toContain(res.status);
    if (res.status === 501) expect(JSON.stringify(await res.json())).toMatch(/not emulated/);
  });

  it('acts as the named user, and answers 401 for unknown credentials', async () => {
    const basic = `Basic ${Buffer.from('ben@example.com:token').toString('base64')}`;
    expect(await (await sb.http('/rest/api/3/myself', { headers: { Authorization: basic } })).json()).toMatchObject({ accountId: '557058:ben-carter' });
    const nobody = `Basic ${Buffer.from('nobody@example.com:token').toString('base64')}`;
    expect((await sb.http('/rest/api/3/myself', { headers: { Authorization: nobody } })).status).toBe(401);
    expect((await sb.http('/rest/api/3/myself', { headers: { 'X-Sandbox-User': 'anonymous' } })).status).toBe(401);
  });

  it('injects faults: the next N matching requests answer 429 with Retry-After, 500 or 409', async () => {
    const add = await sb.http('/__sandbox/faults', { method: 'POST', headers: json, body: JSON.stringify({ path: '/rest/api/3/myself', status: 429, count: 2, retryAfterSeconds: 7 }) });
    expect(add.status).toBe(201);
    const first = await sb.http('/rest/api/3/myself');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await sb.http('/rest/api/3/myself')).status).toBe(429);
    expect((await sb.http('/rest/api/3/myself')).status).toBe(200);
    await sb.http('/__sandbox/faults', { method: 'POST', headers: json, body: JSON.stringify({ path: '/^\\/rest\\/api\\/3\\/issue$/', method: 'POST', status: 500 }) });
    expect((await createIssue('x')).status).toBe(500);
    expect((await createIssue('y')).status).toBe(201);
    const bad = await sb.http('/__sandbox/faults', { method: 'POST', headers: json, body: JSON.stringify({ path: '/x', status: 404 }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/status/);
    const log = sb.log.list({ kind: 'product' }).filter((e) => e.fault);
    expect(log.length).toBe(3);
  });

  it('answers 409 for a Confluence page update with a stale version, keeping the newer body', async () => {
    const spaces = (await (await sb.http('/wiki/api/v2/spaces?keys=OPS')).json()) as { results: Array<{ id: string }> };
    const spaceId = spaces.results[0]!.id;
    const created = await sb.http('/wiki/api/v2/pages', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ spaceId, status: 'current', title: 'Conflict test', body: { representation: 'storage', value: '<p>v1</p>' } }),
    });
    expect(created.status).toBe(200);
    const page = (await created.json()) as { id: string; version: { number: number } };
    const update = (n: number, text: string) =>
      sb.http(`/wiki/api/v2/pages/${page.id}`, {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({ id: page.id, status: 'current', title: 'Conflict test', body: { representation: 'storage', value: `<p>${text}</p>` }, version: { number: n } }),
      });
    expect((await update(2, 'person edit')).status).toBe(200);
    const stale = await update(2, 'stale app edit');
    expect(stale.status).toBe(409);
    const latest = (await (await sb.http(`/wiki/api/v2/pages/${page.id}?body-format=storage`)).json()) as { body: { storage: { value: string } }; version: { number: number } };
    expect(latest.version.number).toBe(2);
    expect(latest.body.storage.value).toContain('person edit');
  });

  it('delivers Jira product events to the app trigger, skipping self-generated ones under ignoreSelf', async () => {
    const byUser = (await (await createIssue('made by a person')).json()) as { key: string };
    await fetch(sb.webtriggers.urlOf('enqueue-hook')!, { method: 'POST', body: JSON.stringify({ id: 'by-app', mode: 'jira' }) });
    await sb.idle();
    expect(sb.kvsGet(`event:${byUser.key}:avi:jira:created:issue`)).toEqual({ selfGenerated: false });
    const byApp = sb.kvsGet<{ status: number; body: { key: string } }>('jira:by-app')!;
    expect(byApp.status).toBe(201);
    expect(sb.kvsGet(`event:${byApp.body.key}:avi:jira:created:issue`)).toBeUndefined();
    // the app's own request is logged with the calling function
    const appCall = sb.log.list({ kind: 'product' }).find((e) => e.caller === 'work-fn' && e.method === 'POST');
    expect(appCall).toMatchObject({ path: '/rest/api/3/issue', status: 201, operationId: 'createIssue', actor: 'app' });
  });

  it('keeps product state across a restart, and reset returns to the seed keeping web trigger URLs', async () => {
    const { key } = (await (await createIssue('survives restart')).json()) as { key: string };
    const url = sb.webtriggers.urlOf('echo-hook');
    const dataDir = sb.dataDir;
    await sb.close();
    sb = await startTestSandbox({ dataDir });
    expect((await sb.http(`/rest/api/3/issue/${key}`)).status).toBe(200);
    expect(sb.webtriggers.urlOf('echo-hook')!.replace(/:\d+/, '')).toBe(url!.replace(/:\d+/, ''));
    expect((await sb.http('/__sandbox/reset', { method: 'POST' })).status).toBe(200);
    expect((await sb.http(`/rest/api/3/issue/${key}`)).status).toBe(404);
    expect((await sb.http('/rest/api/3/project/OPS')).status).toBe(200);
    expect(sb.webtriggers.urlOf('echo-hook')!.replace(/:\d+/, '')).toBe(url!.replace(/:\d+/, ''));
    expect(sb.log.list()).toHaveLength(2);
  });
});
