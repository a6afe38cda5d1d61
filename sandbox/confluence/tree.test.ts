import { createKit, seeded, type Kit } from './test-kit';

let kit: Kit;
let ops: Awaited<ReturnType<typeof seeded>>;

beforeEach(async () => {
  kit = await createKit();
  ops = await seeded(kit);
});
afterEach(async () => kit.close());

async function page(title: string, parentId: string): Promise<string> {
  const res = await kit.call('createPage', { body: { spaceId: ops.spaceId, title, parentId } });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

const ids = (res: { body: { results: Array<{ id: string }> } }): string[] => res.body.results.map((r) => r.id);

describe('page tree', () => {
  it('lists direct children in creation order, and the deprecated children endpoint agrees', async () => {
    const a = await page('A', ops.incidentsId);
    const b = await page('B', ops.incidentsId);
    const a1 = await page('A1', a);
    const direct = await kit.call('getPageDirectChildren', { path: { id: ops.incidentsId } });
    expect(ids(direct)).toEqual([a, b]);
    expect(direct.body.results[0]).toMatchObject({ id: a, title: 'A', type: 'page', status: 'current', spaceId: ops.spaceId });
    expect(ids(await kit.call('getChildPages', { path: { id: ops.incidentsId } }))).toEqual([a, b]);
    expect(ids(await kit.call('getPageDirectChildren', { path: { id: a } }))).toEqual([a1]);
    expect(ids(await kit.call('getPageDirectChildren', { path: { id: ops.incidentsId }, query: { sort: '-title' } }))).toEqual([b, a]);
  });

  it('returns ancestors root first, the nearest ones when limited', async () => {
    const a = await page('A', ops.incidentsId);
    const a1 = await page('A1', a);
    const res = await kit.call('getPageAncestors', { path: { id: a1 } });
    expect(res.body.results).toEqual([
      { id: ops.homepageId, type: 'page' },
      { id: ops.incidentsId, type: 'page' },
      { id: a, type: 'page' },
    ]);
    expect(ids(await kit.call('getPageAncestors', { path: { id: a1 }, query: { limit: '2' } }))).toEqual([ops.incidentsId, a]);
    expect((await kit.call('getPageAncestors', { path: { id: ops.homepageId } })).body.results).toEqual([]);
  });

  it('returns descendants breadth first down to the requested depth', async () => {
    const a = await page('A', ops.incidentsId);
    const a1 = await page('A1', a);
    const a11 = await page('A11', a1);
    const two = await kit.call('getPageDescendants', { path: { id: ops.incidentsId } });
    expect(two.body.results.map((d: { id: string; depth: number; parentId: string }) => [d.id, d.depth, d.parentId])).toEqual([
      [a, 1, ops.incidentsId],
      [a1, 2, a],
    ]);
    expect(ids(await kit.call('getPageDescendants', { path: { id: ops.incidentsId }, query: { depth: '3' } }))).toEqual([a, a1, a11]);
  });

  it('moves a page to a new parent and refuses to move it under its own descendant', async () => {
    const a = await page('A', ops.incidentsId);
    const a1 = await page('A1', a);
    const b = await page('B', ops.incidentsId);
    const moved = await kit.call('updatePage', { path: { id: a }, body: { id: a, status: 'current', title: 'A', parentId: ops.retrosId, body: { representation: 'storage', value: '' }, version: { number: 2 } } });
    expect(moved.body.parentId).toBe(ops.retrosId);
    expect(ids(await kit.call('getPageDirectChildren', { path: { id: ops.incidentsId } }))).toEqual([b]);
    const r = await page('R', ops.retrosId);
    const movedB = await kit.call('updatePage', { path: { id: b }, body: { id: b, status: 'current', title: 'B', parentId: ops.retrosId, body: { representation: 'storage', value: '' }, version: { number: 2 } } });
    expect(movedB.status).toBe(200);
    // a moved page goes to the end of its new siblings
    expect(ids(await kit.call('getPageDirectChildren', { path: { id: ops.retrosId } }))).toEqual([a, r, b]);
    const cycle = await kit.call('updatePage', { path: { id: a }, body: { id: a, status: 'current', title: 'A', parentId: a1, body: { representation: 'storage', value: '' }, version: { number: 3 } } });
    expect(cycle.status).toBe(400);
  });

  it('refuses a parent that does not exist or lives in no visible place', async () => {
    const res = await kit.call('createPage', { body: { spaceId: ops.spaceId, title: 'Orphan', parentId: '999999999' } });
    expect(res.status).toBe(404);
    expect(res.body.errors[0].title).toBe('The parent ID specified does not exist, or user does not have permissions');
    const both = await kit.call('createPage', { query: { 'root-level': 'true' }, body: { spaceId: ops.spaceId, title: 'Both', parentId: ops.incidentsId } });
    expect(both.status).toBe(400);
  });

  it('answers 404 for the tree of an unknown page (and an empty list on the deprecated endpoint, which documents no 404)', async () => {
    expect((await kit.call('getPageDirectChildren', { path: { id: '424242' } })).status).toBe(404);
    expect((await kit.call('getPageAncestors', { path: { id: '424242' } })).status).toBe(404);
    const old = await kit.call('getChildPages', { path: { id: '424242' } });
    expect(old.status).toBe(200);
    expect(old.body.results).toEqual([]);
  });
});
