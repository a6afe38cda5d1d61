/**
 * The Custom UI bundles' sizes (DESIGN 6: each small enough to first-render well under a second), raw and gzip, as
 * `npm run build:ui` left them in `static/<name>/build`. "First load" is what index.html loads (its scripts, module
 * preloads and style sheets); "lazy" is JS only loaded on demand (e.g. @forge/bridge's iframe-resizer for ADF).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Size {
  raw: number;
  gzip: number;
}
export interface UiBundle {
  files: Array<{ path: string } & Size>;
  /** JS index.html loads. */
  entryJs: Size;
  css: Size;
  /** JS loaded only on demand. */
  lazyJs: Size;
  /** Everything in the build directory (icons and index.html included). */
  total: Size;
}

const ROOT = resolve(__dirname, '..');
const RESOURCES = ['panel', 'gadget', 'admin', 'macro', 'library'] as const;

const add = (a: Size, b: Size): Size => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });
const ZERO: Size = { raw: 0, gzip: 0 };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** `src` / `href` attribute values of index.html. */
function htmlReferences(buildDir: string): string[] {
  const html = readFileSync(join(buildDir, 'index.html'), 'utf8');
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

export function measureUiBundle(buildDir: string): UiBundle {
  const loaded = new Set(htmlReferences(buildDir).map((ref) => join(buildDir, ref)));
  const files = filesUnder(buildDir).map((path) => {
    const bytes = readFileSync(path);
    return { path: relative(buildDir, path), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, loaded: loaded.has(path) };
  });
  const sum = (pick: (f: (typeof files)[number]) => boolean): Size => files.filter(pick).reduce<Size>((s, f) => add(s, f), ZERO);
  return {
    files: files.map(({ path, raw, gzip }) => ({ path, raw, gzip })),
    entryJs: sum((f) => f.path.endsWith('.js') && f.loaded),
    css: sum((f) => f.path.endsWith('.css')),
    lazyJs: sum((f) => f.path.endsWith('.js') && !f.loaded),
    total: sum(() => true),
  };
}

/** References to other hosts in index.html or the CSS (Forge's CSP blocks them; fonts included). */
export function remoteReferences(buildDir: string): string[] {
  const remote = /^(?:[a-z]+:)?\/\//i;
  const out = htmlReferences(buildDir).filter((ref) => remote.test(ref)).map((ref) => `index.html: ${ref}`);
  for (const path of filesUnder(buildDir).filter((p) => p.endsWith('.css'))) {
    for (const m of readFileSync(path, 'utf8').matchAll(/(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)/g)) {
      if (remote.test(m[1]!)) out.push(`${relative(buildDir, path)}: ${m[1]}`);
    }
  }
  return out;
}

export const formatBytes = (n: number): string => (n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);

/** Prints the table for every resource that has been built. */
export function printUiBundles(root: string = ROOT): void {
  const title = 'Custom UI bundles (static/<resource>/build; gzip -9)';
  const rows = RESOURCES.filter((r) => existsSync(join(root, 'static', r, 'build', 'index.html'))).map((r) => [r, measureUiBundle(join(root, 'static', r, 'build'))] as const);
  console.log(`\n${title}\n${'-'.repeat(title.length)}`);
  if (rows.length === 0) {
    console.log('no build found: run `npm run build:ui` first');
    return;
  }
  const cell = (s: Size): string => `${formatBytes(s.raw)} / ${formatBytes(s.gzip)}`;
  const header = ['resource', 'first-load JS (raw / gzip)', 'CSS (raw / gzip)', 'lazy JS (raw / gzip)', 'all files (raw / gzip)'];
  const lines = rows.map(([r, b]) => [r, cell(b.entryJs), cell(b.css), cell(b.lazyJs), cell(b.total)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [header, ...lines]) console.log(line.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

if (require.main === module) printUiBundles();
