/** Deterministic hashing of JSON values (sorted keys), for ids a payload does not carry. */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal values hash equally whatever the key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of `text` (UTF-8), lowercase hex, optionally cut to `hexChars`. */
export function sha256Hex(text: string, hexChars = 64): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, hexChars);
}
