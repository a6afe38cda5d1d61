import { incidentDurationMs, keyDurations, splitDuration } from './durations';

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
