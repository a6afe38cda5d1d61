/**
 * `getIncidentStatus` — the live status block the Confluence macro shows on the incident page (DESIGN 3.2):
 * status, level, roles, key times, the Jira link and the latest machine timeline entries. The macro sends the
 * version it holds (`sinceVersion`); when the incident is still at that version the answer is only
 * `{ unchanged: true, version }` (one KVS read, no product call — see src/usecases/get-incident-status.ts).
 */
import * as z from 'zod/mini';
import { HttpUrlSchema, IncidentIdSchema, IsoTimeSchema, KeyTimesSchema, RolesViewSchema, TimelineSliceSchema } from './incident-view';
import { IncidentStateSchema, LevelSchema } from './vocabulary';
import { RETRO_STATUSES } from './retrospective';

export const GetIncidentStatusRequestSchema = z.object({
  incidentId: IncidentIdSchema,
  /** The incident version the macro already shows; absent on the first load. */
  sinceVersion: z.optional(z.int().check(z.nonnegative())),
});
export type GetIncidentStatusRequest = z.infer<typeof GetIncidentStatusRequestSchema>;

/** How many of the latest timeline entries the macro shows. */
export const MACRO_TIMELINE_ENTRIES = 5;

export const IncidentStatusSchema = z.object({
  id: IncidentIdSchema,
  title: z.string(),
  state: IncidentStateSchema,
  level: LevelSchema,
  drill: z.boolean(),
  impactStartedAt: IsoTimeSchema,
  recoveredAt: z.optional(IsoTimeSchema),
  /** The incident record's version; the macro sends it back as `sinceVersion`. */
  version: z.int().check(z.nonnegative()),
  /** The key times (durations are derived in the UI, src/shared/durations.ts). */
  times: KeyTimesSchema,
  /** The roles as Jira account ids (absent: none assigned); the UI names them through Jira as the user. */
  roles: z.optional(RolesViewSchema),
  issue: z.optional(z.object({ key: z.string(), url: HttpUrlSchema })),
  /** The retrospective page, once drafted (the live page shows it from here: no write to the live page). */
  retrospective: z.optional(z.object({ title: z.string(), url: HttpUrlSchema, status: z.enum(RETRO_STATUSES) })),
  timeline: TimelineSliceSchema,
  /** When the resolver read it; the UI's duration of a running incident counts on from here. */
  asOf: IsoTimeSchema,
});
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** The answer when the incident is still at the version the macro holds. */
export const IncidentUnchangedSchema = z.object({ unchanged: z.literal(true), version: z.int().check(z.nonnegative()) });
export type IncidentUnchanged = z.infer<typeof IncidentUnchangedSchema>;

export const IncidentStatusAnswerSchema = z.union([IncidentUnchangedSchema, IncidentStatusSchema]);
export type IncidentStatusAnswer = z.infer<typeof IncidentStatusAnswerSchema>;

/** True when the answer says nothing changed since `sinceVersion`. */
export const isUnchanged = (a: IncidentStatusAnswer): a is IncidentUnchanged => 'unchanged' in a;
