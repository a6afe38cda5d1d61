import { parseBodyFormat, renderBody } from './body';
import { canSee, visiblePage, type Caller, type Ctx, type Handler } from './context';
import { badRequest, notFound } from './errors';
import type { PageRecord, SpaceRecord } from './model';
import { pageSingle, requestedVersion } from './page-view';
import { intParam, listParam, listResponse, paginate, type Sorted } from './pagination';
import { pageBase } from './serialize';

/**
 * Page reads of the v2 API: getPageById, getPages, getPagesInSpace.
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/
 */

/** GET /wiki/api/v2/pages/{id} — https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get */
export const getPageById: Handler = (ctx, req, caller) => {
  const q = req.query;
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  // Trashed pages are only returned when asked for by status, as in the cloud; drafts reach only their author.
  const statuses = listParam(q, 'status');
  const allowed = statuses.length > 0 ? statuses : ['current', 'archived', 'draft'];
  if (q.get('get-draft') === 'true' && !allowed.includes('draft')) allowed.push('draft');
  if (!allowed.includes(page.status)) throw notFound(`Page not found: ${page.id}`);
  const version = requestedVersion(ctx, page, q);
  if (q.get('version') && !version) throw notFound(`Version ${q.get('version') ?? ''} of page ${page.id} not found`);
  const space = ctx.repo.getSpace(page.spaceId);
  if (!space) throw notFound(`Page not found: ${page.id}`);
  const body = pageSingle(ctx, caller, page, space, q, { bodyFormat: parseBodyFormat(q.get('body-format')), version });
  return { status: 200, body };
};

const PAGE_SORTS: Record<string, Sorted<PageRecord>> = {
  id: { key: (p) => [Number(p.id)], descending: false },
  'created-date': { key: (p) => [p.createdAt, Number(p.id)], descending: false },
  'modified-date': { key: (p) => [p.version.createdAt, Number(p.id)], descending: false },
  title: { key: (p) => [p.title.toLowerCase(), Number(p.id)], descending: false },
};

/** `sort=field` or `sort=-field` from a table of ascending orders. */
export function sortParam<T>(raw: string | null, table: Record<string, Sorted<T>>, fallback: string): Sorted<T> {
  const value = raw ?? fallback;
  const descending = value.startsWith('-');
  const order = table[descending ? value.slice(1) : value];
  if (!order) throw badRequest(`Invalid sort: ${value}`);
  return { key: order.key, descending: descending !== order.descending };
}

/** What both page lists share: status/title/subtype filters, sorting, cursor, body-format. */
function listPages(ctx: Ctx, req: Parameters<Handler>[1], caller: Caller, candidates: PageRecord[]) {
  const q = req.query;
  const statuses = listParam(q, 'status');
  const wanted = new Set(statuses.length > 0 ? statuses : ['current', 'archived']);
  const title = q.get('title');
  const subtype = q.get('subtype');
  const format = parseBodyFormat(q.get('body-format'));
  if (format && format !== 'storage' && format !== 'atlas_doc_format') throw badRequest(`Invalid body-format: ${format}`);
  const items = candidates.filter(
    (p) => wanted.has(p.status) && canSee(caller, p) && (title === null || p.title === title) && subtype !== 'live',
  );
  const order = sortParam(q.get('sort'), PAGE_SORTS, 'id');
  const page = paginate(items, order, q.get('cursor'), intParam(q, 'limit', 25, 1, 250));
  const spaces = new Map<string, SpaceRecord | undefined>();
  const spaceKey = (id: string): string => {
    if (!spaces.has(id)) spaces.set(id, ctx.repo.getSpace(id));
    return spaces.get(id)?.key ?? '';
  };
  return listResponse(req, ctx.site, page, (p) => ({
    ...pageBase(p, spaceKey(p.spaceId)),
    body: format ? renderBody(p.body, format) : {},
  }));
}

/** GET /wiki/api/v2/pages — https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-get */
export const getPages: Handler = (ctx, req, caller) => {
  const ids = new Set(listParam(req.query, 'id'));
  const spaceIds = new Set(listParam(req.query, 'space-id'));
  const candidates = ctx.repo.listPages().filter((p) => (ids.size === 0 || ids.has(p.id)) && (spaceIds.size === 0 || spaceIds.has(p.spaceId)));
  return listPages(ctx, req, caller, candidates);
};

/** GET /wiki/api/v2/spaces/{id}/pages — https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-spaces-id-pages-get */
export const getPagesInSpace: Handler = (ctx, req, caller) => {
  const space = ctx.repo.getSpace(req.pathParams['id'] ?? '');
  if (!space) throw notFound(`Space not found: ${req.pathParams['id'] ?? ''}`);
  const depth = req.query.get('depth') ?? 'all';
  if (depth !== 'all' && depth !== 'root') throw badRequest(`Invalid depth: ${depth}`);
  const candidates = ctx.repo.listPages().filter((p) => p.spaceId === space.id && (depth === 'all' || p.parentId === null));
  return listPages(ctx, req, caller, candidates);
};
