import { validateStorage } from '../../sandbox/formats/storage';
import { LANGUAGES } from '../domain/incident';
import { markActionItemRows, readActionItems, writeActionItemKeys } from './action-items';
import { CONFLUENCE_TITLE_MAX } from './incident-page';
import { READING_SESSION_QUESTIONS, readingSessionMacroPostmortem, renderReadingSessionPage, renderReadingSessionTitle, type ReadingSessionPageInput } from './reading-session-page';
import { NASTY } from './testing/fixtures';
import { parseWrapped } from './testing/inspect';
import { cleanText } from './text';

const input = (over: Partial<ReadingSessionPageInput> = {}): ReadingSessionPageInput => ({
  language: 'en',
  postmortem: {
    pageId: '98765',
    title: 'OPS-12: Checkout returned 502 — Retrospective',
    url: 'https://acme.atlassian.net/wiki/spaces/OPS/pages/98765',
    subject: { incidentKey: 'OPS-12' },
    level: 'SEV2',
    service: 'checkout',
    publishedAt: '2026-11-30T10:00:00.000Z',
  },
  // 15:00 in Tokyo: the same day in UTC and JST
  startsAt: '2026-12-10T06:00:00.000Z',
  facilitatorAccountId: 'acc-fumi',
  participantAccountIds: ['acc-ben', 'acc-aiko'],
  ...over,
});

const tag = (name: string, storage: string): string[] => [...storage.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);
const hrefs = (storage: string): string[] => parseWrapped(storage).elements.filter((e) => e.name === 'a').map((e) => e.attrs['href']!);
const mentions = (storage: string): string[] => parseWrapped(storage).elements.filter((e) => e.name === 'ri:user').map((e) => e.attrs['ri:account-id']!);
const macros = (storage: string): string[] => parseWrapped(storage).elements.filter((e) => e.name === 'ac:structured-macro').map((e) => e.attrs['ac:name']!);
const TODO_COLUMNS = ['action', 'type', 'owner', 'due', 'priority', 'jira'];

