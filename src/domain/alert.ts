/**
 * The one normalised alert every source is turned into (DESIGN 3.1 step 2).
 *
 * Pure: no `@forge/*`, no I/O. Each source's `normalise` (src/sources/<source>/normalise.ts) builds these; dedupe,
 * grouping, the timeline and the Jira/Confluence renderers read only this type, never a sender's payload.
 *
 * Strings are kept exactly as the sender wrote them (HTML, `<script>`, `</ac:...>`, Japanese, newlines): escaping is
 * the renderer's job (ADF text nodes, a real XHTML serializer). What normalisation does do is bound sizes — see
 * {@link ALERT_LIMITS} — and keep only http(s) URLs, so a `javascript:` link can never reach a page.
 */
import { z } from 'zod';
import { isHttpUrl } from '../shared/http-url';
import { SEVERITY_LEVELS, SOURCE_IDS } from '../shared/vocabulary';

// The vocabulary arrays live once, in src/shared/vocabulary.ts; the domain builds its classic-zod schemas from them.
export { SEVERITY_LEVELS, SOURCE_IDS };

/** Every alert source Kaizen accepts, one web trigger each. */
export const SourceIdSchema = z.enum(SOURCE_IDS);
export type SourceId = z.infer<typeof SourceIdSchema>;

/**
 * What this notification says happened.
 * - `firing`: the alert is open (new, still open, re-sent, escalated in severity, reopened, unacknowledged).
 * - `resolved`: the alert closed (recovered, manually closed, closed because its host was retired).
 * - `acknowledged`: a person took it (Opsgenie Acknowledge, PagerDuty incident.acknowledged).
 * - `note`: information only; it changes no state (Opsgenie AddNote/Escalate, PagerDuty annotations, and every
 *   event type, action or event the code does not know — those are kept and shown, never rejected).
 * - `test`: the sender's Test button (Mackerel `sample`, PagerDuty `pagey.ping`): marks the source connected.
 */
