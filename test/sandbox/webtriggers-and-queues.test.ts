import { startTestSandbox, type TestSandbox } from '../helpers/test-sandbox';

/** The sandbox's platform behaviour, through the fixture app's real @forge/* calls. */
describe('web triggers', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.dispose());

  it('lists every web trigger module with a local URL', async () => {
    const list = (await (await sb.http('/__sandbox/webtriggers')).json()) as Array<{ key: string; url: string }>;
    expect(list.map((w) => w.key).sort()).toEqual(['broken-hook', 'echo-hook', 'enqueue-hook', 'static-hook']);
    expect(list.find((w) => w.key === 'echo-hook')!.url).toMatch(new RegExp(`^${sb.url}/public/[0-9a-f-]{36}$`));
    expect(list.find((w) => w.key === 'static-hook')!.url).toMatch(/\/x1\/[0-9a-f-]{36}$/);
  });

  it('hands the function the request in the shape Forge gives and returns its dynamic response', async () => {
    const url = sb.webtriggers.urlOf('echo-hook')!;
    const res = await fetch(`${url}/extra/path?token=abc&multi=1&multi=2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom-Header': 'Value' },
      body: '{"hello":"世界"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const echoed = (await res.json()) as { req: Record<string, unknown>; context: { installContext: string }; moduleKey: string };
    expect(echoed.req.method).toBe('POST');
    expect(echoed.req.body).toBe('{"hello":"世界"}');
    expect(echoed.req.userPath).toBe('/extra/path');
    expect(echoed.req.path).toBe(`${new URL(url).pathname}/extra/path`);
    expect(echoed.req.queryParameters).toEqual({ token: ['abc'], multi: ['1', '2'] });
    const headers = echoed.req.headers as Record<string, string[]>;
    expect(headers['X-Custom-Header']).toEqual(['Value']);
    expect(Object.values(headers).every((v) => Array.isArray(v))).toBe(true);
    expect(echoed.context.installContext).toMatch(/^ari:cloud:jira::site\//);
    expect(echoed.moduleKey).toBe('echo-hook');
  });

  it('answers static outputs, 500 for a non-conforming response, 404 for an unknown id, 413 over 5 MB', async () => {
    const stat = await fetch(sb.webtriggers.urlOf('static-hook')!, { method: 'POST', body: '{}' });
    expect(stat.status).toBe(202);
    expect(await stat.json()).toEqual({ ok: true });
    const broken = await fetch(sb.webtriggers.urlOf('broken-hook')!, { method: 'POST', body: '{}' });
    expect(broken.status).toBe(500);
    expect(await broken.text()).toMatch(/statusCode/);
    expect((await sb.http('/public/00000000-0000-0000-0000-000000000000', { method: 'POST', body: '{}' })).status).toBe(404);
    const big = await fetch(sb.webtriggers.urlOf('echo-hook')!, { method: 'POST', body: 'x'.repeat(5 * 1024 * 1024 + 1) });
    expect(big.status).toBe(413);
  });

  it('logs every web trigger call in /__sandbox/requests', async () => {
    await fetch(sb.webtriggers.urlOf('echo-hook')!, { method: 'POST', body: '{"logged":true}' });
    const log = (await (await sb.http('/__sandbox/requests?kind=webtrigger')).json()) as Array<Record<string, unknown>>;
    const last = log[log.length - 1]!;
    expect(last).toMatchObject({ kind: 'webtrigger', target: 'echo-hook', method: 'POST', status: 200, requestBody: '{"logged":true}', caller: 'http' });
    expect(typeof last.durationMs).toBe('number');
    expect(typeof last.time).toBe('string');
  });
});

describe('queues', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ queue: { maxAttempts: 3 } });
  });
  afterAll(() => sb.dispose());

  const enqueue = async (body: Record<string, unknown>) => {
    const res = await fetch(sb.webtriggers.urlOf('enqueue-hook')!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(202);
    return (await res.json()) as { jobId: string };
  };

  it('end to end: a web trigger pushes with the real @forge/events Queue and the consumer runs', async () => {
    const { jobId } = await enqueue({ id: 'e2e', mode: 'ok' });
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    await sb.idle();
    expect(sb.kvsGet('done:e2e')).toBe(1);
    const invocations = sb.invoker.invocations().map((i) => `${i.moduleType}:${i.moduleKey}:${i.outcome}`);
    expect(invocations).toEqual(expect.arrayContaining(['webtrigger:enqueue-hook:ok', 'consumer:work-consumer:ok']));
  });

  it('retries a consumer that throws, with retryContext, until it succeeds', async () => {
    await enqueue({ id: 'flaky', mode: 'fail', times: 2 });
    await sb.idle();
    expect(sb.kvsGet('done:flaky')).toBe(1);
    expect(sb.kvsGet('attempt:flaky:1')).toMatchObject({ retryReason: null });
    expect(sb.kvsGet('attempt:flaky:3')).toMatchObject({ retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' });
    expect(sb.kvsGet('attempt:flaky:4')).toBeUndefined();
  });

  it('honours an InvocationError retry request and its retryAfter', async () => {
    // retryAfter 300 s at timeScale 0.001 is 300 ms: the second attempt must not have run 50 ms after the first
    await enqueue({ id: 'ratelimited', mode: 'retry', times: 1, retryAfter: 300 });
    const deadline = Date.now() + 5000;
    while (!sb.kvsGet('attempt:ratelimited:1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(sb.kvsGet('attempt:ratelimited:2')).toBeUndefined();
    expect(sb.queues.status().pending).toBe(1);
    await sb.idle();
    expect(sb.kvsGet('attempt:ratelimited:2')).toMatchObject({ retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED' });
    expect(sb.kvsGet('done:ratelimited')).toBe(1);
  });

  it('dead-letters an event after the bounded retries, where a person can see and replay it', async () => {
    await enqueue({ id: 'doomed', mode: 'always-fail' });
    await sb.idle();
    expect(sb.kvsGet('attempt:doomed:3')).toBeDefined();
    expect(sb.kvsGet('attempt:doomed:4')).toBeUndefined();
    const status = (await (await sb.http('/__sandbox/status')).json()) as { queue: { pending: number; inFlight: number; deadLettered: number } };
    expect(status.queue).toEqual({ pending: 0, inFlight: 0, deadLettered: 1 });
    const dead = (await (await sb.http('/__sandbox/deadletters')).json()) as Array<{ eventId: string; body: { id: string }; attempts: number; lastError: string; consumer: string }>;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ body: { id: 'doomed' }, attempts: 3, consumer: 'work-consumer' });
    expect(dead[0]!.lastError).toMatch(/always failing doomed/);
    const replay = await sb.http(`/__sandbox/deadletters/${dead[0]!.eventId}/replay`, { method: 'POST' });
    expect(replay.status).toBe(200);
    await sb.idle();
    // replayed as a fresh delivery: attempts start again at 1 (the kvs keys are per attempt number)
    expect(sb.queues.deadLetters()).toHaveLength(1);
    expect(sb.queues.deadLetters()[0]!.attempts).toBe(3);
  });

  it('delivers again what was pending when the sandbox stopped (state kept across a restart)', async () => {
    const dataDir = sb.dataDir;
    sb.queues.stop();
    await enqueue({ id: 'across-restart', mode: 'ok' });
    expect(sb.queues.status().pending).toBe(1);
    await sb.close();
    sb = await startTestSandbox({ dataDir, queue: { maxAttempts: 3 } });
    await sb.idle();
    expect(sb.kvsGet('done:across-restart')).toBe(1);
    expect(sb.kvsGet('done:e2e')).toBe(1);
  });

  it('delivers at least once: with duplicate delivery on, an event can arrive twice', async () => {
    const dup = await startTestSandbox({ queue: { duplicateDeliveryRate: 1 } });
    try {
      await fetch(dup.webtriggers.urlOf('enqueue-hook')!, { method: 'POST', body: JSON.stringify({ id: 'twice', mode: 'ok' }) });
      await dup.idle();
      expect(dup.kvsGet('done:twice')).toBe(2);
    } finally {
      await dup.dispose();
    }
  });
});

describe('scheduled triggers', () => {
  it('fires a scheduled trigger on request with the platform payload and records the run', async () => {
    const sb = await startTestSandbox();
    try {
      const res = await sb.http('/__sandbox/scheduled/tick/run', { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ key: 'tick', ok: true, statusCode: 204 });
      expect(sb.kvsGet('ticks')).toBe(1);
      expect(sb.kvsGet('last-tick')).toEqual({ context: { cloudId: expect.any(String), moduleKey: 'tick' }, contextToken: expect.any(String) });
      expect((await sb.http('/__sandbox/scheduled/nope/run', { method: 'POST' })).status).toBe(404);
    } finally {
      await sb.dispose();
    }
  });

  it('runs scheduled triggers on their interval when schedules are on', async () => {
    // hour × 0.00001 = 36 ms
    const sb = await startTestSandbox({ runSchedules: true, timeScale: 0.00001 });
    try {
      const deadline = Date.now() + 5000;
      while ((sb.kvsGet<number>('ticks') ?? 0) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(sb.kvsGet<number>('ticks')).toBeGreaterThanOrEqual(2);
    } finally {
      await sb.dispose();
    }
  });
});
