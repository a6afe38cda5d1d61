import { validateStorage } from '../../sandbox/formats/storage';
import { LANGUAGES, type Language } from '../domain/incident';
import { readActionItems } from './action-items';
import { CONFLUENCE_TITLE_MAX } from './incident-page';
import { regionId } from './regions';
import {
  RETRO_TIMELINE_MAX_ROWS,
  renderRetrospectiveFactsBody,
  renderRetrospectivePage,
  renderRetrospectiveTitle,
  type RetrospectiveFacts,
  type RetrospectivePageInput,
} from './retrospective-page';
import { readRegion, replaceRegion } from './storage-regions';
import { anEntry, NASTY } from './testing/fixtures';
import { parseWrapped } from './testing/inspect';
import { cleanText } from './text';

const INCIDENT_ID = 'inc-01JZ8QK5';
const RTL = 'abc\u202Edef';

function facts(overrides: Partial<RetrospectiveFacts> = {}): RetrospectiveFacts {
  return {
    issueKey: 'OPS-12',
    issueUrl: 'https://acme.atlassian.net/browse/OPS-12',
    title: 'CPU usage high on web-1',
    level: 'SEV2',
    drill: false,
    roles: { commander: 'acc-commander', scribe: 'acc-scribe', responders: ['acc-r1', 'acc-r2'] },
    alsoTookPart: ['acc-r1', 'acc-editor', 'acc-commenter', 'acc-editor'],
    keyTimes: {
      impactStartedAt: '2025-06-10T01:20:00.000Z',
      detectedAt: '2025-06-10T01:23:45.000Z',
      acknowledgedAt: '2025-06-10T01:30:00.000Z',
      mitigatedAt: '2025-06-10T02:00:00.000Z',
      recoveredAt: '2025-06-10T02:20:00.000Z',
    },
    alerts: [
      {
        source: 'mackerel',
        title: 'CPU usage high on web-1',
        monitorName: 'CPU %',
        monitorUrl: 'https://mackerel.io/orgs/acme/monitors/2cSZzK3XfmG',
        url: 'https://mackerel.io/orgs/acme/alerts/4Ksb2dWqJ7m',
        severity: 'critical',
        firstSeenAt: '2025-06-10T01:23:45.000Z',
        links: [{ kind: 'runbook', url: 'https://wiki.example.com/runbooks/web', label: 'Restart web' }],
      },
    ],
    timeline: [
      anEntry({ at: '2025-06-10T01:23:45.000Z' }),
      anEntry({ at: '2025-06-10T01:40:00.000Z', kind: 'note', title: 'CPU usage high on web-1', detail: 'Rolled back v1.2', actor: 'Aiko Sato', actorAccountId: 'acc-aiko', source: undefined, alertKey: undefined }),
      anEntry({ at: '2025-06-10T02:20:00.000Z', kind: 'alert-resolved' }),
    ],
    pageNotes: [{ at: '2025-06-10T01:35:00.000Z', who: { text: 'Ken' }, what: 'Opened the bridge call' }],
    related: [{ key: 'OPS-3', title: 'Web CPU saturation', url: 'https://acme.atlassian.net/browse/OPS-3', at: '2025-05-02T10:00:00.000Z', level: 'SEV3' }],
    livePage: { title: 'OPS-12: CPU usage high on web-1', url: 'https://acme.atlassian.net/wiki/spaces/OPS/pages/123' },
    ...overrides,
  };
}

function input(language: Language = 'en', overrides: Partial<RetrospectiveFacts> = {}): RetrospectivePageInput {
  return { incidentId: INCIDENT_ID, language, facts: facts(overrides) };
}

const accountIds = (storage: string): string[] => parseWrapped(storage).elements.filter((e) => e.name === 'ri:user').map((e) => e.attrs['ri:account-id']!);
const hrefs = (storage: string): string[] => parseWrapped(storage).elements.filter((e) => e.name === 'a').map((e) => e.attrs['href']!);

