import { AIKO, BEN, createKit, seeded, storage, type Kit } from './test-kit';

let kit: Kit;
let ops: Awaited<ReturnType<typeof seeded>>;

beforeEach(async () => {
  kit = await createKit();
  ops = await seeded(kit);
});
afterEach(async () => kit.close());

const create = (title: string, value = '<p>hello</p>', extra: Record<string, unknown> = {}) =>
  kit.call('createPage', { body: { spaceId: ops.spaceId, status: 'current', title, parentId: ops.incidentsId, body: storage(value), ...extra } });

const update = (id: string, number: number, value: string, extra: Record<string, unknown> = {}) =>
  kit.call('updatePage', { path: { id }, body: { id, status: 'current', title: 'Incident 1', body: storage(value), version: { number, message: `v${number}` }, ...extra } });

describe('create → get → update round trip', () => {
  it('creates a page at version 1 under the given parent, with links on the site', async () => {
    const res = await create('Incident 1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Incident 1', status: 'current', spaceId: ops.spaceId, parentId: ops.incidentsId, version: { number: 1 } });
    expect(res.body.body.storage).toEqual({ representation: 'storage', value: '<p>hello</p>' });
    expect(res.body._links.webui).toBe(`/spaces/OPS/pages/${res.body.id}/Incident+1`);
    expect(res.body._links.base).toBe('http://127.0.0.1:4010/wiki');
    expect(res.body._links.tinyui).toMatch(/^\/x\/[A-Za-z0-9_-]+$/);
  });

  it('files a page without parentId under the space homepage, and a root-level one at the root', async () => {
    const under = await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'No parent' } });
    expect(under.body.parentId).toBe(ops.homepageId);
    const root = await kit.call('createPage', { query: { 'root-level': 'true' }, body: { spaceId: ops.spaceId, title: 'Root' } });
    expect(root.status).toBe(200);
    expect(root.body.parentId).toBeUndefined();
  });

  it('increments the version on each update and keeps every version with message and author', async () => {
    const id = (await create('Incident 1')).body.id as string;
    const v2 = await update(id, 2, '<p>two</p>');
    expect(v2.status).toBe(200);
    expect(v2.body.version).toMatchObject({ number: 2, message: 'v2', authorId: '557058:kaizen-app' });
    const v3 = await kit.call('updatePage', { actor: AIKO, path: { id }, body: { id, status: 'current', title: 'Incident 1 (renamed)', body: storage('<p>three</p>'), version: { number: 3 } } });
    expect(v3.body).toMatchObject({ title: 'Incident 1 (renamed)', version: { number: 3, authorId: AIKO.kind === 'user' ? AIKO.accountId : '' } });

    const got = await kit.call('getPageById', { path: { id }, query: { 'body-format': 'storage', 'include-versions': 'true' } });
    expect(got.body.body.storage.value).toBe('<p>three</p>');
    expect(got.body.versions.results.map((v: { number: number }) => v.number)).toEqual([3, 2, 1]);

    const old = await kit.call('getPageById', { path: { id }, query: { 'body-format': 'storage', version: '2' } });
    expect(old.body).toMatchObject({ status: 'historical', title: 'Incident 1', version: { number: 2, message: 'v2' } });
    expect(old.body.body.storage.value).toBe('<p>two</p>');

    const versions = await kit.call('getPageVersions', { path: { id }, query: { 'body-format': 'storage' } });
    expect(versions.body.results.map((v: { number: number; page: { body: { storage: { value: string } } } }) => [v.number, v.page.body.storage.value])).toEqual([
      [3, '<p>three</p>'],
      [2, '<p>two</p>'],
      [1, '<p>hello</p>'],
    ]);
    const detail = await kit.call('getPageVersionDetails', { path: { 'page-id': id, 'version-number': '2' } });
    expect(detail.body).toMatchObject({ number: 2, prevVersion: 1, nextVersion: 3, message: 'v2' });
  });

  it('answers 409 CONFLICT on a stale version and keeps the newer body', async () => {
    const id = (await create('Incident 1')).body.id as string;
    await kit.call('updatePage', { actor: BEN, path: { id }, body: { id, status: 'current', title: 'Incident 1', body: storage('<p>Ben was here</p>'), version: { number: 2 } } });
    const stale = await update(id, 2, '<p>Kaizen from a stale copy</p>');
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({ errors: [{ status: 409, code: 'CONFLICT', title: 'Version must be incremented on update. Current version is: 2', detail: null }] });
    const skipped = await update(id, 4, '<p>skipping</p>');
    expect(skipped.status).toBe(409);
    const got = await kit.call('getPageById', { path: { id }, query: { 'body-format': 'storage' } });
    expect(got.body.version.number).toBe(2);
    expect(got.body.body.storage.value).toBe('<p>Ben was here</p>');
  });

  it('refuses a duplicate title in the space, case-insensitively, on create and on rename', async () => {
    await create('Incident 1');
    const dup = await create('incident 1');
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0].title).toBe('A page with this title already exists: A page already exists with the same TITLE in this space');
    const other = (await create('Incident 2')).body.id as string;
    const rename = await kit.call('updatePage', { path: { id: other }, body: { id: other, status: 'current', title: 'Incident 1', body: storage('<p/>'), version: { number: 2 } } });
    expect(rename.status).toBe(400);
  });

  it('refuses a storage body that is not well-formed, with the parser reason', async () => {
    const res = await create('Broken', '<p>unclosed <strong>bold</p>');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].title).toMatch(/^Error parsing xhtml: .+/);
    const list = await kit.call('getPages', { query: { title: 'Broken' } });
    expect(list.body.results).toHaveLength(0);
  });

  it('stores an ADF body, validates it, and renders it as storage and view', async () => {
    const doc = { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Status: ', marks: [{ type: 'strong' }] }, { type: 'text', text: 'a < b' }] }] };
    const res = await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'ADF page', body: { representation: 'atlas_doc_format', value: JSON.stringify(doc) } } });
    expect(res.status).toBe(200);
    const id = res.body.id as string;
    const adf = await kit.call('getPageById', { path: { id }, query: { 'body-format': 'atlas_doc_format' } });
    expect(JSON.parse(adf.body.body.atlas_doc_format.value)).toEqual(doc);
    const st = await kit.call('getPageById', { path: { id }, query: { 'body-format': 'storage' } });
    expect(st.body.body.storage.value).toBe('<p><strong>Status: </strong>a &lt; b</p>');
    const notJson = await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Bad ADF', body: { representation: 'atlas_doc_format', value: '{"type":' } } });
    expect(notJson.status).toBe(400);
    const notAdf = await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Bad ADF', body: { atlas_doc_format: { representation: 'atlas_doc_format', value: '{"type":"paragraph"}' } } } });
    expect(notAdf.status).toBe(400);
    expect(notAdf.body.errors[0].title).toMatch(/^Invalid atlas_doc_format: /);
  });

  it('renders the view representation from storage, macros as simple HTML', async () => {
    const value = '<p>Hi &amp; bye</p><ac:structured-macro ac:name="info"><ac:parameter ac:name="title">T</ac:parameter><ac:rich-text-body><p>inside</p></ac:rich-text-body></ac:structured-macro>';
    const id = (await create('View', value)).body.id as string;
    const view = await kit.call('getPageById', { path: { id }, query: { 'body-format': 'view' } });
    expect(view.body.body.view).toEqual({
      representation: 'view',
      value: '<p>Hi &amp; bye</p><div class="conf-macro output-block" data-macro-name="info"><div class="conf-macro-body"><p>inside</p></div></div>',
    });
  });

  it('emits created and updated events in the Forge payload shape', async () => {
    const id = (await create('Incident 1')).body.id as string;
    await kit.call('updatePage', { actor: AIKO, path: { id }, body: { id, status: 'current', title: 'Incident 1', body: storage('<p>x</p>'), version: { number: 2 } } });
    expect(kit.events.map((e) => e.eventType)).toEqual(['avi:confluence:created:page', 'avi:confluence:updated:page']);
    const updated = kit.events[1];
    expect(updated?.actor).toEqual(AIKO);
    expect(updated?.payload).toMatchObject({
      atlassianId: '557058:aiko-sato',
      suppressNotifications: false,
      updateTrigger: 'edit_page',
      content: { id, type: 'page', status: 'current', title: 'Incident 1', space: { id: Number(ops.spaceId), key: 'OPS', name: 'Operations' }, version: { number: 2, by: { accountId: '557058:aiko-sato' } } },
    });
    expect(typeof updated?.payload['eventCreatedDate']).toBe('string');
  });
});

