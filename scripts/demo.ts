/**
 * `npm run demo`: replays a realistic incident against a running sandbox (`npm start` in another terminal):
 * Mackerel warning → critical, Opsgenie (relaying the Mackerel alert) acknowledge and note, Mackerel ok.
 * It uses only what a real sender has: the URLs and credentials `GET /__sandbox/webtriggers` lists.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sources } from '../src/sources/registry';
import type { SourceId } from '../src/domain/alert';

const base = process.env.KAIZEN_SANDBOX_URL ?? `http://localhost:${process.env.PORT ?? 4010}`;
const fixtures = resolve(__dirname, '../test/fixtures/alerts');

interface Trigger {
  key: string;
  url: string;
  headers?: Record<string, string>;
  secret?: string;
}

async function main(): Promise<void> {
  const triggers = (await (await fetch(`${base}/__sandbox/webtriggers`)).json()) as Trigger[];
  const send = async (source: SourceId, file: string, label: string): Promise<void> => {
    const t = triggers.find((x) => x.key === `${source}-webhook`);
    if (!t) throw new Error(`no web trigger for ${source}`);
    const body = readFileSync(join(fixtures, source, file), 'utf8');
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(t.headers ?? {}) };
    if (t.secret) for (const [k, v] of Object.entries(sources[source].signAsSender(body, t.secret, Date.now()).headers)) headers[k] = v.join(',');
    const res = await fetch(t.url, { method: 'POST', headers, body });
    console.log(`${label.padEnd(44)} → ${res.status} ${await res.text()}`);
    await fetch(`${base}/__sandbox/idle?dueOnly=true`, { method: 'POST' });
  };
  await send('mackerel', 'host-warning.json', 'Mackerel: CPU warning on web-01');
  await send('mackerel', 'host-critical.json', 'Mackerel: CPU critical on web-01');
  await send('opsgenie', 'create.json', 'Opsgenie: alert relaying the Mackerel alert');
  await send('opsgenie', 'acknowledge.json', 'Opsgenie: acknowledged by the on-call');
  await send('opsgenie', 'addnote.json', 'Opsgenie: note from the on-call');
  await send('mackerel', 'host-ok.json', 'Mackerel: CPU back to normal');

  const jql = encodeURIComponent('project = OPS AND labels = kaizen ORDER BY created DESC');
  const search = (await (await fetch(`${base}/rest/api/3/search/jql?jql=${jql}&fields=summary,status&maxResults=1`)).json()) as { issues: Array<{ key: string; fields: { summary: string } }> };
  const issue = search.issues[0];
  if (!issue) throw new Error('no incident issue was created: see GET /__sandbox/invocations');
  const links = (await (await fetch(`${base}/rest/api/3/issue/${issue.key}/remotelink`)).json()) as Array<{ object: { url: string; title: string } }>;
  console.log(`\nIncident issue: ${issue.key} ${issue.fields.summary}`);
  console.log(`  REST:  ${base}/rest/api/3/issue/${issue.key}`);
  for (const l of links) console.log(`  Page:  ${l.object.title}\n         ${l.object.url}`);
  console.log(`  Requests the app made: ${base}/__sandbox/requests?kind=product`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
