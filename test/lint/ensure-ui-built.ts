import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The Forge validators require every resource directory of manifest.yml (`static/<name>/build`) to exist, be
 * non-empty and, for Custom UI, hold an `index.html`. Those directories are build output (git-ignored), so in a
 * clean checkout they exist only after the UI build. If one is missing, run the project's UI build
 * (`npm run build:ui`, which `npm test` also runs first). Never fakes them: if the build does not produce a
 * directory, the validator reports it as the real problem it is.
 */
export function ensureUiBuilt(root: string): void {
  const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as { resources?: Array<{ path?: unknown }> };
  const missing = (manifest.resources ?? [])
    .map((r) => r.path)
    .filter((p): p is string => typeof p === 'string' && !existsSync(join(root, p)));
  if (missing.length === 0) return;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.['build:ui']) {
    throw new Error(`resource directories ${missing.join(', ')} do not exist and package.json has no "build:ui" script to build them`);
  }
  execFileSync('npm', ['run', '--silent', 'build:ui'], { cwd: root, stdio: 'pipe' });
}
