import type { Store } from '../store/store';
import { kvsErrors } from './errors';
import { isRecord, KVS_LIMITS, onlyFields } from './limits';
import { decodeCursor, encodeCursor, getOptionsFields, isLive, wireEntry, type StoredRecord } from './record';
import { KVS_SPACE, type OpContext, type WireResult } from './space';

/**
 * `/api/v1/query`: lists plain KVS entries in key order, optionally those whose key begins with a prefix
 * (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api-query/). Secrets live in another
 * space and so are never listed ("kvs.query does not return secret values set by kvs.setSecret").
 *
 * Page size: the docs conflict — the prose says "up to 10 values by default, this can be increased to a maximum of
 * 100" and the error table says "Limit for list query should be below 100", while a code comment in the same
 * page's example says "up to a maximum of 20". The two statements of the rule win over the comment: default 10,
 * 1..100 accepted, anything else is `LIST_QUERY_LIMIT_EXCEEDED`.
 */
export function queryOp(ctx: OpContext, raw: unknown): WireResult {
  if (!isRecord(raw)) throw kvsErrors.badRequest({ reason: 'request body must be a JSON object' });
  onlyFields(raw, ['limit', 'after', 'where', 'options'], 'request');
  const limit = parseLimit(raw.limit);
  const prefix = parseWhere(raw.where);
  const fields = getOptionsFields(raw.options);
  const after = raw.after === undefined ? undefined : decodeCursor(raw.after).key;

  const { items, more } = scanLive(ctx.store, KVS_SPACE.ns, prefix, after, limit, ctx.now());
  const data = items.map(({ key, rec }) => wireEntry(key, rec, fields));
  const last = items[items.length - 1];
  // As in the docs' example, the last page carries no cursor: "If absent, there are no more results."
  return { status: 200, body: more && last ? { data, cursor: encodeCursor({ key: last.key }) } : { data } };
}

function parseLimit(v: unknown): number {
  if (v === undefined) return KVS_LIMITS.queryDefaultLimit;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw kvsErrors.badRequest({ reason: '`limit` must be an integer' });
  if (v < 1 || v > KVS_LIMITS.queryMaxLimit) throw kvsErrors.listQueryLimitExceeded({ limit: v });
  return v;
}

/** "Queries can only target the key field. There may only be a single where condition. The only condition ... is beginsWith." */
function parseWhere(v: unknown): string {
  if (v === undefined) return '';
  if (!Array.isArray(v)) throw kvsErrors.badRequest({ reason: '`where` must be an array' });
  if (v.length === 0) return '';
  if (v.length > 1) throw kvsErrors.queryWhereInvalid();
  const [w] = v as unknown[];
  if (!isRecord(w)) throw kvsErrors.badRequest({ reason: 'a where clause must be an object' });
  if (w.property !== 'key') throw kvsErrors.queryWhereFieldInvalid({ property: w.property });
  if (w.condition !== 'BEGINS_WITH') throw kvsErrors.invalidFilterCondition({ condition: w.condition });
  const values = w.values;
  if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') {
    throw kvsErrors.invalidFilterValues({ reason: 'beginsWith takes exactly one string' });
  }
  return values[0];
}

/**
 * Reads up to `want` live entries after `after` (exclusive) whose key starts with `prefix`, skipping expired ones,
 * and says whether at least one more live entry follows.
 */
export function scanLive(
  store: Store,
  ns: string,
  prefix: string,
  after: string | undefined,
  want: number,
  now: number,
): { items: Array<{ key: string; rec: StoredRecord }>; more: boolean } {
  const items: Array<{ key: string; rec: StoredRecord }> = [];
  let from = after;
  const chunk = want + 1;
  for (;;) {
    const batch = store.range<StoredRecord>(ns, from === undefined ? { prefix, limit: chunk } : { prefix, after: from, limit: chunk });
    for (const { key, value } of batch) {
      if (!isLive(value, now)) continue;
      if (items.length === want) return { items, more: true };
      items.push({ key, rec: value });
    }
    const lastOfBatch = batch[batch.length - 1];
    if (batch.length < chunk || !lastOfBatch) return { items, more: false };
    from = lastOfBatch.key;
  }
}
