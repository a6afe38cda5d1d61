/**
 * Opsgenie / JSM Operations alert action → one Alert.
 *
 * @see https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-webhook/
 * @see https://docs.opsgenie.com/docs/marid-alert-action-data
 */
import { alertKeyOf, type Alert, type AlertStatus, type SeverityLevel } from '../../domain/alert';
import type { NormaliseContext } from '../alert-source';
import { buildAlert } from '../common/alert-builder';
import { toNumber } from '../common/schema-helpers';
import { nonBlank } from '../common/text';
import { epochMillisecondsToIso, epochNanosecondsToIso, firstTime } from '../common/time';
import type { OpsgeniePayload } from './schema';

/** Actions that change the alert's state; every other action (known or not) is a note on the timeline. */
const STATUS_BY_ACTION: Readonly<Record<string, AlertStatus>> = {
  create: 'firing',
  unacknowledge: 'firing',
  acknowledge: 'acknowledged',
  close: 'resolved',
  addnote: 'note',
};

/** P1/P2 page someone; P3 is the default priority; P4/P5 are informational. */
const LEVEL_BY_PRIORITY: Readonly<Record<string, SeverityLevel>> = {
  p1: 'critical',
  p2: 'critical',
  p3: 'warning',
  p4: 'info',
  p5: 'info',
};

/** `P1`…`P5`, or 1…5 in 2017-era payloads → `{level, raw}` with the raw word as sent. */
function severityOf(priority: string | number | undefined): { level: SeverityLevel; raw?: string } {
  if (priority === undefined) return { level: 'unknown' };
  const raw = String(priority);
  const key = /^\d$/.test(raw) ? `p${raw}` : raw.toLowerCase();
  return { level: LEVEL_BY_PRIORITY[key] ?? 'unknown', raw };
}

/**
 * Mackerel's Opsgenie channel sets the alias to `mackerel-<alert id>`: such an alert relays a Mackerel alert that
 * Kaizen may already track through Mackerel's own webhook.
 */
const MACKEREL_ALIAS = /^mackerel-([A-Za-z0-9]+)$/;

export function relayedAlertKeyFromAlias(alias: string | undefined): string | undefined {
  const match = alias === undefined ? null : MACKEREL_ALIAS.exec(alias);
  return match?.[1] === undefined ? undefined : alertKeyOf('mackerel', match[1]);
}

function escalationTitle(payload: OpsgeniePayload): string {
  const to = nonBlank(payload.escalationNotify?.name);
  const name = nonBlank(payload.escalationName) ?? 'escalation';
  return to === undefined ? `Escalated (${name})` : `Escalated to ${to} (${name})`;
}

/**
 * One alert action → one Alert. Create/UnAcknowledge → firing, Acknowledge → acknowledged, Close → resolved,
 * AddNote and every other action (Escalate, AddTags, Delete, unknown ones) → note, with the action kept as
 * `rawEventType`.
 *
 * @see https://docs.opsgenie.com/docs/marid-alert-action-data
 */
export function normaliseOpsgenie(payload: OpsgeniePayload, context: NormaliseContext): Alert[] {
  const { alert, action } = payload;
  const status = STATUS_BY_ACTION[action.toLowerCase()] ?? 'note';

  const createdAtMs = toNumber(alert.createdAt);
  const openedAt = createdAtMs === undefined ? undefined : epochMillisecondsToIso(createdAtMs);
  // updatedAt (ns) is when this action happened; 2017-era payloads have insertedAt (ns) instead.
  const actionAt = firstTime(
    alert.updatedAt === undefined ? undefined : epochNanosecondsToIso(alert.updatedAt),
    alert.insertedAt === undefined ? undefined : epochNanosecondsToIso(alert.insertedAt),
  );
  // A Create happened when the alert was created; any later action at its updatedAt.
  const occurredAt = action.toLowerCase() === 'create' ? (openedAt ?? actionAt) : (actionAt ?? openedAt);

  const entity = nonBlank(alert.entity);
  const alias = nonBlank(alert.alias);
  const groupKey =
    entity !== undefined
      ? `opsgenie:entity:${entity}`
      : alias !== undefined
        ? `opsgenie:alias:${alias}`
        : `opsgenie:alert:${alert.alertId}`;

  const isEscalate = action.toLowerCase() === 'escalate';
  const username = nonBlank(alert.username);
  // Escalate's `alert` holds only alertId: the escalation is the story.
  const fallbackTitle = isEscalate ? escalationTitle(payload) : `Opsgenie alert ${alert.tinyId ?? alert.alertId}`;

  return [
    buildAlert(
      {
        source: 'opsgenie',
        sourceAlertId: alert.alertId,
        groupKey,
        relayedAlertKey: relayedAlertKeyFromAlias(alias),
        status,
        severity: severityOf(alert.priority),
        title: nonBlank(alert.message) ?? fallbackTitle,
        message: alert.description ?? (isEscalate ? fallbackTitle : ''),
        monitor: { name: nonBlank(alert.source) ?? nonBlank(payload.integrationName) ?? 'Opsgenie' },
        roles: [],
        occurredAt,
        openedAt,
        closedAt: status === 'resolved' ? occurredAt : undefined,
        // AddNote carries it; a Close or Acknowledge with a note may too.
        note: nonBlank(alert.note),
        actor: username === undefined ? undefined : { name: username, id: nonBlank(alert.userId) },
        rawEventType: action,
        raw: payload,
      },
      context,
    ),
  ];
}
