import { devLakeMedian, durationStat, median, medianRanks, p90, p90Rank } from './stats';

describe('the reference median and p90 (what the SQL ranks must give)', () => {
  it('an odd count: the middle value; ties count as values', () => {
    // [30, 60, 60, 180, 300]: the 3rd
    expect(median([300, 60, 30, 180, 60])).toBe(60);
    expect(medianRanks(5)).toEqual([3, 3]);
  });

  it('an even count: the mean of the two middle values (DevLake takes the lower one)', () => {
    // [10, 20, 30, 40]: (20 + 30) / 2 = 25; DevLake's percent_rank() <= 0.5 → 20
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(devLakeMedian([40, 10, 30, 20])).toBe(20);
    expect(medianRanks(4)).toEqual([2, 3]);
    // [1, 2]: 1.5 — a median of whole seconds may end in .5
    expect(median([2, 1])).toBe(1.5);
  });

  it('p90 by nearest rank: the ⌈0.9·n⌉-th smallest, never interpolated', () => {
    expect([1, 2, 5, 9, 10, 11, 19, 20].map(p90Rank)).toEqual([1, 2, 5, 9, 9, 10, 18, 18]);
    // n = 10: ⌈9⌉ = 9th
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 100])).toBe(9);
    // n = 11: ⌈9.9⌉ = 10th
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100])).toBe(10);
    // n = 1: itself
    expect(p90([42])).toBe(42);
  });

  it('nothing to summarise: null, never 0', () => {
    expect(median([])).toBeNull();
    expect(p90([])).toBeNull();
    expect(durationStat([])).toEqual({ count: 0, median: null, p90: null });
    expect(durationStat([1800, 3600, 7200])).toEqual({ count: 3, median: 3600, p90: 7200 });
  });
});
