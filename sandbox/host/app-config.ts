import { readFileSync } from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { AppManifest, UiModule } from '../runtime/app-manifest';

/**
 * What the browser host needs from the app beyond what the runtime reads: the UI modules, the `resources`
 * (with their `entry` maps) and the CSP-relevant `permissions` (shared/docs/forge-platform.md §8.1).
 */

export interface HostResource {
  key: string;
  /** The resource directory, absolute. */
  dir: string;
  /** Named entry points: `<key>/<entry>` refers to `entry[entry]` (an HTML file inside `dir`). */
  entry: Record<string, string>;
}

export interface AppConfig {
  /** The app's UUID (the last segment of `app.id`). */
  appId: string;
  modules: readonly UiModule[];
  resources: ReadonlyMap<string, HostResource>;
  /** `permissions.content.scripts` / `.styles`, as written (e.g. `unsafe-inline`). */
  contentScripts: string[];
  contentStyles: string[];
  /** `permissions.external`: images, fonts, styles, scripts, frames, media, `fetch.client`. */
  external: Record<string, unknown>;
  /** `translations`: the locale files module titles (`title: { i18n: <key> }`) are shown from. */
  translations: AppTranslations;
}

/** The manifest's `translations` (https://developer.atlassian.com/platform/forge/manifest-reference/translations/). */
export interface AppTranslations {
  /** Locale code → the parsed locale file. */
  files: ReadonlyMap<string, LocaleFile>;
  /** `fallback.<locale>`: the locales tried, in order, before the default. */
  fallback: Readonly<Record<string, readonly string[]>>;
  /** `fallback.default`. */
  defaultLocale: string | undefined;
}

export type LocaleFile = Readonly<Record<string, unknown>>;

type RawManifest = {
  resources?: Array<{ key?: unknown; path?: unknown; entry?: unknown }>;
  translations?: { resources?: Array<{ key?: unknown; path?: unknown }>; fallback?: Record<string, unknown> };
  permissions?: { content?: { scripts?: unknown; styles?: unknown }; external?: unknown };
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function loadAppConfig(manifest: AppManifest): AppConfig {
  const raw = parse(readFileSync(join(manifest.appDir, 'manifest.yml'), 'utf8')) as RawManifest;
  const resources = new Map<string, HostResource>();
  for (const r of raw.resources ?? []) {
    if (typeof r.key !== 'string' || typeof r.path !== 'string') continue;
    const entry = r.entry && typeof r.entry === 'object' ? Object.fromEntries(Object.entries(r.entry).filter(([, v]) => typeof v === 'string')) : {};
    resources.set(r.key, { key: r.key, dir: resolve(manifest.appDir, r.path), entry: entry as Record<string, string> });
  }
  const external = raw.permissions?.external;
  return {
    appId: manifest.appId.split('/').pop() ?? manifest.appId,
    modules: manifest.uiModules,
    resources,
    contentScripts: strings(raw.permissions?.content?.scripts),
    contentStyles: strings(raw.permissions?.content?.styles),
    external: external && typeof external === 'object' ? (external as Record<string, unknown>) : {},
    translations: loadTranslations(manifest.appDir, raw.translations),
  };
}

function loadTranslations(appDir: string, raw: RawManifest['translations']): AppTranslations {
  const files = new Map<string, LocaleFile>();
  for (const r of raw?.resources ?? []) {
    if (typeof r.key === 'string' && typeof r.path === 'string') files.set(r.key, JSON.parse(readFileSync(resolve(appDir, r.path), 'utf8')) as LocaleFile);
  }
  const { default: defaultLocale, ...fallback } = raw?.fallback ?? {};
  return {
    files,
    fallback: Object.fromEntries(Object.entries(fallback).map(([locale, chain]) => [locale, strings(chain)])),
    defaultLocale: typeof defaultLocale === 'string' ? defaultLocale : undefined,
  };
}

/**
 * A key's text in one locale file, looked up as Forge does (@forge/i18n getTranslationValueFromContent): the
 * flattened key (`"a.b": …`) first, then the nested path (`{"a": {"b": …}}`); only a non-empty string counts.
 */
export function textInLocaleFile(file: LocaleFile, key: string): string | undefined {
  const flat = file[key];
  if (typeof flat === 'string' && flat !== '') return flat;
  let node: unknown = file;
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' && node !== '' ? node : undefined;
}

/** A key's text for `locale`: that locale's file, then its fallback locales in order, then the default locale's. */
export function translateKey(translations: AppTranslations, key: string, locale: string): string | undefined {
  for (const candidate of [locale, ...(translations.fallback[locale] ?? []), translations.defaultLocale]) {
    const file = candidate === undefined ? undefined : translations.files.get(candidate);
    const text = file && textInLocaleFile(file, key);
    if (text !== undefined) return text;
  }
  return undefined;
}

export function moduleByKey(app: AppConfig, key: string): UiModule | undefined {
  return app.modules.find((m) => m.key === key);
}

export function modulesOfType(app: AppConfig, type: string): UiModule[] {
  return app.modules.filter((m) => m.type === type);
}

/** A module's title as the product shows it to a person in `locale`: a plain string, or its i18n key translated. */
export function moduleTitle(app: AppConfig, m: UiModule, locale: string): string {
  const t = m.title as unknown;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object') {
    const o = t as Record<string, unknown>;
    if (typeof o['text'] === 'string') return o['text'];
    if (typeof o['i18n'] === 'string') return translateKey(app.translations, o['i18n'], locale) ?? o['i18n'];
  }
  return m.key;
}

/** A string property of a module (`viewportSize`, `label`, `layout`, …). */
export function moduleString(m: UiModule, name: string): string | undefined {
  const v = (m as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/** The resource a gadget's edit mode uses (`edit.resource`), if the module has one. */
export function editResource(m: UiModule): string | undefined {
  const edit = (m as Record<string, unknown>)['edit'];
  const r = edit && typeof edit === 'object' ? (edit as Record<string, unknown>)['resource'] : undefined;
  return typeof r === 'string' ? r : undefined;
}

export interface ResolvedResource {
  resource: HostResource;
  /** The HTML document of the frame, absolute. */
  htmlFile: string;
  /** The URL directory relative assets resolve against: `/__sandbox/resources/<key>/<subdir>/`. */
  baseHref: string;
}

/** `key` or `key/entry` → the HTML file to serve, or an error message naming what is wrong. */
export function resolveResource(app: AppConfig, ref: string): ResolvedResource | string {
  const [key = '', entryKey] = ref.split('/', 2);
  const resource = app.resources.get(key);
  if (!resource) return `The manifest has no resource '${key}'`;
  let rel = 'index.html';
  if (entryKey !== undefined) {
    const file = resource.entry[entryKey];
    if (!file) return `Resource '${key}' has no entry '${entryKey}'`;
    rel = posix.normalize(file.replace(/\\/g, '/'));
  }
  const htmlFile = fileInside(resource.dir, rel);
  if (!htmlFile) return `Entry '${rel}' of resource '${key}' is outside its directory`;
  const subdir = posix.dirname(rel);
  const baseHref = `/__sandbox/resources/${encodeURIComponent(key)}/${subdir === '.' ? '' : `${subdir.split('/').map(encodeURIComponent).join('/')}/`}`;
  return { resource, htmlFile, baseHref };
}

/** `rel` resolved inside `dir`, or undefined when it would leave it (`..`, absolute paths). */
export function fileInside(dir: string, rel: string): string | undefined {
  const file = resolve(dir, rel.replace(/^\/+/, ''));
  return file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? file : undefined;
}
