import { STATUS_CODES } from 'node:http';
import type { Hono } from 'hono';
import { z } from 'zod';
import { productOf } from '../core/product-router';
import type { Sandbox } from '../sandbox';
import { resolveResource, type AppConfig } from './app-config';
import { frameSummary, fullContext, resolverContext, type Frame, type FrameRegistry, type HostEnv } from './frames';
import { saveGadgetConfiguration } from './gadgets';
import { hostPathFor } from './navigation';

/**
 * The server side of the bridge calls a frame cannot answer alone (assets/bridge-bootstrap.js does the rest).
 * Each is `POST /__sandbox/bridge/<frameId>/<op>` with a JSON body; errors are `{error}` with a 4xx/5xx status and
 * the bootstrap rejects the bridge promise with that message.
 *   invoke  {functionKey, payload, metadata?}          → {value}            (the resolver, with the registered context)
 *   fetch   {product, restPath, fetchRequestInit}      → {body, headers, status, statusText}  (as the frame's user)
 *   submit  {payload}                                  → {ok}               (gadget edit mode saves the configuration)
 *   modal   {resource?, context?, size?, title?}       → {frameId, src}     (registers the modal's frame)
 *   url     {location}                                 → {url}              (a NavigationLocation as a host path)
 * `GET /__sandbox/bridge/<frameId>/context` shows the frame's FullContext, `GET /__sandbox/frames` every frame.
 */

/** Forge's limits on a resolver call through the bridge (shared/docs/forge-platform.md §7.1). */
const MAX_PAYLOAD_BYTES = 500 * 1024;
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export interface BridgeDeps {
  sandbox: Sandbox;
  config: AppConfig;
  frames: FrameRegistry;
  env: HostEnv;
}

type Json = Record<string, unknown>;

const object = z.record(z.string(), z.unknown());
/** The payloads @forge/bridge 7.2 passes to `callBridge` (shared/docs/forge-platform.md §7.6), as the bootstrap forwards them. */
const InvokeBody = z.object({ functionKey: z.string({ error: 'functionKey must be a string!' }), payload: object.nullish(), metadata: z.unknown().optional() });
const FetchBody = z.object({
  product: z.string(),
  restPath: z.string().startsWith('/', 'restPath must be a path starting with /'),
  fetchRequestInit: z
    .object({ method: z.string().optional(), body: z.string().nullish(), headers: z.array(z.tuple([z.string(), z.string()])).optional() })
    .loose()
    .default({}),
  isMultipartFormData: z.boolean().optional(),
});
const SubmitBody = z.object({ payload: z.unknown() });
const ModalBody = z.object({ resource: z.string().nullish(), context: object.nullish() }).loose();
const UrlBody = z.object({ location: object });