export const ALERT_STATUSES = ['firing', 'resolved', 'acknowledged', 'note', 'test'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** Severity on Kaizen's own scale; the sender's word is kept next to it in `severity.raw`. */
export const SeverityLevelSchema = z.enum(SEVERITY_LEVELS);
export type SeverityLevel = z.infer<typeof SeverityLevelSchema>;

/** What a link in {@link Alert.links} points at, so a renderer can label and order them. */
export const LINK_KINDS = [
  'runbook',
  'dashboard',
  'panel',
  'silence',
  'image',
  'rule',
  'host',
  'service',
  'console',
  'other',
] as const;
export const LinkKindSchema = z.enum(LINK_KINDS);
export type LinkKind = z.infer<typeof LinkKindSchema>;

/**
 * Size caps applied by normalisation. Lengths are counted in Unicode code points (a Japanese character is one).
 * A capped text field ends with {@link TRUNCATION_MARK} and is listed in `truncatedFields`; ids and keys are never
 * cut (a cut id could collide) but replaced by a hash when too long; a URL over the limit is dropped, never cut.
 *
 * Why these numbers: the whole Alert must fit a Forge queue event (200 KB for all events of one push) and one KVS
 * value (240 KiB), with room for several alerts of one batch. 16,000 code points keeps a Mackerel check-plugin
 * message (~2 KB) or an Opsgenie description (the sender already cuts it at 1,000) whole, while a runaway log dump
 * stays bounded; Jira's own 255-character summary limit is the Jira adapter's business, not this type's.
 */
export const ALERT_LIMITS = {
  /** title: one line for the incident summary. */
  titleChars: 500,
  /** message, note: the body text. */
  messageChars: 16_000,
  noteChars: 16_000,
  /** monitor.memo: Mackerel's monitor memo / Alertmanager's description-like text kept with the monitor. */
  monitorMemoChars: 4_000,
  /** every other short text: monitor name, service, host, role, actor, metric label, link label, reason. */
  nameChars: 500,
  /** sourceAlertId, groupKey, relayedAlertKey: longer ones are replaced by `sha256:<hex>` of the full value. */
  keyChars: 512,
  /** URLs longer than this are dropped. */
  urlChars: 4_096,
  /** at most this many links and roles; the rest are dropped and the field listed in truncatedFields. */
  links: 20,
  roles: 50,
  /** each string inside `raw` is capped at this many code points. */
  rawStringChars: 16_000,
  /** `raw` as JSON above this many characters is replaced by {@link TruncatedRaw}. */
  rawJsonChars: 64_000,
} as const;

/** Appended to a text that was cut, so a reader sees it was cut. */
export const TRUNCATION_MARK = '…[truncated]';

/** Written in place of a secret found in a payload (echoed headers, tokens, passwords, URL user-info). */
export const REDACTED = '[REDACTED]';

/** ISO-8601 UTC with millisecond precision exactly as `Date#toISOString()` writes it (sortable as text). */
export const IsoTimeSchema = z.iso.datetime({ precision: 3 });

/** An absolute http(s) URL. Normalisers drop anything else (javascript:, data:, relative, malformed). */
export const HttpUrlSchema = z
  .string()
  .max(ALERT_LIMITS.urlChars)
  .refine(isHttpUrl, 'expected an absolute http(s) URL');

export const AlertLinkSchema = z.object({
  kind: LinkKindSchema,
  url: HttpUrlSchema,
  label: z.string().optional(),
});
export type AlertLink = z.infer<typeof AlertLinkSchema>;

/** `raw` when the redacted payload was still above {@link ALERT_LIMITS.rawJsonChars}: the start of its JSON. */
export const TruncatedRawSchema = z.object({
  truncatedRaw: z.literal(true),
  originalJsonChars: z.number().int().nonnegative(),
  jsonPrefix: z.string(),
});
export type TruncatedRaw = z.infer<typeof TruncatedRawSchema>;

export const AlertSchema = z.object({
  source: SourceIdSchema,
  /**
   * The sender's id of this alert (Mackerel alert id, `alertGroup:<id>` for a Mackerel alert group, Opsgenie alertId,
   * Alertmanager/Grafana `<fingerprint>@<startsAt>` — one firing occurrence, PagerDuty incident id).
   * The same id arriving again is the same alert (re-send or status change), never a new one.
   */
  sourceAlertId: z.string().min(1),
  /**
   * What grouping compares, prefixed with the source so keys of different sources never meet by accident:
   * `mackerel:alertGroup:<id>`, `mackerel:service:<name>`, `mackerel:role:<service: role>`, `mackerel:host:<id>`,
   * `mackerel:monitor:<name>`; `opsgenie:entity:<entity>` or `opsgenie:alias:<alias>`;
   * `alertmanager:<groupKey>`; `grafana:<groupKey>`; `pagerduty:incident-key:<key>` or `pagerduty:incident:<id>`.
   */
  groupKey: z.string().min(1),
  /**
   * The alert this one relays, as {@link alertKeyOf} writes it — e.g. `mackerel:4Ksb2dWqJ7m` for an Opsgenie alert
   * whose alias is `mackerel-4Ksb2dWqJ7m` or a PagerDuty incident whose incident_key is. Lets both paths land on
   * one incident.
   */
  relayedAlertKey: z.string().min(1).optional(),
  status: AlertStatusSchema,
  severity: z.object({
    level: SeverityLevelSchema,
    /** The sender's own word: Mackerel `critical`/`CRITICAL`, Opsgenie `P1` or `3`, a `severity` label, PagerDuty priority or urgency. */
    raw: z.string().optional(),
  }),
  title: z.string(),
  message: z.string(),
  monitor: z.object({
    name: z.string(),
    url: HttpUrlSchema.optional(),
    /** The monitor's own memo (Mackerel) — often runbook text. */
    memo: z.string().optional(),
  }),
  service: z.string().optional(),
  roles: z.array(z.string()),
  host: z.string().optional(),
  metric: z
    .object({
      label: z.string(),
      value: z.number().optional(),
      /** The threshold that matches `severity` (critical → critical threshold, otherwise the warning one). */
      threshold: z.number().optional(),
      operator: z.string().optional(),
    })
    .optional(),
  /** When the event this notification reports happened (status change, action, close); never missing. */
  occurredAt: IsoTimeSchema,
  /** When the alert first opened, if the sender says. */
  openedAt: IsoTimeSchema.optional(),
  /** When it closed, for `resolved`. */
  closedAt: IsoTimeSchema.optional(),
  /** Link back to the alert in the sender's UI. */
  url: HttpUrlSchema.optional(),
  links: z.array(AlertLinkSchema),
  /** A person's note carried by the event (Opsgenie AddNote, PagerDuty annotation/status update). */
  note: z.string().optional(),
  /** Who acted (acknowledged, closed, noted), when a person or system is named. */
  actor: z.object({ name: z.string(), id: z.string().optional() }).optional(),
  /** Why the state changed, in the sender's words (Mackerel `trigger` such as `manual close`/`retire host`, PagerDuty resolve reason). */
  reason: z.string().optional(),
  /** Alertmanager/Grafana `truncatedAlerts`: how many alerts of the same notification the sender left out. */
  truncatedAlertsCount: z.number().int().positive().optional(),
  /**
   * The sender's own event word, kept even when unknown so it can be shown: Mackerel `alert:host`, `alertGroup`,
   * `sample` or any new event; Opsgenie action; Alertmanager/Grafana alert status; PagerDuty event_type.
   */
  rawEventType: z.string(),
  /** The source payload this alert came from, secrets redacted, strings capped; JSON-safe. */
  raw: z.union([TruncatedRawSchema, z.record(z.string(), z.json())]),
  /** True when any field was capped or dropped by {@link ALERT_LIMITS}; `truncatedFields` names them. */
  truncated: z.boolean(),
  truncatedFields: z.array(z.string()),
});
export type Alert = z.infer<typeof AlertSchema>;

/**
 * The key that names one alert across sources: `<source>:<sourceAlertId>`. `relayedAlertKey` uses the same form,
 * so `alertKeyOf(a.source, a.sourceAlertId) === b.relayedAlertKey` finds the alert `b` relays.
 */
export function alertKeyOf(source: SourceId, sourceAlertId: string): string {
  return `${source}:${sourceAlertId}`;
}
