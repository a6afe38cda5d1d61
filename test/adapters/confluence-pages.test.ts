import { randomUUID } from 'node:crypto';
import { ConfluenceIncidentPages, PageConflictError, SpaceNotFoundError, type SpaceCache } from '../../src/adapters/confluence-pages';
import { ProductHttp, RateLimitedError } from '../../src/adapters/product-http';
import type { AdapterLog } from '../../src/adapters/product-http';
import { regionId } from '../../src/documents/regions';
import { JSON_HEADERS, inConsumer, useAdapterSandbox } from './adapter-test-kit';

interface PageJson {
  id: string;
  title: string;
  parentId?: string;
  version: { number: number; message: string };
  body: { storage: { value: string } };
}

/** A Kaizen region as the renderer writes it: a macro whose `ac:macro-id` is the region id. */
const region = (id: string, inner: string): string =>
  `<ac:structured-macro ac:name="panel" ac:schema-version="1" ac:macro-id="${id}"><ac:rich-text-body>${inner}</ac:rich-text-body></ac:structured-macro>`;

const recordingLog = (): AdapterLog & { lines: Array<{ message: string; details?: Record<string, unknown> }> } => {
  const lines: Array<{ message: string; details?: Record<string, unknown> }> = [];
  return { lines, warn: (message, details) => void lines.push(details ? { message, details } : { message }) };
};

