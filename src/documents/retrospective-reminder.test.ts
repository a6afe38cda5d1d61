import { validateAdf } from '../../sandbox/formats/adf';
import { LANGUAGES } from '../domain/incident';
import { renderRetrospectiveReminder, type RetrospectiveReminderInput } from './retrospective-reminder';
import { NASTY } from './testing/fixtures';
import { adfHrefs, adfNodes, adfNonTextStrings, adfTexts } from './testing/inspect';

const BEN = '557058:ben-carter';
const input = (over: Partial<RetrospectiveReminderInput> = {}): RetrospectiveReminderInput => ({
  title: 'Checkout API errors',
  dueAt: '2026-12-02T10:00:00.000Z',
  overdueMs: (25 * 60 + 3) * 60_000 + 42_000,
  dueHours: 24,
  first: true,
  commanderAccountId: BEN,
  page: undefined,
  ...over,
});
const text = (doc: unknown): string => adfTexts(doc).join('\n');
const mentions = (doc: unknown) => adfNodes(doc).filter((n) => n['type'] === 'mention');

describe('renderRetrospectiveReminder', () => {
  it.each(LANGUAGES)('is valid ADF in both states, first and later (%s)', (lang) => {
    for (const over of [{}, { first: false, commanderAccountId: undefined, page: { title: 'OPS-1 Retrospective', url: 'https://example.atlassian.net/wiki/spaces/OPS/pages/1' } }]) {
      const doc = renderRetrospectiveReminder(input(over), lang);
      expect(validateAdf(doc)).toEqual({ ok: true });
      expect(doc).toMatchSnapshot();
    }
  });

  it('in English: how overdue, the due time, the commander by mention, and how to start the draft', () => {
    const doc = renderRetrospectiveReminder(input(), 'en');
    expect(adfTexts(doc)).toEqual([
      'Retrospective overdue',
      'The retrospective of "Checkout API errors" is 1 d 1 h overdue: it was due Wed 2 Dec 2026, 10:00:00 UTC, 24 hours after recovery.',
      ' — as incident commander, please see that the retrospective is written and published.',
      'No retrospective has been drafted yet: press "Draft retrospective" in the Kaizen panel on this issue to start one from what Kaizen knows.',
      'Kaizen reminds at most once a day until the retrospective is published.',
    ]);
    expect(mentions(doc)).toEqual([{ type: 'mention', attrs: { id: BEN } }]);
  });

  it('in Japanese, as Japanese teams write it: JST, さん after the mention', () => {
    const doc = renderRetrospectiveReminder(input({ overdueMs: 3 * 3_600_000 + 5 * 60_000, first: false }), 'ja');
    expect(text(doc)).toContain('ポストモーテムがまだ公開されていません（再通知）');
    expect(text(doc)).toContain('「Checkout API errors」のポストモーテムは期限を 3時間5分 過ぎています（期限: 2026年12月2日(水) 19:00:00 JST、復旧から 24 時間）。');
    expect(text(doc)).toContain(' さん、インシデントコマンダーとしてポストモーテムの作成と公開をお願いします。');
    expect(text(doc)).toContain('「ポストモーテムを作成」');
    expect(mentions(doc)).toHaveLength(1);
  });

  it('with no commander: says nobody was named and asks for an owner, with no mention', () => {
    for (const lang of LANGUAGES) {
      const doc = renderRetrospectiveReminder(input({ commanderAccountId: undefined }), lang);
      expect(mentions(doc)).toEqual([]);
      expect(text(doc)).toContain(lang === 'en' ? 'Nobody was named incident commander' : 'インシデントコマンダーが指名されていない');
    }
  });

  it('links the retrospective page once drafted, instead of the line about drafting', () => {
    const url = 'https://example.atlassian.net/wiki/spaces/OPS/pages/42';
    const doc = renderRetrospectiveReminder(input({ page: { title: 'OPS-1 Retrospective', url } }), 'en');
    expect(adfHrefs(doc)).toEqual([url]);
    expect(text(doc)).toContain('Retrospective page: \nOPS-1 Retrospective');
    expect(text(doc)).not.toContain('Draft retrospective');
  });

  it('keeps hostile titles as text: no markup, no extra nodes, no unsafe link', () => {
    const doc = renderRetrospectiveReminder(input({ title: NASTY, page: { title: NASTY, url: 'javascript:alert(1)' } }), 'en');
    expect(validateAdf(doc)).toEqual({ ok: true });
    expect(adfHrefs(doc)).toEqual([]);
    expect(adfNonTextStrings(doc).join(' ')).not.toMatch(/script|ac:/);
    expect(text(doc)).toContain('<script>alert("x")</script>');
    expect(text(doc)).toContain('{source}');
    expect(text(doc)).not.toMatch(/[\u0000\u0007\uD800]/);
    expect(mentions(doc)).toHaveLength(1);
  });
});
