import { requireEdit, visiblePage, type Ctx, type Handler } from './context';
import { badRequest } from './errors';
import type { LabelRecord } from './model';
import { sortParam } from './page-reads';
import { intParam, listResponse, paginate, type Sorted } from './pagination';
import { labelJson } from './serialize';

/**
 * Labels. v2 can only read them (getPageLabels); writes go through v1, which v2 has no replacement for.
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-label/#api-pages-id-labels-get
 * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-labels/
 */

/** Confluence stores label names lower-cased and refuses these characters (and whitespace). */
const FORBIDDEN_CHARS = /[\s!#&()*,.:;<>?@[\]^]/;
const WRITABLE_PREFIXES = new Set(['global', 'my', 'team']);

function checkLabel(raw: unknown): { prefix: string; name: string } {
  const item = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const prefix = typeof item['prefix'] === 'string' ? item['prefix'] : 'global';
  const name = typeof item['name'] === 'string' ? item['name'].trim().toLowerCase() : '';
  if (!WRITABLE_PREFIXES.has(prefix)) throw badRequest(`Invalid label prefix: ${prefix}`);
  if (name === '') throw badRequest('Label name is required');
  if (name.length > 255) throw badRequest('Label name cannot be longer than 255 characters');
  if (FORBIDDEN_CHARS.test(name)) throw badRequest(`Label '${name}' contains invalid characters. Labels can't contain spaces or any of !#&()*,.:;<>?@[]^`);
  return { prefix, name };
}

/** v1 `LabelArray`. */
function labelArray(ctx: Ctx, contentId: string, labels: LabelRecord[], start: number, limit: number): Record<string, unknown> {
  const results = labels.slice(start, start + limit).map((l) => ({ prefix: l.prefix, name: l.name, id: l.id, label: l.name }));
  return {
    results,
    start,
    limit,
    size: results.length,
    _links: { base: `${ctx.site.baseUrl}/wiki`, context: '/wiki', self: `${ctx.site.baseUrl}/wiki/rest/api/content/${contentId}/label` },
  };
}

const LABEL_SORTS: Record<string, Sorted<LabelRecord>> = {
  'created-date': { key: (l) => [l.createdAt, Number(l.id)], descending: false },
  id: { key: (l) => [Number(l.id)], descending: false },
  name: { key: (l) => [l.name, Number(l.id)], descending: false },
};

/** GET /wiki/api/v2/pages/{id}/labels (v2) */
export const getPageLabels: Handler = (ctx, req, caller) => {
  const q = req.query;
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  const prefix = q.get('prefix');
  const labels = ctx.repo.labels(page.id).filter((l) => prefix === null || l.prefix === prefix);
  const result = paginate(labels, sortParam(q.get('sort'), LABEL_SORTS, 'created-date'), q.get('cursor'), intParam(q, 'limit', 25, 1, 250));
  return listResponse(req, ctx.site, result, labelJson);
};

/** GET /wiki/rest/api/content/{id}/label (v1, offset paging with `start`/`limit`) */
export const getLabelsForContent: Handler = (ctx, req, caller) => {
  const q = req.query;
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  const prefix = q.get('prefix');
  const labels = ctx.repo.labels(page.id).filter((l) => prefix === null || l.prefix === prefix);
  return { status: 200, body: labelArray(ctx, page.id, labels, intParam(q, 'start', 0, 0, Number.MAX_SAFE_INTEGER), intParam(q, 'limit', 200, 0, 200)) };
};

/**
 * POST /wiki/rest/api/content/{id}/label — body is one `{prefix, name}` or an array of them. Existing labels
 * are kept (adding one twice is a no-op); the answer lists all the content's labels.
 */
export const addLabelsToContent: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  requireEdit(caller, 'edit labels on this content');
  const items = Array.isArray(req.body) ? req.body : [req.body];
  if (items.length === 0) throw badRequest('No labels to add');
  const wanted = items.map(checkLabel);
  const now = ctx.nowIso();
  ctx.store.transaction(() => {
    for (const { prefix, name } of wanted) ctx.repo.addLabel(page.id, prefix, name, now);
  });
  const labels = ctx.repo.labels(page.id);
  return { status: 200, body: labelArray(ctx, page.id, labels, 0, Math.max(200, labels.length)) };
};

function removeLabel(ctx: Ctx, pageId: string, name: string): void {
  if (name.includes('/')) throw badRequest('The label name has a "/" character; use the name query parameter');
  ctx.store.transaction(() => ctx.repo.removeLabel(pageId, name.toLowerCase()));
}

/**
 * DELETE /wiki/rest/api/content/{id}/label?name= — removing a label the page doesn't carry is answered
 * 204 as well (the sandbox treats removal as idempotent).
 */
export const removeLabelFromContentUsingQueryParameter: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  requireEdit(caller, 'edit labels on this content');
  const name = req.query.get('name') ?? '';
  if (name === '') throw badRequest('name is required');
  ctx.store.transaction(() => ctx.repo.removeLabel(page.id, name.toLowerCase()));
  return { status: 204 };
};

/** DELETE /wiki/rest/api/content/{id}/label/{label} */
export const removeLabelFromContent: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  requireEdit(caller, 'edit labels on this content');
  removeLabel(ctx, page.id, req.pathParams['label'] ?? '');
  return { status: 204 };
};
