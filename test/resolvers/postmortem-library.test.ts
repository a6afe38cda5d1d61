import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { RECOMMENDED_LABEL, type LibraryPage } from '../../src/shared/library';
import { LABELS_COLUMN_MAX, labelsColumn } from '../../src/storage/sql/library';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { lastSeq, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { createLibraryPage, libraryData, seedPages, seedRows, SPECIAL_TITLES, type SeededPostmortem } from '../helpers/library-seed';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, USERS, type ModuleCall } from './call-resolver';

/**
 * The postmortem library (issue 11 item 1) through the sandbox: `listPostmortems` and `setRecommendation` as the
 * platform invokes them from the `postmortem-library` macro, over 5,000 published postmortems in the reporting store
 * (MariaDB behind the real @forge/sql) whose pages are in the sandbox's Confluence. Every page of results must cost
 * ONE SQL statement and ONE Confluence request as the viewer, and must say nothing about postmortems the viewer cannot
 * read.
 *
 * The data (test/helpers/library-seed.ts): postmortem i published i × 2 h ago; SEV1–4 in turn (release reviews, every
 * 10th, have none); services in turn; every 50th a drill; every 7th labelled `database`; pages of i = 4, 5, 6
 * readable by Aiko only; reading sessions: i = 100 ×5, i = 200 ×3, i = 300 ×1. Two more, the oldest: i = 5001, a
 * restricted postmortem (Aiko only) with a telling title, label and service; i = 5002, a page with 150 long labels.
 */
jest.setTimeout(120_000);

const COUNT = 5_000;
const HOUR = 3_600_000;
const PRIVATE = new Set([4, 5, 6, COUNT + 1]);
/** The restricted postmortem whose words must not leak (i = COUNT + 1), and the page with many labels (COUNT + 2). */
const SECRET = { title: 'Acquisition of ACME: data room outage', label: 'acme-acquisition', service: 'acme-data-room' };
const MANY_LABELS = Array.from({ length: 150 }, (_, k) => `topic-${String(k).padStart(3, '0')}-${'x'.repeat(24)}`);

