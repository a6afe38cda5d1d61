import { ProxyRequestError, route } from '@forge/api';
import { z } from 'zod';
import type { ForgeFetch } from '../../sandbox/runtime/forge-globals';
import { ProductNetworkError, ProductRequestError, RateLimitedError, UnexpectedResponseError } from '../../src/adapters/product-errors';
import { ProductHttp, confluenceHttp, jiraHttp } from '../../src/adapters/product-http';
import { DEFAULT_RETRY_POLICY, fullJitterDelayMs, parseRetryAfterMs } from '../../src/adapters/retry-policy';
import { inConsumer, useAdapterSandbox } from './adapter-test-kit';

const MyselfSchema = z.object({ accountId: z.string(), accountType: z.string() });
const SpacesSchema = z.object({ results: z.array(z.object({ id: z.string(), key: z.string() })) });

describe('retry policy (pure)', () => {
  it('reads Retry-After as delta-seconds or an HTTP-date, ignoring garbage, capped at 900 s', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-3', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs('86400', now)).toBe(900_000);
  });

  it('draws full jitter from 0 up to a doubling, capped ceiling', () => {
    const policy = { baseDelayMs: 500, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => fullJitterDelayMs(policy, n, () => 0.999999))).toEqual([499, 999, 1999, 3999, 7999, 7999]);
    expect(fullJitterDelayMs(policy, 3, () => 0)).toBe(0);
    expect(fullJitterDelayMs(policy, 3, () => 0.5)).toBe(1000);
  });

  it('defaults to 5 attempts and at most 20 s of waiting in one invocation', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000, maxTotalWaitMs: 20_000 });
  });
});

