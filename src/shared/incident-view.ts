/**
 * The incident as the panel and the macro see it: what a person needs (state, level, key times, alerts, the machine
 * timeline, links), never the bookkeeping the backend keeps (applied event ids, leases, pending comments).
 * Built by src/usecases/incident-views.ts; parsed by the UI.
 */
import * as z from 'zod/mini';
import { HttpUrlSchema, IsoTimeSchema } from './primitives';
import { RetrospectivePanelSchema } from './retrospective';
import { SettingsSchema } from './settings';
import { TimelineChangeSchema } from './timeline-change';
import { AlertStateSchema, IncidentStateSchema, LevelSchema, SeverityLevelSchema, SourceIdSchema, TimelineViewKindSchema } from './vocabulary';

// The primitives are declared in primitives.ts (so schemas this file uses can use them too) and re-exported here.
export { HttpUrlSchema, IsoTimeSchema };

/** Kaizen's incident ids are KVS keys (`inc-<uuid>`). */
export const IncidentIdSchema = z.string().check(z.regex(/^[A-Za-z0-9:._-]{1,200}$/));

/** The key times of DESIGN 3.5; TTD/TTA/TTR are derived from them (src/shared/durations.ts). */
export const KeyTimesSchema = z.object({
  impactStartedAt: IsoTimeSchema,
  detectedAt: IsoTimeSchema,
  acknowledgedAt: z.optional(IsoTimeSchema),
  mitigatedAt: z.optional(IsoTimeSchema),
  recoveredAt: z.optional(IsoTimeSchema),
  closedAt: z.optional(IsoTimeSchema),
});
export type KeyTimes = z.infer<typeof KeyTimesSchema>;

export const AlertViewSchema = z.object({
  key: z.string(),
  source: SourceIdSchema,
  title: z.string(),
  state: AlertStateSchema,
  severity: SeverityLevelSchema,
  monitorName: z.string(),
  firstSeenAt: IsoTimeSchema,
  lastEventAt: IsoTimeSchema,
  resolvedAt: z.optional(IsoTimeSchema),
  url: z.optional(HttpUrlSchema),
});
export type AlertView = z.infer<typeof AlertViewSchema>;

/** One machine timeline entry. Texts come from alerts: untrusted, rendered as text only. */
export const TimelineEntryViewSchema = z.object({
  at: IsoTimeSchema,
  kind: TimelineViewKindSchema,
  title: z.string(),
  source: z.optional(SourceIdSchema),
  severity: z.optional(SeverityLevelSchema),
  detail: z.optional(z.string()),
  /** A person's entry: what it changed, as data (the UI words it; `detail` is the same in compact English text). */
  change: z.optional(TimelineChangeSchema),
  actor: z.optional(z.string()),
  url: z.optional(HttpUrlSchema),
});
export type TimelineEntryView = z.infer<typeof TimelineEntryViewSchema>;

/** The latest entries of a timeline, newest last, and how many there are in all. */
export const TimelineSliceSchema = z.object({ entries: z.array(TimelineEntryViewSchema), total: z.int().check(z.nonnegative()) });
export type TimelineSlice = z.infer<typeof TimelineSliceSchema>;

/** The response roles (DESIGN 3.2 Roles / 体制): Jira account ids; the UI names them through Jira as the user. */
export const RolesViewSchema = z.object({
  commander: z.optional(z.string()),
  communicationsLead: z.optional(z.string()),
  scribe: z.optional(z.string()),
  responders: z.array(z.string()),
});
export type RolesView = z.infer<typeof RolesViewSchema>;

/** Who set a value (a person, by name and account id) and when they set it. */
export const PersonMarkViewSchema = z.object({ accountId: z.string(), displayName: z.string(), at: IsoTimeSchema });
export type PersonMarkView = z.infer<typeof PersonMarkViewSchema>;

/** The values a person set; a value not listed is the machine's (the alerts'), which a person's always wins over. */
export const SetByPersonViewSchema = z.object({
  level: z.optional(PersonMarkViewSchema),
  roles: z.optional(PersonMarkViewSchema),
  impactStartedAt: z.optional(PersonMarkViewSchema),
  detectedAt: z.optional(PersonMarkViewSchema),
  acknowledgedAt: z.optional(PersonMarkViewSchema),
  mitigatedAt: z.optional(PersonMarkViewSchema),
  recoveredAt: z.optional(PersonMarkViewSchema),
});
export type SetByPersonView = z.infer<typeof SetByPersonViewSchema>;

export const IncidentViewSchema = z.object({
  id: IncidentIdSchema,
  title: z.string(),
  state: IncidentStateSchema,
  level: LevelSchema,
  drill: z.boolean(),
  times: KeyTimesSchema,
  reopenCount: z.int().check(z.nonnegative()),
  /** The alerts to show: firing first, then acknowledged, then resolved, newest first in each; at most PANEL_ALERTS. */
  alerts: z.array(AlertViewSchema),
  /** How many alerts the incident holds in all (`alerts` may show fewer). */
  alertTotal: z.int().check(z.nonnegative()),
  issue: z.optional(z.object({ key: z.string(), url: HttpUrlSchema })),
  /** The live Confluence page. */
  page: z.optional(z.object({ title: z.string(), url: HttpUrlSchema })),
  /** The roles people assigned (absent: none yet). */
  roles: z.optional(RolesViewSchema),
  /** Which values people set, and who (absent: all the machine's). */
  setByPerson: z.optional(SetByPersonViewSchema),
});
export type IncidentView = z.infer<typeof IncidentViewSchema>;

/** How many alerts the panel lists; the rest are counted ("…and N more"). */
export const PANEL_ALERTS = 50;

/** How many of the latest timeline entries the panel shows. */
export const PANEL_TIMELINE_ENTRIES = 50;

/**
 * The levels' names and one-line descriptions as the admin set them (settings `levels`), in both languages: the
 * panel says each in the viewer's language (the frame's locale, which the person may switch without a reload).
 * Missing, they are the defaults.
 */
export const LevelNamesSchema = SettingsSchema.shape.levels;
export type LevelNames = z.infer<typeof LevelNamesSchema>;

/** `getIncident` (issue panel): the issue's incident, or `incident: null` when the issue is not a Kaizen incident. */
export const GetIncidentDataSchema = z.union([
  z.object({ incident: IncidentViewSchema, timeline: TimelineSliceSchema, levels: LevelNamesSchema, retro: RetrospectivePanelSchema }),
  z.object({ incident: z.null() }),
]);
export type GetIncidentData = z.infer<typeof GetIncidentDataSchema>;

/** `acknowledgeIncident` (issue panel): what happened. The panel reloads the incident afterwards. */
export const ACKNOWLEDGE_OUTCOMES = [
  /** The incident was open and is now acknowledged by the caller. */
  'acknowledged',
  /** Somebody (or an alert) had acknowledged it already: nothing changed. */
  'already-acknowledged',
  /** It is past acknowledging (mitigated, recovered, closed): nothing changed. */
  'not-open',
] as const;
export const AcknowledgeDataSchema = z.object({ outcome: z.enum(ACKNOWLEDGE_OUTCOMES), state: IncidentStateSchema, acknowledgedAt: z.optional(IsoTimeSchema) });
export type AcknowledgeData = z.infer<typeof AcknowledgeDataSchema>;
