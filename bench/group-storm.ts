/**
 * The storm on ONE group (issue 7): 50 Alertmanager notifications of 100 new alerts each, all grouped into one
 * incident. Each notification is sent once the previous one has been applied — Alertmanager itself sends a group's
 * notifications `group_interval` apart — so the rate measured is what one alert costs the app and the sandbox at the
 * start of the storm and at its end, not how long a backlog waited. With a bounded incident record the two rates
 * should match; with a record that holds every alert the end of the storm crawls (and passes KVS's 240 KiB value
 * limit, dead-lettering alerts).
 */
import { groupStorm } from '../test/builders/alertmanager-storm';
import type { Sandbox } from '../sandbox/sandbox';

export interface GroupStormResult {
  rows: Array<[string, string | number]>;
}

const NOTIFICATIONS = 50;
const ALERTS_PER_NOTIFICATION = 100;
const WINDOW = 500;

type Send = (sb: Sandbox, body: string) => Promise<{ status: number }>;

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** The incident entity's rows, as stored (value = `{state, openedAt, version, data}`). */
function incidentRows(sb: Sandbox): Array<{ key: string; value: { data: { timelineCount?: number } } }> {
  const out: Array<{ key: string; value: { data: { timelineCount?: number } } }> = [];
  for (const state of ['open', 'acknowledged', 'mitigated', 'recovered', 'closed']) {
    let cursor: string | undefined;
    do {
      const r = sb.kvs.handle('/api/v1/entity/query', { entityName: 'incident', indexName: 'by-state-opened', partition: [state], limit: 100, ...(cursor ? { cursor } : {}) });
      const body = r.body as { data: Array<{ key: string; value: { data: { timelineCount?: number } } }>; cursor?: string };
      out.push(...body.data);
      cursor = body.cursor;
    } while (cursor);
  }
  return out;
}

/** Alerts applied so far (the timeline entries of the one incident) and its record's size; one entity get. */
function applied(sb: Sandbox, id: string | undefined): { id: string | undefined; count: number; bytes: number } {
  if (!id) {
    const first = incidentRows(sb)[0];
    if (!first) return { id: undefined, count: 0, bytes: 0 };
    id = first.key;
  }
  const r = sb.kvs.handle('/api/v1/entity/get', { entityName: 'incident', key: id });
  if (r.status !== 200) return { id, count: 0, bytes: 0 };
  const value = (r.body as { value: { data: { timelineCount: number } } }).value;
  return { id, count: value.data.timelineCount ?? 0, bytes: bytesOf(value) };
}

export async function runGroupStorm(sb: Sandbox, send: Send, deadLetters: () => Promise<number>): Promise<GroupStormResult> {
  await sb.reset();
  const storm = groupStorm({ notifications: NOTIFICATIONS, alertsPerNotification: ALERTS_PER_NOTIFICATION, startMs: Date.now() - 10 * 60_000 });
  const total = storm.alertKeys.length;
  const kvs0 = sb.kvs.stats();
  const samples: Array<{ ms: number; count: number }> = [];
  let id: string | undefined;
  let largestDuring = 0;
  const t0 = Date.now();
  const sample = () => {
    const now = applied(sb, id);
    id = now.id;
    largestDuring = Math.max(largestDuring, now.bytes);
    samples.push({ ms: Date.now() - t0, count: now.count });
  };
  const timer = setInterval(sample, 100);
  let refused = 0;
  try {
    for (const body of storm.bodies) {
      if ((await send(sb, body)).status !== 202) refused++;
      await sb.idle(600_000);
    }
  } finally {
    clearInterval(timer);
  }
  sample();
  const elapsedMs = Date.now() - t0;
  const kvs1 = sb.kvs.stats();
  // the time the count first reached n (interpolated between samples)
  const reached = (n: number): number => {
    const i = samples.findIndex((s) => s.count >= n);
    if (i <= 0) return samples[Math.max(0, i)]?.ms ?? elapsedMs;
    const a = samples[i - 1]!;
    const b = samples[i]!;
    return a.ms + ((n - a.count) / Math.max(1, b.count - a.count)) * (b.ms - a.ms);
  };
  const rate = (from: number, to: number): string => ((to - from) / ((reached(to) - reached(from)) / 1000)).toFixed(0);
  const rows = incidentRows(sb);
  const largest = Math.max(0, ...rows.map((r) => bytesOf(r.value)));
  const appliedCount = applied(sb, id).count;
  return {
    rows: [
      ['notifications × alerts (one group)', `${NOTIFICATIONS} × ${ALERTS_PER_NOTIFICATION} = ${total}`],
      ['refused by the web trigger', refused],
      ['incidents created', rows.length],
      ['alerts on the incident timeline', appliedCount],
      [`events/s, first ${WINDOW} alerts`, rate(1, WINDOW)],
      [`events/s, last ${WINDOW} alerts`, rate(total - WINDOW, total)],
      ['whole storm (s)', (elapsedMs / 1000).toFixed(1)],
      ['largest incident record after the storm (bytes of JSON)', largest],
      ['largest incident record seen during the storm (sampled every 100 ms)', largestDuring],
      ['KVS reads per alert', ((kvs1.reads - kvs0.reads) / total).toFixed(2)],
      ['KVS writes per alert', ((kvs1.writes - kvs0.writes) / total).toFixed(2)],
      ['dead-lettered (Kaizen / platform)', `${await deadLetters()} / ${sb.queues.deadLetters().length}`],
    ],
  };
}
