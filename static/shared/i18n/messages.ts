/**
 * The UI's shared message catalogues (what every view says) and a typed `translate()`. An app may add its own
 * catalogue on top (static/admin/src/i18n), so only its bundle carries those texts. Compile-time guarantees (`npm run typecheck`):
 * - a key missing from, or extra in, either language is an error (`satisfies Catalogue` on both);
 * - a Japanese text whose `{placeholders}` differ from the English one is an error naming the key;
 * - `translate(lang, key, params)` requires exactly the params the key's text uses.
 * Values are interpolated once, as plain text (a value holding `{x}` is not expanded again).
 */
import { interpolate, type CatalogueOf, type MismatchedPlaceholders, type ParamsArg as ParamsArgOf, type ParamsOf as ParamsFor } from '../../../src/shared/message-catalogue';
import { en } from './en';
import { ja } from './ja';

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The shared catalogue's English: what every view says (an app's own texts extend it, as the admin page's do). */
export type English = typeof en;
type Japanese = typeof ja;
export type MessageKey = keyof English;
export type Catalogue = CatalogueOf<English>;

export type { PlaceholdersOf } from '../../../src/shared/message-catalogue';
export type ParamsOf<K extends MessageKey> = ParamsFor<English, K>;
export type ParamsArg<K extends MessageKey> = ParamsArgOf<English, K>;

en satisfies Catalogue;
ja satisfies Catalogue;

// A compile error here names the key whose placeholders differ between en and ja.
const placeholdersMatch: [MismatchedPlaceholders<English, Japanese>] extends [never] ? true : MismatchedPlaceholders<English, Japanese> = true;
void placeholdersMatch;

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, ja };

/** The text of `key`, its placeholders filled in; one without a value stays as written (the UI never throws on text). */
export function translate<K extends MessageKey>(lang: Language, key: K, ...args: ParamsArg<K>): string {
  const params = (args[0] ?? {}) as Readonly<Record<string, string | number>>;
  return interpolate(CATALOGUES[lang][key], params, (name) => `{${name}}`);
}

/** The UI language for a Forge locale (`ja-JP`, `ja_JP`, `en-US`, …): Japanese for `ja*`, English otherwise. */
export function languageOf(locale: string | undefined): Language {
  return locale && /^ja(?:[-_]|$)/i.test(locale) ? 'ja' : 'en';
}

/** A BCP 47 tag Intl accepts, from a Forge locale (`ja_JP` → `ja-JP`); `en-US` when there is none or it is invalid. */
export function intlLocaleOf(locale: string | undefined): string {
  const tag = (locale ?? '').replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}
