import { formatClock, formatDuration, formatTime, formatTimeWithIso } from './format-time';

describe('formatTime', () => {
  it('writes English in UTC and Japanese in JST, with the zone', () => {
    expect(formatTime('2025-06-10T01:23:45.000Z', 'en')).toBe('Tue 10 Jun 2025, 01:23:45 UTC');
    expect(formatTime('2025-06-10T01:23:45.000Z', 'ja')).toBe('2025年6月10日(火) 10:23:45 JST');
  });

  it('moves to the next day (and year) in JST', () => {
    expect(formatTime('2025-12-31T15:30:00.000Z', 'en')).toBe('Wed 31 Dec 2025, 15:30:00 UTC');
    expect(formatTime('2025-12-31T15:30:00.000Z', 'ja')).toBe('2026年1月1日(木) 00:30:00 JST');
  });

  it('shows the ISO time next to the natural one', () => {
    expect(formatTimeWithIso('2025-06-10T01:23:45.000Z', 'ja')).toBe('2025-06-10T01:23:45.000Z (2025年6月10日(火) 10:23:45 JST)');
  });

  it('refuses what is not a time', () => {
    expect(() => formatTime('yesterday', 'en')).toThrow(RangeError);
  });
});

describe('formatClock', () => {
  it('writes the time of day in the zone', () => {
    expect(formatClock('2025-06-10T23:05:09.000Z', 'en')).toBe('23:05:09 UTC');
    expect(formatClock('2025-06-10T23:05:09.000Z', 'ja')).toBe('08:05:09 JST');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s', '0秒'],
    [45_999, '45 s', '45秒'],
    [60_000, '1 min', '1分'],
    [59 * 60_000 + 59_000, '59 min', '59分'],
    [65 * 60_000, '1 h 5 min', '1時間5分'],
    [(2 * 24 + 3) * 3_600_000 + 59 * 60_000, '2 d 3 h', '2日3時間'],
    [-5_000, '0 s', '0秒'],
  ])('%d ms → %s / %s', (ms, en, ja) => {
    expect(formatDuration(ms, 'en')).toBe(en);
    expect(formatDuration(ms, 'ja')).toBe(ja);
  });
});
