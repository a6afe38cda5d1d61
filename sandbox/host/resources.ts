import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Hono } from 'hono';
import { fileInside, resolveResource, type AppConfig } from './app-config';
import { resourceCsp, inlineScripts, HOST_PAGE_CSP } from './csp';
import { fullContext, type Frame, type FrameRegistry, type HostEnv } from './frames';
import { esc, jsonForScript } from './html';

/**
 * Serving Custom UI:
 *  GET /__sandbox/frame/<frameId>             the resource's HTML with the bridge bootstrap as the first child of
 *                                             `<head>` and a `<base href>` to the resource directory;
 *  GET /__sandbox/resources/<key>/<path>      the resource's files (the paths `manifest.yml` `resources` give);
 *  GET /__sandbox/host/{host.js,host.css,tokens.css}  the host pages' own assets.
 * All resource responses carry the Forge-like CSP of `csp.ts`.
 */

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const ASSETS = join(__dirname, 'assets');
const BOOTSTRAP_PLACEHOLDER = '"__KAIZEN_FRAME_CONFIG__"';

function asset(name: string): string {
  return readFileSync(join(ASSETS, name), 'utf8');
}

/** The bridge bootstrap for one frame: `assets/bridge-bootstrap.js` with the frame's id and context inlined. */
export function bootstrapScript(frame: Frame, env: HostEnv): string {
  const config = {
    frameId: frame.id,
    moduleType: frame.module.type,
    context: fullContext(frame, env),
    history: frame.history ? { path: frame.history.path } : null,
  };
  return asset('bridge-bootstrap.js').replace(BOOTSTRAP_PLACEHOLDER, () => jsonForScript(config));
}

/** `html` with `<script>bootstrap</script><base href>` as the first children of `<head>` (created if missing). */
export function injectIntoHead(html: string, bootstrap: string, baseHref: string): string {
  const inject = `<script>${bootstrap}</script><base href="${esc(baseHref)}">`;
  const head = /<head(?=[\s>/])[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + inject + html.slice(head.index + head[0].length);
  const root = /<html(?=[\s>])[^>]*>/i.exec(html);
  if (root) return html.slice(0, root.index + root[0].length) + `<head>${inject}</head>` + html.slice(root.index + root[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + `<head>${inject}</head>` + html.slice(at);
}

function errorDocument(status: number, title: string, detail: string): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1><p>${esc(detail)}</p></body></html>`;
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'", 'Cache-Control': 'no-store' } });
}

export function resourceRoutes(app: Hono, deps: { config: AppConfig; frames: FrameRegistry; env: HostEnv }): void {
  const { config, frames, env } = deps;

  app.get('/__sandbox/frame/:frameId', (c) => {
    const frame = frames.get(c.req.param('frameId'));
    if (!frame) return errorDocument(404, 'This app view has expired', 'Reload the page to load it again.');
    const resolved = resolveResource(config, frame.resource);
    if (typeof resolved === 'string') return errorDocument(500, 'The app view cannot be loaded', resolved);
    if (!existsSync(resolved.htmlFile)) {
      return errorDocument(500, 'The app view cannot be loaded', `${resolved.htmlFile} does not exist. Build the Custom UI (npm run build:ui).`);
    }
    const bootstrap = bootstrapScript(frame, env);
    const html = injectIntoHead(readFileSync(resolved.htmlFile, 'utf8'), bootstrap, resolved.baseHref);
    return new Response(html, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': resourceCsp(config, inlineScripts(html)),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });

  app.get('/__sandbox/resources/:key/*', (c) => {
    const resource = config.resources.get(c.req.param('key'));
    if (!resource) return c.text('No such resource', 404);
    const prefix = `/__sandbox/resources/${encodeURIComponent(resource.key)}/`;
    const path = new URL(c.req.url).pathname;
    let rel: string;
    try {
      rel = decodeURIComponent(path.startsWith(prefix) ? path.slice(prefix.length) : '');
    } catch {
      return c.text('Bad path', 400);
    }
    const file = fileInside(resource.dir, rel || 'index.html');
    if (!file || !existsSync(file) || !statSync(file).isFile()) return c.text('Not found', 404);
    const body = readFileSync(file);
    return new Response(body, {
      headers: {
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': resourceCsp(config, extname(file).toLowerCase() === '.html' ? inlineScripts(body.toString('utf8')) : []),
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });

  const hostAsset = (name: string, type: string) => () =>
    new Response(asset(name), { headers: { 'Content-Type': type, 'Cache-Control': 'no-cache', 'Content-Security-Policy': HOST_PAGE_CSP } });
  app.get('/__sandbox/host/host.js', hostAsset('host.js', 'text/javascript; charset=utf-8'));
  app.get('/__sandbox/host/host.css', hostAsset('host.css', 'text/css; charset=utf-8'));
  app.get('/__sandbox/host/tokens.css', () => new Response(tokensCss(), { headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'max-age=3600' } }));
}

let tokens: string | undefined;

/**
 * The Atlassian Design System token themes (light, dark, spacing, typography, shape) as CSS, from
 * `@atlaskit/tokens`. They apply under `html[data-color-mode][data-theme~="light:light"]` etc., exactly as in the
 * products. Without the package, a handful of core tokens keep the host readable.
 */
export function tokensCss(): string {
  if (tokens !== undefined) return tokens;
  const themes = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];
  try {
    tokens = themes
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the theme CSS ships as CommonJS string modules
      .map((t) => (require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${t}.js`) as { default: string }).default)
      .join('\n');
  } catch {
    tokens = asset('tokens-fallback.css');
  }
  return tokens;
}
