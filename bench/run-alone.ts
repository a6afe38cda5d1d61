/**
 * Runs one bench section on its own sandbox (`npx tsx bench/<section>.ts`), the way bench/run.ts starts its own:
 * compressed time, a throwaway data directory removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kaizenProfile } from '../sandbox/kaizen-profile';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';

export function runAlone(name: string, section: (sb: Sandbox) => Promise<void>): void {
  void (async () => {
    const dir = mkdtempSync(join(tmpdir(), `kaizen-bench-${name}-`));
    const sb = await startSandbox({ appDir: resolve(__dirname, '..'), dataDir: dir, port: 0, timeScale: 0.001, profile: kaizenProfile, queue: { maxAttempts: 10 } });
    try {
      await section(sb);
    } finally {
      await sb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  })().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
