/**
 * Mackerel payload → Alerts (one per webhook).
 *
 * @see https://mackerel.io/docs/entry/howto/alerts/webhook
 */
import type { Alert, SeverityLevel } from '../../domain/alert';
import type { NormaliseContext } from '../alert-source';
import { buildAlert, type AlertDraft } from '../common/alert-builder';
import { toNumber } from '../common/schema-helpers';
import { sha256Hex, stableJson } from '../common/stable-hash';
import { nonBlank } from '../common/text';
import { epochMillisecondsToIso, epochSecondsToIso } from '../common/time';
import {
  isAlertEvent,
  isAlertGroupEvent,
  isSampleEvent,
  lastPathSegment,
  type MackerelAlertEvent,
  type MackerelAlertGroupEvent,
  type MackerelOtherEvent,
  type MackerelPayload,
  type MackerelSampleEvent,
} from './schema';

/** Mackerel's statuses, case-insensitively (alert events write `critical`, alertGroup events `CRITICAL`). */
function severityOf(status: string): SeverityLevel {
  switch (status.toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'warning':
      return 'warning';
    case 'ok':
      return 'info';
    default:
      return 'unknown';
  }
}

function secondsToIso(epochSeconds: number | null | undefined): string | undefined {
  return epochSeconds === null || epochSeconds === undefined ? undefined : epochSecondsToIso(epochSeconds);
}

function alertDraft(payload: MackerelAlertEvent): AlertDraft {
  const { alert, host, service } = payload;
  // The schema guarantees one of the two; pre-2020 payloads have no alert.id.
  const alertId = alert.id ?? lastPathSegment(alert.url ?? '') ?? '';
  const statusWord = alert.status.toLowerCase();
  // A manual close or a host retirement closes the alert with isOpen: false; `ok` is the monitor's recovery.
  const closed = alert.isOpen === false || statusWord === 'ok';

  // openedAt is seconds; pre-2020 payloads only have createdAt, in milliseconds.
  const createdAt = typeof alert.createdAt === 'number' ? epochMillisecondsToIso(alert.createdAt) : undefined;
  const openedAt = secondsToIso(alert.openedAt) ?? createdAt;
  const closedAt = closed ? (secondsToIso(alert.closedAt) ?? secondsToIso(alert.statusChangedAt)) : undefined;
  const occurredAt = closed ? closedAt : (secondsToIso(alert.statusChangedAt) ?? openedAt);

  // `service` is present only for service-metric alerts; its roles are the service's, not the alert's.
  const hostRoles = host?.roles ?? [];
  const roleNames = hostRoles.map((role) => role.fullname);
  const serviceName = service?.name ?? hostRoles.find((role) => nonBlank(role.serviceName))?.serviceName;
  const monitorName = nonBlank(alert.monitorName) ?? nonBlank(payload.type) ?? 'Mackerel';

  let groupKey: string;
  if (service) groupKey = `mackerel:service:${service.name}`;
  else if (roleNames.length > 0) groupKey = `mackerel:role:${[...roleNames].sort()[0]}`;
  else if (host) groupKey = `mackerel:host:${host.id}`;
  else groupKey = `mackerel:monitor:${monitorName}`;

  const threshold =
    statusWord === 'critical'
      ? (toNumber(alert.criticalThreshold) ?? toNumber(alert.warningThreshold))
      : (toNumber(alert.warningThreshold) ?? toNumber(alert.criticalThreshold));

  return {
    source: 'mackerel',
    sourceAlertId: alertId,
    groupKey,
    status: closed ? 'resolved' : 'firing',
    severity: { level: severityOf(alert.status), raw: alert.status },
    title: host ? `${monitorName} (${host.name})` : monitorName,
    message: payload.message ?? '',
    monitor: { name: monitorName, memo: nonBlank(payload.memo) },
    service: serviceName,
    roles: roleNames,
    host: host?.name,
    metric:
      alert.metricLabel === undefined
        ? undefined
        : {
            label: alert.metricLabel,
            value: toNumber(alert.metricValue),
            threshold,
            operator: alert.monitorOperator,
          },
    occurredAt,
    openedAt,
    closedAt,
    url: alert.url,
    links: [
      { kind: 'image', url: payload.imageUrl, label: 'graph' },
      { kind: 'host', url: host?.url, label: host?.name },
      ...hostRoles.map((role) => ({ kind: 'service' as const, url: role.roleUrl, label: role.fullname })),
    ],
    actor: payload.user?.screenName ? { name: payload.user.screenName, id: payload.user.id } : undefined,
    reason: alert.trigger,
    rawEventType: payload.type === undefined ? 'alert' : `alert:${payload.type}`,
    raw: payload,
  };
}

