/**
 * What an alert does to an incident (DESIGN 3.1 steps 4–6), as pure functions of the decision `classify` made:
 * the new incident record, the alert's own row and the timeline entries to append. The record stays bounded: it
 * keeps counts of its alerts by state, never the alerts themselves, so one alert costs the same in a storm of
 * thousands as in an incident of one. Side effects (Jira, Confluence) are the use case's.
 */
import { alertKeyOf, type Alert } from './alert';
import type { Decision } from './grouping';
import { levelFor } from '../shared/settings';
import { countsAfter, higherLevel, type Incident, type IncidentAlert, type IntakeSettings, type TimelineEntry } from './incident';

/** Event ids remembered per alert for redelivery detection; older ones are forgotten. */
const APPLIED_EVENT_IDS_KEPT = 20;

/** Group keys an incident remembers (they are informational; grouping itself goes through the group links). */
export const GROUP_KEYS_KEPT = 10;

export interface Applied {
  incident: Incident;
  /** The alert as the incident now holds it: its own row, written in the same transaction as the record. */
  alert: IncidentAlert;
  timeline: TimelineEntry[];
  /** Every alert resolved just now: record recovery and freeze the machine timeline into the page. */
  recovered: boolean;
}

function entryFor(alert: Alert, kind: TimelineEntry['kind']): TimelineEntry {
  return {
    at: alert.occurredAt,
    kind,
    alertKey: alertKeyOf(alert.source, alert.sourceAlertId),
    source: alert.source,
    severity: alert.severity.level,
    title: alert.title,
    ...(alert.note ?? (kind === 'alert-opened' ? alert.message : undefined) ? { detail: (alert.note ?? alert.message).slice(0, 2000) } : {}),
    ...(alert.actor ? { actor: alert.actor.name } : {}),
    ...(alert.url ? { url: alert.url } : {}),
  };
}

function heldFrom(alert: Alert, eventId: string, previous?: IncidentAlert): IncidentAlert {
  const state = alert.status === 'resolved' ? 'resolved' : alert.status === 'acknowledged' ? 'acknowledged' : alert.status === 'firing' ? 'firing' : previous?.state ?? 'firing';
  return {
    key: alertKeyOf(alert.source, alert.sourceAlertId),
    source: alert.source,
    sourceAlertId: alert.sourceAlertId,
    groupKey: alert.groupKey,
    title: alert.title,
    state,
    severity: alert.status === 'firing' || !previous ? alert.severity.level : previous.severity,
    ...(alert.severity.raw ?? previous?.severityRaw ? { severityRaw: alert.severity.raw ?? previous?.severityRaw } : {}),
    firstSeenAt: previous?.firstSeenAt ?? alert.occurredAt,
    lastEventAt: alert.occurredAt,
    ...(state === 'resolved' ? { resolvedAt: alert.closedAt ?? alert.occurredAt } : {}),
    ...(alert.url ?? previous?.url ? { url: alert.url ?? previous?.url } : {}),
    monitorName: alert.monitor.name || previous?.monitorName || alert.title,
    ...(alert.monitor.url ?? previous?.monitorUrl ? { monitorUrl: alert.monitor.url ?? previous?.monitorUrl } : {}),
    appliedEventIds: [...(previous?.appliedEventIds ?? []), eventId].slice(-APPLIED_EVENT_IDS_KEPT),
  };
}

const latest = (a: string, b: string): string => (new Date(a) >= new Date(b) ? a : b);

/** A new incident from its first alert. */
export function openIncident(alert: Alert, eventId: string, id: string, settings: IntakeSettings, drill: boolean, leaseUntil: string): Applied {
  const held = heldFrom(alert, eventId);
  const incident: Incident = {
    id,
    version: 0,
    state: 'open',
    level: levelFor(settings, alert.source, alert.severity.level),
    title: alert.title || alert.monitor.name,
    language: settings.pageLanguage,
    drill,
    groupKeys: [alert.groupKey],
    openedByEventId: eventId,
    // default impact start is the first alert's open time (DESIGN 3.5); people may backdate it later
    impactStartedAt: alert.openedAt ?? alert.occurredAt,
    detectedAt: alert.occurredAt,
    lastAlertAt: alert.occurredAt,
    reopenCount: 0,
    alertCounts: countsAfter({ firing: 0, acknowledged: 0, resolved: 0 }, undefined, held.state),
    ...(held.resolvedAt ? { lastResolvedAt: held.resolvedAt } : {}),
    linked: false,
    artifactsLeaseUntil: leaseUntil,
    pendingComment: [],
    timelineCount: 0,
  };
  return { incident, alert: held, timeline: [entryFor(alert, 'incident-opened')], recovered: false };
}

