import { SITE, TestJira, doc } from './test-request';

describe('Jira emulator: issue links', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  const links = (key: string) => (t.call('GET', `/rest/api/3/issue/${key}?fields=issuelinks`).body as { fields: { issuelinks: Array<Record<string, any>> } }).fields.issuelinks;

  it('lists the seeded link types including Problem/Incident', () => {
    const body = t.call('GET', '/rest/api/3/issueLinkType').body as { issueLinkTypes: Array<{ name: string; inward: string; outward: string }> };
    expect(body.issueLinkTypes.map((l) => l.name)).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates', 'Problem/Incident']);
    expect(body.issueLinkTypes.find((l) => l.name === 'Problem/Incident')).toMatchObject({ outward: 'causes', inward: 'is caused by' });
  });

  it('links two issues, shows the link from both sides, and reads and deletes it', () => {
    const problem = t.createIssue({ summary: 'Bad deploy' });
    const incident = t.createIssue({ summary: 'Checkout down' });
    // The "from" issue is the outward one: "Bad deploy causes Checkout down".
    const res = t.call('POST', '/rest/api/3/issueLink', {
      body: { type: { name: 'Problem/Incident' }, outwardIssue: { key: problem.key }, inwardIssue: { key: incident.key }, comment: { body: doc('Root cause found') } },
    });
    expect(res).toEqual({ status: 201 });

    const fromProblem = links(problem.key);
    expect(fromProblem).toHaveLength(1);
    expect(fromProblem[0]).toMatchObject({ type: { name: 'Problem/Incident', outward: 'causes' }, outwardIssue: { key: incident.key, fields: { summary: 'Checkout down' } } });
    const fromIncident = links(incident.key);
    expect(fromIncident[0]).toMatchObject({ id: fromProblem[0]!['id'], inwardIssue: { key: problem.key } });

    // The comment lands on the "from" issue.
    expect((t.call('GET', `/rest/api/3/issue/${problem.key}/comment`).body as { total: number }).total).toBe(1);
    expect((t.call('GET', `/rest/api/3/issue/${incident.key}/comment`).body as { total: number }).total).toBe(0);

    const linkId = fromProblem[0]!['id'] as string;
    const got = t.call('GET', `/rest/api/3/issueLink/${linkId}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: linkId, self: `${SITE.baseUrl}/rest/api/3/issueLink/${linkId}`, outwardIssue: { key: problem.key }, inwardIssue: { key: incident.key } });

    // Linking the same pair again is answered as created and adds nothing.
    t.call('POST', '/rest/api/3/issueLink', { body: { type: { id: '10004' }, outwardIssue: { key: problem.key }, inwardIssue: { key: incident.key } } });
    expect(links(problem.key)).toHaveLength(1);

    expect(t.call('DELETE', `/rest/api/3/issueLink/${linkId}`)).toEqual({ status: 204 });
    expect(links(problem.key)).toEqual([]);
    expect(links(incident.key)).toEqual([]);
    expect(t.call('GET', `/rest/api/3/issueLink/${linkId}`).status).toBe(404);
  });

  it('answers 404 for an unknown link type or issue', () => {
    const a = t.createIssue();
    const badType = t.call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Causes' }, outwardIssue: { key: a.key }, inwardIssue: { key: a.key } } });
    expect(badType.status).toBe(404);
    expect((badType.body as { errorMessages: string[] }).errorMessages[0]).toContain("'Causes'");
    const badIssue = t.call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Blocks' }, outwardIssue: { key: a.key }, inwardIssue: { key: 'OPS-77' } } });
    expect(badIssue.status).toBe(404);
  });
});

describe('Jira emulator: remote links', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  const page = (title: string) => ({
    globalId: 'appId=kaizen&pageId=65537',
    application: { type: 'com.atlassian.confluence', name: 'Confluence' },
    relationship: 'Incident page',
    object: { url: `${SITE.baseUrl}/wiki/spaces/OPS/pages/65537`, title },
  });

  it('creates once and then updates by globalId', () => {
    const { key } = t.createIssue();
    const created = t.call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: page('Incident OPS-1') });
    expect(created.status).toBe(201);
    const { id, self } = created.body as { id: number; self: string };
    expect(typeof id).toBe('number');
    expect(self).toBe(`${SITE.baseUrl}/rest/api/3/issue/${key}/remotelink/${id}`);

    const again = t.call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: page('Incident OPS-1 (resolved)') });
    expect(again.status).toBe(200);
    expect((again.body as { id: number }).id).toBe(id);

    const all = t.call('GET', `/rest/api/3/issue/${key}/remotelink`).body as Array<{ id: number; object: { title: string } }>;
    expect(all).toHaveLength(1);
    expect(all[0]!.object.title).toBe('Incident OPS-1 (resolved)');

    const one = t.call('GET', `/rest/api/3/issue/${key}/remotelink?globalId=${encodeURIComponent('appId=kaizen&pageId=65537')}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, globalId: 'appId=kaizen&pageId=65537', relationship: 'Incident page' });
    expect(t.call('GET', `/rest/api/3/issue/${key}/remotelink/${id}`).body).toMatchObject({ id });

    // Without a globalId every POST creates a new link.
    t.call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: { object: { url: 'https://grafana.example.com/d/1', title: 'Dashboard' } } });
    t.call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: { object: { url: 'https://grafana.example.com/d/1', title: 'Dashboard' } } });
    expect((t.call('GET', `/rest/api/3/issue/${key}/remotelink`).body as unknown[]).length).toBe(3);

    expect(t.call('DELETE', `/rest/api/3/issue/${key}/remotelink?globalId=${encodeURIComponent('appId=kaizen&pageId=65537')}`)).toEqual({ status: 204 });
    expect(t.call('GET', `/rest/api/3/issue/${key}/remotelink?globalId=${encodeURIComponent('appId=kaizen&pageId=65537')}`).status).toBe(404);
  });

  it('requires object.title and object.url', () => {
    const { key } = t.createIssue();
    const res = t.call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: { object: { url: 'https://x.example' } } });
    expect(res).toMatchObject({ status: 400, body: { errorMessages: [], errors: { title: "'title' is required." } } });
  });

  it('does not serve another issue\'s link by id', () => {
    const a = t.createIssue();
    const b = t.createIssue();
    const { id } = t.call('POST', `/rest/api/3/issue/${a.key}/remotelink`, { body: page('A') }).body as { id: number };
    expect(t.call('GET', `/rest/api/3/issue/${b.key}/remotelink/${id}`).status).toBe(400);
  });
});

