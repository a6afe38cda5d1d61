import type { Store } from '../store/store';
import { batchDeleteOp, batchGetOp, batchSetOp } from './batch';
import { EntityRowsCache, META_NS, versionedStore } from './entity-rows';
import { resolveEntities, type EntityDefinition } from './entity-schema';
import { entityQueryOp } from './entity-query';
import { KvsError, kvsErrors, statusText } from './errors';
import { deleteOp, getOp, setOp } from './key-value-ops';
import { queryOp } from './query';
import { entitySpace, KVS_SPACE, SECRET_SPACE, type OpContext, type WireResult } from './space';
import { transactionOp } from './transaction';

export type { EntityDefinition, AttributeType } from './entity-schema';
export { KvsError, kvsErrors } from './errors';
export { KVS_LIMITS } from './limits';

/**
 * The server side of `@forge/kvs` 1.6.5: the Forge Key-Value Store, secret store and Custom Entity Store as the SDK
 * reaches them through `__forge_fetch__({type:'kvs', ...}, '/api/v1/...', { method: 'POST', body })`.
 * Wire protocol: `@forge/kvs` `out/storage-api.js`; semantics and limits:
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs/ and
 * https://developer.atlassian.com/platform/forge/limits-kvs-ce/.
 */
export interface KvsService {
  /** Answers one @forge/kvs wire call. `path` is e.g. '/api/v1/get'; body is the parsed JSON request body. */
  handle(path: string, body: unknown): { status: number; body?: unknown };
  /** Wire calls answered so far, split as the vendor meters them: reads (get, query, batch get) and writes (the rest; a transaction is one write). */
  stats(): { reads: number; writes: number };
}

type Handler = (ctx: OpContext, body: unknown) => WireResult;
const entityBody = (body: unknown) => (typeof body === 'object' && body !== null ? (body as { entityName?: unknown }).entityName : undefined);

/** Every path `@forge/kvs` 1.6.5 calls, with whether the vendor counts it as a read. */
const ROUTES: Record<string, { read: boolean; run: Handler }> = {
  '/api/v1/get': { read: true, run: (ctx, b) => getOp(ctx, KVS_SPACE, b) },
  '/api/v1/set': { read: false, run: (ctx, b) => setOp(ctx, KVS_SPACE, b) },
  '/api/v1/delete': { read: false, run: (ctx, b) => deleteOp(ctx, KVS_SPACE, b) },
  '/api/v1/query': { read: true, run: queryOp },
  '/api/v1/secret/get': { read: true, run: (ctx, b) => getOp(ctx, SECRET_SPACE, b) },
  '/api/v1/secret/set': { read: false, run: (ctx, b) => setOp(ctx, SECRET_SPACE, b) },
  '/api/v1/secret/delete': { read: false, run: (ctx, b) => deleteOp(ctx, SECRET_SPACE, b) },
  '/api/v1/entity/get': { read: true, run: (ctx, b) => getOp(ctx, entitySpace(ctx, entityBody(b)), b) },
  '/api/v1/entity/set': { read: false, run: (ctx, b) => setOp(ctx, entitySpace(ctx, entityBody(b)), b) },
  '/api/v1/entity/delete': { read: false, run: (ctx, b) => deleteOp(ctx, entitySpace(ctx, entityBody(b)), b) },
  '/api/v1/entity/query': { read: true, run: entityQueryOp },
  '/api/v1/batch/set': { read: false, run: batchSetOp },
  '/api/v1/batch/get': { read: true, run: batchGetOp },
  '/api/v1/batch/delete': { read: false, run: batchDeleteOp },
  '/api/v1/transaction': { read: false, run: transactionOp },
};

/**
 * Creates the emulator over the project's store. `entities` are the manifest's `app.storage.entities` (validated
 * here; a bad declaration throws). `now` (epoch ms) drives timestamps and TTL expiry, so tests can move time.
 * One service should own a store's `kvs*` namespaces; state lives only in the store, so a new service over a
 * reopened store sees everything written before.
 */
export function createKvsService(opts: { store: Store; entities?: EntityDefinition[]; now?: () => number }): KvsService {
  const store = versionedStore(opts.store);
  const ctx: OpContext = { store, now: opts.now ?? Date.now, entities: resolveEntities(opts.entities ?? []), entityRows: new EntityRowsCache(store) };
  // Open every namespace now, outside any transaction: the store opens a namespace's database on first use, and one
  // first opened inside a transaction that then aborts (an unmet transaction condition does that) stays unusable.
  const namespaces = [KVS_SPACE.ns, SECRET_SPACE.ns, META_NS, ...[...ctx.entities.keys()].map((name) => entitySpace(ctx, name).ns)];
  for (const ns of namespaces) opts.store.get(ns, '.');
  let reads = 0;
  let writes = 0;
  return {
    handle(path, body) {
      const route = ROUTES[path];
      if (!route) return errorResult(kvsErrors.notFoundPath({ path }));
      if (route.read) reads++;
      else writes++;
      try {
        return route.run(ctx, body);
      } catch (err) {
        if (err instanceof KvsError) return errorResult(err);
        return errorResult(kvsErrors.internal({ detail: err instanceof Error ? err.message : String(err) }));
      }
    },
    stats: () => ({ reads, writes }),
  };
}

function errorResult(err: KvsError): WireResult {
  return { status: err.status, body: err.toBody() };
}

/**
 * Builds the WHATWG `Response` `@forge/kvs` reads: JSON with `content-type: application/json`, or no body at all
 * (204, or any result without `body`) where the SDK expects none — set without `returnValue`, delete, transaction.
 * The reason phrase is set so `ForgeKvsAPIError.responseDetails.statusText` is what the cloud would send.
 */
export function kvsResponse(r: { status: number; body?: unknown }): Response {
  const init = { status: r.status, statusText: statusText(r.status) };
  if (r.body === undefined || r.status === 204) return new Response(null, init);
  return new Response(JSON.stringify(r.body), { ...init, headers: { 'content-type': 'application/json' } });
}