describe('the reading session page (ポストモーテム読書会)', () => {
  it.each(LANGUAGES)('is well-formed storage with the sections and the three questions in order (%s)', (language) => {
    const page = renderReadingSessionPage(input({ language }));
    expect(validateStorage(page.storage)).toEqual({ ok: true });
    expect(tag('h2', page.storage)).toEqual(
      language === 'ja'
        ? ['開催概要', '対象のポストモーテム', '参加者', 'アジェンダ', '読んで気づいたこと', 'ディスカッション（3つの問い）', 'TODO（持ち帰ること）']
        : ['Session', 'The postmortem we read', 'Participants', 'Agenda', 'Comments while reading', 'Discussion: three questions', 'TODO'],
    );
    expect(tag('h3', page.storage)).toEqual(
      language === 'ja'
        ? ['自分たちのサービスでも起こりうるか？', '対応のなかで真似したいことは？', 'どの再発防止策から取り組むべきか？']
        : ['Could this happen to us?', 'What in their response would we copy?', 'Which prevention should we do first?'],
    );
    expect(macros(page.storage)).toEqual(['tip', 'info', 'jira']);
    expect(page.storage).toMatchSnapshot();
  });

  it('each question has its guidance and an empty list for the answers', () => {
    const storage = renderReadingSessionPage(input()).storage;
    expect(READING_SESSION_QUESTIONS).toHaveLength(3);
    expect(storage.match(/<\/h3><p><ac:placeholder>[^<]+<\/ac:placeholder><\/p><ul><li><p\/><\/li><\/ul>/g)).toHaveLength(3);
  });

  it('the agenda: reading and comments 20–25 min, discussion 30 min, TODO check 5 min', () => {
    const en = parseWrapped(renderReadingSessionPage(input()).storage).texts;
    expect(en).toEqual(expect.arrayContaining(['20–25 min', 'Read and comment', '30 min', 'Discussion', '5 min', 'TODO check', 'In all: 55–60 min.']));
    const ja = parseWrapped(renderReadingSessionPage(input({ language: 'ja' })).storage).texts;
    expect(ja).toEqual(expect.arrayContaining(['20〜25分', '黙読・コメント記入', '30分', 'ディスカッション', '5分', 'TODO の確認', '合計 55〜60分']));
  });

  it('the session and the postmortem: when (in the page language’s zone), the facilitator, the link and what is known of it', () => {
    const en = renderReadingSessionPage(input()).storage;
    const texts = parseWrapped(en).texts;
    expect(texts).toEqual(expect.arrayContaining(['Thu 10 Dec 2026, 06:00:00 UTC', 'OPS-12: Checkout returned 502 — Retrospective', 'Level: SEV2 (major)', 'Service: checkout', 'Published: Mon 30 Nov 2026, 10:00:00 UTC']));
    expect(hrefs(en)).toEqual(['https://acme.atlassian.net/wiki/spaces/OPS/pages/98765']);
    expect(en).toContain('<li><p>Incident: <ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">OPS-12</ac:parameter></ac:structured-macro></p></li>');
    const ja = parseWrapped(renderReadingSessionPage(input({ language: 'ja' })).storage).texts;
    expect(ja).toEqual(expect.arrayContaining(['2026年12月10日(木) 15:00:00 JST', 'ファシリテーター', '障害レベル：SEV2（重大）', 'サービス：checkout', '公開日時：2026年11月30日(月) 19:00:00 JST']));
  });

  it('participants: the facilitator, then each invited person once (in the participants and the comments tables), and an empty row to add people', () => {
    const storage = renderReadingSessionPage(input({ participantAccountIds: ['acc-ben', ' acc-ben ', '', 'acc-aiko'] })).storage;
    expect(mentions(storage)).toEqual(['acc-fumi', 'acc-ben', 'acc-aiko', 'acc-ben', 'acc-aiko']);
    const participants = storage.slice(storage.indexOf('<h2>Participants</h2>'), storage.indexOf('<h2>Agenda</h2>'));
    expect(participants.match(/<tr>/g)).toHaveLength(4); // header, two people, the empty row
    expect(participants).toContain('<tr><td><p><ac:placeholder>@mention someone who joins</ac:placeholder></p></td><td><p/></td></tr>');
  });

  it.each(LANGUAGES)('its TODO list is the action items table: the existing reader finds it and nothing else, and the sync can mark and key its rows (%s)', (language) => {
    const page = renderReadingSessionPage(input({ language }));
    expect(readActionItems(page.storage, { today: '2026-12-10' })).toEqual({ found: true, columns: TODO_COLUMNS, rows: [] });

    // people write a TODO into the first row (the editor replaces the placeholder) and their answers elsewhere
    const actionPrompt = /<ac:placeholder>[^<]*<\/ac:placeholder>(?=<\/p><\/td><td><p><ac:placeholder>[^<]*<\/ac:placeholder><\/p><\/td><td><p\/><\/td><td><p\/><\/td>)/;
    expect(page.storage).toMatch(actionPrompt);
    const filled = page.storage.replace(actionPrompt, 'Alert on replica lag like theirs').replace('<ul><li><p/></li></ul>', '<ul><li><p>Yes: our replicas lag too</p></li></ul>');
    const read = readActionItems(filled, { today: '2026-12-10' });
    expect(read.rows).toEqual([{ rowNumber: 1, action: 'Alert on replica lag like theirs', problems: [] }]);

    const marked = markActionItemRows(filled, () => 'r1', language);
    expect(marked.rowIds).toEqual(['kaizen-row-r1']);
    const keyed = writeActionItemKeys(marked.storage, { 'kaizen-row-r1': 'OPS-40' });
    expect(validateStorage(keyed.storage)).toEqual({ ok: true });
    expect(readActionItems(keyed.storage, { today: '2026-12-10' }).rows).toEqual([{ rowNumber: 1, rowId: 'kaizen-row-r1', key: 'OPS-40', action: 'Alert on replica lag like theirs', problems: [] }]);
  });

  it('with only the title and URL, no participants and no facilitator: what is missing is left out or said', () => {
    const page = renderReadingSessionPage(input({ postmortem: { pageId: '1', title: 'Payments outage', url: 'https://acme.atlassian.net/wiki/x/AbC' }, participantAccountIds: undefined, facilitatorAccountId: ' ' }));
    expect(validateStorage(page.storage)).toEqual({ ok: true });
    expect(page.storage).toContain(
      '<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p><strong><a href="https://acme.atlassian.net/wiki/x/AbC">Payments outage</a></strong></p></ac:rich-text-body></ac:structured-macro>',
    );
    expect(macros(page.storage)).toEqual(['tip', 'info']);
    expect(mentions(page.storage)).toEqual([]);
    expect(parseWrapped(page.storage).texts).toContain('Not given');
    expect(readActionItems(page.storage, { today: '2026-12-10' })).toEqual({ found: true, columns: TODO_COLUMNS, rows: [] });
    // a light release review: its class and the issue it was reported on; an unreadable published date is left out
    const review = renderReadingSessionPage(
      input({ language: 'ja', postmortem: { pageId: '2', title: 'リリースレビュー（切り戻し）: checkout v1.2.0 [1a2b3c4d]', url: 'https://acme.atlassian.net/wiki/x/R', subject: { releaseClass: 'rolled_back', reportedOnKey: 'APP-7' }, level: null, service: null, publishedAt: 'soon' } }),
    ).storage;
    expect(parseWrapped(review).texts).toEqual(expect.arrayContaining(['リリース時の問題：切り戻し', '報告元の課題：']));
    expect(review).not.toContain('障害レベル');
    expect(review).not.toContain('公開日時');
    expect(review).toContain('<ac:parameter ac:name="key">APP-7</ac:parameter>');
  });

  it('escapes the postmortem’s title, service, keys and account ids: nothing becomes markup, a link only when http(s)', () => {
    for (const language of LANGUAGES) {
      const page = renderReadingSessionPage(
        input({ language, postmortem: { pageId: '3', title: NASTY, url: 'javascript:alert(1)', subject: { incidentKey: NASTY }, service: NASTY }, facilitatorAccountId: 'acc"/><script>', participantAccountIds: [NASTY] }),
      );
      expect(validateStorage(page.storage)).toEqual({ ok: true });
      const { elements, texts } = parseWrapped(page.storage);
      expect(elements.map((e) => e.name)).not.toContain('script');
      expect(macros(page.storage)).toEqual(['tip', 'info', 'jira']); // no macro injected by `</ac:structured-macro>`
      const all = texts.join('');
      for (const hostile of ['<script>alert("x")</script>', ']]>', '</ac:structured-macro></ac:rich-text-body>', '&amp; & &nbsp;']) expect(all).toContain(hostile);
      expect(hrefs(page.storage)).toEqual([]);
      expect(mentions(page.storage)).toEqual(['acc"/><script>', cleanText(NASTY).replace(/\s+/g, ' ').trim(), cleanText(NASTY).replace(/\s+/g, ' ').trim()]);
      expect(page.title).toContain(cleanText('<script>alert("x")</script> ]]> </ac:structured-macro>'));
    }
  });
});

