import { MetricsSchema } from '../../shared/metrics';
import { assembleMetrics, ROW, type MetricRow } from './assemble';
import { metricsPeriod } from './period';

const row = (kind: string, grp: string | null, sub: string | null, n: number, a: number | null = null, b: number | null = null, c: number | null = null): MetricRow => ({ kind, grp, sub, n, a, b, c });
// Fri 2026-11-20 12:00, 30 days: weeks 10-19 … 11-16, months 2026-10, 2026-11
const period = { ...metricsPeriod(new Date('2026-11-20T12:00:00.000Z'), 30), days: 30 as const };

describe('assembling the two statements’ rows into the gadget’s answer', () => {
  it('no rows: the empty answer — zeros, nulls, every week and month, no band', () => {
    const m = assembleMetrics({ period, service: null, level: null, incidentRows: [], deliveryRows: [] });
    expect(MetricsSchema.parse(m)).toEqual(m);
    expect(m.incidents.weekly).toHaveLength(5);
    expect(m.dora.weekly.every((w) => w.deployments === 0 && w.failed === 0)).toBe(true);
    expect(m.dora.deploymentFrequency).toEqual({ perWeek: 0, medianDaysPerWeek: 0, medianDaysPerMonth: 0, band: null });
    expect(m.dora.changeFailRate).toEqual({ failed: 0, deployments: 0, rate: null, band: null });
    expect(m.releaseProblems.map((r) => r.month)).toEqual(['2026-10', '2026-11']);
  });

  it('levels in SEV order, only those with incidents; a level without a TTx value shows count 0 and nulls', () => {
    const m = assembleMetrics({
      period,
      service: null,
      level: null,
      incidentRows: [row(ROW.level, 'SEV3', null, 2), row(ROW.level, 'SEV1', null, 1), row(ROW.level, 'SEV1', 'ttd', 1, 42, 42), row(ROW.drills, null, null, 4)],
      deliveryRows: [],
    });
    expect(m.incidents.count).toBe(3);
    expect(m.incidents.drills).toBe(4);
    expect(m.incidents.byLevel.map((l) => [l.level, l.count, l.ttd.median, l.tta.median])).toEqual([
      ['SEV1', 1, 42, null],
      ['SEV3', 2, null, null],
    ]);
  });

  it('deployment days: medians over every week and month of the period, zeros included', () => {
    // weeks [0, 2, 0, 5, 1] → sorted [0, 0, 1, 2, 5] → 1; months [2, 6] → 4
    const m = assembleMetrics({
      period,
      service: null,
      level: null,
      incidentRows: [],
      deliveryRows: [
        // deployments 3 + 6 + 1 = 10, failed 1 + 1 + 0 = 2, rework 0 + 1 + 0 = 1
        row(ROW.deployWeek, '2026-10-26', null, 3, 1, 2, 0),
        row(ROW.deployWeek, '2026-11-09', null, 6, 1, 5, 1),
        row(ROW.deployWeek, '2026-11-16', null, 1, 0, 1, 0),
        row(ROW.deployMonth, '2026-10', null, 2),
        row(ROW.deployMonth, '2026-11', null, 6),
      ],
    });
    // 10 · 7 / 30 = 2.333…
    expect(m.dora.deploymentFrequency).toEqual({ perWeek: 70 / 30, medianDaysPerWeek: 1, medianDaysPerMonth: 4, band: 'high' });
    // 2 / 10 = 20 %: low; rework 1 / 10
    expect(m.dora.changeFailRate).toEqual({ failed: 2, deployments: 10, rate: 0.2, band: 'low' });
    expect(m.dora.reworkRate).toEqual({ unplanned: 1, deployments: 10, rate: 0.1 });
    expect(m.dora.weekly.map((w) => w.deployments)).toEqual([0, 3, 0, 6, 1]);
  });

  it('with every week of the period below one deployment day but one a month: medium', () => {
    // weeks [0, 1, 0, 0, 0] → 0; months [1, 0] → 0.5: low; months [1, 1] → 1: medium
    const rows = (months: number[]) => [row(ROW.deployWeek, '2026-10-26', null, 2, 0, 1, 0), ...months.map((n, k) => row(ROW.deployMonth, k === 0 ? '2026-10' : '2026-11', null, n))];
    expect(assembleMetrics({ period, service: null, level: null, incidentRows: [], deliveryRows: rows([1, 0]) }).dora.deploymentFrequency.band).toBe('low');
    expect(assembleMetrics({ period, service: null, level: null, incidentRows: [], deliveryRows: rows([1, 1]) }).dora.deploymentFrequency.band).toBe('medium');
  });
});
