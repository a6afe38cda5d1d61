/**
 * An alert storm on ONE Alertmanager group: `notifications` webhook bodies of `alertsPerNotification` distinct
 * firing alerts each (new fingerprints every time, one groupKey), as Alertmanager sends them for a group whose
 * alerts keep multiplying. Built from the reference fixture; used by test/intake/storm.test.ts and `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FIXTURE = join(resolve(__dirname, '../fixtures/alerts'), 'alertmanager', 'firing.json');

export interface GroupStorm {
  /** The webhook bodies, in the order to send them. */
  bodies: string[];
  /** Every alert's key as Kaizen names it (`alertmanager:<fingerprint>@<startsAt>`), in send order. */
  alertKeys: string[];
}

export function groupStorm(options: { notifications: number; alertsPerNotification: number; startMs: number; stepMs?: number }): GroupStorm {
  const template = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { alerts: Array<Record<string, any>>; groupKey: string; status: string };
  const step = options.stepMs ?? 50;
  const bodies: string[] = [];
  const alertKeys: string[] = [];
  for (let n = 0; n < options.notifications; n++) {
    const alerts = Array.from({ length: options.alertsPerNotification }, (_, i) => {
      const seq = n * options.alertsPerNotification + i;
      const startsAt = new Date(options.startMs + seq * step).toISOString();
      const fingerprint = seq.toString(16).padStart(16, '0');
      alertKeys.push(`alertmanager:${fingerprint}@${startsAt}`);
      const base = template.alerts[seq % template.alerts.length]!;
      return {
        ...base,
        status: 'firing',
        labels: { ...base.labels, instance: `web-${String(seq).padStart(4, '0')}:9100` },
        annotations: { ...base.annotations, summary: `web-${String(seq).padStart(4, '0')}:9100 の 5xx 率が高い` },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint,
      };
    });
    bodies.push(JSON.stringify({ ...template, status: 'firing', alerts, groupKey: '{}/{severity="critical"}:{alertname="StormOneGroup"}', truncatedAlerts: 0 }));
  }
  return { bodies, alertKeys };
}
