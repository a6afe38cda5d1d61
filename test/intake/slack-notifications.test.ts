import { Queue } from '@forge/events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import { ingestDeps } from '../../src/app/wiring';
import { saveIntakeSettings } from '../../src/storage/settings';
import { remindOverdueRetrospectives } from '../../src/usecases/retrospective-reminders';
import { NOTIFY_QUEUE, type Notification } from '../../src/usecases/notify/notification';
import { storedIncidents } from '../helpers/incidents';
import { ALERT_FIXTURES, asApp, refusedAppRequests, sendAs } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { adminPage, dataOf, issueAction, issuePanel, typedCaller, USERS } from '../resolvers/call-resolver';

/**
 * Slack notifications (issue 11 items 3–4, DESIGN 3.7) end to end: the admin's Slack settings (secrets never answered),
 * the five events queued by the real use cases and posted by the real `kaizen-notify` consumer through the declared
 * egress to the sandbox's Slack receiver (which validates Block Kit as Slack does), hostile alert text arriving inert,
 * and Slack failing (429 with Retry-After, 500) while the incident is made regardless — then every message once.
 */
const DEFAULT_HOOK = 'https://hooks.slack.com/services/T0KAIZEN01/B0DEFAULT01/abcdefghijklmnopqrstuvwx';
const SEV1_HOOK = 'https://hooks.slack.com/services/T0KAIZEN01/B0SEVONE001/ABCDEFghijklmnopqrstuv12';
const HOSTILE = '<!channel> <@U1> *x* & <https://evil|click>';
const GROUP = '{}/{alertname="SlackStorm"}';

type Block = { type: string; text?: { type: string; text: string; verbatim?: boolean }; fields?: Array<{ text: string }>; elements?: Array<{ text: string | { text: string }; url?: string }> };
type Body = { text: string; blocks: Block[] };

const template = JSON.parse(readFileSync(join(ALERT_FIXTURES, 'alertmanager', 'firing.json'), 'utf8')) as { alerts: Array<Record<string, any>> } & Record<string, unknown>;
const base = Date.now() - 10 * 60_000;
/** One Alertmanager notification of the group `GROUP`: alert `n` firing at `severity`, or resolved. */
function amBody(alerts: Array<{ n: number; severity?: 'warning' | 'critical'; resolved?: boolean; summary?: string }>): string {
  const a = template.alerts[0]!;
  const resolved = alerts.every((x) => x.resolved);
  return JSON.stringify({
    ...template,
    status: resolved ? 'resolved' : 'firing',
    groupKey: GROUP,
    alerts: alerts.map(({ n, severity = 'warning', resolved: done, summary }) => ({
      ...a,
      status: done ? 'resolved' : 'firing',
      labels: { ...a.labels, alertname: 'SlackStorm', severity, instance: `web-${n}:9100` },
      annotations: { ...a.annotations, summary: summary ?? `web-${n} 5xx` },
      startsAt: new Date(base + n * 1000).toISOString(),
      endsAt: done ? new Date(Date.now() - 1000).toISOString() : '0001-01-01T00:00:00Z',
      fingerprint: n.toString(16).padStart(16, '0'),
    })),
  });
}

