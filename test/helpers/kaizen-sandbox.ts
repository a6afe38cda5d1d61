import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { devSecret, kaizenProfile } from '../../sandbox/kaizen-profile';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import type { SandboxOptions } from '../../sandbox/sandbox';
import type { SourceId } from '../../src/domain/alert';
import { sources } from '../../src/sources/registry';
import { REPO_ROOT, startTestSandbox, type TestSandbox } from './test-sandbox';

export const ALERT_FIXTURES = join(REPO_ROOT, 'test/fixtures/alerts');

/** The Kaizen app itself in a fresh sandbox, with the development secrets seeded by its profile. */
export function startKaizenSandbox(options: Partial<SandboxOptions> & { dataDir?: string } = {}): Promise<TestSandbox> {
  return startTestSandbox({ appDir: REPO_ROOT, profile: kaizenProfile, ...options });
}

export function fixture(source: SourceId, file: string): string {
  return readFileSync(join(ALERT_FIXTURES, source, file), 'utf8');
}

export function fixtureFiles(source: SourceId): string[] {
  return readdirSync(join(ALERT_FIXTURES, source)).filter((f) => f.endsWith('.json'));
}

/** Posts a body to a source's web trigger exactly as the real sender would (credential or signature included). */
export async function sendAs(sb: TestSandbox, source: SourceId, rawBody: string, options: { secret?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const url = new URL(sb.webtriggers.urlOf(`${source}-webhook`)!);
  const signed = sources[source].signAsSender(rawBody, options.secret ?? devSecret(source), Date.now());
  const headers = new Headers({ 'Content-Type': 'application/json' });
  for (const [name, values] of Object.entries(signed.headers)) for (const v of values) headers.append(name, v);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  for (const [name, values] of Object.entries(signed.queryParameters)) for (const v of values) url.searchParams.append(name, v);
  return fetch(url, { method: 'POST', headers, body: rawBody });
}

/** Reads sent as POST (their parameters in the body): a search and a permission check write nothing. */
const READS_BY_POST = new Set(['/rest/api/3/search/jql', '/rest/api/3/permissions/check']);

/** Product writes (non-GET requests) the app made from its consumer since `sinceSeq`, grouped by operation. */
export function productWrites(sb: TestSandbox, sinceSeq = 0): Array<{ operationId: string; status: number; path: string }> {
  return sb.log
    .list({ since: sinceSeq, kind: 'product' })
    .filter((e) => e.method !== 'GET' && e.caller !== 'http' && !(e.method === 'POST' && READS_BY_POST.has(e.path)))
    .map((e) => ({ operationId: e.operationId ?? '?', status: e.status, path: e.path }));
}

/** Product requests the app made that Jira or Confluence refused as malformed (400): a test expects none. */
export const refusedAppRequests = (sb: TestSandbox) => sb.log.list({ kind: 'product' }).filter((e) => e.caller !== 'http' && e.status === 400);

export const lastSeq = (sb: TestSandbox): number => sb.log.list().at(-1)?.seq ?? 0;

/** All Kaizen incident issues in OPS, as the cloud's search returns them. */
export async function incidentIssues(sb: TestSandbox): Promise<Array<{ key: string; fields: Record<string, unknown> }>> {
  const res = await sb.http(`/rest/api/3/search/jql?jql=${encodeURIComponent('project = OPS AND labels = kaizen ORDER BY created ASC')}&fields=*all&maxResults=100`, { headers: { 'X-Sandbox-User': 'app' } });
  return ((await res.json()) as { issues: Array<{ key: string; fields: Record<string, unknown> }> }).issues;
}

/** Runs `fn` as the app in a sandbox invocation (no user), for storage reads and writes a test makes directly. */
export const asApp = <T>(fn: () => Promise<T>): Promise<T> =>
  runInInvocation({ functionKey: 'test', moduleKey: 'test', moduleType: 'test', accountId: undefined, timeoutMs: 60_000 }, fn);
