import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { Sandbox } from '../sandbox';
import { errorBody } from '../core/product-router';
import { actorFromHeaders } from './actor';
import { inspectionApi } from './inspection-api';

/**
 * The sandbox's one HTTP port: web trigger URLs (`/x1/…`, `/public/…`), the emulated Jira and Confluence REST
 * APIs at the cloud's own paths, and the inspection API under `/__sandbox/`.
 */
export function createHttpHandler(sandbox: Sandbox, _appDir: string): (req: IncomingMessage, res: ServerResponse) => void {
  const app = new Hono<{ Bindings: HttpBindings }>();

  const webtrigger = async (c: { req: { method: string; url: string; text(): Promise<string> }; env: HttpBindings }) => {
    const url = new URL(c.req.url);
    const r = await sandbox.webtriggers.handle({
      method: c.req.method,
      path: url.pathname,
      rawHeaders: c.env.incoming.rawHeaders,
      query: url.searchParams,
      body: await c.req.text(),
    });
    const headers = new Headers();
    for (const [name, values] of Object.entries(r.headers)) for (const v of values) headers.append(name, v);
    return new Response(r.status === 204 ? null : r.body, { status: r.status, headers });
  };
  app.all('/x1/*', webtrigger);
  app.all('/public/*', webtrigger);

  const product = async (c: { req: { method: string; url: string; text(): Promise<string>; header(): Record<string, string> } }) => {
    const url = new URL(c.req.url);
    const headers = lower(c.req.header());
    const actor = actorFromHeaders(headers);
    if (!actor) return Response.json(errorBody(url.pathname, 401, 'Client must be authenticated to access this resource.'), { status: 401 });
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : await c.req.text();
    const r = await sandbox.router.route({ method: c.req.method, url: url.pathname + url.search, headers, body: body || undefined, actor, caller: 'http' });
    return new Response(r.status === 204 ? null : r.body, { status: r.status, headers: r.headers });
  };
  app.all('/rest/*', product);
  app.all('/wiki/*', product);

  app.route('/__sandbox', inspectionApi(sandbox));

  app.get('/', (c) =>
    c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kaizen sandbox</title></head><body>` +
        `<h1>Kaizen sandbox</h1><ul>` +
        ['webtriggers', 'status', 'requests', 'deadletters', 'invocations', 'users'].map((p) => `<li><a href="/__sandbox/${p}">/__sandbox/${p}</a></li>`).join('') +
        `</ul></body></html>`,
    ),
  );
  return getRequestListener(app.fetch) as (req: IncomingMessage, res: ServerResponse) => void;
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
