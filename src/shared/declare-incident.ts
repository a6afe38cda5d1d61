/**
 * "Declare incident" (the `jira:issueAction`, DESIGN 3.3): a person opens an incident by hand from any issue — that
 * issue becomes the incident's issue, or a new Incident issue is made — with the same creation path as an alert
 * (src/usecases/declare-incident.ts). The form asks `getDeclareForm` what it needs, then sends `declareIncident`.
 */
import * as z from 'zod/mini';
import { AccountIdSchema } from './incident-actions';
import { HttpUrlSchema, LevelNamesSchema } from './incident-view';
import { LEVELS } from './vocabulary';

/** The longest title (characters after trimming); Jira's summary limit (255) less room for `[演習][SEV1] `. */
export const DECLARE_TITLE_MAX = 200;

export const DECLARE_TARGETS = ['this-issue', 'new-issue'] as const;
export type DeclareTarget = (typeof DECLARE_TARGETS)[number];

const strict = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'expected an object') });

export const DeclareIncidentRequestSchema = strict({
  /**
   * Made once by the form when it opens: sending the same declaration again (a double click, a retry after a
   * timeout) finishes the first one instead of making a second incident.
   */
  requestId: z.uuid({ error: 'expected the form’s request id (a UUID)' }),
  target: z.enum(DECLARE_TARGETS, { error: `expected one of ${DECLARE_TARGETS.join(', ')}` }),
  title: z.string({ error: 'expected the title as text' }).check(z.trim(), z.minLength(1, 'an incident needs a title'), z.maxLength(DECLARE_TITLE_MAX, `a title is at most ${DECLARE_TITLE_MAX} characters`)),
  level: z.enum(LEVELS, { error: `expected one of ${LEVELS.join(', ')}` }),
  /** When the impact began (default: now); never in the future. */
  impactStartedAt: z.optional(z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with its offset, e.g. 2026-12-02T09:30:00+09:00' })),
  commander: z.optional(AccountIdSchema),
  /** A rehearsal (障害対応演習): marked on the issue, the page and the panel, and never counted in a metric. */
  drill: z.boolean({ error: 'expected drill to be true or false' }),
});
export type DeclareIncidentRequest = z.infer<typeof DeclareIncidentRequestSchema>;

/** What the form needs: the issue it was opened on, whether it is an incident already, where a new one would go. */
export const DeclareFormDataSchema = z.object({
  /** The issue as the user sees it; its assignee is offered as the commander (DESIGN 3.3: the assignee is the commander). */
  issue: z.object({ key: z.string(), summary: z.string(), assigneeAccountId: z.optional(z.string()) }),
  /** This issue already is an incident's issue: the form says so and links the panel instead of declaring. */
  incident: z.optional(z.object({ id: z.string(), state: z.string() })),
  /** The project a new Incident issue is created in (settings). */
  incidentProjectKey: z.string(),
  /** The user may create issues there (asked as the user): otherwise only "this issue" is offered. */
  canCreateInProject: z.boolean(),
  /** The user may edit this issue (asked as the user): otherwise only "a new issue" is offered. */
  canEditIssue: z.boolean(),
  /** The levels' names and descriptions as the admin set them (settings). */
  levels: LevelNamesSchema,
});
export type DeclareFormData = z.infer<typeof DeclareFormDataSchema>;

export const DeclareIncidentDataSchema = z.object({
  /**
   * `declared`: this call made it; `already`: it existed (this same request earlier, or someone declared on this issue
   * first — `declaredBy` says who; this call's values were not applied); `in-progress`: it exists and its issue or page
   * is still being made (by another call), so the links are not all there yet.
   */
  outcome: z.enum(['declared', 'already', 'in-progress']),
  declaredBy: z.optional(z.string()),
  incidentId: z.string(),
  issue: z.optional(z.object({ key: z.string(), url: HttpUrlSchema })),
  page: z.optional(z.object({ title: z.string(), url: HttpUrlSchema })),
  drill: z.boolean(),
});
export type DeclareIncidentData = z.infer<typeof DeclareIncidentDataSchema>;
