import { SOURCE_IDS, type SourceId } from '../../src/domain/alert';
import { hmacSha256Hex } from '../../src/sources/common/constant-time';
import { GRAFANA_SIGNATURE_HEADER, GRAFANA_TIMESTAMP_HEADER } from '../../src/sources/grafana/verify';
import { sources } from '../../src/sources/registry';
import { DEV_OPSGENIE_HEADER, devSecret } from '../../sandbox/kaizen-profile';
import { fixture, incidentIssues, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { getJson } from '../helpers/incidents';
import type { TestSandbox } from '../helpers/test-sandbox';

/**
 * DESIGN 4: every web trigger request is authenticated, and a secret is never logged, echoed or stored.
 * Wrong, missing, misplaced, stale and replayed credentials on every source are a 401 (never a 2xx); then a full run
 * with secrets echoed all over the alert bodies leaves no secret in any response, console line, KVS value (queued
 * events, dead letters, overflow included), Jira issue or comment, Confluence page, or the sandbox's request log.
 */
const FIRING: Record<SourceId, string> = { mackerel: 'host-critical.json', opsgenie: 'create.json', alertmanager: 'firing.json', grafana: 'firing.json', pagerduty: 'triggered.json' };

interface Attempt {
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** Changes the body after the sender's headers were computed (a replayed signature on another body). */
  body?: (body: string) => string;
  /** Sign this body instead (and send `body`). */
  signedBody?: (body: string) => string;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const grafanaAt = (secret: string, body: string, seconds: number) => ({ [GRAFANA_TIMESTAMP_HEADER]: String(seconds), [GRAFANA_SIGNATURE_HEADER]: hmacSha256Hex(secret, `${seconds}:${body}`) });
const inBody = (key: string, secret: string) => (body: string) => body.replace(/^\s*\{/, `{${JSON.stringify(key)}:${JSON.stringify(secret)},`);

/** Requests that must all be refused, per source, for the source's secret `s`. */
function refused(source: SourceId, s: string): Record<string, Attempt> {
  const now = Math.floor(Date.now() / 1000);
  const common: Record<string, Attempt> = {
    missing: {},
    'wrong secret': { headers: sendersHeaders(source, 'wrong-secret-0123456789abcdef') },
    'secret with a character more': { headers: sendersHeaders(source, `${s}x`) },
    'secret cut short': { headers: sendersHeaders(source, s.slice(0, -1)) },
    'secret in the body': { body: inBody('token', s) },
    ...(source === 'alertmanager' ? {} : { 'secret in a Bearer header': { headers: { Authorization: `Bearer ${s}` } } }),
    'secret in an unrelated header': { headers: { 'X-Api-Key': s, 'X-Token': s } },
    'secret in the query as ?secret=': { query: { secret: s, apiKey: s } },
    'secret as Basic user name': { headers: { Authorization: basic(s, 'x') } },
  };
  switch (source) {
    case 'mackerel':
      return { ...common, 'secret in the Opsgenie header': { headers: { [DEV_OPSGENIE_HEADER]: s } }, 'query parameter with another name': { query: { tokens: s } }, 'Basic without a colon': { headers: { Authorization: `Basic ${Buffer.from(s).toString('base64')}` } } };
    case 'opsgenie':
      return { ...common, 'secret in ?token= (Mackerel style)': { query: { token: s } }, 'secret as Basic password': { headers: { Authorization: basic('kaizen', s) } } };
    case 'alertmanager':
      return { ...common, 'secret as Basic password': { headers: { Authorization: basic('kaizen', s) } }, 'Bearer in the query': { query: { token: s, access_token: s } }, 'raw secret without the scheme': { headers: { Authorization: s } } };
    case 'grafana':
      return {
        ...common,
        'the secret itself as the signature': { headers: { [GRAFANA_SIGNATURE_HEADER]: s } },
        'stale: signed 301 s ago': { headers: grafanaAt(s, '', now - 301) },
        'from the future: 301 s ahead': { headers: grafanaAt(s, '', now + 301) },
        'replayed: a valid signature on another body': { signedBody: (b) => b.replace('firing', 'resolved') },
        'signature in the query': { query: { signature: hmacSha256Hex(s, '') } },
      };
    case 'pagerduty':
      return {
        ...common,
        'the secret itself as the signature': { headers: { 'X-PagerDuty-Signature': `v1=${s}` } },
        'replayed: a valid signature on another body': { signedBody: (b) => b.replace('triggered', 'resolved') },
        'signature in another header': { headers: { 'X-Signature': `v1=${hmacSha256Hex(s, '')}` } },
        'signature without the v1= prefix': { signedBody: (b) => b, headers: { 'X-PagerDuty-Signature': 'deadbeef' } },
      };
  }
}

/** The headers the real sender would send for a secret (signature sources: over an empty body, so never valid). */
function sendersHeaders(source: SourceId, secret: string): Record<string, string> {
  const signed = sources[source].signAsSender('{}', secret, Date.now());
  return Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k, v[0]!]));
}

