import type { TestSandbox } from '../../test/helpers/test-sandbox';
import { COOKIE } from './session';

/** Helpers for the browser host's HTTP-level tests (the fixture app in test/fixtures/sandbox-app). */

export const AIKO = '557058:aiko-sato';
export const BEN = '557058:ben-carter';
export const VIC = '557058:viewer-vic';
/** The fixture app's UUID and the sandbox's environment: the extension key prefix of its Forge macro. */
export const FIXTURE_MACRO_KEY = '00000000-0000-4000-8000-000000000001/sandbox-development/static/fixture-macro';

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** The Cookie header of a browser session as `accountId` (and optionally a locale). */
export function sessionCookie(accountId: string, locale?: string): string {
  return [`${COOKIE.user}=${encodeURIComponent(accountId)}`, ...(locale ? [`${COOKIE.locale}=${locale}`] : [])].join('; ');
}

/** GET a host page as a browser of `accountId` would. */
export async function page(sb: TestSandbox, path: string, accountId = AIKO, locale?: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await sb.http(path, { headers: { Cookie: sessionCookie(accountId, locale) }, redirect: 'manual' });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

export async function createIssue(sb: TestSandbox, fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const res = await sb.http('/rest/api/3/issue', {
    method: 'POST',
    headers: { ...JSON_HEADERS, 'X-Sandbox-User': AIKO },
    body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Incident' }, ...fields } }),
  });
  if (res.status !== 201) throw new Error(`createIssue: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; key: string };
}

export async function createPage(sb: TestSandbox, title: string, storage: string): Promise<{ id: string; webui: string; version: number }> {
  const spaces = (await (await sb.http('/wiki/api/v2/spaces?keys=OPS', { headers: { 'X-Sandbox-User': AIKO } })).json()) as { results: Array<{ id: string }> };
  const res = await sb.http('/wiki/api/v2/pages', {
    method: 'POST',
    headers: { ...JSON_HEADERS, 'X-Sandbox-User': AIKO },
    body: JSON.stringify({ spaceId: spaces.results[0]!.id, status: 'current', title, body: { representation: 'storage', value: storage } }),
  });
  if (res.status !== 200) throw new Error(`createPage: ${res.status} ${await res.text()}`);
  const json = (await res.json()) as { id: string; _links: { webui: string }; version: { number: number } };
  return { id: json.id, webui: `/wiki${json._links.webui}`, version: json.version.number };
}

/** Frame ids of the iframes with `data-testid="frame-<moduleKey>"` in a host page. */
export function frameIds(html: string, moduleKey: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<iframe ([^>]*)><\/iframe>/g)) {
    const attrs = m[1] ?? '';
    if (!attrs.includes(`data-testid="frame-${moduleKey}"`)) continue;
    const id = /data-frame-id="([^"]+)"/.exec(attrs)?.[1];
    if (id) out.push(id);
  }
  return out;
}

/** The frame id an issue action button opens. */
export function actionFrameId(html: string, moduleKey: string): string | undefined {
  return new RegExp(`data-testid="action-${moduleKey}" data-open-frame="([^"]+)"`).exec(html)?.[1];
}

/** POST to a bridge endpoint of a frame (what the bootstrap does), without any cookie. */
export async function bridge(sb: TestSandbox, frameId: string, op: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await sb.http(`/__sandbox/bridge/${frameId}/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Form-encoded POST as a browser of `accountId`. */
export async function postForm(sb: TestSandbox, path: string, fields: Record<string, string>, accountId = AIKO): Promise<{ status: number; html: string; location: string | null }> {
  const res = await sb.http(path, {
    method: 'POST',
    headers: { Cookie: sessionCookie(accountId), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}
