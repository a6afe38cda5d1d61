/**
 * The last step of every normaliser: a draft (fields as the payload gave them) → a valid, bounded {@link Alert}.
 * Caps text ({@link ALERT_LIMITS}), keeps only http(s) URLs, hashes over-long keys, redacts `raw`, fills
 * `occurredAt` from the receive time when the payload had none, and validates the result against `AlertSchema`
 * (a failure there is a bug in a normaliser, not bad input: the payload already passed its schema).
 */
import {
  ALERT_LIMITS,
  AlertSchema,
  type Alert,
  type AlertLink,
  type AlertStatus,
  type LinkKind,
  type SeverityLevel,
  type SourceId,
} from '../../domain/alert';
import type { NormaliseContext } from '../alert-source';
import { redactRaw } from './redact';
import { sha256Hex } from './stable-hash';
import { capCodePoints } from './text';
import { plausibleTime } from './time';
import { safeHttpUrl } from './urls';

export interface AlertDraft {
  source: SourceId;
  sourceAlertId: string;
  groupKey: string;
  relayedAlertKey?: string | undefined;
  status: AlertStatus;
  severity: { level: SeverityLevel; raw?: string | undefined };
  title: string;
  message: string;
  monitor: { name: string; url?: unknown; memo?: string | undefined };
  service?: string | undefined;
  roles?: readonly string[];
  host?: string | undefined;
  metric?:
    | { label: string; value?: number | undefined; threshold?: number | undefined; operator?: string | undefined }
    | undefined;
  /** ISO; undefined or implausible (common/time.ts `plausibleTime`) → the receive time. */
  occurredAt?: string | undefined;
  openedAt?: string | undefined;
  closedAt?: string | undefined;
  /** Any value: kept only if it is a safe http(s) URL. */
  url?: unknown;
  links?: readonly { kind: LinkKind; url: unknown; label?: string | undefined }[];
  note?: string | undefined;
  actor?: { name: string; id?: string | undefined } | undefined;
  reason?: string | undefined;
  truncatedAlertsCount?: number | undefined;
  rawEventType: string;
  /** The payload (or the slice of a batch) this alert came from, before redaction. */
  raw: Record<string, unknown>;
}

class Capper {
  readonly fields = new Set<string>();

  text(field: string, value: string, limit: number): string {
    const capped = capCodePoints(value, limit);
    if (capped.truncated) this.fields.add(field);
    return capped.value;
  }

  optionalText(field: string, value: string | undefined, limit: number): string | undefined {
    return value === undefined ? undefined : this.text(field, value, limit);
  }

  /** Ids are never cut (two cut ids could collide); an over-long one becomes the hash of the whole. */
  key(field: string, value: string): string {
    if (Array.from(value).length <= ALERT_LIMITS.keyChars) return value;
    this.fields.add(field);
    return `sha256:${sha256Hex(value)}`;
  }
}

function finiteOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** Drops keys whose value is undefined, so stored alerts carry no `"key": undefined` noise. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Draft → Alert. Throws (a ZodError) only if a normaliser produced something the Alert type forbids. */
export function buildAlert(draft: AlertDraft, context: NormaliseContext): Alert {
  const cap = new Capper();
  const { nameChars } = ALERT_LIMITS;

  const allRoles = draft.roles ?? [];
  if (allRoles.length > ALERT_LIMITS.roles) cap.fields.add('roles');
  const roles = allRoles.slice(0, ALERT_LIMITS.roles).map((role) => cap.text('roles', role, nameChars));

  const safeLinks: AlertLink[] = [];
  for (const link of draft.links ?? []) {
    const url = safeHttpUrl(link.url);
    if (url === undefined) continue;
    if (safeLinks.some((existing) => existing.url === url && existing.kind === link.kind)) continue;
    safeLinks.push(
      withoutUndefined({ kind: link.kind, url, label: cap.optionalText('links.label', link.label, nameChars) }),
    );
  }
  if (safeLinks.length > ALERT_LIMITS.links) cap.fields.add('links');

  const metric =
    draft.metric === undefined
      ? undefined
      : withoutUndefined({
          label: cap.text('metric.label', draft.metric.label, nameChars),
          value: finiteOrUndefined(draft.metric.value),
          threshold: finiteOrUndefined(draft.metric.threshold),
          operator: cap.optionalText('metric.operator', draft.metric.operator, nameChars),
        });

  const redacted = redactRaw(draft.raw);
  if (redacted.truncated) cap.fields.add('raw');

  const alert = withoutUndefined({
    source: draft.source,
    sourceAlertId: cap.key('sourceAlertId', draft.sourceAlertId),
    groupKey: cap.key('groupKey', draft.groupKey),
    relayedAlertKey: draft.relayedAlertKey === undefined ? undefined : cap.key('relayedAlertKey', draft.relayedAlertKey),
    status: draft.status,
    severity: withoutUndefined({
      level: draft.severity.level,
      raw: cap.optionalText('severity.raw', draft.severity.raw, nameChars),
    }),
    title: cap.text('title', draft.title, ALERT_LIMITS.titleChars),
    message: cap.text('message', draft.message, ALERT_LIMITS.messageChars),
    monitor: withoutUndefined({
      name: cap.text('monitor.name', draft.monitor.name, nameChars),
      url: safeHttpUrl(draft.monitor.url),
      memo: cap.optionalText('monitor.memo', draft.monitor.memo, ALERT_LIMITS.monitorMemoChars),
    }),
    service: cap.optionalText('service', draft.service, nameChars),
    roles,
    host: cap.optionalText('host', draft.host, nameChars),
    metric,
    // an implausible time (before 2000, or far after we received it) is treated as absent (common/time.ts)
    occurredAt: plausibleTime(draft.occurredAt, context.receivedAt) ?? context.receivedAt,
    openedAt: plausibleTime(draft.openedAt, context.receivedAt),
    closedAt: plausibleTime(draft.closedAt, context.receivedAt),
    url: safeHttpUrl(draft.url),
    links: safeLinks.slice(0, ALERT_LIMITS.links),
    note: cap.optionalText('note', draft.note, ALERT_LIMITS.noteChars),
    actor:
      draft.actor === undefined
        ? undefined
        : withoutUndefined({
            name: cap.text('actor.name', draft.actor.name, nameChars),
            id: cap.optionalText('actor.id', draft.actor.id, nameChars),
          }),
    reason: cap.optionalText('reason', draft.reason, nameChars),
    truncatedAlertsCount:
      draft.truncatedAlertsCount !== undefined && draft.truncatedAlertsCount > 0 ? draft.truncatedAlertsCount : undefined,
    rawEventType: cap.text('rawEventType', draft.rawEventType, nameChars),
    raw: redacted.raw,
    truncated: false,
    truncatedFields: [] as string[],
  });
  alert.truncatedFields = [...cap.fields];
  alert.truncated = alert.truncatedFields.length > 0;
  return AlertSchema.parse(alert);
}