describe('Slack notifications', () => {
  let sb: TestSandbox;
  const admin = typedCaller(() => sb, adminPage);
  const bodies = (hook?: string): Body[] => sb.slack.messages(hook).map((m) => m.body as unknown as Body);
  const header = (b: Body): string => b.blocks[0]!.text!.text;
  const about = (key: string, hook?: string): Body[] => bodies(hook).filter((b) => b.blocks.some((x) => x.type === 'context' && JSON.stringify(x).includes(key)));
  const send = async (body: string) => {
    expect((await sendAs(sb, 'alertmanager', body)).status).toBe(202);
    // what is due now (the alerts, their notifications); the delayed comment flushes run later
    await sb.idle(30_000, true);
  };
  const stormIncident = () => storedIncidents(sb).find((i) => i.groupKeys.some((g) => g.includes('SlackStorm')))!;

  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
    expect(refusedAppRequests(sb)).toEqual([]);
    await sb.dispose();
  });

  it('settings: admins only, each bad URL named, webhook URLs kept secret and never answered back', async () => {
    const panel = typedCaller(() => sb, adminPage);
    expect(await panel('getSlackSettings', {}, USERS.ben)).toMatchObject({ ok: false, error: { code: 'admin-only' } });
    const refused = await admin('saveSlackSettings', { webhooks: { SEV2: 'http://hooks.slack.com/services/T0KAIZEN01/B0DEFAULT01/abcdefghijklmnopqrstuvwx', SEV3: 'https://evil.example/services/T0KAIZEN01/B0X/abc', SEV4: 'https://hooks.slack.com/workflows/T0/A0/1/x' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    expect(!refused.ok && refused.error.fields!.map((f) => [f.path, f.code])).toEqual([
      ['webhooks.SEV2', 'slack-webhook-url'],
      ['webhooks.SEV3', 'slack-webhook-url'],
      ['webhooks.SEV4', 'slack-webhook-url'],
    ]);
    expect(dataOf(await admin('getSlackSettings', {})).webhooks.SEV2).toEqual({ set: false });

    const saved = dataOf(await admin('saveSlackSettings', { webhooks: { default: ` ${DEFAULT_HOOK} `, SEV1: SEV1_HOOK } }));
    expect(saved.webhooks.default).toMatchObject({ set: true, hint: '…/B0DEFAULT01/••••uvwx', setBy: 'Aiko Sato' });
    expect(saved.webhooks.SEV1).toMatchObject({ set: true, hint: '…/B0SEVONE001/••••uv12' });
    expect(saved.events).toEqual({ 'incident-opened': true, 'level-raised': true, recovered: true, 'retrospective-overdue': true, 'retrospective-published': true });
    // neither secret in any answer, nor in plain KVS; both in secret storage
    const answers = JSON.stringify([saved, await admin('getSlackSettings', {}), await admin('getSettings', {})]);
    const plain = JSON.stringify(sb.store.range('kvs'));
    for (const secret of ['abcdefghijklmnopqrstuvwx', 'ABCDEFghijklmnopqrstuv12']) {
      expect(answers).not.toContain(secret);
      expect(plain).not.toContain(secret);
    }
    expect(JSON.stringify(sb.store.range('kvs-secret'))).toContain('abcdefghijklmnopqrstuvwx');
    expect(await (await sb.http('/__sandbox/requests')).text()).not.toContain('abcdefghijklmnopqrstuvwx');

    // the test message reaches the SEV1 channel; a slot without a webhook is `not-found`
    expect(dataOf(await admin('sendSlackTest', { slot: 'SEV1' }))).toEqual({ sent: true });
    expect(header(bodies(SEV1_HOOK)[0]!)).toBe('✅ Kaizen test message');
    expect(await admin('sendSlackTest', { slot: 'SEV3' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // the post is in the request log with the webhook's secret masked
    expect(await (await sb.http('/__sandbox/requests?kind=egress')).text()).not.toContain('ABCDEFghijklmnopqrstuv12');
  });

  it('an alert storm into one incident: opened, level raised, recovered — one message each, hostile text inert', async () => {
    await send(amBody([{ n: 0, summary: HOSTILE }]));
    const incident = stormIncident();
    const key = incident.issue!.key;
    const [opened] = about(key, DEFAULT_HOOK);
    expect(header(opened!)).toBe(`🚨 Incident opened: ${key} ${HOSTILE}`); // plain_text: shown as typed, parsed by nobody
    const section = opened!.blocks.find((b) => b.type === 'section')!;
    expect(section.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
    expect(section.text!.text).toContain('&lt;!channel&gt; &lt;@U1&gt; *x* &amp; &lt;https://evil|click&gt;');
    for (const text of [opened!.text, section.text!.text, ...section.fields!.map((f) => f.text)]) expect(text).not.toMatch(/<[!@#]|<https:\/\/evil/);
    expect(section.text!.text).toContain(`<${incident.issue!.url}|`);
    const buttons = opened!.blocks.find((b) => b.type === 'actions')!.elements!.map((e) => e.url);
    expect(buttons).toEqual([incident.issue!.url, incident.page!.url]);

    // 10 more warnings (no message), then 6 criticals at once: SEV3 → SEV2 raised once, not six times
    await send(amBody(Array.from({ length: 10 }, (_, i) => ({ n: i + 1 }))));
    await send(amBody(Array.from({ length: 6 }, (_, i) => ({ n: 11 + i, severity: 'critical' as const }))));
    expect(about(key).map(header)).toEqual([`🚨 Incident opened: ${key} ${HOSTILE}`, `⏫ Level raised: ${key} ${HOSTILE}`]);
    expect(about(key)[1]!.blocks[1]!.text!.text).toContain('The level was raised from SEV3 — minor to SEV2 — major.');

    // all 17 resolve → recovered, once
    await send(amBody(Array.from({ length: 17 }, (_, n) => ({ n, resolved: true }))));
    expect(stormIncident().state).toBe('recovered');
    expect(about(key).map((b) => header(b).split(':')[0])).toEqual(['🚨 Incident opened', '⏫ Level raised', '✅ Recovered']);
    expect(about(key, SEV1_HOOK)).toEqual([]);
  });

  let declared: { id: string; key: string; incidentId: string };
  it('a declared incident, a person raising its level (routed to SEV1), lowering it (silent), and marking it recovered', async () => {
    const storm = stormIncident().issue!;
    const answer = dataOf(await typedCaller(() => sb, issueAction(storm))('declareIncident', { requestId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c', target: 'new-issue', title: 'Checkout is slow', level: 'SEV3', drill: false }));
    const incident = storedIncidents(sb).find((i) => i.id === answer.incidentId)!;
    declared = { id: incident.issue!.id, key: incident.issue!.key, incidentId: incident.id };
    await sb.idle();
    const panel = typedCaller(() => sb, issuePanel(declared));
    dataOf(await panel('setIncidentLevel', { level: 'SEV1' }));
    dataOf(await panel('setIncidentLevel', { level: 'SEV3' }));
    dataOf(await panel('setIncidentRoles', { commander: USERS.ben }));
    dataOf(await panel('markRecovered', {}));
    await sb.idle();
    expect(about(declared.key, DEFAULT_HOOK).map((b) => header(b))).toEqual([`🚨 Incident opened: ${declared.key} Checkout is slow`, `✅ Recovered: ${declared.key} Checkout is slow`]);
    expect(about(declared.key, SEV1_HOOK).map((b) => header(b))).toEqual([`⏫ Level raised: ${declared.key} Checkout is slow`]);
  });

  it('a level raised and a recovery made in Jira itself (priority Highest, then Done) are announced too', async () => {
    const storm = stormIncident().issue!;
    const answer = dataOf(await typedCaller(() => sb, issueAction(storm))('declareIncident', { requestId: '5e4c3b2a-1908-4f7e-8d6c-5b4a39281706', target: 'new-issue', title: 'Search is down', level: 'SEV3', drill: false }));
    const key = storedIncidents(sb).find((i) => i.id === answer.incidentId)!.issue!.key;
    await sb.idle();
    const jiraAsBen = async (method: string, path: string, body: unknown) => {
      const res = await sb.http(path, { method, headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': USERS.ben }, body: JSON.stringify(body) });
      expect(res.ok).toBe(true);
    };
    await jiraAsBen('PUT', `/rest/api/3/issue/${key}`, { fields: { priority: { name: 'Highest' } } });
    await sb.idle();
    await jiraAsBen('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '31' } });
    await sb.idle();
    expect(about(key, SEV1_HOOK).map((b) => header(b).split(':')[0])).toEqual(['⏫ Level raised', '✅ Recovered']);
  });

  it('retrospective overdue and published, in the page language (ja)', async () => {
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja' }));
    const deps = await asApp(() => ingestDeps());
    const run = { functionKey: 'housekeeping-fn', moduleKey: 'housekeeping', moduleType: 'scheduledTrigger', accountId: undefined, timeoutMs: 300_000 } as const;
    await runInInvocation(run, () => remindOverdueRetrospectives({ ...deps, clock: { now: () => new Date(Date.now() + 25 * 3_600_000) } }));
    await sb.idle();
    const overdue = about(declared.key).filter((b) => header(b).includes('期限超過'));
    expect(overdue.map(header)).toEqual([`⏰ 【ポストモーテム期限超過】${declared.key} Checkout is slow`]);
    expect(JSON.stringify(overdue[0]!.blocks)).toContain('Ben Carter');

    const panel = typedCaller(() => sb, issuePanel(declared));
    dataOf(await panel('draftRetrospective', {}));
    dataOf(await panel('publishRetrospective', {}));
    dataOf(await panel('publishRetrospective', {})); // `already`: no second announcement
    await sb.idle();
    const published = about(declared.key).filter((b) => header(b).includes('公開'));
    expect(published).toHaveLength(1);
    expect(header(published[0]!)).toBe(`📝 【ポストモーテム公開】${declared.key} Checkout is slow`);
    expect(published[0]!.blocks[1]!.text!.text).toContain(`${declared.key} のポストモーテム（振り返り）が公開されました。`);
    await asApp(() => saveIntakeSettings({ pageLanguage: 'en' }));
  });

  it('Slack answering 429 then 500: the incident is made regardless, then its message arrives exactly once', async () => {
    const since = sb.log.list().at(-1)?.seq ?? 0;
    sb.slack.addFault({ webhook: DEFAULT_HOOK, status: 429, count: 1, retryAfterSeconds: 7 });
    sb.slack.addFault({ webhook: DEFAULT_HOOK, status: 500, count: 1 });
    expect((await sendAs(sb, 'alertmanager', amBody([{ n: 100, summary: 'Payments down' }]).replace(/SlackStorm/g, 'Payments'))).status).toBe(202);
    await sb.idle();
    const incident = storedIncidents(sb).find((i) => i.title === 'Payments down')!;
    expect(incident.issue && incident.page && incident.linked).toBeTruthy();
    const log = sb.log.list({ since });
    const egress = log.filter((e) => e.kind === 'egress').map((e) => e.status);
    expect(egress).toEqual([429, 500, 200]);
    // the retry after the 429 waited Slack's Retry-After (7 s, at the sandbox's 1/1000 time scale)
    const [limited, failed] = log.filter((e) => e.kind === 'egress');
    expect(Date.parse(failed!.time) - Date.parse(limited!.time)).toBeGreaterThanOrEqual(7);
    // the issue was created before Slack first answered: Slack never held up the incident
    const created = log.find((e) => e.kind === 'product' && e.method === 'POST' && e.path === '/rest/api/3/issue')!;
    expect(created.seq).toBeLessThan(log.find((e) => e.kind === 'egress')!.seq);
    expect(about(incident.issue!.key).map(header)).toEqual([`🚨 Incident opened: ${incident.issue!.key} Payments down`]);
    expect(sb.slack.listFaults()).toEqual([]);
  });

  it('a redelivered notification posts once; a refused one (4xx) is dropped without retries', async () => {
    const n: Notification = { kind: 'slack', id: `opened:${declared.incidentId}`, incidentId: declared.incidentId, level: 'SEV3', event: { kind: 'incident-opened', at: new Date().toISOString() } };
    const before = bodies().length;
    await asApp(() => new Queue({ key: NOTIFY_QUEUE }).push([{ body: n }, { body: { ...n } }]));
    await sb.idle();
    expect(bodies()).toHaveLength(before);

    sb.slack.register({ url: SEV1_HOOK, state: 'channel_is_archived' });
    const since = sb.log.list().at(-1)?.seq ?? 0;
    dataOf(await typedCaller(() => sb, issuePanel(declared))('reopenIncident', {}));
    dataOf(await typedCaller(() => sb, issuePanel(declared))('setIncidentLevel', { level: 'SEV1' }));
    await sb.idle();
    expect(sb.log.list({ since, kind: 'egress' }).map((e) => e.status)).toEqual([410]);
  });
});
