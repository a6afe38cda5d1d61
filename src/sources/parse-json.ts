/**
 * The body parser every source uses.
 *
 * Why not `JSON.parse`: Opsgenie's `updatedAt`/`insertedAt` are nanoseconds since the epoch — 19-digit integers far
 * beyond `Number.MAX_SAFE_INTEGER` (2^53 − 1) — and `JSON.parse` silently rounds them
 * (`1749518720412000246` → `1749518720412000300`). `lossless-json` hands us each number's text, so:
 * - an integer that a double can't hold exactly stays a **decimal string** (exact, and still JSON-safe: the parsed
 *   payload can go into a Forge queue event or KVS as-is, which a `bigint` could not);
 * - every other number becomes a `number` (a float's last binary digit is lost either way).
 * Schemas accept such fields as `number | digit-string` (see common/schema-helpers.ts) and convert with `BigInt`.
 *
 * lossless-json also refuses duplicate keys with different values, which JSON.parse would silently resolve
 * (last wins) — a body that says two things is a 400, not a guess.
 *
 * @see https://github.com/josdejong/lossless-json
 * @see https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-webhook/ (the nanosecond fields)
 */
import { isInteger, isSafeNumber, parse } from 'lossless-json';

import type { FieldError } from './alert-source';

/**
 * Largest body accepted, in UTF-8 bytes. Forge caps a whole web trigger invocation at 5 MB; an Alertmanager or
 * Grafana batch with `max_alerts: 0` (no limit) can legitimately reach hundreds of KB, and refusing it would lose
 * alerts (Alertmanager does not retry a 4xx). 1 MiB bounds parse time (lossless-json parses ~1 MB in well under
 * a second) while leaving such batches room.
 */
export const MAX_RAW_BODY_BYTES = 1024 * 1024;

/**
 * Deepest nesting of arrays and objects accepted (the body's top-level object is depth 1). No sender nests
 * anywhere near this (the deepest fixture is 5); a body deeper than this is refused with a 400 **before** it is
 * parsed, by an iterative scan: a recursive parser, validator or serializer would otherwise run out of stack
 * (`Maximum call stack size exceeded`) around 2,000 levels, which is a 500 and a retry storm, not an answer.
 */
export const MAX_JSON_DEPTH = 64;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type ParseJsonResult = { ok: true; value: JsonValue } | { ok: false; errors: FieldError[] };

/** Keeps integers beyond 2^53 as their exact decimal text; everything else becomes a number. */
function parseNumberKeepingUnsafeIntegers(text: string): number | string {
  return isInteger(text) && !isSafeNumber(text) ? text : Number(text);
}

/**
 * Parses a webhook body without losing precision on large integers.
 *
 * @param rawBody the body as received
 * @returns the JSON value, or an error at path `(body)` saying why it is not JSON or too large
 * @see https://github.com/josdejong/lossless-json#parse
 */
export function parseJsonBody(rawBody: string): ParseJsonResult {
  const sizeBytes = Buffer.byteLength(rawBody, 'utf8');
  if (sizeBytes > MAX_RAW_BODY_BYTES) {
    return {
      ok: false,
      errors: [{ path: '(body)', message: `too large: ${sizeBytes} bytes, the limit is ${MAX_RAW_BODY_BYTES}` }],
    };
  }
  if (rawBody.trim() === '') {
    return { ok: false, errors: [{ path: '(body)', message: 'empty: expected a JSON object' }] };
  }
  const depth = nestingDepthBeyond(rawBody, MAX_JSON_DEPTH);
  if (depth !== undefined) {
    return {
      ok: false,
      errors: [{ path: '(body)', message: `nested too deeply: more than ${MAX_JSON_DEPTH} levels of arrays/objects (at character ${depth.at})` }],
    };
  }
  try {
    const value = parse(rawBody, null, parseNumberKeepingUnsafeIntegers) as JsonValue;
    return { ok: true, value };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '(body)', message: `not valid JSON: ${reason}` }] };
  }
}

/**
 * Scans JSON text once, without recursion, for `[`/`{` nesting beyond `limit` (brackets inside strings, escapes
 * included, don't count). Returns where the limit was first passed, or undefined. Malformed text is left to the
 * parser: this only measures depth.
 */
export function nestingDepthBeyond(text: string, limit: number): { at: number } | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* backslash: skip the escaped character */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return { at: i };
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return undefined;
}
