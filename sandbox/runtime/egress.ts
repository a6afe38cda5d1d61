import { EgressFilteringService } from '@forge/egress';
import type { RequestLog } from '../core/request-log';
import { headerRecord } from './forge-fetch';
import { currentInvocation } from './invocation';

/**
 * External egress as Forge enforces it: the app's `fetch` (from `@forge/api`) reaches a host only when the manifest
 * declares it in `permissions.external.fetch.backend`, and here only when the sandbox emulates that host — nothing in
 * the sandbox reaches the internet.
 *
 *  - Matching is Atlassian's own: `EgressFilteringService.isValidUrl` from `@forge/egress` (what @forge/api's
 *    `permissions` helpers use). Backend egress compares protocol and host only (a path on an entry grants the
 *    whole host); an entry without a protocol means `https:`; `*.example.com` does not cover `example.com`; `*`
 *    allows everything. https://developer.atlassian.com/platform/forge/manifest-reference/permissions/#fetch
 *  - An undeclared host is answered as Forge answers it: a 403 Response, not a thrown error (observed on Forge:
 *    https://dev.to/mihai_leanzero/forge-egress-backend-ignores-your-url-path-client-enforces-it-2mhk), its text the
 *    SDK's own `ExternalEndpointNotAllowedError` wording (@forge/api out/api/errors.js) plus the manifest key to add.
 *  - A declared host the sandbox does not emulate fails like an unreachable network (a TypeError, as `fetch`
 *    throws), saying so.
 *
 * The rules apply inside an invocation (the app, a test's `runInInvocation`), not to the sandbox's own tooling
 * (`moduleType: 'sandbox'`), to code outside any invocation, nor to the loopback host (tests talking to the
 * sandbox's port, even from inside an invocation's async context) — except the app's own web trigger URLs, which are
 * checked as the Forge host they stand for (`<installation>.webtrigger.atlassian.app` for urlFormat v2).
 */

export interface EmulatedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}
export interface EmulatedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
export type EmulatedService = (req: EmulatedRequest) => Promise<EmulatedResponse> | EmulatedResponse;

export interface EgressOptions {
  /** `permissions.external.fetch.backend`, as addresses (see app-manifest.ts). */
  backend: readonly string[];
  /** Hosts the sandbox answers itself, e.g. `hooks.slack.com` → the Slack receiver. */
  emulated: ReadonlyMap<string, EmulatedService>;
  log?: RequestLog;
}

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export const EGRESS_MANIFEST_KEY = 'permissions.external.fetch.backend';

