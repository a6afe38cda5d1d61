import { randomUUID } from 'node:crypto';
import { JiraIncidentTracker, browseUrl, jiraLabel, jiraSummary } from '../../src/adapters/jira-tracker';
import { ProductRequestError, RateLimitedError } from '../../src/adapters/product-errors';
import { ProductHttp } from '../../src/adapters/product-http';
import type { AdfDoc } from '../../src/usecases/ports';
import { inConsumer, useAdapterSandbox } from './adapter-test-kit';

const doc = (text: string): AdfDoc => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

const incidentInput = (incidentId: string, over: Partial<Parameters<JiraIncidentTracker['createIncidentIssue']>[0]> = {}) => ({
  incidentId,
  projectKey: 'OPS',
  issueType: 'Incident',
  summary: 'Disk full on db-1',
  description: doc('Disk usage over 95 % on db-1.'),
  priorityName: 'High',
  labels: ['kaizen', 'sev2'],
  ...over,
});

describe('jira-tracker helpers (pure)', () => {
  it('makes a summary Jira accepts: one line, ≤ 255, pairs kept whole', () => {
    expect(jiraSummary('  a\nb\r\n c ')).toBe('a b c');
    const long = jiraSummary('x'.repeat(300));
    expect(long).toHaveLength(255);
    expect(long.endsWith('…')).toBe(true);
    const emoji = jiraSummary(`${'x'.repeat(253)}🔥🔥`);
    expect(emoji.length).toBeLessThanOrEqual(255);
    expect(emoji).toBe(`${'x'.repeat(253)}…`);
  });

  it('makes labels without whitespace', () => {
    expect(jiraLabel(' source mackerel ')).toBe('source-mackerel');
    expect(jiraLabel('y'.repeat(300))).toHaveLength(255);
  });

  it('builds the browse URL from the REST self link', () => {
    expect(browseUrl('https://acme.atlassian.net/rest/api/3/issue/10001', 'OPS-7')).toBe('https://acme.atlassian.net/browse/OPS-7');
  });
});

