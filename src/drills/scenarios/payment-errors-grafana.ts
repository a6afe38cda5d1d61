/** Grafana: the payment provider starts failing (error rate, then latency), then recovers (about 30 minutes). */
import type { DrillScenario, ScenarioEvent } from './drill-scenario';

const rate = { ref: 'payment-errors', monitor: { en: 'Payment error rate', ja: '決済エラー率' }, service: 'payments' } as const;
const timeout = { ref: 'payment-timeouts', monitor: { en: 'Payment provider timeouts', ja: '決済代行タイムアウト' }, service: 'payments' } as const;

const events: ScenarioEvent[] = [
  { ...rate, at: 0, status: 'firing', severity: 'critical', metric: { label: 'payment_error_rate', value: 17.5, threshold: 5 }, title: { en: 'Payment error rate is 17.5%', ja: '決済エラー率が 17.5% です' }, message: { en: 'Card payments fail at 17.5% over 5 minutes (threshold 5%). Check the provider status page.', ja: 'カード決済の失敗率が5分間で 17.5% です（閾値 5%）。決済代行会社のステータスページを確認してください。' } },
  { ...timeout, at: 240, status: 'firing', severity: 'warning', metric: { label: 'provider_timeouts', value: 42, threshold: 10 }, title: { en: 'Payment provider timeouts: 42 a minute', ja: '決済代行のタイムアウトが毎分 42 件' }, message: { en: 'Calls to the payment provider time out (42/min).', ja: '決済代行への呼び出しがタイムアウトしています（毎分 42 件）。' } },
  { ...timeout, at: 1380, status: 'resolved', severity: 'info', metric: { label: 'provider_timeouts', value: 0, threshold: 10 }, title: { en: 'Payment provider timeouts: 42 a minute', ja: '決済代行のタイムアウトが毎分 42 件' }, message: { en: 'No more timeouts.', ja: 'タイムアウトは解消しました。' } },
  { ...rate, at: 1800, status: 'resolved', severity: 'info', metric: { label: 'payment_error_rate', value: 0.3, threshold: 5 }, title: { en: 'Payment error rate is 17.5%', ja: '決済エラー率が 17.5% です' }, message: { en: 'Payment error rate back to 0.3%.', ja: '決済エラー率は 0.3% に戻りました。' } },
];

export const paymentErrorsGrafana: DrillScenario = { id: 'payment-errors', source: 'grafana', events };
