/**
 * Checks on the manifest's translations that @forge/manifest does not make
 * (https://developer.atlassian.com/platform/forge/manifest-reference/translations/).
 *
 * @forge/manifest's TranslationsValidator (run by full validation) only requires each `i18n` key in the *default*
 * locale file (`fallback.default`): a key missing from `ja-JP.json` deploys fine and Japanese users silently get
 * English. It also lets a module keep a plain-string title, which no locale file can translate. These checks close
 * both gaps, and keep the locale files tidy: keys are `modules.<module key>.<property>`, and no key is left over.
 *
 * Keys are looked up as Forge does, with the sandbox's emulation of it (the same lookup shows module titles in the
 * sandbox host): the flattened key (`"a.b": …`) first, then the nested path (`{"a": {"b": …}}`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { textInLocaleFile as lookup, type LocaleFile } from '../../sandbox/host/app-config';

export { lookup, type LocaleFile };

export interface TranslationsConfig {
  resources: ReadonlyArray<{ key: string; path: string }>;
  fallback: Readonly<Record<string, unknown>> & { default: string };
}

/** One property of a module entry: `modules.<type>[i].<path…>`. */
export interface ModuleProperty {
  moduleType: string;
  moduleKey: string;
  /** Property names from the module entry down (array indexes left out, as Forge's i18n helpers do). */
  path: readonly string[];
  value: unknown;
}

/** Every `key: text` of a locale file, nested keys joined with `.`. */
export function leafKeys(file: LocaleFile, prefix = ''): string[] {
  return Object.entries(file).flatMap(([name, value]) => {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    return value && typeof value === 'object' && !Array.isArray(value) ? leafKeys(value as LocaleFile, key) : [key];
  });
}

/** Every leaf property of every module entry (Forge translates module properties only; `connect-`/`core:` modules never). */
export function moduleProperties(modules: Readonly<Record<string, unknown>>): ModuleProperty[] {
  const out: ModuleProperty[] = [];
  const visit = (moduleType: string, moduleKey: string, value: unknown, path: string[]): void => {
    if (Array.isArray(value)) value.forEach((item) => visit(moduleType, moduleKey, item, path));
    else if (value && typeof value === 'object' && !isI18n(value)) {
      for (const [name, child] of Object.entries(value)) visit(moduleType, moduleKey, child, [...path, name]);
    } else out.push({ moduleType, moduleKey, path, value });
  };
  for (const [moduleType, entries] of Object.entries(modules)) {
    if (moduleType.startsWith('connect-') || moduleType.startsWith('core:') || !Array.isArray(entries)) continue;
    for (const entry of entries) {
      const key = entry && typeof entry === 'object' ? (entry as Record<string, unknown>)['key'] : undefined;
      visit(moduleType, typeof key === 'string' ? key : '?', entry, []);
    }
  }
  return out;
}

const isI18n = (value: object): value is { i18n: string } => typeof (value as { i18n?: unknown }).i18n === 'string';

/** The `i18n` keys the manifest's modules reference, with where. */
export function i18nReferences(modules: Readonly<Record<string, unknown>>): Array<ModuleProperty & { key: string }> {
  return moduleProperties(modules).flatMap((p) =>
    p.value && typeof p.value === 'object' && isI18n(p.value) ? [{ ...p, key: p.value.i18n }] : [],
  );
}

type Schema = Readonly<Record<string, unknown>>;

/**
 * The schemas of property `path` inside a module's schema, found the way @forge/manifest's TranslationsValidator
 * finds them (getI18nPropertySchema): each name is searched for at any depth, across `oneOf` alternatives.
 */
function propertySchemas(slice: unknown, path: readonly string[]): Schema[] {
  if (!slice || typeof slice !== 'object') return [];
  if (Array.isArray(slice)) return slice.flatMap((s) => propertySchemas(s, path));
  const [name, ...rest] = path;
  return Object.entries(slice).flatMap(([k, v]) => {
    if (k !== name) return propertySchemas(v, path);
    if (rest.length > 0) return propertySchemas(v, rest);
    return v && typeof v === 'object' ? [v as Schema] : [];
  });
}

