import { resolve } from 'node:path';
import { startSandbox } from './sandbox';
import { kaizenProfile } from './kaizen-profile';
import { seedSampleData } from './sample-data';
import { sampleLearningLinks } from './sample-learning';

/**
 * `npm start`: runs the Kaizen app in the local Forge sandbox until Ctrl-C.
 * Environment: PORT (default 4010), KAIZEN_SANDBOX_DIR (default .sandbox), KAIZEN_SPECS_DIR (default ../shared/specs),
 * KAIZEN_TIME_SCALE (default 1), KAIZEN_SCHEDULES (default on; "off" to fire scheduled triggers only by hand),
 * KAIZEN_SAMPLE_DATA (default on: the first start of an empty data directory makes the sample incidents of
 * sandbox/sample-data.ts and sandbox/sample-learning.ts; "off" starts empty).
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
  const sampleStarted = process.hrtime.bigint();
  const sample = process.env.KAIZEN_SAMPLE_DATA === 'off' ? undefined : await seedSampleData(sandbox, appDir);
  const sampleMs = Number(process.hrtime.bigint() - sampleStarted) / 1e6;
  // printed on every start of a directory that has it (the page's path is kept; the port may differ)
  const learning = process.env.KAIZEN_SAMPLE_DATA === 'off' ? undefined : sampleLearningLinks(sandbox);
  const triggers = sandbox.webtriggers.list();
  // a trigger whose sender needs a header (the deployments trigger's bearer secret) shows it beside the URL
  const headerOf = async (key: string, url: string): Promise<string> => {
    const auth = (await kaizenProfile.describeWebtrigger?.(key, url))?.headers?.Authorization;
    return auth ? `   Authorization: ${auth}` : '';
  };
  const triggerLines = await Promise.all(triggers.map(async (t) => `    ${t.key.padEnd(22)} ${t.url}${await headerOf(t.key, t.url)}`));
  const lines = [
    `Kaizen sandbox ready in ${Math.round(ms)} ms at ${sandbox.url}  (rss ${Math.round(process.memoryUsage().rss / 1048576)} MB)`,
    `  Open in a browser: ${sandbox.url}/   (Jira-like issues with the incident panel, Confluence-like pages, dashboard, admin page)`,
    `  Jira REST:        ${sandbox.url}/rest/api/3/…     Confluence REST: ${sandbox.url}/wiki/api/v2/…`,
    `  Inspection API:   ${sandbox.url}/__sandbox/status   (webtriggers, requests, deadletters, faults, reset)`,
    ...(sample
      ? [
          `  Sample incidents (made in ${Math.round(sampleMs)} ms): ${sandbox.url}/browse/${sample.open.issueKey} (open)   ${sandbox.url}/browse/${sample.recovered.issueKey} (recovered: level, roles, notes, key times, published retrospective)`,
        ]
      : []),
    ...(learning
      ? [
          `  Postmortem library: ${sandbox.url}${learning.libraryPath}   (the sample retrospective, recommended; start a reading session)`,
          `  Slack (sandbox):    ${sandbox.url}${learning.slackPath}   (what Kaizen posted to #incidents)`,
        ]
      : []),
    `  Web triggers (ready-to-use senders: ${sandbox.url}/__sandbox/webtriggers):`,
    ...triggerLines,
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
