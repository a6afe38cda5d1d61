/**
 * The postmortem library at 5,000 postmortems (issue 11, DESIGN 6): published rows in the reporting store (bulk
 * INSERTs), their pages in the sandbox's Confluence, some reading sessions and one recommendation; then pages of the
 * library through the `listPostmortems` resolver as a person calls it, for several filter / sort combinations:
 * SQL statements per page (want 1), that statement's time on the sandbox's engine, rows and bytes it returned,
 * Confluence requests as the user (want 1), the answer's size and the resolver's wall time. Called from bench/run.ts;
 * alone: `npx tsx bench/library.ts` (`KAIZEN_BENCH_POSTMORTEMS` makes it smaller).
 */
import type { Sandbox } from '../sandbox/sandbox';
import { LibraryPageSchema } from '../src/shared/library';
import { resultSchema } from '../src/shared/resolver-result';
import { createLibraryPage, libraryData, seedPages, seedRows } from '../test/helpers/library-seed';
import { table } from './bench-kit';
import { runAlone } from './run-alone';

const USER = '557058:aiko-sato';
const AnswerSchema = resultSchema(LibraryPageSchema);

export interface LibraryBench {
  seeded: Array<[string, string | number]>;
  pages: Array<[string, string | number]>;
}

export async function runLibraryBench(sb: Sandbox, count = Number(process.env['KAIZEN_BENCH_POSTMORTEMS'] ?? 5_000)): Promise<LibraryBench> {
  const t0 = Date.now();
  const data = libraryData(count, Date.now());
  seedPages(sb, data);
  const sessions: Record<string, number> = {};
  for (let i = 0; i < count; i += 37) sessions[data[i]!.pageId] = 1 + (i % 5);
  await seedRows(data, sessions, sb.url);
  const library = await createLibraryPage(sb, `Postmortem library (bench ${Date.now()})`);
  const seededMs = Date.now() - t0;

  const call = async (functionKey: string, payload: Record<string, unknown>) => {
    const extension = { type: 'macro', content: { id: library.id, type: 'page' }, space: { id: '1', key: 'OPS' }, config: {}, isEditing: false };
    const result = await sb.invoker.invoke(
      'resolver-fn',
      [{ call: { functionKey, payload }, context: { localId: 'bench', moduleKey: 'postmortem-library', extension } }, { installContext: 'ari:cloud:jira::site/sandbox-cloud-0001', principal: { accountId: USER } }],
      { moduleKey: 'postmortem-library', moduleType: 'macro', accountId: USER },
    );
    if (!result.ok) throw result.error;
    return result.value;
  };
  // one recommendation, so the recommended view has something to put first
  await call('setRecommendation', { pageId: data[123]!.pageId, recommended: true, reason: 'A clear なぜなぜ分析 of a partial release' });

  const lastPage = Math.ceil(data.filter((r) => !r.drill).length / 20);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['newest, page 1', { sort: 'newest', page: 1 }],
    ['newest, page 2', { sort: 'newest', page: 2 }],
    ['newest, page 100', { sort: 'newest', page: 100 }],
    [`newest, last page (${lastPage})`, { sort: 'newest', page: lastPage }],
    ['most read, page 1', { sort: 'most-read', page: 1 }],
    ['recommended first, page 1', { sort: 'recommended', page: 1 }],
    ['recommended only', { recommendedOnly: true }],
    ['SEV2, 90 days', { level: 'SEV2', period: '90' }],
    ['service search, label database', { service: 'search', label: 'database' }],
    ['release class rolled back', { releaseClass: 'rolled_back' }],
    ['search "latency", page 5', { search: 'latency', page: 5 }],
    ['search "%", with drills', { search: '%', includeDrills: true }],
  ];
  const pages: Array<[string, string | number]> = [];
  for (const [label, payload] of cases) {
    await call('listPostmortems', payload); // warm: the same page once before it is measured
    const seq0 = sb.log.list().at(-1)?.seq ?? 0;
    const t = process.hrtime.bigint();
    const raw = await call('listPostmortems', payload);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const answer = AnswerSchema.parse(raw);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    const statements = sb.log.list({ since: seq0, kind: 'sql' });
    const confluence = sb.log.list({ since: seq0, kind: 'product' });
    const sqlText = statements.map((q) => `${q.durationMs} ms, ${q.rows ?? 0} rows, ${((q.responseBytes ?? 0) / 1024).toFixed(1)} KiB`).join(' + ');
    pages.push([
      label,
      `${statements.length} SQL (${sqlText}) · ${confluence.length} Confluence (${confluence.map((c) => `${c.durationMs ?? '?'} ms`).join(', ')}) · ${answer.data.rows.length} rows${answer.data.total === undefined ? ' (no total: free-text filter)' : ` of ${answer.data.total}`}${answer.data.hasMore ? ', more' : ''} · answer ${(JSON.stringify(raw).length / 1024).toFixed(1)} KiB · resolver ${ms.toFixed(0)} ms`,
    ]);
  }
  return {
    seeded: [
      ['postmortems (published; drills among them)', `${count} (${data.filter((r) => r.drill).length} drills)`],
      ['reading sessions', Object.values(sessions).reduce((a, b) => a + b, 0)],
      ['seeding: pages in the Confluence store + bulk INSERTs (ms)', seededMs],
    ],
    pages,
  };
}

export function printLibraryBench(b: LibraryBench): void {
  table('Postmortem library: seeded', b.seeded);
  table('Postmortem library: one page through listPostmortems (want 1 SQL statement and 1 Confluence request as the user)', b.pages);
}

if (require.main === module) {
  runAlone('library', async (sb) => printLibraryBench(await runLibraryBench(sb)));
}
