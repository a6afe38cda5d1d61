/**
 * An incident as Kaizen tracks it (DESIGN 3.1, 3.3). Pure types and small pure helpers; storage, Jira and
 * Confluence adapters translate to and from this shape.
 */
import { z } from 'zod';
import { IsoTimeSchema, SeverityLevelSchema, SourceIdSchema } from './alert';
import { PAGE_LANGUAGES, type Settings } from '../shared/settings';
import { ALERT_STATES, INCIDENT_STATES, LEVELS, TIMELINE_KINDS } from '../shared/vocabulary';
import { KEY_TIME_FIELDS, type KeyTimeField } from '../shared/incident-actions';
import { RETRO_STATUSES } from '../shared/retrospective';
import { TimelineChangeSchema, type TimelineChange } from '../shared/timeline-change';

// The vocabulary arrays live once, in src/shared (vocabulary.ts, settings.ts); the domain builds classic zod from them.
export { ALERT_STATES, INCIDENT_STATES, LEVELS, TIMELINE_KINDS };
export const LANGUAGES = PAGE_LANGUAGES;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Incident levels, SEV1 the most severe. */
export const LevelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof LevelSchema>;

/** The more severe of two levels. */
export const higherLevel = (a: Level, b: Level): Level => (LEVELS.indexOf(a) <= LEVELS.indexOf(b) ? a : b);

/**
 * - `open`: alerts firing, nobody has acknowledged yet; `acknowledged`: a person took it; `mitigated`: impact stopped;
 * - `recovered`: every alert resolved (or a person said so); stays until a person closes it (or auto-resolve);
 * - `closed`: done. An alert firing again within the grouping window of a recovered incident reopens it.
 */
export const IncidentStateSchema = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentStateSchema>;

export const AlertStateSchema = z.enum(ALERT_STATES);
export type AlertState = z.infer<typeof AlertStateSchema>;

/**
 * One source alert attached to an incident, with its latest state. Stored in its own row (entity `incident-alert`,
 * src/storage/incident-store.ts), never inside the incident record, so the record does not grow with a storm.
 */
