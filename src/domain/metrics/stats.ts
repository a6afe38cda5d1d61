/**
 * The statistics every figure uses, as the reference the SQL (src/storage/sql/metrics-queries.ts) is tested against:
 *
 * - **median**: the conventional one — the middle value of an odd count, the mean of the two middle values of an even
 *   count ([10, 20, 30, 40] → 25). Apache DevLake's `percent_rank() <= 0.5` idiom takes the lower one (→ 20).
 *   In SQL: the mean of the values ranked `(n + 1) DIV 2` and `n DIV 2 + 1` (the same rank for an odd n).
 * - **p90**: nearest rank — the ⌈0.9·n⌉-th smallest value (never interpolated), so it is always a value that occurred.
 *   In SQL: the value ranked `(9·n + 9) DIV 10`.
 * - Nothing to summarise → null (never 0).
 */

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** The 1-based ranks whose values' mean is the median of n values (one rank for odd n). */
export const medianRanks = (n: number): [number, number] => [Math.floor((n + 1) / 2), Math.floor(n / 2) + 1];

/** The 1-based rank of the nearest-rank 90th percentile of n values: ⌈0.9·n⌉, in integers. */
export const p90Rank = (n: number): number => Math.floor((9 * n + 9) / 10);

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = sorted(values);
  const [lo, hi] = medianRanks(s.length);
  return (s[lo - 1]! + s[hi - 1]!) / 2;
}

export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return sorted(values)[p90Rank(values.length) - 1]!;
}

/** Apache DevLake's median (`max(x) where percent_rank() over (order by x) <= 0.5`): the lower middle value. For comparison only. */
export function devLakeMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = sorted(values);
  // percent_rank = (rank - 1) / (n - 1); the largest value whose percent_rank ≤ 0.5 (n = 1: percent_rank 0)
  const n = s.length;
  let best = s[0]!;
  for (let i = 0; i < n; i++) {
    const rank = s.indexOf(s[i]!) + 1; // rank(): ties share the first position
    if (n === 1 || (rank - 1) / (n - 1) <= 0.5) best = s[i]!;
  }
  return best;
}

export interface DurationStat {
  count: number;
  median: number | null;
  p90: number | null;
}

export const durationStat = (values: readonly number[]): DurationStat => ({ count: values.length, median: median(values), p90: p90(values) });
