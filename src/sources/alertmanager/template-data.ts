/**
 * Alertmanager's notification template data — the body of Alertmanager's `webhook_config` notifications, and the
 * core of Grafana's webhook contact point (grafana/alerting embeds the same `ExtendedData`). Shared here so both
 * sources read it the same way.
 *
 * Times are RFC 3339 with nanoseconds; `endsAt` is Go's zero time `0001-01-01T00:00:00Z` while an alert fires.
 * Labels and annotations are free-form: `alertname` is the only label Prometheus guarantees; `severity`,
 * `instance`, `job`, `summary`, `description`, `runbook_url` are conventions, read when present.
 *
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 * @see https://github.com/prometheus/alertmanager/blob/main/notify/webhook/webhook.go
 * @see https://prometheus.io/docs/alerting/latest/notifications/#data
 */
import { z } from 'zod';

import type { AlertStatus, LinkKind, SourceId } from '../../domain/alert';
import type { AlertDraft } from '../common/alert-builder';
import { nonNegativeSafeInteger, stringMap } from '../common/schema-helpers';
import { severityLevelOf } from '../common/severity';
import { sha256Hex, stableJson } from '../common/stable-hash';
import { nonBlank } from '../common/text';
import { rfc3339ToIso } from '../common/time';

const rfc3339 = z.iso.datetime({ offset: true, error: 'expected an RFC 3339 time' });

export const TemplateAlertShape = {
  /** `firing` or `resolved`; anything else is kept and shown as a note. */
  status: z.string(),
  labels: stringMap,
  // Go marshals an empty (nil) map as null.
  annotations: stringMap.nullish(),
  startsAt: rfc3339,
  endsAt: rfc3339.optional(),
  generatorURL: z.string().optional(),
  /** Hash of the labels; absent before Alertmanager 0.19, then Kaizen hashes the labels itself. */
  fingerprint: z.string().min(1).optional(),
};

export const TemplateDataShape = {
  version: z.string().optional(),
  /** Identifies the alert group (route + group_by labels); what Kaizen groups on. */
  groupKey: z.string().min(1),
  /** How many alerts of the group the sender left out (`max_alerts`). */
  truncatedAlerts: nonNegativeSafeInteger.optional(),
  status: z.string(),
  receiver: z.string(),
  groupLabels: stringMap.nullish(),
  commonLabels: stringMap.nullish(),
  commonAnnotations: stringMap.nullish(),
  externalURL: z.string().optional(),
};

type TemplateAlert = {
  status: string;
  labels: Record<string, string>;
  annotations?: Record<string, string> | null | undefined;
  startsAt: string;
  endsAt?: string | undefined;
  generatorURL?: string | undefined;
  fingerprint?: string | undefined;
};

type TemplateData<A extends TemplateAlert> = {
  groupKey: string;
  truncatedAlerts?: number | undefined;
  commonLabels?: Record<string, string> | null | undefined;
  externalURL?: string | undefined;
  alerts: A[];
};

const STATUS_BY_WORD: Readonly<Record<string, AlertStatus>> = { firing: 'firing', resolved: 'resolved' };

function firstLabel(labels: Record<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = nonBlank(labels[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

export interface TemplateDataOptions<A extends TemplateAlert> {
  readonly source: Extract<SourceId, 'alertmanager' | 'grafana'>;
  /** Name shown for the sender's UI link (`externalURL`). */
  readonly consoleLabel: string;
  readonly extraLinks?: (alert: A) => { kind: LinkKind; url: unknown; label?: string }[];
  readonly metric?: (alert: A) => AlertDraft['metric'];
}

/**
 * One draft per alert of the notification. `raw` of each is the notification with only that alert in `alerts`,
 * so it stays small and replaying it yields exactly that alert.
 */
export function templateDataDrafts<A extends TemplateAlert, P extends TemplateData<A>>(
  payload: P,
  options: TemplateDataOptions<A>,
): AlertDraft[] {
  const truncatedAlertsCount = payload.truncatedAlerts;
  return payload.alerts.map((alert) => {
    const labels = alert.labels;
    const annotations = alert.annotations ?? {};
    const alertname = nonBlank(labels['alertname']) ?? nonBlank(payload.commonLabels?.['alertname']) ?? 'alert';
    const status = STATUS_BY_WORD[alert.status.toLowerCase()] ?? 'note';
    const severityWord = firstLabel(labels, ['severity', 'priority', 'level']);
    // Fingerprint + startsAt names one firing occurrence: the resolved notification repeats both, while the same
    // labels firing again later are a new occurrence (as a new Mackerel alert id would be).
    const fingerprint = alert.fingerprint ?? sha256Hex(stableJson(labels), 16);
    const openedAt = rfc3339ToIso(alert.startsAt);
    const closedAt = status === 'resolved' && alert.endsAt !== undefined ? rfc3339ToIso(alert.endsAt) : undefined;
    const role = nonBlank(labels['role']);

    return {
      source: options.source,
      sourceAlertId: `${fingerprint}@${alert.startsAt}`,
      groupKey: `${options.source}:${payload.groupKey}`,
      status,
      severity: { level: severityLevelOf(severityWord), raw: severityWord },
      title: nonBlank(annotations['summary']) ?? nonBlank(annotations['title']) ?? alertname,
      message: annotations['description'] ?? annotations['message'] ?? '',
      monitor: { name: alertname, url: alert.generatorURL },
      service: firstLabel(labels, ['service', 'job']),
      roles: role === undefined ? [] : [role],
      host: firstLabel(labels, ['instance', 'host', 'hostname', 'node']),
      metric: options.metric?.(alert),
      occurredAt: status === 'resolved' ? (closedAt ?? openedAt) : openedAt,
      openedAt,
      closedAt,
      url: alert.generatorURL,
      links: [
        { kind: 'runbook', url: annotations['runbook_url'] ?? annotations['runbook'], label: 'runbook' },
        { kind: 'dashboard', url: annotations['dashboard_url'] ?? annotations['dashboard'], label: 'dashboard' },
        ...(options.extraLinks?.(alert) ?? []),
        { kind: 'console', url: payload.externalURL, label: options.consoleLabel },
      ],
      truncatedAlertsCount,
      rawEventType: alert.status,
      raw: { ...payload, alerts: [alert] },
    };
  });
}