describe('drafts, trash and purge', () => {
  it('publishes a draft with version 1 and emits created only then', async () => {
    const draft = await kit.call('createPage', { body: { spaceId: ops.spaceId, status: 'draft', title: 'Draft retro', parentId: ops.retrosId } });
    expect(draft.body.status).toBe('draft');
    const id = draft.body.id as string;
    expect(kit.events).toHaveLength(0);
    const listed = await kit.call('getPageDirectChildren', { path: { id: ops.retrosId } });
    expect(listed.body.results).toHaveLength(0);
    const pub = await kit.call('updatePage', { path: { id }, body: { id, status: 'current', title: 'Retro 1', body: storage('<p>r</p>'), version: { number: 1 } } });
    expect(pub.body).toMatchObject({ status: 'current', version: { number: 1 } });
    expect(kit.events.map((e) => e.eventType)).toEqual(['avi:confluence:created:page']);
  });

  it('trashes a page (children move up, title freed), restores it, then purges it', async () => {
    const parent = (await create('Parent')).body.id as string;
    const child = (await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Child', parentId: parent } })).body.id as string;
    expect((await kit.call('deletePage', { path: { id: parent } })).status).toBe(204);
    expect((await kit.call('getPageById', { path: { id: parent } })).status).toBe(404);
    expect((await kit.call('getPageById', { path: { id: parent }, query: { status: 'trashed' } })).body.status).toBe('trashed');
    expect((await kit.call('getPageById', { path: { id: child } })).body.parentId).toBe(ops.incidentsId);
    expect((await kit.call('getPages', { query: { status: 'trashed' } })).body.results.map((p: { id: string }) => p.id)).toEqual([parent]);

    const restored = await kit.call('updatePage', { path: { id: parent }, body: { id: parent, status: 'current', title: 'Parent', body: storage('<p/>'), version: { number: 2 } } });
    expect(restored.body.status).toBe('current');
    expect(restored.body.body.storage.value).toBe('<p>hello</p>');

    expect((await kit.call('deletePage', { path: { id: parent }, query: { purge: 'true' } })).status).toBe(400);
    await kit.call('deletePage', { path: { id: parent } });
    expect((await kit.call('deletePage', { path: { id: parent }, query: { purge: 'true' } })).status).toBe(204);
    expect((await kit.call('getPageById', { path: { id: parent }, query: { status: 'trashed' } })).status).toBe(404);
    expect((await create('Parent')).status).toBe(200);
  });

  it('does not delete the space homepage', async () => {
    expect((await kit.call('deletePage', { path: { id: ops.homepageId } })).status).toBe(400);
  });
});
