import { resolve } from 'node:path';
import { startSandbox } from './sandbox';
import { readFileSync } from 'node:fs';
import { devSecret, kaizenProfile } from './kaizen-profile';
import type { Sandbox } from './sandbox';

/**
 * Sample data for a fresh sandbox: one Mackerel alert sent through the real web trigger, so there is an incident
 * issue, its live page and the panel to look at. Set KAIZEN_SAMPLE_DATA=off to start empty.
 */
async function sendSampleAlert(sandbox: Sandbox, appDir: string): Promise<void> {
  if (process.env.KAIZEN_SAMPLE_DATA === 'off' || sandbox.store.get('sandbox-meta', 'sampleSent')) return;
  // the reference payload, opened five minutes ago
  const alert = JSON.parse(readFileSync(resolve(appDir, 'test/fixtures/alerts/mackerel/host-critical.json'), 'utf8')) as { alert: Record<string, unknown> };
  const opened = Date.now() - 5 * 60_000;
  Object.assign(alert.alert, { openedAt: Math.floor(opened / 1000), statusChangedAt: Math.floor(Date.now() / 1000), createdAt: opened });
  const body = JSON.stringify(alert);
  const res = await fetch(`${sandbox.webtriggers.urlOf('mackerel-webhook')}?token=${devSecret('mackerel')}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  if (res.status !== 202) throw new Error(`the sample alert was refused: ${res.status} ${await res.text()}`);
  await sandbox.idle(60_000, true);
  sandbox.store.put('sandbox-meta', 'sampleSent', new Date().toISOString());
}

/**
 * `npm start`: runs the Kaizen app in the local Forge sandbox until Ctrl-C.
 * Environment: PORT (default 4010), KAIZEN_SANDBOX_DIR (default .sandbox), KAIZEN_SPECS_DIR (default ../shared/specs),
 * KAIZEN_TIME_SCALE (default 1), KAIZEN_SCHEDULES (default on; "off" to fire scheduled triggers only by hand).
 */
async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const appDir = resolve(__dirname, '..');
  const sandbox = await startSandbox({
    appDir,
    dataDir: resolve(appDir, process.env.KAIZEN_SANDBOX_DIR ?? '.sandbox'),
    port: Number(process.env.PORT ?? 4010),
    host: process.env.HOST ?? '127.0.0.1',
    ...(process.env.KAIZEN_SPECS_DIR ? { specsDir: resolve(process.env.KAIZEN_SPECS_DIR) } : {}),
    timeScale: Number(process.env.KAIZEN_TIME_SCALE ?? 1),
    runSchedules: process.env.KAIZEN_SCHEDULES !== 'off',
    profile: kaizenProfile,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await sendSampleAlert(sandbox, appDir);
  const triggers = sandbox.webtriggers.list();
  const lines = [
    `Kaizen sandbox ready in ${Math.round(ms)} ms at ${sandbox.url}  (rss ${Math.round(process.memoryUsage().rss / 1048576)} MB)`,
    `  Open in a browser: ${sandbox.url}/   (Jira-like issues with the incident panel, Confluence-like pages, dashboard, admin page)`,
    `  Jira REST:        ${sandbox.url}/rest/api/3/…     Confluence REST: ${sandbox.url}/wiki/api/v2/…`,
    `  Inspection API:   ${sandbox.url}/__sandbox/status   (webtriggers, requests, deadletters, faults, reset)`,
    `  Web triggers (ready-to-use senders: ${sandbox.url}/__sandbox/webtriggers):`,
    ...triggers.map((t) => `    ${t.key.padEnd(22)} ${t.url}`),
    `  Data: ${resolve(appDir, process.env.KAIZEN_SANDBOX_DIR ?? '.sandbox')}   Ctrl-C to stop.`,
  ];
  console.log(lines.join('\n'));
  const stop = async (): Promise<void> => {
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