function problem(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

export function bridgeRoutes(app: Hono, deps: BridgeDeps): void {
  const { sandbox, config, frames, env } = deps;
  const fail = (status: number, error: string) => Response.json({ error }, { status });

  const withFrame = <T>(op: string, schema: z.ZodType<T>, handle: (frame: Frame, body: T, raw: string) => Promise<Response> | Response) =>
    app.post(`/__sandbox/bridge/:frameId/${op}`, async (c) => {
      const frame = frames.get(c.req.param('frameId'));
      if (!frame) return fail(404, 'This app view has expired: reload the page.');
      const raw = await c.req.text();
      let json: unknown;
      try {
        json = raw ? JSON.parse(raw) : {};
      } catch {
        return fail(400, 'The bridge request is not JSON');
      }
      const parsed = schema.safeParse(json);
      return parsed.success ? handle(frame, parsed.data, raw) : fail(400, problem(parsed.error));
    });

  withFrame('invoke', InvokeBody, async (frame, body, raw) => {
    if (Buffer.byteLength(raw) > MAX_PAYLOAD_BYTES) return fail(413, 'The invoke payload is larger than 500 KB');
    const { functionKey } = body;
    const resolver = frame.module.resolver?.function;
    if (!resolver) return fail(400, `Module ${frame.module.key} has no resolver in manifest.yml`);
    const payload = body.payload ?? {};
    const result = await sandbox.invoker.invoke(
      resolver,
      [
        { call: { functionKey, payload }, context: resolverContext(frame, env) },
        { installContext: env.installContext, principal: { accountId: frame.user.accountId } },
      ],
      { moduleKey: frame.module.key, moduleType: frame.module.type, accountId: frame.user.accountId },
    );
    if (!result.ok) return fail(500, errorMessage(result.error));
    const text = JSON.stringify(result.value === undefined ? {} : { value: result.value });
    if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES) return fail(500, 'The resolver response is larger than 5 MB');
    if (!body.metadata) return new Response(text, { headers: { 'Content-Type': 'application/json' } });
    return Response.json({ value: { body: result.value, metadata: { rateLimitProperties: { rateLimitLimit: 500, rateLimitRemaining: 499, rateLimitReset: 25 } } } });
  });

  withFrame('fetch', FetchBody, async (frame, body) => {
    const { product, restPath, fetchRequestInit: init } = body;
    if (product !== 'jira' && product !== 'confluence') return fail(400, `Product '${product}' is not emulated by the sandbox`);
    if (body.isMultipartFormData) return fail(501, 'Multipart (attachment) requests through the bridge are not emulated by the sandbox');
    const headers = Object.fromEntries((init.headers ?? []).map(([name, value]) => [name.toLowerCase(), value]));
    // @forge/bridge leaves `method` out for a GET (shared/docs/forge-platform.md §7.6).
    const method = (init.method ?? 'GET').toUpperCase();
    const reqBody = init.body ? init.body : undefined;
    const path = restPath.split('?')[0] ?? '';
    // requestJira reaches Jira's API only, requestConfluence Confluence's: the other product's path is not found.
    if (productOf(path) !== undefined && productOf(path) !== product) {
      return Response.json({ body: JSON.stringify({ errorMessages: [`No ${product} API at ${path}`] }), headers: { 'content-type': 'application/json' }, status: 404, statusText: 'Not Found' });
    }
    const r = await sandbox.router.route({ method, url: restPath, headers, body: reqBody, actor: { kind: 'user', accountId: frame.user.accountId }, caller: `bridge:${frame.module.key}` });
    return Response.json({ body: r.body, headers: r.headers, status: r.status, statusText: STATUS_CODES[r.status] ?? '' });
  });

  withFrame('submit', SubmitBody, (frame, { payload }) => {
    if (frame.gadget && frame.extension['entryPoint'] === 'edit') {
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return fail(400, 'A gadget configuration must be an object');
      saveGadgetConfiguration(sandbox.store, frame.gadget.dashboardId, frame.gadget.moduleKey, payload as Json);
    }
    return Response.json({ ok: true });
  });

  withFrame('modal', ModalBody, (frame, body) => {
    const resource = body.resource ? body.resource : frame.resource;
    const resolved = resolveResource(config, resource);
    if (typeof resolved === 'string') return fail(400, resolved);
    const context = body.context ?? {};
    const modal = frames.register({
      module: frame.module,
      resource,
      extension: { ...frame.extension, modal: context },
      user: frame.user,
      locale: frame.locale,
      colorMode: frame.colorMode,
      siteUrl: frame.siteUrl,
      openerId: frame.id,
    });
    return Response.json({ frameId: modal.id, src: `/__sandbox/frame/${modal.id}` });
  });

  withFrame('url', UrlBody, (_frame, { location }) => {
    const r = hostPathFor(location, config);
    return 'error' in r ? fail(400, r.error) : Response.json({ url: r.path });
  });

  app.get('/__sandbox/bridge/:frameId/context', (c) => {
    const frame = frames.get(c.req.param('frameId'));
    return frame ? c.json(fullContext(frame, env)) : c.json({ error: 'No such frame' }, 404);
  });
  app.get('/__sandbox/frames', (c) => c.json(frames.list().map(frameSummary)));
}