/** Applies a decision that touches an existing incident. */
export function applyToIncident(decision: Extract<Decision, { incident: Incident }>, alert: Alert, eventId: string, settings: IntakeSettings): Applied {
  const before = decision.incident;
  const previous = decision.held;
  const held = heldFrom(alert, eventId, previous);
  const lastResolvedAt = held.resolvedAt && previous?.state !== 'resolved' ? latest(before.lastResolvedAt ?? held.resolvedAt, held.resolvedAt) : before.lastResolvedAt;
  let incident: Incident = {
    ...before,
    alertCounts: countsAfter(before.alertCounts, previous?.state, held.state),
    ...(lastResolvedAt ? { lastResolvedAt } : {}),
    groupKeys: before.groupKeys.includes(alert.groupKey) || before.groupKeys.length >= GROUP_KEYS_KEPT ? before.groupKeys : [...before.groupKeys, alert.groupKey],
    lastAlertAt: latest(before.lastAlertAt, alert.occurredAt),
  };
  const timeline: TimelineEntry[] = [];
  switch (decision.kind) {
    case 'repeat':
      // only the alert's row changes (the event id is remembered); the record stays as it was
      return { incident: before, alert: held, timeline, recovered: false };
    case 'attach':
      timeline.push(entryFor(alert, alert.status === 'firing' ? 'alert-opened' : alert.status === 'acknowledged' ? 'alert-acknowledged' : 'alert-note'));
      break;
    case 'reopen':
      incident = { ...incident, state: 'open', reopenCount: before.reopenCount + 1, ...(before.recoveredBy === 'alerts' ? { recoveredAt: undefined, recoveredBy: undefined } : {}), timelineFrozenAt: undefined };
      timeline.push(entryFor(alert, 'reopened'));
      break;
    case 'update':
      timeline.push(
        entryFor(alert, { escalated: 'alert-escalated', acknowledged: 'alert-acknowledged', resolved: 'alert-resolved', note: 'alert-note' }[decision.change] as TimelineEntry['kind']),
      );
      break;
  }
  // A level a person set wins (DESIGN 3.3): a firing alert raises only the machine's level. The alert's own severity
  // is still on its timeline entry, so the commander sees what the alert claimed.
  if (alert.status === 'firing' && !before.setByPerson?.level) {
    const level = higherLevel(incident.level, levelFor(settings, alert.source, alert.severity.level));
    // the issue follows with the window's comment (pending-comment.ts levelToFollow); a record stored before Kaizen
    // kept what the issue shows gets the level it had until now
    if (level !== incident.level) incident = { ...incident, level, ...(before.issue && !before.issueLevel ? { issueLevel: before.level } : {}) };
  }
  if (alert.status === 'acknowledged' && incident.state === 'open') {
    incident = { ...incident, state: 'acknowledged', acknowledgedAt: incident.acknowledgedAt ?? alert.occurredAt };
  }
  const allResolved = incident.alertCounts.firing + incident.alertCounts.acknowledged === 0;
  const recovered = allResolved && (before.state !== 'recovered' && before.state !== 'closed');
  if (recovered) {
    const at = latest(incident.detectedAt, incident.lastResolvedAt ?? incident.detectedAt);
    // a recovery time a person set is never overwritten (DESIGN 3.1 step 6)
    incident = {
      ...incident,
      state: settings.autoResolve ? 'closed' : 'recovered',
      ...(before.recoveredBy === 'person' || before.setByPerson?.recoveredAt ? {} : { recoveredAt: at, recoveredBy: 'alerts' as const }),
      ...(settings.autoResolve ? { closedAt: at } : {}),
    };
    timeline.push({ at, kind: 'recovered', title: incident.title });
  }
  return { incident, alert: held, timeline, recovered };
}
