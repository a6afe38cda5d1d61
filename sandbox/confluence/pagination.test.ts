import { buildRequest, createKit, seeded, type Kit } from './test-kit';

let kit: Kit;
let ops: Awaited<ReturnType<typeof seeded>>;
const created: string[] = [];

beforeAll(async () => {
  kit = await createKit();
  ops = await seeded(kit);
  // Titles in an order unrelated to creation order, so title sorting is a different walk than id order.
  for (let i = 0; i < 23; i++) {
    const title = `Incident ${String((i * 7) % 23).padStart(2, '0')}`;
    const res = await kit.call('createPage', { body: { spaceId: ops.spaceId, title, parentId: ops.incidentsId } });
    created.push(res.body.id as string);
  }
});
afterAll(async () => kit.close());

/** Follows `_links.next` from a first request until the end, checking the Link header says the same. */
async function walk(operationId: string, path: Record<string, string>, query: Record<string, string>, between?: (round: number) => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let res = await kit.call(operationId, { path, query });
  for (let round = 0; round < 100; round++) {
    expect(res.status).toBe(200);
    seen.push(...res.body.results.map((r: { id: string }) => r.id));
    const next = res.body._links.next as string | undefined;
    expect(res.body._links.base).toBe('http://127.0.0.1:4010/wiki');
    if (!next) {
      expect(res.headers?.['Link']).toBe('<http://127.0.0.1:4010/wiki>; rel="base"');
      return seen;
    }
    expect(res.headers?.['Link']).toBe(`<${next}>; rel="next", <http://127.0.0.1:4010/wiki>; rel="base"`);
    const url = new URL(next, 'http://x');
    expect(url.pathname).toBe(buildRequest(operationId, { path }).path);
    await between?.(round);
    res = await kit.call(operationId, { path, query: url.searchParams });
  }
  throw new Error('pagination did not end');
}

describe('cursor pagination', () => {
  it('visits every page exactly once in id order', async () => {
    const seen = await walk('getPages', {}, { limit: '5', 'space-id': ops.spaceId });
    const all = [ops.homepageId, ops.incidentsId, ops.retrosId, ...created];
    expect(seen).toEqual([...all].sort((a, b) => Number(a) - Number(b)));
  });

  it('keeps the sort order across pages (-title) and the filters in the next link', async () => {
    const seen = await walk('getPages', {}, { limit: '4', sort: '-title', 'space-id': ops.spaceId });
    const titles = await Promise.all(seen.map(async (id) => (await kit.call('getPageById', { path: { id } })).body.title as string));
    expect(titles).toEqual([...titles].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
    expect(new Set(seen).size).toBe(26);
  });

  it('neither repeats nor skips a page when pages are added during the walk', async () => {
    const added: string[] = [];
    const seen = await walk('getPageDirectChildren', { id: ops.incidentsId }, { limit: '6' }, async (round) => {
      if (round === 1) {
        const res = await kit.call('createPage', { body: { spaceId: ops.spaceId, title: `Late arrival ${round}`, parentId: ops.incidentsId } });
        added.push(res.body.id as string);
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...created, ...added]);
  });

  it('pages through a space, labels and properties the same way', async () => {
    expect(await walk('getPagesInSpace', { id: ops.spaceId }, { limit: '7', depth: 'root' })).toEqual([ops.homepageId]);
    const target = created[0] ?? '';
    await kit.call('addLabelsToContent', { path: { id: target }, body: Array.from({ length: 9 }, (_, i) => ({ prefix: 'global', name: `l${i}` })) });
    expect(await walk('getPageLabels', { id: target }, { limit: '2', sort: 'name' })).toHaveLength(9);
    for (let i = 0; i < 5; i++) await kit.call('createPageProperty', { path: { 'page-id': target }, body: { key: `k${i}`, value: i } });
    expect(await walk('getPageContentProperties', { 'page-id': target }, { limit: '2' })).toHaveLength(5);
  });

  it('answers 400 for a cursor it did not issue', async () => {
    const res = await kit.call('getPages', { query: { cursor: 'not-a-cursor' } });
    expect(res.status).toBe(400);
  });

  it('filters pages by id, title and status', async () => {
    const two = created.slice(0, 2);
    expect((await kit.call('getPages', { query: { id: two.join(',') } })).body.results.map((p: { id: string }) => p.id)).toEqual(two);
    expect((await kit.call('getPages', { query: { title: 'Incidents' } })).body.results.map((p: { id: string }) => p.id)).toEqual([ops.incidentsId]);
    expect((await kit.call('getPages', { query: { status: 'trashed' } })).body.results).toEqual([]);
  });

  it('lists spaces by key, and one space by id', async () => {
    expect((await kit.call('getSpaces', { query: { keys: 'OPS,NOPE' } })).body.results.map((s: { key: string }) => s.key)).toEqual(['OPS']);
    expect((await kit.call('getSpaces', { query: { keys: 'NOPE' } })).body.results).toEqual([]);
    const space = await kit.call('getSpaceById', { path: { id: ops.spaceId }, query: { 'description-format': 'plain' } });
    expect(space.body).toMatchObject({ key: 'OPS', name: 'Operations', homepageId: ops.homepageId, _links: { webui: '/spaces/OPS', base: 'http://127.0.0.1:4010/wiki' } });
    expect((await kit.call('getSpaceById', { path: { id: '1' } })).status).toBe(404);
  });
});
