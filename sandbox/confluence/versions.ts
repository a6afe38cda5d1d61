import { parseBodyFormat, renderBody } from './body';
import { visiblePage, type Handler } from './context';
import { badRequest, notFound } from './errors';
import type { PageVersionRecord } from './model';
import { sortParam } from './page-reads';
import { intParam, listResponse, paginate, type Sorted } from './pagination';
import { versionJson } from './serialize';

/**
 * Version history of a page (every published version is kept with its title, body, author and message).
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-version/
 */

const VERSION_SORTS: Record<string, Sorted<PageVersionRecord>> = {
  'modified-date': { key: (v) => [v.createdAt, v.number], descending: false },
};

/** GET /wiki/api/v2/pages/{id}/versions — newest first unless `sort=modified-date`. */
export const getPageVersions: Handler = (ctx, req, caller) => {
  const q = req.query;
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  const format = parseBodyFormat(q.get('body-format'));
  if (format && format !== 'storage' && format !== 'atlas_doc_format') throw badRequest(`Invalid body-format: ${format}`);
  const order = sortParam(q.get('sort'), VERSION_SORTS, '-modified-date');
  const result = paginate(ctx.repo.listVersions(page.id), order, q.get('cursor'), intParam(q, 'limit', 25, 1, 250));
  return listResponse(req, ctx.site, result, (v) => ({
    ...versionJson(v),
    page: { id: page.id, title: v.title, ...(format ? { body: renderBody(v.body, format) } : {}) },
  }));
};

/** GET /wiki/api/v2/pages/{page-id}/versions/{version-number} */
export const getPageVersionDetails: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['page-id'] ?? '');
  const n = Number(req.pathParams['version-number']);
  const v = Number.isInteger(n) ? ctx.repo.getVersion(page.id, n) : undefined;
  if (!v) throw notFound(`Version ${req.pathParams['version-number'] ?? ''} of page ${page.id} not found`);
  const detail: Record<string, unknown> = {
    number: v.number,
    authorId: v.authorId,
    message: v.message,
    createdAt: v.createdAt,
    minorEdit: v.minorEdit,
    contentTypeModified: false,
    collaborators: [v.authorId],
  };
  if (ctx.repo.getVersion(page.id, n - 1)) detail['prevVersion'] = n - 1;
  if (ctx.repo.getVersion(page.id, n + 1)) detail['nextVersion'] = n + 1;
  return { status: 200, body: detail };
};