describe('Jira emulator: issue properties', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers 201 on create, 200 on update, and lists, reads and deletes', () => {
    const { key } = t.createIssue();
    const base = `/rest/api/3/issue/${key}/properties`;
    expect(t.call('PUT', `${base}/kaizen.incident`, { body: { level: 2, state: 'open' } })).toEqual({ status: 201 });
    expect(t.call('PUT', `${base}/kaizen.incident`, { body: { level: 1, state: 'open' } })).toEqual({ status: 200 });
    expect(t.call('PUT', `${base}/a.first`, { body: [1, 2, 3] })).toEqual({ status: 201 });
    expect(t.call('GET', `${base}/kaizen.incident`).body).toEqual({ key: 'kaizen.incident', value: { level: 1, state: 'open' } });
    expect(t.call('GET', base).body).toEqual({
      keys: [
        { key: 'a.first', self: `${SITE.baseUrl}${base}/a.first` },
        { key: 'kaizen.incident', self: `${SITE.baseUrl}${base}/kaizen.incident` },
      ],
    });
    expect(t.call('DELETE', `${base}/a.first`)).toEqual({ status: 204 });
    expect(t.call('GET', `${base}/a.first`).status).toBe(404);
    expect(t.call('DELETE', `${base}/a.first`).status).toBe(404);
    // Property writes are not issue edits: no event.
    expect(t.events.map((e) => e.eventType)).toEqual(['avi:jira:created:issue']);
  });

  it('enforces the 32 768-character value limit and the 255-character key limit', () => {
    const { key } = t.createIssue();
    const fits = 'x'.repeat(32768 - 2); // JSON string quotes count
    expect(t.call('PUT', `/rest/api/3/issue/${key}/properties/big`, { body: fits }).status).toBe(201);
    expect(t.call('PUT', `/rest/api/3/issue/${key}/properties/big`, { body: fits + 'x' }).status).toBe(400);
    expect(t.call('PUT', `/rest/api/3/issue/${key}/properties/${'k'.repeat(256)}`, { body: 1 }).status).toBe(400);
  });
});
