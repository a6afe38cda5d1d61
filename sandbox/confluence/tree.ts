import { canSee, visiblePage, type Caller, type Ctx, type Handler } from './context';
import type { PageRecord } from './model';
import { sortParam } from './page-reads';
import { ancestorsOf } from './page-rules';
import { intParam, listLinks, listResponse, paginate, type Sorted } from './pagination';

/**
 * The page tree of the v2 API: getChildPages (deprecated), getPageDirectChildren, getPageAncestors,
 * getPageDescendants.
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-children/
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-ancestors/
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-descendants/
 */

/** Children the caller may see; trashed and draft pages are not part of the tree. */
export function visibleChildren(ctx: Ctx, caller: Caller, parentId: string): PageRecord[] {
  return ctx.repo
    .childIds(parentId)
    .map((id) => ctx.repo.getPage(id))
    .filter((p): p is PageRecord => p !== undefined && (p.status === 'current' || p.status === 'archived') && canSee(caller, p));
}

const CHILD_SORTS: Record<string, Sorted<PageRecord>> = {
  'child-position': { key: (p) => [p.position, Number(p.id)], descending: false },
  id: { key: (p) => [Number(p.id)], descending: false },
  'created-date': { key: (p) => [p.createdAt, Number(p.id)], descending: false },
  'modified-date': { key: (p) => [p.version.createdAt, Number(p.id)], descending: false },
  title: { key: (p) => [p.title.toLowerCase(), Number(p.id)], descending: false },
};

/** The deprecated endpoint's `ChildPageSortOrder` has no title sort. */
const { title: _noTitleSort, ...CHILD_PAGE_SORTS } = CHILD_SORTS;

/**
 * GET /wiki/api/v2/pages/{id}/children (deprecated). Its doc lists no 404, so an unknown or invisible
 * parent answers an empty list.
 */
export const getChildPages: Handler = (ctx, req, caller) => {
  const q = req.query;
  const parent = ctx.repo.getPage(req.pathParams['id'] ?? '');
  const children = parent && canSee(caller, parent) ? visibleChildren(ctx, caller, parent.id) : [];
  const page = paginate(children, sortParam(q.get('sort'), CHILD_PAGE_SORTS, 'child-position'), q.get('cursor'), intParam(q, 'limit', 25, 1, 250));
  return listResponse(req, ctx.site, page, (p) => ({ id: p.id, status: p.status, title: p.title, spaceId: p.spaceId, childPosition: p.position }));
};

/** GET /wiki/api/v2/pages/{id}/direct-children — https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-children/#api-pages-id-direct-children-get */
export const getPageDirectChildren: Handler = (ctx, req, caller) => {
  const q = req.query;
  const parent = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  const page = paginate(visibleChildren(ctx, caller, parent.id), sortParam(q.get('sort'), CHILD_SORTS, 'child-position'), q.get('cursor'), intParam(q, 'limit', 25, 1, 250));
  return listResponse(req, ctx.site, page, (p) => ({ id: p.id, status: p.status, title: p.title, type: 'page', spaceId: p.spaceId, childPosition: p.position }));
};

/**
 * GET /wiki/api/v2/pages/{id}/ancestors — root first. With more ancestors than `limit`, the ones nearest the
 * page are returned; the doc's way to get the rest is to call again with the first (highest) ancestor's id.
 */
export const getPageAncestors: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  const limit = intParam(req.query, 'limit', 25, 1, 250);
  const chain = ancestorsOf(ctx, page).slice(-limit);
  return { status: 200, body: { results: chain.map((p) => ({ id: p.id, type: 'page' })), _links: listLinks(req, ctx.site, undefined).links } };
};

/** GET /wiki/api/v2/pages/{id}/descendants — breadth first, down to `depth` levels (default 2, max 10). */
export const getPageDescendants: Handler = (ctx, req, caller) => {
  const q = req.query;
  const root = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  const maxDepth = intParam(q, 'depth', 2, 1, 10);
  const found: Array<{ page: PageRecord; depth: number }> = [];
  let level = [root];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    level = level.flatMap((p) => visibleChildren(ctx, caller, p.id));
    for (const page of level) found.push({ page, depth });
  }
  const order: Sorted<{ page: PageRecord; depth: number }> = { key: (d) => [d.depth, d.page.position, Number(d.page.id)], descending: false };
  const page = paginate(found, order, q.get('cursor'), intParam(q, 'limit', 25, 1, 250));
  return listResponse(req, ctx.site, page, ({ page: p, depth }) => ({
    id: p.id,
    status: p.status,
    title: p.title,
    type: 'page',
    parentId: p.parentId ?? '',
    depth,
    childPosition: p.position,
  }));
};