describe('JiraIncidentTracker through the sandbox', () => {
  const kit = useAdapterSandbox();

  const issueJson = async (key: string, query = ''): Promise<Record<string, any>> => (await (await kit.sb().http(`/rest/api/3/issue/${key}${query}`)).json()) as Record<string, any>;

  it('creates the incident issue with its fields and the kaizen-incident property, then finds it by incident id', async () => {
    const id = `inc-${randomUUID()}`;
    const tracker = new JiraIncidentTracker();
    const ref = await inConsumer(() => tracker.createIncidentIssue(incidentInput(id, { summary: 'Disk full\non db-1', labels: ['kaizen', 'source mackerel', 'kaizen'] })));
    expect(ref.key).toMatch(/^OPS-\d+$/);
    const issue = await issueJson(ref.key, '?fields=summary,labels,priority,issuetype,description&properties=kaizen-incident');
    expect(issue['id']).toBe(ref.id);
    // The site as Jira names it in its own links, then /browse/KEY.
    expect(ref.url).toBe(`${new URL(String(issue['self'])).origin}/browse/${ref.key}`);
    expect(issue['fields']).toMatchObject({
      summary: 'Disk full on db-1',
      labels: ['kaizen', 'source-mackerel'],
      priority: { name: 'High' },
      issuetype: { name: 'Incident' },
      description: doc('Disk usage over 95 % on db-1.'),
    });
    expect(issue['properties']).toEqual({ 'kaizen-incident': { id } });
    // one product write
    expect(kit.appRequests().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['POST /rest/api/3/issue 201']);

    const found = await inConsumer(() => tracker.findIssueByIncidentId(id, 'OPS'));
    expect(found).toEqual(ref);
    expect(await inConsumer(() => tracker.findIssueByIncidentId(`${id}-other`, 'OPS'))).toBeUndefined();
    expect(await inConsumer(() => tracker.findIssueByIncidentId(id.slice(0, -1), 'OPS'))).toBeUndefined();
  });

  it('finds an incident whose id holds quotes, backslashes, a newline and Japanese', async () => {
    const id = `mackerel:"db-1" \\ ディスク\n${randomUUID()}`;
    const tracker = new JiraIncidentTracker();
    const ref = await inConsumer(() => tracker.createIncidentIssue(incidentInput(id, { priorityName: undefined })));
    expect(await inConsumer(() => tracker.findIssueByIncidentId(id, 'OPS'))).toEqual(ref);
    const other = `mackerel:"db-1" \\ ディスク\n`;
    expect(await inConsumer(() => tracker.findIssueByIncidentId(other, 'OPS'))).toBeUndefined();
  });

  it('retries the create after a 500 by looking for the issue first, creating it once', async () => {
    const id = `inc-${randomUUID()}`;
    kit.sb().faults.add({ path: '/^\\/rest\\/api\\/3\\/issue$/', method: 'POST', status: 500, count: 1 });
    const opts = kit.recordingRetry();
    const tracker = new JiraIncidentTracker({ http: new ProductHttp('jira', opts) });
    const ref = await inConsumer(() => tracker.createIncidentIssue(incidentInput(id)));
    expect(kit.appRequests().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /rest/api/3/issue 500',
      'POST /rest/api/3/search/jql 200',
      'POST /rest/api/3/issue 201',
    ]);
    expect(opts.events.map((e) => e.reason)).toEqual(['server-error']);
    expect(await inConsumer(() => tracker.findIssueByIncidentId(id, 'OPS'))).toEqual(ref);
  });

  it('retries a 429 on create with Retry-After, and hands a long one back as RateLimitedError', async () => {
    const sb = kit.sb();
    sb.faults.add({ path: '/^\\/rest\\/api\\/3\\/issue$/', method: 'POST', status: 429, count: 1, retryAfterSeconds: 2 });
    const opts = kit.recordingRetry();
    const ref = await inConsumer(() => new JiraIncidentTracker({ http: new ProductHttp('jira', opts) }).createIncidentIssue(incidentInput(`inc-${randomUUID()}`)));
    expect(ref.key).toMatch(/^OPS-/);
    expect(opts.waits).toEqual([2000]);

    sb.faults.add({ path: '/^\\/rest\\/api\\/3\\/issue$/', method: 'POST', status: 429, count: 1, retryAfterSeconds: 120 });
    const err = await inConsumer(() => new JiraIncidentTracker({ http: new ProductHttp('jira', kit.recordingRetry()) }).createIncidentIssue(incidentInput(`inc-${randomUUID()}`))).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterSeconds).toBe(120);
  });

  it('reports a refused create as ProductRequestError with Jira’s reasons', async () => {
    kit.expectFailure({ method: 'POST', path: /^\/rest\/api\/3\/issue$/, status: 400 });
    const err = await inConsumer(() => new JiraIncidentTracker().createIncidentIssue(incidentInput(`inc-${randomUUID()}`, { issueType: 'Epic' }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProductRequestError);
    expect((err as ProductRequestError).status).toBe(400);
    expect((err as Error).message).toMatch(/issuetype/);
  });

  describe('addComment', () => {
    const newIssue = async (): Promise<string> =>
      (await inConsumer(() => new JiraIncidentTracker().createIncidentIssue(incidentInput(`inc-${randomUUID()}`)))).key;
    const commentsOf = async (key: string) =>
      ((await (await kit.sb().http(`/rest/api/3/issue/${key}/comment?expand=properties`)).json()) as { comments: Array<{ body: AdfDoc; properties?: unknown }> }).comments;

    it('posts the comment with the kaizen-dedupe property', async () => {
      const key = await newIssue();
      await inConsumer(() => new JiraIncidentTracker().addComment(key, doc('Alert fired again'), 'flush-1'));
      const comments = await commentsOf(key);
      expect(comments.map((c) => c.body)).toEqual([doc('Alert fired again')]);
      const check = kit.appRequests().find((e) => e.method === 'GET' && e.path.endsWith('/comment'));
      expect(Object.fromEntries(new URLSearchParams(check!.query))).toEqual({ orderBy: '-created', maxResults: '50', expand: 'properties' });
      const post = kit.appRequests().find((e) => e.method === 'POST' && e.path.endsWith('/comment'));
      expect(JSON.parse(post!.requestBody!)).toEqual({ body: doc('Alert fired again'), properties: [{ key: 'kaizen-dedupe', value: { id: 'flush-1' } }] });
    });

    it('does not post a second comment with the same dedupe id (a redelivered flush)', async () => {
      const key = await newIssue();
      const tracker = new JiraIncidentTracker();
      await inConsumer(() => tracker.addComment(key, doc('Alert fired again'), 'flush-1'));
      await inConsumer(() => tracker.addComment(key, doc('Alert fired again'), 'flush-1'));
      await inConsumer(() => new JiraIncidentTracker().addComment(key, doc('Alert fired again'), 'flush-1'));
      expect(await commentsOf(key)).toHaveLength(1);
      await inConsumer(() => tracker.addComment(key, doc('Recovered'), 'flush-2'));
      expect((await commentsOf(key)).map((c) => c.body)).toEqual([doc('Alert fired again'), doc('Recovered')]);
    });

    it('after a 500 on the post, checks again before posting again', async () => {
      const key = await newIssue();
      kit.sb().faults.add({ path: `/rest/api/3/issue/${key}/comment`, method: 'POST', status: 500, count: 1 });
      const opts = kit.recordingRetry();
      await inConsumer(() => new JiraIncidentTracker({ http: new ProductHttp('jira', opts) }).addComment(key, doc('once'), 'flush-x'));
      expect(kit.appRequests().filter((e) => e.path.endsWith('/comment')).map((e) => `${e.method} ${e.status}`)).toEqual(['GET 200', 'POST 500', 'GET 200', 'POST 201']);
      expect(await commentsOf(key)).toHaveLength(1);
    });

    it('does not multiply attempts: a read that exhausted its retries inside the unit ends the unit', async () => {
      const key = await newIssue();
      kit.sb().faults.add({ path: `/rest/api/3/issue/${key}/comment`, method: 'GET', status: 500, count: 20 });
      const opts = kit.recordingRetry({ maxAttempts: 3 });
      const err = await inConsumer(() => new JiraIncidentTracker({ http: new ProductHttp('jira', opts) }).addComment(key, doc('x'), 'flush-z')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProductRequestError);
      expect((err as ProductRequestError).status).toBe(500);
      expect(kit.appRequests().filter((e) => e.path.endsWith('/comment')).map((e) => `${e.method} ${e.status}`)).toEqual(['GET 500', 'GET 500', 'GET 500']);
      kit.sb().faults.clear();
      expect(await commentsOf(key)).toHaveLength(0);
    });

    it('retries the read of comments on 503', async () => {
      const key = await newIssue();
      kit.sb().faults.add({ path: `/rest/api/3/issue/${key}/comment`, method: 'GET', status: 503, count: 1, retryAfterSeconds: 0 });
      const opts = kit.recordingRetry();
      await inConsumer(() => new JiraIncidentTracker({ http: new ProductHttp('jira', opts) }).addComment(key, doc('once'), 'flush-y'));
      expect(opts.waits).toEqual([0]);
      expect(await commentsOf(key)).toHaveLength(1);
    });
  });

  it('upserts a remote link by globalId: one link after two calls, the second one updating it', async () => {
    const key = (await inConsumer(() => new JiraIncidentTracker().createIncidentIssue(incidentInput(`inc-${randomUUID()}`)))).key;
    const tracker = new JiraIncidentTracker();
    const link = { globalId: 'kaizen:page:123', url: 'https://acme.atlassian.net/wiki/spaces/OPS/pages/123', title: 'Incident page' };
    await inConsumer(() => tracker.upsertRemoteLink(key, link));
    await inConsumer(() => tracker.upsertRemoteLink(key, { ...link, title: 'Incident page (SEV2)', summary: 'Live timeline' }));
    const links = (await (await kit.sb().http(`/rest/api/3/issue/${key}/remotelink`)).json()) as Array<Record<string, any>>;
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      globalId: 'kaizen:page:123',
      application: { name: 'Kaizen' },
      object: { url: link.url, title: 'Incident page (SEV2)', summary: 'Live timeline' },
    });
    expect(kit.appRequests().filter((e) => e.path.endsWith('/remotelink')).map((e) => e.status)).toEqual([201, 200]);
  });

  it('retries the remote link upsert on 500 (it is idempotent)', async () => {
    const key = (await inConsumer(() => new JiraIncidentTracker().createIncidentIssue(incidentInput(`inc-${randomUUID()}`)))).key;
    kit.sb().faults.add({ path: `/rest/api/3/issue/${key}/remotelink`, status: 500, count: 2 });
    const opts = kit.recordingRetry();
    await inConsumer(() => new JiraIncidentTracker({ http: new ProductHttp('jira', opts) }).upsertRemoteLink(key, { globalId: 'g', url: 'https://example.com/x', title: 'x' }));
    expect(opts.events.map((e) => e.status)).toEqual([500, 500]);
    const links = (await (await kit.sb().http(`/rest/api/3/issue/${key}/remotelink`)).json()) as unknown[];
    expect(links).toHaveLength(1);
  });
});
