import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const missingResourceDirs = (root: string): string[] => {
  const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as { resources?: Array<{ path?: unknown }> };
  return (manifest.resources ?? [])
    .map((r) => r.path)
    .filter((p): p is string => typeof p === 'string' && !existsSync(join(root, p)));
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The Forge validators require every resource directory of manifest.yml (`static/<name>/build`) to exist, be
 * non-empty and, for Custom UI, hold an `index.html`. Those directories are build output (git-ignored), so in a
 * clean checkout they exist only after the UI build. If one is missing, run the project's UI build
 * (`npm run build:ui`, which `npm test` also runs first). Never fakes them: if the build does not produce a
 * directory, the validator reports it as the real problem it is.
 *
 * Test files run in parallel workers, and the build deletes and rewrites the directories: a lock keeps two
 * workers from building at once (the second one then finds everything built).
 */
export function ensureUiBuilt(root: string): void {
  if (missingResourceDirs(root).length === 0) return;
  const lock = join(tmpdir(), `kaizen-build-ui-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.lock`);
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock left behind by a killed run is stale after two minutes.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      if (waited > 180_000) throw new Error(`timed out waiting for ${lock}`);
      sleep(100);
    }
  }
  try {
    const missing = missingResourceDirs(root);
    if (missing.length === 0) return;
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    if (!pkg.scripts?.['build:ui']) {
      throw new Error(`resource directories ${missing.join(', ')} do not exist and package.json has no "build:ui" script to build them`);
    }
    execFileSync('npm', ['run', '--silent', 'build:ui'], { cwd: root, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
