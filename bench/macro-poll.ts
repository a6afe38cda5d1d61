/**
 * What one poll of the live status macro costs (issue 8 item 4): KVS reads/writes and product calls for the first
 * load, for a poll when nothing changed (want: 1 KVS read, 0 product calls) and for a poll after a change. Called
 * from bench/run.ts; also runnable alone: `npx tsx bench/macro-poll.ts`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { devSecret } from '../sandbox/kaizen-profile';
import type { Sandbox } from '../sandbox/sandbox';
import { IncidentStatusAnswerSchema, isUnchanged } from '../src/shared/incident-status';
import { resultSchema } from '../src/shared/resolver-result';
import { sources } from '../src/sources/registry';
import { runAlone } from './run-alone';

const APP = resolve(__dirname, '..');
const USER = '557058:aiko-sato';
const AnswerSchema = resultSchema(IncidentStatusAnswerSchema);

export async function sendMackerel(sb: Sandbox, file: string): Promise<void> {
  const body = readFileSync(join(APP, 'test/fixtures/alerts/mackerel', file), 'utf8');
  const url = new URL(sb.webtriggers.urlOf('mackerel-webhook')!);
  const signed = sources.mackerel.signAsSender(body, devSecret('mackerel'), Date.now());
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  for (const [k, v] of Object.entries(signed.headers)) headers[k] = v.join(',');
  for (const [k, vs] of Object.entries(signed.queryParameters)) for (const v of vs) url.searchParams.append(k, v);
  const res = await fetch(url, { method: 'POST', headers, body });
  if (res.status !== 202) throw new Error(`mackerel webhook answered ${res.status}`);
  await sb.idle(60_000);
}

/** The only open incident's id, page id and issue, read from the incident entity as stored. */
export function openIncident(sb: Sandbox): { id: string; pageId: string; issue: { id: string; key: string } } {
  const r = sb.kvs.handle('/api/v1/entity/query', { entityName: 'incident', indexName: 'by-state-opened', partition: ['open'], limit: 10 });
  const rows = (r.body as { data: Array<{ value: { data: { id: string; page?: { id: string }; issue?: { id: string; key: string } } } }> }).data;
  const data = rows[0]?.value.data;
  if (rows.length !== 1 || !data?.page || !data.issue) throw new Error(`expected one open incident with a page and an issue, found ${rows.length}`);
  return { id: data.id, pageId: data.page.id, issue: { id: data.issue.id, key: data.issue.key } };
}

async function poll(sb: Sandbox, incident: { id: string; pageId: string }, sinceVersion: number | undefined) {
  const kvs0 = sb.kvs.stats();
  const seq0 = sb.log.list().at(-1)?.seq ?? 0;
  const extension = { type: 'macro', content: { id: incident.pageId, type: 'page' }, space: { id: '1', key: 'OPS' }, config: { 'incident-id': incident.id }, isEditing: false };
  const payload = { incidentId: incident.id, ...(sinceVersion === undefined ? {} : { sinceVersion }) };
  const t = process.hrtime.bigint();
  const result = await sb.invoker.invoke(
    'resolver-fn',
    [{ call: { functionKey: 'getIncidentStatus', payload }, context: { localId: 'bench', moduleKey: 'incident-status', extension } }, { installContext: 'ari:cloud:jira::site/sandbox-cloud-0001', principal: { accountId: USER } }],
    { moduleKey: 'incident-status', moduleType: 'macro', accountId: USER },
  );
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!result.ok) throw result.error;
  const answer = AnswerSchema.parse(result.value);
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  const kvs1 = sb.kvs.stats();
  const product = sb.log.list({ since: seq0, kind: 'product' }).filter((e) => e.caller !== 'http');
  return {
    version: answer.data.version,
    unchanged: isUnchanged(answer.data),
    cell: `${kvs1.reads - kvs0.reads} / ${kvs1.writes - kvs0.writes} / ${product.length} (${product.map((e) => `${e.method} ${e.operationId ?? e.path}`).join(', ') || 'none'}) / ${ms.toFixed(1)} ms`,
  };
}

/** Runs on a sandbox (reset first): one incident, then the macro's polls. Returns the bench table's rows. */
export async function runMacroPoll(sb: Sandbox): Promise<Array<[string, string]>> {
  await sb.reset();
  await sendMackerel(sb, 'host-warning.json');
  const incident = openIncident(sb);
  const first = await poll(sb, incident, undefined);
  const same = await poll(sb, incident, first.version);
  if (!same.unchanged) throw new Error('a poll at the current version did not answer unchanged');
  await sendMackerel(sb, 'host-critical.json');
  const changed = await poll(sb, incident, first.version);
  if (changed.unchanged) throw new Error('a poll after a change answered unchanged');
  return [
    ['first load (no version held)', first.cell],
    ['poll, nothing changed', same.cell],
    ['poll, after a change (alert escalated)', changed.cell],
  ];
}

export function printMacroPoll(rows: Array<[string, string]>): void {
  const title = 'Live status macro: one poll (KVS reads / KVS writes / product calls / resolver time)';
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}\n${'-'.repeat(title.length)}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
}

if (require.main === module) runAlone('macro', async (sb) => printMacroPoll(await runMacroPoll(sb)));
