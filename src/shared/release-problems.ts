/**
 * Release problems reported by a person (DESIGN 3.4; 一部未完了 / 切り戻し / 障害発生): the "Report a release problem"
 * issue action's form and answer (src/usecases/release-problems/report-release-problem.ts). CI reports the same
 * classes on the deployment web trigger. Every request is a strict object with a message a developer can act on.
 */
import * as z from 'zod/mini';
import { DeploymentViewSchema } from './attribution';
import { DECLARE_TITLE_MAX } from './declare-incident';
import { HttpUrlSchema, LevelNamesSchema } from './incident-view';
import { RELEASE_PROBLEM_CLASSES, ReleaseProblemClassSchema } from './metrics';
import { LEVELS } from './vocabulary';

/** The manifest's key of the issue action (the panel resource serves it; the context names it). */
export const REPORT_RELEASE_PROBLEM_MODULE_KEY = 'report-release-problem';

/** How many recent production deployments the form offers. */
export const RECENT_DEPLOYMENTS_MAX = 20;

/**
 * The longest "what happened" (characters after trimming): one line, and for "caused an outage" the incident's title
 * too, so it is held to the declared title's limit.
 */
export const RELEASE_SUMMARY_MAX = DECLARE_TITLE_MAX;

/** The longest service name or version a person types (the reporting store's columns). */
export const RELEASE_NAME_MAX = 255;

export const ReleaseProblemFormSchema = z.object({
  issue: z.object({ key: z.string(), summary: z.string() }),
  /** Recent production deployments to pick from, newest first (at most {@link RECENT_DEPLOYMENTS_MAX}). */
  deployments: z.array(DeploymentViewSchema),
  /** The user may edit this issue (as the user): reporting needs it. */
  canReport: z.boolean(),
  /** The user may create issues in the incident project (as the user): without it, "caused an outage" is not offered. */
  canDeclare: z.boolean(),
  /** Where an outage's incident issue is created (settings). */
  incidentProjectKey: z.string(),
  /** The levels' names and descriptions as the admin set them, for an outage's level. */
  levels: LevelNamesSchema,
});
export type ReleaseProblemForm = z.infer<typeof ReleaseProblemFormSchema>;

const strict = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'expected an object') });
const Name = (what: string) =>
  z.nullable(z.string({ error: `expected the ${what} as text, or null` }).check(z.trim(), z.maxLength(RELEASE_NAME_MAX, `the ${what} is at most ${RELEASE_NAME_MAX} characters`)));

export const ReportReleaseProblemRequestSchema = strict({
  /** The form's id, made when it opens: a retry or a double click reports once (and declares at most one incident). */
  requestId: z.uuid({ error: 'expected the form’s request id (a UUID)' }),
  class: z.enum(RELEASE_PROBLEM_CLASSES, { error: `expected one of ${RELEASE_PROBLEM_CLASSES.join(', ')}` }),
  /** One of the form's deployments (a production deployment Kaizen knows), or null: then `service` (and `version`) say what was released. */
  deploymentId: z.nullable(z.string({ error: 'expected a deployment id, or null' }).check(z.minLength(1, 'a deployment id cannot be empty'), z.maxLength(255, 'a deployment id is at most 255 characters'))),
  service: Name('service'),
  version: Name('version'),
  /** What happened, in one line. */
  summary: z
    .string({ error: 'expected what happened as text' })
    .check(z.trim(), z.minLength(1, 'say what happened, in one line'), z.maxLength(RELEASE_SUMMARY_MAX, `what happened is at most ${RELEASE_SUMMARY_MAX} characters`)),
  /** When it happened (the form's default: now); never in the future. With its offset or `Z`. */
  occurredAt: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with its offset, e.g. 2026-12-02T09:30:00+09:00' }),
  /** `caused_outage`: the incident's level (required then; declared like the "Declare incident" action). */
  level: z.optional(z.enum(LEVELS, { error: `expected one of ${LEVELS.join(', ')}` })),
});
export type ReportReleaseProblemRequest = z.infer<typeof ReportReleaseProblemRequestSchema>;

export const ReportReleaseProblemDataSchema = z.object({
  /** `reported`: this call recorded it; `already`: this request was reported before (a retry, a double click). */
  outcome: z.enum(['reported', 'already']),
  problemId: z.string(),
  class: ReleaseProblemClassSchema,
  /** Partially incomplete / rolled back: the light review page. */
  reviewPage: z.optional(z.object({ id: z.string(), url: HttpUrlSchema, title: z.string() })),
  /** Caused an outage: the incident declared (its issue once filed). */
  incident: z.optional(z.object({ issueKey: z.string(), url: HttpUrlSchema })),
});
export type ReportReleaseProblemData = z.infer<typeof ReportReleaseProblemDataSchema>;