/** True when the schema (or one of its `anyOf` / `oneOf` alternatives) is Forge's `{ i18n: <key> }` object. */
function acceptsI18n(schema: Schema): boolean {
  const properties = schema['properties'] as Schema | undefined;
  if (properties && typeof properties['i18n'] === 'object' && (schema['required'] as unknown[] | undefined)?.includes('i18n')) return true;
  return (['anyOf', 'oneOf'] as const).some((k) => Array.isArray(schema[k]) && (schema[k] as Schema[]).some(acceptsI18n));
}

/** The manifest JSON schema of @forge/manifest, whose module schemas say which properties Forge can translate. */
export function forgeModuleSchemas(): Schema {
  const dir = dirname(require.resolve('@forge/manifest'));
  const schema = JSON.parse(readFileSync(join(dir, 'schema', 'manifest-schema.json'), 'utf8')) as {
    definitions: { ModuleSchema: { properties: Schema } };
  };
  return schema.definitions.ModuleSchema.properties;
}

/** Module properties Forge could translate (`title`, `description`, …) that are still a plain string. */
export function untranslatedProperties(modules: Readonly<Record<string, unknown>>, moduleSchemas: Schema): ModuleProperty[] {
  return moduleProperties(modules).filter(
    (p) => typeof p.value === 'string' && p.path.length > 0 && propertySchemas(moduleSchemas[p.moduleType], p.path).some(acceptsI18n),
  );
}

/**
 * Problems with the manifest's translations, one line each:
 * - a referenced key without text in one of the locale files;
 * - a key not named `modules.<module key>.…` after the module that uses it;
 * - a Japanese text identical to the English one (not translated);
 * - a key in a locale file that no module references (left over);
 * - a translatable module property still given as a plain string.
 */
export function translationProblems(
  modules: Readonly<Record<string, unknown>>,
  locales: Readonly<Record<string, LocaleFile>>,
  moduleSchemas: Schema,
  options: { source: string; translated: readonly string[] },
): string[] {
  const problems: string[] = [];
  const refs = i18nReferences(modules);
  const where = (p: ModuleProperty): string => `${p.moduleType} '${p.moduleKey}' ${p.path.join('.')}`;
  for (const ref of refs) {
    for (const [locale, file] of Object.entries(locales)) {
      if (lookup(file, ref.key) === undefined) problems.push(`${where(ref)}: key '${ref.key}' has no text in ${locale}`);
    }
    if (!ref.key.startsWith(`modules.${ref.moduleKey}.`)) problems.push(`${where(ref)}: key '${ref.key}' should start with 'modules.${ref.moduleKey}.'`);
    const source = locales[options.source] && lookup(locales[options.source]!, ref.key);
    for (const locale of options.translated) {
      const text = locales[locale] && lookup(locales[locale]!, ref.key);
      if (source !== undefined && text === source) problems.push(`${where(ref)}: key '${ref.key}' is the same in ${locale} as in ${options.source}`);
    }
  }
  const used = new Set(refs.map((r) => r.key));
  for (const [locale, file] of Object.entries(locales)) {
    for (const key of leafKeys(file)) if (!used.has(key)) problems.push(`${locale}: key '${key}' is not used by any module`);
  }
  for (const p of untranslatedProperties(modules, moduleSchemas)) problems.push(`${where(p)}: plain text '${String(p.value)}', not an i18n key`);
  return problems;
}

/** The locale files of `translations.resources`, read relative to the app directory. */
export function readLocales(appDir: string, translations: TranslationsConfig): Record<string, LocaleFile> {
  return Object.fromEntries(translations.resources.map((r) => [r.key, JSON.parse(readFileSync(join(appDir, r.path), 'utf8')) as LocaleFile]));
}
