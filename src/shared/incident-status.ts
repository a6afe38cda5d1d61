/**
 * `getIncidentStatus` — the live status block the Confluence macro shows on the incident page (DESIGN 3.2):
 * status, level, started, duration, the Jira link and the latest machine timeline entries.
 */
import * as z from 'zod/mini';
import { HttpUrlSchema, IncidentIdSchema, IsoTimeSchema, TimelineSliceSchema } from './incident-view';
import { IncidentStateSchema, LevelSchema } from './vocabulary';

export const GetIncidentStatusRequestSchema = z.object({ incidentId: IncidentIdSchema });
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
  issue: z.optional(z.object({ key: z.string(), url: HttpUrlSchema })),
  timeline: TimelineSliceSchema,
  /** When the resolver read it; the UI's duration of a running incident counts on from here. */
  asOf: IsoTimeSchema,
});
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;
