import { nextPollDelay, POLL_HIDDEN_MS, POLL_MAX_MS, POLL_VISIBLE_MS } from '../../static/macro/src/poll-schedule';

describe('nextPollDelay', () => {
  it('polls every 5 s while visible and every 60 s while hidden', () => {
    expect(nextPollDelay('visible', 0)).toBe(POLL_VISIBLE_MS);
    expect(POLL_VISIBLE_MS).toBe(5_000);
    expect(nextPollDelay('hidden', 0)).toBe(POLL_HIDDEN_MS);
    expect(POLL_HIDDEN_MS).toBe(60_000);
  });

  it('doubles per consecutive error and stops at 5 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => nextPollDelay('visible', n))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect([1, 2, 3].map((n) => nextPollDelay('hidden', n))).toEqual([120_000, 240_000, 300_000]);
    expect(nextPollDelay('visible', 1_000)).toBe(POLL_MAX_MS);
  });

  it('treats a nonsense error count as none', () => {
    expect(nextPollDelay('visible', -3)).toBe(POLL_VISIBLE_MS);
  });
});
