import { KvsError, kvsErrors } from './errors';
import { parseSetOptions } from './key-value-ops';
import { checkPayloadSize, isRecord, KVS_LIMITS, onlyFields } from './limits';
import { getOptionsFields, isLive, newRecord, wireEntry, type StoredRecord } from './record';
import { itemSpace, validateSpaceKey, validateSpaceValue, type OpContext, type Space, type WireResult } from './space';

/**
 * `/api/v1/batch/{set,get,delete}` (https://developer.atlassian.com/platform/forge/storage-reference/kvs-batch/).
 * The body is an array of items, plain KVS and custom entity items mixed. Items succeed or fail one by one and are
 * reported in `successfulKeys` / `failedKeys` (`{ key, entityName?, error: { code, message } }`); the whole request
 * fails (4xx) only when "it doesn't contain any keys", holds "multiple requests to set, delete, or get the same key
 * or key plus entity", has more than 25 keys, is over 4MB, or is malformed.
 */

type Kind = 'set' | 'get' | 'delete';
const FIELDS: Record<Kind, readonly string[]> = {
  set: ['entityName', 'key', 'value', 'options'],
  get: ['entityName', 'key', 'options'],
  delete: ['entityName', 'key'],
};

interface Item {
  raw: Record<string, unknown>;
  key: string;
  entityName?: string;
}

function parseItems(kind: Kind, body: unknown): Item[] {
  if (!Array.isArray(body)) throw kvsErrors.badRequest({ reason: 'a batch body must be an array' });
  if (body.length === 0) throw kvsErrors.emptyRequest();
  if (body.length > KVS_LIMITS.batchMaxItems) throw kvsErrors.tooManyItems({ items: body.length });
  checkPayloadSize(body);
  const seen = new Set<string>();
  return body.map((raw: unknown) => {
    if (!isRecord(raw)) throw kvsErrors.badRequest({ reason: 'each batch item must be an object' });
    onlyFields(raw, FIELDS[kind], 'batch item');
    const { key, entityName } = raw;
    if (typeof key !== 'string') throw kvsErrors.badRequest({ reason: 'each batch item needs a string `key`' });
    if (entityName !== undefined && typeof entityName !== 'string') throw kvsErrors.badRequest({ reason: '`entityName` must be a string' });
    const identity = JSON.stringify([entityName ?? null, key]);
    if (seen.has(identity)) throw kvsErrors.duplicateKeys({ key, entityName });
    seen.add(identity);
    return entityName === undefined ? { raw, key } : { raw, key, entityName };
  });
}

const ref = (item: Item) => (item.entityName === undefined ? { key: item.key } : { key: item.key, entityName: item.entityName });

function failure(item: Item, err: unknown) {
  if (!(err instanceof KvsError)) throw err;
  return { ...ref(item), error: { code: err.code, message: err.message } };
}

/** Runs `fn` for every item, sorting outcomes into the two lists the SDK returns. */
function each<T>(items: Item[], fn: (item: Item, index: number) => T): { successfulKeys: T[]; failedKeys: ReturnType<typeof failure>[] } {
  const successfulKeys: T[] = [];
  const failedKeys: ReturnType<typeof failure>[] = [];
  items.forEach((item, index) => {
    try {
      successfulKeys.push(fn(item, index));
    } catch (err) {
      failedKeys.push(failure(item, err));
    }
  });
  return { successfulKeys, failedKeys };
}

function spaceAndKey(ctx: OpContext, item: Item): { space: Space; key: string } {
  const space = itemSpace(ctx, item.entityName);
  return { space, key: validateSpaceKey(space, item.key) };
}

/** Sets every valid item; one store transaction for speed, but each item succeeds or fails on its own. */
export function batchSetOp(ctx: OpContext, body: unknown): WireResult {
  const items = parseItems('set', body);
  // Options are part of the request schema, so a bad one fails the whole request.
  const options = items.map((item) => parseSetOptions(item.raw.options, false));
  const result = ctx.store.transaction(() => {
    const now = ctx.now();
    return each(items, (item, i) => {
      const { space, key } = spaceAndKey(ctx, item);
      const json = validateSpaceValue(space, item.raw.value);
      const previous = ctx.store.get<StoredRecord>(space.ns, key);
      ctx.store.put(space.ns, key, newRecord(json, now, previous, options[i]?.ttlSeconds));
      return ref(item);
    });
  });
  return { status: 200, body: result };
}

/** A missing key is reported per item as `KEY_NOT_FOUND`, as the SDK's own batch fixtures show. */
export function batchGetOp(ctx: OpContext, body: unknown): WireResult {
  const items = parseItems('get', body);
  const fields = items.map((item) => getOptionsFields(item.raw.options));
  const now = ctx.now();
  const result = each(items, (item, i) => {
    const { space, key } = spaceAndKey(ctx, item);
    const rec = ctx.store.get<StoredRecord>(space.ns, key);
    if (!isLive(rec, now)) throw kvsErrors.keyNotFound();
    const entry = wireEntry(key, rec, fields[i] ?? []);
    return item.entityName === undefined ? entry : { ...entry, entityName: item.entityName };
  });
  return { status: 200, body: result };
}

/** A missing key is reported per item as `KEY_NOT_FOUND` (the SDK's batchDelete fixture does so); others are deleted. */
export function batchDeleteOp(ctx: OpContext, body: unknown): WireResult {
  const items = parseItems('delete', body);
  const result = ctx.store.transaction(() => {
    const now = ctx.now();
    return each(items, (item) => {
      const { space, key } = spaceAndKey(ctx, item);
      const rec = ctx.store.get<StoredRecord>(space.ns, key);
      if (rec === undefined) throw kvsErrors.keyNotFound();
      ctx.store.delete(space.ns, key);
      if (!isLive(rec, now)) throw kvsErrors.keyNotFound();
      return ref(item);
    });
  });
  return { status: 200, body: result };
}
