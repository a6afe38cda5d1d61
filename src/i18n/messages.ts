/**
 * The message catalogue for generated content (Jira descriptions and comments, Confluence pages) and a tiny,
 * typed `t()`. Pure: no I/O, no `@forge/*`.
 *
 * Type safety, all at compile time:
 * - a key missing from, or extra in, either language is an error (`satisfies Catalogue` on both);
 * - a Japanese text whose `{placeholders}` differ from the English one is an error naming the key;
 * - `t(lang, key, params)` requires exactly the params the key's text uses.
 *
 * Interpolation is safe: the template is scanned once and each `{name}` replaced by its value as plain text, so a
 * value that itself contains `{other}` (alert text often does) is never expanded again. The result is plain text;
 * escaping is the renderer's job (ADF text nodes, the XHTML serializer), never this module's.
 */
import type { Language } from '../domain/incident';
import { interpolate, PLACEHOLDER, type CatalogueOf, type MismatchedPlaceholders, type ParamsArg as ParamsArgOf, type ParamsOf as ParamsFor } from '../shared/message-catalogue';
import { en } from './catalogue-en';
import { ja } from './catalogue-ja';

type English = typeof en;
type Japanese = typeof ja;

/** Every key of the catalogue. */
export type MessageKey = keyof English;

/** A complete catalogue: one text per key. */
export type Catalogue = CatalogueOf<English>;

export type { PlaceholdersOf } from '../shared/message-catalogue';

/** The params a key needs. */
export type ParamsOf<K extends MessageKey> = ParamsFor<English, K>;

// Both catalogues are complete (no missing, no extra key).
en satisfies Catalogue;
ja satisfies Catalogue;

// A compile error here names the key whose placeholders differ between en and ja.
const placeholdersMatch: [MismatchedPlaceholders<English, Japanese>] extends [never] ? true : MismatchedPlaceholders<English, Japanese> = true;
void placeholdersMatch;

const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, ja };

type ParamsArg<K extends MessageKey> = ParamsArgOf<English, K>;

/**
 * The text of `key` in `lang`, with each `{name}` replaced by `params[name]` (numbers as written by `String`).
 * Throws when a placeholder has no value — the types make that a bug, never a runtime input.
 */
export function t<K extends MessageKey>(lang: Language, key: K, ...args: ParamsArg<K>): string {
  return fill(CATALOGUES[lang][key], (args[0] ?? {}) as Readonly<Record<string, string | number>>, key);
}

/** Keys `X` for which both `X.one` and `X.other` exist. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

type PluralParams<B extends PluralKey> = Omit<ParamsOf<`${B}.other` & MessageKey>, 'count'>;
type PluralArg<B extends PluralKey> = keyof PluralParams<B> extends never ? [] : [params: PluralParams<B>];

/**
 * The `.one` or `.other` text of a plural pair, chosen by the language's plural rules for `count` (Japanese always
 * takes `.other`), with `{count}` filled in.
 */
export function tPlural<B extends PluralKey>(lang: Language, base: B, count: number, ...args: PluralArg<B>): string {
  const form = new Intl.PluralRules(lang).select(count) === 'one' ? 'one' : 'other';
  const key = `${base}.${form}` as MessageKey;
  return fill(CATALOGUES[lang][key], { ...(args[0] ?? {}), count }, key);
}

function fill(template: string, params: Readonly<Record<string, string | number>>, key: string): string {
  return interpolate(template, params, (name) => {
    throw new Error(`i18n: no value for {${name}} in '${key}'`);
  });
}

/** The placeholders a text uses, for tests and tooling. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();
}

/** Read-only access to a whole catalogue (tests compare the languages). */
export function catalogue(lang: Language): Catalogue {
  return CATALOGUES[lang];
}