describe('ProductHttp through the sandbox', () => {
  const kit = useAdapterSandbox();

  it('calls Jira and Confluence as the app and parses the answer with a schema', async () => {
    const me = await inConsumer(() => jiraHttp().json('GET', route`/rest/api/3/myself`, MyselfSchema));
    expect(me.accountType).toBe('app');
    const spaces = await inConsumer(() => confluenceHttp().json('GET', route`/wiki/api/v2/spaces?keys=${'OPS'}`, SpacesSchema));
    expect(spaces.results.map((s) => s.key)).toEqual(['OPS']);
    expect(kit.appRequests().map((e) => `${e.method} ${e.path} ${e.status} ${e.actor}`)).toEqual([
      'GET /rest/api/3/myself 200 app',
      'GET /wiki/api/v2/spaces 200 app',
    ]);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    kit.sb().faults.add({ path: '/rest/api/3/myself', status: 429, count: 2, retryAfterSeconds: 1 });
    const opts = kit.recordingRetry();
    const http = new ProductHttp('jira', opts);
    const me = await inConsumer(() => http.json('GET', route`/rest/api/3/myself`, MyselfSchema));
    expect(me.accountType).toBe('app');
    expect(opts.waits).toEqual([1000, 1000]);
    expect(opts.events.map((e) => [e.reason, e.status, e.attempt])).toEqual([
      ['rate-limited', 429, 1],
      ['rate-limited', 429, 2],
    ]);
    expect(kit.appRequests().map((e) => e.status)).toEqual([429, 429, 200]);
    expect(http.waitedMs).toBe(2000);
  });

  it('backs off with jitter on 500 for a read, and really sleeps when not told otherwise', async () => {
    kit.sb().faults.add({ path: '/rest/api/3/myself', status: 500, count: 2 });
    const events: number[] = [];
    const http = new ProductHttp('jira', { retry: { baseDelayMs: 20, maxDelayMs: 40 }, random: () => 1, onRetry: (e) => void events.push(e.waitMs) });
    const started = Date.now();
    await inConsumer(() => http.json('GET', route`/rest/api/3/myself`, MyselfSchema));
    expect(events).toEqual([20, 40]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(kit.appRequests().map((e) => e.status)).toEqual([500, 500, 200]);
  });

  it('does not repeat a non-idempotent POST after a 500 (it may have acted), but does after a 429', async () => {
    const sb = kit.sb();
    sb.faults.add({ path: '/wiki/api/v2/pages', method: 'POST', status: 500, count: 1 });
    const opts = kit.recordingRetry();
    const http = new ProductHttp('confluence', opts);
    const body = { spaceId: '0', title: 'x' };
    const err = await inConsumer(() => http.request('POST', route`/wiki/api/v2/pages`, { body })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProductRequestError);
    expect(err).not.toBeInstanceOf(RateLimitedError);
    expect((err as ProductRequestError).status).toBe(500);
    expect(opts.waits).toEqual([]);
    expect(kit.appRequests()).toHaveLength(1);

    sb.faults.add({ path: '/rest/api/3/search/jql', method: 'POST', status: 429, count: 1, retryAfterSeconds: 0 });
    const reply = await inConsumer(() => http.request('POST', route`/rest/api/3/search/jql`, { body: { jql: 'project = OPS' } }));
    expect(reply.status).toBe(200);
    expect(opts.waits).toEqual([0]);
  });

  it('hands a wait longer than the in-function budget back as RateLimitedError, without sleeping', async () => {
    kit.sb().faults.add({ path: '/rest/api/3/myself', status: 429, count: 5, retryAfterSeconds: 30 });
    const opts = kit.recordingRetry({ maxTotalWaitMs: 20_000 });
    const http = new ProductHttp('jira', opts);
    const err = await inConsumer(() => http.json('GET', route`/rest/api/3/myself`, MyselfSchema)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    const limited = err as RateLimitedError;
    expect(limited.retryAfterSeconds).toBe(30);
    expect(limited.status).toBe(429);
    expect(limited.cause).toBeInstanceOf(ProductRequestError);
    expect(opts.waits).toEqual([]);
    expect(kit.appRequests()).toHaveLength(1);
  });

  it('gives up after maxAttempts of 429 and after the budget is spent across requests', async () => {
    const sb = kit.sb();
    sb.faults.add({ path: '/rest/api/3/myself', status: 429, count: 10, retryAfterSeconds: 1 });
    const opts = kit.recordingRetry({ maxAttempts: 3, maxTotalWaitMs: 2_500 });
    const http = new ProductHttp('jira', opts);
    const first = await inConsumer(() => http.request('GET', route`/rest/api/3/myself`)).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RateLimitedError);
    expect(opts.waits).toEqual([1000, 1000]);
    expect(kit.appRequests()).toHaveLength(3);
    // The same instance (one invocation) has 500 ms left: the next 429 goes straight back to the queue.
    const second = await inConsumer(() => http.request('GET', route`/rest/api/3/myself`)).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(RateLimitedError);
    expect((second as RateLimitedError).retryAfterSeconds).toBe(1);
    expect(opts.waits).toEqual([1000, 1000]);
    expect(kit.appRequests()).toHaveLength(4);
  });

  it('throws the last 5xx when 5xx outlast the attempts, and RateLimitedError for 503 with Retry-After', async () => {
    const sb = kit.sb();
    sb.faults.add({ path: '/rest/api/3/myself', status: 502, count: 3 });
    const opts = kit.recordingRetry({ maxAttempts: 3 });
    const err = await inConsumer(() => new ProductHttp('jira', opts).request('GET', route`/rest/api/3/myself`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProductRequestError);
    expect(err).not.toBeInstanceOf(RateLimitedError);
    expect((err as ProductRequestError).status).toBe(502);
    expect(opts.waits).toEqual([50, 100]);

    sb.faults.add({ path: '/rest/api/3/myself', status: 503, count: 3, retryAfterSeconds: 60 });
    const unavailable = await inConsumer(() => new ProductHttp('jira', kit.recordingRetry()).request('GET', route`/rest/api/3/myself`)).catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(RateLimitedError);
    expect((unavailable as RateLimitedError).retryAfterSeconds).toBe(60);
  });

  it('returns other statuses to the caller, and json() turns them into ProductRequestError with the body', async () => {
    kit.expectFailure({ method: 'POST', path: /^\/rest\/api\/3\/issue$/, status: 400 });
    const http = jiraHttp();
    const path = route`/rest/api/3/issue`;
    const body = { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 42 } };
    const reply = await inConsumer(() => http.request('POST', path, { body }));
    expect(reply.status).toBe(400);
    const err = await inConsumer(() => http.json('POST', path, MyselfSchema, { body })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProductRequestError);
    const failed = err as ProductRequestError;
    expect(failed).toMatchObject({ product: 'jira', method: 'POST', path: '/rest/api/3/issue', status: 400 });
    expect(failed.body).toMatchObject({ errors: { summary: expect.any(String) } });
    expect(failed.message).toMatch(/^Jira POST \/rest\/api\/3\/issue answered 400: .*summary/);
  });

  it('refuses a success body of the wrong shape (parse, do not cast)', async () => {
    const err = await inConsumer(() => jiraHttp().json('GET', route`/rest/api/3/myself`, z.object({ accountId: z.number() }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect((err as UnexpectedResponseError).message).toMatch(/accountId/);
  });

  /**
   * Wraps the platform's `__forge_fetch__` (the runtime global the sandbox installs, beneath @forge/api) to see
   * what the SDK sends and to answer as the Forge proxy does when it fails; restored afterwards.
   */
  async function withPlatformFetch<T>(wrap: (real: ForgeFetch) => ForgeFetch, run: () => Promise<T>): Promise<T> {
    const g = globalThis as unknown as { __forge_fetch__: ForgeFetch };
    const real = g.__forge_fetch__;
    g.__forge_fetch__ = wrap(real);
    try {
      return await run();
    } finally {
      g.__forge_fetch__ = real;
    }
  }

  it('sends Accept and Content-Type application/json on every request, as the app', async () => {
    const seen: Array<{ remote: string | undefined; provider: string | undefined; headers: unknown }> = [];
    await withPlatformFetch(
      (real) => async (d, path, init) => {
        seen.push({ remote: d.remote, provider: d.provider, headers: init?.headers });
        return real(d, path, init);
      },
      () => inConsumer(async () => {
        await jiraHttp().request('GET', route`/rest/api/3/myself`);
        await confluenceHttp().request('POST', route`/wiki/api/v2/pages`, { body: { spaceId: 'x' } }).catch(() => undefined);
      }),
    );
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    expect(seen).toEqual([
      { remote: 'jira', provider: 'app', headers },
      { remote: 'confluence', provider: 'app', headers },
    ]);
    kit.expectFailure({ method: 'POST', path: /^\/wiki\/api\/v2\/pages$/, status: 404 }); // no space x
  });

  it('retries a read when the Forge proxy fails to get an answer, and reports a lost write as ProductNetworkError', async () => {
    let failures = 2;
    const proxyFails: (real: ForgeFetch) => ForgeFetch = (real) => async (d, path, init) =>
      failures-- > 0 ? new Response(null, { status: 502, headers: { 'forge-proxy-error': 'PROXY_UPSTREAM_ERR' } }) : real(d, path, init);
    const opts = kit.recordingRetry();
    const me = await withPlatformFetch(proxyFails, () => inConsumer(() => new ProductHttp('jira', opts).json('GET', route`/rest/api/3/myself`, MyselfSchema)));
    expect(me.accountType).toBe('app');
    expect(opts.events.map((e) => e.reason)).toEqual(['network', 'network']);

    failures = 1;
    const err = await withPlatformFetch(proxyFails, () =>
      inConsumer(() => new ProductHttp('jira', kit.recordingRetry()).request('POST', route`/rest/api/3/issue`, { body: {} })),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProductNetworkError);
    expect((err as ProductNetworkError).cause).toBeInstanceOf(ProxyRequestError);
    expect(kit.appRequests().filter((e) => e.method === 'POST')).toEqual([]);
  });

  it('keeps path parameters to one segment (route rejects path manipulation)', async () => {
    const key = '../../rest/api/3/myself';
    expect(() => route`/rest/api/3/issue/${key}`).toThrow(/path manipulation/i);
  });
});
