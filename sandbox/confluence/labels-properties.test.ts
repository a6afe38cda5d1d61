import { createKit, seeded, type Kit } from './test-kit';

let kit: Kit;
let ops: Awaited<ReturnType<typeof seeded>>;
let pageId: string;

beforeEach(async () => {
  kit = await createKit();
  ops = await seeded(kit);
  pageId = (await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Incident 7', parentId: ops.incidentsId } })).body.id as string;
});
afterEach(async () => kit.close());

describe('labels (written with v1, read with v2)', () => {
  it('adds labels with v1, lower-cased and without duplicates, and reads them with v2', async () => {
    const added = await kit.call('addLabelsToContent', { path: { id: pageId }, body: [{ prefix: 'global', name: 'kaizen-incident' }, { prefix: 'global', name: 'SEV2' }] });
    expect(added.status).toBe(200);
    expect(added.body.results.map((l: { name: string }) => l.name)).toEqual(['kaizen-incident', 'sev2']);
    const again = await kit.call('addLabelsToContent', { path: { id: pageId }, body: { prefix: 'global', name: 'kaizen-incident' } });
    expect(again.body.size).toBe(2);

    const v2 = await kit.call('getPageLabels', { path: { id: pageId } });
    expect(v2.body.results.map((l: { name: string; prefix: string }) => `${l.prefix}:${l.name}`)).toEqual(['global:kaizen-incident', 'global:sev2']);
    const included = await kit.call('getPageById', { path: { id: pageId }, query: { 'include-labels': 'true' } });
    expect(included.body.labels.results.map((l: { name: string }) => l.name)).toEqual(['kaizen-incident', 'sev2']);
    expect(included.body.labels.meta).toEqual({ hasMore: false });
    const v1 = await kit.call('getLabelsForContent', { path: { id: pageId } });
    expect(v1.body.results.map((l: { label: string }) => l.label)).toEqual(['kaizen-incident', 'sev2']);
  });

  it('gives one label the same id on every page', async () => {
    const other = (await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Incident 8' } })).body.id as string;
    const a = await kit.call('addLabelsToContent', { path: { id: pageId }, body: [{ prefix: 'global', name: 'db' }] });
    const b = await kit.call('addLabelsToContent', { path: { id: other }, body: [{ prefix: 'global', name: 'db' }] });
    expect(a.body.results[0].id).toBe(b.body.results[0].id);
  });

  it('removes labels by query parameter and by path', async () => {
    await kit.call('addLabelsToContent', { path: { id: pageId }, body: [{ prefix: 'global', name: 'a' }, { prefix: 'global', name: 'b' }, { prefix: 'global', name: 'c' }] });
    expect((await kit.call('removeLabelFromContentUsingQueryParameter', { path: { id: pageId }, query: { name: 'a' } })).status).toBe(204);
    expect((await kit.call('removeLabelFromContent', { path: { id: pageId, label: 'c' } })).status).toBe(204);
    const left = await kit.call('getPageLabels', { path: { id: pageId } });
    expect(left.body.results.map((l: { name: string }) => l.name)).toEqual(['b']);
  });

  it('refuses label names Confluence refuses', async () => {
    const res = await kit.call('addLabelsToContent', { path: { id: pageId }, body: [{ prefix: 'global', name: 'two words' }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('invalid characters') });
    expect((await kit.call('getPageLabels', { path: { id: pageId } })).body.results).toEqual([]);
  });

  it('answers 404 in the v1 shape for unknown content', async () => {
    const res = await kit.call('addLabelsToContent', { path: { id: '31337' }, body: [{ prefix: 'global', name: 'x' }] });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, data: { successful: false } });
  });
});

describe('content properties', () => {
  const create = (key: string, value: unknown) => kit.call('createPageProperty', { path: { 'page-id': pageId }, body: { key, value } });

  it('creates (200), reads by key and id, updates with versions, and deletes', async () => {
    const created = await create('kaizen.region', { hash: 'abc', version: 1 });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ key: 'kaizen.region', value: { hash: 'abc', version: 1 }, version: { number: 1 } });
    const propertyId = created.body.id as string;
    await create('other', true);

    const byKey = await kit.call('getPageContentProperties', { path: { 'page-id': pageId }, query: { key: 'kaizen.region' } });
    expect(byKey.body.results.map((p: { id: string }) => p.id)).toEqual([propertyId]);
    const all = await kit.call('getPageContentProperties', { path: { 'page-id': pageId }, query: { sort: '-key' } });
    expect(all.body.results.map((p: { key: string }) => p.key)).toEqual(['other', 'kaizen.region']);

    const updated = await kit.call('updatePagePropertyById', { path: { 'page-id': pageId, 'property-id': propertyId }, body: { key: 'kaizen.region', value: { hash: 'def' }, version: { number: 2, message: 'm' } } });
    expect(updated.body).toMatchObject({ value: { hash: 'def' }, version: { number: 2, message: 'm' } });
    const stale = await kit.call('updatePagePropertyById', { path: { 'page-id': pageId, 'property-id': propertyId }, body: { key: 'kaizen.region', value: { hash: 'zzz' }, version: { number: 2 } } });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0]).toMatchObject({ code: 'CONFLICT', title: 'Version must be incremented on update. Current version is: 2' });
    const got = await kit.call('getPageContentPropertiesById', { path: { 'page-id': pageId, 'property-id': propertyId } });
    expect(got.body.value).toEqual({ hash: 'def' });

    const included = await kit.call('getPageById', { path: { id: pageId }, query: { 'include-properties': 'true' } });
    expect(included.body.properties.results.map((p: { key: string }) => p.key).sort()).toEqual(['kaizen.region', 'other']);

    expect((await kit.call('deletePagePropertyById', { path: { 'page-id': pageId, 'property-id': propertyId } })).status).toBe(204);
    expect((await kit.call('getPageContentPropertiesById', { path: { 'page-id': pageId, 'property-id': propertyId } })).status).toBe(404);
  });

  it('refuses a second property with the same key, and a property of another page', async () => {
    const first = await create('k', 1);
    expect((await create('k', 2)).status).toBe(400);
    const other = (await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Other' } })).body.id as string;
    expect((await kit.call('getPageContentPropertiesById', { path: { 'page-id': other, 'property-id': first.body.id } })).status).toBe(404);
  });
});
