/**
 * Offline validation of manifest.yml with Atlassian's own validator, @forge/manifest.
 *
 * - `validate(false, path)` is full validation: the JSON schema, then the module, resource, permission, storage,
 *   display-condition... validators. It checks that every handler file exists (`src/<file>.ts`) and that every
 *   resource directory exists, is non-empty and, for Custom UI, has an `index.html`.
 * - Full validation does not check the scopes that product events need (`avi:jira:created:issue` needs
 *   `read:jira-work`) nor those of agent product contexts: `forge lint` runs those as separate processors
 *   (PRODUCT_TRIGGER, AGENT_PRODUCT_CONTEXT), so this test runs their validators too.
 * - Problems come back as `errors[]` entries with `level: 'error' | 'warning'`; `success` ignores warnings.
 *   This test fails on any entry of either level.
 *
 * The resource directories (`static/<name>/build`) are build output (git-ignored). If one is missing, the test
 * runs the project's UI build (`npm run build:ui`) first, as `npm test` does; it never fakes them.
 * The second block proves the check can fail: it validates deliberately broken copies in a temp dir.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  AgentProductContextScopesValidator,
  ProductTriggerScopesValidator,
  validate,
  type AgentProductContextMappingConfig,
  type ManifestObject,
  type ManifestSchema,
  type ManifestValidationResult,
  type MappingConfig,
  type ValidationError,
} from '@forge/manifest';
import { parse, stringify } from 'yaml';
import { catalogue } from '../src/i18n/messages';
import { ensureUiBuilt } from './lint/ensure-ui-built';
import { forgeModuleSchemas, i18nReferences, lookup, readLocales, translationProblems, type TranslationsConfig } from './lint/manifest-i18n';

const ROOT = resolve(__dirname, '..');
const MANIFEST = join(ROOT, 'manifest.yml');

interface Resource {
  key: string;
  path: string;
}
interface ManifestDoc {
  modules: Record<string, Array<Record<string, unknown>>>;
  resources?: Resource[];
  permissions?: { scopes?: string[] };
  translations?: TranslationsConfig;
  app: Record<string, unknown>;
}

const readManifest = (file: string): ManifestDoc => parse(readFileSync(file, 'utf8')) as ManifestDoc;

/**
 * The event -> scope and agent-context -> scope tables that @forge/manifest's PRODUCT_TRIGGER and
 * AGENT_PRODUCT_CONTEXT processors use. Read from the package itself (its `exports` map hides `out/mapping`), so
 * the two scope validators can run on the result of full validation instead of compiling the 2 MB schema twice more.
 */
const MAPPING_DIR = join(dirname(require.resolve('@forge/manifest')), 'mapping');
const readMapping = <T>(name: string): T => JSON.parse(readFileSync(join(MAPPING_DIR, name), 'utf8')) as T;

/** Every problem @forge/manifest reports for `file` (errors and warnings), as `forge lint`'s manifest linters see them. */
async function manifestProblems(file: string): Promise<ValidationError[]> {
  const full = await validate(false, file);
  const results: Array<ManifestValidationResult<unknown>> = [full];
  const parsed = full.manifestObject;
  if (parsed?.typedContent) {
    // Only what the schema accepted gets here (as in the processors, where the schema validator runs first).
    const typed = parsed as ManifestObject<ManifestSchema>;
    results.push(
      await new ProductTriggerScopesValidator(readMapping<MappingConfig>('product-event-to-scope-mapping.json')).validate(typed),
      await new AgentProductContextScopesValidator(
        readMapping<AgentProductContextMappingConfig>('agent-product-context-to-scope-mapping.json'),
      ).validate(typed),
    );
  }
  const seen = new Set<string>();
  const problems: ValidationError[] = [];
  for (const result of results) {
    const errors = result.errors ?? [];
    if (!result.success && errors.length === 0) {
      problems.push({ message: 'validation failed without a message', reference: 'unknown', level: 'error' });
    }
    for (const e of errors) {
      const id = `${e.level}|${e.line ?? 0}|${e.column ?? 0}|${e.message}`;
      if (!seen.has(id)) {
        seen.add(id);
        problems.push(e);
      }
    }
  }
  return problems;
}

const format = (problems: ValidationError[]): string =>
  problems.map((p) => `manifest.yml:${p.line ?? 0}:${p.column ?? 0} ${p.level}: ${p.message} [${p.reference}]`).join('\n');

/** `resource:<key>;<file>` references (icons, thumbnails) anywhere under `modules`. */
function resourceFileReferences(node: unknown, found: Array<{ key: string; file: string }> = []) {
  if (typeof node === 'string') {
    const m = /^resource:([^;]+);(.+)$/.exec(node);
    if (m?.[1] && m[2]) found.push({ key: m[1], file: m[2] });
  } else if (Array.isArray(node)) {
    node.forEach((n) => resourceFileReferences(n, found));
  } else if (node && typeof node === 'object') {
    Object.values(node).forEach((n) => resourceFileReferences(n, found));
  }
  return found;
}