describe('the reading session page’s Kaizen macro', () => {
  const KEY = '6b1f2c3e-4d5a-4e6f-8a7b-9c0d1e2f3a4b/0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c/static/reading-session';
  it.each(LANGUAGES)('comes first, titled as the manifest titles it in the page language, and the page stays valid (%s)', (language) => {
    const storage = renderReadingSessionPage(input({ language, macro: { extensionKey: KEY } })).storage;
    expect(validateStorage(storage)).toEqual({ ok: true });
    expect(storage.startsWith(`<ac:adf-extension><ac:adf-node type="extension"><ac:adf-attribute key="extension-key">${KEY}</ac:adf-attribute>`)).toBe(true);
    expect(storage).toContain(`<ac:adf-attribute key="text">${language === 'ja' ? 'Kaizen ポストモーテム読書会' : 'Kaizen reading session'}</ac:adf-attribute>`);
    // the rest is the page without the macro
    expect(storage.endsWith(renderReadingSessionPage(input({ language })).storage)).toBe(true);
  });
  it('names the postmortem’s page, which is read back only from this app’s session macro', () => {
    const storage = renderReadingSessionPage(input({ macro: { extensionKey: KEY } })).storage;
    expect(storage).toContain('<ac:adf-parameter key="guest-params"><ac:adf-parameter key="postmortem-page-id">98765</ac:adf-parameter></ac:adf-parameter>');
    expect(readingSessionMacroPostmortem(storage, KEY)).toBe('98765');
    expect(readingSessionMacroPostmortem(storage, KEY.replace('/static/reading-session', '/static/incident-status'))).toBeUndefined();
    // a page without the macro (made by hand), or one that is not storage
    expect(readingSessionMacroPostmortem(renderReadingSessionPage(input()).storage, KEY)).toBeUndefined();
    expect(readingSessionMacroPostmortem('<p>98765</p><p', KEY)).toBeUndefined();
  });
  it('a wrong extension key is refused', () => {
    expect(() => renderReadingSessionPage(input({ macro: { extensionKey: 'ari:cloud:ecosystem::app/6b1f2c3e' } }))).toThrow(/extensionKey/);
  });
});

