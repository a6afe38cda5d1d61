/**
 * Slack messages during alert storms (issue 11, DESIGN 3.7): with a Slack webhook configured, how many messages the
 * storms of bench/run.ts make — bounded by incidents and their level changes, never by alerts:
 *  - the mixed storm: 1,000 notifications over 60 s of alert time across 50 alert ids from all five sources (bench/storm.ts:
 *    opens, repeats, an escalation warning → critical, resolves);
 *  - one group: 10 Alertmanager notifications × 100 new alerts into ONE incident (test/builders/alertmanager-storm.ts),
 *    a critical alert among warnings half way, then every alert resolved.
 * "Level raised (records)" is read from the incidents themselves (the opening alert's level, from the first timeline
 * entry, against the level now), not from the messages. Run alone: `npx tsx bench/slack-storm.ts`.
 */
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Sandbox } from '../sandbox/sandbox';
import { LEVELS, type Incident, type TimelineEntry } from '../src/domain/incident';
import type { SourceId } from '../src/domain/alert';
import { levelFor } from '../src/shared/settings';
import { keys } from '../src/storage/kvs-keys';
import { loadIntakeSettings } from '../src/storage/settings';
import { saveSlackConfig, saveSlackWebhookUrl } from '../src/storage/slack-settings';
import { defaultSlackEvents } from '../src/shared/slack-settings';
import { storedIncidents } from '../test/helpers/incidents';
import { asBench, drain, sendAlert, sendStorm } from './bench-kit';
import { stormNotifications } from './storm';
import { runAlone } from './run-alone';

const HOOK = 'https://hooks.slack.com/services/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';
/** The status the source's web trigger answered. */
const send = async (sb: Sandbox, source: SourceId, body: string): Promise<number> => (await sendAlert(sb, source, body)).status;

/** Incidents whose level now is more severe than the level their opening alert gave them. */
async function raisedIncidents(sb: Sandbox, all: Incident[]): Promise<number> {
  const settings = await asBench(() => loadIntakeSettings());
  let raised = 0;
  for (const incident of all) {
    const r = sb.kvs.handle('/api/v1/get', { key: keys.timeline(incident.id, 0) });
    const opening = (r.body as { value?: TimelineEntry } | undefined)?.value;
    if (!opening?.source || !opening.severity) continue;
    if (LEVELS.indexOf(incident.level) < LEVELS.indexOf(levelFor(settings, opening.source, opening.severity))) raised++;
  }
  return raised;
}

interface StormFigures {
  alerts: number;
  accepted: number;
  incidents: number;
  raised: number;
  messages: { opened: number; raised: number; recovered: number; other: number };
  maxPerIncident: number;
  notifyInvocations: number;
  ms: number;
}

async function measure(sb: Sandbox, run: () => Promise<{ alerts: number; accepted: number }>): Promise<StormFigures> {
  await sb.reset();
  await asBench(async () => {
    await saveSlackWebhookUrl('default', HOOK);
    await saveSlackConfig({ events: defaultSlackEvents(), webhooks: { default: { hint: '…', setAt: new Date().toISOString() } } });
  });
  const invocations0 = sb.invoker.invocations().length;
  const t0 = Date.now();
  const { alerts, accepted } = await run();
  await drain(sb);
  const ms = Date.now() - t0;
  const all = storedIncidents(sb);
  const messages = { opened: 0, raised: 0, recovered: 0, other: 0 };
  const perIncident = new Map<string, number>();
  for (const m of sb.slack.messages(HOOK)) {
    const blocks = (m.body as { blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }> }).blocks;
    const head = blocks[0]?.text?.text ?? '';
    const kind = head.startsWith('🚨') ? 'opened' : head.startsWith('⏫') ? 'raised' : head.startsWith('✅') ? 'recovered' : 'other';
    messages[kind]++;
    const key = blocks.find((b) => b.type === 'context')?.elements?.[0]?.text.split(' · ')[1] ?? '?';
    perIncident.set(key, (perIncident.get(key) ?? 0) + 1);
  }
  const notifyInvocations = sb.invoker.invocations().slice(invocations0).filter((i) => i.functionKey === 'notify-consumer-fn').length;
  return { alerts, accepted, incidents: all.length, raised: await raisedIncidents(sb, all), messages, maxPerIncident: Math.max(0, ...perIncident.values()), notifyInvocations, ms };
}