describe('manifest.yml', () => {
  const manifest = readManifest(MANIFEST);

  beforeAll(() => ensureUiBuilt(ROOT));

  it('passes @forge/manifest full validation (+ product-event and agent-context scopes) with no error or warning', async () => {
    const problems = await manifestProblems(MANIFEST);
    if (problems.length > 0) {
      throw new Error(`@forge/manifest reported ${problems.length} problem(s):\n${format(problems)}`);
    }
  });

  it('every resource:<key>;<file> reference (icon, thumbnail) names a file in that resource', () => {
    // Not checked by @forge/manifest: a missing icon only shows up as a broken image in the product.
    const resources = new Map((manifest.resources ?? []).map((r) => [r.key, r.path]));
    const broken = resourceFileReferences(manifest.modules)
      .map(({ key, file }) => {
        const dir = resources.get(key);
        if (dir === undefined) return `resource:${key};${file}: no resource with key '${key}'`;
        return existsSync(join(ROOT, dir, file)) ? undefined : `resource:${key};${file}: ${dir}/${file} does not exist`;
      })
      .filter((x): x is string => x !== undefined);
    expect(broken).toEqual([]);
  });
});

describe('manifest.yml translations (en-US, ja-JP)', () => {
  const manifest = readManifest(MANIFEST);
  const translations = manifest.translations;
  const moduleSchemas = forgeModuleSchemas();
  const options = { source: 'en-US', translated: ['ja-JP'] };

  it('has English and Japanese locale files, English the fallback', () => {
    expect(translations?.resources.map((r) => r.key).sort()).toEqual(['en-US', 'ja-JP']);
    expect(translations?.fallback.default).toBe('en-US');
  });

  it('every i18n key is in both locale files, named after its module, translated, and no title or description is plain text', () => {
    if (!translations) throw new Error('manifest.yml has no translations');
    const problems = translationProblems(manifest.modules, readLocales(ROOT, translations), moduleSchemas, options);
    if (problems.length > 0) throw new Error(`${problems.length} translation problem(s):\n${problems.join('\n')}`);
  });

  it('translates the titles of the product modules people see', () => {
    if (!translations) throw new Error('manifest.yml has no translations');
    const locales = readLocales(ROOT, translations);
    const ja = Object.fromEntries(i18nReferences(manifest.modules).map((r) => [`${r.moduleKey}.${r.path.join('.')}`, lookup(locales['ja-JP']!, r.key)]));
    expect(ja).toMatchObject({
      'incident-panel.title': 'インシデント（Kaizen）',
      'declare-incident.title': 'インシデントを宣言（Kaizen）',
      'kaizen-admin.title': 'Kaizen 設定',
      'metrics-gadget.title': expect.stringContaining('（Kaizen）'),
      'metrics-gadget.description': expect.any(String),
      'incident-status.title': expect.stringContaining('Kaizen'),
      'incident-status.description': expect.any(String),
    });
  });

  it('generated pages title the status macro as the manifest does, in each language', () => {
    if (!translations) throw new Error('manifest.yml has no translations');
    const locales = readLocales(ROOT, translations);
    const key = 'modules.incident-status.title';
    expect([catalogue('en')['page.statusMacroTitle'], catalogue('ja')['page.statusMacroTitle']]).toEqual([
      lookup(locales['en-US']!, key),
      lookup(locales['ja-JP']!, key),
    ]);
  });

  it('the translation check itself reports each kind of problem', () => {
    const modules = {
      'jira:issuePanel': [{ key: 'p', resource: 'r', title: { i18n: 'modules.p.title' } }],
      'jira:adminPage': [{ key: 'a', resource: 'r', title: 'Settings' }],
      'jira:issueAction': [{ key: 'b', resource: 'r', title: { i18n: 'b.title' } }],
      macro: [{ key: 'm', resource: 'r', title: { i18n: 'modules.m.title' }, description: 'Plain' }],
    };
    const locales = {
      'en-US': { modules: { p: { title: 'Panel' }, m: { title: 'Macro' } }, 'b.title': 'Action', stale: 'Old' },
      'ja-JP': { modules: { p: { title: 'パネル' }, m: { title: 'Macro' } } },
    };
    expect(translationProblems(modules, locales, moduleSchemas, options).sort()).toEqual(
      [
        "en-US: key 'stale' is not used by any module",
        "jira:adminPage 'a' title: plain text 'Settings', not an i18n key",
        "jira:issueAction 'b' title: key 'b.title' has no text in ja-JP",
        "jira:issueAction 'b' title: key 'b.title' should start with 'modules.b.'",
        "macro 'm' description: plain text 'Plain', not an i18n key",
        "macro 'm' title: key 'modules.m.title' is the same in ja-JP as in en-US",
      ].sort(),
    );
  });
});

