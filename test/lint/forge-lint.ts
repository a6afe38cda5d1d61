/**
 * Runs the Forge CLI's linter (@forge/lint, what `forge lint` runs) offline, on an app directory.
 *
 * How `forge lint` calls it (@forge/cli 13.3.0 out/service/lint-service.js, LintService.run): it lists every file
 * under `./src` (and the directories of UI Kit resources), minus .gitignore'd files, `.git` and `node_modules`, and
 * calls `lint(files, manifest, environment, logger, statsigService, { linter: { mode: 'both' } })` with the
 * app directory as the working directory (the linters read `manifest.yml`, `tsconfig.json` and `.gitignore` from it).
 * This file does the same, with these differences, all forced by having no network:
 *
 * - `mode: 'client-side'` instead of `'both'`: the server-side linter uploads the manifest to Atlassian and asks
 *   its GraphQL API for pre-deployment checks (@forge/lint out/lint/linters/server-side-linter/server-side-linter.js:51,
 *   :66-67). Those checks are not run.
 * - The permission linter (missing scopes for `requestJira` / `requestConfluence` routes) reads the product
 *   OpenAPI documents from local files when `USE_LOCAL_SWAGGER` and all six `LOCAL_*_SWAGGER` variables are set
 *   (out/lint/linters/permission-linter/permission-linter.js:150-166); otherwise it fetches them from
 *   developer.atlassian.com (:167-174, fetch() at :250). Jira platform v3 and Confluence v1 + v2 are Atlassian's official documents from
 *   KAIZEN_SPECS_DIR (default ../shared/specs). Jira Service Management, Jira Software and Bitbucket are not
 *   available offline: they get an empty document, so routes of those APIs are not checked (Kaizen calls none).
 * - `statsigService` (Atlassian's feature-flag service) is asked only for the list of deprecated runtimes
 *   (out/lint/linters/manifest-linter/abstract-manifest-linter.js:49). Offline it is the empty list, which is
 *   also what the CLI uses when the flag service is unreachable (@forge/cli-shared out/service/statsig-service.js:42,
 *   :206-209).
 *
 * What the permission linter can see (out/lint/linters/permission-linter/visitors/product-node-visitor.js): a call
 * of something named request(Jira|Confluence|Bitbucket) whose first argument is a string, template or route`...`
 * literal at the call site, and whose options, if any, are an inline object literal (anything else: the call is
 * skipped, :45-50); the HTTP method is the `method` property only if it is a string literal, else GET (:84-86).
 * A route passed in through a variable or helper parameter is not checked.
 *
 * The linter catches a linter's own crash and only logs it (out/lint/abstract-linter.js:14-15), so the
 * logger's messages are returned as `linterFailures`: any of them means part of the lint did not run.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

/** The official OpenAPI documents (read-only, never copied into the repo). */
export function specsDir(): string {
  return resolve(ROOT, process.env['KAIZEN_SPECS_DIR'] ?? '../shared/specs');
}

const SPEC_FILES = {
  LOCAL_JIRA_SWAGGER: 'jira-platform-v3.json', // developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json
  LOCAL_CONF_SWAGGER: 'confluence-v1.json', // developer.atlassian.com/cloud/confluence/swagger.v3.json
  LOCAL_CONF_V2_SWAGGER: 'confluence-v2.json', // developer.atlassian.com/cloud/confluence/openapi-v2.v3.json (unpatched, as forge lint reads it)
} as const;

// ---- The parts of @forge/lint and @forge/cli-shared used here (their .d.ts pull in TypeScript 5 typings). ----

export interface LintRule {
  class: 'error' | 'warning' | 'approval';
  message: string;
  reference: string;
  line: number;
  column: number;
  metadata?: Record<string, unknown>;
}
export interface LintResult {
  file: string;
  errors: LintRule[];
  warnings: LintRule[];
  approvals: LintRule[];
}
interface LintInput {
  ast: unknown;
  filepath: string;
}
type Parser = (code: string, filepath: string) => Promise<unknown>;
interface ForgeLintModule {
  lint(
    files: string[],
    manifest: unknown,
    environment: string,
    logger: { info(message: string): void },
    statsigService: { getDeprecatedRuntimes(): Promise<string[]> },
    config: { linter: { mode: 'client-side' }; parseFunction?: (filepath: string, parser: Parser) => Promise<LintInput> },
  ): Promise<LintResult[]>;
  parseSourceFile(filepath: string, parser: Parser): Promise<LintInput>;
}
interface FileSystemReader {
  recursiveReadDir(dir: string, exclude: string[]): Promise<string[]>;
}
interface CliSharedModule {
  FileSystemReader: new () => FileSystemReader;
  FileSystemWriter: new () => unknown;
  ConfigFile: new (reader: FileSystemReader, writer: unknown) => {
    readConfig(): Promise<unknown>;
    getResources(types: string[]): Promise<Array<{ path: string }>>;
  };
  listGitIgnoreFiles(reader: FileSystemReader): Promise<string[]>;
}

