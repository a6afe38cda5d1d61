/**
 * A key time as a `datetime-local` input holds it (wall-clock time, no zone) in the viewer's Jira time zone, and
 * back to an instant with its offset (`2026-12-02T09:30:00+09:00`) for the resolver. The browser's own zone may
 * differ from the person's Jira zone, so the conversion goes through Intl with the zone named, never `new Date(local)`.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The zone Intl accepts: the context's, or the browser's when the context has none or an unknown one. */
export function zoneOrDefault(timeZone: string | undefined): string {
  if (timeZone) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      return timeZone;
    } catch {
      // an unknown zone name: fall through to the browser's
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The wall-clock fields of `ms` in `timeZone`. */
function wallClock(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

/** Minutes east of UTC that `timeZone` is at instant `ms`. */
function offsetMinutes(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** `2026-12-02T09:30` for an ISO instant, in `timeZone` (minutes: the input's step). */
export function toLocalInput(iso: string, timeZone: string): string {
  const w = wallClock(Date.parse(iso), timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/** The instant a `datetime-local` value means in `timeZone`, with that zone's offset; `undefined` for a malformed value. */
export function fromLocalInput(value: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // the zone's offset at the wall time, checked again at the instant found (a DST change in between)
  let offset = offsetMinutes(wallAsUtc, timeZone);
  offset = offsetMinutes(wallAsUtc - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A short name of the zone for the input's label (`JST`, `GMT+9`, `UTC`). */
export function zoneLabel(timeZone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(new Date());
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}
