/**
 * Reading sessions (ポストモーテム読書会, DESIGN 3.6): the "Start a reading session" request the library's button sends,
 * and the session macro's view and TODO sync (src/usecases/reading-sessions/). Every request is a strict object with
 * a message a developer can act on.
 */
import * as z from 'zod/mini';
import { AccountIdSchema } from './incident-actions';
import { HttpUrlSchema, IsoTimeSchema } from './primitives';

/** The manifest's key of the macro embedded on every session page (served by the `library` resource). */
export const READING_SESSION_MODULE_KEY = 'reading-session';

/** The most people a start request may invite (the page's participants table). */
export const PARTICIPANTS_MAX = 50;

const strict = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'expected an object') });

/** A Confluence page id (digits). */
export const PageIdSchema = z.string({ error: 'expected a Confluence page id' }).check(z.regex(/^\d{1,32}$/, 'expected a Confluence page id (digits)'));

export const StartReadingSessionRequestSchema = strict({
  /** The form's id, made when it opens: a retry or a double click starts one session. */
  requestId: z.uuid({ error: 'expected the form’s request id (a UUID)' }),
  /** The postmortem's page: a published retrospective or release review in the library. */
  postmortemPageId: PageIdSchema,
  /** When the session starts, with its offset or `Z` (default: now). */
  startsAt: z.optional(z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with its offset, e.g. 2026-12-10T15:00:00+09:00' })),
  /** Who facilitates: absent → the caller; null → not decided yet (the page says "Not given"). */
  facilitatorAccountId: z.optional(z.nullable(AccountIdSchema)),
  /** Who is invited (the page's participants table). */
  participantAccountIds: z.optional(z.array(AccountIdSchema).check(z.maxLength(PARTICIPANTS_MAX, `at most ${PARTICIPANTS_MAX} participants`))),
});
export type StartReadingSessionRequest = z.infer<typeof StartReadingSessionRequestSchema>;

export const ReadingSessionSchema = z.object({
  pageId: z.string(),
  title: z.string(),
  url: HttpUrlSchema,
  language: z.enum(['en', 'ja']),
  /** When it starts (UTC, ms). */
  startsAt: z.nullable(IsoTimeSchema),
  facilitatorAccountId: z.nullable(z.string()),
  postmortemPageId: z.string(),
});
export type ReadingSession = z.infer<typeof ReadingSessionSchema>;

export const StartReadingSessionDataSchema = z.object({
  /**
   * `created`: this call made the page; `existing`: the same day's session of this postmortem was there already (the
   * title is unique per postmortem and day), so it is answered; `already`: this request was answered before (a retry).
   */
  outcome: z.enum(['created', 'existing', 'already']),
  session: ReadingSessionSchema,
});
export type StartReadingSessionData = z.infer<typeof StartReadingSessionDataSchema>;

/** The session macro's view: the session the page is, and the postmortem it reads; `session: null` on any other page. */
export const GetReadingSessionDataSchema = z.union([
  z.object({ session: z.null() }),
  z.object({
    session: ReadingSessionSchema,
    /** The postmortem it reads; null when the caller cannot read its page (or the library no longer has it). */
    postmortem: z.nullable(z.object({ pageId: z.string(), title: z.string(), url: HttpUrlSchema, kind: z.enum(['retrospective', 'release-review']) })),
    /** Tasks made from the TODO table so far (Kaizen's records), and how many of them are done. */
    tasks: z.object({ total: z.int().check(z.nonnegative()), done: z.int().check(z.nonnegative()) }),
  }),
]);
export type GetReadingSessionData = z.infer<typeof GetReadingSessionDataSchema>;
