import type { ProductRequest } from '../core/product';
import { bodyText } from './body';
import { canSee, type Caller, type Ctx, type Handler } from './context';
import { CqlSyntaxError, CqlUnsupportedError, runCql, type SearchDoc } from './cql-eval';
import { parseCql } from './cql-parser';
import { badRequest, ConfluenceApiError } from './errors';
import { ancestorsOf } from './page-rules';
import { intParam } from './pagination';
import { pageWebui } from './serialize';
import { expandSet, v1Content, v1Space } from './v1-content';

/**
 * CQL search over v1 (v2 has no search): searchContentByCQL (`/wiki/rest/api/content/search`) and
 * searchByCQL (`/wiki/rest/api/search`). Only pages are indexed; the CQL subset is in `cql-eval.ts`.
 * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-search/
 * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-content/#api-wiki-rest-api-content-search-get
 */

/** Upper bound on `limit`; larger values are clamped, as the cloud does with its "fixed system limits". */
const MAX_LIMIT = 100;

interface CqlContext {
  spaceKey?: string;
  contentStatuses?: string[];
}

function readCqlContext(raw: string | null): CqlContext {
  if (raw === null || raw === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') return parsed as CqlContext;
  } catch {
    // fall through
  }
  throw badRequest(`Invalid cqlcontext: ${raw}`);
}

function searchDocs(ctx: Ctx, caller: Caller, context: CqlContext): SearchDoc[] {
  const statuses = new Set(Array.isArray(context.contentStatuses) && context.contentStatuses.length > 0 ? context.contentStatuses : ['current']);
  const keys = new Map(ctx.repo.listSpaces().map((s) => [s.id, s.key]));
  return ctx.repo
    .listPages()
    .filter((p) => statuses.has(p.status) && canSee(caller, p))
    .filter((p) => context.spaceKey === undefined || keys.get(p.spaceId) === context.spaceKey)
    .map((page) => ({
      page,
      spaceKey: keys.get(page.spaceId) ?? '',
      labels: ctx.repo.labels(page.id).map((l) => l.name),
      ancestors: ancestorsOf(ctx, page).map((a) => a.id),
      bodyText: bodyText(page.body),
      contributors: [...new Set(ctx.repo.listVersions(page.id).map((v) => v.authorId))],
    }));
}

/** Runs the query and cuts one page of results; `cursor` (ours: base64url of the offset) wins over `start`. */
function runSearch(ctx: Ctx, req: ProductRequest, caller: Caller) {
  const q = req.query;
  const cql = q.get('cql') ?? '';
  if (cql.trim() === '') throw badRequest('cql is required');
  let docs: SearchDoc[];
  try {
    docs = runCql(parseCql(cql), searchDocs(ctx, caller, readCqlContext(q.get('cqlcontext'))), { callerAccountId: caller.accountId, now: new Date(ctx.nowIso()) });
  } catch (err) {
    if (err instanceof CqlSyntaxError) throw new ConfluenceApiError(400, `Could not parse cql : ${cql} (${err.message})`, { cause: err });
    if (err instanceof CqlUnsupportedError) throw new ConfluenceApiError(400, err.message, { cause: err });
    throw err;
  }
  const limit = intParam(q, 'limit', 25, 0, MAX_LIMIT);
  let start = intParam(q, 'start', 0, 0, Number.MAX_SAFE_INTEGER);
  const cursor = q.get('cursor');
  if (cursor) {
    start = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw badRequest('Invalid cursor');
  }
  const slice = docs.slice(start, start + limit);
  // v1 links are relative to the `/wiki` context path.
  const link = (offset: number): string => {
    const next = new URLSearchParams(q);
    next.set('cursor', Buffer.from(String(offset)).toString('base64url'));
    next.set('limit', String(limit));
    next.delete('start');
    return `${req.path.replace(/^\/wiki/, '')}?${next.toString()}`;
  };
  const links: Record<string, string> = {
    base: `${ctx.site.baseUrl}/wiki`,
    context: '/wiki',
    self: `${ctx.site.baseUrl}${req.path}?${q.toString()}`,
  };
  if (limit > 0 && start + limit < docs.length) links['next'] = link(start + limit);
  if (start > 0 && limit > 0) links['prev'] = link(Math.max(0, start - limit));
  return { cql, docs, slice, start, limit, links };
}

/** GET /wiki/rest/api/content/search — a `ContentArray`. */
export const searchContentByCQL: Handler = (ctx, req, caller) => {
  const { slice, start, limit, links } = runSearch(ctx, req, caller);
  const expand = expandSet(req.query);
  return { status: 200, body: { results: slice.map((d) => v1Content(ctx, d.page, expand)), start, limit, size: slice.length, _links: links } };
};

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** GET /wiki/rest/api/search — a `SearchPageResponseSearchResult` (`expand` applies under `content.`). */
export const searchByCQL: Handler = (ctx, req, caller) => {
  const started = Date.now();
  const { cql, docs, slice, start, limit, links } = runSearch(ctx, req, caller);
  const expand = expandSet(req.query, 'content.');
  const results = slice.map((d) => {
    const space = ctx.repo.getSpace(d.page.spaceId);
    return {
      content: v1Content(ctx, d.page, expand),
      title: d.page.title,
      excerpt: excerpt(d.bodyText),
      url: pageWebui(d.spaceKey, d.page),
      resultGlobalContainer: { title: space?.name ?? '', displayUrl: `/spaces/${d.spaceKey}` },
      breadcrumbs: [],
      entityType: 'content',
      iconCssClass: 'aui-icon content-type-page',
      lastModified: d.page.version.createdAt,
      friendlyLastModified: d.page.version.createdAt.slice(0, 10),
      score: 1,
      ...(expand.has('space') && space ? { space: v1Space(ctx, space) } : {}),
    };
  });
  return {
    status: 200,
    body: {
      results,
      start,
      limit,
      size: results.length,
      totalSize: docs.length,
      cqlQuery: cql,
      searchDuration: Date.now() - started,
      archivedResultCount: 0,
      _links: links,
    },
  };
};

