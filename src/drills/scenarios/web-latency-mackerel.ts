/** Mackerel: web latency rises, the checkout errors follow into an outage, then both recover (about 25 minutes). */
import type { DrillScenario, ScenarioEvent } from './drill-scenario';

const latency = {
  ref: 'latency',
  monitor: { en: 'Web response time (p95)', ja: 'Webレスポンスタイム（p95）' },
  service: 'ec-site',
  host: 'web-01',
} as const;
const errors = {
  ref: 'errors',
  monitor: { en: 'Checkout 5xx rate', ja: '決済 5xx 率' },
  service: 'ec-site',
  // the same role as web-01 (ec-site: web), so both alerts group into one incident as real ones would
  host: 'web-02',
} as const;

const events: ScenarioEvent[] = [
  { ...latency, at: 0, status: 'firing', severity: 'warning', metric: { label: 'response_time.p95', value: 1.8, threshold: 1.5 }, title: { en: 'Web response time rising on web-01', ja: 'web-01 のレスポンスタイムが悪化' }, message: { en: 'Web response time (p95) 1.80 > 1.50', ja: 'Webレスポンスタイム（p95） 1.80 > 1.50' } },
  { ...latency, at: 300, status: 'firing', severity: 'critical', metric: { label: 'response_time.p95', value: 4.2, threshold: 3 }, title: { en: 'Web response time critical on web-01', ja: 'web-01 のレスポンスタイムが危険域' }, message: { en: 'Web response time (p95) 4.20 > 3.00', ja: 'Webレスポンスタイム（p95） 4.20 > 3.00' } },
  { ...errors, at: 420, status: 'firing', severity: 'critical', metric: { label: 'checkout.5xx_rate', value: 38.5, threshold: 5 }, title: { en: 'Checkout is failing (5xx 38.5%)', ja: '決済が失敗しています（5xx 38.5%）' }, message: { en: 'Checkout 5xx rate 38.5 > 5', ja: '決済 5xx 率 38.5 > 5' } },
  { ...errors, at: 1200, status: 'resolved', severity: 'info', metric: { label: 'checkout.5xx_rate', value: 0.4, threshold: 5 }, title: { en: 'Checkout 5xx rate back to normal', ja: '決済 5xx 率が正常に戻りました' }, message: { en: 'Checkout 5xx rate 0.40', ja: '決済 5xx 率 0.40' } },
  { ...latency, at: 1500, status: 'resolved', severity: 'info', metric: { label: 'response_time.p95', value: 0.6, threshold: 1.5 }, title: { en: 'Web response time back to normal', ja: 'レスポンスタイムが正常に戻りました' }, message: { en: 'Web response time (p95) 0.60', ja: 'Webレスポンスタイム（p95） 0.60' } },
];

export const webLatencyMackerel: DrillScenario = { id: 'web-latency-outage', source: 'mackerel', events };