describe('ConfluenceIncidentPages through the sandbox', () => {
  const kit = useAdapterSandbox();

  const getPage = async (id: string): Promise<PageJson> => (await (await kit.sb().http(`/wiki/api/v2/pages/${id}?body-format=storage`)).json()) as PageJson;
  /** A person saves the page (as the default seeded user, over plain HTTP). */
  const personSaves = async (id: string, storage: (current: string) => string): Promise<void> => {
    const page = await getPage(id);
    const res = await kit.sb().http(`/wiki/api/v2/pages/${id}`, {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify({ id, status: 'current', title: page.title, body: { representation: 'storage', value: storage(page.body.storage.value) }, version: { number: page.version.number + 1 } }),
    });
    expect(res.status).toBe(200);
  };
  /** The adapters' requests to one page in this test, as `METHOD status`. */
  const pageRequests = (pageId: string): string[] =>
    kit.appRequests().filter((e) => e.path === `/wiki/api/v2/pages/${pageId}`).map((e) => `${e.method} ${e.status}`);
  const incidentsPageId = async (): Promise<string> => (await inConsumer(() => new ConfluenceIncidentPages().findPageId('OPS', 'Incidents')))!;

  it('finds a seeded page by exact title, once looking the space up per instance', async () => {
    const pages = new ConfluenceIncidentPages();
    const id = await inConsumer(() => pages.findPageId('OPS', 'Incidents'));
    expect(id).toMatch(/^\d+$/);
    const ref = await inConsumer(() => pages.findPage('OPS', 'Incidents'));
    expect(ref).toEqual({ id, title: 'Incidents', url: expect.stringMatching(new RegExp(`^${kit.sb().url}/wiki/spaces/OPS/pages/${id}`)) });
    expect(await inConsumer(() => pages.findPage('OPS', 'incidents'))).toBeUndefined();
    expect(await inConsumer(() => pages.findPage('OPS', 'No such page'))).toBeUndefined();
    expect(kit.appRequests().filter((e) => e.path === '/wiki/api/v2/spaces')).toHaveLength(1);
  });

  it('keeps the space cache it is given (one per invocation), and reports an unknown space', async () => {
    const cache: SpaceCache = new Map();
    await inConsumer(() => new ConfluenceIncidentPages({ spaces: cache }).findPageId('OPS', 'Incidents'));
    expect([...cache.keys()]).toEqual(['OPS']);
    await inConsumer(() => new ConfluenceIncidentPages({ spaces: cache }).findPageId('OPS', 'Retrospectives'));
    expect(kit.appRequests().filter((e) => e.path === '/wiki/api/v2/spaces')).toHaveLength(1);
    const err = await inConsumer(() => new ConfluenceIncidentPages().findPage('NOPE', 'x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpaceNotFoundError);
  });

  it('creates a page under a parent; a second create with the title returns the same page and writes nothing', async () => {
    kit.expectFailure({ method: 'POST', path: /^\/wiki\/api\/v2\/pages$/, status: 400 });
    const parentId = await incidentsPageId();
    const title = `INC ${randomUUID()} — ディスク "full"`;
    const storage = '<p>Disk full on <strong>db-1</strong></p>';
    const pages = new ConfluenceIncidentPages();
    const first = await inConsumer(() => pages.createPage({ spaceKey: 'OPS', parentId, title, storage }));
    expect(first.title).toBe(title);
    expect(first.url).toMatch(new RegExp(`^${kit.sb().url}/wiki/spaces/OPS/pages/${first.id}`));
    const second = await inConsumer(() => new ConfluenceIncidentPages().createPage({ spaceKey: 'OPS', parentId, title, storage: '<p>other</p>' }));
    expect(second).toEqual(first);
    const page = await getPage(first.id);
    expect(page).toMatchObject({ parentId, version: { number: 1 }, body: { storage: { value: storage } } });
    const listed = (await (await kit.sb().http(`/wiki/api/v2/pages?title=${encodeURIComponent(title)}`)).json()) as { results: unknown[] };
    expect(listed.results).toHaveLength(1);
    expect(kit.appRequests().filter((e) => e.method === 'POST').map((e) => e.status)).toEqual([200, 400]);
  });

  it('retries a create after a 500 and still makes one page', async () => {
    kit.expectFailure({ method: 'POST', path: /^\/wiki\/api\/v2\/pages$/, status: 400 });
    const title = `INC ${randomUUID()}`;
    // The injected 500 answers before the page is made; the second request creates it.
    kit.sb().faults.add({ path: '/^\\/wiki\\/api\\/v2\\/pages$/', method: 'POST', status: 500, count: 1 });
    const opts = kit.recordingRetry();
    const ref = await inConsumer(() => new ConfluenceIncidentPages({ http: new ProductHttp('confluence', opts) }).createPage({ spaceKey: 'OPS', parentId: undefined, title, storage: '<p>x</p>' }));
    expect(opts.events.map((e) => e.status)).toEqual([500]);
    expect((await getPage(ref.id)).title).toBe(title);
  });

  describe('replaceOwnedRegion', () => {
    const newPage = async (storage: string): Promise<string> =>
      (await inConsumer(() => new ConfluenceIncidentPages().createPage({ spaceKey: 'OPS', parentId: undefined, title: `INC ${randomUUID()}`, storage }))).id;

    it('rewrites only its region, as version + 1 with a version message, and skips an unchanged write', async () => {
      const rid = regionId(`inc-${randomUUID()}`, 'timeline');
      const pageId = await newPage(`<p>Intro by a person</p>${region(rid, '<p>old</p>')}<p>Notes by a person</p>`);
      const pages = new ConfluenceIncidentPages();
      expect(await inConsumer(() => pages.replaceOwnedRegion(pageId, rid, () => '<ul><li>10:00 fired</li></ul>'))).toEqual({ written: true });
      const page = await getPage(pageId);
      expect(page.version).toMatchObject({ number: 2, message: 'Kaizen: incident update' });
      expect(page.body.storage.value).toContain('<ul><li>10:00 fired</li></ul>');
      expect(page.body.storage.value).not.toContain('<p>old</p>');
      expect(page.body.storage.value).toContain('<p>Intro by a person</p>');
      expect(page.body.storage.value).toContain('<p>Notes by a person</p>');

      expect(await inConsumer(() => pages.replaceOwnedRegion(pageId, rid, () => '<ul><li>10:00 fired</li></ul>'))).toEqual({ written: false });
      expect((await getPage(pageId)).version.number).toBe(2);
      expect(pageRequests(pageId)).toEqual(['GET 200', 'PUT 200', 'GET 200']);
    });

    it('keeps a person’s edit saved between its read and its write (a real 409, re-read, re-applied)', async () => {
      const rid = regionId(`inc-${randomUUID()}`, 'timeline');
      const pageId = await newPage(`${region(rid, '<p>old</p>')}<p>draft notes</p>`);
      // The adapter's first PUT is refused (429, Retry-After 0); while it "waits", a person saves the page, so the
      // retried PUT carries a stale version and Confluence answers 409.
      kit.sb().faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 429, count: 1, retryAfterSeconds: 0 });
      kit.expectFailure({ method: 'PUT', path: new RegExp(`^/wiki/api/v2/pages/${pageId}$`), status: 409 });
      const http = new ProductHttp('confluence', {
        sleep: () => personSaves(pageId, (s) => s.replace('<p>draft notes</p>', '<p>root cause: a full disk</p>')),
      });
      expect(await inConsumer(() => new ConfluenceIncidentPages({ http }).replaceOwnedRegion(pageId, rid, () => '<p>new timeline</p>'))).toEqual({ written: true });
      const page = await getPage(pageId);
      expect(page.version.number).toBe(3);
      expect(page.body.storage.value).toContain('<p>root cause: a full disk</p>');
      expect(page.body.storage.value).toContain('<p>new timeline</p>');
      expect(pageRequests(pageId)).toEqual(['GET 200', 'PUT 429', 'PUT 409', 'GET 200', 'PUT 200']);
    });

    it('re-reads and re-applies after an injected 409, keeping the person’s newer version', async () => {
      const rid = regionId(`inc-${randomUUID()}`, 'status');
      const pageId = await newPage(`${region(rid, '<p>Open</p>')}<p>x</p>`);
      await personSaves(pageId, (s) => `${s}<p>added by a person</p>`);
      kit.sb().faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 409, count: 1 });
      expect(await inConsumer(() => new ConfluenceIncidentPages().replaceOwnedRegion(pageId, rid, () => '<p>Mitigated</p>'))).toEqual({ written: true });
      const page = await getPage(pageId);
      expect(page.version.number).toBe(3);
      expect(page.body.storage.value).toContain('<p>added by a person</p>');
      expect(page.body.storage.value).toContain('<p>Mitigated</p>');
      expect(pageRequests(pageId)).toEqual(['GET 200', 'PUT 409', 'GET 200', 'PUT 200']);
    });

    it('gives up with PageConflictError after a bounded number of conflicts', async () => {
      const rid = regionId(`inc-${randomUUID()}`, 'facts');
      const pageId = await newPage(region(rid, '<p>a</p>'));
      kit.sb().faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 409, count: 10 });
      const err = await inConsumer(() => new ConfluenceIncidentPages({ maxConflictAttempts: 3 }).replaceOwnedRegion(pageId, rid, () => '<p>b</p>')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PageConflictError);
      expect((err as PageConflictError).status).toBe(409);
      expect(pageRequests(pageId)).toEqual(['GET 200', 'PUT 409', 'GET 200', 'PUT 409', 'GET 200', 'PUT 409']);
      expect((await getPage(pageId)).version.number).toBe(1);
    });

    it('does not write when a person deleted the region, and says so in the log', async () => {
      const rid = regionId(`inc-${randomUUID()}`, 'timeline');
      const pageId = await newPage('<p>Only people’s words here</p>');
      const log = recordingLog();
      let rendered = 0;
      const result = await inConsumer(() => new ConfluenceIncidentPages({ log }).replaceOwnedRegion(pageId, rid, () => `<p>${++rendered}</p>`));
      expect(result).toEqual({ written: false });
      expect(log.lines).toEqual([{ message: expect.stringMatching(/region not found/), details: { pageId, regionId: rid, version: 1 } }]);
      expect(pageRequests(pageId)).toEqual(['GET 200']);
      expect((await getPage(pageId)).version.number).toBe(1);
    });

    it('retries the read on 500 and hands a long 429 on the write back as RateLimitedError', async () => {
      const rid = regionId(`inc-${randomUUID()}`, 'timeline');
      const pageId = await newPage(region(rid, '<p>a</p>'));
      const sb = kit.sb();
      sb.faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'GET', status: 500, count: 1 });
      sb.faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 429, count: 1, retryAfterSeconds: 45 });
      const opts = kit.recordingRetry();
      const err = await inConsumer(() => new ConfluenceIncidentPages({ http: new ProductHttp('confluence', opts) }).replaceOwnedRegion(pageId, rid, () => '<p>b</p>')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as RateLimitedError).retryAfterSeconds).toBe(45);
      expect(opts.events.map((e) => `${e.method} ${e.status}`)).toEqual(['GET 500']);
      expect((await getPage(pageId)).version.number).toBe(1);
    });
  });

  describe('replaceOwnedRegions', () => {
    const newPage = async (storage: string): Promise<string> =>
      (await inConsumer(() => new ConfluenceIncidentPages().createPage({ spaceKey: 'OPS', parentId: undefined, title: `INC ${randomUUID()}`, storage }))).id;

    it('writes every region in one PUT, skips one people removed without putting it back, and skips an unchanged write', async () => {
      const id = `inc-${randomUUID()}`;
      const [roles, times, timeline] = [regionId(id, 'roles'), regionId(id, 'key-times'), regionId(id, 'timeline')];
      const pageId = await newPage(`<p>Intro</p>${region(roles, '<p>r0</p>')}<p>between</p>${region(times, '<p>t0</p>')}`);
      const log = recordingLog();
      const pages = new ConfluenceIncidentPages({ log });
      const regions = [
        { regionId: roles, render: () => '<p>r1</p>' },
        { regionId: times, render: () => '<p>t1</p>' },
        { regionId: timeline, render: () => '<p>never written</p>' },
      ];
      expect(await inConsumer(() => pages.replaceOwnedRegions(pageId, regions))).toEqual({ written: true });
      const page = await getPage(pageId);
      expect(page.version.number).toBe(2);
      expect(page.body.storage.value).toBe(`<p>Intro</p>${region(roles, '<p>r1</p>')}<p>between</p>${region(times, '<p>t1</p>')}`);
      expect(log.lines).toEqual([{ message: expect.stringMatching(/region not found/), details: { pageId, regionId: timeline, version: 1 } }]);

      expect(await inConsumer(() => pages.replaceOwnedRegions(pageId, regions))).toEqual({ written: false });
      expect(pageRequests(pageId)).toEqual(['GET 200', 'PUT 200', 'GET 200']);
    });

    it('writes nothing on a page that has none of the regions (made before they existed)', async () => {
      const id = `inc-${randomUUID()}`;
      const pageId = await newPage('<h2>Roles</h2><table><tbody><tr><td><p>Commander</p></td><td><p>Aiko</p></td></tr></tbody></table>');
      const regions = [regionId(id, 'roles'), regionId(id, 'key-times')].map((rid) => ({ regionId: rid, render: () => '<p>x</p>' }));
      expect(await inConsumer(() => new ConfluenceIncidentPages({ log: recordingLog() }).replaceOwnedRegions(pageId, regions))).toEqual({ written: false });
      expect(pageRequests(pageId)).toEqual(['GET 200']);
      expect((await getPage(pageId)).version.number).toBe(1);
    });

    it('keeps a person’s edit saved between its read and its write, and re-applies every region (a real 409)', async () => {
      const id = `inc-${randomUUID()}`;
      const [roles, times] = [regionId(id, 'roles'), regionId(id, 'key-times')];
      const pageId = await newPage(`${region(roles, '<p>r0</p>')}<p>draft notes</p>${region(times, '<p>t0</p>')}`);
      kit.sb().faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 429, count: 1, retryAfterSeconds: 0 });
      kit.expectFailure({ method: 'PUT', path: new RegExp(`^/wiki/api/v2/pages/${pageId}$`), status: 409 });
      const http = new ProductHttp('confluence', { sleep: () => personSaves(pageId, (s) => s.replace('<p>draft notes</p>', '<p>root cause: a full disk</p>')) });
      let renders = 0;
      const regions = [
        { regionId: roles, render: () => `<p>r${++renders}</p>` },
        { regionId: times, render: () => '<p>t1</p>' },
      ];
      expect(await inConsumer(() => new ConfluenceIncidentPages({ http }).replaceOwnedRegions(pageId, regions))).toEqual({ written: true });
      const page = await getPage(pageId);
      expect(page.version.number).toBe(3);
      expect(page.body.storage.value).toBe(`${region(roles, '<p>r1</p>')}<p>root cause: a full disk</p>${region(times, '<p>t1</p>')}`);
      // each region is rendered once, whatever the rounds
      expect(renders).toBe(1);
      expect(pageRequests(pageId)).toEqual(['GET 200', 'PUT 429', 'PUT 409', 'GET 200', 'PUT 200']);
    });
  });
});
