/**
 * Times and durations as people read them in each page language. Pure and deterministic: no `Intl` date formats
 * (their spacing and punctuation change between ICU versions, which would break snapshots and the sandbox), and the
 * time zone always shown.
 *
 * English pages show UTC; Japanese pages show Japan Standard Time (JST, UTC+9, no daylight saving — so a fixed
 * offset is exact). The admin's time zone setting (`timeZone` in src/shared/settings.ts) is not applied to
 * generated documents yet.
 */
import type { Language } from '../domain/incident';
import { durationText } from '../shared/durations';
import { catalogue } from './messages';

interface Zone {
  readonly name: string;
  readonly offsetMinutes: number;
}

/** The time zone each page language is shown in. */
export const ZONE_BY_LANGUAGE: Readonly<Record<Language, Zone>> = {
  en: { name: 'UTC', offsetMinutes: 0 },
  ja: { name: 'JST', offsetMinutes: 9 * 60 },
};

const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const JA_WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  clock: string;
}

function partsOf(iso: string, lang: Language): Parts {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO time: ${iso}`);
  const shifted = new Date(ms + ZONE_BY_LANGUAGE[lang].offsetMinutes * 60_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    clock: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`,
  };
}

/**
 * A date and time in the language's natural form, with its zone:
 * `Fri 1 May 2026, 03:04:05 UTC` · `2026年5月1日(金) 12:04:05 JST`.
 */
export function formatTime(iso: string, lang: Language): string {
  const p = partsOf(iso, lang);
  const zone = ZONE_BY_LANGUAGE[lang].name;
  if (lang === 'ja') return `${p.year}年${p.month + 1}月${p.day}日(${JA_WEEKDAYS[p.weekday]}) ${p.clock} ${zone}`;
  return `${EN_WEEKDAYS[p.weekday]} ${p.day} ${EN_MONTHS[p.month]} ${p.year}, ${p.clock} ${zone}`;
}

/** The time of day with its zone: `03:04:05 UTC` · `12:04:05 JST`. */
export function formatClock(iso: string, lang: Language): string {
  return `${partsOf(iso, lang).clock} ${ZONE_BY_LANGUAGE[lang].name}`;
}

/** The ISO time followed by the natural form: `2026-05-01T03:04:05.000Z (2026年5月1日(金) 12:04:05 JST)`. */
export function formatTimeWithIso(iso: string, lang: Language): string {
  return `${iso} (${formatTime(iso, lang)})`;
}

/** A duration in the page language, as the UI writes it too (`durationText` in src/shared/durations.ts). */
export function formatDuration(durationMs: number, lang: Language): string {
  return durationText(durationMs, catalogue(lang));
}
