/**
 * JQL date values. Jira accepts `yyyy/MM/dd HH:mm`, `yyyy-MM-dd HH:mm`, `yyyy/MM/dd`, `yyyy-MM-dd`, and periods
 * relative to now such as `-7d`, `-4w 2d`, `1h` (units w, d, h, m); the sandbox also accepts full ISO-8601
 * date-times. Jira interprets dates in the searching user's time zone; the sandbox uses UTC throughout.
 */

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = { m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE, w: 7 * 24 * 60 * MINUTE };

export const INVALID_DATE_HINT =
  "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";

/** Epoch ms for a JQL date literal, or undefined when it is not one. */
export function parseJqlDate(raw: string, now: Date): number | undefined {
  const text = raw.trim();
  const period = /^([+-])?\s*((?:\d+\s*[wdhm]\s*)+)$/i.exec(text);
  if (period) {
    const sign = period[1] === '-' ? -1 : 1;
    let ms = 0;
    for (const part of (period[2] ?? '').matchAll(/(\d+)\s*([wdhm])/gi)) ms += Number(part[1]) * (UNIT_MS[(part[2] ?? '').toLowerCase()] ?? 0);
    return now.getTime() + sign * ms;
  }
  const abs = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text);
  if (abs) {
    const [, y, mo, d, h, mi] = abs;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
    const check = new Date(ms);
    // Reject dates that JavaScript would roll over (2026-02-31).
    if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
    return ms;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    // Jira's own `+0000` offsets are accepted as well as `+00:00` / `Z`.
    const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

type Anchor = 'start' | 'end';
type Span = 'Day' | 'Week' | 'Month' | 'Year';

const DEFAULT_UNIT: Record<Span, string> = { Day: 'd', Week: 'w', Month: 'M', Year: 'y' };

/** Applies an increment such as `-1`, `+2d`, `-1w` (the function's own unit when none is given). */
function shift(date: Date, increment: string | undefined, span: Span): Date | undefined {
  if (increment === undefined || increment.trim() === '') return date;
  const m = /^([+-]?\d+)([yMwdhm])?$/.exec(increment.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? DEFAULT_UNIT[span];
  const d = new Date(date.getTime());
  if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + n);
  else if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + n);
  else d.setTime(d.getTime() + n * (UNIT_MS[unit] ?? 0));
  return d;
}

function boundary(now: Date, anchor: Anchor, span: Span): Date {
  const y = now.getUTCFullYear();
  const mo = now.getUTCMonth();
  const d = now.getUTCDate();
  let start: number;
  let end: number;
  if (span === 'Day') {
    start = Date.UTC(y, mo, d);
    end = Date.UTC(y, mo, d + 1);
  } else if (span === 'Week') {
    // Jira's weeks start on Sunday.
    const dow = now.getUTCDay();
    start = Date.UTC(y, mo, d - dow);
    end = Date.UTC(y, mo, d - dow + 7);
  } else if (span === 'Month') {
    start = Date.UTC(y, mo, 1);
    end = Date.UTC(y, mo + 1, 1);
  } else {
    start = Date.UTC(y, 0, 1);
    end = Date.UTC(y + 1, 0, 1);
  }
  return new Date(anchor === 'start' ? start : end - 1);
}

/**
 * The date functions: `now()`, `startOfDay([inc])`, `endOfDay`, `startOfWeek`, `endOfWeek`, `startOfMonth`,
 * `endOfMonth`, `startOfYear`, `endOfYear`. Returns undefined for any other name; throws on a bad increment.
 */
export function dateFunction(name: string, args: string[], now: Date): number | undefined | 'bad-argument' {
  const lower = name.toLowerCase();
  if (lower === 'now') return args.length === 0 ? now.getTime() : 'bad-argument';
  const m = /^(start|end)of(day|week|month|year)$/.exec(lower);
  if (!m) return undefined;
  const anchor = m[1] as Anchor;
  const span = ((m[2] ?? 'day').charAt(0).toUpperCase() + (m[2] ?? 'day').slice(1)) as Span;
  if (args.length > 1) return 'bad-argument';
  const shifted = shift(now, args[0], span);
  return shifted ? boundary(shifted, anchor, span).getTime() : 'bad-argument';
}
