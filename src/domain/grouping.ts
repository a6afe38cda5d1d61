/**
 * Dedupe and grouping (DESIGN 3.1 step 3) as one pure decision over the normalised alert and what storage knows
 * (house style 5): `classify(alert, known, settings, eventId) → decision`. The use case does the I/O the decision
 * names; every rule here is table-tested in grouping.test.ts.
 */
import { differenceInMinutes } from 'date-fns';
import type { Alert } from './alert';
import type { Incident, IncidentAlert, IntakeSettings } from './incident';

/** An incident, and this alert as that incident holds it (the alert's own row), when it holds it. */
export interface Holder {
  incident: Incident;
  held?: IncidentAlert;
}

/** What storage knows about an alert before it is applied. */
export interface KnownState {
  /** The incident this very alert (same source alert id) is attached to, with the alert as it holds it. */
  byAlert?: Required<Holder>;
  /** The incident holding the alert this one relays (e.g. Opsgenie relaying a Mackerel alert). */
  byRelay?: Holder;
  /** The incident currently collecting this alert's group key. */
  byGroup?: Holder;
  /** A resolve (or acknowledge) that arrived for an alert nobody had seen open. */
  tombstone?: { closedAt: string };
}

/** `held`: this alert as the decided incident already holds it (undefined when it is new to that incident). */
export type Decision =
  /** The sender's Test button: mark the source connected, open nothing. */
  | { kind: 'test' }
  /** Already applied (a redelivered queue event) or nothing changed (a re-sent open alert): no writes. */
  | { kind: 'repeat'; incident: Incident; held?: IncidentAlert }
  /** A state change of an alert the incident already holds. */
  | { kind: 'update'; incident: Incident; held?: IncidentAlert; change: 'escalated' | 'acknowledged' | 'resolved' | 'note' }
  /** A new alert joins an incident (its group, or the alert it relays). */
  | { kind: 'attach'; incident: Incident; held?: IncidentAlert; reason: 'relay' | 'group' }
  /** A recovered incident's alert fires again within the window (flapping): reopen, never a new incident. */
  | { kind: 'reopen'; incident: Incident; held?: IncidentAlert; attach: boolean }
  /** Nothing to join: a new incident. */
  | { kind: 'open'; drill: boolean }
  /** A resolve/acknowledge/note for an alert never seen open: remember it, open nothing. */
  | { kind: 'orphan' }
  /** The open of an alert whose resolve already arrived (out of order): no phantom incident. */
  | { kind: 'already-resolved' };

const SEVERITY_RANK = { critical: 3, warning: 2, unknown: 1, info: 0 } as const;

/** Whether an incident still collects alerts: not closed, and its last alert within the grouping window. */
export function isCollecting(incident: Incident, at: Date, settings: Pick<IntakeSettings, 'groupingWindowMinutes'>): boolean {
  if (incident.state === 'closed') return false;
  return differenceInMinutes(at, new Date(incident.lastAlertAt)) < settings.groupingWindowMinutes;
}

/**
 * `drill`: the alert comes from a drill run. A drill alert only meets drill incidents and a real alert only real ones
 * (drill alerts' ids and group keys are namespaced by their run as well, src/domain/drill-plan.ts), so a drill never
 * dedupes against, groups into or reopens a real incident, and never counts in a metric.
 */
export function classify(alert: Alert, everything: KnownState, settings: IntakeSettings, eventId: string, drill = false): Decision {
  const at = new Date(alert.occurredAt);
  if (alert.status === 'test') return settings.testOpensDrill || drill ? { kind: 'open', drill: true } : { kind: 'test' };
  const known = sameKind(everything, drill);

  if (known.byAlert) {
    const { incident: own, held } = known.byAlert;
    const mine = { incident: own, held };
    if (held.appliedEventIds.includes(eventId)) return { kind: 'repeat', ...mine };
    switch (alert.status) {
      case 'note':
        return { kind: 'update', ...mine, change: 'note' };
      case 'acknowledged':
        return held.state === 'firing' ? { kind: 'update', ...mine, change: 'acknowledged' } : { kind: 'repeat', ...mine };
      case 'resolved':
        return held.state === 'resolved' ? { kind: 'repeat', ...mine } : { kind: 'update', ...mine, change: 'resolved' };
      case 'firing':
        if (held.state === 'resolved') {
          // the same alert opens again: flapping on a collecting incident, else a fresh incident
          if (isCollecting(own, at, settings)) return { kind: 'reopen', ...mine, attach: false };
          const { byAlert: _left, ...elsewhere } = known;
          return openOrJoinElsewhere(alert, elsewhere, settings, drill);
        }
        if (SEVERITY_RANK[alert.severity.level] > SEVERITY_RANK[held.severity]) return { kind: 'update', ...mine, change: 'escalated' };
        return { kind: 'repeat', ...mine };
    }
  }
  return openOrJoinElsewhere(alert, known, settings, drill);
}

/** What storage knows, without the incidents of the other kind (drill / real). */
function sameKind(known: KnownState, drill: boolean): KnownState {
  const keep = (h: Holder | undefined): boolean => h !== undefined && h.incident.drill === drill;
  return {
    ...(keep(known.byAlert) ? { byAlert: known.byAlert } : {}),
    ...(keep(known.byRelay) ? { byRelay: known.byRelay } : {}),
    ...(keep(known.byGroup) ? { byGroup: known.byGroup } : {}),
    ...(known.tombstone ? { tombstone: known.tombstone } : {}),
  };
}

function openOrJoinElsewhere(alert: Alert, known: KnownState, settings: IntakeSettings, drill: boolean): Decision {
  const at = new Date(alert.occurredAt);
  if (alert.status !== 'firing') {
    // A relayed acknowledgement/note (Opsgenie acking the Mackerel alert it relays) belongs to that incident.
    if (known.byRelay && known.byRelay.incident.state !== 'closed' && alert.status !== 'resolved') return { kind: 'attach', ...known.byRelay, reason: 'relay' };
    return { kind: 'orphan' };
  }
  if (known.tombstone && new Date(known.tombstone.closedAt) >= new Date(alert.openedAt ?? alert.occurredAt)) return { kind: 'already-resolved' };
  for (const [candidate, reason] of [
    [known.byRelay, 'relay'],
    [known.byGroup, 'group'],
  ] as const) {
    if (!candidate || !isCollecting(candidate.incident, at, settings)) continue;
    if (candidate.incident.state === 'recovered') return { kind: 'reopen', ...candidate, attach: true };
    return { kind: 'attach', ...candidate, reason };
  }
  return { kind: 'open', drill };
}