describe('credentials', () => {
  let sb: TestSandbox;
  const responses: string[] = [];
  const consoleLines: string[] = [];
  const spies: jest.SpyInstance[] = [];
  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method].bind(console);
      spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args.map((a) => (a instanceof Error ? `${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        original(...(args as []));
      }));
    }
    // a small queue limit (per 300 ms: time runs 200× faster) so that the run below also fills the overflow
    sb = await startKaizenSandbox({ queue: { eventsPerMinute: 2 }, timeScale: 0.005 });
    sb.queues.stop(); // the refusals are counted on a quiet queue; the last test runs the whole flow
  });
  afterAll(async () => {
    for (const spy of spies) spy.mockRestore();
    await sb.dispose();
  });

  const post = async (source: SourceId, attempt: Attempt): Promise<Response> => {
    const body = fixture(source, FIRING[source]);
    const url = new URL(sb.webtriggers.urlOf(`${source}-webhook`)!);
    for (const [k, v] of Object.entries(attempt.query ?? {})) url.searchParams.set(k, v);
    let headers: Record<string, string> = { 'Content-Type': 'application/json', ...attempt.headers };
    if (attempt.signedBody) headers = { ...sendersHeaders2(source, attempt.signedBody(body)), ...attempt.headers };
    const res = await fetch(url, { method: 'POST', headers, body: attempt.body ? attempt.body(body) : body });
    responses.push(await res.clone().text());
    return res;
  };
  const sendersHeaders2 = (source: SourceId, body: string) => Object.fromEntries(Object.entries(sources[source].signAsSender(body, devSecret(source), Date.now()).headers).map(([k, v]) => [k, v[0]!]));

  describe.each(SOURCE_IDS)('%s', (source) => {
    it.each(Object.entries(refused(source, devSecret(source))))('%s → 401, nothing queued', async (_name, attempt) => {
      const before = sb.queues.status();
      const res = await post(source, attempt);
      expect(res.status).toBe(401);
      const answer = (await res.json()) as { error: string; reason: string };
      expect(['missing-credentials', 'malformed-credentials', 'bad-credentials', 'stale-timestamp']).toContain(answer.reason);
      expect(sb.queues.status().pending + sb.queues.status().inFlight).toBe(before.pending + before.inFlight);
    });

    it('the real sender is accepted (the refusals above are not a broken trigger)', async () => {
      expect((await sendAs(sb, source, fixture(source, FIRING[source]))).status).toBe(202);
    });
  });

  it('no secret anywhere after a run with secrets echoed in every alert, and every failure above', async () => {
    const secret = (s: SourceId) => devSecret(s);
    const bodies: Record<SourceId, string> = {
      mackerel: mutate('mackerel', 'host-critical.json', (b) => {
        b.message = `webhook https://example.com/hook?token=${secret('mackerel')} failed; basic kaizen:${secret('mackerel')}`;
        b.memo = `token ${encodeURIComponent(secret('mackerel'))}`;
        (b.alert as Record<string, unknown>).url = `https://kaizen:${secret('mackerel')}@mackerel.io/orgs/example-corp/alerts/4Ksb2dWqJ7m`;
        (b.alert as Record<string, unknown>).id = 'leak1';
      }),
      opsgenie: mutate('opsgenie', 'create.json', (b) => {
        const alert = b.alert as Record<string, unknown>;
        alert.alertId = 'leak2';
        alert.alias = 'leak2';
        alert.description = `header ${DEV_OPSGENIE_HEADER}: ${secret('opsgenie')}`;
        alert.details = { token: secret('opsgenie'), note: `again ${secret('opsgenie')}` };
        b.headers = { [DEV_OPSGENIE_HEADER]: secret('opsgenie') };
      }),
      alertmanager: mutate('alertmanager', 'firing.json', (b) => {
        const alerts = b.alerts as Array<{ annotations: Record<string, string>; labels: Record<string, string> }>;
        alerts[0]!.annotations.description = `curl -H 'Authorization: Bearer ${secret('alertmanager')}'`;
        alerts[0]!.annotations.summary = `secret ${secret('alertmanager')} in the title`;
        alerts[0]!.labels.instance = secret('alertmanager');
        b.groupKey = `{}:{leak="${secret('alertmanager')}"}`;
      }),
      grafana: mutate('grafana', 'firing.json', (b) => {
        b.message = `signed with ${secret('grafana')}`;
        (b.alerts as Array<{ annotations: Record<string, string> }>)[0]!.annotations.summary = `HMAC secret ${secret('grafana')}`;
      }),
      pagerduty: mutate('pagerduty', 'triggered.json', (b) => {
        const data = (b.event as { data: Record<string, unknown> }).data;
        data.title = `signing secret: ${secret('pagerduty')}`;
        data.id = 'LEAK5';
      }),
    };
    const places: Record<string, string> = {};
    const snapshotStore = (when: string): void => {
      // everything the sandbox keeps: KVS (queued events, overflow, Kaizen's dead letters), queues, Jira, Confluence
      for (const ns of sb.store.namespaces()) if (ns !== 'kvs-secret') places[`${when} store:${ns}`] = JSON.stringify(sb.store.range(ns)); // kvs-secret: where secrets belong
    };
    const send = async (source: SourceId) => {
      const res = await sendAs(sb, source, bodies[source]);
      responses.push(await res.clone().text());
      expect(res.status).toBe(202);
    };
    // a clean start: the alerts the checks above accepted are dropped
    sb.queues.clear();
    for (const { key } of sb.store.range('kvs', { prefix: 'overflow:' })) sb.store.delete('kvs', key);
    // 1. the PagerDuty alert fails for good (Jira refuses every issue): it ends in Kaizen's dead letters
    const fault = sb.faults.add({ path: '/rest/api/3/issue', method: 'POST', status: 500, count: 1_000 });
    sb.queues.start();
    await send('pagerduty');
    await sb.idle(120_000);
    expect(sb.store.count('kvs', 'dlq:')).toBe(1);
    sb.faults.clear();
    expect(fault).toBeDefined();
    // 2. the others arrive at once while the queue is stopped: the limit sends some to the overflow
    sb.queues.stop();
    for (const source of SOURCE_IDS.filter((s) => s !== 'pagerduty')) await send(source);
    expect(sb.store.count('kvs', 'overflow:')).toBeGreaterThan(0);
    expect(sb.queues.status().pending).toBeGreaterThan(0);
    snapshotStore('queued');
    sb.queues.start();
    await sb.idle(60_000);
    const issues = await incidentIssues(sb);
    expect(issues.length).toBeGreaterThan(0);
    snapshotStore('after');

    Object.assign(places, {
      responses: responses.join('\n'),
      console: consoleLines.join('\n'),
      requestLog: await (await sb.http('/__sandbox/requests')).text(),
      deadLetters: await (await sb.http('/__sandbox/deadletters')).text(),
      issuesAndComments: JSON.stringify(await Promise.all(issues.map(async (i) => [i, await getJson(sb, `/rest/api/3/issue/${i.key}/comment`)]))),
      pages: JSON.stringify(await getJson(sb, '/wiki/api/v2/pages?body-format=storage&limit=250')),
    });
    expect(places['queued store:kvs']).toContain('overflow:');
    expect(places['after store:kvs']).toContain('dlq:');
    const leaks: string[] = [];
    for (const source of SOURCE_IDS) {
      for (const form of [secret(source), encodeURIComponent(secret(source)), Buffer.from(`kaizen:${secret(source)}`).toString('base64')]) {
        for (const [place, text] of Object.entries(places)) if (text.includes(form)) leaks.push(`${source} secret in ${place}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(places.issuesAndComments).toContain('[REDACTED]'); // the echoed secrets were there, and were replaced
  }, 180_000);
});

function mutate(source: SourceId, file: string, change: (body: Record<string, unknown>) => void): string {
  const body = JSON.parse(fixture(source, file)) as Record<string, unknown>;
  change(body);
  return JSON.stringify(body);
}
