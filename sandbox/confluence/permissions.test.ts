import type { Actor } from '../core/product';
import { AIKO, ANONYMOUS, APP_ACCOUNT_ID, BEN, createKit, seeded, storage, VIEWER, type CallInit, type Kit } from './test-kit';

let kit: Kit;
let ops: Awaited<ReturnType<typeof seeded>>;
let pageId: string;
let propertyId: string;

beforeEach(async () => {
  kit = await createKit();
  ops = await seeded(kit);
  pageId = (await kit.call('createPage', { actor: AIKO, body: { spaceId: ops.spaceId, title: 'Incident 9', parentId: ops.incidentsId, body: storage('<p>original</p>') } })).body.id as string;
  propertyId = (await kit.call('createPageProperty', { path: { 'page-id': pageId }, body: { key: 'k', value: 1 } })).body.id as string;
  await kit.call('addLabelsToContent', { path: { id: pageId }, body: [{ prefix: 'global', name: 'keep' }] });
});
afterEach(async () => kit.close());

const writes = (): Array<[string, CallInit]> => [
  ['createPage', { body: { spaceId: ops.spaceId, title: 'Viewer page', parentId: ops.incidentsId } }],
  ['updatePage', { path: { id: pageId }, body: { id: pageId, status: 'current', title: 'Hijacked', body: storage('<p>x</p>'), version: { number: 2 } } }],
  ['updatePageTitle', { path: { id: pageId }, body: { status: 'current', title: 'Hijacked' } }],
  ['deletePage', { path: { id: pageId } }],
  ['createPageProperty', { path: { 'page-id': pageId }, body: { key: 'v', value: 1 } }],
  ['updatePagePropertyById', { path: { 'page-id': pageId, 'property-id': propertyId }, body: { key: 'k', value: 2, version: { number: 2 } } }],
  ['deletePagePropertyById', { path: { 'page-id': pageId, 'property-id': propertyId } }],
  ['addLabelsToContent', { path: { id: pageId }, body: [{ prefix: 'global', name: 'viewer' }] }],
  ['removeLabelFromContentUsingQueryParameter', { path: { id: pageId }, query: { name: 'keep' } }],
  ['removeLabelFromContent', { path: { id: pageId, label: 'keep' } }],
];

describe('permissions', () => {
  it('lets the viewer read', async () => {
    expect((await kit.call('getPageById', { actor: VIEWER, path: { id: pageId }, query: { 'body-format': 'storage' } })).body.body.storage.value).toBe('<p>original</p>');
    expect((await kit.call('getPages', { actor: VIEWER, query: { title: 'Incident 9' } })).body.results).toHaveLength(1);
    expect((await kit.call('getPageLabels', { actor: VIEWER, path: { id: pageId } })).status).toBe(200);
    expect((await kit.call('searchByCQL', { actor: VIEWER, query: { cql: 'label = keep' } })).body.totalSize).toBe(1);
    const withOps = await kit.call('getPageById', { actor: VIEWER, path: { id: pageId }, query: { 'include-operations': 'true' } });
    expect(withOps.body.operations.results).toEqual([{ operation: 'read', targetType: 'page' }]);
  });

  it('answers every write of the viewer with 403 in the API’s error shape, and changes nothing', async () => {
    for (const [operationId, init] of writes()) {
      const res = await kit.call(operationId, { ...init, actor: VIEWER });
      expect({ operationId, status: res.status }).toEqual({ operationId, status: 403 });
      if (operationId.endsWith('Content') || operationId.endsWith('Parameter')) expect(res.body).toMatchObject({ statusCode: 403, message: expect.any(String) });
      else expect(res.body.errors[0]).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    }
    const page = await kit.call('getPageById', { path: { id: pageId }, query: { 'body-format': 'storage', 'include-labels': 'true', 'include-properties': 'true' } });
    expect(page.body).toMatchObject({ title: 'Incident 9', status: 'current', version: { number: 1 } });
    expect(page.body.labels.results.map((l: { name: string }) => l.name)).toEqual(['keep']);
    expect(page.body.properties.results.map((p: { key: string; value: unknown }) => [p.key, p.value])).toEqual([['k', 1]]);
    expect((await kit.call('getPages', { query: { title: 'Viewer page' } })).body.results).toEqual([]);
  });

  it('answers anonymous callers and unknown accounts with 401', async () => {
    const stranger: Actor = { kind: 'user', accountId: '557058:nobody' };
    for (const actor of [ANONYMOUS, stranger]) {
      expect((await kit.call('getPageById', { actor, path: { id: pageId } })).body.errors[0]).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      expect((await kit.call('searchByCQL', { actor, query: { cql: 'type = page' } })).body).toMatchObject({ statusCode: 401 });
    }
  });

  it('answers an unknown page with 404', async () => {
    for (const id of ['1', '99999999']) {
      expect((await kit.call('getPageById', { path: { id } })).status).toBe(404);
      expect((await kit.call('updatePage', { path: { id }, body: { id, status: 'current', title: 't', body: storage(''), version: { number: 2 } } })).status).toBe(404);
      expect((await kit.call('getLabelsForContent', { path: { id } })).body).toMatchObject({ statusCode: 404 });
    }
  });

  it('shows a private page to its creator and the app only', async () => {
    const priv = await kit.call('createPage', { actor: AIKO, query: { private: 'true' }, body: { spaceId: ops.spaceId, title: 'Private notes' } });
    const id = priv.body.id as string;
    expect((await kit.call('getPageById', { actor: AIKO, path: { id } })).status).toBe(200);
    expect((await kit.call('getPageById', { path: { id } })).status).toBe(200);
    expect((await kit.call('getPageById', { actor: BEN, path: { id } })).status).toBe(404);
    expect((await kit.call('searchContentByCQL', { actor: BEN, query: { cql: 'title ~ private' } })).body.results).toEqual([]);
  });

  it('checks content permissions for the permission/check endpoint (what authorize() calls)', async () => {
    const check = (identifier: string, operation: string, actor: Actor = { kind: 'app' }) =>
      kit.call('checkContentPermission', { actor, path: { id: pageId }, body: { subject: { type: 'user', identifier }, operation } });
    expect((await check('557058:viewer-vic', 'read')).body).toEqual({ hasPermission: true });
    expect((await check('557058:viewer-vic', 'update')).body).toEqual({ hasPermission: false });
    expect((await check('557058:ben-carter', 'update')).body).toEqual({ hasPermission: true });
    expect((await check(APP_ACCOUNT_ID, 'delete')).body).toEqual({ hasPermission: true });
    expect((await check('557058:viewer-vic', 'update', VIEWER)).body).toEqual({ hasPermission: false });
    expect((await check('557058:ben-carter', 'read', VIEWER)).status).toBe(403);
  });
});
