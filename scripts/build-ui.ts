/**
 * `npm run build:ui`: builds every Custom UI resource manifest.yml lists (`static/<name>/build`) with Vite's JS API:
 * a React 19 app from `static/<name>/index.html` + `src/`, relative asset URLs (`base: './'`, forge-platform.md
 * §8.1), no source maps, nothing loaded from another host (the CSP allows none: the design tokens' CSS is bundled,
 * fonts are the system's). `static/<name>/public/` (the manifest's icon and thumbnail) is copied as it is.
 * The four builds run in parallel; each prints its bundle sizes (bench/ui-bundles.ts prints them as a table).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build, type Plugin } from 'vite';
import { parse } from 'yaml';
import { formatBytes, measureUiBundle, remoteReferences } from '../bench/ui-bundles';

const ROOT = resolve(__dirname, '..');

/** The resources of manifest.yml, each `static/<name>/build`. */
function resources(): Array<{ key: string; name: string; dir: string }> {
  const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as { resources?: Array<{ key: string; path: string }> };
  return (manifest.resources ?? []).map(({ key, path }) => {
    const m = /^static\/([a-z0-9-]+)\/build$/.exec(path);
    if (!m) throw new Error(`resource ${key}: expected path static/<name>/build, got ${path}`);
    return { key, name: m[1]!, dir: join(ROOT, 'static', m[1]!) };
  });
}

/**
 * `import 'virtual:kaizen-tokens.css'`: the Atlassian design tokens (light and dark colours, spacing, typography,
 * shape) as one CSS asset. @atlaskit/tokens ships each theme as a JS string for runtime injection; bundling them as
 * CSS needs no inline style and no request to Atlassian's CDN. The themes apply through the `data-color-mode` and
 * `data-theme` attributes on <html> (static/shared/theme.ts).
 */
const TOKENS_ID = 'virtual:kaizen-tokens.css';
const TOKEN_THEMES = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];
function designTokensCss(): Plugin {
  const resolved = `\0${TOKENS_ID}`;
  return {
    name: 'kaizen-design-tokens-css',
    resolveId: (id) => (id === TOKENS_ID ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      return TOKEN_THEMES.map((theme) => (require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${theme}.js`) as { default: string }).default).join('\n');
    },
  };
}

async function buildResource(key: string, name: string, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`resource ${key}: ${dir}/index.html is missing`);
  await build({
    configFile: false,
    root: dir,
    base: './',
    mode: 'production',
    logLevel: 'warn',
    clearScreen: false,
    publicDir: join(dir, 'public'),
    plugins: [react({}), designTokensCss()],
    resolve: { alias: { '@shared': join(ROOT, 'src/shared'), '@ui': join(ROOT, 'static/shared') } },
    build: {
      outDir: join(dir, 'build'),
      emptyOutDir: true,
      sourcemap: false,
      target: 'es2022',
      // every browser Jira and Confluence support has modulepreload; the polyfill would only add bytes
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
    },
  });
  const sizes = measureUiBundle(join(dir, 'build'));
  const remote = remoteReferences(join(dir, 'build'));
  if (remote.length > 0) throw new Error(`resource ${key} loads from another host, which Forge's CSP blocks: ${remote.join('; ')}`);
  console.log(`built static/${name}/build: entry JS ${formatBytes(sizes.entryJs.raw)} (gzip ${formatBytes(sizes.entryJs.gzip)}), CSS ${formatBytes(sizes.css.raw)} (gzip ${formatBytes(sizes.css.gzip)})`);
}

async function main(): Promise<void> {
  const started = Date.now();
  await Promise.all(resources().map(({ key, name, dir }) => buildResource(key, name, dir)));
  console.log(`UI built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
