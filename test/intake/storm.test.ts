import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimelineEntrySchema } from '../../src/domain/incident';
import { PANEL_ALERTS } from '../../src/shared/incident-view';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { callResolver, issuePanel, USERS } from '../resolvers/call-resolver';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import { ingestDeps } from '../../src/app/wiring';
import { ingestAlert } from '../../src/usecases/ingest-alert';
import type { Alert } from '../../src/domain/alert';
import { anAlert } from '../builders/domain';
import { groupStorm } from '../builders/alertmanager-storm';
import { alertsOf, getJson, incidentRecordBytes, onlyIncident, storedIncidents } from '../helpers/incidents';
import { incidentIssues, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';

/**
 * An alert storm on one group through the real path (web trigger → queue → consumer): 50 Alertmanager
 * notifications of 100 new alerts each. The incident record is bounded — each alert's state is a row of its own —
 * so the 5,000th alert costs what the first did, nothing is dead-lettered and the record stays small.
 *
 * Each notification is sent once the previous one is applied, as Alertmanager sends a group's notifications
 * `group_interval` apart (here compressed 1,000×). The sandbox keeps its state in memory-backed storage when the
 * machine has it (/dev/shm): the store syncs every write to disk, which would make this test measure the disk.
 */
const NOTIFICATIONS = 50;
const ALERTS_PER_NOTIFICATION = 100;
/**
 * The record's bound, whatever the number of alerts: the incident's own fields plus at most 30 pending comment
 * lines (texts cut to 200 code points). A record holding the alerts would pass it before the 30th alert.
 */
const RECORD_BOUND_BYTES = 24 * 1024;

describe('an alert storm on one group', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    const parent = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    sb = await startKaizenSandbox({ dataDir: mkdtempSync(join(parent, 'kaizen-storm-')) });
  });
  afterAll(() => sb.dispose());

  it('5,000 alerts make one incident, every alert on its timeline, no dead letter, and a record of bounded size', async () => {
    const storm = groupStorm({ notifications: NOTIFICATIONS, alertsPerNotification: ALERTS_PER_NOTIFICATION, startMs: Date.now() - 10 * 60_000 });
    let largest = 0;
    const sample = () => {
      const [incident] = storedIncidents(sb);
      if (incident) largest = Math.max(largest, incidentRecordBytes(sb, incident.id));
    };
    let stopped = false;
    const sampler = setInterval(() => stopped || sample(), 250);
    try {
      for (const body of storm.bodies) {
        expect((await sendAs(sb, 'alertmanager', body)).status).toBe(202);
        await sb.idle(120_000);
      }
    } finally {
      stopped = true;
      clearInterval(sampler);
    }
    sample();

    expect(sb.queues.deadLetters()).toEqual([]);
    expect(sb.store.range('kvs', { prefix: 'dlq:' })).toEqual([]);
    expect(sb.router.violations).toEqual([]);

    const incident = onlyIncident(sb);
    expect(await incidentIssues(sb)).toHaveLength(1);
    expect(incident.alertCounts).toEqual({ firing: 5_000, acknowledged: 0, resolved: 0 });
    expect(alertsOf(sb, incident.id).map((a) => a.key).sort()).toEqual([...storm.alertKeys].sort());

    const timeline = sb.store.range<{ v: string }>('kvs', { prefix: `tl:${incident.id}:` }).map((r) => TimelineEntrySchema.parse(JSON.parse(r.value.v)));
    expect(timeline).toHaveLength(5_000);
    expect(incident.timelineCount).toBe(5_000);
    expect(new Set(timeline.map((e) => e.alertKey))).toEqual(new Set(storm.alertKeys));

    // bounded: the largest the record ever was during the storm, and what it is after it
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(RECORD_BOUND_BYTES);
    expect(incidentRecordBytes(sb, incident.id)).toBeLessThan(RECORD_BOUND_BYTES);

    // the coalesced comments list a bounded number of lines each and count the rest, exactly: every alert event
    // after the opening one is in some comment's heading count
    const bodies: string[] = [];
    for (let startAt = 0; ; startAt += 100) {
      const page = await getJson<{ comments: Array<{ body: unknown }>; total: number }>(sb, `/rest/api/3/issue/${incident.issue!.key}/comment?startAt=${startAt}&maxResults=100`);
      bodies.push(...page.comments.map((c) => JSON.stringify(c.body)));
      if (startAt + 100 >= page.total) break;
    }
    const counted = bodies.map((b) => Number(/"text":"(\d+) new timeline entr(?:y|ies) \(/.exec(b)?.[1] ?? 0));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(5_000 - 1);
    expect(bodies.some((b) => /more timeline entries, the last at .*the Kaizen panel on this issue and the live incident page/.test(b))).toBe(true);
    expect(Math.max(...bodies.map((b) => b.length))).toBeLessThan(32_767);

    // the panel lists a bounded page of the alerts, the newest first, and says how many there are
    const answer = RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel({ id: incident.issue!.id, key: incident.issue!.key }), 'getIncident', {}, USERS.aiko));
    if (!answer.ok || !answer.data.incident) throw new Error(`unexpected ${JSON.stringify(answer).slice(0, 500)}`);
    expect(answer.data.incident.alertTotal).toBe(5_000);
    expect(answer.data.incident.alerts.map((a) => a.key)).toEqual(storm.alertKeys.slice(-PANEL_ALERTS).reverse());
  }, 300_000);
});

describe('racing consumers on one incident', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb.dispose());

  const consumer = { functionKey: 'alert-consumer-fn', moduleKey: 'alert-consumer', moduleType: 'consumer', accountId: undefined, timeoutMs: 60_000 };

  it('keep the alert counts exact: eight alerts joining at once, then resolving at once, recover it exactly once', async () => {
    const deps = await runInInvocation(consumer, () => ingestDeps());
    const run = (alert: Alert) => runInInvocation(consumer, () => ingestAlert(alert, randomUUID(), deps));
    const now = Date.now();
    const firing = (n: number) => anAlert({ sourceAlertId: `race-${n}`, occurredAt: new Date(now + n).toISOString(), openedAt: new Date(now + n).toISOString() });
    await run(firing(0));
    const joined = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => run(firing(n))));
    expect(joined.map((r) => r.decision)).toEqual(Array(7).fill('attach'));
    expect(onlyIncident(sb).alertCounts).toEqual({ firing: 8, acknowledged: 0, resolved: 0 });

    const resolved = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((n) => run({ ...firing(n), status: 'resolved', occurredAt: new Date(now + 1_000 + n).toISOString(), closedAt: new Date(now + 1_000 + n).toISOString() })));
    expect(resolved.map((r) => r.decision)).toEqual(Array(8).fill('update'));
    const incident = onlyIncident(sb);
    expect(incident.alertCounts).toEqual({ firing: 0, acknowledged: 0, resolved: 8 });
    expect(incident.state).toBe('recovered');
    expect(incident.recoveredAt).toBe(new Date(now + 1_007).toISOString());
    expect(alertsOf(sb, incident.id).map((a) => a.state)).toEqual(Array(8).fill('resolved'));
    const kinds = sb.store.range<{ v: string }>('kvs', { prefix: `tl:${incident.id}:` }).map((r) => TimelineEntrySchema.parse(JSON.parse(r.value.v)).kind);
    expect(kinds.filter((k) => k === 'recovered')).toHaveLength(1);
    expect(kinds).toHaveLength(1 + 7 + 8 + 1);
  }, 60_000);
});
