/**
 * A postmortem library at scale, for test/resolvers/postmortem-library.test.ts, the browser test and bench/library.ts:
 * N published postmortems as `retrospectives` rows (bulk parameterised INSERTs through @forge/sql, 500 rows a
 * statement), their release problems and reading sessions, and each one's Confluence page written straight into the
 * sandbox's Confluence store (one transaction: thousands of pages in well under a second, where thousands of REST
 * creates would take minutes). The library page itself — the page the macro is on — is created through the REST API
 * with the macro in its storage, as a person would insert it.
 */
import { sql } from '@forge/sql';
import { ConfluenceRepo } from '../../sandbox/confluence/repo';
import type { PageRecord } from '../../sandbox/confluence/model';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import type { Sandbox } from '../../sandbox/sandbox';
import { forgeMacro } from '../../src/documents/forge-macro';
import { serializeStorage } from '../../src/documents/xhtml';
import { ensureReportingSchema } from '../../src/storage/sql/migrations';
import { toSqlDateTime } from '../../src/storage/sql/incident-facts';
import { labelsColumn } from '../../src/storage/sql/library';
import type { ReleaseProblemClass } from '../../src/shared/metrics';

export const SERVICES = ['checkout', 'search', 'payments', 'auth', 'catalog'] as const;
const HOUR = 3_600_000;
/** Page ids far above the emulator's own sequence (65537…), so pages the app creates never collide. */
const FIRST_PAGE_ID = 9_000_000;

export interface SeededPostmortem {
  pageId: string;
  kind: 'retrospective' | 'release-review';
  incidentId: string | null;
  problemId: string | null;
  title: string;
  level: string | null;
  service: string;
  drill: boolean;
  publishedAt: string;
  labels: string[];
  releaseClass: ReleaseProblemClass | null;
  /** Only this account (and the app) may read the page. */
  privateTo: string | null;
}

/** Titles that stress search: LIKE wildcards, and hostile text that must stay text. */
export const SPECIAL_TITLES = [
  '100% CPU on db_primary after the batch',
  'Disk full at 100 percent on dbXprimary',
  "'); DROP TABLE retrospectives; -- checkout",
  '<script>alert(1)</script> 決済が遅延',
] as const;

/**
 * `count` postmortems, newest first, 2 hours apart from `now`: levels SEV1–4 in turn, services in turn, every tenth a
 * release review (release class rolled back for every twentieth, else partially incomplete), every 50th a drill,
 * every 7th labelled `database`, every 11th retrospective's incident declared by a release that caused an outage.
 */
export function libraryData(count: number, now: number, privateTo: (i: number) => string | null = () => null): SeededPostmortem[] {
  return Array.from({ length: count }, (_, i) => {
    const review = i % 10 === 0;
    const service = SERVICES[i % SERVICES.length]!;
    const outage = !review && i % 11 === 0;
    return {
      pageId: String(FIRST_PAGE_ID + i),
      kind: review ? 'release-review' : 'retrospective',
      incidentId: review ? null : `incident-${i}`,
      problemId: review ? `problem-${i}` : null,
      title: i < SPECIAL_TITLES.length ? `${SPECIAL_TITLES[i]} #${i}` : `Postmortem #${i}: ${service} ${review ? 'release' : 'latency'}`,
      level: review ? null : `SEV${(i % 4) + 1}`,
      service,
      drill: i % 50 === 49,
      publishedAt: new Date(now - i * 2 * HOUR).toISOString(),
      labels: i % 7 === 0 ? ['kaizen-postmortem', 'database'] : ['kaizen-postmortem'],
      releaseClass: review ? (i % 20 === 0 ? 'rolled_back' : 'partially_incomplete') : outage ? 'caused_outage' : null,
      privateTo: privateTo(i),
    };
  });
}

const inApp = <T>(fn: () => Promise<T>): Promise<T> => runInInvocation({ functionKey: 'test', moduleKey: 'test', moduleType: 'test', accountId: undefined, timeoutMs: 600_000 }, fn);

/** Writes the postmortems' pages into the sandbox's Confluence, under "Retrospectives". */
export function seedPages(sb: Pick<Sandbox, 'store'>, rows: readonly SeededPostmortem[]): void {
  const repo = new ConfluenceRepo(sb.store);
  const parent = repo.listPages().find((p) => p.title === 'Retrospectives');
  if (!parent) throw new Error('the sandbox has no Retrospectives page');
  sb.store.transaction(() => {
    for (const r of rows) {
      const page: PageRecord = {
        ...parent,
        id: r.pageId,
        parentId: parent.id,
        title: r.title,
        createdAt: r.publishedAt,
        position: Number(r.pageId),
        version: { ...parent.version, createdAt: r.publishedAt },
        body: { representation: 'storage', value: `<p>${r.title.replace(/[<>&]/g, ' ')}</p>` },
        privateTo: r.privateTo,
      };
      repo.savePage(page);
      repo.putVersion({ ...page.version, pageId: page.id, title: page.title, body: page.body, status: page.status });
      for (const label of r.labels) repo.addLabel(page.id, 'global', label, r.publishedAt);
    }
  });
}

