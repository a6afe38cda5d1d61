/**
 * What the adapter tests share: a sandbox (the real @forge/api calls land in its emulators), a consumer-like
 * invocation to run adapter code in, a recording sleep, and the checks every test ends with — no product
 * response broke the OpenAPI documents, and every request the adapters made was accepted (no 4xx but the ones a
 * test expects).
 */
import { runInInvocation } from '../../sandbox/runtime/invocation';
import type { RequestLogEntry } from '../../sandbox/core/request-log';
import type { ProductHttpOptions, RetryEvent } from '../../src/adapters/product-http';
import { startTestSandbox, type TestSandbox } from '../helpers/test-sandbox';

export const FUNCTION_KEY = 'adapter-test';

/** Runs `fn` as a queue consumer invocation, so `api.asApp()` behaves as in production. */
export function inConsumer<T>(fn: () => Promise<T>): Promise<T> {
  return runInInvocation({ functionKey: FUNCTION_KEY, moduleKey: 'test', moduleType: 'consumer', accountId: undefined, timeoutMs: 60_000 }, fn);
}

export const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

export interface ExpectedFailure {
  method: string;
  path: RegExp;
  status: number;
}

export interface AdapterSandbox {
  sb(): TestSandbox;
  /** The adapters' requests in this test, in order. */
  appRequests(): RequestLogEntry[];
  /** Declares a 4xx the current test provokes on purpose. */
  expectFailure(f: ExpectedFailure): void;
  /** Retry options that record the waits instead of sleeping, with a fixed jitter draw. */
  recordingRetry(retry?: ProductHttpOptions['retry']): ProductHttpOptions & { waits: number[]; events: RetryEvent[] };
}

/** Starts one sandbox for a test file and installs the per-test checks. */
export function useAdapterSandbox(): AdapterSandbox {
  let sandbox: TestSandbox | undefined;
  let since = 0;
  let expected: ExpectedFailure[] = [];
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    // Product events (the fixture app's trigger) are delivered on timers: let them land before the sandbox goes.
    await sandbox?.idle();
    await sandbox?.dispose();
  });
  beforeEach(() => {
    since = sandbox!.log.list().at(-1)?.seq ?? 0;
    expected = [];
    sandbox!.faults.clear();
  });
  afterEach(() => {
    const s = sandbox!;
    // Every product answer matched Atlassian's documents.
    expect(s.router.violations).toEqual([]);
    // Every request the adapters made was one the documents (and the products) accept.
    const refused = s.log
      .list({ since, kind: 'product' })
      .filter((e) => e.caller === FUNCTION_KEY && !e.fault && e.status >= 400 && e.status < 500)
      .filter((e) => !expected.some((x) => x.method === e.method && x.path.test(e.path) && x.status === e.status))
      .map((e) => `${e.method} ${e.path}?${e.query} → ${e.status}`);
    expect(refused).toEqual([]);
  });
  return {
    sb: () => sandbox!,
    appRequests: () => sandbox!.log.list({ since, kind: 'product' }).filter((e) => e.caller === FUNCTION_KEY),
    expectFailure: (f) => void expected.push(f),
    recordingRetry(retry) {
      const waits: number[] = [];
      const events: RetryEvent[] = [];
      return {
        waits,
        events,
        retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalWaitMs: 5_000, ...retry },
        random: () => 0.5,
        sleep: async (ms: number) => void waits.push(ms),
        onRetry: (e: RetryEvent) => void events.push(e),
      };
    },
  };
}
