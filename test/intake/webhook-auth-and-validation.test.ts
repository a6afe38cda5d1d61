import { SOURCE_IDS, type SourceId } from '../../src/domain/alert';
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
