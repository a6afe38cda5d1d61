import { buildRequest, createKit, schemaErrors, seeded, storage, type Kit } from './test-kit';

let kit: Kit;
afterEach(async () => kit.close());

describe('persistence and reset', () => {
  it('keeps pages, versions, labels and properties across a store reopen, and keeps numbering ids', async () => {
    kit = await createKit();
    const ops = await seeded(kit);
    const id = (await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Survivor', parentId: ops.incidentsId, body: storage('<p>v1</p>') } })).body.id as string;
    await kit.call('updatePage', { path: { id }, body: { id, status: 'current', title: 'Survivor', body: storage('<p>v2</p>'), version: { number: 2, message: 'second' } } });
    await kit.call('addLabelsToContent', { path: { id }, body: [{ prefix: 'global', name: 'persisted' }] });
    await kit.call('createPageProperty', { path: { 'page-id': id }, body: { key: 'state', value: { n: 1 } } });

    await kit.reopen();

    const page = await kit.call('getPageById', { path: { id }, query: { 'body-format': 'storage', 'include-labels': 'true', 'include-properties': 'true', 'include-versions': 'true' } });
    expect(page.body).toMatchObject({ title: 'Survivor', version: { number: 2, message: 'second' }, body: { storage: { value: '<p>v2</p>' } } });
    expect(page.body.labels.results.map((l: { name: string }) => l.name)).toEqual(['persisted']);
    expect(page.body.properties.results[0]).toMatchObject({ key: 'state', value: { n: 1 } });
    expect(page.body.versions.results).toHaveLength(2);
    expect(await seeded(kit)).toEqual(ops);
    const next = await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'After restart' } });
    expect(Number(next.body.id)).toBeGreaterThan(Number(id));
    expect((await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'survivor' } })).status).toBe(400);
  });

  it('restores the seed on reset, with the same ids, and nothing created since', async () => {
    kit = await createKit();
    const before = await seeded(kit);
    const id = (await kit.call('createPage', { body: { spaceId: before.spaceId, title: 'Doomed', parentId: before.incidentsId } })).body.id as string;
    await kit.call('updatePage', { path: { id: before.incidentsId }, body: { id: before.incidentsId, status: 'current', title: 'Renamed incidents', body: storage('<p/>'), version: { number: 2 } } });

    kit.emulator.seed();

    expect(await seeded(kit)).toEqual(before);
    expect((await kit.call('getPageById', { path: { id } })).status).toBe(404);
    const incidents = await kit.call('getPageById', { path: { id: before.incidentsId } });
    expect(incidents.body).toMatchObject({ title: 'Incidents', version: { number: 1 }, parentId: before.homepageId });
    const all = await kit.call('getPages', { query: { limit: '250' } });
    expect(all.body.results.map((p: { title: string }) => p.title).sort()).toEqual(['Incidents', 'Operations Home', 'Retrospectives']);
    const recreated = await kit.call('createPage', { body: { spaceId: before.spaceId, title: 'Doomed' } });
    expect(recreated.body.id).toBe(id);
  });

  it('seeds a new store once and leaves an existing one as it is', async () => {
    kit = await createKit();
    const ops = await seeded(kit);
    await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Kept' } });
    await kit.reopen();
    expect((await kit.call('getPages', { query: { title: 'Kept' } })).body.results).toHaveLength(1);
  });
});

describe('response conformance checker', () => {
  it('catches a body that breaks the documented schema (so passing tests mean something)', () => {
    expect(schemaErrors('getPageById', { status: 200, body: { id: 42, version: { number: 'one' } } })).not.toEqual([]);
    expect(schemaErrors('searchByCQL', { status: 200, body: { results: [] } })).not.toEqual([]);
    expect(schemaErrors('getPageById', { status: 200, body: { id: '42', version: { number: 1 } } })).toEqual([]);
  });

  it('answers 501 in the v1 shape for a v1 operation that shares a v2 operationId', async () => {
    kit = await createKit();
    const req = { ...buildRequest('getSpaces'), path: '/wiki/rest/api/space', pathTemplate: '/wiki/rest/api/space' };
    const res = await kit.emulator.handle(req);
    expect(res).toMatchObject({ status: 501, body: { statusCode: 501 } });
  });
});
