/**
 * How the gadget writes its figures in the user's language: durations with Kaizen's one duration format
 * (src/shared/durations.ts, through `i18n.duration`), rates as percentages, weeks and months as dates (UTC: a week
 * is the Monday it starts, as `getMetrics` names it), and the compact duration labels of a chart's axis.
 */
// relative paths, not the bundler's aliases: test/ui checks these with the root tsconfig
import type { MessageKey, ParamsArg } from '../../shared/i18n/messages';

/** What the formats need of the view's I18n (static/shared/i18n/i18n.ts). */
export interface FormatI18n {
  locale: string;
  t<K extends MessageKey>(key: K, ...args: ParamsArg<K>): string;
  duration(ms: number): string;
}

/** What a figure with no value shows (no incidents, no deployments): a dash, never 0. */
export const NONE = '—';

export interface Formats {
  /** The BCP 47 tag numbers and dates are written in. */
  locale: string;
  /** Whole seconds → `2 h 5 min` / `2時間5分`; null → {@link NONE}. */
  duration(seconds: number | null): string;
  /** A chart axis tick: `30 min`, `2 h`, `1 d` / `30分`, `2時間`, `1日`. */
  axisDuration(seconds: number): string;
  /** 0–1 → `12.5%`; null → {@link NONE}. */
  rate(rate: number | null): string;
  number(value: number, maximumFractionDigits?: number): string;
  /** `2026-09-07` → `Sep 7` / `9月7日`. */
  week(week: string): string;
  /** `2026-09` → `Sep 2026` / `2026年9月`; `short` → `Sep` / `9月`. */
  month(month: string, short?: boolean): string;
  /** An instant as a date in the user's zone: `Dec 2, 2026` / `2026/12/02`. */
  date(iso: string): string;
}

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat => {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, ...(timeZone ? { timeZone } : {}) });
  } catch {
    return new Intl.DateTimeFormat(locale, options); // an unknown zone: the browser's own
  }
};

export function formatsOf(i18n: FormatI18n, timeZone: string | undefined): Formats {
  const { locale, t } = i18n;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const week = dateFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const month = dateFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const monthShort = dateFormat(locale, { month: 'short', timeZone: 'UTC' });
  const day = dateFormat(locale, { dateStyle: 'medium' }, timeZone);
  const utc = (text: string): Date => new Date(`${text}T00:00:00Z`);
  return {
    locale,
    duration: (seconds) => (seconds === null ? NONE : i18n.duration(seconds * 1000)),
    axisDuration: (seconds) => {
      if (seconds === 0) return '0';
      if (seconds % 86_400 === 0) return t('gadget.axis.days', { d: seconds / 86_400 });
      if (seconds % 3_600 === 0) return t('gadget.axis.hours', { h: seconds / 3_600 });
      if (seconds >= 60) return t('duration.minutes', { m: Math.round(seconds / 60) });
      return t('duration.seconds', { s: seconds });
    },
    rate: (rate) => (rate === null ? NONE : percent.format(rate)),
    number: (value, maximumFractionDigits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value),
    week: (w) => week.format(utc(w)),
    month: (m, short = false) => (short ? monthShort : month).format(utc(`${m}-01`)),
    date: (iso) => day.format(new Date(iso)),
  };
}

/** Axis steps for durations, in seconds: the first that keeps the axis to at most 4 ticks above 0. */
const DURATION_STEPS = [60, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 345_600, 604_800, 1_209_600, 2_592_000];
const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];

/** The ticks of an axis from 0 to at least `max`: 0 and up to 4 evenly spaced ones, on a round step. */
export function ticksFor(max: number, kind: 'duration' | 'count'): number[] {
  const steps = kind === 'duration' ? DURATION_STEPS : COUNT_STEPS;
  const top = Math.max(max, kind === 'duration' ? 60 : 1);
  const step = steps.find((s) => Math.ceil(top / s) <= 4) ?? Math.ceil(top / 4);
  const count = Math.max(1, Math.ceil(top / step));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** The plural form a count takes in the user's language (`one` / `other`; Japanese has only `other`). */
export function pluralOf(locale: string, count: number): 'one' | 'other' {
  return new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
}
