import { anAlert, anIncident, defaultSettings, heldAlert, minutesAfter, T0 } from '../../test/builders/domain';
import { classify, type Decision, type KnownState } from './grouping';
import type { Alert } from './alert';
import type { Incident, IncidentAlert } from './incident';

const settings = defaultSettings({ groupingWindowMinutes: 30 });
const open = anAlert();
const incident = anIncident();
const recovered = anIncident({ state: 'recovered', recoveredAt: minutesAfter(T0, 5), lastAlertAt: minutesAfter(T0, 5) }, [heldAlert(open, { state: 'resolved', resolvedAt: minutesAfter(T0, 5) })]);
/** The incident, holding `open` (its row) as `held`. */
const holding = (i: Incident, held: IncidentAlert = heldAlert(open)) => ({ incident: i, held });
const recoveredHolding = holding(recovered, heldAlert(open, { state: 'resolved', resolvedAt: minutesAfter(T0, 5) }));
const otherInGroup = anAlert({ sourceAlertId: 'other-1', title: 'Memory high', occurredAt: minutesAfter(T0, 10), openedAt: minutesAfter(T0, 10) });

type Row = [name: string, alert: Alert, known: KnownState, expected: Decision['kind'], extra?: Record<string, unknown>];
const rows: Row[] = [
  ['a test notification opens nothing', anAlert({ status: 'test', sourceAlertId: 'sample' }), {}, 'test'],
  ['a first firing alert opens an incident', open, {}, 'open'],
  ['a redelivered event is a repeat', open, { byAlert: holding(anIncident()) }, 'repeat', { eventId: 'ev-open' }],
  ['a re-sent open alert with the same severity is a repeat', anAlert({ occurredAt: minutesAfter(T0, 5) }), { byAlert: holding(incident) }, 'repeat'],
  ['warning → critical under one id escalates', anAlert({ severity: { level: 'critical', raw: 'critical' } }), { byAlert: holding(incident) }, 'update', { change: 'escalated' }],
  ['critical → warning is no escalation', anAlert({ severity: { level: 'info' } }), { byAlert: holding(incident) }, 'repeat'],
  ['a resolve of a held alert updates', anAlert({ status: 'resolved', closedAt: minutesAfter(T0, 9) }), { byAlert: holding(incident) }, 'update', { change: 'resolved' }],
  ['a second resolve is a repeat', anAlert({ status: 'resolved' }), { byAlert: recoveredHolding }, 'repeat'],
  ['an acknowledge of a firing alert updates', anAlert({ status: 'acknowledged' }), { byAlert: holding(incident) }, 'update', { change: 'acknowledged' }],
  ['a note always updates the timeline', anAlert({ status: 'note', note: 'looking' }), { byAlert: holding(incident) }, 'update', { change: 'note' }],
  ['the same alert firing again on a recovered incident in the window reopens it', anAlert({ occurredAt: minutesAfter(T0, 20) }), { byAlert: recoveredHolding }, 'reopen', { attach: false }],
  ['the same alert firing after the window opens a new incident', anAlert({ occurredAt: minutesAfter(T0, 60) }), { byAlert: recoveredHolding }, 'open'],
  ['another alert of the group within the window attaches', otherInGroup, { byGroup: { incident } }, 'attach', { reason: 'group' }],
  ['another alert of the group after the window opens a new incident', anAlert({ sourceAlertId: 'late', occurredAt: minutesAfter(T0, 31) }), { byGroup: { incident } }, 'open'],
  ['another alert of a closed incident group opens a new incident', otherInGroup, { byGroup: { incident: anIncident({ state: 'closed' }) } }, 'open'],
  ['another alert of a recovered incident group within the window reopens and attaches', otherInGroup, { byGroup: { incident: recovered } }, 'reopen', { attach: true }],
  ['an Opsgenie alert relaying a tracked Mackerel alert attaches to its incident', anAlert({ source: 'opsgenie', sourceAlertId: 'og-1', groupKey: 'opsgenie:entity:web-1', relayedAlertKey: 'mackerel:4Ksb2dWqJ7m' }), { byRelay: { incident } }, 'attach', { reason: 'relay' }],
  ['an Opsgenie acknowledge of a relayed alert attaches to its incident', anAlert({ source: 'opsgenie', sourceAlertId: 'og-1', status: 'acknowledged', relayedAlertKey: 'mackerel:4Ksb2dWqJ7m' }), { byRelay: { incident } }, 'attach', { reason: 'relay' }],
  ['a resolve for an alert never seen open is an orphan', anAlert({ status: 'resolved', sourceAlertId: 'never' }), {}, 'orphan'],
  ['the open of an alert whose resolve came first opens nothing', anAlert({ sourceAlertId: 'late-open' }), { tombstone: { closedAt: minutesAfter(T0, 1) } }, 'already-resolved'],
  ['an alert firing again after its early resolve opens', anAlert({ sourceAlertId: 'late-open', occurredAt: minutesAfter(T0, 2), openedAt: minutesAfter(T0, 2) }), { tombstone: { closedAt: minutesAfter(T0, 1) } }, 'open'],
];

describe('classify', () => {
  it.each(rows)('%s', (_name, alert, known, expected, extra = {}) => {
    const { eventId = 'ev-new', ...fields } = extra as { eventId?: string };
    const decision = classify(alert, known, settings, eventId);
    expect(decision.kind).toBe(expected);
    expect(decision).toMatchObject(fields);
  });

  it('the decision carries the alert as the incident holds it, so the transition starts from its row', () => {
    const held = heldAlert(open, { severity: 'warning' });
    expect(classify(anAlert({ severity: { level: 'critical' } }), { byAlert: holding(incident, held) }, settings, 'ev-x')).toEqual({ kind: 'update', incident, held, change: 'escalated' });
    expect(classify(otherInGroup, { byGroup: { incident } }, settings, 'ev-y')).toEqual({ kind: 'attach', incident, reason: 'group' });
  });

  it('opens a drill incident for a test notification when the admin asked for it', () => {
    expect(classify(anAlert({ status: 'test' }), {}, defaultSettings({ testOpensDrill: true }), 'e')).toEqual({ kind: 'open', drill: true });
  });
});
