import { kvsErrors } from './errors';
import { isRecord } from './limits';

/**
 * One persisted entry. The value is kept as the JSON text the app sent, so what is read back is exactly what
 * `JSON.parse` of the request gave (no encoder quirks) and its size is the size that was checked.
 */
export interface StoredRecord {
  /** JSON text of the value. */
  v: string;
  /** createdAt, epoch ms. */
  c: number;
  /** updatedAt, epoch ms. */
  u: number;
  /** Expiry, epoch ms (whole seconds), when the entry was written with a TTL. */
  e?: number;
}

/** True when the record exists and has not expired at `now`. */
export function isLive(rec: StoredRecord | undefined, now: number): rec is StoredRecord {
  return rec !== undefined && (rec.e === undefined || now < rec.e);
}

/**
 * A new record for a write at `now`. `createdAt` survives an overwrite of a live entry; the TTL is the one given by
 * this write only (a write without TTL makes the entry permanent, as a put of the whole item does).
 * Expiry is kept in whole seconds: the vendor shows `expireTime` as e.g. `2026-01-15T16:12:19.000Z`.
 */
export function newRecord(json: string, now: number, previous: StoredRecord | undefined, ttlSeconds: number | undefined): StoredRecord {
  const rec: StoredRecord = { v: json, c: isLive(previous, now) ? previous.c : now, u: now };
  if (ttlSeconds !== undefined) rec.e = (Math.floor(now / 1000) + ttlSeconds) * 1000;
  return rec;
}

/** `MetadataField` of `@forge/kvs` (`out/interfaces/types.d.ts`). */
export const METADATA_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];

/**
 * Parses a `metadataFields` list. An unknown field is a 400 `BAD_REQUEST`, as in the SDK's own test of
 * "unexpected metadata fields".
 */
export function parseMetadataFields(v: unknown): MetadataField[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw kvsErrors.badRequest({ reason: '`metadataFields` must be an array' });
  for (const f of v) {
    if (!(METADATA_FIELDS as readonly unknown[]).includes(f)) throw kvsErrors.badRequest({ reason: `unknown metadata field ${String(f)}` });
  }
  return v as MetadataField[];
}

/** Reads `options.metadataFields` of a get-like request (`options` may be absent). */
export function getOptionsFields(options: unknown): MetadataField[] {
  if (options === undefined) return [];
  if (!isRecord(options)) throw kvsErrors.badRequest({ reason: '`options` must be an object' });
  for (const k of Object.keys(options)) {
    if (k !== 'metadataFields') throw kvsErrors.badRequest({ reason: `unknown field \`${k}\` in options` });
  }
  return parseMetadataFields(options.metadataFields);
}

/**
 * The wire form of an entry: `{ key, value }` plus the metadata asked for. `createdAt`/`updatedAt` are epoch
 * milliseconds and `expireTime` is ISO-8601, as in the examples of
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/#kvs-get. `expireTime` is omitted for an
 * entry without TTL.
 */
export function wireEntry(key: string, rec: StoredRecord, fields: readonly MetadataField[]): Record<string, unknown> {
  const out: Record<string, unknown> = { key, value: JSON.parse(rec.v) as unknown };
  if (fields.includes('CREATED_AT')) out.createdAt = rec.c;
  if (fields.includes('UPDATED_AT')) out.updatedAt = rec.u;
  if (fields.includes('EXPIRE_TIME') && rec.e !== undefined) out.expireTime = new Date(rec.e).toISOString();
  return out;
}

/**
 * Cursors are opaque to the app. Like the vendor's (the docs show `eyJrZXkiOiJ2YWx1ZS0yIn0=`, i.e.
 * base64 of `{"key":"value-2"}`) they are base64 JSON of the last position returned.
 */
export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64');
}

/** Reads a cursor made by `encodeCursor`; anything else is a 400 `BAD_REQUEST`. */
export function decodeCursor(cursor: unknown): Record<string, unknown> & { key: string } {
  if (typeof cursor !== 'string' || cursor.length === 0) throw kvsErrors.badRequest({ reason: 'cursor must be a non-empty string' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
  } catch {
    throw kvsErrors.badRequest({ reason: 'cursor is not valid' });
  }
  if (!isRecord(parsed) || typeof parsed.key !== 'string') throw kvsErrors.badRequest({ reason: 'cursor is not valid' });
  return parsed as Record<string, unknown> & { key: string };
}

/**
 * Orders strings by their UTF-8 bytes, as the store orders keys ("Keys are lexicographically ordered").
 * UTF-16 code-unit order equals UTF-8 byte order except that a surrogate (a character above U+FFFF) must sort after
 * U+E000..U+FFFF; that one case is corrected, so no bytes need to be allocated.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (xs ? y : x) >= 0xe000) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
