import { parseAndNormalise, sources } from '../sources/registry';
import { DRILL_SCENARIOS, scenarioSteps } from '../drills/scenarios';
import { alertKeyOf, type Alert } from './alert';
import { canReplay, drillPayload } from './drill-payloads';
import { isStalled, namespaceDrillAlert, nextDelaySeconds, normalisePlan, waitBeforeStep, type DrillRun, type DrillStep } from './drill-plan';
import { stepsFromTimeline } from './drill-replay';

const now = new Date('2026-12-03T05:00:00.000Z');
const openedAt = new Date('2026-12-03T04:55:00.000Z');

describe('drill payloads: what the drill runner sends is what the sender sends', () => {
  // every event of every scenario, in both languages, goes through its source's own parser and normaliser
  const cases = DRILL_SCENARIOS.flatMap((s) => (['en', 'ja'] as const).flatMap((lang) => scenarioSteps(s, lang).map((step, i) => [`${s.id} ${lang} #${i}`, step] as const)));
  it.each(cases)('%s parses and normalises to the status it means', (_name, step) => {
    const parsed = parseAndNormalise(step.source, drillPayload(step.source, step.alert, { now, openedAt }), { receivedAt: now.toISOString() });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.payload).toHaveLength(1);
    expect(parsed.payload[0]!.status).toBe(step.alert.status);
  });

  it('one alert keeps its id from open to resolve, and each scenario is one group (one incident)', () => {
    for (const s of DRILL_SCENARIOS) {
      const alerts = scenarioSteps(s, 'en').map((step) => parseAndNormalise(step.source, drillPayload(step.source, step.alert, { now, openedAt }), { receivedAt: now.toISOString() })).map((r) => (r.ok ? r.payload[0]! : undefined)!);
      expect(new Set(alerts.map((a) => a.groupKey)).size).toBe(1);
      const byRef = new Map<string, Set<string>>();
      scenarioSteps(s, 'en').forEach((step, i) => byRef.set(step.alert.ref, (byRef.get(step.alert.ref) ?? new Set()).add(alerts[i]!.sourceAlertId)));
      for (const ids of byRef.values()) expect(ids.size).toBe(1);
    }
  });

  it('opsgenie too; PagerDuty is not replayed', () => {
    const step: DrillStep = { source: 'opsgenie', offsetSeconds: 0, alert: { ref: 'r', status: 'resolved', severity: 'info', title: 'Disk full', message: 'm', monitor: 'disk' } };
    const parsed = parseAndNormalise('opsgenie', drillPayload('opsgenie', step.alert, { now, openedAt }), { receivedAt: now.toISOString() });
    expect(parsed.ok && parsed.payload[0]!.status).toBe('resolved');
    expect(canReplay('pagerduty')).toBe(false);
    expect(Object.keys(sources).filter((s) => canReplay(s as Alert['source']))).toEqual(['mackerel', 'opsgenie', 'alertmanager', 'grafana']);
  });
});

describe('drill plans', () => {
  const step = (offsetSeconds: number): DrillStep => ({ source: 'mackerel', offsetSeconds, alert: { ref: 'a', status: 'firing', severity: 'critical', title: 't', message: 'm', monitor: 'm' } });

  it('waits the gap divided by the speed (rounded up), nothing at all as fast as possible', () => {
    const steps = [step(0), step(5), step(2405)];
    expect([1, 2].map((i) => waitBeforeStep(steps, i, 'real'))).toEqual([5, 2400]);
    expect([1, 2].map((i) => waitBeforeStep(steps, i, 'x10'))).toEqual([1, 240]);
    expect([1, 2].map((i) => waitBeforeStep(steps, i, 'x60'))).toEqual([1, 40]);
    expect([1, 2].map((i) => waitBeforeStep(steps, i, 'fast'))).toEqual([0, 0]);
    expect(waitBeforeStep(steps, 0, 'real')).toBe(0);
  });

  it('a queue push waits at most 900 s; a plan is ordered, starts at 0, with gaps of at most 2 h', () => {
    expect(nextDelaySeconds(10_000_000, 0)).toBe(900);
    expect(nextDelaySeconds(1_500, 0)).toBe(2);
    expect(nextDelaySeconds(0, 5_000)).toBe(0);
    expect(normalisePlan([step(100_000), step(100), step(50_000)]).map((s) => s.offsetSeconds)).toEqual([0, 7200, 14400]);
  });

  it('a running run is stalled once it moved no later than its longest wait + 30 minutes ago', () => {
    const run: DrillRun = { id: 'dr-0123456789abcdef0123', requestId: 'r', startedBy: 'me', startedAt: '2026-12-03T00:00:00.000Z', origin: { kind: 'scenario', scenarioId: 'disk-full' }, speed: 'x10', steps: [step(0), step(3600)], nextStep: 1, state: 'running', openedAt: {} };
    const at = (iso: string) => new Date(iso);
    // x10 of a 1-hour gap: 6 minutes + 30 minutes, from its start while it has no progress, then from its progress
    expect(isStalled(run, at('2026-12-03T00:36:00.000Z'))).toBe(false);
    expect(isStalled(run, at('2026-12-03T00:36:01.000Z'))).toBe(true);
    expect(isStalled({ ...run, progressAt: '2026-12-03T00:30:00.000Z' }, at('2026-12-03T00:40:00.000Z'))).toBe(false);
    expect(isStalled({ ...run, speed: 'real' }, at('2026-12-03T01:30:00.000Z'))).toBe(false);
    expect(isStalled({ ...run, state: 'done' }, at('2026-12-04T00:00:00.000Z'))).toBe(false);
  });

  it('namespaces a drill alert’s id, group key and relayed key by its run', () => {
    const alert = { source: 'opsgenie', sourceAlertId: 'a1', groupKey: 'opsgenie:entity:web-01', relayedAlertKey: 'mackerel:4Ksb2dWqJ7m' } as Alert;
    const n = namespaceDrillAlert(alert, 'dr-0123456789abcdef0123');
    expect(alertKeyOf(n.source, n.sourceAlertId)).toBe('opsgenie:drill:dr-0123456789abcdef0123:a1');
    expect(n.groupKey).toBe('opsgenie:drill:dr-0123456789abcdef0123:opsgenie:entity:web-01');
    expect(n.relayedAlertKey).toBe('mackerel:drill:dr-0123456789abcdef0123:4Ksb2dWqJ7m');
  });

  it('a past incident: its alert events in order with their relative times; people’s entries and PagerDuty left out', () => {
    const base = { title: 'CPU high', severity: 'critical' as const };
    const steps = stepsFromTimeline(
      [
        { ...base, at: '2026-12-01T00:00:00.000Z', kind: 'incident-opened', alertKey: 'mackerel:A', source: 'mackerel' },
        { ...base, at: '2026-12-01T00:01:00.000Z', kind: 'note', title: 'Rolled back' },
        { ...base, at: '2026-12-01T00:02:00.000Z', kind: 'alert-opened', alertKey: 'pagerduty:P', source: 'pagerduty' },
        { ...base, at: '2026-12-01T00:10:00.000Z', kind: 'alert-resolved', alertKey: 'mackerel:A', source: 'mackerel' },
      ],
      [],
    );
    expect(steps.map((s) => [s.offsetSeconds, s.alert.status, s.alert.ref])).toEqual([
      [0, 'firing', 'mackerel:A'],
      [600, 'resolved', 'mackerel:A'],
    ]);
  });
});
