/** Everything a view needs to speak the user's language: texts, times in the user's zone, durations. */
import { durationText } from '@shared/durations';
import { interpolate, type CatalogueOf, type ParamsArg as ParamsArgOf } from '@shared/message-catalogue';
import { CATALOGUES, intlLocaleOf, languageOf, translate, type English, type Language } from './messages';

/** A view's I18n whose texts are the keys of `Reference` (the shared catalogue, or it and an app's own). */
export interface I18nOf<Reference> {
  lang: Language;
  /** The BCP 47 tag used for dates and numbers. */
  locale: string;
  t<K extends keyof Reference & string>(key: K, ...args: ParamsArgOf<Reference, K>): string;
  /**
   * The zone `time` shows instants in: the Forge context's (the person's profile zone), or the browser's when the
   * context has none or an unknown one. Forms that take a time read it in this zone too.
   */
  timeZone: string;
  /** An ISO instant as a date and time in the user's time zone. */
  time(iso: string): string;
  /** A duration in the largest two units that matter (`2 h 5 min`, `2時間5分`). */
  duration(ms: number): string;
}

export type I18n = I18nOf<English>;

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
  const t: I18n['t'] = (key, ...args) => translate(lang, key, ...args);
  return {
    lang,
    locale,
    t,
    timeZone: format.resolvedOptions().timeZone,
    time: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : format.format(date);
    },
    duration: (ms) => durationText(ms, CATALOGUES[lang]),
  };
}

/**
 * `base` speaking an app's own catalogue too (the admin page's texts, which only its bundle carries). The two
 * catalogues share no key (the app's messages.ts checks it), so the order of the lookup does not matter.
 */
export function withCatalogue<Extra>(base: I18n, extra: Readonly<Record<Language, CatalogueOf<Extra>>>): I18nOf<English & Extra> {
  const texts: Readonly<Record<string, string>> = { ...CATALOGUES[base.lang], ...extra[base.lang] };
  return {
    ...base,
    t: (key, ...args) => interpolate(texts[key] ?? key, (args[0] ?? {}) as Readonly<Record<string, string | number>>, (name) => `{${name}}`),
  };
}
