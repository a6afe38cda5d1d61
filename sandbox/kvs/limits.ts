import { kvsErrors } from './errors';

/**
 * Limits of the Key-Value Store and Custom Entity Store, and the checks that enforce them.
 * Source: https://developer.atlassian.com/platform/forge/limits-kvs-ce/ (key and object size limits, transaction
 * limits), https://developer.atlassian.com/platform/forge/storage-reference/kvs-api-secret/ (secrets),
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-batch/ (batch).
 */
export const KVS_LIMITS = {
  keyMaxChars: 500,
  /** "Value size 240 KiB — maximum size of a single persisted value (in RAW)". Measured as UTF-8 bytes of the JSON. */
  valueMaxBytes: 240 * 1024,
  /** kvs-api-secret: "persisted JSON values may be up to 128 KiB in size and have a key of up to 500 bytes". */
  secretValueMaxBytes: 128 * 1024,
  secretKeyMaxBytes: 500,
  /** limits-kvs-ce says 31; the error table's message says 32 (see README). 31 is enforced. */
  maxDepth: 31,
  batchMaxItems: 25,
  transactionMaxOperations: 25,
  /** "Each transaction is limited to a payload size of 4MB"; "A single kvs.batchSet operation can be a payload of 4MB". */
  payloadMaxBytes: 4 * 1024 * 1024,
  /** "The maximum supported TTL is 1 year"; a year is taken as 365 days. */
  ttlMaxSeconds: 365 * 24 * 60 * 60,
  queryDefaultLimit: 10,
  queryMaxLimit: 100,
  maxConditionsPerQuery: 100,
} as const;

/**
 * The vendor's key regex `/^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/`. In that literal `\s-#` is not a range (a class escape
 * cannot bound one, Annex B), so it means "whitespace, `-` or `#`"; the dash is moved last here to say the same
 * thing without relying on that rule.
 */
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/;

/** Which store a key belongs to: the error tables differ in the code for an empty key. */
export type KeyFlavour = 'kvs' | 'secret' | 'entity';

/**
 * Checks a key against https://developer.atlassian.com/platform/forge/limits-kvs-ce/#key-and-object-size-limits:
 * empty, then length, then format, answering with the code of the matching error table.
 */
export function validateKey(key: unknown, flavour: KeyFlavour): string {
  if (typeof key !== 'string') throw kvsErrors.badRequest({ reason: '`key` must be a string' });
  if (key.length === 0) throw flavour === 'entity' ? kvsErrors.emptyKey() : kvsErrors.keyTooShort();
  const tooLong =
    flavour === 'secret' ? Buffer.byteLength(key, 'utf8') > KVS_LIMITS.secretKeyMaxBytes : key.length > KVS_LIMITS.keyMaxChars;
  if (tooLong) throw kvsErrors.keyTooLong({ length: key.length });
  if (!KEY_PATTERN.test(key)) throw kvsErrors.invalidKey();
  return key;
}

/** Depth of a JSON value: a scalar is 0, `{}` and `[]` are 1, `{a:{}}` is 2. */
export function jsonDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const d = jsonDepth(child);
    if (d > deepest) deepest = d;
  }
  return deepest + 1;
}

/**
 * Checks a value to be persisted and returns its JSON text (what is stored).
 * "The app storage API is able to persist any JSON data type except null"
 * (https://developer.atlassian.com/platform/forge/storage-reference/kvs/#supported-values).
 */
export function validateValue(value: unknown, maxBytes: number): string {
  if (value === undefined || value === null) throw kvsErrors.badRequest({ reason: '`value` must be present and not null' });
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > maxBytes) throw kvsErrors.maxSize({ bytes, maxBytes });
  // Checked after size so that a huge value cannot make the depth walk expensive.
  const depth = jsonDepth(value);
  if (depth > KVS_LIMITS.maxDepth) throw kvsErrors.maxDepth({ depth, maxDepth: KVS_LIMITS.maxDepth });
  return json;
}

const TTL_UNIT_SECONDS: Record<string, number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86400 };

/** `{ value, unit }` → seconds; 1 year at most (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/#ttl). */
export function ttlSeconds(ttl: unknown): number {
  if (!isRecord(ttl)) throw kvsErrors.badRequest({ reason: '`ttl` must be an object { value, unit }' });
  const unitSeconds = typeof ttl.unit === 'string' ? TTL_UNIT_SECONDS[ttl.unit] : undefined;
  if (unitSeconds === undefined) throw kvsErrors.badRequest({ reason: '`ttl.unit` must be SECONDS, MINUTES, HOURS or DAYS' });
  const v = ttl.value;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw kvsErrors.badRequest({ reason: '`ttl.value` must be a positive integer' });
  }
  const seconds = v * unitSeconds;
  if (seconds > KVS_LIMITS.ttlMaxSeconds) throw kvsErrors.badRequest({ reason: 'TTL exceeds the maximum of 1 year' });
  return seconds;
}

/** Checks the total request size of a batch or transaction (the SDK sends `JSON.stringify(body)`). */
export function checkPayloadSize(body: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(body), 'utf8');
  if (bytes > KVS_LIMITS.payloadMaxBytes) throw kvsErrors.payloadTooLarge({ bytes, maxBytes: KVS_LIMITS.payloadMaxBytes });
}

/** A JSON object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Rejects fields the wire schema does not have, so a typo in a request fails here as a schema check would. */
export function onlyFields(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw kvsErrors.badRequest({ reason: `unknown field \`${k}\` in ${where}` });
  }
}

/** `obj[key]` only when it is the object's own property (an attribute may be named e.g. `constructor`). */
export function ownValue(obj: Record<string, unknown> | undefined, key: string): unknown {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}