const ROW_COLUMNS = ['page_id', 'kind', 'incident_id', 'problem_id', 'issue_key', 'title', 'url', 'language', 'status', 'level', 'service', 'drill', 'drafted_at', 'published_at', 'updated_at', 'labels'];

/** The rows, their release problems and `sessions[pageId]` reading sessions each, through @forge/sql as the app. */
export async function seedRows(rows: readonly SeededPostmortem[], sessions: Readonly<Record<string, number>> = {}, baseUrl = 'http://127.0.0.1'): Promise<void> {
  await inApp(async () => {
    await ensureReportingSchema();
    for (let from = 0; from < rows.length; from += 500) {
      const chunk = rows.slice(from, from + 500);
      const params = chunk.flatMap((r) => {
        const at = toSqlDateTime(r.publishedAt);
        return [r.pageId, r.kind, r.incidentId, r.problemId, null, r.title, `${baseUrl}/wiki/spaces/OPS/pages/${r.pageId}`, r.pageId.endsWith('3') ? 'ja' : 'en', 'published', r.level, r.service, r.drill ? 1 : 0, at, at, at, labelsColumn(r.labels)];
      });
      const values = chunk.map(() => `(${ROW_COLUMNS.map(() => '?').join(', ')})`).join(', ');
      await sql.prepare(`INSERT INTO retrospectives (${ROW_COLUMNS.join(', ')}) VALUES ${values}`).bindParams(...params).execute();
    }
    const problems = rows.filter((r) => r.releaseClass !== null);
    for (let from = 0; from < problems.length; from += 500) {
      const chunk = problems.slice(from, from + 500);
      const params = chunk.flatMap((r) => {
        const at = toSqlDateTime(r.publishedAt);
        return [r.problemId ?? `outage-${r.pageId}`, r.releaseClass, r.service, `Problem of ${r.pageId}`, at, at, r.kind === 'retrospective' ? r.incidentId : null, r.drill ? 1 : 0];
      });
      const values = chunk.map(() => `(?, ?, NULL, ?, NULL, ?, 'person', NULL, ?, ?, NULL, ?, NULL, NULL, ?)`).join(', ');
      await sql
        .prepare(`INSERT INTO release_problems (problem_id, class, deployment_id, service, version, summary, source, reported_by, occurred_at, reported_at, issue_key, incident_id, review_page_id, review_page_url, drill) VALUES ${values}`)
        .bindParams(...params)
        .execute();
    }
    const sessionRows = Object.entries(sessions).flatMap(([pageId, n]) => Array.from({ length: n }, (_, k) => [`session-${pageId}-${k}`, pageId]));
    if (sessionRows.length > 0) {
      const values = sessionRows.map(() => `(?, ?, 'Reading session', 'http://127.0.0.1/wiki/x', 'en', NULL, NULL, 'test', ?)`).join(', ');
      const now = toSqlDateTime(new Date().toISOString());
      await sql
        .prepare(`INSERT INTO reading_sessions (session_page_id, postmortem_page_id, title, url, language, starts_at, facilitator_account_id, created_by, created_at) VALUES ${values}`)
        .bindParams(...sessionRows.flatMap(([id, pageId]) => [id!, pageId!, now]))
        .execute();
    }
  });
}

/** Creates (as the app, through the REST API) a page holding the library macro; answers its id and path. */
export async function createLibraryPage(sb: Pick<Sandbox, 'url' | 'manifest' | 'store'>, title = 'Postmortem library'): Promise<{ id: string; path: string }> {
  const repo = new ConfluenceRepo(sb.store);
  const home = repo.listPages().find((p) => p.title === 'Operations Home');
  if (!home) throw new Error('the sandbox has no homepage');
  const appId = sb.manifest.appId.split('/').pop() ?? sb.manifest.appId;
  const macro = forgeMacro({ extensionKey: `${appId}/sandbox-development/static/postmortem-library`, title: 'Postmortem library (Kaizen)', localId: 'library-1', guestParams: {} });
  const storage = serializeStorage([macro]);
  const res = await fetch(`${sb.url}/wiki/api/v2/pages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': 'app' },
    body: JSON.stringify({ spaceId: home.spaceId, parentId: home.id, title, status: 'current', body: { representation: 'storage', value: storage } }),
  });
  if (!res.ok) throw new Error(`creating the library page: ${res.status} ${await res.text()}`);
  const page = (await res.json()) as { id: string; _links: { webui: string } };
  return { id: page.id, path: `/wiki${page._links.webui}` };
}

/** The postmortems' pages and rows (with `sessions[pageId]` reading sessions each), then the library page on top. */
export async function seedLibrary(sb: Pick<Sandbox, 'url' | 'manifest' | 'store'>, rows: readonly SeededPostmortem[], sessions: Readonly<Record<string, number>> = {}): Promise<{ id: string; path: string }> {
  seedPages(sb, rows);
  await seedRows(rows, sessions);
  return createLibraryPage(sb);
}
