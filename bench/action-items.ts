/**
 * What "Sync action items" costs (issue 9): a retrospective page with 1 / 10 / 100 new rows synced through the real
 * resolver as Aiko, then a second sync of the same page (want 0 writes). Counted like bench/panel-actions.ts: Jira
 * and Confluence requests (reads / writes) and KVS API calls, for the resolver's call.
 * Called from bench/run.ts; also runnable alone: `npx tsx bench/action-items.ts`.
 */
import type { Sandbox } from '../sandbox/sandbox';
import type { RequestLogEntry } from '../sandbox/core/request-log';
import { runInInvocation } from '../sandbox/runtime/invocation';
import { RESOLVERS } from '../src/shared/resolver-contract';
import { updateIncident } from '../src/storage/incident-store';
import { callResolver, issuePanel, USERS } from '../test/resolvers/call-resolver';
import { openIncident, sendMackerel } from './macro-poll';
import { runAlone } from './run-alone';

const isRead = (e: RequestLogEntry): boolean => e.method === 'GET' || /\/search|\/permissions\/check|\/bulkfetch|\/mypermissions/.test(e.path);

export interface ActionItemsBenchRow {
  run: string;
  jira: { reads: number; writes: number };
  confluence: { reads: number; writes: number };
  kvs: { reads: number; writes: number };
  ms: number;
  writes: string[];
}

const table = (n: number, tag: string): string =>
  `<table><tbody><tr><th><p>Action</p></th><th><p>Type</p></th><th><p>Owner</p></th><th><p>Due</p></th><th><p>Priority</p></th><th><p>Jira</p></th></tr>${Array.from(
    { length: n },
    (_, i) => `<tr><td><p>${tag} action ${i + 1}</p></td><td><p>Detect</p></td><td><p><ac:link><ri:user ri:account-id="${USERS.ben}"/></ac:link></p></td><td><p>2027-01-${String((i % 28) + 1).padStart(2, '0')}</p></td><td><p>High</p></td><td></td></tr>`,
  ).join('')}</tbody></table>`;

async function app(sb: Sandbox, path: string, init: { method: string; body?: unknown }): Promise<any> {
  const res = await fetch(`${sb.url}${path}`, { method: init.method, headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': 'app' }, ...(init.body ? { body: JSON.stringify(init.body) } : {}) });
  if (!res.ok) throw new Error(`${init.method} ${path} → ${res.status}`);
  return res.json();
}

export async function runActionItems(sb: Sandbox): Promise<ActionItemsBenchRow[]> {
  await sb.reset();
  await sendMackerel(sb, 'host-warning.json');
  await sb.idle(60_000);
  const { id: incidentId, issue } = openIncident(sb);
  const spaceId = (await app(sb, '/wiki/api/v2/spaces?keys=OPS', { method: 'GET' })).results[0].id as string;
  const rows: ActionItemsBenchRow[] = [];
  const measure = async (run: string): Promise<void> => {
    await sb.idle(60_000);
    const seq0 = sb.log.list().at(-1)?.seq ?? 0;
    const kvs0 = sb.kvs.stats();
    const t = process.hrtime.bigint();
    const raw = await callResolver(sb, issuePanel(issue), 'syncActionItems', {}, USERS.aiko);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const answer = RESOLVERS.syncActionItems.response.parse(raw);
    if (!answer.ok) throw new Error(`${run}: ${JSON.stringify(raw).slice(0, 300)}`);
    const product = sb.log.list({ since: seq0, kind: 'product' }).filter((e) => e.caller !== 'http');
    const count = (target: string) => ({ reads: product.filter((e) => e.target === target && isRead(e)).length, writes: product.filter((e) => e.target === target && !isRead(e)).length });
    const kvs1 = sb.kvs.stats();
    const ops = new Map<string, number>();
    for (const e of product.filter((x) => !isRead(x))) ops.set(e.operationId ?? e.path, (ops.get(e.operationId ?? e.path) ?? 0) + 1);
    rows.push({ run, jira: count('jira'), confluence: count('confluence'), kvs: { reads: kvs1.reads - kvs0.reads, writes: kvs1.writes - kvs0.writes }, ms, writes: [...ops].map(([op, n]) => `${op}×${n}`) });
  };
  for (const n of [1, 10, 100]) {
    const title = `Retrospective bench ${n}`;
    const page = await app(sb, '/wiki/api/v2/pages', { method: 'POST', body: { spaceId, status: 'current', title, body: { representation: 'storage', value: table(n, `n${n}`) } } });
    const url = `${sb.url}/wiki${page._links.webui as string}`;
    const at = new Date().toISOString();
    await runInInvocation({ functionKey: 'bench', moduleKey: 'bench', moduleType: 'bench', accountId: undefined, timeoutMs: 60_000 }, () =>
      updateIncident(incidentId, (i) => ({ ...i, retrospective: { page: { id: page.id as string, url, title }, status: 'draft', draftedAt: at, draftedBy: { accountId: USERS.aiko, displayName: 'Aiko Sato', at }, linked: true } }), () => []),
    );
    await measure(`sync ${n} new row${n === 1 ? '' : 's'}`);
    await measure(`sync again (${n} rows, nothing changed)`);
  }
  return rows;
}

export function printActionItems(rows: ActionItemsBenchRow[]): void {
  const title = 'Sync action items: one resolver call (reads / writes)';
  const rw = (c: { reads: number; writes: number }) => `${c.reads} / ${c.writes}`;
  const head = ['run', 'Jira', 'Confluence', 'KVS', 'ms'];
  const body = rows.map((r) => [r.run, rw(r.jira), rw(r.confluence), rw(r.kvs), r.ms.toFixed(1)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${'-'.repeat(title.length)}`);
  console.log(line(head));
  for (const b of body) console.log(line(b));
  console.log('product writes, by operation:');
  for (const r of rows) console.log(`  ${r.run}: ${r.writes.join(', ') || '—'}`);
}

if (require.main === module) runAlone('action-items', async (sb) => printActionItems(await runActionItems(sb)));
