import { randomUUID } from 'node:crypto';
import { fixture, incidentIssues, lastSeq, productWrites, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { alertKeysOf, getJson, onlyIncident, storedIncidents } from '../helpers/incidents';
import type { TestSandbox } from '../helpers/test-sandbox';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import { ingestDeps } from '../../src/app/wiring';
import { ingestAlert } from '../../src/usecases/ingest-alert';
import { anAlert } from '../builders/domain';
import { listDeadLetters } from '../../src/storage/dead-letters';
import { drainOverflow, keepOverflow } from '../../src/storage/overflow';
import type { PushEvent } from '@forge/events';

/** Out-of-order, duplicate, concurrent and failing deliveries (DESIGN 3.1, 4). */
describe('alert intake under real-world conditions', () => {
  let sb: TestSandbox;
  beforeEach(async () => {
    sb = await startKaizenSandbox();
  });
  afterEach(async () => {
    expect(sb.router.violations).toEqual([]);
    await sb.dispose();
  });

  const send = async (source: 'mackerel' | 'opsgenie' | 'pagerduty' | 'alertmanager', body: string) => {
    const res = await sendAs(sb, source, body);
    expect(res.status).toBe(202);
  };

  it("Mackerel's Test button marks the source connected and opens nothing", async () => {
    await send('mackerel', fixture('mackerel', 'sample.json'));
    await sb.idle();
    expect(storedIncidents(sb)).toEqual([]);
    expect(sb.kvsGet<{ lastTestAt?: string }>('source-status:mackerel')?.lastTestAt).toBeDefined();
    expect(productWrites(sb)).toEqual([]);
  });

  it('a resolve that arrives before its open leaves no phantom incident', async () => {
    await send('mackerel', fixture('mackerel', 'host-ok.json'));
    await sb.idle();
    await send('mackerel', fixture('mackerel', 'host-warning.json'));
    await sb.idle();
    expect(storedIncidents(sb)).toEqual([]);
    expect(productWrites(sb)).toEqual([]);
  });

  it('a queue that delivers every event twice still gives one incident and three writes', async () => {
    await sb.close();
    sb = await startKaizenSandbox({ dataDir: sb.dataDir, queue: { duplicateDeliveryRate: 1 } });
    await send('mackerel', fixture('mackerel', 'host-warning.json'));
    await sb.idle();
    expect(storedIncidents(sb)).toHaveLength(1);
    expect(productWrites(sb).map((w) => w.operationId)).toEqual(['createIssue', 'createPage', 'createOrUpdateRemoteIssueLink']);
  });

  it('two alerts for the same service processed at the same moment make one incident', async () => {
    const deps = await runInInvocation({ functionKey: 'alert-consumer-fn', moduleKey: 'alert-consumer', moduleType: 'consumer', accountId: undefined, timeoutMs: 60_000 }, () => ingestDeps());
    const a = anAlert({ sourceAlertId: 'race-a', occurredAt: new Date().toISOString(), openedAt: new Date().toISOString() });
    const b = anAlert({ sourceAlertId: 'race-b', occurredAt: new Date().toISOString(), openedAt: new Date().toISOString() });
    const run = (alert: typeof a) =>
      runInInvocation({ functionKey: 'alert-consumer-fn', moduleKey: 'alert-consumer', moduleType: 'consumer', accountId: undefined, timeoutMs: 60_000 }, () => ingestAlert(alert, randomUUID(), deps));
    const results = await Promise.all([run(a), run(b)]);
    expect(results.map((r) => r.decision).sort()).toEqual(['attach', 'open']);
    const incident = onlyIncident(sb);
    expect(alertKeysOf(sb, incident.id)).toEqual(['mackerel:race-a', 'mackerel:race-b']);
    expect(await incidentIssues(sb)).toHaveLength(1);
  });

  it('an Opsgenie alert relaying a Mackerel alert, both arriving at once, makes one incident', async () => {
    await Promise.all([send('mackerel', fixture('mackerel', 'host-critical.json')), send('opsgenie', fixture('opsgenie', 'create.json'))]);
    await sb.idle();
    expect(storedIncidents(sb)).toHaveLength(1);
    expect(await incidentIssues(sb)).toHaveLength(1);
  });

  it('retries Jira 429 (honouring Retry-After) and 500, and still creates exactly one issue', async () => {
    sb.faults.add({ path: '/rest/api/3/issue', method: 'POST', status: 429, count: 2, retryAfterSeconds: 1 });
    sb.faults.add({ path: '/wiki/api/v2/pages', method: 'POST', status: 500, count: 1 });
    await send('mackerel', fixture('mackerel', 'host-warning.json'));
    await sb.idle(60_000);
    expect(await incidentIssues(sb)).toHaveLength(1);
    const incident = onlyIncident(sb);
    expect(incident.page).toBeDefined();
    expect(incident.linked).toBe(true);
    expect(sb.log.list({ kind: 'product' }).filter((e) => e.fault).length).toBe(3);
  });

  it('an accepted alert is never lost: after the retries it waits in the dead letters, and a replay completes it', async () => {
    sb.faults.add({ path: '/rest/api/3/issue', method: 'POST', status: 500, count: 1000 });
    await send('pagerduty', fixture('pagerduty', 'triggered.json'));
    await sb.idle(120_000);
    const letters = await runInInvocation({ functionKey: 't', moduleKey: 't', moduleType: 'consumer', accountId: undefined, timeoutMs: 60_000 }, () => listDeadLetters());
    expect(letters).toHaveLength(1);
    expect(letters[0]!.error).toMatch(/500/);
    expect(sb.queues.deadLetters()).toEqual([]); // Kaizen kept it itself, before the platform would drop it
    sb.faults.clear();
    const replayed = await sb.http('/__sandbox/app/replay-dead-letters', { method: 'POST' });
    expect(replayed.status).toBe(200);
    await sb.idle();
    expect(await incidentIssues(sb)).toHaveLength(1);
  });

  it('shows hostile alert text as text in the issue and the page', async () => {
    const hostile = '<script>alert(1)</script> ]]> </ac:structured-macro> & 🔥 障害発生 ' + 'x'.repeat(10_000);
    const body = JSON.parse(fixture('alertmanager', 'firing.json')) as { alerts: Array<{ annotations: Record<string, string>; labels: Record<string, string> }> };
    body.alerts = body.alerts.slice(0, 1);
    body.alerts[0]!.annotations.summary = `<script>alert(1)</script> & 🔥 障害 ]]>`;
    body.alerts[0]!.annotations.description = hostile;
    await send('alertmanager', JSON.stringify(body));
    await sb.idle();
    const incident = storedIncidents(sb)[0]!;
    const issue = await getJson<{ fields: { summary: string; description: unknown } }>(sb, `/rest/api/3/issue/${incident.issue!.key}?fields=summary,description`);
    expect(issue.fields.summary).toContain('<script>alert(1)</script> & 🔥 障害 ]]>');
    expect(JSON.stringify(issue.fields.description)).toContain(JSON.stringify('<script>alert(1)</script> ]]> </ac:structured-macro> & 🔥 障害発生').slice(1, -1));
    const page = await getJson<{ body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${incident.page!.id}?body-format=storage`);
    const storage = page.body.storage.value;
    expect(storage).not.toContain('<script>');
    expect(storage).toContain('&lt;script&gt;');
    const view = await getJson<{ body: { view: { value: string } } }>(sb, `/wiki/api/v2/pages/${incident.page!.id}?body-format=view`);
    expect(view.body.view.value).not.toContain('<script>');
    expect(lastSeq(sb)).toBeGreaterThan(0);
  });
});

describe("Forge's queue limit", () => {
  it('alerts over the events-per-minute limit are still accepted, kept, and processed later', async () => {
    // time compressed 200×: the limit's minute lasts 300 ms, long enough that a burst of 6 always exceeds it
    const sb = await startKaizenSandbox({ queue: { eventsPerMinute: 1 }, timeScale: 0.005 });
    try {
      const bodies = Array.from({ length: 6 }, (_, i) => {
        const b = JSON.parse(fixture('mackerel', 'host-warning.json')) as { alert: { id: string } };
        b.alert.id = `limit${i}`;
        return JSON.stringify(b);
      });
      const answers = await Promise.all(bodies.map((b) => sendAs(sb, 'mackerel', b).then((r) => r.json() as Promise<{ accepted: number; deferred?: number }>)));
      expect(answers.every((a) => a.accepted === 1)).toBe(true);
      expect(answers.filter((a) => a.deferred).length).toBeGreaterThan(0);
      // one push per (compressed) minute: consumers and the scheduled trigger drain the rest as minutes pass
      const deadline = Date.now() + 20_000;
      while (sb.store.range('kvs', { prefix: 'overflow:' }).length > 0 && Date.now() < deadline) {
        await sb.idle();
        await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' });
        await new Promise((r) => setTimeout(r, 100));
      }
      await sb.idle();
      expect(sb.store.range('kvs').filter((e) => e.key.startsWith('overflow:'))).toEqual([]);
      expect(alertKeysOf(sb, onlyIncident(sb).id)).toEqual(bodies.map((_, i) => `mackerel:limit${i}`).sort());
    } finally {
      await sb.dispose();
    }
  });
});

describe('payloads nested deeper than KVS allows (31 levels)', () => {
  const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const deepMackerel = (id: string, levels: number): string => {
    const b = JSON.parse(fixture('mackerel', 'host-warning.json')) as { alert: { id: string } };
    b.alert.id = id;
    return JSON.stringify(b).replace(/^\{/, `{"extra":${deep(levels)},`);
  };
  const kvsKeys = (sb: TestSandbox, prefix: string) => sb.store.range('kvs', { prefix }).map((e) => e.key);

  it('while the queue limit sends alerts to the overflow, a deep body is kept and processed later (not a 500)', async () => {
    const sb = await startKaizenSandbox({ queue: { eventsPerMinute: 1 }, timeScale: 0.005 });
    try {
      const answers = [];
      for (const [i, levels] of [40, 60, 63].entries()) {
        const res = await sendAs(sb, 'mackerel', deepMackerel(`deep${i}`, levels));
        answers.push({ status: res.status, body: (await res.json()) as { accepted?: number; deferred?: number } });
      }
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(answers.some((a) => a.body.deferred)).toBe(true);
      // idle drains the overflow through the app's own housekeeping trigger
      await sb.idle(30_000);
      expect(kvsKeys(sb, 'overflow:')).toEqual([]);
      expect(kvsKeys(sb, 'dlq:')).toEqual([]);
      expect(sb.queues.deadLetters()).toEqual([]);
      expect(await incidentIssues(sb)).toHaveLength(1);
    } finally {
      await sb.dispose();
    }
  });

  it('a deep alert that keeps failing still reaches Kaizen\'s dead letters', async () => {
    const sb = await startKaizenSandbox();
    try {
      sb.faults.add({ path: '/rest/api/3/issue', method: 'POST', status: 500, count: 1000 });
      expect((await sendAs(sb, 'mackerel', deepMackerel('deep-dlq', 63))).status).toBe(202);
      await sb.idle(120_000);
      expect(sb.queues.deadLetters()).toEqual([]); // not left to the platform
      expect(kvsKeys(sb, 'dlq:')).toHaveLength(1);
    } finally {
      await sb.dispose();
    }
  });
});

describe('the overflow store', () => {
  it('splits a chunk whose text would pass the KVS value limit, and gives every event back in order (old entries too)', async () => {
    const sb = await startKaizenSandbox();
    try {
      const invocation = { functionKey: 't', moduleKey: 't', moduleType: 'consumer', accountId: undefined, timeoutMs: 60_000 } as const;
      // quotes double when the events' JSON is written as a string: 50 × ~7.6 KB of JSON is ~760 KB stored
      const events: PushEvent[] = Array.from({ length: 50 }, (_, i) => ({ body: { kind: 'alert', i, text: '"\\'.repeat(2_500) } }));
      await runInInvocation(invocation, async () => {
        await sb.kvs.handle('/api/v1/set', { key: 'overflow:000000000000001:legacy', value: { events: [{ body: { kind: 'alert', i: -1 } }] } });
        await keepOverflow(events);
      });
      const entries = sb.store.range('kvs', { prefix: 'overflow:' });
      expect(entries.length).toBeGreaterThan(3);
      const pushed: PushEvent[] = [];
      await runInInvocation(invocation, () => drainOverflow(async (chunk) => void pushed.push(...chunk), 100));
      expect(pushed.map((e) => (e.body as { i: number }).i)).toEqual([-1, ...events.map((_, i) => i)]);
      expect(pushed[1]).toEqual(events[0]);
      expect(sb.store.range('kvs', { prefix: 'overflow' })).toEqual([]);
    } finally {
      await sb.dispose();
    }
  });
});
