/**
 * PagerDuty v3 webhook event → one Alert.
 *
 * @see https://developer.pagerduty.com/docs/webhooks/v3-overview/
 */
import { alertKeyOf, type Alert, type AlertStatus, type SeverityLevel } from '../../domain/alert';
import type { NormaliseContext } from '../alert-source';
import { buildAlert } from '../common/alert-builder';
import { severityLevelOf } from '../common/severity';
import { nonBlank } from '../common/text';
import { rfc3339ToIso } from '../common/time';
import type { PagerdutyPayload } from './schema';

const STATUS_BY_EVENT_TYPE: Readonly<Record<string, AlertStatus>> = {
  'incident.triggered': 'firing',
  'incident.reopened': 'firing',
  'incident.unacknowledged': 'firing',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  // "Send Test Event" on the webhook subscription.
  'pagey.ping': 'test',
};

/** Mackerel's PagerDuty channel sets incident_key to `mackerel-<alert id>`. */
const MACKEREL_INCIDENT_KEY = /^mackerel-([A-Za-z0-9]+)$/;

/** Priority (P1…P5, account-defined names) wins; without one, urgency: high pages (critical), low does not (warning). */
function severityOf(priority: string | undefined, urgency: string | undefined): { level: SeverityLevel; raw?: string } {
  if (priority !== undefined) return { level: severityLevelOf(priority), raw: priority };
  if (urgency === 'high') return { level: 'critical', raw: 'urgency:high' };
  if (urgency === 'low') return { level: 'warning', raw: 'urgency:low' };
  return { level: 'unknown' };
}

/** The text a person wrote: an incident note's content or a status update's message. */
function noteOf(data: PagerdutyPayload['event']['data']): string | undefined {
  if (data.type === 'incident_note') return data.content;
  if (data.type === 'incident_status_update') return data.message;
  return undefined;
}

/**
 * triggered/reopened/unacknowledged → firing, acknowledged → acknowledged, resolved → resolved,
 * `pagey.ping` → test; annotated (note), status updates and every other event type → note, kept as `rawEventType`.
 *
 * @see https://developer.pagerduty.com/docs/webhooks/v3-overview/#event-types
 */
export function normalisePagerduty(payload: PagerdutyPayload, context: NormaliseContext): Alert[] {
  const { event } = payload;
  const { data } = event;
  const status = STATUS_BY_EVENT_TYPE[event.event_type] ?? 'note';

  // Incident events carry the incident in `data`; note/status-update/responder events reference it in `data.incident`.
  const isIncident = data.type === 'incident';
  const incidentId = isIncident ? nonBlank(data.id) : nonBlank(data.incident?.id);
  const incidentKey = isIncident ? nonBlank(data.incident_key ?? undefined) : undefined;
  const mackerelId = incidentKey === undefined ? undefined : MACKEREL_INCIDENT_KEY.exec(incidentKey)?.[1];

  const occurredAt = rfc3339ToIso(event.occurred_at);
  const title =
    nonBlank(isIncident ? data.title : data.incident?.summary) ??
    nonBlank(data.message) ??
    `PagerDuty ${event.event_type}`;
  const agent = event.agent ?? undefined;
  // Only a user acknowledges or resolves; a service_reference agent is the integration that triggered it.
  const actor =
    agent?.type === 'user_reference' && nonBlank(agent.summary) !== undefined
      ? { name: agent.summary as string, id: agent.id }
      : undefined;

  return [
    buildAlert(
      {
        source: 'pagerduty',
        // Non-incident events (service.*, pagey.ping) have no incident: the event id names them.
        sourceAlertId: incidentId ?? `event:${event.id}`,
        groupKey:
          incidentKey !== undefined
            ? `pagerduty:incident-key:${incidentKey}`
            : incidentId !== undefined
              ? `pagerduty:incident:${incidentId}`
              : `pagerduty:event:${event.event_type}`,
        relayedAlertKey: mackerelId === undefined ? undefined : alertKeyOf('mackerel', mackerelId),
        status,
        severity: isIncident ? severityOf(nonBlank(data.priority?.summary), data.urgency) : { level: 'unknown' },
        title,
        message: '',
        monitor: { name: nonBlank(data.service?.summary) ?? 'PagerDuty', url: data.service?.html_url },
        service: nonBlank(data.service?.summary),
        roles: [],
        occurredAt,
        openedAt: isIncident && data.created_at !== undefined ? rfc3339ToIso(data.created_at) : undefined,
        closedAt: status === 'resolved' ? occurredAt : undefined,
        url: isIncident ? data.html_url : data.incident?.html_url,
        links: [{ kind: 'other', url: data.conference_bridge?.conference_url, label: 'conference bridge' }],
        note: noteOf(data),
        actor,
        reason: nonBlank(data.resolve_reason?.type),
        rawEventType: event.event_type,
        raw: payload,
      },
      context,
    ),
  ];
}