describe('the reading session page’s title', () => {
  const pm = (title: string, pageId = '98765') => ({ pageId, title });
  it('names the postmortem and the session’s date, in the page language and its zone', () => {
    expect(renderReadingSessionTitle(pm('OPS-12: Checkout returned 502 — Retrospective'), '2026-12-10T06:00:00.000Z', 'en')).toBe('Reading session: OPS-12: Checkout returned 502 — Retrospective (2026-12-10)');
    expect(renderReadingSessionTitle(pm('OPS-12: 決済の502 — ポストモーテム'), '2026-12-10T06:00:00.000Z', 'ja')).toBe('ポストモーテム読書会: OPS-12: 決済の502 — ポストモーテム (2026-12-10)');
    // 10 Dec 20:00 UTC is already 11 Dec in Tokyo
    expect(renderReadingSessionTitle(pm('x'), '2026-12-10T20:00:00Z', 'en')).toBe('Reading session: x (2026-12-10)');
    expect(renderReadingSessionTitle(pm('x'), '2026-12-10T20:00:00Z', 'ja')).toBe('ポストモーテム読書会: x (2026-12-11)');
    expect(renderReadingSessionTitle(pm('x'), '2026-12-11T05:00:00+09:00', 'ja')).toBe('ポストモーテム読書会: x (2026-12-11)');
    expect(renderReadingSessionPage(input()).title).toBe(renderReadingSessionTitle(input().postmortem, input().startsAt, 'en'));
  });

  it('one line; a blank title says so', () => {
    expect(renderReadingSessionTitle(pm('  DB\n\tdown  '), '2026-12-10T06:00:00Z', 'en')).toBe('Reading session: DB down (2026-12-10)');
    expect(renderReadingSessionTitle(pm(' \n '), '2026-12-10T06:00:00Z', 'ja')).toBe('ポストモーテム読書会: （無題のポストモーテム） (2026-12-10)');
  });

  it.each(LANGUAGES)('a long title is cut in the middle at a character, within Confluence’s limit with its date and the postmortem’s page (%s)', (language) => {
    const suffix = language === 'ja' ? ' (2026-12-10・ページ 98765)' : ' (2026-12-10, page 98765)';
    for (const long of ['障害'.repeat(400), '😀'.repeat(300), 'a'.repeat(254) + '👨‍👩‍👧'.repeat(10), '👨‍👩‍👧'.repeat(10) + 'a'.repeat(254)]) {
      const title = renderReadingSessionTitle(pm(long), '2026-12-10T06:00:00Z', language);
      expect(title.length).toBeLessThanOrEqual(CONFLUENCE_TITLE_MAX);
      expect(title.length).toBeGreaterThan(CONFLUENCE_TITLE_MAX - 12);
      expect(title.endsWith(suffix)).toBe(true);
      expect(title).toContain('…');
      expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half surrogate pair
      expect(title).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    // a title that just fits is kept whole, without the page
    const fits = 'b'.repeat(CONFLUENCE_TITLE_MAX - renderReadingSessionTitle(pm('x'), '2026-12-10T06:00:00Z', language).length + 1);
    expect(renderReadingSessionTitle(pm(fits), '2026-12-10T06:00:00Z', language)).toHaveLength(CONFLUENCE_TITLE_MAX);
    expect(renderReadingSessionTitle(pm(fits), '2026-12-10T06:00:00Z', language)).toContain(fits);
    expect(renderReadingSessionTitle(pm(`${fits}c`), '2026-12-10T06:00:00Z', language).endsWith(suffix)).toBe(true);
  });

  it.each(LANGUAGES)('two long postmortem titles that differ only at their end (release reviews’ tags) give two titles, each keeping its start and its tag (%s)', (language) => {
    const review = (tag: string) => `Release review (rolled back): checkout ${'very long summary of what went wrong '.repeat(8)}[${tag}]`;
    const a = renderReadingSessionTitle(pm(review('1a2b3c4d'), '1001'), '2026-12-10T06:00:00Z', language);
    const b = renderReadingSessionTitle(pm(review('5e6f7a8b'), '1002'), '2026-12-10T06:00:00Z', language);
    expect(a).not.toBe(b);
    for (const [title, tag] of [[a, '1a2b3c4d'], [b, '5e6f7a8b']] as const) {
      expect(title).toContain(`[${tag}]`);
      expect(title).toContain('Release review (rolled back): checkout very long');
      expect(title.length).toBeLessThanOrEqual(CONFLUENCE_TITLE_MAX);
    }
    // the same long title on two postmortem pages still gives two titles
    expect(renderReadingSessionTitle(pm(review('1a2b3c4d'), '1001'), '2026-12-10T06:00:00Z', language)).not.toBe(renderReadingSessionTitle(pm(review('1a2b3c4d'), '1003'), '2026-12-10T06:00:00Z', language));
  });

  it('refuses a session time that is not a time (a caller’s bug)', () => {
    expect(() => renderReadingSessionTitle(pm('x'), 'next Thursday', 'en')).toThrow(RangeError);
    expect(() => renderReadingSessionPage(input({ startsAt: '' }))).toThrow(RangeError);
  });
});
