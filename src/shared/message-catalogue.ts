/**
 * The typed message-catalogue machinery both catalogues use: the one for generated content (src/i18n) and the
 * UI's (static/shared/i18n). Types check at compile time that both languages have the same keys and, per key, the
 * same `{placeholders}`, and that a call passes exactly the params its text uses. Interpolation scans the template
 * once, so a value that itself holds `{other}` (alert text often does) is never expanded again.
 */

/** The `{name}` placeholders of a text, as a union of names (never for none). */
export type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never;

/** A complete catalogue for the keys of `Reference`: one text per key. */
export type CatalogueOf<Reference> = { readonly [K in keyof Reference]: string };

/** The params key `K` of `Reference` needs. */
export type ParamsOf<Reference, K extends keyof Reference> = Record<PlaceholdersOf<Reference[K] & string>, string | number>;

/** `[]` when the key's text has no placeholders, else `[params]`. */
export type ParamsArg<Reference, K extends keyof Reference> = [PlaceholdersOf<Reference[K] & string>] extends [never] ? [] : [params: ParamsOf<Reference, K>];

/** Keys whose `Other` text uses other placeholders than the `Reference` text; `never` when they all agree. */
export type MismatchedPlaceholders<Reference, Other extends CatalogueOf<Reference>> = {
  [K in keyof Reference]: [PlaceholdersOf<Reference[K] & string>] extends [PlaceholdersOf<Other[K]>]
    ? [PlaceholdersOf<Other[K]>] extends [PlaceholdersOf<Reference[K] & string>]
      ? never
      : K
    : K;
}[keyof Reference];

export const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Replaces each `{name}` of `template` by `params[name]` as plain text; a name without a value goes to `missing`. */
export function interpolate(template: string, params: Readonly<Record<string, string | number>>, missing: (name: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    return value === undefined ? missing(name) : String(value);
  });
}
