import { durationText, incidentDurationMs, keyDurations, splitDuration } from './durations';

const T0 = '2025-06-10T01:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe('key durations (DESIGN 3.5)', () => {
  it('TTD = detected − impact start, TTA = acknowledged − detected, TTM = mitigated − impact start, TTR = recovered − impact start', () => {
    expect(keyDurations({ impactStartedAt: T0, detectedAt: at(3), acknowledgedAt: at(10), mitigatedAt: at(40), recoveredAt: at(95) })).toEqual({
      ttdMs: 3 * 60_000,
      ttaMs: 7 * 60_000,
      ttmMs: 40 * 60_000,
      ttrMs: 95 * 60_000,
    });
  });

  it('a time that has not happened gives no duration, never zero', () => {
    expect(keyDurations({ impactStartedAt: T0, detectedAt: at(2) })).toEqual({ ttdMs: 2 * 60_000, ttaMs: undefined, ttmMs: undefined, ttrMs: undefined });
  });

  it('an end before its start (a backdating mistake) gives no duration rather than a negative one', () => {
    expect(keyDurations({ impactStartedAt: at(10), detectedAt: at(5) }).ttdMs).toBeUndefined();
  });

  it('the incident lasts to recovery, or to now while it runs', () => {
    expect(incidentDurationMs(T0, at(30), new Date(at(500)))).toBe(30 * 60_000);
    expect(incidentDurationMs(T0, undefined, new Date(at(45)))).toBe(45 * 60_000);
  });

  it.each([
    [59_999, { d: 0, h: 0, m: 0, s: 59 }],
    [3_661_000, { d: 0, h: 1, m: 1, s: 1 }],
    [90_061_000, { d: 1, h: 1, m: 1, s: 1 }],
    [-5, { d: 0, h: 0, m: 0, s: 0 }],
  ])('splits %d ms', (ms, parts) => {
    expect(splitDuration(ms)).toEqual(parts);
  });
});

describe('durationText (the one duration format of documents and views)', () => {
  const texts = { 'duration.seconds': '{s}s', 'duration.minutes': '{m}m', 'duration.hoursMinutes': '{h}h{m}m', 'duration.daysHours': '{d}d{h}h' };
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [3_599_999, '59m'],
    [3_600_000, '1h0m'],
    [86_399_999, '23h59m'],
    [90_061_000, '1d1h'],
    [-5_000, '0s'],
  ])('%d ms → %s', (ms, text) => {
    expect(durationText(ms, texts)).toBe(text);
  });
});
