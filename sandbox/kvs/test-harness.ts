import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store/store';
import { createKvsService, kvsResponse, type EntityDefinition, type KvsService } from './kvs-service';

/** The real SDK module, as the app sees it. */
export type KvsSdk = typeof import('@forge/kvs');

/** A clock tests can move; starts on a whole second so TTL arithmetic is easy to read. */
export class TestClock {
  constructor(public ms = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Every wire call the SDK made, for asserting on what it sent. */
export interface WireCall {
  descriptor: unknown;
  path: string;
  body: unknown;
  status: number;
}

export interface KvsHarness {
  sdk: KvsSdk;
  service: KvsService;
  store: Store;
  clock: TestClock;
  calls: WireCall[];
  dir: string;
  /** Closes the store and opens it again from disk with a fresh service (what a sandbox restart does). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The minimal `__forge_runtime__` the SDK needs (shared/docs/forge-platform.md §9.2). No `kvs` field: app-provider mode. */
const RUNTIME = {
  proxy: { token: 't', url: 'http://127.0.0.1' },
  contextAri: 'ari:cloud:jira::site/x',
  appContext: {
    appId: 'a',
    environmentId: 'e',
    environmentType: 'DEVELOPMENT',
    appVersion: '1',
    invocationId: 'i',
    installationId: 'in',
    moduleKey: 'm',
    functionKey: 'f',
    moduleType: 'x',
  },
  lambdaContext: { awsRequestId: 'r', getRemainingTimeInMillis: () => 25000 },
  tracing: { traceId: 't', spanId: 's' },
  realtime: {},
  metrics: {
    counter: () => ({ incr() {}, incrBy() {}, decr() {}, decrBy() {} }),
    timing: () => ({ measure: () => ({ stop() {} }) }),
    gauge: () => ({ set() {} }),
  },
  featureFlags: () => false,
};

/**
 * Installs the Forge globals over a KVS emulator on a fresh store in a temp dir, then requires the real
 * `@forge/kvs`. The SDK picks its descriptor mode when first required, so the globals go in first. The fetch
 * global reads the harness's current service at call time, so `restart()` swaps it under the same SDK instance.
 */
export function startKvsHarness(opts: { entities?: EntityDefinition[] } = {}): KvsHarness {
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-kvs-'));
  const clock = new TestClock();
  const calls: WireCall[] = [];
  const open = () => {
    const store = openStore(dir);
    const createOpts = opts.entities ? { store, entities: opts.entities, now: clock.now } : { store, now: clock.now };
    return { store, service: createKvsService(createOpts) };
  };
  let current = open();
  const g = globalThis as Record<string, unknown>;
  g.__forge_runtime__ = RUNTIME;
  g.__forge_fetch__ = async (descriptor: unknown, path: string, init: { body?: string }) => {
    const body: unknown = init.body === undefined ? undefined : JSON.parse(init.body);
    const result = current.service.handle(path, body);
    calls.push({ descriptor, path, body, status: result.status });
    return kvsResponse(result);
  };
  const sdk = require('@forge/kvs') as KvsSdk;
  const harness: KvsHarness = {
    sdk,
    get service() {
      return current.service;
    },
    get store() {
      return current.store;
    },
    clock,
    calls,
    dir,
    async restart() {
      await current.store.close();
      current = open();
    },
    async close() {
      await current.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Runs `fn` and returns the `ForgeKvsAPIError` it rejects with; fails the test if it resolves or throws something else. */
export async function apiError(sdk: KvsSdk, fn: () => Promise<unknown>): Promise<InstanceType<KvsSdk['ForgeKvsAPIError']>> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof sdk.ForgeKvsAPIError) return err;
    throw err;
  }
  throw new Error('expected a ForgeKvsAPIError, but the call succeeded');
}