describe('renderRetrospectivePage', () => {
  it.each(LANGUAGES)('renders valid storage with a stable, unique title (%s)', (language) => {
    const page = renderRetrospectivePage(input(language));
    expect(validateStorage(page.storage)).toEqual({ ok: true });
    expect(page.title).toBe(language === 'en' ? 'OPS-12: CPU usage high on web-1 — Retrospective' : 'OPS-12: CPU usage high on web-1 — ポストモーテム');
    expect(renderRetrospectivePage(input(language))).toEqual(page);
  });

  it('has the blameless template sections in order, named as each language writes them', () => {
    const headings = (language: Language): string[] => {
      const storage = renderRetrospectivePage(input(language)).storage;
      const names = [...storage.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]!);
      const lessons = [...storage.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1]!);
      return [...names, ...lessons.slice(-3)];
    };
    expect(headings('en')).toEqual([
      'Facts (kept by Kaizen)',
      'Summary',
      'Impact',
      'Leadup',
      'Trigger (direct cause)',
      'Contributing factors',
      '5 whys',
      'Detection',
      'Response and recovery',
      'What else this applies to',
      'Lessons',
      'Action items',
      'What went well',
      'What went wrong',
      'Where we got lucky',
    ]);
    expect(headings('ja')).toEqual(['事実情報（Kaizen が自動更新）', '概要', '影響範囲', '発生までの経緯', '直接原因（トリガー）', '根本原因・背景要因', 'なぜなぜ分析', '検知', '対応と復旧', '水平展開', '教訓', 'アクションアイテム', '良かった点', '悪かった点', '幸運だった点']);
  });

  it('puts the guidance in placeholders, which vanish when people type', () => {
    const { elements } = parseWrapped(renderRetrospectivePage(input('ja')).storage);
    expect(elements.filter((e) => e.name === 'ac:placeholder').length).toBeGreaterThanOrEqual(14);
    const storage = renderRetrospectivePage(input('en')).storage;
    expect(storage).toContain('<ac:placeholder>The event that set it off');
    expect(storage).toContain('Ask "why" and "how", never "who".');
  });

  it('has a status macro (Draft / 下書き) with a stable id, and the review meeting and authors rows', () => {
    for (const [language, draft, review] of [
      ['en', 'Draft', 'Review meeting'],
      ['ja', '下書き', 'ふりかえり会の日程'],
    ] as const) {
      const storage = renderRetrospectivePage(input(language)).storage;
      expect(storage).toContain(
        `<ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="${regionId(INCIDENT_ID, 'retro-status')}"><ac:parameter ac:name="colour">Grey</ac:parameter><ac:parameter ac:name="title">${draft}</ac:parameter></ac:structured-macro>`,
      );
      expect(parseWrapped(storage).texts).toContain(review);
    }
  });

  it('has a なぜなぜ table that branches (event, why 1…5, root cause, countermeasure, kind)', () => {
    const { texts } = parseWrapped(renderRetrospectivePage(input('ja')).storage);
    const start = texts.indexOf('事象');
    expect(texts.slice(start, start + 9)).toEqual(['事象', 'なぜ1', 'なぜ2', 'なぜ3', 'なぜ4', 'なぜ5', '真因', '対策', '対策の種類']);
    expect(texts).toContain('予防 / 検知 / 緩和 / 修正');
    const en = parseWrapped(renderRetrospectivePage(input('en')).storage).texts;
    expect(en.slice(en.indexOf('Event'), en.indexOf('Event') + 9)).toEqual(['Event', 'Why 1', 'Why 2', 'Why 3', 'Why 4', 'Why 5', 'Root cause', 'Countermeasure', 'Kind']);
  });

  it.each(LANGUAGES)('renders an action items table that the reader finds, with no rows until people type (%s)', (language) => {
    const storage = renderRetrospectivePage(input(language)).storage;
    expect(readActionItems(storage, { today: '2025-06-11' })).toEqual({ found: true, columns: ['action', 'type', 'owner', 'due', 'priority', 'jira'], rows: [] });
    const { texts } = parseWrapped(storage);
    const headers = language === 'en' ? ['Action', 'Type', 'Owner', 'Due', 'Priority', 'Jira'] : ['アクション', '種別', '担当者', '期限', '優先度', 'Jira 課題'];
    expect(texts.slice(texts.indexOf(headers[0]!), texts.indexOf(headers[0]!) + 6)).toEqual(headers);
  });

  it('offers the alert, monitor and runbook links in Detection, with the TTD', () => {
    const storage = renderRetrospectivePage(input('en')).storage;
    expect(storage).toContain('Time to detect (TTD): 3 min.');
    expect(hrefs(storage)).toEqual(expect.arrayContaining(['https://wiki.example.com/runbooks/web', 'https://mackerel.io/orgs/acme/monitors/2cSZzK3XfmG']));
  });

  it('cuts a long title to 255 UTF-16 units, keeping the key and the suffix', () => {
    const title = renderRetrospectiveTitle('OPS-12', '😀'.repeat(300), 'ja');
    expect(title.length).toBeLessThanOrEqual(CONFLUENCE_TITLE_MAX);
    expect(title.startsWith('OPS-12: 😀')).toBe(true);
    expect(title.endsWith('… — ポストモーテム')).toBe(true);
    expect(renderRetrospectiveTitle('OPS-12', 'line\nbreak\ttab', 'en')).toBe('OPS-12: line break tab — Retrospective');
  });

  it('escapes hostile text everywhere (script, CDATA end, macro end tags, entities, RTL override)', () => {
    const nasty = `${NASTY} ${RTL}`;
    const page = renderRetrospectivePage(
      input('en', {
        title: nasty,
        alerts: [{ source: 'mackerel', title: nasty, monitorName: nasty, monitorUrl: 'javascript:alert(1)', url: 'https://x.example/?a=1&b=<2>' }],
        timeline: [anEntry({ title: nasty, detail: nasty })],
        pageNotes: [{ at: '2025-06-10T01:35:00.000Z', who: { text: nasty }, what: nasty }],
        related: [{ key: nasty, title: nasty, at: '2025-05-02T10:00:00.000Z', level: 'SEV1' }],
        alsoTookPart: ['acc"/><script>'],
      }),
    );
    expect(validateStorage(page.storage)).toEqual({ ok: true });
    const { elements, texts } = parseWrapped(page.storage);
    expect(elements.map((e) => e.name)).not.toContain('script');
    expect(texts.join('')).toContain('<script>alert("x")</script>');
    expect(texts.join('')).toContain(']]>');
    expect(texts.join('')).toContain(RTL);
    expect(hrefs(page.storage)).not.toContain('javascript:alert(1)');
    expect(hrefs(page.storage)).toContain('https://x.example/?a=1&b=%3C2%3E');
    expect(accountIds(page.storage)).toContain('acc"/><script>');
    expect(page.title).toContain(cleanText('<script>alert("x")</script>'));
  });
});

