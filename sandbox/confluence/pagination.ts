import type { ProductRequest, SiteInfo } from '../core/product';
import { badRequest } from './errors';

/**
 * Query-parameter readers and v2 cursor pagination.
 *
 * The cloud's cursors are opaque; ours are base64url JSON of the last item's sort key (keyset pagination),
 * so a walk visits every item exactly once even when items are added or removed between calls. The next
 * page is announced twice, as the cloud does: `_links.next` (relative, e.g. `/wiki/api/v2/pages?cursor=…`)
 * and a `Link: <…>; rel="next", <base>; rel="base"` header.
 * https://developer.atlassian.com/cloud/confluence/rest/v2/intro/#using-pagination
 */

export function boolParam(q: URLSearchParams, name: string, fallback: boolean): boolean {
  const v = q.get(name);
  if (v === null || v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest(`Invalid value for ${name}: ${v}`);
}

/** An integer parameter; below `min` is a 400, above `max` is clamped. */
export function intParam(q: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const v = q.get(name);
  if (v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw badRequest(`Invalid value for ${name}: ${v}`);
  // Like the cloud, a limit above the maximum is clamped rather than refused.
  return Math.min(n, max);
}

/** Array parameters arrive either comma-separated or repeated (`?id=1,2` or `?id=1&id=2`). */
export function listParam(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The sort key of one item, compared element-wise. */
export type SortKey = ReadonlyArray<string | number>;

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** How a list is ordered. */
export interface Sorted<T> {
  /** Unique per item: end it with the id. */
  key: (item: T) => SortKey;
  descending: boolean;
}

/** One page of a list, and the cursor of the next one if there is more. */
export interface PageOf<T> {
  items: T[];
  nextCursor: string | undefined;
}

/** The cursor that resumes after an item with this key. */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.every((k) => typeof k === 'string' || typeof k === 'number')) return key as SortKey;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('Invalid cursor');
}

/** Sorts `items`, skips past the cursor, and cuts one page of `limit`. */
export function paginate<T>(items: readonly T[], order: Sorted<T>, cursor: string | null, limit: number): PageOf<T> {
  const sign = order.descending ? -1 : 1;
  const sorted = [...items].sort((a, b) => sign * compareKeys(order.key(a), order.key(b)));
  let start = 0;
  if (cursor) {
    const after = decodeCursor(cursor);
    start = sorted.findIndex((item) => sign * compareKeys(order.key(item), after) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  const last = page[page.length - 1];
  const more = start + limit < sorted.length;
  return { items: page, nextCursor: more && last !== undefined ? encodeCursor(order.key(last)) : undefined };
}

/** `_links` and the `Link` header for a v2 list response. */
export function listLinks(req: ProductRequest, site: SiteInfo, nextCursor: string | undefined): { links: { next?: string; base: string }; headers: Record<string, string> } {
  const base = `${site.baseUrl}/wiki`;
  if (!nextCursor) return { links: { base }, headers: { Link: `<${base}>; rel="base"` } };
  const q = new URLSearchParams(req.query);
  q.set('cursor', nextCursor);
  const next = `${req.path}?${q.toString()}`;
  return { links: { next, base }, headers: { Link: `<${next}>; rel="next", <${base}>; rel="base"` } };
}

/** The whole v2 list response: `{results, _links}` plus the `Link` header. */
export function listResponse<T, R>(req: ProductRequest, site: SiteInfo, page: PageOf<T>, render: (item: T) => R): { status: number; body: unknown; headers: Record<string, string> } {
  const { links, headers } = listLinks(req, site, page.nextCursor);
  return { status: 200, body: { results: page.items.map(render), _links: links }, headers };
}