let loaded: { lint: ForgeLintModule; cliShared: CliSharedModule } | undefined;

/**
 * Loads @forge/lint with the TypeScript it was built for. Its parser, @typescript-eslint/typescript-estree, is
 * hoisted by npm to the root node_modules, where `require('typescript')` finds the project's TypeScript 7, which
 * has no JavaScript compiler API (the parser then dies with "Cannot read properties of undefined (reading
 * 'BarBarToken')"). @forge/lint depends on TypeScript 5.9 (nested in its own node_modules, the one the `forge`
 * CLI runs with): the parser gets that one.
 */
function load(): { lint: ForgeLintModule; cliShared: CliSharedModule } {
  if (!loaded) {
    const lintDir = dirname(require.resolve('@forge/lint/package.json'));
    const lintTypescript = require.resolve('typescript', { paths: [lintDir] });
    jest.doMock('typescript', () => jest.requireActual(lintTypescript));
    loaded = {
      lint: require('@forge/lint') as ForgeLintModule,
      cliShared: require(require.resolve('@forge/cli-shared', { paths: [lintDir] })) as CliSharedModule,
    };
  }
  return loaded;
}

export interface LintRun {
  results: LintResult[];
  /** Files `forge lint` hands to the linter (relative to the app directory). */
  offered: string[];
  /** Files the linter actually parsed: it silently skips .ts files that no tsconfig `include` glob matches. */
  parsed: string[];
  /** Messages the linter logged: a linter that threw, whose checks therefore did not run. */
  linterFailures: string[];
  ms: number;
}

/** Every problem as `<file>:<line>:<col> <class>: <message> [<reference>]`. */
export function formatProblems(results: LintResult[]): string[] {
  return results.flatMap((r) =>
    [...r.errors, ...r.warnings, ...r.approvals].map(
      (p) => `${r.file}:${p.line}:${p.column} ${p.class}: ${p.message} [${p.reference}]`,
    ),
  );
}

/** `forge lint` (client side, offline) in `appDir`. */
export async function runForgeLint(appDir: string): Promise<LintRun> {
  const started = Date.now();
  const { lint, cliShared } = load();

  const specs = specsDir();
  const scratch = mkdtempSync(join(tmpdir(), 'kaizen-forge-lint-'));
  const noPaths = join(scratch, 'no-paths.json');
  writeFileSync(noPaths, '{"paths":{}}\n');
  const env: Record<string, string> = {
    USE_LOCAL_SWAGGER: 'true',
    LOCAL_JSM_SWAGGER: noPaths,
    LOCAL_JSW_SWAGGER: noPaths,
    LOCAL_BB_SWAGGER: noPaths,
    // The permission linter opens a cache under the user's config dir even when it reads local files.
    XDG_CONFIG_HOME: join(scratch, 'config'),
  };
  for (const [name, file] of Object.entries(SPEC_FILES)) {
    const path = join(specs, file);
    if (!existsSync(path)) {
      throw new Error(`${file} not found in ${specs}: set KAIZEN_SPECS_DIR to the directory of the official OpenAPI documents`);
    }
    env[name] = path;
  }

  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedCwd = process.cwd();
  try {
    Object.assign(process.env, env);
    process.chdir(appDir);

    // As LintService.run does.
    const reader = new cliShared.FileSystemReader();
    const configFile = new cliShared.ConfigFile(reader, new cliShared.FileSystemWriter());
    const uiKitDirs = (await configFile.getResources(['nativeUI'])).map((r) => dirname(r.path));
    const exclude = [...(await cliShared.listGitIgnoreFiles(reader)), '.git', 'node_modules'];
    const lists = await Promise.all(['./src', ...uiKitDirs].map((dir) => reader.recursiveReadDir(dir, exclude)));
    const offered = [...new Set(lists.flat())];

    const parsed: string[] = [];
    const linterFailures: string[] = [];
    const results = await lint.lint(
      offered,
      await configFile.readConfig(),
      'development',
      { info: (message) => linterFailures.push(String(message)) },
      { getDeprecatedRuntimes: async () => [] },
      {
        linter: { mode: 'client-side' },
        parseFunction: (filepath, parser) => {
          parsed.push(filepath);
          return lint.parseSourceFile(filepath, parser);
        },
      },
    );
    return { results, offered, parsed, linterFailures, ms: Date.now() - started };
  } finally {
    process.chdir(savedCwd);
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Files whose extension the linter parses (lint.js: `ext.match(/jsx?$/)`, `ext.match(/tsx?$/)`). */
export const lintable = (files: string[]): string[] => files.filter((f) => /(?:jsx?|tsx?)$/.test(extname(f)));

/** Lintable files `forge lint` offered but the linter never parsed (see `LintRun.parsed`). */
export const skippedFiles = (run: LintRun): string[] => lintable(run.offered).filter((f) => !run.parsed.includes(f));
