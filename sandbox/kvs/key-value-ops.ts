import { kvsErrors } from './errors';
import { isRecord, onlyFields, ttlSeconds } from './limits';
import { getOptionsFields, isLive, newRecord, parseMetadataFields, wireEntry, type MetadataField, type StoredRecord } from './record';
import { validateSpaceKey, validateSpaceValue, type OpContext, type Space, type WireResult } from './space';

/**
 * get / set / delete of one key, shared by `/api/v1/{,secret/,entity/}{get,set,delete}`.
 * Behaviour follows https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/ and what
 * `@forge/kvs` 1.6.5 `out/storage-api.js` expects back.
 */

function requestBody(body: unknown, space: Space, fields: readonly string[]): Record<string, unknown> {
  if (!isRecord(body)) throw kvsErrors.badRequest({ reason: 'request body must be a JSON object' });
  onlyFields(body, space.entity ? ['entityName', ...fields] : fields, 'request');
  return body;
}

/** A missing or expired key is a 404 `KEY_NOT_FOUND`, which the SDK turns into `undefined`. */
export function getOp(ctx: OpContext, space: Space, raw: unknown): WireResult {
  const body = requestBody(raw, space, ['key', 'options']);
  const key = validateSpaceKey(space, body.key);
  const fields = getOptionsFields(body.options);
  const rec = ctx.store.get<StoredRecord>(space.ns, key);
  if (!isLive(rec, ctx.now())) throw kvsErrors.keyNotFound();
  return { status: 200, body: wireEntry(key, rec, fields) };
}

/** `ExtendedSetOptions` after validation. */
export interface SetOptions {
  ttlSeconds?: number;
  failIfExists: boolean;
  returnValue?: 'PREVIOUS' | 'LATEST';
  returnFields: MetadataField[];
}

/**
 * Parses `ExtendedSetOptions`. The docs: "If returnValue is provided, keyPolicy must be 'OVERRIDE'" (an omitted
 * keyPolicy is OVERRIDE, per the examples) and "If returnMetadataFields is provided ... returnValue must be provided".
 */
export function parseSetOptions(options: unknown, allowPolicy: boolean): SetOptions {
  if (options === undefined) return { failIfExists: false, returnFields: [] };
  if (!isRecord(options)) throw kvsErrors.badRequest({ reason: '`options` must be an object' });
  onlyFields(options, allowPolicy ? ['ttl', 'keyPolicy', 'returnValue', 'returnMetadataFields'] : ['ttl'], 'options');
  const { keyPolicy, returnValue } = options;
  if (keyPolicy !== undefined && keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') {
    throw kvsErrors.badRequest({ reason: '`keyPolicy` must be OVERRIDE or FAIL_IF_EXISTS' });
  }
  if (returnValue !== undefined && returnValue !== 'PREVIOUS' && returnValue !== 'LATEST') {
    throw kvsErrors.badRequest({ reason: '`returnValue` must be PREVIOUS or LATEST' });
  }
  if (returnValue !== undefined && keyPolicy === 'FAIL_IF_EXISTS') {
    throw kvsErrors.badRequest({ reason: '`returnValue` requires keyPolicy OVERRIDE' });
  }
  if (options.returnMetadataFields !== undefined && returnValue === undefined) {
    throw kvsErrors.badRequest({ reason: '`returnMetadataFields` requires `returnValue`' });
  }
  const out: SetOptions = { failIfExists: keyPolicy === 'FAIL_IF_EXISTS', returnFields: parseMetadataFields(options.returnMetadataFields) };
  if (options.ttl !== undefined) out.ttlSeconds = ttlSeconds(options.ttl);
  if (returnValue !== undefined) out.returnValue = returnValue;
  return out;
}

/**
 * Writes one key. Answers 204 with no body, except with `returnValue`: 200 `{key, value, ...metadata}` of the written
 * (`LATEST`) or overwritten (`PREVIOUS`) entry, or 204 when there was nothing to overwrite (the SDK then returns
 * `undefined`, as its own test "should set and return undefined when no previous value exists" expects).
 */
export function setOp(ctx: OpContext, space: Space, raw: unknown): WireResult {
  const body = requestBody(raw, space, ['key', 'value', 'options']);
  const key = validateSpaceKey(space, body.key);
  const json = validateSpaceValue(space, body.value);
  const opts = parseSetOptions(body.options, true);
  return ctx.store.transaction(() => {
    const now = ctx.now();
    const previous = ctx.store.get<StoredRecord>(space.ns, key);
    const existed = isLive(previous, now);
    if (opts.failIfExists && existed) throw kvsErrors.keyAlreadyExists({ key });
    const rec = newRecord(json, now, previous, opts.ttlSeconds);
    ctx.store.put(space.ns, key, rec);
    if (opts.returnValue === 'LATEST') return { status: 200, body: wireEntry(key, rec, opts.returnFields) };
    if (opts.returnValue === 'PREVIOUS' && existed) return { status: 200, body: wireEntry(key, previous, opts.returnFields) };
    return { status: 204 };
  });
}

/**
 * Deletes one key. The docs say delete "succeeds whether the key exists or not"; the SDK gets there by swallowing a
 * `KEY_NOT_FOUND` answer (`handleKeyNotFound` around `/api/v1/delete`), so a missing key answers that 404.
 */
export function deleteOp(ctx: OpContext, space: Space, raw: unknown): WireResult {
  const body = requestBody(raw, space, ['key']);
  const key = validateSpaceKey(space, body.key);
  const found = ctx.store.transaction(() => {
    const rec = ctx.store.get<StoredRecord>(space.ns, key);
    if (rec === undefined) return false;
    ctx.store.delete(space.ns, key); // an expired entry is removed too, but reported as missing
    return isLive(rec, ctx.now());
  });
  if (!found) throw kvsErrors.keyNotFound();
  return { status: 204 };
}
