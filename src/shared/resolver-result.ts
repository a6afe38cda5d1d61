/**
 * What every Kaizen resolver answers: `{ok: true, data}` or `{ok: false, error: {code, message}}`. The UI parses the
 * answer with the same schema the resolver was written against (house style 4) and shows the error's `code` as a
 * sentence in the user's language; `message` is English detail for logs and support, never shown as the only text.
 */
import * as z from 'zod/mini';

export const RESOLVER_ERROR_CODES = [
  /** The view's context lacks what the resolver needs (no issue on an issue panel, no page for a macro). */
  'bad-context',
  /** The payload failed its schema. */
  'bad-request',
  /** The calling user cannot see the issue (or it does not exist). */
  'issue-not-visible',
  /** The calling user may not edit the issue, so may not act on its incident. */
  'edit-not-allowed',
  /** Only Jira administrators may use this. */
  'admin-only',
  /** The calling user cannot browse the project incidents are filed in. */
  'project-not-visible',
  /** The calling user cannot read the Confluence page. */
  'content-not-visible',
  /** No such incident. */
  'incident-not-found',
  /** A settings save broke a rule: `fields` says which field and why. */
  'invalid-settings',
  /** Another administrator saved the settings since this page loaded them. */
  'settings-changed',
  /** A source already has two secrets: retire one before making another. */
  'secret-limit',
  /** A source's only secret cannot be retired: generate its successor first. */
  'last-secret',
  /** The thing named (a dead letter, a secret) no longer exists. */
  'not-found',
  /** Anything unexpected; the resolver logged it. */
  'internal',
] as const;
export const ResolverErrorCodeSchema = z.enum(RESOLVER_ERROR_CODES);
export type ResolverErrorCode = z.infer<typeof ResolverErrorCodeSchema>;

/** A field's problem, for the message next to it (`path` is dotted: `levels.SEV1.name.ja`). */
export const FieldProblemSchema = z.object({ field: z.string(), path: z.string(), message: z.string() });
export type FieldProblem = z.infer<typeof FieldProblemSchema>;

export const ResolverErrorSchema = z.object({ code: ResolverErrorCodeSchema, message: z.string(), fields: z.optional(z.array(FieldProblemSchema)) });
export type ResolverError = z.infer<typeof ResolverErrorSchema>;

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

/** The schema of a resolver's answer whose data is `data`. */
export function resultSchema<T extends z.ZodMiniType>(data: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: ResolverErrorSchema })]);
}

export const ok = <T>(data: T): ResolverResult<T> => ({ ok: true, data });
export const fail = <T = never>(code: ResolverErrorCode, message: string, fields?: FieldProblem[]): ResolverResult<T> => ({ ok: false, error: { code, message, ...(fields ? { fields } : {}) } });