describe('the manifest check itself (deliberately broken copies in a temp dir)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kaizen-manifest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `doc` as `<dir>/manifest.yml` with the files the validator looks for: src/index.ts and each resource's build. */
  function writeApp(doc: ManifestDoc, skipResources: string[] = []): string {
    const file = join(dir, 'manifest.yml');
    writeFileSync(file, stringify(doc));
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
    for (const r of doc.resources ?? []) {
      if (skipResources.includes(r.key)) continue;
      const index = join(dir, r.path, 'index.html');
      mkdirSync(dirname(index), { recursive: true });
      writeFileSync(index, '<!doctype html><title>stub</title>\n');
    }
    return file;
  }

  const summary = (problems: ValidationError[]) => problems.map((p) => `${p.level}: ${p.message}`);

  it('reports module, handler, resource and scope errors and a deprecation warning', async () => {
    const doc = readManifest(MANIFEST);
    doc.modules['webtrigger'] = [...(doc.modules['webtrigger'] ?? []), { key: 'ghost-webhook', function: 'no-such-fn' }];
    doc.modules['function'] = [...(doc.modules['function'] ?? []), { key: 'orphan-fn', handler: 'missing.handler' }];
    doc.resources = [...(doc.resources ?? []), { key: 'ghost', path: 'static/ghost/build' }];
    doc.permissions = { ...doc.permissions, scopes: (doc.permissions?.scopes ?? []).filter((s) => s !== 'read:jira-work') };
    doc.app = { ...doc.app, features: { autoUserConsent: true } };

    const problems = await manifestProblems(writeApp(doc, ['ghost']));
    const lines = summary(problems);
    expect(lines).toEqual(
      expect.arrayContaining([
        "error: webtrigger references undefined function module with key 'no-such-fn'",
        "error: function handler property 'missing.handler' cannot find associated file with name 'missing.(tsx|jsx|ts|js|cjs)'",
        "error: missing resource 'static/ghost/build' is being referenced by 'ghost' in resources",
        "error: Trigger event: 'avi:jira:created:issue' requires 'read:jira-work' scope",
        expect.stringMatching(/^warning: The autoUserConsent feature flag is no longer required/),
      ]),
    );
    // The same message the real-manifest test prints, with line numbers.
    expect(format(problems)).toMatch(/^manifest\.yml:\d+:\d+ warning: The autoUserConsent/m);
  });

  it('reports schema errors', async () => {
    const doc = readManifest(MANIFEST);
    const scheduled = doc.modules['scheduledTrigger']?.[0];
    if (!scheduled) throw new Error('manifest.yml has no scheduledTrigger to break');
    scheduled['interval'] = 'everyMinute';

    const lines = summary(await manifestProblems(writeApp(doc)));
    expect(lines).toEqual(
      expect.arrayContaining([
        "error: scheduledTrigger property interval 'everyMinute' allowed values are 'fiveMinute', 'hour', 'day', 'week'",
      ]),
    );
  });

  it('reports an i18n key missing from the default locale file', async () => {
    const doc = readManifest(MANIFEST);
    const panel = doc.modules['jira:issuePanel']?.[0];
    if (!panel || !doc.translations) throw new Error('manifest.yml has no issue panel or translations to break');
    panel['title'] = { i18n: 'modules.incident-panel.no-such-key' };
    // @forge/manifest reads locale files relative to the working directory: point it at copies in the temp dir.
    doc.translations = {
      ...doc.translations,
      resources: doc.translations.resources.map((r) => {
        const copy = join(dir, r.path);
        mkdirSync(dirname(copy), { recursive: true });
        writeFileSync(copy, readFileSync(join(ROOT, r.path)));
        return { ...r, path: copy };
      }),
    };

    const lines = summary(await manifestProblems(writeApp(doc)));
    expect(lines).toEqual(
      expect.arrayContaining(["error: i18n key 'modules.incident-panel.no-such-key' could not be found in default locale file."]),
    );
  });

  it('reports a Custom UI resource built without index.html', async () => {
    const doc = readManifest(MANIFEST);
    const first = doc.resources?.[0];
    if (!first) throw new Error('manifest.yml has no resource to break');
    const file = writeApp(doc, [first.key]);
    mkdirSync(join(dir, first.path), { recursive: true });
    writeFileSync(join(dir, first.path, 'main.js'), '\n');

    const lines = summary(await manifestProblems(file));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(`^error: missing index.html file in directory \\(${first.path}\\) is being referenced by`),
      ]),
    );
  });
});
