/** Alertmanager: a database volume fills up (warning, then critical), is cleaned up, and resolves (about 40 minutes). */
import type { DrillScenario, ScenarioEvent } from './drill-scenario';

const disk = { ref: 'disk', monitor: { en: 'DiskAlmostFull', ja: 'DiskAlmostFull' }, service: 'ec-db', host: 'db-01:9100' } as const;

const events: ScenarioEvent[] = [
  { ...disk, at: 0, status: 'firing', severity: 'warning', title: { en: 'db-01 /var/lib/mysql is 91% full', ja: 'db-01 の /var/lib/mysql の使用率が 91% です' }, message: { en: 'Free space on /var/lib/mysql fell below 10% (91.2% used). Runbook: https://wiki.example.co.jp/runbooks/disk', ja: '/var/lib/mysql の空き容量が 10% を下回りました（使用率 91.2%）。手順書: https://wiki.example.co.jp/runbooks/disk' } },
  { ...disk, ref: 'disk-critical', at: 900, status: 'firing', severity: 'critical', title: { en: 'db-01 /var/lib/mysql is 99% full', ja: 'db-01 の /var/lib/mysql の使用率が 99% です' }, message: { en: 'Free space on /var/lib/mysql fell below 1%: writes will fail.', ja: '/var/lib/mysql の空き容量が 1% を下回りました。書き込みが失敗します。' } },
  { ...disk, ref: 'disk-critical', at: 1800, status: 'resolved', severity: 'info', title: { en: 'db-01 /var/lib/mysql is 99% full', ja: 'db-01 の /var/lib/mysql の使用率が 99% です' }, message: { en: 'Binary logs purged: 62% used.', ja: 'バイナリログを削除し、使用率は 62% になりました。' } },
  { ...disk, at: 2400, status: 'resolved', severity: 'info', title: { en: 'db-01 /var/lib/mysql is 91% full', ja: 'db-01 の /var/lib/mysql の使用率が 91% です' }, message: { en: 'Back under the threshold: 62% used.', ja: '閾値を下回りました（使用率 62%）。' } },
];

export const diskFullAlertmanager: DrillScenario = { id: 'disk-full', source: 'alertmanager', events };
