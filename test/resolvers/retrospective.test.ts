import { sql } from '@forge/sql';
import { ConfluenceIncidentPages } from '../../src/adapters/confluence-pages';
import { ProductHttp } from '../../src/adapters/product-http';
import { createJiraTracker } from '../../src/adapters/jira-tracker';
import { createRetrospectiveReads } from '../../src/adapters/retrospective-products';
import { regionId } from '../../src/documents/regions';
import { readRegion } from '../../src/documents/storage-regions';
import type { Incident } from '../../src/domain/incident';
import { RESOLVERS, type ResolverKey, type ResponseOf } from '../../src/shared/resolver-contract';
import { incidentReads, incidentsOpenedSince } from '../../src/storage/incident-reads';
import { updateIncident } from '../../src/storage/incident-store';
import { loadIntakeSettings, saveIntakeSettings } from '../../src/storage/settings';
import { draftRetrospective } from '../../src/usecases/retrospective/draft-retrospective';
import { refreshRetrospectiveFacts } from '../../src/usecases/retrospective/refresh-retrospective-facts';
import type { RetrospectiveDeps } from '../../src/usecases/retrospective/retrospective-steps';
import { getJson, onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { asApp, lastSeq, productWrites, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { basicAuth, mention, personSavesPage, readPage, type PageJson } from '../helpers/product-json';
import type { TestSandbox } from '../helpers/test-sandbox';
import { createLibraryPage } from '../helpers/library-seed';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { RECOMMENDED_LABEL } from '../../src/shared/library';
import { callResolver, issuePanel, macro, USERS } from './call-resolver';

const BEN = basicAuth('ben@example.com');

/**
 * The retrospective through the sandbox (issue 9 items 1, 3 "Publish", 4): draft in English and Japanese, draft
 * twice, a crash between the page and the record, refresh facts while a person edits, publish once, a viewer refused,
 * the blameless hints of a page people filled, and a status people set to Published in Confluence.
 */
describe.each(['en', 'ja'] as const)('the retrospective (%s)', (lang) => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  let incident: Incident;

  const call = async <K extends ResolverKey>(key: K, user: string = USERS.aiko): Promise<ResponseOf<K>> =>
    RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, {}, user)) as ResponseOf<K>;
  const data = async <K extends ResolverKey>(key: K, user?: string) => {
    const answer = (await call(key, user)) as { ok: boolean; data?: unknown; error?: unknown };
    if (!answer.ok) throw new Error(`${key} refused: ${JSON.stringify(answer.error)}`);
    return answer.data as Extract<ResponseOf<K>, { ok: true }>['data'];
  };
  const page = (id: string) => readPage(sb, id);
  /** A person (Ben) saves a new version of the page through Confluence's REST, from the version they read. */
  const personSaves = (pageId: string, edit: (storage: string) => string) => personSavesPage(sb, pageId, edit);
  const retroPagesTitled = async (title: string) => (await getJson<{ results: PageJson[] }>(sb, `/wiki/api/v2/pages?title=${encodeURIComponent(title)}&limit=25`)).results;
  const issueComments = async () =>
    (await getJson<{ comments: Array<{ body: unknown; author: { accountId: string } }> }>(sb, `/rest/api/3/issue/${issue.key}/comment?maxResults=100`)).comments.map((c) => JSON.stringify(c.body));
  /** The use case called directly as the app, for an injected fault (the access port answers Aiko may edit). */
  const directDeps = async (over: Partial<RetrospectiveDeps> = {}, pages?: ConfluenceIncidentPages): Promise<RetrospectiveDeps> => {
    const settings = await loadIntakeSettings();
    return {
      access: { canEditIssue: async () => true, canReadPage: async () => true, me: async () => ({ accountId: USERS.aiko, displayName: 'Aiko Sato' }) },
      incidents: incidentReads,
      update: updateIncident,
      clock: { now: () => new Date() },
      reads: createRetrospectiveReads(),
      recent: incidentsOpenedSince,
      app: async () => ({ settings, pages: pages ?? new ConfluenceIncidentPages(), tracker: createJiraTracker() }),
      ...over,
    };
  };
  const appState = () => JSON.stringify(sb.store.range('kvs'));

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    await asApp(() => saveIntakeSettings({ pageLanguage: lang }));
    issue = await openIncidentIssue(sb);
    incident = onlyIncident(sb);
    // people work the incident: a row in the live page's notes table, a comment on the issue, a panel note
    const notesRow = lang === 'ja' ? '<tr><td><p>10:42</p></td><td><p>' + mention(USERS.ben) + '</p></td><td><p>Web サーバーを再起動</p></td></tr>' : '<tr><td><p>10:42</p></td><td><p>' + mention(USERS.ben) + '</p></td><td><p>Restarted the web server</p></td></tr>';
    await personSaves(incident.page!.id, (s) => s.replace(/(<\/tr>)(<tr><td><p\s*\/><\/td><td><p\s*\/><\/td><td><p\s*\/><\/td><\/tr>)/, `$1${notesRow}$2`));
    const res = await sb.http(`/rest/api/3/issue/${issue.key}/comment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': USERS.ben },
      body: JSON.stringify({ body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Looking at the disk now' }] }] } }),
    });
    expect(res.status).toBe(201);
    const note = RESOLVERS.addTimelineNote.response.parse(await callResolver(sb, issuePanel(issue), 'addTimelineNote', { text: lang === 'ja' ? 'ディスク使用率を確認中' : 'Checking disk usage' }, USERS.ben));
    expect(note.ok).toBe(true);
    await data('markRecovered');
    await sb.idle();
  });
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
  });

  it('a crash between creating the page and recording it: the next draft finds the page by its title (one page)', async () => {
    let failed = false;
    const crashing = await directDeps({
      update: (id, change, timeline) =>
        updateIncident(id, (i) => {
          const next = change(i);
          if (next?.retrospective && !i.retrospective && !failed) {
            failed = true;
            throw new Error('injected: the record update fails once');
          }
          return next;
        }, timeline),
    });
    await expect(asApp(() => draftRetrospective(issue.id, crashing))).rejects.toThrow('injected');
    expect(onlyIncident(sb).retrospective).toBeUndefined();

    const seq = lastSeq(sb);
    const drafted = await data('draftRetrospective');
    expect(drafted.outcome).toBe('drafted');
    expect(drafted.hints).toEqual([]);
    expect(await retroPagesTitled(drafted.retrospective.page.title)).toHaveLength(1);
    // no second page: the resumed draft wrote only the issue's remote link
    expect(productWrites(sb, seq).map((w) => `${w.operationId} ${w.status}`)).toEqual(['createOrUpdateRemoteIssueLink 201']);
    const record = onlyIncident(sb).retrospective!;
    expect(record).toMatchObject({ status: 'draft', linked: true, draftedBy: { accountId: USERS.aiko } });
  });

  it('the page: under the retrospectives parent, in the page language, with the facts Kaizen knows', async () => {
    const record = onlyIncident(sb).retrospective!;
    const retro = await page(record.page.id);
    const parent = (await retroPagesTitled('Retrospectives'))[0]!;
    expect(retro.parentId).toBe(parent.id);
    const s = retro.body.storage.value;
    const headings = lang === 'ja' ? ['概要', '影響範囲', '発生までの経緯', 'なぜなぜ分析', '水平展開', '良かった点', '悪かった点', '幸運だった点', 'アクションアイテム'] : ['Summary', 'Impact', 'Leadup', '5 whys', 'What else this applies to', 'What went well', 'What went wrong', 'Where we got lucky', 'Action items'];
    for (const h of headings) expect(s).toMatch(new RegExp(`<h[23]>${h}</h[23]>`));
    expect(retro.title).toBe(`${issue.key}: ${incident.title} — ${lang === 'ja' ? 'ポストモーテム' : 'Retrospective'}`);
    const facts = readRegion(s, regionId(incident.id, 'retro-facts'))!;
    expect(facts).toContain(issue.key);
    // every timeline entry was read: nothing is said to be left out
    expect(facts).not.toMatch(/left out here|省略しています/);
    // the people: Ben edited the live page and commented; the app is never one of them
    expect(facts).toContain(mention(USERS.ben));
    expect(facts).not.toContain('ri:account-id="557058:kaizen');
    // the row Ben wrote in the live page's notes table, and the alert's monitor
    expect(facts).toContain(lang === 'ja' ? 'Web サーバーを再起動' : 'Restarted the web server');
    const alerts = await asApp(() => incidentReads.alertsToShow(onlyIncident(sb), 1));
    expect(facts).toContain(alerts[0]!.monitorName.replace(/&/g, '&amp;'));
    // the issue links to it with a remote link of its own
    const links = await getJson<Array<{ globalId: string; object: { url: string } }>>(sb, `/rest/api/3/issue/${issue.key}/remotelink`);
    expect(links.find((l) => l.globalId === `kaizen-retrospective-page=${incident.id}`)?.object.url).toBe(record.page.url);
    // the live page's status macro shows it (from the record: no write to the live page)
    const status = RESOLVERS.getIncidentStatus.response.parse(await callResolver(sb, macro(incident.page!.id, { 'incident-id': incident.id }), 'getIncidentStatus', { incidentId: incident.id }, USERS.ben));
    expect(status).toMatchObject({ ok: true, data: { retrospective: { url: record.page.url, status: 'draft' } } });
    // the panel shows it, with the 24-hour countdown
    const panel = await data('getIncident');
    expect(panel).toMatchObject({ retro: { retrospective: { status: 'draft', page: { url: record.page.url } }, due: { overdue: false } } });
  });

  it('drafting again opens the existing one: no product write, no record write', async () => {
    const version = onlyIncident(sb).version;
    const seq = lastSeq(sb);
    expect(await data('draftRetrospective')).toMatchObject({ outcome: 'existing' });
    expect(productWrites(sb, seq)).toEqual([]);
    expect(onlyIncident(sb).version).toBe(version);
  });

  it('a viewer is refused every retrospective action and nothing is written', async () => {
    const before = appState();
    const seq = lastSeq(sb);
    for (const key of ['draftRetrospective', 'refreshRetrospectiveFacts', 'publishRetrospective'] as const) {
      expect(await call(key, USERS.viewer)).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
    }
    await sb.idle();
    expect(productWrites(sb, seq)).toEqual([]);
    expect(appState()).toBe(before);
  });

  it('refresh facts rewrites only the facts region; a person’s edit landing between Kaizen’s read and write is kept', async () => {
    const pageId = onlyIncident(sb).retrospective!.page.id;
    // something new to show: a note in the panel after the draft
    await asApp(() => updateIncident(incident.id, (i) => ({ ...i, title: `${i.title} (disk)` })));
    const sentence = lang === 'ja' ? '<p>ディスクの空き容量監視が無かった</p>' : '<p>Nothing watched the free disk space</p>';
    sb.faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 429, count: 1, retryAfterSeconds: 0 });
    const http = new ProductHttp('confluence', { sleep: () => personSaves(pageId, (s) => s.replace(/(<h2>(?:Summary|概要)<\/h2>)/, `$1${sentence}`)) });
    const seq = lastSeq(sb);
    const answer = await asApp(async () => refreshRetrospectiveFacts(issue.id, await directDeps({}, new ConfluenceIncidentPages({ http }))));
    expect(answer).toMatchObject({ ok: true, data: { written: true } });
    const requests = sb.log.list({ since: seq, kind: 'product' }).filter((e) => e.path === `/wiki/api/v2/pages/${pageId}` && e.method === 'PUT').map((e) => `${e.caller === 'http' ? 'person' : 'kaizen'} ${e.status}`);
    expect(requests).toEqual(['kaizen 429', 'person 200', 'kaizen 409', 'kaizen 200']);
    const s = (await page(pageId)).body.storage.value;
    expect(s).toContain(sentence);
    expect(readRegion(s, regionId(incident.id, 'retro-facts'))).toContain('(disk)');
    expect(onlyIncident(sb).retrospective!.factsRefreshedAt).toBeDefined();
    // refreshing again with nothing new writes nothing to the page
    const again = lastSeq(sb);
    expect(await data('refreshRetrospectiveFacts')).toMatchObject({ written: false });
    expect(productWrites(sb, again)).toEqual([]);
  });

  it('the hints of a page people filled in: blame and try-harder phrases, with their sections, never edited', async () => {
    const pageId = onlyIncident(sb).retrospective!.page.id;
    const whyRow =
      lang === 'ja'
        ? '<tr><td><p>決済 API が 500 を返した</p></td><td><p>ディスクが満杯</p></td><td><p>ログが消えない</p></td><td><p/></td><td><p/></td><td><p/></td><td><p>ログローテーション未設定</p></td><td><p>今後は気を付ける</p></td><td><p>再発防止</p></td></tr>'
        : '<tr><td><p>Checkout returned 500</p></td><td><p>The disk was full</p></td><td><p>Logs were never rotated</p></td><td><p/></td><td><p/></td><td><p/></td><td><p>No log rotation</p></td><td><p>Be more careful with disks</p></td><td><p>prevent</p></td></tr>';
    const factors = lang === 'ja' ? '<p>担当者のミスでログ設定が漏れた。ミスマッチは無かった。</p>' : '<p>The on-call engineer should have noticed the disk. Fault tolerance worked.</p>';
    await personSaves(pageId, (s) =>
      s
        .replace(/(<h2>(?:Contributing factors|根本原因・背景要因)<\/h2>)/, `$1${factors}`)
        .replace(/(<h2>(?:5 whys|なぜなぜ分析)<\/h2>(?:(?!<\/table>)[\s\S])*?<\/tr>)/, `$1${whyRow}`),
    );
    const before = (await page(pageId)).body.storage.value;
    const { hints } = await data('refreshRetrospectiveFacts');
    const got = hints.map((h) => `${h.section} | ${h.phrase} | ${h.kind}`);
    if (lang === 'ja') {
      expect(got).toEqual(['根本原因・背景要因 | 担当者のミス | blames-person', 'なぜなぜ分析 | 気を付け | try-harder']);
    } else {
      expect(got).toEqual(['Contributing factors | should have | blames-person', '5 whys | Be more careful | try-harder']);
    }
    expect(hints.every((h) => h.reframing.en !== '' && h.reframing.ja !== '')).toBe(true);
    // people's text is never edited (refresh wrote nothing: the facts did not change)
    expect((await page(pageId)).body.storage.value).toBe(before);
  });

  it('publish: the status macro, the label, the record and one comment; publishing again is `already`', async () => {
    const pageId = onlyIncident(sb).retrospective!.page.id;
    const published = await data('publishRetrospective');
    expect(published.outcome).toBe('published');
    expect(published.hints.length).toBeGreaterThan(0); // shown, never a reason to refuse
    const s = (await page(pageId)).body.storage.value;
    expect(s).toMatch(new RegExp(`<ac:parameter ac:name="title">${lang === 'ja' ? '公開済み' : 'Published'}</ac:parameter>`));
    const labels = await getJson<{ results: Array<{ name: string }> }>(sb, `/wiki/api/v2/pages/${pageId}/labels`);
    expect(labels.results.map((l) => l.name)).toContain('kaizen-postmortem');
    // the library's row: published, with the page's labels as Confluence answered them (its label filter)
    const row = (await asApp(() => sql.prepare<{ status: string; labels: string }>('SELECT status, labels FROM retrospectives WHERE page_id = ?').bindParams(pageId).execute())).rows[0];
    expect(row).toMatchObject({ status: 'published' });
    expect(row!.labels.split(' ')).toContain('kaizen-postmortem');
    expect(onlyIncident(sb).retrospective).toMatchObject({ status: 'published', publishedBy: { accountId: USERS.aiko } });
    const wanted = lang === 'ja' ? 'ポストモーテムを公開しました' : 'Retrospective published';
    expect((await issueComments()).filter((c) => c.includes(wanted))).toHaveLength(1);

    const seq = lastSeq(sb);
    expect(await data('publishRetrospective', USERS.ben)).toMatchObject({ outcome: 'already' });
    expect(productWrites(sb, seq)).toEqual([]);
    expect((await issueComments()).filter((c) => c.includes(wanted))).toHaveLength(1);
  });
});

describe('a status people set to Published in Confluence', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  beforeAll(async () => {
    sb = await startKaizenSandbox();
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja' }));
    issue = await openIncidentIssue(sb);
  });
  afterAll(() => sb.dispose());

  it('is noticed at the next refresh: recorded, labelled, announced once', async () => {
    const call = async (key: ResolverKey) => RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, {}, USERS.aiko)) as { ok: true; data: Record<string, unknown> };
    expect(await call('draftRetrospective')).toMatchObject({ ok: true, data: { outcome: 'drafted' } });
    const incident = onlyIncident(sb);
    const pageId = incident.retrospective!.page.id;
    await personSavesPage(sb, pageId, (storage) => {
      const edited = storage.replace(/(ac:macro-id="[^"]+"[^>]*>(?:(?!<\/ac:structured-macro>)[\s\S])*?<ac:parameter ac:name="title">)下書き/, '$1公開済み');
      expect(edited).not.toBe(storage);
      return edited;
    });
    expect(await call('refreshRetrospectiveFacts')).toMatchObject({ ok: true, data: { retrospective: { status: 'published' } } });
    expect(onlyIncident(sb).retrospective).toMatchObject({ status: 'published' });
    const labels = await getJson<{ results: Array<{ name: string }> }>(sb, `/wiki/api/v2/pages/${pageId}/labels`);
    expect(labels.results.map((l) => l.name)).toContain('kaizen-postmortem');
    const comments = (await getJson<{ comments: Array<{ body: unknown }> }>(sb, `/rest/api/3/issue/${issue.key}/comment?maxResults=100`)).comments.map((c) => JSON.stringify(c.body));
    expect(comments.filter((c) => c.includes('ポストモーテムを公開しました'))).toHaveLength(1);
    expect(await call('publishRetrospective')).toMatchObject({ ok: true, data: { outcome: 'already' } });
  });
});

/**
 * A retrospective page the caller cannot read. The sandbox's Confluence has no content restrictions; it has private
 * pages (`POST /wiki/api/v2/pages?private=true`: only the creator and the app see it), which is the same thing to
 * the app: the page reads as the app, and as the person it is a 404. Kaizen reads and writes the page as the app, so
 * each action checks the person may read it first (`canReadPage`, as them), refusing with nothing written.
 */
describe('a retrospective page the caller cannot read', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  const call = async (key: 'draftRetrospective' | 'refreshRetrospectiveFacts' | 'publishRetrospective', user: string = USERS.aiko) =>
    RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, {}, user)) as { ok: boolean; data?: unknown; error?: { code: string } };
  const appState = () => JSON.stringify(sb.store.range('kvs'));
  const ACTIONS = ['draftRetrospective', 'refreshRetrospectiveFacts', 'publishRetrospective'] as const;

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    expect(RESOLVERS.markRecovered.response.parse(await callResolver(sb, issuePanel(issue), 'markRecovered', {}, USERS.aiko))).toMatchObject({ ok: true });
    await sb.idle();
  });
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
  });

  it('an incident whose record names no issue yet is answered `issue-not-ready` (not the closed-incident rule), nothing written', async () => {
    const id = onlyIncident(sb).id;
    const kept = onlyIncident(sb).issue!;
    await asApp(() => updateIncident(id, ({ issue: _issue, ...rest }) => rest));
    const before = appState();
    const seq = lastSeq(sb);
    for (const key of ACTIONS) expect(await call(key)).toMatchObject({ ok: false, error: { code: 'issue-not-ready' } });
    await sb.idle();
    expect(productWrites(sb, seq)).toEqual([]);
    expect(appState()).toBe(before);
    await asApp(() => updateIncident(id, (i) => ({ ...i, issue: kept })));
  });

  it('a page made private by Ben: Aiko may not draft onto it, refresh it or publish it, and sees none of its text', async () => {
    const incident = onlyIncident(sb);
    const title = `${issue.key}: ${incident.title} — Retrospective`;
    const space = (await getJson<{ results: Array<{ id: string }> }>(sb, '/wiki/api/v2/spaces?keys=OPS')).results[0]!;
    const secret = '<p>The on-call engineer should have noticed the disk.</p>';
    const res = await sb.http('/wiki/api/v2/pages?private=true', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: BEN },
      body: JSON.stringify({ spaceId: space.id, status: 'current', title, body: { representation: 'storage', value: secret } }),
    });
    expect(res.status).toBe(200);
    const privatePage = (await res.json()) as { id: string };
    // as Aiko the page is not there; as the app it is
    expect((await sb.http(`/wiki/api/v2/pages/${privatePage.id}`, { headers: { Accept: 'application/json', 'X-Sandbox-User': USERS.aiko } })).status).toBe(404);

    // draft: the page found by its title is one Aiko cannot read → refused, not adopted
    let before = appState();
    let seq = lastSeq(sb);
    expect(await call('draftRetrospective')).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
    await sb.idle();
    expect(productWrites(sb, seq)).toEqual([]);
    expect(appState()).toBe(before);
    expect(onlyIncident(sb).retrospective).toBeUndefined();

    // Ben, who can read it, drafts: it is recorded
    expect(await call('draftRetrospective', USERS.ben)).toMatchObject({ ok: true, data: { outcome: 'drafted' } });
    await sb.idle();
    expect(onlyIncident(sb).retrospective?.page.id).toBe(privatePage.id);

    // Aiko: every action refused, nothing written, none of the page's text (hints) answered
    before = appState();
    seq = lastSeq(sb);
    for (const key of ACTIONS) {
      const answer = await call(key);
      expect(answer).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
      expect(JSON.stringify(answer)).not.toContain('should have');
    }
    await sb.idle();
    expect(productWrites(sb, seq)).toEqual([]);
    expect(appState()).toBe(before);
    expect(onlyIncident(sb).retrospective).toMatchObject({ status: 'draft' });

    // Ben still may
    expect(await call('refreshRetrospectiveFacts', USERS.ben)).toMatchObject({ ok: true });
  });
});

/**
 * Recommend (おすすめ) from the incident panel (issue 11 item 1): the library's use case for the published
 * retrospective's page — refused before it is published and to a person who may not edit the page; the label on the
 * page as the person, and the library lists it recommended with the reason; removed again.
 */
describe('Recommend from the incident panel', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  const recommend = async (payload: Record<string, unknown>, user: string = USERS.ben) =>
    RESOLVERS.recommendRetrospective.response.parse(await callResolver(sb, issuePanel(issue), 'recommendRetrospective', payload, user));
  const shown = async (user: string = USERS.ben) => RESOLVERS.getRetrospectiveRecommendation.response.parse(await callResolver(sb, issuePanel(issue), 'getRetrospectiveRecommendation', {}, user));
  const labels = async (pageId: string) => (await getJson<{ results: Array<{ name: string }> }>(sb, `/wiki/api/v2/pages/${pageId}/labels`)).results.map((l) => l.name);

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    expect(RESOLVERS.markRecovered.response.parse(await callResolver(sb, issuePanel(issue), 'markRecovered', {}, USERS.aiko))).toMatchObject({ ok: true });
    expect(RESOLVERS.draftRetrospective.response.parse(await callResolver(sb, issuePanel(issue), 'draftRetrospective', {}, USERS.aiko))).toMatchObject({ ok: true });
    await sb.idle();
  });
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
  });

  it('a draft is refused `not-published`, nothing written', async () => {
    const seq = lastSeq(sb);
    expect(await recommend({ recommended: true, reason: 'Worth reading' })).toMatchObject({ ok: false, error: { code: 'not-published' } });
    expect(await shown()).toMatchObject({ ok: false, error: { code: 'not-published' } });
    expect(productWrites(sb, seq)).toEqual([]);
  });

  it('published: recommended with a reason (label on the page, listed first in the library), a viewer refused, then removed', async () => {
    expect(RESOLVERS.publishRetrospective.response.parse(await callResolver(sb, issuePanel(issue), 'publishRetrospective', {}, USERS.aiko))).toMatchObject({ ok: true });
    const pageId = onlyIncident(sb).retrospective!.page.id;
    expect(await shown()).toEqual({ ok: true, data: { pageId, recommended: null } });
    // the library's rules for the reason; no page id is taken from the browser
    expect(await recommend({ recommended: true, reason: '  ' })).toMatchObject({ ok: false, error: { code: 'invalid-reason' } });
    expect(await recommend({ recommended: true, reason: 'x', pageId: '1' })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('pageId') } });

    const before = lastSeq(sb);
    const done = await recommend({ recommended: true, reason: '  Clear timeline of the disk filling up  ' });
    expect(done).toMatchObject({ ok: true, data: { pageId, recommended: { accountId: USERS.ben, reason: 'Clear timeline of the disk filling up' } } });
    expect(await labels(pageId)).toEqual(expect.arrayContaining(['kaizen-postmortem', RECOMMENDED_LABEL]));
    // the label was written as Ben, not as the app
    expect(sb.log.list({ since: before, kind: 'product' }).filter((e) => e.method === 'POST' && e.path.includes(`/content/${pageId}/label`)).map((e) => e.actor)).toEqual([USERS.ben]);
    expect(await shown(USERS.aiko)).toMatchObject({ ok: true, data: { pageId, recommended: { accountId: USERS.ben, reason: 'Clear timeline of the disk filling up' } } });
    const library = await createLibraryPage(sb);
    const listed = RESOLVERS.listPostmortems.response.parse(await callResolver(sb, macro(library.id, {}), 'listPostmortems', { recommendedOnly: true }, USERS.aiko));
    expect(listed).toMatchObject({ ok: true, data: { rows: [{ pageId, recommended: { reason: 'Clear timeline of the disk filling up' } }] } });

    // a viewer sees it, and may not change it (no edit on the page, asked as them): nothing written
    expect(await shown(USERS.viewer)).toMatchObject({ ok: true, data: { recommended: { accountId: USERS.ben } } });
    const seq = lastSeq(sb);
    expect(await recommend({ recommended: false }, USERS.viewer)).toMatchObject({ ok: false, error: { code: 'page-edit-not-allowed' } });
    expect(productWrites(sb, seq)).toEqual([]);
    expect(await labels(pageId)).toContain(RECOMMENDED_LABEL);

    expect(await recommend({ recommended: false })).toMatchObject({ ok: true, data: { pageId, recommended: null } });
    expect(await labels(pageId)).not.toContain(RECOMMENDED_LABEL);
    expect(await shown()).toEqual({ ok: true, data: { pageId, recommended: null } });
    const after = RESOLVERS.listPostmortems.response.parse(await callResolver(sb, macro(library.id, {}), 'listPostmortems', { recommendedOnly: true }, USERS.aiko));
    expect(after).toMatchObject({ ok: true, data: { rows: [] } });
  });
});
