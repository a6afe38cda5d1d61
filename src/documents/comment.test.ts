import { validateAdf } from '../../sandbox/formats/adf';
import { LANGUAGES, type TimelineEntry } from '../domain/incident';
import { COMMENT_JSON_MAX, COMMENT_MAX_LINES, renderTimelineComment } from './comment';
import { anEntry, anIncident, aStorm, NASTY } from './testing/fixtures';
import { adfHrefs, adfNodes, adfNonTextStrings, adfTexts } from './testing/inspect';

const listItems = (doc: unknown): unknown[] => adfNodes(doc).filter((n) => n['type'] === 'listItem');
const itemTexts = (doc: unknown): string[] => listItems(doc).map((item) => adfTexts(item).join(''));

const FEW = [
  anEntry({ at: '2025-06-10T01:25:00.000Z', kind: 'alert-escalated', detail: 'warning → critical' }),
  anEntry(),
  anEntry({ at: '2025-06-10T01:26:00.000Z', kind: 'alert-acknowledged', actor: 'alice', severity: undefined }),
];

describe('renderTimelineComment', () => {
  it.each(LANGUAGES)('lists a few entries one per line, in time order (%s)', (language) => {
    const doc = renderTimelineComment(FEW, language, { windowMinutes: 10 });
    expect(validateAdf(doc)).toEqual({ ok: true });
    expect(doc).toMatchSnapshot();
  });

  it('says how many, from when to when, and what each was', () => {
    const doc = renderTimelineComment(FEW, 'en', { windowMinutes: 1 });
    expect(adfTexts(doc)[0]).toBe('3 new timeline entries (01:23:45 UTC – 01:26:00 UTC)');
    expect(itemTexts(doc)).toEqual([
      '01:23:45 UTC  Alert opened — Mackerel: CPU usage high on web-1 (Critical)',
      '01:25:00 UTC  Alert escalated — Mackerel: CPU usage high on web-1 (Critical): warning → critical',
      '01:26:00 UTC  Alert acknowledged (by alice) — Mackerel: CPU usage high on web-1',
    ]);
    expect(adfTexts(doc).at(-1)).toBe('Kaizen collects timeline entries for 1 minute before it comments.');
    expect(adfTexts(renderTimelineComment([anEntry()], 'ja', { windowMinutes: 10 }))[0]).toBe('タイムライン更新 1 件（10:23:45 JST – 10:23:45 JST）');
  });

  it.each([
    ['en', '2 new timeline entries (01:23:45 UTC – 01:30:00 UTC)'],
    ['ja', 'タイムライン更新 2 件（10:23:45 JST – 10:30:00 JST）'],
  ] as const)('counts people’s entries with the alerts’ in its heading (%s)', (language, heading) => {
    const acknowledged = anEntry({ at: '2025-06-10T01:30:00.000Z', kind: 'incident-acknowledged', actor: 'Aiko Sato', alertKey: undefined, source: undefined, severity: undefined, url: undefined });
    const doc = renderTimelineComment([anEntry(), acknowledged], language, { windowMinutes: 10 });
    expect(adfTexts(doc)[0]).toBe(heading);
    expect(itemTexts(doc)).toHaveLength(2);
  });

  it(`lists up to ${COMMENT_MAX_LINES} entries one by one`, () => {
    const doc = renderTimelineComment(aStorm(COMMENT_MAX_LINES, 3), 'en', { windowMinutes: 10 });
    expect(listItems(doc)).toHaveLength(COMMENT_MAX_LINES);
    expect(adfTexts(doc)).not.toContain('Summarised per alert:');
  });

  it('summarises an alert storm per alert, with counts, in at most 20 lines and "…and N more"', () => {
    const storm = aStorm(1_000, 35);
    const doc = renderTimelineComment([...storm].reverse(), 'en', { windowMinutes: 10 });
    expect(validateAdf(doc)).toEqual({ ok: true });
    expect(adfTexts(doc)[0]).toBe('1000 new timeline entries (01:23:45 UTC – 01:40:24 UTC)');
    const lines = itemTexts(doc);
    expect(lines).toHaveLength(COMMENT_MAX_LINES + 1);
    expect(lines.at(-1)).toBe('…and 15 more alerts');
    // 1,000 events over 35 alerts: alerts 0–19 have 29 events each (the first 20 of the remainder), in first-seen order.
    expect(lines[0]).toMatch(/^Mackerel: Disk full on db-0 — 29 events: Alert opened ×\d+, Alert re-sent ×\d+, Alert escalated ×\d+, Alert resolved ×\d+; last at \d\d:\d\d:\d\d UTC$/);
    expect(lines[19]).toMatch(/^Mackerel: Disk full on db-19 — 29 events: /);
    const counted = lines.slice(0, 20).map((line) => Number(/— (\d+) events/.exec(line)?.[1]));
    const expected = Array.from({ length: 20 }, (_, a) => storm.filter((e) => e.alertKey === `mackerel:alert-${a}`).length);
    expect(counted).toEqual(expected);
    expect(adfHrefs(doc)).toHaveLength(20);
  });

  it.each([
    ['en', '25 new timeline entries (01:23:45 UTC – 01:40:00 UTC)', '…and 5 more timeline entries, the last at 01:40:00 UTC. Every entry is on the incident timeline: the Kaizen panel on this issue and the live incident page.'],
    ['ja', 'タイムライン更新 25 件（10:23:45 JST – 10:40:00 JST）', '…ほか 5 件の更新（最後は 10:40:00 JST）。すべての更新はインシデントのタイムライン（この課題の Kaizen パネルとライブインシデントページ）で確認できます。'],
  ] as const)('says how many more events the bounded queue only counted, and where to see them (%s)', (language, heading, more) => {
    const doc = renderTimelineComment(aStorm(COMMENT_MAX_LINES, 3), language, { windowMinutes: 10, omitted: { count: 5, lastAt: '2025-06-10T01:40:00.000Z' } });
    expect(validateAdf(doc)).toEqual({ ok: true });
    const texts = adfTexts(doc);
    expect(texts[0]).toBe(heading);
    expect(listItems(doc)).toHaveLength(COMMENT_MAX_LINES);
    expect(texts).toContain(more);
  });

  it('summarises in Japanese too', () => {
    const lines = itemTexts(renderTimelineComment(aStorm(100, 25), 'ja', { windowMinutes: 10 }));
    expect(lines.at(-1)).toBe('…ほか 5 件のアラート');
    expect(lines[0]).toMatch(/^Mackerel: Disk full on db-0 — 4 件: アラート発生 ×1、アラート再通知 ×2、アラート重大度上昇 ×1、最終 \d\d:\d\d:\d\d JST$/);
  });

  it('keeps hostile text in text nodes and links only http(s) URLs', () => {
    const entries = [
      anEntry({ title: NASTY, detail: NASTY, actor: NASTY, url: 'javascript:alert(1)' }),
      anEntry({ title: 'ok', url: 'https://mackerel.io/orgs/acme/alerts/1' }),
    ];
    for (const language of LANGUAGES) {
      const doc = renderTimelineComment(entries, language, { windowMinutes: 10 });
      expect(validateAdf(doc)).toEqual({ ok: true });
      expect(adfHrefs(doc)).toEqual(['https://mackerel.io/orgs/acme/alerts/1']);
      expect(JSON.stringify(doc)).not.toContain('javascript:');
      expect(adfNonTextStrings(doc).filter((s) => s.includes('script'))).toEqual([]);
    }
  });

  it('cuts a long detail', () => {
    const doc = renderTimelineComment([anEntry({ detail: 'z'.repeat(10_000) })], 'en', { windowMinutes: 10 });
    expect(itemTexts(doc)[0]!.length).toBeLessThan(500);
  });

  it("stays within Jira's comment limit with the longest titles, details and URLs", () => {
    // 500-code-point titles, 16,000-character details and 500-character actors of characters JSON doubles.
    const long = (i: number, urlLength: number): TimelineEntry =>
      anEntry({ alertKey: `k${i}`, title: '"\\😀'.repeat(167), detail: '"\\\n'.repeat(5_333), actor: '"'.repeat(500), url: `https://x.example/${'u'.repeat(urlLength)}` });
    for (const count of [COMMENT_MAX_LINES, 500]) {
      for (const urlLength of [400, 4_000]) {
        const doc = renderTimelineComment(Array.from({ length: count }, (_, i) => long(i, urlLength)), 'ja', { windowMinutes: 10 });
        expect(JSON.stringify(doc).length).toBeLessThanOrEqual(COMMENT_JSON_MAX);
        expect(validateAdf(doc)).toEqual({ ok: true });
      }
    }
    // Ordinary lines keep their links.
    expect(adfHrefs(renderTimelineComment(aStorm(COMMENT_MAX_LINES, 20), 'en', { windowMinutes: 10 }))).toHaveLength(COMMENT_MAX_LINES);
  });

  it('still makes a valid comment from no entries', () => {
    const doc = renderTimelineComment([], 'ja', { windowMinutes: 10 });
    expect(validateAdf(doc)).toEqual({ ok: true });
    expect(adfTexts(doc)).toEqual(['タイムラインの新しい更新はありません。']);
  });
});
