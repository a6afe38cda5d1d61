import { durationText } from '../../src/shared/durations';
import { formatsOf, NONE, pluralOf, ticksFor, type FormatI18n } from '../../static/gadget/src/format';
import { CATALOGUES, translate, type Language, type MessageKey, type ParamsArg } from '../../static/shared/i18n/messages';

/**
 * How the metrics gadget writes its figures (static/gadget/src/format.ts): durations in Kaizen's one format,
 * percentages, weeks and months in the user's language, and the round ticks of its charts' axes.
 */
/** The view's I18n as far as the formats use it (static/shared/i18n/i18n.ts makes the same from the same parts). */
const i18nOf = (lang: Language, locale: string): FormatI18n => ({
  locale,
  t: <K extends MessageKey>(key: K, ...args: ParamsArg<K>) => translate(lang, key, ...args),
  duration: (ms) => durationText(ms, CATALOGUES[lang]),
});

describe('the metrics gadget’s formats', () => {
  const en = formatsOf(i18nOf('en', 'en-US'), 'UTC');
  const ja = formatsOf(i18nOf('ja', 'ja-JP'), 'Asia/Tokyo');

  it('writes durations from whole seconds as the rest of Kaizen does, and a dash for none', () => {
    expect([en.duration(0), en.duration(45), en.duration(3_900), en.duration(93_600), en.duration(null)]).toEqual(['0 s', '45 s', '1 h 5 min', '1 d 2 h', NONE]);
    expect([ja.duration(3_900), ja.duration(93_600)]).toEqual(['1時間5分', '1日2時間']);
  });

  it('writes rates as percentages to one decimal, and a dash for none', () => {
    expect([en.rate(0), en.rate(0.275), en.rate(1 / 3), en.rate(null)]).toEqual(['0%', '27.5%', '33.3%', NONE]);
    expect(ja.rate(0.091)).toBe('9.1%');
  });

  it('names weeks by their Monday and months in the user’s language, in UTC whatever the zone', () => {
    expect([en.week('2026-09-07'), ja.week('2026-09-07')]).toEqual(['Sep 7', '9月7日']);
    expect([en.month('2026-10'), en.month('2026-10', true), ja.month('2026-10')]).toEqual(['Oct 2026', 'Oct', '2026年10月']);
  });

  it('labels axis ticks in the largest whole unit', () => {
    expect([0, 300, 3_600, 7_200, 86_400, 172_800].map(en.axisDuration)).toEqual(['0', '5 min', '1 h', '2 h', '1 d', '2 d']);
    expect([1_800, 43_200, 86_400].map(ja.axisDuration)).toEqual(['30分', '12時間', '1日']);
  });

  it.each([
    [0, 'count', [0, 1]],
    [2, 'count', [0, 1, 2]],
    [7, 'count', [0, 2, 4, 6, 8]],
    [37, 'count', [0, 10, 20, 30, 40]],
    [0, 'duration', [0, 60]],
    [40 * 60, 'duration', [0, 600, 1_200, 1_800, 2_400]],
    [26 * 3_600, 'duration', [0, 43_200, 86_400, 129_600]],
    [9 * 86_400, 'duration', [0, 345_600, 691_200, 1_036_800]],
  ] as const)('ticks from 0 on a round step, at most 4 above 0 (max %d, %s)', (max, kind, expected) => {
    const ticks = ticksFor(max, kind);
    expect(ticks).toEqual(expected);
    expect(ticks[0]).toBe(0);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
  });

  it('counts take the plural their language has', () => {
    expect([pluralOf('en-US', 1), pluralOf('en-US', 0), pluralOf('en-US', 2), pluralOf('ja-JP', 1)]).toEqual(['one', 'other', 'other', 'other']);
  });
});
