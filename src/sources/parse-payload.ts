/**
 * Body → typed payload for one source: the lossless JSON parse, then the source's zod schema.
 */
import type { z } from 'zod';

import type { ParseResult } from './alert-source';
import { parseJsonBody } from './parse-json';
import { fieldErrorsFromZod } from './zod-issues';

/**
 * Builds a source's `parse`: errors name the field (`alert.status: expected string, received number`), or `(body)`
 * when the body is not JSON or too large.
 */
export function payloadParser<S extends z.ZodType>(schema: S): (rawBody: string) => ParseResult<z.output<S>> {
  return (rawBody) => {
    const json = parseJsonBody(rawBody);
    if (!json.ok) return { ok: false, errors: json.errors };
    const result = schema.safeParse(json.value);
    return result.success
      ? { ok: true, payload: result.data }
      : { ok: false, errors: fieldErrorsFromZod(result.error.issues) };
  };
}
