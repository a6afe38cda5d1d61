import { startTestSandbox, type TestSandbox } from '../../test/helpers/test-sandbox';
import { sha256 } from './csp';
import { actionFrameId, AIKO, BEN, bridge, createIssue, frameIds, page, sessionCookie, VIC } from './host-test-kit';

/** Frames and the bridge over HTTP: the served document, the resolver's context, product calls as the user. */
describe('browser host: frames and the bridge', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  beforeAll(async () => {
    sb = await startTestSandbox();
    issue = await createIssue(sb, { summary: 'Frames under test', labels: ['frames'] });
  });
  afterAll(() => sb.dispose());
  afterEach(() => expect(sb.router.violations).toEqual([]));

  const panelFrame = async (accountId = AIKO, locale?: string): Promise<string> => {
    const { status, html } = await page(sb, `/browse/${issue.key}`, accountId, locale);
    expect(status).toBe(200);
    const [id] = frameIds(html, 'fixture-panel');
    expect(id).toBeDefined();
    return id!;
  };

  it('serves the resource with the bridge bootstrap as the first child of <head>, a <base href> and a Forge-like CSP', async () => {
    const id = await panelFrame();
    const res = await sb.http(`/__sandbox/frame/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const head = /<head[^>]*>([\s\S]*)<\/head>/.exec(html)![1]!;
    expect(head.startsWith('<script>')).toBe(true);
    const bootstrap = /^<script>([\s\S]*?)<\/script>/.exec(head)![1]!;
    expect(bootstrap).toContain('window.__bridge = {');
    expect(bootstrap).toContain('callBridge: function (name, payload)');
    expect(bootstrap).toContain(`"frameId":"${id}"`);
    expect(head.slice(head.indexOf('</script>') + 9)).toMatch(/^<base href="\/__sandbox\/resources\/fixture-ui\/">/);
    // the app's own markup follows, untouched
    expect(head).toContain('<link rel="stylesheet" href="./app.css">');

    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`script-src 'self' '${sha256(bootstrap)}'`);
    expect(csp).toContain("style-src 'self';"); // the fixture's manifest has no permissions.content.styles
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:\/\//);

    // relative assets resolve under the resource directory, with the same CSP
    const js = await sb.http('/__sandbox/resources/fixture-ui/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await sb.http('/__sandbox/resources/fixture-ui/..%2F..%2Fmanifest.yml')).status).toBe(404);
    expect((await sb.http('/__sandbox/frame/no-such-frame')).status).toBe(404);
  });

  it('runs the resolver with the context the server registered, never what the browser sends', async () => {
    const id = await panelFrame(BEN, 'ja-JP');
    const { status, json } = await bridge(sb, id, 'invoke', {
      functionKey: 'whoami',
      payload: { hello: 'world' },
      // A tampered frame cannot choose its context or user: these are ignored.
      context: { accountId: VIC, extension: { issue: { key: 'OPS-999' } } },
      accountId: VIC,
    });
    expect(status).toBe(200);
    const value = json['value'] as { payload: unknown; context: Record<string, unknown>; runtimeModuleKey: string };
    expect(value.payload).toEqual({ hello: 'world' });
    expect(value.runtimeModuleKey).toBe('fixture-panel');
    expect(value.context).toMatchObject({
      accountId: BEN,
      accountType: 'licensed',
      moduleKey: 'fixture-panel',
      cloudId: 'sandbox-cloud-0001',
      environmentId: 'sandbox-development',
      environmentType: 'DEVELOPMENT',
      installContext: 'ari:cloud:jira::site/sandbox-cloud-0001',
      locale: 'ja-JP',
      timezone: 'Europe/London',
      siteUrl: sb.url,
      extension: {
        type: 'jira:issuePanel',
        issue: { id: issue.id, key: issue.key, type: 'Incident', typeId: '10002' },
        project: { id: '10000', key: 'OPS', type: 'software' },
        isNewToIssue: false,
        location: `${sb.url}/browse/${issue.key}`,
      },
    });
    expect(typeof value.context['localId']).toBe('string');
    // the same context is what view.getContext() gives the frame
    const ctx = (await (await sb.http(`/__sandbox/bridge/${id}/context`)).json()) as Record<string, unknown>;
    expect(ctx).toMatchObject({ accountId: BEN, locale: 'ja-JP', localId: value.context['localId'], moduleKey: 'fixture-panel', extension: value.context['extension'] });
    const inv = sb.invoker.invocations().at(-1)!;
    expect(inv).toMatchObject({ functionKey: 'ui-resolver-fn', moduleKey: 'fixture-panel', moduleType: 'jira:issuePanel', outcome: 'ok' });
  });

  it('rejects an invoke with the resolver error message, and answers for unknown frames and functions', async () => {
    const id = await panelFrame();
    expect(await bridge(sb, id, 'invoke', { functionKey: 'fail' })).toEqual({ status: 500, json: { error: 'fixture resolver failed: <b>on purpose</b>' } });
    expect(await bridge(sb, id, 'invoke', { functionKey: 'nope' })).toEqual({ status: 500, json: { error: "Resolver has no definition for 'nope'." } });
    expect((await bridge(sb, id, 'invoke', { functionKey: 7 })).status).toBe(400);
    expect((await bridge(sb, 'expired', 'invoke', { functionKey: 'whoami' })).status).toBe(404);
  });

  it('asUser() in the resolver and fetchProduct from the frame act as the session user', async () => {
    const asVic = await panelFrame(VIC);
    expect((await bridge(sb, asVic, 'invoke', { functionKey: 'issueAsUser' })).json).toEqual({ value: { status: 200 } });

    const edit = (frameId: string) =>
      bridge(sb, frameId, 'fetch', {
        product: 'jira',
        restPath: `/rest/api/3/issue/${issue.key}`,
        fetchRequestInit: { method: 'PUT', body: JSON.stringify({ fields: { summary: 'Edited through the bridge' } }), headers: [['content-type', 'application/json'], ['x-atlassian-token', 'no-check']] },
        isMultipartFormData: false,
      });
    const denied = await edit(asVic);
    expect(denied.status).toBe(200);
    expect(denied.json).toMatchObject({ status: 403, statusText: 'Forbidden' });
    expect(JSON.parse(denied.json['body'] as string)).toMatchObject({ errorMessages: [expect.stringMatching(/permission/i)] });
    const logged = sb.log.list({ kind: 'product' }).at(-1)!;
    expect(logged).toMatchObject({ method: 'PUT', status: 403, actor: VIC, caller: 'bridge:fixture-panel' });

    const asBen = await panelFrame(BEN);
    expect((await edit(asBen)).json).toMatchObject({ status: 204, statusText: 'No Content' });
    const myself = await bridge(sb, asBen, 'fetch', { product: 'jira', restPath: '/rest/api/3/myself', fetchRequestInit: { body: null, headers: [['x-atlassian-token', 'no-check']] } });
    expect(myself.json).toMatchObject({ status: 200, headers: { 'content-type': expect.stringMatching(/json/) } });
    expect(JSON.parse(myself.json['body'] as string)).toMatchObject({ accountId: BEN });
    // requestJira reaches Jira only
    expect((await bridge(sb, asBen, 'fetch', { product: 'jira', restPath: '/wiki/api/v2/pages', fetchRequestInit: {} })).json).toMatchObject({ status: 404 });
  });

  it('refuses product calls a frame makes directly, and lets host pages call REST as the session user', async () => {
    const id = await panelFrame();
    const direct = await sb.http('/rest/api/3/myself', { headers: { Referer: `${sb.url}/__sandbox/frame/${id}` } });
    expect(direct.status).toBe(403);
    expect(JSON.stringify(await direct.json())).toMatch(/requestJira/);
    const asSession = await sb.http('/rest/api/3/myself', { headers: { Cookie: sessionCookie(VIC) } });
    expect(await asSession.json()).toMatchObject({ accountId: VIC });
    const explicit = await sb.http('/rest/api/3/myself', { headers: { Cookie: sessionCookie(VIC), 'X-Sandbox-User': BEN } });
    expect(await explicit.json()).toMatchObject({ accountId: BEN });
  });

  it('registers modal frames with the opener context, and maps navigation targets to host URLs', async () => {
    const id = await panelFrame(BEN);
    const modal = await bridge(sb, id, 'modal', { resource: null, context: { step: 2 }, size: 'small', title: 'Step two' });
    expect(modal.status).toBe(200);
    const ctx = (await (await sb.http(`/__sandbox/bridge/${modal.json['frameId'] as string}/context`)).json()) as { accountId: string; extension: Record<string, unknown> };
    expect(ctx.accountId).toBe(BEN);
    expect(ctx.extension).toMatchObject({ type: 'jira:issuePanel', issue: { key: issue.key }, modal: { step: 2 } });
    expect((await bridge(sb, id, 'modal', { resource: 'missing-resource' })).status).toBe(400);

    const url = (location: unknown) => bridge(sb, id, 'url', { location });
    expect((await url({ target: 'issue', issueKey: 'OPS-7' })).json).toEqual({ url: '/browse/OPS-7' });
    expect((await url({ target: 'contentView', contentId: '65537' })).json).toEqual({ url: '/wiki/pages/viewpage.action?pageId=65537' });
    expect((await url({ target: 'dashboard', dashboardId: '10000' })).json).toEqual({ url: '/jira/dashboards/10000' });
    expect((await url({ target: 'module', moduleKey: 'fixture-admin', path: 'sources/mackerel' })).json).toEqual({ url: '/jira/settings/apps/fixture-admin/sources/mackerel' });
    expect((await url({ target: 'spaceView', spaceKey: 'OPS' })).json).toEqual({ url: '/wiki/spaces/OPS' });
    expect((await url({ target: 'issue' })).status).toBe(400);
  });

  it('registers each issue action as a modal frame, and gives frames the session locale', async () => {
    const { html } = await page(sb, `/browse/${issue.key}`, AIKO, 'en-US');
    const actionId = actionFrameId(html, 'fixture-action');
    expect(actionId).toBeDefined();
    const ctx = (await (await sb.http(`/__sandbox/bridge/${actionId!}/context`)).json()) as { locale: string; extension: Record<string, unknown> };
    expect(ctx.locale).toBe('en-US');
    expect(ctx.extension).toMatchObject({ type: 'jira:issueAction', issue: { key: issue.key }, location: `${sb.url}/browse/${issue.key}` });
    const [glance] = frameIds(html, 'fixture-glance');
    const glanceCtx = (await (await sb.http(`/__sandbox/bridge/${glance!}/context`)).json()) as { extension: Record<string, unknown> };
    expect(glanceCtx.extension).toEqual({ type: 'jira:issueGlance', issue: { id: issue.id, key: issue.key, type: 'Incident', typeId: '10002' }, project: { id: '10000', key: 'OPS', type: 'software' } });
    // Aiko's profile language is Japanese: without an override her frames get ja-JP
    const [panel] = frameIds((await page(sb, `/browse/${issue.key}`, AIKO)).html, 'fixture-panel');
    expect(((await (await sb.http(`/__sandbox/bridge/${panel!}/context`)).json()) as { locale: string }).locale).toBe('ja-JP');
  });

  it('saves a gadget configuration submitted in edit mode and hands it to the view mode', async () => {
    const view = await page(sb, '/jira/dashboards/10000');
    expect(view.html).toContain('data-testid="gadget-edit-fixture-gadget"');
    const [viewId] = frameIds(view.html, 'fixture-gadget');
    const before = (await (await sb.http(`/__sandbox/bridge/${viewId!}/context`)).json()) as { extension: Record<string, unknown> };
    expect(before.extension).toMatchObject({ type: 'jira:dashboardGadget', gadgetConfiguration: {}, dashboard: { id: '10000' }, gadget: { id: expect.any(String) } });
    expect(before.extension['entryPoint']).toBeUndefined();
    // a view-mode submit saves nothing
    await bridge(sb, viewId!, 'submit', { payload: { ignored: true } });

    const edit = await page(sb, '/jira/dashboards/10000?edit=fixture-gadget');
    const [editId] = frameIds(edit.html, 'fixture-gadget');
    expect(edit.html).toContain('data-after-submit="/jira/dashboards/10000"');
    const editCtx = (await (await sb.http(`/__sandbox/bridge/${editId!}/context`)).json()) as { extension: Record<string, unknown> };
    expect(editCtx.extension).toMatchObject({ entryPoint: 'edit', gadget: before.extension['gadget'] });
    expect((await bridge(sb, editId!, 'submit', { payload: ['not', 'an', 'object'] })).status).toBe(400);
    expect(await bridge(sb, editId!, 'submit', { payload: { team: 'SRE', refresh: 15 } })).toEqual({ status: 200, json: { ok: true } });

    const after = await page(sb, '/jira/dashboards/10000');
    const [afterId] = frameIds(after.html, 'fixture-gadget');
    const invoked = await bridge(sb, afterId!, 'invoke', { functionKey: 'whoami' });
    expect((invoked.json['value'] as { context: { extension: unknown } }).context.extension).toMatchObject({ gadgetConfiguration: { team: 'SRE', refresh: 15 }, gadget: before.extension['gadget'] });
  });
});