describe('the postmortem library', () => {
  let sb: TestSandbox;
  let data: SeededPostmortem[];
  let libraryPageId: string;
  let privatePageId: string;
  const module = (contentId: string): ModuleCall => ({
    moduleKey: 'postmortem-library',
    moduleType: 'macro',
    extension: { type: 'macro', content: { id: contentId, type: 'page' }, space: { id: '1', key: 'OPS' }, config: {}, isEditing: false },
  });
  const list = async (payload: Record<string, unknown>, user: string = USERS.ben, contentId = libraryPageId) =>
    RESOLVERS.listPostmortems.response.parse(await callResolver(sb, module(contentId), 'listPostmortems', payload, user));
  const page = async (payload: Record<string, unknown>, user?: string): Promise<LibraryPage> => {
    const answer = await list(payload, user);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    return answer.data;
  };
  const recommend = async (payload: Record<string, unknown>, user: string = USERS.ben) =>
    RESOLVERS.setRecommendation.response.parse(await callResolver(sb, module(libraryPageId), 'setRecommendation', payload, user));
  /** The app's SQL statements and Confluence requests since `seq` (the test's own seeding excluded). */
  const costSince = (seq: number) => ({
    sql: sb.log.list({ since: seq, kind: 'sql' }).filter((e) => e.caller !== 'test').length,
    confluence: sb.log.list({ since: seq, kind: 'product' }).filter((e) => e.caller !== 'http').length,
  });
  const shown = (rows: SeededPostmortem[]) => rows.filter((r) => !r.drill);
  const pageLabels = async (pageId: string) =>
    ((await (await sb.http(`/wiki/api/v2/pages/${pageId}/labels`, { headers: { 'X-Sandbox-User': 'app' } })).json()) as { results: Array<{ name: string }> }).results.map((l) => l.name);

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    data = libraryData(COUNT + 3, Date.now(), (i) => (PRIVATE.has(i) ? USERS.aiko : null));
    Object.assign(data[COUNT + 1]!, { title: SECRET.title, labels: ['kaizen-postmortem', SECRET.label], service: SECRET.service });
    Object.assign(data[COUNT + 2]!, { labels: ['kaizen-postmortem', ...MANY_LABELS] });
    seedPages(sb, data);
    await seedRows(data, { [data[100]!.pageId]: 5, [data[200]!.pageId]: 3, [data[300]!.pageId]: 1 });
    libraryPageId = (await createLibraryPage(sb)).id;
    privatePageId = data[4]!.pageId;
  }, 300_000);
  afterAll(() => sb?.dispose());
  afterEach(() => expect(sb.log.list({ kind: 'product' }).filter((e) => e.caller !== 'http' && e.status === 400)).toEqual([]));

  it('pages through 5,000 postmortems newest first: one SQL statement and one Confluence request per page, nothing said of hidden rows', async () => {
    const expected = shown(data);
    const pages = Math.ceil(expected.length / 20);
    for (const n of [1, 2, 3, 100, pages]) {
      const seq = lastSeq(sb);
      const p = await page({ page: n });
      expect(costSince(seq)).toEqual({ sql: 1, confluence: 1 });
      const slice = expected.slice((n - 1) * 20, n * 20);
      expect(p).toMatchObject({ total: expected.length, page: n, pageSize: 20, hasMore: n < pages });
      // Ben cannot read the pages of 4, 5, 6 (and the secret one): left out, and not counted
      expect(p.rows.map((r) => r.pageId)).toEqual(slice.filter((r) => r.privateTo === null).map((r) => r.pageId));
      expect(p).not.toHaveProperty('hidden');
    }
    // Aiko reads them all; drills are left out unless asked for, then shown marked
    expect((await page({ page: 1 }, USERS.aiko)).rows.map((r) => r.pageId)).toEqual(expected.slice(0, 20).map((r) => r.pageId));
    const withDrills = await page({ includeDrills: true, page: 3 }, USERS.aiko);
    expect(withDrills.total).toBe(data.length);
    expect(withDrills.rows.find((r) => r.pageId === data[49]!.pageId)).toMatchObject({ drill: true });
    // past the end: nothing (and no total: the count is not known there), and a page number beyond the limit is
    // refused with the field named
    expect(await page({ page: pages + 1 })).toEqual({ rows: [], page: pages + 1, pageSize: 20, hasMore: false });
    const tooDeep = await list({ page: 501 });
    expect(tooDeep.ok ? null : tooDeep.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('page') });
  });

  it('filters by level, service, period, release class, label and drills, each in one statement', async () => {
    const cases: Array<[Record<string, unknown>, (r: SeededPostmortem, i: number) => boolean]> = [
      [{ level: 'SEV2' }, (r) => r.level === 'SEV2'],
      [{ service: 'search' }, (r) => r.service === 'search'],
      [{ period: '30' }, (_r, i) => i * 2 * HOUR < 30 * 24 * HOUR],
      [{ period: '90' }, (_r, i) => i * 2 * HOUR < 90 * 24 * HOUR],
      [{ period: '365' }, (_r, i) => i * 2 * HOUR < 365 * 24 * HOUR],
      [{ releaseClass: 'rolled_back' }, (r) => r.releaseClass === 'rolled_back'],
      [{ releaseClass: 'caused_outage' }, (r) => r.releaseClass === 'caused_outage'],
      [{ label: 'Database' }, (r) => r.labels.includes('database')],
      [{ level: 'SEV1', service: 'checkout', period: '90' }, (r, i) => r.level === 'SEV1' && r.service === 'checkout' && i * 2 * HOUR < 90 * 24 * HOUR],
    ];
    for (const [filter, keep] of cases) {
      const seq = lastSeq(sb);
      const p = await page({ ...filter, sort: 'newest' }, USERS.aiko);
      expect(costSince(seq)).toEqual({ sql: 1, confluence: 1 });
      const expected = data.filter((r, i) => !r.drill && keep(r, i));
      // a free-text filter (service, label) answers no total: paging goes by hasMore
      const freeText = 'service' in filter || 'label' in filter;
      expect([JSON.stringify(filter), p.total, p.hasMore]).toEqual([JSON.stringify(filter), freeText ? undefined : expected.length, expected.length > 20]);
      expect(p.rows.map((r) => r.pageId)).toEqual(expected.slice(0, 20).map((r) => r.pageId));
    }
    const reviews = await page({ releaseClass: 'partially_incomplete' }, USERS.aiko);
    expect(reviews.rows.every((r) => r.kind === 'release-review' && r.releaseClass === 'partially_incomplete' && r.level === null)).toBe(true);
    // a bad filter is refused, naming the field
    const bad = await list({ level: 'SEV9' });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('level') });
    const badLabel = await list({ label: 'two words' });
    expect(badLabel.ok ? null : badLabel.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('label') });
  });

  it('searches titles as typed: % and _ are letters, hostile text is text, case does not matter', async () => {
    const titles = async (search: string) => (await page({ search }, USERS.aiko)).rows.map((r) => r.title);
    expect(await titles('%')).toEqual([`${SPECIAL_TITLES[0]} #0`]);
    expect(await titles('_')).toEqual([`${SPECIAL_TITLES[0]} #0`]);
    expect(await titles('db_primary')).toEqual([`${SPECIAL_TITLES[0]} #0`]);
    expect(await titles('100%')).toEqual([`${SPECIAL_TITLES[0]} #0`]);
    expect(await titles("'); DROP TABLE retrospectives; --")).toEqual([`${SPECIAL_TITLES[2]} #2`]);
    expect(await titles('<script>alert(1)</script>')).toEqual([`${SPECIAL_TITLES[3]} #3`]);
    expect(await titles('決済')).toEqual([`${SPECIAL_TITLES[3]} #3`]);
    expect(await titles('\\')).toEqual([]);
    const p = await page({ search: 'POSTMORTEM #12' }, USERS.aiko);
    const matching = data.filter((r) => !r.drill && r.title.toLowerCase().includes('postmortem #12'));
    expect(p).toMatchObject({ rows: matching.slice(0, 20).map((r) => ({ pageId: r.pageId })), hasMore: matching.length > 20 });
    expect(p).not.toHaveProperty('total');
    // the table is intact
    expect((await page({}, USERS.aiko)).total).toBe(shown(data).length);
  });

  it('sorts by most read: the sessions each postmortem had', async () => {
    const seq = lastSeq(sb);
    const p = await page({ sort: 'most-read' }, USERS.aiko);
    expect(costSince(seq)).toEqual({ sql: 1, confluence: 1 });
    expect(p.rows.slice(0, 4).map((r) => [r.pageId, r.sessions])).toEqual([
      [data[100]!.pageId, 5],
      [data[200]!.pageId, 3],
      [data[300]!.pageId, 1],
      [data[0]!.pageId, 0],
    ]);
  });

  it('recommends with a reason: the page label as the person, the record, first in the recommended view; and takes it back', async () => {
    const target = data[8]!;
    const reason = `  Clear なぜなぜ分析; read before on-call ${'x'.repeat(150)}  `;
    const answer = await recommend({ pageId: target.pageId, recommended: true, reason });
    expect(answer.ok ? answer.data : answer.error).toMatchObject({ pageId: target.pageId, recommended: { accountId: USERS.ben, byName: 'Ben Carter', reason: reason.trim() } });
    expect(await pageLabels(target.pageId)).toContain(RECOMMENDED_LABEL);
    const write = sb.log.list({ kind: 'product' }).filter((e) => e.method === 'POST' && e.path === `/wiki/rest/api/content/${target.pageId}/label`);
    expect(write.at(-1)).toMatchObject({ actor: USERS.ben, status: 200 });

    const first = await page({ sort: 'recommended' });
    expect(first.rows[0]).toMatchObject({ pageId: target.pageId, recommended: { reason: reason.trim(), byName: 'Ben Carter' } });
    expect(first.rows[1]!.recommended).toBeNull();
    expect(await page({ recommendedOnly: true })).toMatchObject({ total: 1, rows: [{ pageId: target.pageId }] });
    expect(await page({ label: RECOMMENDED_LABEL })).toMatchObject({ rows: [{ pageId: target.pageId }], hasMore: false });

    const back = await recommend({ pageId: target.pageId, recommended: false });
    expect(back.ok ? back.data : back.error).toMatchObject({ pageId: target.pageId, recommended: null });
    expect(await pageLabels(target.pageId)).not.toContain(RECOMMENDED_LABEL);
    expect((await page({ recommendedOnly: true })).total).toBe(0);
  });

  it('refuses a reason that is empty, too long or more than one line, and a person who may not edit the page', async () => {
    const target = data[9]!;
    for (const reason of [undefined, '   ', 'x'.repeat(201), 'one\ntwo']) {
      const answer = await recommend({ pageId: target.pageId, recommended: true, ...(reason === undefined ? {} : { reason }) });
      expect(answer.ok ? null : answer.error.code).toBe('invalid-reason');
    }
    expect((await recommend({ pageId: target.pageId, recommended: true, reason: 'あ'.repeat(200) })).ok).toBe(true);
    await recommend({ pageId: target.pageId, recommended: false });

    const seq = lastSeq(sb);
    const refused = await recommend({ pageId: target.pageId, recommended: true, reason: 'Worth reading' }, USERS.viewer);
    expect(refused.ok ? null : refused.error.code).toBe('page-edit-not-allowed');
    expect(sb.log.list({ since: seq, kind: 'product' }).filter((e) => e.method !== 'GET')).toEqual([]);
    expect(await pageLabels(target.pageId)).not.toContain(RECOMMENDED_LABEL);
    // a page nobody published, and a page the person cannot read
    const unknown = await recommend({ pageId: '123', recommended: true, reason: 'x' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not-found');
    const hidden = await recommend({ pageId: privatePageId, recommended: true, reason: 'x' });
    expect(hidden.ok ? null : hidden.error.code).toBe('page-edit-not-allowed');
  });

  it('says nothing about a restricted postmortem: a probe for its words answers as a word nobody wrote', async () => {
    const secret = data[COUNT + 1]!;
    // Aiko can read it: the probes do match it
    expect((await page({ search: 'acquisition of acme' }, USERS.aiko)).rows.map((r) => r.pageId)).toEqual([secret.pageId]);
    expect((await page({ label: SECRET.label }, USERS.aiko)).rows.map((r) => r.pageId)).toEqual([secret.pageId]);
    expect((await page({ service: SECRET.service }, USERS.aiko)).rows.map((r) => r.pageId)).toEqual([secret.pageId]);
    // Ben cannot: each probe answers exactly what a non-matching word answers (no total, no hidden, same shape)
    const nothing = { ok: true, data: { rows: [], page: 1, pageSize: 20, hasMore: false } };
    const probes: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ search: 'acquisition of acme' }, { search: 'acquisition of zenith' }],
      [{ search: 'ACME' }, { search: 'ZENITH' }],
      [{ label: SECRET.label }, { label: 'zenith-merger' }],
      [{ service: SECRET.service }, { service: 'zenith-data-room' }],
      [{ search: 'acme', label: SECRET.label, service: SECRET.service, level: 'SEV2' }, { search: 'zenith', label: 'zenith-merger', service: 'zenith-data-room', level: 'SEV2' }],
    ];
    for (const [match, miss] of probes) {
      const [a, b] = [await list(match), await list(miss)];
      expect([match, a]).toEqual([match, nothing]);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });

  it('pages by hasMore under a free-text filter: every readable match once, pages short by the rows left out', async () => {
    // "checkout latency": i ≡ 5 (mod 10), 500 postmortems; i = 5 is restricted (Aiko only)
    const expected = data.filter((r) => !r.drill && r.title.toLowerCase().includes('checkout latency'));
    expect(expected.length).toBeGreaterThan(100);
    const seen: string[] = [];
    let n = 1;
    for (;;) {
      const seq = lastSeq(sb);
      const p = await page({ search: 'checkout latency', page: n });
      expect(costSince(seq)).toEqual({ sql: 1, confluence: 1 });
      expect(p).not.toHaveProperty('total');
      expect(p.rows.length).toBeLessThanOrEqual(20);
      seen.push(...p.rows.map((r) => r.pageId));
      if (!p.hasMore) break;
      n += 1;
    }
    expect(n).toBe(Math.ceil(expected.length / 20));
    expect(seen).toEqual(expected.filter((r) => r.privateTo === null).map((r) => r.pageId));
    expect((await page({ search: 'checkout latency', page: 1 })).rows).toHaveLength(19);
  });

  it('recommends a page with 150 long labels: as many whole labels as the column holds, Kaizen\'s own first', async () => {
    const target = data[COUNT + 2]!;
    expect(labelsColumn(target.labels).length).toBeLessThanOrEqual(LABELS_COLUMN_MAX);
    const answer = await recommend({ pageId: target.pageId, recommended: true, reason: 'Labelled by everyone' });
    expect(answer.ok ? answer.data.labels.length : answer.error).toBe(152);
    const row = (await page({ recommendedOnly: true })).rows.find((r) => r.pageId === target.pageId);
    expect(row).toMatchObject({ recommended: { reason: 'Labelled by everyone' } });
    expect(row!.labels.slice(0, 2)).toEqual(['kaizen-postmortem', RECOMMENDED_LABEL]);
    expect(row!.labels.length).toBeGreaterThan(40);
    expect(row!.labels.length).toBeLessThan(152);
    expect(row!.labels.every((l) => l === 'kaizen-postmortem' || l === RECOMMENDED_LABEL || MANY_LABELS.includes(l))).toBe(true);
    expect(` ${row!.labels.join(' ')} `.length).toBeLessThanOrEqual(LABELS_COLUMN_MAX);
    // the label filter finds it by Kaizen's label; a retry is harmless; taking it back writes the row again
    expect((await page({ label: RECOMMENDED_LABEL })).rows.map((r) => r.pageId)).toContain(target.pageId);
    expect((await recommend({ pageId: target.pageId, recommended: true, reason: 'Labelled by everyone' })).ok).toBe(true);
    expect((await recommend({ pageId: target.pageId, recommended: false })).ok).toBe(true);
    expect((await page({ recommendedOnly: true })).rows.map((r) => r.pageId)).not.toContain(target.pageId);
  });

  it('refuses a person who cannot read the page the library is on, saying the library works on pages', async () => {
    const answer = await list({}, USERS.viewer, privatePageId);
    expect(answer.ok ? null : answer.error).toMatchObject({ code: 'content-not-visible', message: expect.stringContaining('works on Confluence pages (not blog posts)') });
    expect((await list({}, USERS.aiko, privatePageId)).ok).toBe(true);
  });
});
