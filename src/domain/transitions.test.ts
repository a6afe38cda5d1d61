import { anAlert, anIncident, defaultSettings, heldAlert, minutesAfter, T0 } from '../../test/builders/domain';
import { applyToIncident, openIncident } from './transitions';

const settings = defaultSettings();

describe('openIncident', () => {
  it('opens at the alert open time with the level from the severity and the first timeline entry', () => {
    const alert = anAlert({ severity: { level: 'critical', raw: 'critical' }, openedAt: minutesAfter(T0, -3) });
    const { incident, timeline } = openIncident(alert, 'ev-1', 'inc-9', settings, false, minutesAfter(T0, 5));
    expect(incident).toMatchObject({ id: 'inc-9', state: 'open', level: 'SEV2', impactStartedAt: minutesAfter(T0, -3), detectedAt: T0, openedByEventId: 'ev-1', groupKeys: [alert.groupKey] });
    expect(Object.keys(incident.alerts)).toEqual(['mackerel:4Ksb2dWqJ7m']);
    expect(timeline.map((t) => t.kind)).toEqual(['incident-opened']);
  });
});

describe('applyToIncident', () => {
  const open = anAlert();
  const incident = anIncident();

  it('escalates the level, never lowers it', () => {
    const up = applyToIncident({ kind: 'update', incident, change: 'escalated' }, anAlert({ severity: { level: 'critical' } }), 'ev-2', settings);
    expect(up.incident.level).toBe('SEV2');
    const down = applyToIncident({ kind: 'attach', incident: up.incident, reason: 'group' }, anAlert({ sourceAlertId: 'x', severity: { level: 'info' } }), 'ev-3', settings);
    expect(down.incident.level).toBe('SEV2');
  });

  it('records the acknowledgement once', () => {
    const acked = applyToIncident({ kind: 'update', incident, change: 'acknowledged' }, anAlert({ status: 'acknowledged', occurredAt: minutesAfter(T0, 2), actor: { name: 'aiko' } }), 'ev-2', settings);
    expect(acked.incident).toMatchObject({ state: 'acknowledged', acknowledgedAt: minutesAfter(T0, 2) });
    expect(acked.timeline[0]).toMatchObject({ kind: 'alert-acknowledged', actor: 'aiko' });
  });

  it('recovers when every alert is resolved, at the last close time', () => {
    const two = anIncident({}, [heldAlert(open), heldAlert(anAlert({ sourceAlertId: 'b' }))]);
    const first = applyToIncident({ kind: 'update', incident: two, change: 'resolved' }, anAlert({ status: 'resolved', closedAt: minutesAfter(T0, 7) }), 'ev-r1', settings);
    expect(first.recovered).toBe(false);
    expect(first.incident.state).toBe('open');
    const second = applyToIncident({ kind: 'update', incident: first.incident, change: 'resolved' }, anAlert({ sourceAlertId: 'b', status: 'resolved', closedAt: minutesAfter(T0, 9) }), 'ev-r2', settings);
    expect(second.recovered).toBe(true);
    expect(second.incident).toMatchObject({ state: 'recovered', recoveredAt: minutesAfter(T0, 9), recoveredBy: 'alerts' });
    expect(second.timeline.map((t) => t.kind)).toEqual(['alert-resolved', 'recovered']);
  });

  it('keeps a recovery time a person set, and closes with auto-resolve', () => {
    const person = anIncident({ recoveredAt: minutesAfter(T0, 4), recoveredBy: 'person' });
    const r = applyToIncident({ kind: 'update', incident: person, change: 'resolved' }, anAlert({ status: 'resolved', closedAt: minutesAfter(T0, 9) }), 'ev-r', defaultSettings({ autoResolve: true }));
    expect(r.incident).toMatchObject({ state: 'closed', recoveredAt: minutesAfter(T0, 4), recoveredBy: 'person', closedAt: minutesAfter(T0, 9) });
  });

  it('reopens a recovered incident and clears the alert-set recovery', () => {
    const recovered = anIncident({ state: 'recovered', recoveredAt: minutesAfter(T0, 5), recoveredBy: 'alerts', timelineFrozenAt: minutesAfter(T0, 5) }, [heldAlert(open, { state: 'resolved' })]);
    const r = applyToIncident({ kind: 'reopen', incident: recovered, attach: false }, anAlert({ occurredAt: minutesAfter(T0, 12) }), 'ev-f', settings);
    expect(r.incident).toMatchObject({ state: 'open', reopenCount: 1 });
    expect(r.incident.recoveredAt).toBeUndefined();
    expect(r.incident.timelineFrozenAt).toBeUndefined();
    expect(r.timeline.map((t) => t.kind)).toEqual(['reopened']);
  });

  it('remembers the applied event id on a repeat, without a timeline entry', () => {
    const r = applyToIncident({ kind: 'repeat', incident }, anAlert({ occurredAt: minutesAfter(T0, 5) }), 'ev-resend', settings);
    expect(r.timeline).toEqual([]);
    expect(r.incident.alerts['mackerel:4Ksb2dWqJ7m']!.appliedEventIds).toContain('ev-resend');
  });
});
