import { formatDuration } from '../../src/i18n/format-time';
import { durationText } from '../../src/shared/durations';
import { CATALOGUES } from '../../static/shared/i18n/messages';

/**
 * One duration format: the views (static/shared/i18n `duration`, which is `durationText` over the UI catalogue) and
 * the documents (`formatDuration` over the documents' catalogue) write the same text for the same duration.
 */
describe('durations read the same in the views and in generated documents', () => {
  it.each([0, 45_999, 60_000, 65 * 60_000, 27 * 3_600_000 + 59 * 60_000, -5_000])('%d ms', (ms) => {
    expect(durationText(ms, CATALOGUES.en)).toBe(formatDuration(ms, 'en'));
    expect(durationText(ms, CATALOGUES.ja)).toBe(formatDuration(ms, 'ja'));
  });

  it('in each language', () => {
    expect([durationText(65 * 60_000, CATALOGUES.en), durationText(65 * 60_000, CATALOGUES.ja)]).toEqual(['1 h 5 min', '1時間5分']);
  });
});