/** The fetch an invocation gets. */
export function createEgressFetch(options: EgressOptions): Fetch {
  const filter = new EgressFilteringService([...options.backend]);
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const caller = currentInvocation()?.functionKey ?? 'outside-invocation';
    const started = Date.now();
    const record = (status: number, requestBody?: string): void => {
      options.log?.add({
        time: new Date(started).toISOString(),
        kind: 'egress',
        target: url.host,
        method,
        path: maskedPath(url),
        query: url.search,
        requestBody,
        status,
        durationMs: Date.now() - started,
        caller,
        responseBytes: 0,
      });
    };
    // the app's own web trigger (a drill replaying alerts): on Forge its URL is an external host the app reaches
    // through its egress like any other, so the manifest must declare it; here the URL is the sandbox's loopback one
    const forgeUrl = ownWebtriggerUrlOnForge(url);
    if (forgeUrl) {
      if (!filter.isValidUrl(forgeUrl.href)) {
        record(403);
        const forgeOrigin = `${forgeUrl.protocol}//${forgeUrl.host}`;
        const text =
          `URL not included in the external fetch backend permissions: ${forgeOrigin}${forgeUrl.pathname}. Visit go.atlassian.com/forge-egress for more information. ` +
          `(Kaizen sandbox: this is the app's own web trigger, ${url.pathname}; on Forge its host is ${forgeUrl.host}: add ${JSON.stringify({ address: `https://*.${forgeUrl.host.split('.').slice(1).join('.')}` })} to ${EGRESS_MANIFEST_KEY} in manifest.yml.)`;
        return new Response(text, { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'text/plain; charset=utf-8' } });
      }
      const res = await loopbackFetch()(input, init);
      record(res.status);
      return res;
    }
    const origin = `${url.protocol}//${url.host}`;
    if (!filter.isValidUrl(url.href)) {
      record(403);
      const text =
        `URL not included in the external fetch backend permissions: ${origin}${url.pathname}. Visit go.atlassian.com/forge-egress for more information. ` +
        `(Kaizen sandbox: add ${JSON.stringify({ address: origin })} to ${EGRESS_MANIFEST_KEY} in manifest.yml.)`;
      return new Response(text, { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    if (url.protocol !== 'https:') {
      // https://developer.atlassian.com/platform/forge/function-reference/nodejs-runtime/#https-only
      record(400);
      return new Response(`Forge functions may only make HTTPS connections: ${origin} (Kaizen sandbox).`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    const service = options.emulated.get(url.hostname);
    if (!service) {
      record(0);
      const emulated = [...options.emulated.keys()].join(', ') || 'none';
      throw new TypeError(
        `fetch failed: Kaizen sandbox: ${url.host} is declared in ${EGRESS_MANIFEST_KEY}, but the sandbox does not emulate it and nothing here reaches the internet (emulated hosts: ${emulated}).`,
      );
    }
    const body = init?.body !== undefined && init.body !== null ? await new Response(init.body).text() : request ? await request.text() : undefined;
    const headers = headerRecord(init?.headers ?? request?.headers);
    const r = await service({ method, url, headers, body: body === '' && method === 'GET' ? undefined : body });
    record(r.status, body);
    return new Response(r.status === 204 || r.status === 304 ? null : r.body, { status: r.status, headers: r.headers });
  };
}

/** A Slack webhook's secret (its last path segment) never reaches the request log. */
function maskedPath(url: URL): string {
  return url.hostname === 'hooks.slack.com' ? url.pathname.replace(/^(\/services\/[^/]+\/[^/]+\/).+$/, '$1****') : url.pathname;
}

const INSTALLED = Symbol.for('kaizen.sandbox.egress');
type Installed = { original: Fetch; current: Fetch | undefined };

/**
 * Installs the egress fetch as the global `fetch`, as Forge's runtime wrapper replaces it before app code runs, and
 * makes @forge/api's `fetch` use it. The latest sandbox started in this realm wins, as for `__forge_fetch__`.
 */
export function installEgress(egress: Fetch): void {
  const g = globalThis as unknown as Record<symbol, Installed | undefined> & { fetch: Fetch };
  let state = g[INSTALLED];
  if (!state) {
    const s: Installed = { original: g.fetch.bind(globalThis), current: undefined };
    state = s;
    g[INSTALLED] = s;
    g.fetch = (input, init) => {
      const inv = currentInvocation();
      // the sandbox's own loopback port is test tooling (a test's "person edits the page" hook may run inside an
      // invocation's async context); the app reaches the products through `__forge_fetch__`, never through it
      // ... except the app's own web triggers, which Forge reaches through the app's egress (checked there)
      return inv && inv.moduleType !== 'sandbox' && s.current && (!isLoopback(input) || isOwnWebtrigger(input)) ? s.current(input, init) : s.original(input, init);
    };
  }
  state.current = egress;
  bindForgeApiFetch();
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The installation label the sandbox's web trigger URLs would carry on Forge (any label matches `*.` entries). */
const SANDBOX_INSTALLATION_LABEL = '7e57ab1e-0000-4000-8000-5a4db0c5a4db';

/**
 * A loopback URL of one of the sandbox's web triggers (`/public/<id>` for urlFormat v2, `/x1/<id>` for v1) as the
 * same trigger's URL on Forge (shared/docs/forge-platform.md §3.4), else undefined.
 */
export function ownWebtriggerUrlOnForge(url: URL): URL | undefined {
  if (!LOOPBACK.has(url.hostname)) return undefined;
  const m = /^\/(public|x1)\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!m) return undefined;
  const host = m[1] === 'public' ? `${SANDBOX_INSTALLATION_LABEL}.webtrigger.atlassian.app` : `${SANDBOX_INSTALLATION_LABEL}.hello.atlassian-dev.net`;
  return new URL(`https://${host}${url.pathname}${url.search}`);
}

/** The fetch the sandbox's own loopback calls go through (Node's, as it was before the egress was installed). */
function loopbackFetch(): Fetch {
  const g = globalThis as unknown as Record<symbol, Installed | undefined>;
  return g[INSTALLED]?.original ?? fetch;
}

function isOwnWebtrigger(input: string | URL | Request): boolean {
  try {
    return ownWebtriggerUrlOnForge(new URL(input instanceof Request ? input.url : String(input))) !== undefined;
  } catch {
    return false;
  }
}
function isLoopback(input: string | URL | Request): boolean {
  try {
    return LOOPBACK.has(new URL(input instanceof Request ? input.url : String(input)).hostname);
  } catch {
    return false;
  }
}

/**
 * @forge/api's exported `fetch` captures `globalThis.fetch` when @forge/api is first required
 * (out/api/fetch.js `getFetchAPI`; shared/docs/forge-platform.md §9.2). In tests the app's modules are usually
 * required before the sandbox starts, so that capture holds Node's own fetch; the export is re-bound to what it would
 * have captured had the runtime installed its fetch first: the global `fetch`, looked up at each call.
 */
function bindForgeApiFetch(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app's own copy of the SDK, as the app requires it
  const api = require('@forge/api') as { fetch: unknown; default?: { fetch: unknown } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isRoute } = require('@forge/api/out/safeUrl') as { isRoute(x: unknown): x is { value: string } };
  const routed = (path: unknown, init?: RequestInit): Promise<Response> => globalThis.fetch(isRoute(path) ? path.value : (path as string), init);
  api.fetch = routed;
  if (api.default && typeof api.default === 'object') api.default.fetch = routed;
}
