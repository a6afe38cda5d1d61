/** Everything a view needs to speak the user's language: texts, times in the user's zone, durations. */
import { durationText } from '@shared/durations';
import { CATALOGUES, intlLocaleOf, languageOf, translate, type Language, type MessageKey, type ParamsArg } from './messages';

export interface I18n {
  lang: Language;
  /** The BCP 47 tag used for dates and numbers. */
  locale: string;
  t<K extends MessageKey>(key: K, ...args: ParamsArg<K>): string;
  /** An ISO instant as a date and time in the user's time zone. */
  time(iso: string): string;
  /** A duration in the largest two units that matter (`2 h 5 min`, `2時間5分`). */
  duration(ms: number): string;
}

function timeFormat(locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(locale, timeZone ? { ...options, timeZone } : options);
  } catch {
    // an unknown zone name: the browser's own zone rather than nothing
    return new Intl.DateTimeFormat(locale, options);
  }
}

export function makeI18n(forgeLocale: string | undefined, timeZone: string | undefined): I18n {
  const lang = languageOf(forgeLocale);
  const locale = intlLocaleOf(forgeLocale);
  const format = timeFormat(locale, timeZone);
  const t = <K extends MessageKey>(key: K, ...args: ParamsArg<K>): string => translate(lang, key, ...args);
  return {
    lang,
    locale,
    t,
    time: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : format.format(date);
    },
    duration: (ms) => durationText(ms, CATALOGUES[lang]),
  };
}
