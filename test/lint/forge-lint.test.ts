/**
 * `forge lint` (the Forge CLI's client-side linter, @forge/lint) run offline on the repository: manifest.yml plus
 * every file under src/. Fails on any lint error, warning or approval, on a linter that crashed, and on a source
 * file the linter silently skipped. See ./forge-lint.ts for how it runs without the network and what that leaves out.
 * The second block proves the check can fail, on a deliberately broken app in a temp dir.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureUiBuilt } from './ensure-ui-built';
import { ROOT, formatProblems, lintable, runForgeLint, skippedFiles, type LintRun } from './forge-lint';

const LINT_TIMEOUT_MS = 180_000;

describe('forge lint on the repository (client side, offline)', () => {
  let run: LintRun;

  beforeAll(async () => {
    ensureUiBuilt(ROOT);
    run = await runForgeLint(ROOT);
  }, LINT_TIMEOUT_MS);

  it('parses every source file under src/', () => {
    const skipped = skippedFiles(run);
    if (skipped.length > 0) {
      throw new Error(
        `forge lint skipped ${skipped.length} of ${lintable(run.offered).length} source file(s), e.g. ${skipped.slice(0, 3).join(', ')}.\n` +
          '@forge/lint parses a .ts file only if its exact path is matched by a tsconfig.json "include" glob ' +
          '(@forge/lint out/lint/lint.js:148-161; @forge/cli-shared out/shared/read-app-config-files.js:24-40): ' +
          'a bare directory such as "src" matches only the directory itself. ' +
          'Use globs, e.g. "include": ["src/**/*", ...].',
      );
    }
  });

  it('runs every linter (none crashed)', () => {
    expect(run.linterFailures).toEqual([]);
  });

  it('reports no error, warning or approval', () => {
    const problems = formatProblems(run.results);
    if (problems.length > 0) {
      throw new Error(`forge lint reported ${problems.length} problem(s):\n${problems.join('\n')}`);
    }
  });
});

/** A small Forge app written to a temp dir: manifest.yml, tsconfig.json and src/index.ts. */
function writeApp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-lint-app-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const BROKEN_MANIFEST = `modules:
  webtrigger:
    - key: probe-webhook
      function: webhook-fn
      urlFormat: v2
  function:
    - key: webhook-fn
      handler: index.webhook
      timeoutSeconds: 120
    - key: unexported-fn
      handler: index.notExported
permissions:
  scopes:
    - read:jira-work
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000
  runtime:
    name: nodejs24.x
`;

const BROKEN_SOURCE = `import api, { route } from '@forge/api';

export async function webhook(): Promise<{ statusCode: number }> {
  const key = 'KAN-1';
  await api.asApp().requestJira(route\`/rest/api/3/issue/\${key}\`);
  await api.asApp().requestJira(route\`/rest/api/3/issue/\${key}/comment\`, { method: 'POST', body: '{}' });
  await api.asApp().requestConfluence(route\`/wiki/api/v2/pages\`, { method: 'POST', body: '{}' });
  return { statusCode: 204 };
}
`;

const tsconfig = (include: string[]) =>
  JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, noEmit: true }, include });

describe('the lint check itself (a deliberately broken app in a temp dir)', () => {
  let dir: string;
  let run: LintRun;

  beforeAll(async () => {
    dir = writeApp({ 'manifest.yml': BROKEN_MANIFEST, 'tsconfig.json': tsconfig(['src/**/*']), 'src/index.ts': BROKEN_SOURCE });
    run = await runForgeLint(dir);
  }, LINT_TIMEOUT_MS);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses the app source and every linter runs', () => {
    expect(run.parsed).toEqual(['src/index.ts']);
    expect(skippedFiles(run)).toEqual([]);
    expect(run.linterFailures).toEqual([]);
  });

  it('reports missing scopes for product routes, a timeout on a web trigger function and a missing handler export', () => {
    const problems = formatProblems(run.results);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^src\/index\.ts:6:\d+ error: Jira endpoint: POST \/rest\/api\/3\/issue\/\{issueIdOrKey\}\/comment requires "write:jira-work" scope/,
        ),
        expect.stringMatching(/^src\/index\.ts:7:\d+ error: Confluence endpoint: POST \/pages requires "write:page:confluence" scope/),
        expect.stringMatching(
          /^manifest\.yml:0:0 error: Function "webhook-fn" defines timeoutSeconds \(120s\) but is used by webtrigger "probe-webhook"\. Only consumer and scheduledTrigger functions support custom timeouts\./,
        ),
        expect.stringMatching(/^src\/index\.ts:0:0 warning: Cannot find exported function "notExported", which is required by module "unexported-fn"/),
      ]),
    );
    expect(problems).toHaveLength(4);
    // The GET on line 5 needs read:jira-work, which the manifest has.
    expect(problems.filter((p) => p.startsWith('src/index.ts:5:'))).toEqual([]);
  });
});

describe('the source coverage check itself', () => {
  it('catches a tsconfig whose include names a directory (forge lint then skips every .ts file)', async () => {
    const dir = writeApp({ 'manifest.yml': BROKEN_MANIFEST, 'tsconfig.json': tsconfig(['src']), 'src/index.ts': BROKEN_SOURCE });
    try {
      const run = await runForgeLint(dir);
      expect(run.parsed).toEqual([]);
      expect(skippedFiles(run)).toEqual(['src/index.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, LINT_TIMEOUT_MS);
});
