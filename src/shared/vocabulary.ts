/**
 * The words the backend and the UI share, declared once: incident states and levels, alert sources, severities and
 * alert states, timeline kinds. The `as const` arrays are the one source; src/domain builds its classic-zod schemas
 * from these same arrays (`z.enum(LEVELS)`), while the UI and the resolver contracts use the `zod/mini` schemas
 * below — importing src/domain into the UI would pull ~17 KB (gzip) of classic zod into every Custom UI bundle.
 */
import * as z from 'zod/mini';

export const INCIDENT_STATES = ['open', 'acknowledged', 'mitigated', 'recovered', 'closed'] as const;
export const IncidentStateSchema = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentStateSchema>;

/** SEV1 is the most severe. */
export const LEVELS = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const LevelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof LevelSchema>;

export const SOURCE_IDS = ['mackerel', 'opsgenie', 'alertmanager', 'grafana', 'pagerduty'] as const;
export const SourceIdSchema = z.enum(SOURCE_IDS);
export type SourceId = z.infer<typeof SourceIdSchema>;

/** Product names as each vendor writes them; the same in every language. */
export const SOURCE_NAMES: Readonly<Record<SourceId, string>> = {
  mackerel: 'Mackerel',
  opsgenie: 'Opsgenie',
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  pagerduty: 'PagerDuty',
};

export const SEVERITY_LEVELS = ['critical', 'warning', 'info', 'unknown'] as const;
export const SeverityLevelSchema = z.enum(SEVERITY_LEVELS);
export type SeverityLevel = z.infer<typeof SeverityLevelSchema>;

/** The latest state of one source alert on an incident. */
export const ALERT_STATES = ['firing', 'acknowledged', 'resolved'] as const;
export const AlertStateSchema = z.enum(ALERT_STATES);
export type AlertState = z.infer<typeof AlertStateSchema>;

/** The key times a person may set, in their order (DESIGN 3.3, 3.5). `closedAt` is set only by closing. */
export const KEY_TIME_FIELDS = ['impactStartedAt', 'detectedAt', 'acknowledgedAt', 'mitigatedAt', 'recoveredAt'] as const;
export type KeyTimeField = (typeof KEY_TIME_FIELDS)[number];

/** Timeline kinds as stored: the machine's, and people's actions (`level-set` … `note`, always with an `actor`). */
export const TIMELINE_KINDS = ['alert-opened', 'alert-escalated', 'alert-repeated', 'alert-acknowledged', 'alert-resolved', 'alert-note', 'recovered', 'reopened', 'incident-opened', 'incident-acknowledged', 'level-set', 'roles-set', 'time-set', 'mitigated', 'closed', 'note', 'attribution-set'] as const;

/** Timeline kinds as the UI shows them (the stored kinds; `incident-acknowledged` is a person's acknowledgement). */
export const TIMELINE_VIEW_KINDS = TIMELINE_KINDS;
export const TimelineViewKindSchema = z.enum(TIMELINE_VIEW_KINDS);
export type TimelineViewKind = z.infer<typeof TimelineViewKindSchema>;
