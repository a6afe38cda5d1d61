import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devSecret } from '../../sandbox/kaizen-profile';
import { redactForLog, redactQueryForLog } from '../../sandbox/core/log-redaction';
import { fixture, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { startTestSandbox, type TestSandbox } from '../helpers/test-sandbox';

/** The sandbox keeps no secret in what it shows, and its reset/idle/start behave as a developer expects (issue 7). */
describe('the request log never shows a credential', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
    sb.queues.stop();
  });
  afterAll(() => sb.dispose());

  it('redacts query tokens, URL user-info, credential-named body fields and every stored secret value', async () => {
    const secret = devSecret('mackerel');
    const url = new URL(sb.webtriggers.urlOf('mackerel-webhook')!);
    url.searchParams.set('token', secret);
    url.searchParams.set('api_key', 'not-a-kaizen-secret-but-named-like-one');
    url.searchParams.set('page', '2');
    const body = JSON.stringify({
      ...(JSON.parse(fixture('mackerel', 'host-warning.json')) as object),
      note: `pasted by mistake: ${secret}`,
      password: 'hunter2-hunter2',
      link: 'https://admin:s3cr3t-pass@example.com/x',
    });
    expect((await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status).toBe(202);
    // and a request with the secret in the Opsgenie custom header, in the wrong place (the query, URL-encoded)
    await fetch(`${sb.webtriggers.urlOf('opsgenie-webhook')!}?x=${encodeURIComponent(devSecret('opsgenie'))}`, { method: 'POST', body: '{}' });

    const log = await (await sb.http('/__sandbox/requests?kind=webtrigger')).text();
    for (const leaked of [secret, encodeURIComponent(devSecret('opsgenie')), devSecret('opsgenie'), 'not-a-kaizen-secret-but-named-like-one', 'hunter2-hunter2', 's3cr3t-pass']) {
      expect(log).not.toContain(leaked);
    }
    const entries = JSON.parse(log) as Array<{ query: string; requestBody: string }>;
    expect(entries[0]!.query).toBe('token=%5BREDACTED%5D&api_key=%5BREDACTED%5D&page=2');
    expect(entries[0]!.requestBody).toContain('https://[REDACTED]@example.com/x');
    expect(entries[0]!.requestBody).toContain('CPU'); // the rest of the body is still there to read
  });

  it.each([
    ['Authorization: Basic in a URL', 'curl https://kaizen:abcdefgh12345678@host/x', 'curl https://[REDACTED]@host/x'],
    ['an escaped quote inside a credential value', '{"x-api-key":"ab\\"cdefgh12345678","n":1}', '{"x-api-key":"[REDACTED]","n":1}'],
  ])('%s', (_name, text, expected) => {
    expect(redactForLog(text)).toBe(expected);
  });

  it('leaves harmless query parameters alone', () => {
    expect(redactQueryForLog('since=3&kind=webtrigger')).toBe('since=3&kind=webtrigger');
    expect(redactQueryForLog('signature=abc&sig=def&Authorization=x')).toBe('signature=%5BREDACTED%5D&sig=%5BREDACTED%5D&Authorization=%5BREDACTED%5D');
  });
});

describe('reset, idle and start', () => {
  it("reset empties the queue's events-per-minute window too", async () => {
    // a real minute (timeScale 1): without the reset, the third alert would wait in the overflow
    const sb = await startKaizenSandbox({ queue: { eventsPerMinute: 2 }, timeScale: 1 });
    try {
      sb.queues.stop();
      const send = async (id: string) => {
        const b = JSON.parse(fixture('mackerel', 'host-warning.json')) as { alert: { id: string } };
        b.alert.id = id;
        return (await (await sendAs(sb, 'mackerel', JSON.stringify(b))).json()) as { accepted: number; deferred?: number };
      };
      expect(await send('w1')).toEqual({ accepted: 1 });
      expect(await send('w2')).toEqual({ accepted: 1 });
      expect(await send('w3')).toEqual({ accepted: 1, deferred: 1 });
      expect((await sb.http('/__sandbox/reset', { method: 'POST' })).status).toBe(200);
      sb.queues.stop();
      expect(await send('w4')).toEqual({ accepted: 1 });
    } finally {
      await sb.dispose();
    }
  });

  it('POST /__sandbox/idle returns only once the overflow is queued and processed', async () => {
    const sb = await startKaizenSandbox({ queue: { eventsPerMinute: 1 }, timeScale: 0.005 });
    try {
      const answers = await Promise.all(
        ['i1', 'i2', 'i3', 'i4'].map(async (id) => {
          const b = JSON.parse(fixture('mackerel', 'host-warning.json')) as { alert: { id: string } };
          b.alert.id = id;
          return (await (await sendAs(sb, 'mackerel', JSON.stringify(b))).json()) as { deferred?: number };
        }),
      );
      expect(answers.some((a) => a.deferred)).toBe(true);
      const idle = await sb.http('/__sandbox/idle?timeoutMs=30000', { method: 'POST' });
      expect(idle.status).toBe(200);
      expect(await idle.json()).toEqual({ pending: 0, inFlight: 0, deadLettered: 0 });
      expect(sb.store.range('kvs', { prefix: 'overflow:' })).toEqual([]);
    } finally {
      await sb.dispose();
    }
  });

  it('starts in an existing empty directory whose name has a dot (mktemp -d gives /tmp/tmp.XXXXXX)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kaizen-dir-'));
    const dataDir = join(parent, 'tmp.AbC123');
    mkdirSync(dataDir);
    try {
      const sb = await startTestSandbox({ dataDir });
      await sb.close();
      expect(readdirSync(dataDir).sort()).toEqual(['data.mdb', 'lock.mdb']);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
