/**
 * An incident as Kaizen tracks it (DESIGN 3.1, 3.3). Pure types and small pure helpers; storage, Jira and
 * Confluence adapters translate to and from this shape.
 */
import { z } from 'zod';
import { IsoTimeSchema, SeverityLevelSchema, SourceIdSchema } from './alert';
import type { Settings } from '../shared/settings';

export const LANGUAGES = ['en', 'ja'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Incident levels, SEV1 the most severe. */
export const LEVELS = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const LevelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof LevelSchema>;


/** The more severe of two levels. */
export const higherLevel = (a: Level, b: Level): Level => (LEVELS.indexOf(a) <= LEVELS.indexOf(b) ? a : b);

/**
 * - `open`: alerts firing, nobody has acknowledged yet; `acknowledged`: a person took it; `mitigated`: impact stopped;
 * - `recovered`: every alert resolved (or a person said so); stays until a person closes it (or auto-resolve);
 * - `closed`: done. An alert firing again within the grouping window of a recovered incident reopens it.
 */
export const INCIDENT_STATES = ['open', 'acknowledged', 'mitigated', 'recovered', 'closed'] as const;
export const IncidentStateSchema = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentStateSchema>;

/** One source alert attached to an incident, with its latest state. */
export const IncidentAlertSchema = z.object({
  /** `<source>:<sourceAlertId>` (alertKeyOf). */
  key: z.string(),
  source: SourceIdSchema,
  sourceAlertId: z.string(),
  groupKey: z.string(),
  title: z.string(),
  state: z.enum(['firing', 'acknowledged', 'resolved']),
  severity: SeverityLevelSchema,
  severityRaw: z.string().optional(),
  firstSeenAt: IsoTimeSchema,
  lastEventAt: IsoTimeSchema,
  resolvedAt: IsoTimeSchema.optional(),
  url: z.string().optional(),
  monitorName: z.string(),
  monitorUrl: z.string().optional(),
  /** Queue event ids already applied to this alert (bounded), so a redelivered event is a no-op. */
  appliedEventIds: z.array(z.string()),
});
export type IncidentAlert = z.infer<typeof IncidentAlertSchema>;

export const TIMELINE_KINDS = ['alert-opened', 'alert-escalated', 'alert-repeated', 'alert-acknowledged', 'alert-resolved', 'alert-note', 'recovered', 'reopened', 'incident-opened', 'incident-acknowledged'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One machine event on the incident's timeline. Text fields are untrusted (from alerts): renderers escape them. */
export const TimelineEntrySchema = z.object({
  at: IsoTimeSchema,
  kind: z.enum(TIMELINE_KINDS),
  alertKey: z.string().optional(),
  source: SourceIdSchema.optional(),
  severity: SeverityLevelSchema.optional(),
  title: z.string(),
  detail: z.string().optional(),
  actor: z.string().optional(),
  url: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const IncidentSchema = z.object({
  id: z.string(),
  /** Optimistic-concurrency version of the stored record; every write is conditional on it. */
  version: z.number().int().nonnegative(),
  state: IncidentStateSchema,
  level: LevelSchema,
  title: z.string(),
  language: LanguageSchema,
  drill: z.boolean(),
  /** Group keys this incident collects (DESIGN 3.1 step 3). */
  groupKeys: z.array(z.string()),
  /** The queue event that opened it: only that event (or its redelivery) runs the creation steps. */
  openedByEventId: z.string(),
  /** Key times, ISO. TTD/TTA/TTR are derived from these (domain/metrics later). */
  impactStartedAt: IsoTimeSchema,
  detectedAt: IsoTimeSchema,
  acknowledgedAt: IsoTimeSchema.optional(),
  mitigatedAt: IsoTimeSchema.optional(),
  recoveredAt: IsoTimeSchema.optional(),
  /** Who set `recoveredAt`: the alerts (all resolved) or a person — a person's value is never overwritten. */
  recoveredBy: z.enum(['alerts', 'person']).optional(),
  closedAt: IsoTimeSchema.optional(),
  lastAlertAt: IsoTimeSchema,
  reopenCount: z.number().int().nonnegative(),
  alerts: z.record(z.string(), IncidentAlertSchema),
  /** Jira issue, once created. */
  issue: z.object({ id: z.string(), key: z.string(), url: z.string() }).optional(),
  /** The live Confluence page, once created. */
  page: z.object({ id: z.string(), url: z.string(), title: z.string() }).optional(),
  /** The issue → page remote link was written. */
  linked: z.boolean(),
  /**
   * Until when the creation steps (issue, page, link) belong to one invocation. The opening event holds it first;
   * if creation is left unfinished (a crash, a dead letter), a later event for the incident takes it once it has
   * passed and finishes the job — never two invocations at once, so never two issues.
   */
  artifactsLeaseUntil: IsoTimeSchema.optional(),
  /** Timeline entries not yet posted as a Jira comment (coalesced). */
  pendingComment: z.array(TimelineEntrySchema),
  lastCommentAt: IsoTimeSchema.optional(),
  /** A delayed flush of `pendingComment` is queued for this time (so only one is queued per window). */
  flushDueAt: IsoTimeSchema.optional(),
  /** The machine timeline was frozen into the page at recovery (for this recovery). */
  timelineFrozenAt: IsoTimeSchema.optional(),
  /** Monotonic counter of timeline entries (their storage keys). */
  timelineCount: z.number().int().nonnegative(),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** The settings intake reads (src/shared/settings.ts: the admin page's schema). */
export type IntakeSettings = Settings;
