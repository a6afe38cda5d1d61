import { anAlert, anIncident, defaultSettings, heldAlert, minutesAfter, T0 } from '../../test/builders/domain';
import { applyToIncident, GROUP_KEYS_KEPT, openIncident } from './transitions';

const settings = defaultSettings();

describe('openIncident', () => {
  it('opens at the alert open time with the level from the severity and the first timeline entry', () => {
    const alert = anAlert({ severity: { level: 'critical', raw: 'critical' }, openedAt: minutesAfter(T0, -3) });
    const { incident, timeline } = openIncident(alert, 'ev-1', 'inc-9', settings, false, minutesAfter(T0, 5));
    expect(incident).toMatchObject({ id: 'inc-9', state: 'open', level: 'SEV2', impactStartedAt: minutesAfter(T0, -3), detectedAt: T0, openedByEventId: 'ev-1', groupKeys: [alert.groupKey] });
    expect(incident.alertCounts).toEqual({ firing: 1, acknowledged: 0, resolved: 0 });
    expect(JSON.stringify(incident)).not.toContain('appliedEventIds');
    expect(timeline.map((t) => t.kind)).toEqual(['incident-opened']);
  });
});

describe('applyToIncident', () => {
  const open = anAlert();
  const incident = anIncident();
  const held = heldAlert(open);

  it('escalates the level, never lowers it', () => {
    const up = applyToIncident({ kind: 'update', incident, held, change: 'escalated' }, anAlert({ severity: { level: 'critical' } }), 'ev-2', settings);
    expect(up.incident.level).toBe('SEV2');
    const down = applyToIncident({ kind: 'attach', incident: up.incident, reason: 'group' }, anAlert({ sourceAlertId: 'x', severity: { level: 'info' } }), 'ev-3', settings);
    expect(down.incident.level).toBe('SEV2');
  });

  it('records the acknowledgement once', () => {
    const acked = applyToIncident({ kind: 'update', incident, held, change: 'acknowledged' }, anAlert({ status: 'acknowledged', occurredAt: minutesAfter(T0, 2), actor: { name: 'aiko' } }), 'ev-2', settings);
    expect(acked.incident).toMatchObject({ state: 'acknowledged', acknowledgedAt: minutesAfter(T0, 2) });
    expect(acked.timeline[0]).toMatchObject({ kind: 'alert-acknowledged', actor: 'aiko' });
    expect(acked.incident.alertCounts).toEqual({ firing: 0, acknowledged: 1, resolved: 0 });
    expect(acked.alert).toMatchObject({ key: 'mackerel:4Ksb2dWqJ7m', state: 'acknowledged' });
  });

  it('recovers when every alert is resolved, at the last close time', () => {
    const b = heldAlert(anAlert({ sourceAlertId: 'b' }));
    const two = anIncident({}, [held, b]);
    // the later close first: the recovery time is still the latest close, whatever the order
    const first = applyToIncident({ kind: 'update', incident: two, held: b, change: 'resolved' }, anAlert({ sourceAlertId: 'b', status: 'resolved', closedAt: minutesAfter(T0, 9) }), 'ev-r1', settings);
    expect(first.recovered).toBe(false);
    expect(first.incident.state).toBe('open');
    expect(first.incident.alertCounts).toEqual({ firing: 1, acknowledged: 0, resolved: 1 });
    const second = applyToIncident({ kind: 'update', incident: first.incident, held, change: 'resolved' }, anAlert({ status: 'resolved', closedAt: minutesAfter(T0, 7) }), 'ev-r2', settings);
    expect(second.recovered).toBe(true);
    expect(second.incident).toMatchObject({ state: 'recovered', recoveredAt: minutesAfter(T0, 9), recoveredBy: 'alerts' });
    expect(second.timeline.map((t) => t.kind)).toEqual(['alert-resolved', 'recovered']);
  });

  it('keeps a recovery time a person set, and closes with auto-resolve', () => {
    const person = anIncident({ recoveredAt: minutesAfter(T0, 4), recoveredBy: 'person' });
    const r = applyToIncident({ kind: 'update', incident: person, held, change: 'resolved' }, anAlert({ status: 'resolved', closedAt: minutesAfter(T0, 9) }), 'ev-r', defaultSettings({ autoResolve: true }));
    expect(r.incident).toMatchObject({ state: 'closed', recoveredAt: minutesAfter(T0, 4), recoveredBy: 'person', closedAt: minutesAfter(T0, 9) });
  });

  it('reopens a recovered incident and clears the alert-set recovery', () => {
    const resolved = heldAlert(open, { state: 'resolved' });
    const recovered = anIncident({ state: 'recovered', recoveredAt: minutesAfter(T0, 5), recoveredBy: 'alerts', timelineFrozenAt: minutesAfter(T0, 5) }, [resolved]);
    const r = applyToIncident({ kind: 'reopen', incident: recovered, held: resolved, attach: false }, anAlert({ occurredAt: minutesAfter(T0, 12) }), 'ev-f', settings);
    expect(r.incident).toMatchObject({ state: 'open', reopenCount: 1 });
    expect(r.incident.recoveredAt).toBeUndefined();
    expect(r.incident.timelineFrozenAt).toBeUndefined();
    expect(r.timeline.map((t) => t.kind)).toEqual(['reopened']);
    expect(r.incident.alertCounts).toEqual({ firing: 1, acknowledged: 0, resolved: 0 });
  });

  it('a new alert joining counts one more, and its own row is the one to write', () => {
    const joined = applyToIncident({ kind: 'attach', incident, reason: 'group' }, anAlert({ sourceAlertId: 'new-1' }), 'ev-j', settings);
    expect(joined.incident.alertCounts).toEqual({ firing: 2, acknowledged: 0, resolved: 0 });
    expect(joined.alert).toMatchObject({ key: 'mackerel:new-1', state: 'firing', appliedEventIds: ['ev-j'] });
  });

  it('the record does not grow with its alerts: a thousand alerts leave it the size of one', () => {
    let current = anIncident({ groupKeys: [] });
    const sizes: number[] = [];
    for (let n = 0; n < 1000; n++) {
      const alert = anAlert({ sourceAlertId: `storm-${n}`, groupKey: `g-${n}` });
      current = applyToIncident({ kind: 'attach', incident: current, reason: 'group' }, alert, `ev-${n}`, settings).incident;
      sizes.push(JSON.stringify(current).length);
    }
    expect(current.alertCounts.firing).toBe(1001);
    expect(current.groupKeys).toHaveLength(GROUP_KEYS_KEPT);
    expect(sizes.at(-1)! - sizes[100]!).toBeLessThan(10);
  });

  it('remembers the applied event id on a repeat, without a timeline entry', () => {
    const r = applyToIncident({ kind: 'repeat', incident, held }, anAlert({ occurredAt: minutesAfter(T0, 5) }), 'ev-resend', settings);
    expect(r.timeline).toEqual([]);
    expect(r.incident).toBe(incident);
    expect(r.alert.appliedEventIds).toEqual(['ev-open', 'ev-resend']);
  });
});