function alertGroupDraft(payload: MackerelAlertGroupEvent): AlertDraft {
  const { alertGroup } = payload;
  const setting = payload.alertGroupSetting ?? undefined;
  const closed = alertGroup.status.toLowerCase() === 'ok' || (alertGroup.closedAt ?? null) !== null;
  const openedAt = secondsToIso(alertGroup.createdAt);
  const closedAt = closed ? secondsToIso(alertGroup.closedAt) : undefined;
  const name = nonBlank(setting?.name) ?? `alert group ${alertGroup.id}`;
  return {
    source: 'mackerel',
    // Alert groups and alerts are different things with separate ids; the prefix keeps them apart.
    sourceAlertId: `alertGroup:${alertGroup.id}`,
    groupKey: `mackerel:alertGroup:${alertGroup.id}`,
    status: closed ? 'resolved' : 'firing',
    severity: { level: severityOf(alertGroup.status), raw: alertGroup.status },
    title: name,
    message: '',
    monitor: { name, url: setting?.url, memo: nonBlank(setting?.memo) },
    roles: [],
    occurredAt: closed ? (closedAt ?? openedAt) : openedAt,
    openedAt,
    closedAt,
    url: alertGroup.url,
    links: [{ kind: 'image', url: payload.imageUrl, label: 'graph' }],
    rawEventType: 'alertGroup',
    raw: payload,
  };
}

function sampleDraft(payload: MackerelSampleEvent): AlertDraft {
  const message = payload.message ?? '';
  return {
    source: 'mackerel',
    // The Test button carries no id or time; every press is the same "connected" signal.
    sourceAlertId: 'sample',
    groupKey: 'mackerel:sample',
    status: 'test',
    severity: { level: 'info' },
    title: nonBlank(message) ?? 'Mackerel test notification',
    message,
    monitor: { name: 'Mackerel' },
    rawEventType: 'sample',
    raw: payload,
  };
}

function otherEventDraft(payload: MackerelOtherEvent): AlertDraft {
  const message = typeof payload.message === 'string' ? payload.message : '';
  return {
    source: 'mackerel',
    // No id to go by: the content hash keeps a redelivery of the same body the same alert.
    sourceAlertId: `event:${payload.event}:${sha256Hex(stableJson(payload), 16)}`,
    groupKey: `mackerel:event:${payload.event}`,
    status: 'note',
    severity: { level: 'unknown' },
    title: `Mackerel event: ${payload.event}`,
    message,
    monitor: { name: 'Mackerel' },
    rawEventType: payload.event,
    raw: payload,
  };
}

/**
 * One Mackerel webhook → one Alert: an alert (status from `alert.status`/`isOpen`), an alert group, the Test
 * button's `sample` (status `test`), or any other event as a `note`.
 *
 * @see https://mackerel.io/docs/entry/howto/alerts/webhook
 */
export function normaliseMackerel(payload: MackerelPayload, context: NormaliseContext): Alert[] {
  if (isAlertEvent(payload)) return [buildAlert(alertDraft(payload), context)];
  if (isAlertGroupEvent(payload)) return [buildAlert(alertGroupDraft(payload), context)];
  if (isSampleEvent(payload)) return [buildAlert(sampleDraft(payload), context)];
  return [buildAlert(otherEventDraft(payload), context)];
}
