/**
 * The period a metrics render covers and the UTC calendar it is cut into (pure; the time is given).
 *
 * - The period is `[from, to)`: `to` is now, `from` is `to` minus `days` whole days (24 h each: UTC has no DST).
 * - Weeks are UTC ISO weeks, named by their Monday (`YYYY-MM-DD`); months are UTC calendar months (`YYYY-MM`).
 *   "The weeks of the period" are every week that overlaps it, the partial ones at either edge included (as Apache
 *   DevLake's deployment-frequency calendar); likewise the months.
 */

const DAY_MS = 86_400_000;

export interface MetricsPeriod {
  /** Inclusive, ISO UTC. */
  from: string;
  /** Exclusive, ISO UTC (the render's now). */
  to: string;
  days: number;
}

export function metricsPeriod(now: Date, days: number): MetricsPeriod {
  return { from: new Date(now.getTime() - days * DAY_MS).toISOString(), to: now.toISOString(), days };
}

/** The Monday (UTC) of the ISO week `iso` falls in, as `YYYY-MM-DD`. */
export function weekOf(iso: string): string {
  const t = new Date(iso);
  const midnight = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  const sinceMonday = (t.getUTCDay() + 6) % 7; // getUTCDay: Sunday 0 … Saturday 6; ISO: Monday first
  return new Date(midnight - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC calendar month `iso` falls in, as `YYYY-MM`. */
export const monthOf = (iso: string): string => new Date(iso).toISOString().slice(0, 7);

/** The UTC date `iso` falls on, as `YYYY-MM-DD`. */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** The last instant inside the period (its end is exclusive). */
const lastInstant = (period: MetricsPeriod): string => new Date(Date.parse(period.to) - 1).toISOString();

/** Every week overlapping the period, oldest first. */
export function weeksOf(period: MetricsPeriod): string[] {
  const last = weekOf(lastInstant(period));
  const weeks: string[] = [];
  for (let w = weekOf(period.from); w <= last; w = new Date(Date.parse(`${w}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10)) weeks.push(w);
  return weeks;
}

/** Every month overlapping the period, oldest first. */
export function monthsOf(period: MetricsPeriod): string[] {
  const last = monthOf(lastInstant(period));
  const months: string[] = [];
  const start = new Date(period.from);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
    const month = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
    if (month > last) break;
    months.push(month);
  }
  return months;
}
