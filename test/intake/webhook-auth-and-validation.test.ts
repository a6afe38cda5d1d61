import { SOURCE_IDS, type Alert, type SourceId } from '../../src/domain/alert';
import { hmacSha256Hex } from '../../src/sources/common/constant-time';
import { GRAFANA_SIGNATURE_HEADER, GRAFANA_TIMESTAMP_HEADER } from '../../src/sources/grafana/verify';
import { MAX_JSON_DEPTH } from '../../src/sources/parse-json';
import { saveSourceSecret } from '../../src/storage/source-secrets';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import { devSecret } from '../../sandbox/kaizen-profile';
import { fixture, fixtureFiles, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';

/** DESIGN 3.1 step 1 and 4: authenticate, validate, enqueue, 202 — and nothing else. */
const FIRING: Record<SourceId, string> = {
  mackerel: 'host-warning.json',
  opsgenie: 'create.json',
  alertmanager: 'firing.json',
  grafana: 'firing.json',
  pagerduty: 'triggered.json',
};

describe('alert web triggers', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
    sb.queues.stop(); // these tests look at the web trigger alone
  });
  afterAll(() => sb.dispose());

  it.each(SOURCE_IDS)('%s: the sender credential is accepted with 202, the alert queued, no product call made', async (source) => {
    const before = sb.queues.status().pending;
    const res = await sendAs(sb, source, fixture(source, FIRING[source]));
    expect(res.status).toBe(202);
    expect(((await res.json()) as { accepted: number }).accepted).toBeGreaterThanOrEqual(1);
    expect(sb.queues.status().pending).toBeGreaterThan(before);
    expect(sb.log.list({ kind: 'product' })).toEqual([]);
  });

  it.each(SOURCE_IDS)('%s: a wrong credential is 401, nothing queued', async (source) => {
    const before = sb.queues.status().pending;
    const res = await sendAs(sb, source, fixture(source, FIRING[source]), { secret: 'wrong-secret-0123456789abcdef' });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { reason: string };
    expect(body.reason).toBe('bad-credentials');
    expect(JSON.stringify(body)).not.toContain('kaizen-dev');
    expect(sb.queues.status().pending).toBe(before);
  });

  it.each(SOURCE_IDS)('%s: a missing credential is 401', async (source) => {
    const res = await fetch(sb.webtriggers.urlOf(`${source}-webhook`)!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: fixture(source, FIRING[source]) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { reason: string }).reason).toBe('missing-credentials');
  });

  it.each(SOURCE_IDS)('%s: every fixture shape is accepted', async (source) => {
    for (const file of fixtureFiles(source)) {
      const res = await sendAs(sb, source, fixture(source, file));
      expect({ file, status: res.status }).toEqual({ file, status: 202 });
    }
  });

  it('answers 400 naming the field for a body of the wrong shape, and for a body that is not JSON', async () => {
    const wrong = JSON.parse(fixture('mackerel', 'host-warning.json')) as { alert: Record<string, unknown> };
    wrong.alert.status = 42;
    const res = await sendAs(sb, 'mackerel', JSON.stringify(wrong));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fields: string[] };
    expect(body.fields.join('\n')).toMatch(/alert\.status/);
    const notJson = await sendAs(sb, 'pagerduty', '{"event": ');
    expect(notJson.status).toBe(400);
    const am = await sendAs(sb, 'alertmanager', JSON.stringify({ version: '4', status: 'firing' }));
    expect(am.status).toBe(400);
    expect(((await am.json()) as { fields: string[] }).fields.join('\n')).toMatch(/alerts|groupKey/);
  });

  it('answers 413 for an oversized body before reading it, and 405 for GET', async () => {
    const big = JSON.stringify({ event: 'alert', padding: 'x'.repeat(1024 * 1024 + 10) });
    expect((await sendAs(sb, 'mackerel', big)).status).toBe(413);
    expect((await fetch(sb.webtriggers.urlOf('grafana-webhook')!, { method: 'GET' })).status).toBe(405);
  });

  it('never stores a secret echoed in an Opsgenie Escalate body, not even in the queued raw payload', async () => {
    const res = await sendAs(sb, 'opsgenie', fixture('opsgenie', 'escalate.json'));
    expect(res.status).toBe(202);
    const dump = JSON.stringify(sb.store.range('queue-events'));
    expect(dump).toContain('51859f57-7fad-467b-ad79-59acbc69cb6a'); // the escalation itself was queued with its raw payload…
    expect(dump).not.toContain('kz_test_DO_NOT_STORE_9f8e7d6c5b4a'); // …but never the echoed integration header
  });
});