/** The mixed storm of bench/storm.ts, 16 senders at once. */
async function mixedStorm(sb: Sandbox): Promise<{ alerts: number; accepted: number }> {
  const storm = stormNotifications(Date.now());
  let accepted = 0;
  await sendStorm(sb, storm, (answer) => {
    if (answer.status === 202) accepted++;
  });
  return { alerts: storm.length, accepted };
}

/** One Alertmanager group: 10 notifications × 100 new alerts (notification 5 critical, the rest warning), then all resolved. */
async function oneGroup(sb: Sandbox): Promise<{ alerts: number; accepted: number }> {
  const template = JSON.parse(readFileSync(join(resolve(__dirname, '../test/fixtures/alerts'), 'alertmanager', 'firing.json'), 'utf8')) as { alerts: Array<Record<string, any>> } & Record<string, unknown>;
  const start = Date.now() - 10 * 60_000;
  const alert = (seq: number, severity: string, resolved: boolean) => ({
    ...template.alerts[0],
    status: resolved ? 'resolved' : 'firing',
    labels: { ...template.alerts[0]!.labels, alertname: 'SlackBenchGroup', severity, instance: `web-${seq}:9100` },
    startsAt: new Date(start + seq * 50).toISOString(),
    endsAt: resolved ? new Date().toISOString() : '0001-01-01T00:00:00Z',
    fingerprint: seq.toString(16).padStart(16, '0'),
  });
  const body = (alerts: unknown[], resolved: boolean) => JSON.stringify({ ...template, status: resolved ? 'resolved' : 'firing', alerts, groupKey: '{}:{alertname="SlackBenchGroup"}', truncatedAlerts: 0 });
  let accepted = 0;
  for (let n = 0; n < 10; n++) {
    if ((await send(sb, 'alertmanager', body(Array.from({ length: 100 }, (_, i) => alert(n * 100 + i, n === 5 ? 'critical' : 'warning', false)), false))) === 202) accepted++;
    await sb.idle(600_000);
  }
  for (let n = 0; n < 10; n++) {
    if ((await send(sb, 'alertmanager', body(Array.from({ length: 100 }, (_, i) => alert(n * 100 + i, n === 5 ? 'critical' : 'warning', true)), true))) === 202) accepted++;
  }
  return { alerts: 2_000, accepted };
}

export async function runSlackStorm(sb: Sandbox): Promise<Array<[string, StormFigures]>> {
  return [
    ['mixed storm: 1,000 notifications, 50 alert ids, 5 sources', await measure(sb, () => mixedStorm(sb))],
    ['one group: 1,000 alerts firing, then 1,000 resolves (10 × 100 each)', await measure(sb, () => oneGroup(sb))],
  ];
}

export function printSlackStorm(results: Array<[string, StormFigures]>): void {
  const title = 'Slack messages during alert storms (a default webhook set, every event on, compressed time)';
  console.log(`\n${title}\n${'-'.repeat(title.length)}`);
  const head = ['storm', 'alert events', 'incidents', 'level raised (records)', 'Slack messages', 'opened / raised / recovered', 'messages per incident', 'most for one incident', 'notify consumer runs', 'drained (ms)'];
  console.log(head.join(' | '));
  for (const [name, f] of results) {
    const total = f.messages.opened + f.messages.raised + f.messages.recovered + f.messages.other;
    console.log(
      [name, `${f.alerts} (${f.accepted} notifications accepted)`, f.incidents, f.raised, total, `${f.messages.opened} / ${f.messages.raised} / ${f.messages.recovered}${f.messages.other ? ` (+${f.messages.other} other)` : ''}`, f.incidents ? (total / f.incidents).toFixed(2) : '-', f.maxPerIncident, f.notifyInvocations, f.ms].join(' | '),
    );
  }
  console.log('bound: messages ≤ incidents × 2 (opened, recovered) + level raises — never one per alert');
}

if (require.main === module) runAlone('slack-storm', async (sb) => printSlackStorm(await runSlackStorm(sb)));
