import { startTestSandbox, type TestSandbox } from '../../test/helpers/test-sandbox';
import { AIKO, BEN, createIssue, createPage, FIXTURE_MACRO_KEY, frameIds, page, postForm, VIC } from './host-test-kit';
import { COOKIE } from './session';

/** The host pages over HTTP: index, issue view, Confluence view and editor, session switching, routing. */
describe('browser host: pages', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  beforeAll(async () => {
    sb = await startTestSandbox();
    issue = await createIssue(sb, {
      summary: 'Disk <img src=x onerror=alert(1)> full',
      labels: ['db', 'sev1'],
      description: {
        type: 'doc',
        version: 1,
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: '<script>alert("desc")</script>', marks: [{ type: 'strong' }] }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'runbook', marks: [{ type: 'link', attrs: { href: 'https://example.com/rb?a=1&b="2"' } }] }] },
        ],
      },
    });
  });
  afterAll(() => sb.dispose());
  afterEach(() => expect(sb.router.violations).toEqual([]));

  it('keeps /wiki/api and /wiki/rest as the REST APIs and serves the host elsewhere', async () => {
    const api = await sb.http('/wiki/api/v2/spaces?keys=OPS');
    expect(api.headers.get('content-type')).toMatch(/json/);
    expect((await sb.http('/wiki/rest/api/space')).headers.get('content-type')).toMatch(/json/);
    const spaces = await page(sb, '/wiki/spaces');
    expect(spaces.status).toBe(200);
    expect(spaces.headers.get('content-type')).toMatch(/html/);
    expect(spaces.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await sb.http('/wiki/x/unknown')).headers.get('content-type')).toMatch(/json/);
  });

  it('lists recent work items and pages on the index, with the switchers in the header', async () => {
    const { status, html } = await page(sb, '/');
    expect(status).toBe(200);
    expect(html).toContain(`href="/browse/${issue.key}"`);
    expect(html).toContain('data-testid="page-list"');
    expect(html).toMatch(/<a href="\/wiki\/spaces\/OPS\/pages\/\d+\/Incidents">Incidents<\/a>/);
    for (const id of ['user-switcher', 'locale-switcher', 'theme-toggle']) expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('<option value="557058:viewer-vic">Vic Viewer (viewer)</option>');
    const bad = await page(sb, '/?jql=ORDER%20BY%20created');
    expect(bad.html).toContain('data-testid="jql-error"');
    expect(bad.html).toMatch(/Unbounded JQL/);
  });

  it('renders the issue view with every product text escaped and the app modules placed', async () => {
    const { status, html } = await page(sb, `/browse/${issue.key}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1 data-testid="issue-summary">Disk &lt;img src=x onerror=alert(1)&gt; full</h1>');
    expect(html).toContain('<strong>&lt;script&gt;alert(&quot;desc&quot;)&lt;/script&gt;</strong>');
    expect(html).toContain('<p><a href="https://example.com/rb?a=1&amp;b=&quot;2&quot;" target="_blank" rel="noopener noreferrer nofollow">runbook</a></p>');
    expect(html).toContain('<span class="tag">sev1</span>');
    expect(html).toMatch(/data-testid="issue-status">To Do</);
    expect(frameIds(html, 'fixture-panel')).toHaveLength(1);
    expect(frameIds(html, 'fixture-glance')).toHaveLength(1);
    expect(html).toContain('data-testid="action-fixture-action"');
    expect(html).not.toMatch(/<script>(?!<\/)/); // no inline script on host pages
    const missing = await page(sb, '/browse/OPS-9999');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('data-testid="issue-not-found"');
  });

  it('shows comments, issue links and web links', async () => {
    const other = await createIssue(sb, { summary: 'Follow-up', issuetype: { name: 'Task' } });
    const headers = { 'Content-Type': 'application/json', 'X-Sandbox-User': AIKO };
    const comment = { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Restarted <db-1>' }] }] } };
    expect((await sb.http(`/rest/api/3/issue/${issue.key}/comment`, { method: 'POST', headers, body: JSON.stringify(comment) })).status).toBe(201);
    const link = { type: { name: 'Relates' }, inwardIssue: { key: issue.key }, outwardIssue: { key: other.key } };
    expect((await sb.http('/rest/api/3/issueLink', { method: 'POST', headers, body: JSON.stringify(link) })).status).toBe(201);
    const remote = { object: { url: 'https://example.com/runbook?a=1&b=2', title: 'Runbook <v2>' } };
    expect((await sb.http(`/rest/api/3/issue/${issue.key}/remotelink`, { method: 'POST', headers, body: JSON.stringify(remote) })).status).toBe(201);
    const { html } = await page(sb, `/browse/${issue.key}`);
    expect(html).toMatch(/data-testid="comment"[^>]*><div class="meta"><strong>Aiko Sato<\/strong>/);
    expect(html).toContain('<p>Restarted &lt;db-1&gt;</p>');
    expect(html).toContain(`<a href="/browse/${other.key}">${other.key}</a> Follow-up`);
    expect(html).toContain('<a href="https://example.com/runbook?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow">Runbook &lt;v2&gt;</a>');
  });

  const hostile =
    '<h2>Impact &amp; scope</h2><p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="javascript:alert(2)">bad link</a> <a href="https://example.com/x">good link</a></p>' +
    '<p onclick="alert(3)"><strong>Jira issue: </strong><ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">__KEY__</ac:parameter></ac:structured-macro></p>' +
    '<table><tbody><tr><th><p>Role</p></th><th><p>Person</p></th></tr><tr><td colspan="2"><p>Commander</p></td></tr></tbody></table>' +
    '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Page the DBA</ac:task-body></ac:task>' +
    '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body><ac:placeholder>Who does what?</ac:placeholder></ac:task-body></ac:task></ac:task-list>' +
    '<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">Alert timeline</ac:parameter><ac:rich-text-body><p>kept by Kaizen</p></ac:rich-text-body></ac:structured-macro>' +
    '<ac:structured-macro ac:name="note"><ac:rich-text-body><p>Drill</p></ac:rich-text-body></ac:structured-macro>' +
    '<ac:adf-extension><ac:adf-node type="extension"><ac:adf-attribute key="extension-key">__MACRO__</ac:adf-attribute>' +
    '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute><ac:adf-attribute key="parameters">' +
    '<ac:adf-parameter key="local-id">macro-local-1</ac:adf-parameter><ac:adf-parameter key="extension-title">Fixture macro</ac:adf-parameter>' +
    '<ac:adf-parameter key="guest-params"><ac:adf-parameter key="incident-id">inc-&lt;/script&gt;&lt;script&gt;alert(4)&lt;/script&gt;</ac:adf-parameter></ac:adf-parameter>' +
    '</ac:adf-attribute><ac:adf-attribute key="local-id">macro-local-1</ac:adf-attribute></ac:adf-node></ac:adf-extension>';

  it('renders storage format: escaped text, safe links, macros, tasks, and the app macro as a frame with its config', async () => {
    const created = await createPage(sb, 'Hostile <b>page</b>', hostile.replace('__KEY__', issue.key).replace('__MACRO__', FIXTURE_MACRO_KEY));
    expect(created.webui).toMatch(/^\/wiki\/spaces\/OPS\/pages\/\d+\/Hostile\+%3Cb%3Epage%3C%2Fb%3E$/);
    const { status, html } = await page(sb, created.webui);
    expect(status).toBe(200);
    expect(html).toContain('<h1 data-testid="page-title">Hostile &lt;b&gt;page&lt;/b&gt;</h1>');
    const body = /<article data-testid="page-body">([\s\S]*)<\/article>/.exec(html)![1]!;
    expect(body).toContain('<h2>Impact &amp; scope</h2>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toMatch(/javascript:|onclick|<script/);
    expect(body).toContain('bad link');
    expect(body).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer nofollow">good link</a>');
    expect(body).toContain(`<a href="/browse/${issue.key}">${issue.key}</a> Disk &lt;img src=x onerror=alert(1)&gt; full <span class="lozenge new">To Do</span>`);
    expect(body).toContain('<td colspan="2"><p>Commander</p></td>');
    expect(body).toContain('<li data-testid="task"><input type="checkbox" disabled checked>Page the DBA</li>');
    expect(body).not.toContain('Who does what?');
    expect(body).toContain('<details class="expand"><summary>Alert timeline</summary><p>kept by Kaizen</p></details>');
    expect(body).toContain('<div class="panel panel-note"><p>Drill</p></div>');
    expect(body).toContain('data-testid="macro-fixture-macro" data-local-id="macro-local-1"');
    expect(html).toContain('data-testid="edit-button"');

    const [macroFrame] = frameIds(html, 'fixture-macro');
    const frameHtml = await (await sb.http(`/__sandbox/frame/${macroFrame!}`)).text();
    expect(frameHtml).not.toContain('</script><script>alert(4)');
    expect(frameHtml).toContain('inc-\\u003c/script\\u003e\\u003cscript\\u003ealert(4)\\u003c/script\\u003e');
    const ctx = (await (await sb.http(`/__sandbox/bridge/${macroFrame!}/context`)).json()) as { localId: string; extension: Record<string, unknown> };
    expect(ctx.localId).toBe('macro-local-1');
    expect(ctx.extension).toMatchObject({
      type: 'macro',
      content: { id: created.id, type: 'page' },
      space: { key: 'OPS' },
      isEditing: false,
      config: { incidentId: 'inc-</script><script>alert(4)</script>' },
    });
  });

  it('shows macros of other apps or environments as unavailable, and redirects old page URLs', async () => {
    const foreign = hostile.replace('__KEY__', 'OPS-1').replace('__MACRO__', FIXTURE_MACRO_KEY.replace('sandbox-development', 'production-env'));
    const created = await createPage(sb, 'Foreign macro', foreign);
    const { html } = await page(sb, created.webui);
    expect(html).toContain('data-testid="macro-unavailable"');
    expect(html).toMatch(/another environment of the app \(production-env\)/);
    expect(frameIds(html, 'fixture-macro')).toEqual([]);
    const moved = await page(sb, created.webui.replace('/spaces/OPS/', '/spaces/XYZ/'));
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe(created.webui);
    const classic = await page(sb, `/wiki/pages/viewpage.action?pageId=${created.id}`);
    expect(classic.headers.get('location')).toBe(created.webui);
  });

  it('saves an edit with the version the editor started from', async () => {
    const created = await createPage(sb, 'Editable', '<p>first</p>');
    const editPath = `/wiki/spaces/OPS/pages/edit-v2/${created.id}`;
    const editor = await page(sb, editPath);
    expect(editor.status).toBe(200);
    expect(editor.html).toContain('<textarea name="body" aria-label="Page content (storage format)" spellcheck="false" data-testid="edit-body">&lt;p&gt;first&lt;/p&gt;</textarea>');
    expect(editor.html).toContain(`<input type="hidden" name="version" value="${created.version}">`);
    const saved = await postForm(sb, editPath, { title: 'Editable', body: '<p>second</p>', version: String(created.version), action: 'save' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(created.webui);
    const view = await page(sb, created.webui);
    expect(view.html).toContain('<article data-testid="page-body"><p>second</p></article>');
    expect(view.html).toContain('version <span data-testid="page-version">2</span>');
    const put = sb.log.list({ kind: 'product' }).filter((r) => r.method === 'PUT').at(-1)!;
    expect(put).toMatchObject({ caller: 'host', actor: AIKO, status: 200 });
  });

  it('on a stale version shows the conflict, keeps the text, and can save over the latest version', async () => {
    const created = await createPage(sb, 'Contested', '<p>v1</p>');
    const editPath = `/wiki/spaces/OPS/pages/edit-v2/${created.id}`;
    // Ben saves first
    expect((await postForm(sb, editPath, { title: 'Contested', body: '<p>Ben was here</p>', version: '1' }, BEN)).status).toBe(303);
    const mine = '<p>Aiko\'s notes &amp; <b>more</b></p>';
    const stale = await postForm(sb, editPath, { title: 'Contested', body: mine, version: '1', action: 'save' });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('data-testid="edit-conflict"');
    expect(stale.html).toContain('This page has been updated by Ben Carter since you started editing.');
    expect(stale.html).toContain('You started from version 1; the page is now at version 2.');
    expect(stale.html).toContain('data-testid="edit-body">&lt;p&gt;Aiko&#39;s notes &amp;amp; &lt;b&gt;more&lt;/b&gt;&lt;/p&gt;</textarea>');
    expect(stale.html).toContain('&lt;p&gt;Ben was here&lt;/p&gt;</textarea>');
    expect(stale.html).toContain('<input type="hidden" name="latest" value="2">');
    expect(stale.html).toContain('data-testid="edit-overwrite"');
    expect((await page(sb, created.webui)).html).toContain('<p>Ben was here</p>');
    const over = await postForm(sb, editPath, { title: 'Contested', body: mine, version: '1', latest: '2', action: 'overwrite' });
    expect(over.status).toBe(303);
    expect((await page(sb, created.webui)).html).toContain('<p>Aiko&#39;s notes &amp; <b>more</b></p>');
  });

  it('keeps the text when a viewer or invalid storage cannot be saved', async () => {
    const created = await createPage(sb, 'Read only for Vic', '<p>x</p>');
    const editPath = `/wiki/spaces/OPS/pages/edit-v2/${created.id}`;
    const view = await page(sb, created.webui, VIC);
    expect(view.html).toContain('data-testid="view-only"');
    expect(view.html).not.toContain('data-testid="edit-button"');
    expect((await page(sb, editPath, VIC)).html).toContain('data-testid="edit-forbidden"');
    const denied = await postForm(sb, editPath, { title: 'Read only for Vic', body: '<p>vic</p>', version: '1' }, VIC);
    expect(denied.status).toBe(403);
    expect(denied.html).toContain("You don&#39;t have permission to edit this page.");
    expect(denied.html).toContain('&lt;p&gt;vic&lt;/p&gt;</textarea>');
    const invalid = await postForm(sb, editPath, { title: 'Read only for Vic', body: '<p>unclosed', version: '1' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('data-testid="edit-error"');
    expect(invalid.html).toContain('&lt;p&gt;unclosed</textarea>');
  });

  it('switches user, locale and theme with cookies and returns to the page', async () => {
    const res = await sb.http(`/__sandbox/host/session?user=${encodeURIComponent(VIC)}&theme=dark&return=${encodeURIComponent('/browse/' + issue.key)}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/browse/${issue.key}`);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toEqual(expect.arrayContaining([expect.stringContaining(`${COOKIE.user}=${encodeURIComponent(VIC)}`), expect.stringContaining(`${COOKIE.theme}=dark`)]));
    const evil = await sb.http('/__sandbox/host/session?locale=ja-JP&return=//evil.example', { redirect: 'manual' });
    expect(evil.headers.get('location')).toBe('/');
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const html = await (await sb.http('/', { headers: { Cookie: cookie } })).text();
    expect(html).toContain('data-color-mode="dark"');
    expect(html).toContain(`<option value="${VIC}" selected>`);
    expect(html).toContain('<option value="en-US" selected>');
  });
});
