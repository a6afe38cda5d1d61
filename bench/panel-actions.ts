/**
 * What each incident panel action costs: run once, in order, through the real resolvers (`resolver-fn`, as the
 * platform calls it for a Custom UI `invoke`) on an incident opened by a Mackerel alert, as Aiko. Counted from the
 * sandbox's request log (Jira and Confluence requests, split into reads and writes) and its KVS counters (one per
 * KVS API call: a get, a query page, a set, a transaction), for the resolver's own call and for what it sets off
 * afterwards until the sandbox is idle (queued work such as the coalesced Jira comment or the page, the Jira issue
 * events Kaizen's own edits raise). Called from bench/run.ts; also runnable alone: `npx tsx bench/panel-actions.ts`.
 */
import type { Sandbox } from '../sandbox/sandbox';
import type { RequestLogEntry } from '../sandbox/core/request-log';
import { RESOLVERS, type ResolverKey } from '../src/shared/resolver-contract';
import { callResolver, issuePanel, USERS } from '../test/resolvers/call-resolver';
import { openIncident, sendMackerel } from './macro-poll';
import { runAlone } from './run-alone';

/** Product requests that read although they are POSTs (a search, a permission check). */
const isRead = (e: RequestLogEntry): boolean => e.method === 'GET' || /\/search|\/permissions\/check|\/bulkfetch|\/mypermissions/.test(e.path);

interface Cost {
  jira: { reads: number; writes: number };
  confluence: { reads: number; writes: number };
  kvs: { reads: number; writes: number };
  writes: string[];
}

function costSince(sb: Sandbox, seq: number, kvs0: { reads: number; writes: number }): Cost {
  const product = sb.log.list({ since: seq, kind: 'product' }).filter((e) => e.caller !== 'http');
  const count = (target: string) => ({ reads: product.filter((e) => e.target === target && isRead(e)).length, writes: product.filter((e) => e.target === target && !isRead(e)).length });
  const kvs1 = sb.kvs.stats();
  return {
    jira: count('jira'),
    confluence: count('confluence'),
    kvs: { reads: kvs1.reads - kvs0.reads, writes: kvs1.writes - kvs0.writes },
    writes: product.filter((e) => !isRead(e)).map((e) => e.operationId ?? `${e.method} ${e.path}`),
  };
}

const ACTIONS: Array<[string, ResolverKey, (at: { impactStartedAt: string }) => Record<string, unknown>]> = [
  ['load the panel (getIncident)', 'getIncident', () => ({})],
  ['acknowledge', 'acknowledgeIncident', () => ({})],
  ['set level (SEV3 → SEV2)', 'setIncidentLevel', () => ({ level: 'SEV2' })],
  ['set roles (commander, 1 responder)', 'setIncidentRoles', () => ({ commander: USERS.ben, responders: [USERS.aiko] })],
  ['set key time (impact start −10 min)', 'setKeyTime', ({ impactStartedAt }) => ({ field: 'impactStartedAt', at: new Date(Date.parse(impactStartedAt) - 600_000).toISOString() })],
  ['add note', 'addTimelineNote', () => ({ text: 'Rolled back the deploy; watching the error rate.' })],
  ['mark mitigated', 'markMitigated', () => ({})],
  ['mark recovered', 'markRecovered', () => ({})],
  // the retrospective (src/usecases/retrospective/): drafted, opened again (want 0 writes), refreshed, published
  ['draft retrospective', 'draftRetrospective', () => ({})],
  ['draft retrospective again', 'draftRetrospective', () => ({})],
  ['refresh retrospective facts', 'refreshRetrospectiveFacts', () => ({})],
  ['publish retrospective', 'publishRetrospective', () => ({})],
  ['reopen', 'reopenIncident', () => ({})],
  ['close', 'closeIncident', () => ({})],
];

export interface PanelActionRow {
  action: string;
  resolver: Cost & { ms: number };
  after: Cost;
}

/** Runs on a sandbox (reset first): one incident from an alert, then every panel action once, in an order that applies. */
export async function runPanelActions(sb: Sandbox): Promise<PanelActionRow[]> {
  await sb.reset();
  await sendMackerel(sb, 'host-warning.json');
  const { issue } = openIncident(sb);
  const rows: PanelActionRow[] = [];
  for (const [action, key, payloadOf] of ACTIONS) {
    await sb.idle(60_000);
    const impact = sb.kvs.handle('/api/v1/entity/query', { entityName: 'incident', indexName: 'by-state-opened', partition: ['acknowledged'], limit: 1 });
    const impactStartedAt = (impact.body as { data: Array<{ value: { data: { impactStartedAt: string } } }> }).data[0]?.value.data.impactStartedAt ?? new Date().toISOString();
    const seq0 = sb.log.list().at(-1)?.seq ?? 0;
    const kvs0 = sb.kvs.stats();
    const t = process.hrtime.bigint();
    const raw = await callResolver(sb, issuePanel(issue), key, payloadOf({ impactStartedAt }), USERS.aiko);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const answer = RESOLVERS[key].response.parse(raw) as { ok: boolean; data?: { outcome?: string } };
    if (!answer.ok || answer.data?.outcome === 'unchanged' || answer.data?.outcome === 'not-open') throw new Error(`${action}: ${JSON.stringify(raw).slice(0, 300)}`);
    const resolver = { ...costSince(sb, seq0, kvs0), ms };
    const seq1 = sb.log.list().at(-1)?.seq ?? 0;
    const kvs1 = sb.kvs.stats();
    await sb.idle(60_000);
    rows.push({ action, resolver, after: costSince(sb, seq1, kvs1) });
  }
  return rows;
}

export function printPanelActions(rows: PanelActionRow[]): void {
  const title = 'Incident panel: one action through its resolver (reads / writes; "after": what it sets off until idle)';
  const rw = (c: { reads: number; writes: number }) => `${c.reads} / ${c.writes}`;
  const head = ['action', 'Jira', 'Confluence', 'KVS', 'resolver ms', 'after: Jira', 'Confluence', 'KVS'];
  const body = rows.map((r) => [r.action, rw(r.resolver.jira), rw(r.resolver.confluence), rw(r.resolver.kvs), r.resolver.ms.toFixed(1), rw(r.after.jira), rw(r.after.confluence), rw(r.after.kvs)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${'-'.repeat(title.length)}`);
  console.log(line(head));
  for (const b of body) console.log(line(b));
  console.log('product writes, by operation (resolver | after):');
  for (const r of rows) console.log(`  ${r.action}: ${r.resolver.writes.join(', ') || '—'} | ${r.after.writes.join(', ') || '—'}`);
}

if (require.main === module) runAlone('panel', async (sb) => printPanelActions(await runPanelActions(sb)));
