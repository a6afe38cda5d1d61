/**
 * The UI's message catalogues and a typed `translate()`. Compile-time guarantees (`npm run typecheck`):
 * - a key missing from, or extra in, either language is an error (`satisfies Catalogue` on both);
 * - a Japanese text whose `{placeholders}` differ from the English one is an error naming the key;
 * - `translate(lang, key, params)` requires exactly the params the key's text uses.
 * Values are interpolated once, as plain text (a value holding `{x}` is not expanded again).
 */
import { en } from './en';
import { ja } from './ja';

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

type English = typeof en;
type Japanese = typeof ja;
export type MessageKey = keyof English;
export type Catalogue = { readonly [K in MessageKey]: string };

export type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never;
export type ParamsOf<K extends MessageKey> = Record<PlaceholdersOf<English[K]>, string | number>;
export type ParamsArg<K extends MessageKey> = [PlaceholdersOf<English[K]>] extends [never] ? [] : [params: ParamsOf<K>];

en satisfies Catalogue;
ja satisfies Catalogue;

/** Keys whose Japanese text uses other placeholders than the English one; must be `never`. */
type MismatchedPlaceholders = {
  [K in MessageKey]: [PlaceholdersOf<English[K]>] extends [PlaceholdersOf<Japanese[K]>] ? ([PlaceholdersOf<Japanese[K]>] extends [PlaceholdersOf<English[K]>] ? never : K) : K;
}[MessageKey];
// A compile error here names the key whose placeholders differ between en and ja.
const placeholdersMatch: [MismatchedPlaceholders] extends [never] ? true : MismatchedPlaceholders = true;
void placeholdersMatch;

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, ja };

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function translate<K extends MessageKey>(lang: Language, key: K, ...args: ParamsArg<K>): string {
  const params = (args[0] ?? {}) as Readonly<Record<string, string | number>>;
  return CATALOGUES[lang][key].replace(PLACEHOLDER, (match, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : match));
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