export const IncidentAlertSchema = z.object({
  /** `<source>:<sourceAlertId>` (alertKeyOf). */
  key: z.string(),
  source: SourceIdSchema,
  sourceAlertId: z.string(),
  groupKey: z.string(),
  title: z.string(),
  state: AlertStateSchema,
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
  /** The Jira account id of the person who acted (people's actions only); `actor` is their display name. */
  actorAccountId: z.string().optional(),
  /** What a person's entry changed, as data (src/shared/timeline-change.ts); absent on the machine's and on older entries. */
  change: z.custom<TimelineChange>((v) => TimelineChangeSchema.safeParse(v).success, 'expected a timeline change').optional(),
  url: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const AlertCountsSchema = z.object({ firing: z.number().int().nonnegative(), acknowledged: z.number().int().nonnegative(), resolved: z.number().int().nonnegative() });
export type AlertCounts = z.infer<typeof AlertCountsSchema>;

export const alertTotal = (c: AlertCounts): number => c.firing + c.acknowledged + c.resolved;

/** The counts after one alert moved from `from` (undefined: it is new to the incident) to `to`. */
export function countsAfter(c: AlertCounts, from: AlertState | undefined, to: AlertState): AlertCounts {
  const next = { ...c };
  if (from) next[from] = Math.max(0, next[from] - 1);
  next[to] += 1;
  return next;
}

// The key times a person may set (DESIGN 3.3), declared once in src/shared with the actions' schemas.
export { KEY_TIME_FIELDS, type KeyTimeField };

/** Who set a value and when: a person's value is never overwritten by the machine (DESIGN 3.1 step 6, 3.3). */
export const PersonMarkSchema = z.object({ accountId: z.string(), displayName: z.string(), at: IsoTimeSchema });
export type PersonMark = z.infer<typeof PersonMarkSchema>;

/** The values people set, each with who set it. A value not listed here is the machine's (the alerts'). */
export const SetByPersonSchema = z.object({
  level: PersonMarkSchema.optional(),
  roles: PersonMarkSchema.optional(),
  impactStartedAt: PersonMarkSchema.optional(),
  detectedAt: PersonMarkSchema.optional(),
  acknowledgedAt: PersonMarkSchema.optional(),
  mitigatedAt: PersonMarkSchema.optional(),
  recoveredAt: PersonMarkSchema.optional(),
});
export type SetByPerson = z.infer<typeof SetByPersonSchema>;

/** The response roles (DESIGN 3.2 Roles / 体制): Jira account ids. */
export const RolesSchema = z.object({
  commander: z.string().optional(),
  communicationsLead: z.string().optional(),
  scribe: z.string().optional(),
  responders: z.array(z.string()),
});
export type Roles = z.infer<typeof RolesSchema>;

export const IncidentSchema = z.object({
  id: z.string(),
  /** Optimistic-concurrency version of the stored record; every write is conditional on it. */
  version: z.number().int().nonnegative(),
  state: IncidentStateSchema,
  level: LevelSchema,
  title: z.string(),
  language: LanguageSchema,
  drill: z.boolean(),
  /** Group keys this incident collects (DESIGN 3.1 step 3); the first GROUP_KEYS_KEPT of them. */
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
  /**
   * When a person last reopened it (src/domain/person-actions.ts `reopen`): the panel's time, or the time of the Jira
   * transition out of done. Jira's issue events arrive late and in any order, so a "moved to done" event made at or
   * before this time is older than the reopen and closes nothing (src/domain/jira-sync.ts). Kept across a later close.
   */
  reopenedAt: IsoTimeSchema.optional(),
  lastAlertAt: IsoTimeSchema,
  reopenCount: z.number().int().nonnegative(),
  /**
   * How many of its alerts are in each state. The alerts themselves are rows of their own (bounded record); these
   * counts change in the same transaction as those rows, so "no alert firing or acknowledged → recovered" is exact.
   */
  alertCounts: AlertCountsSchema,
  /** The latest close time of its alerts: the recovery time when the last one resolves. */
  lastResolvedAt: IsoTimeSchema.optional(),
  /**
   * Alerts of a record stored before alerts moved to rows (stored there as `alerts`), by alert key, not yet moved to
   * their rows: such an alert is held from here until the store moves it (src/storage/incident-store.ts). A key is
   * either here or in a row, never both. Already counted in `alertCounts`.
   */
  legacyAlerts: z.record(z.string(), IncidentAlertSchema).optional(),
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
  /**
   * Timeline entries not yet posted as a Jira comment (coalesced), at most PENDING_COMMENT_KEPT (+ a few entries
   * about the incident itself); later ones in the same window are only counted in `pendingCommentOmitted`.
   */
  pendingComment: z.array(TimelineEntrySchema),
  pendingCommentOmitted: z.object({ count: z.number().int().positive(), lastAt: IsoTimeSchema }).optional(),
  lastCommentAt: IsoTimeSchema.optional(),
  /** A delayed flush of `pendingComment` is queued for this time (so only one is queued per window). */
  flushDueAt: IsoTimeSchema.optional(),
  /**
   * A comment being posted: its window claimed by one conditional update before posting. It is the first `entries`
   * of `pendingComment` (entries are only ever appended, so they stay the same) and `omitted` as counted then, posted
   * with `dedupeId`; cleared with those entries once posted. A flush that finds it left behind (a crash) after its
   * lease posts it again with the same id, which Jira finds and does not post twice. `level`: the level the alerts
   * raised the incident to, past what the issue shows (`issueLevel`): the same flush edits the issue's summary prefix
   * and priority to it (src/domain/pending-comment.ts levelToFollow).
   */
  commentClaim: z
    .object({
      dedupeId: z.string(),
      entries: z.number().int().nonnegative(),
      omitted: z.object({ count: z.number().int().positive(), lastAt: IsoTimeSchema }).optional(),
      claimedAt: IsoTimeSchema,
      level: LevelSchema.optional(),
    })
    .optional(),
  /**
   * The level the Jira issue's summary prefix and priority show as Kaizen last wrote them as the app (at creation, or
   * when the alerts raised the level): differs from `level` → the next comment flush edits the issue. Absent on a
   * record stored before Kaizen kept it, until the alerts raise its level (src/domain/transitions.ts).
   */
  issueLevel: LevelSchema.optional(),
  /** The machine timeline was frozen into the page at recovery (for this recovery). */
  timelineFrozenAt: IsoTimeSchema.optional(),
  /** Monotonic counter of timeline entries (their storage keys). */
  timelineCount: z.number().int().nonnegative(),
  /**
   * Declared by hand (the "Declare incident" issue action, src/domain/declare.ts) rather than opened by an alert: who
   * and when, the form's request id, and the issue it was declared on when that issue became the incident's issue.
   * Kept so any later step (a retry, a resume) renders the issue and page for a declaration without an alert.
   */
  declared: z.object({ by: PersonMarkSchema, requestId: z.string(), issueId: z.string().optional() }).optional(),
  /**
   * The live page's Roles and Key times regions (src/usecases/sync-page-regions.ts): a hash of those regions as last
   * written (or found already so) on the page — equal to the hash of the record in hand → nothing to do, no read.
   */
  pageRegionsFingerprint: z.string().optional(),
  /**
   * The reporting store's fact row (src/usecases/sync-incident-facts.ts): a hash of the row as last upserted into Forge
   * SQL — equal to the hash of the record in hand → no SQL call (this runs after every alert of a storm).
   */
  factsFingerprint: z.string().optional(),
  /** When Kaizen last wrote those regions: the next write waits for PAGE_SYNC_WINDOW_SECONDS after it. */
  pageRegionsWrittenAt: IsoTimeSchema.optional(),
  /** A delayed region sync is queued for this time (so only one is queued per window). */
  pageSyncDueAt: IsoTimeSchema.optional(),
  /**
   * A region sync writing the page: claimed by one conditional update before its write, so two syncs at once write
   * once; cleared (with the fingerprint recorded) after the write, released when the write fails.
   */
  pageSyncClaim: z.object({ claimedAt: IsoTimeSchema }).optional(),
  /**
   * The retrospective (DESIGN 3.4), once drafted: its Confluence page, status, who drafted and published it, when its
   * facts were last refreshed, whether the issue links to it, and the last overdue reminder (the 24-hour rule).
   */
  retrospective: z
    .object({
      page: z.object({ id: z.string(), url: z.string(), title: z.string() }),
      status: z.enum(RETRO_STATUSES),
      draftedAt: IsoTimeSchema,
      draftedBy: PersonMarkSchema,
      publishedAt: IsoTimeSchema.optional(),
      publishedBy: PersonMarkSchema.optional(),
      factsRefreshedAt: IsoTimeSchema.optional(),
      /** The issue's remote link to the retrospective page was written. */
      linked: z.boolean(),
      overdueRemindedAt: IsoTimeSchema.optional(),
    })
    .optional(),
  /**
   * The tally of its action items' Jira tasks (src/usecases/action-items/), kept by sync and by the issue-event
   * trigger as people work the tasks: how many, how many done, and the due dates (YYYY-MM-DD) of the open ones that
   * have one — "overdue" depends on the day it is read, so it is counted then.
   */
  actionItems: z.object({ total: z.number().int().nonnegative(), done: z.number().int().nonnegative(), openDue: z.array(z.string()) }).optional(),
  /**
   * Which deployment the incident counts against, when a person chose (DESIGN 3.5): `manual` names the deployment,
   * `none` says no deployment caused it. Absent: the rule's (src/storage/sql/attribution.ts). Only a person sets or
   * changes it (src/domain/attribution.ts); alerts and the machine never do.
   */
  attribution: z
    .object({ mode: z.enum(['manual', 'none']), deploymentId: z.string().optional(), setBy: z.object({ accountId: z.string(), at: IsoTimeSchema }) })
    .optional(),
  /** Roles people assigned (absent: none yet). */
  roles: RolesSchema.optional(),
  /** Which values a person set, and who (absent: all the machine's). Alerts never overwrite these. */
  setByPerson: SetByPersonSchema.optional(),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** The settings intake reads (src/shared/settings.ts: the admin page's schema). */
export type IntakeSettings = Settings;
