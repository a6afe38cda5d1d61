import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { Sandbox } from '../sandbox';
import { errorBody } from '../core/product-router';
import { createHost, type HostEnv } from '../host/host';
import { sessionAccountId } from '../host/session';
import { actorFromHeaders } from './actor';
import { inspectionApi } from './inspection-api';

/**
 * The sandbox's one HTTP port: web trigger URLs (`/x1/…`, `/public/…`), the emulated Jira and Confluence REST
 * APIs at the cloud's own paths (`/rest/…`, `/wiki/api/…`, `/wiki/rest/…`), the inspection API under
 * `/__sandbox/`, and the browser host (sandbox/host: `/`, `/browse/…`, `/wiki/spaces/…`, `/jira/…`, frames).
 */
export function createHttpHandler(sandbox: Sandbox, _appDir: string, hostEnv: HostEnv): (req: IncomingMessage, res: ServerResponse) => void {
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
    // Custom UI reaches the products only through the bridge (on Forge its CSP blocks any other request); a frame
    // of the host is same-origin here, so a direct `fetch('/rest/…')` from one is refused the way it would fail.
    const referer = headers['referer'] ? safeUrl(headers['referer']) : undefined;
    if (referer && /^\/__sandbox\/(frame|resources)\//.test(referer.pathname)) {
      const message = 'Custom UI cannot call product APIs directly: use requestJira / requestConfluence from @forge/bridge (or a resolver).';
      return Response.json(errorBody(url.pathname, 403, message), { status: 403 });
    }
    // A browser on the host pages acts as the person chosen in the host's user switcher.
    const sessionUser = !headers['x-sandbox-user'] && !headers['authorization'] ? sessionAccountId(headers['cookie']) : undefined;
    const actor = sessionUser ? { kind: 'user' as const, accountId: sessionUser } : actorFromHeaders(headers);
    if (!actor) return Response.json(errorBody(url.pathname, 401, 'Client must be authenticated to access this resource.'), { status: 401 });
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : await c.req.text();
    const r = await sandbox.router.route({ method: c.req.method, url: url.pathname + url.search, headers, body: body || undefined, actor, caller: 'http' });
    return new Response(r.status === 204 ? null : r.body, { status: r.status, headers: r.headers });
  };
  app.all('/rest/*', product);
  app.all('/wiki/api/*', product);
  app.all('/wiki/rest/*', product);

  // Slack's incoming webhooks (sandbox/slack), so curl can post as the app would: /services/T…/B…/<secret>.
  app.all('/services/*', async (c) => {
    const url = new URL(c.req.url);
    const r = sandbox.slack.handle({ method: c.req.method, path: url.pathname + url.search, headers: lower(c.req.header()), body: await c.req.text() });
    return new Response(r.body, { status: r.status, headers: r.headers });
  });
  app.route('/__sandbox', inspectionApi(sandbox));
  app.route('/', createHost(sandbox, hostEnv));
  // Anything else under /wiki is neither an API nor a host page: the product router answers it (a 404).
  app.all('/wiki/*', product);
  return getRequestListener(app.fetch) as (req: IncomingMessage, res: ServerResponse) => void;
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