describe('the facts region', () => {
  const factsOf = (storage: string): string => readRegion(storage, regionId(INCIDENT_ID, 'retro-facts'))!;

  it.each(LANGUAGES)('is a page properties macro with the stable region id whose body is renderRetrospectiveFactsBody (%s)', (language) => {
    const page = renderRetrospectivePage(input(language));
    expect(factsOf(page.storage)).toBe(renderRetrospectiveFactsBody(facts(), language));
    expect(replaceRegion(page.storage, regionId(INCIDENT_ID, 'retro-facts'), renderRetrospectiveFactsBody(facts(), language)).changed).toBe(false);
    const refreshed = replaceRegion(page.storage, regionId(INCIDENT_ID, 'retro-facts'), renderRetrospectiveFactsBody(facts({ level: 'SEV1' }), language));
    expect(refreshed.changed).toBe(true);
    expect(validateStorage(refreshed.storage)).toEqual({ ok: true });
  });

  it('shows the incident, level, drill and release class, and the people as mentions', () => {
    const body = renderRetrospectiveFactsBody(facts({ drill: true, releaseClass: 'rolled-back' }), 'ja');
    const { texts } = parseWrapped(body);
    expect(body.startsWith('<table><tbody><tr><th><p>インシデント</p></th><td><p><a href=')).toBe(true);
    expect(texts).toEqual(expect.arrayContaining(['OPS-12', 'SEV2（重大）', 'はい（演習のためメトリクスには含まれません）', 'リリース時の問題', '切り戻し']));
    expect(hrefs(body)).toContain('https://acme.atlassian.net/browse/OPS-12');
    // roles first, then "also took part" without the people already in a role, each once
    expect(accountIds(body)).toEqual(['acc-commander', 'acc-scribe', 'acc-r1', 'acc-r2', 'acc-editor', 'acc-commenter', 'acc-aiko']);
    expect(body).toContain('<ac:link><ri:user ri:account-id="acc-commander"/></ac:link>');
    expect(parseWrapped(renderRetrospectiveFactsBody(facts({ releaseClass: undefined }), 'en')).texts).not.toContain('Release problem');
  });

  it('shows the key times with TTD, TTA, TTM and TTR', () => {
    const { texts } = parseWrapped(renderRetrospectiveFactsBody(facts(), 'en'));
    const after = (label: string): string | undefined => texts[texts.findIndex((t) => t.startsWith(label)) + 1];
    expect(after('TTD')).toBe('3 min');
    expect(after('TTA')).toBe('6 min');
    expect(after('TTM')).toBe('40 min');
    expect(after('TTR')).toBe('1 h 0 min');
    expect(texts).toContain('Tue 10 Jun 2025, 01:20:00 UTC');
    const ja = parseWrapped(renderRetrospectiveFactsBody(facts({ keyTimes: { impactStartedAt: '2025-06-10T01:20:00.000Z', detectedAt: '2025-06-10T01:23:45.000Z' } }), 'ja')).texts;
    expect(ja).toContain('2025年6月10日(火) 10:20:00 JST');
    expect(ja).toContain('未記録');
  });

  it('merges the timeline: alerts, panel notes and live page notes, sorted, with who and where', () => {
    const { texts } = parseWrapped(renderRetrospectiveFactsBody(facts(), 'en'));
    const rows = ['Opened the bridge call', 'Rolled back v1.2'].map((what) => texts.indexOf(what));
    expect(rows[0]).toBeGreaterThan(0);
    expect(rows[0]!).toBeLessThan(rows[1]!);
    expect(texts[rows[0]! - 1]).toBe('Ken');
    expect(texts[rows[0]! + 1]).toBe('Live page notes');
    expect(texts[rows[1]! + 1]).toBe('Incident panel');
    expect(texts.filter((t) => t === 'Alerts').length).toBeGreaterThanOrEqual(2);
  });

  it('caps a storm: every person’s row stays, the first and last alert events fill the rest, "N more" says the others', () => {
    const storm = Array.from({ length: 2000 }, (_, i) => anEntry({ at: new Date(Date.parse('2025-06-10T01:00:00.000Z') + i * 1000).toISOString(), kind: 'alert-repeated', title: `storm ${i}` }));
    const body = renderRetrospectiveFactsBody(facts({ timeline: storm, timelineTotal: 2500 }), 'en');
    const rows = (body.match(/<tr>/g) ?? []).length;
    const { texts } = parseWrapped(body);
    expect(texts).toContain('Opened the bridge call');
    expect(texts.some((t) => t.includes('storm 0'))).toBe(true);
    expect(texts.some((t) => t.includes('storm 1999'))).toBe(true);
    expect(texts.some((t) => t.includes('storm 1000'))).toBe(false);
    expect(texts).toContain(`…${2500 - (RETRO_TIMELINE_MAX_ROWS - 1)} alert events are left out here (people's notes are all shown): the full timeline is in the Kaizen panel of the Jira issue.`);
    expect(rows).toBeLessThan(RETRO_TIMELINE_MAX_ROWS + 40);
  });

  it('lists related incidents, or says there are none; a hand-declared incident has no alerts', () => {
    const { texts } = parseWrapped(renderRetrospectiveFactsBody(facts(), 'en'));
    expect(texts).toEqual(expect.arrayContaining(['OPS-3', 'Web CPU saturation', 'Fri 2 May 2025, 10:00:00 UTC', 'SEV3 (minor)']));
    const none = parseWrapped(renderRetrospectiveFactsBody(facts({ related: [], alerts: [], timeline: [], pageNotes: [] }), 'ja')).texts;
    expect(none).toEqual(expect.arrayContaining(['なし', 'アラートはありません（インシデントは手動で宣言されました）。', 'タイムラインの記録はありません。']));
  });
});
