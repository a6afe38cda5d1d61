import { kvsResponse, type KvsService } from '../kvs/kvs-service';
import type { Actor } from '../core/product';
import type { ProductRouter } from '../core/product-router';
import type { FetchDescriptor, ForgeFetch } from './forge-globals';
import { currentInvocation } from './invocation';
import type { QueueService } from './queues';
import { sqlResponse, type SqlService } from '../sql/sql-service';
import type { WebTriggerService } from './webtriggers';
import { llmResponse, type LlmService } from '../llm/llm-service';

/**
 * `__forge_fetch__`: where every @forge/* SDK call lands. Descriptors and paths: shared/docs/forge-platform.md §9.2.
 *  - `{type:'kvs'}` → the KVS emulator
 *  - `{type:'fpp', remote:'jira'|'confluence'}` → the product router, acting as the app, the invoking user or nobody
 *  - `{type:'fpp', remote:'stargate'}` → queue publish/stats/cancel and the web trigger GraphQL calls
 *  - `{type:'sql'}` → Forge SQL on the sandbox's MariaDB (sandbox/sql), in the calling installation's database
 *  - `{type:'llm', model?}` → Forge LLMs for @forge/llm (sandbox/llm): `GET https://llm`, `POST https://llm/<model>`
 */
export function createForgeFetch(deps: { kvs: KvsService; router: ProductRouter; queues: QueueService; webtriggers: WebTriggerService; sql?: SqlService; llm?: LlmService; installationId?: () => string }): ForgeFetch {
  return async (descriptor, path, init) => {
    const body = bodyText(init?.body);
    if (descriptor.type === 'sql' && deps.sql) {
      const installationId = deps.installationId?.() ?? 'sandbox-installation';
      return sqlResponse(await deps.sql.handle(path, body, { installationId, caller: currentInvocation()?.functionKey ?? 'outside-invocation' }));
    }
    if (descriptor.type === 'llm' && deps.llm) {
      const installationId = deps.installationId?.() ?? 'sandbox-installation';
      const d = descriptor as FetchDescriptor & { model?: string };
      return llmResponse(
        await deps.llm.handle({ descriptor: { type: d.type, ...(d.model === undefined ? {} : { model: d.model }) }, path, method: init?.method ?? 'GET', body, headers: headerRecord(init?.headers), installationId, caller: currentInvocation()?.functionKey ?? 'outside-invocation' }),
      );
    }
    if (descriptor.type === 'kvs') {
      let parsed: unknown;
      try {
        parsed = body ? JSON.parse(body) : {};
      } catch {
        return json(400, { code: 'BAD_REQUEST', message: 'Request body is not valid JSON' });
      }
      return kvsResponse(deps.kvs.handle(path, parsed));
    }
    if (descriptor.type === 'fpp' && (descriptor.remote === 'jira' || descriptor.remote === 'confluence')) {
      const actor = actorOf(descriptor);
      if (!actor) {
        // What the platform proxy answers when asUser() has no user token: the SDK throws NeedsAuthenticationError.
        return new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
      }
      const headers = headerRecord(init?.headers);
      // The platform wrapper defaults Content-Type to application/json for product calls (forge-platform.md §1).
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const r = await deps.router.route({
        method: init?.method ?? 'GET',
        url: path,
        headers,
        body,
        actor,
        caller: currentInvocation()?.functionKey ?? 'outside-invocation',
      });
      return new Response(nullBodyStatus(r.status) ? null : r.body, { status: r.status, headers: r.headers });
    }
    if (descriptor.type === 'fpp' && descriptor.remote === 'stargate') {
      let parsed: unknown;
      try {
        parsed = body ? JSON.parse(body) : {};
      } catch {
        return json(400, { message: 'Request body is not valid JSON' });
      }
      if (path.startsWith('/webhook/queue/publish/')) return reply(deps.queues.publish(parsed));
      if (path.startsWith('/webhook/queue/stats/')) return reply(deps.queues.jobStats(parsed));
      if (path.startsWith('/webhook/queue/cancel/')) return reply(deps.queues.cancel(parsed));
      if (path === '/graphql') return reply(deps.webtriggers.graphql(parsed as { query?: string; variables?: Record<string, unknown> }));
    }
    return json(501, { code: 'NOT_EMULATED', message: `The Kaizen sandbox does not emulate ${JSON.stringify(descriptor)} ${path}` });
  };
}

function actorOf(d: FetchDescriptor): Actor | undefined {
  if (d.provider === 'app') return { kind: 'app' };
  if (d.provider === 'none') return { kind: 'anonymous' };
  const accountId = d.accountId ?? currentInvocation()?.accountId;
  return accountId ? { kind: 'user', accountId } : undefined;
}

function bodyText(b: unknown): string | undefined {
  if (b === undefined || b === null) return undefined;
  if (typeof b === 'string') return b;
  if (b instanceof URLSearchParams) return b.toString();
  if (b instanceof ArrayBuffer) return Buffer.from(b).toString('utf8');
  if (ArrayBuffer.isView(b)) return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  return String(b);
}

export function headerRecord(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers) {
    h.forEach((v, k) => (out[k.toLowerCase()] = v));
  } else if (Array.isArray(h)) {
    for (const [k, v] of h as Array<[string, string]>) out[k.toLowerCase()] = v;
  } else {
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  }
  return out;
}

const nullBodyStatus = (s: number): boolean => s === 204 || s === 205 || s === 304;

function json(status: number, body: unknown): Response {
  return new Response(body === undefined || nullBodyStatus(status) ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const reply = (r: { status: number; body?: unknown }): Response => json(r.status, r.body);