/** Findings of the outside probe (issue 7): valid-looking bodies that used to answer 5xx or be mis-read. */
describe('alert web triggers: hostile but well-formed bodies', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
    sb.queues.stop();
  });
  afterAll(() => sb.dispose());

  const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
  const withExtra = (source: SourceId, file: string, extraJson: string): string => fixture(source, file).replace(/^\s*\{/, `{"extra":${extraJson},`);
  const queuedAlerts = (): Alert[] => sb.store.range<{ body: { kind: string; alert?: Alert } }>('queue-events').flatMap((e) => (e.value.body.alert ? [e.value.body.alert] : []));
  const asSender = (source: SourceId, body: string) => sendAs(sb, source, body);

  it.each([2_000, 10_000, 100_000])('refuses a valid body nested %d levels deep with a 400 that names the limit', async (levels) => {
    const before = sb.queues.status().pending;
    const res = await asSender('mackerel', withExtra('mackerel', 'host-warning.json', nested(levels)));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: string[] };
    expect(body.fields.join('\n')).toContain(`nested too deeply: more than ${MAX_JSON_DEPTH} levels`);
    expect(sb.queues.status().pending).toBe(before);
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels, and queues a raw payload shallow enough for KVS (31 levels)`, async () => {
    const res = await asSender('pagerduty', withExtra('pagerduty', 'triggered.json', nested(MAX_JSON_DEPTH - 1)));
    expect(res.status).toBe(202);
    const depth = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
    const alert = queuedAlerts().at(-1)!;
    expect(depth({ body: { kind: 'alert', alert } })).toBeLessThanOrEqual(31);
    expect(JSON.stringify(alert.raw)).toContain('[[[['); // the deep part is kept, as text
  });

  it.each([
    ['alertmanager', '1.5'],
    ['alertmanager', '1e308'],
    ['alertmanager', '9007199254740993'],
    ['alertmanager', '-1'],
    ['alertmanager', '"3"'],
    ['grafana', '1.5'],
    ['grafana', '1e308'],
    ['grafana', '9007199254740993'],
    ['grafana', '-1'],
  ] as const)('%s truncatedAlerts %s is a 400 naming the field', async (source, value) => {
    const body = JSON.parse(fixture(source, 'firing.json')) as Record<string, unknown>;
    const res = await asSender(source, JSON.stringify(body).replace(/^\{/, `{"truncatedAlerts":${value},`).replace(/,"truncatedAlerts":\d+/, ''));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: string[] }).fields.join('\n')).toMatch(/^truncatedAlerts: expected a non-negative integer/m);
  });

  it('keeps a valid truncatedAlerts count', async () => {
    const body = { ...(JSON.parse(fixture('alertmanager', 'firing.json')) as Record<string, unknown>), truncatedAlerts: 7 };
    expect((await asSender('alertmanager', JSON.stringify(body))).status).toBe(202);
    expect(queuedAlerts().at(-1)!.truncatedAlertsCount).toBe(7);
  });

  it.each([
    ['mackerel', 'host-warning.json', (b: { alert: Record<string, unknown> }) => Object.assign(b.alert, { openedAt: 42, statusChangedAt: 42, createdAt: 42 })],
    ['opsgenie', 'create.json', (b: { alert: Record<string, unknown> }) => Object.assign(b.alert, { createdAt: 42, updatedAt: 42 })],
    ['mackerel', 'host-warning.json', (b: { alert: Record<string, unknown> }) => Object.assign(b.alert, { openedAt: 32503680000, statusChangedAt: 32503680000 })],
  ] as const)('%s with implausible times (1970, year 3000): the receive time stands in', async (source, file, change) => {
    const body = JSON.parse(fixture(source, file)) as { alert: Record<string, unknown> };
    change(body);
    const sentAt = Date.now();
    expect((await asSender(source, JSON.stringify(body))).status).toBe(202);
    const alert = queuedAlerts().at(-1)!;
    for (const time of [alert.occurredAt, alert.openedAt, alert.closedAt]) {
      if (time !== undefined) expect(Date.parse(time)).toBeGreaterThanOrEqual(sentAt - 1_000);
      if (time !== undefined) expect(Date.parse(time)).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    expect(Date.parse(alert.occurredAt)).toBeGreaterThanOrEqual(sentAt - 1_000);
  });

  describe('Grafana with "require a signed timestamp" on', () => {
    const secret = devSecret('grafana');
    const invocation = { functionKey: 't', moduleKey: 't', moduleType: 'test', accountId: undefined, timeoutMs: 10_000 } as const;
    beforeAll(() => runInInvocation(invocation, () => saveSourceSecret('grafana', { secrets: [secret], requireTimestamp: true })));
    afterAll(() => runInInvocation(invocation, () => saveSourceSecret('grafana', { secrets: [secret] })));

    const post = (headers: Record<string, string>, body: string) =>
      fetch(sb.webtriggers.urlOf('grafana-webhook')!, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

    it('refuses a body-only signature (a captured request that would never expire) with 401', async () => {
      const body = fixture('grafana', 'firing.json');
      const res = await post({ [GRAFANA_SIGNATURE_HEADER]: hmacSha256Hex(secret, body) }, body);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { reason: string }).reason).toBe('missing-credentials');
    });

    it('accepts a fresh timestamped signature and refuses one outside the 300 s skew', async () => {
      const body = fixture('grafana', 'firing.json');
      const at = (seconds: number) => ({ [GRAFANA_TIMESTAMP_HEADER]: String(seconds), [GRAFANA_SIGNATURE_HEADER]: hmacSha256Hex(secret, `${seconds}:${body}`) });
      const now = Math.floor(Date.now() / 1000);
      expect((await post(at(now), body)).status).toBe(202);
      const stale = await post(at(now - 301), body);
      expect(stale.status).toBe(401);
      expect(((await stale.json()) as { reason: string }).reason).toBe('stale-timestamp');
      expect((await post(at(now + 400), body)).status).toBe(401);
    });
  });
});
