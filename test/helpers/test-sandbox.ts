import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/sandbox';

export const REPO_ROOT = resolve(__dirname, '../..');
export const FIXTURE_APP = join(REPO_ROOT, 'test/fixtures/sandbox-app');

export interface TestSandbox extends Sandbox {
  dataDir: string;
  /** fetch against the sandbox port. */
  http(path: string, init?: RequestInit): Promise<Response>;
  /** A KVS value as the app stored it. */
  kvsGet<T = unknown>(key: string): T | undefined;
  /** Closes the sandbox and removes its data directory. */
  dispose(): Promise<void>;
}

/** Starts a sandbox on a free port with its own data directory, compressed time and response validation on. */
export async function startTestSandbox(options: Partial<SandboxOptions> & { dataDir?: string } = {}): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kaizen-sandbox-'));
  const sandbox = await startSandbox({
    appDir: FIXTURE_APP,
    port: 0,
    timeScale: 0.001,
    // commits reach the store's file without an fsync each: restarts still see them (durability is not under test)
    syncWrites: false,
    // the app's own waits (its retry backoff) last 1/100 of their time, still charged in full to the invocation's
    // timeout (sandbox/runtime/app-timers.ts)
    appTimeScale: 0.01,
    validateResponses: true,
    runSchedules: false,
    ...options,
    dataDir,
  });
  return Object.assign(sandbox, {
    dataDir,
    http: (path: string, init?: RequestInit) => fetch(`${sandbox.url}${path}`, init),
    kvsGet<T>(key: string): T | undefined {
      const r = sandbox.kvs.handle('/api/v1/get', { key });
      return r.status === 200 ? ((r.body as { value: T }).value) : undefined;
    },
    async dispose() {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export async function webtriggerUrl(sandbox: Sandbox, key: string): Promise<string> {
  const url = sandbox.webtriggers.urlOf(key);
  if (!url) throw new Error(`no web trigger ${key}`);
  return url;
}
