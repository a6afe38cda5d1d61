import { createHash } from 'node:crypto';
import { z } from 'zod';
import { allIssues, fail, intParam, listParam, json, requireCaller, type Caller, type Handler, type JiraContext } from './context';
import { FIELDS, issueBean, resolveFields } from './issue-view';
import { compileJql, type CompiledQuery, type SortKey } from './jql/evaluate';
import { JqlError } from './jql/lexer';

/**
 * The enhanced JQL search (`/rest/api/3/search/jql`, the replacement of the removed `/rest/api/3/search`):
 * token pagination instead of startAt/total, `fields` defaulting to ids only, and bounded queries only.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get
 */

interface SearchParams {
  jql: string | undefined;
  nextPageToken: string | undefined;
  maxResults: number | undefined;
  fields: string[] | undefined;
  expand: string[];
  properties: string[] | undefined;
  reconcileIssues: number[] | undefined;
}

const DEFAULT_MAX_RESULTS = 50;
/** The doc: "returns max 5000 issues" when only ids/keys are requested; pages with fields are capped lower. */
const MAX_IDS_PER_PAGE = 5000;
const MAX_WITH_FIELDS_PER_PAGE = 100;
const MAX_PROPERTIES = 5;
const MAX_RECONCILE = 50;

/**
 * The page token is opaque to clients. It carries the sort position of the last issue returned (keyset
 * pagination), so every matching issue appears exactly once across pages even when issues are created or
 * deleted between requests, plus a digest of the query so a token cannot be replayed against another one.
 */
interface PageToken {
  v: 1;
  q: string;
  after: SortKey;
}

const digest = (jql: string): string => createHash('sha256').update(jql.trim()).digest('base64url').slice(0, 16);

function encodeToken(jql: string, after: SortKey): string {
  const token: PageToken = { v: 1, q: digest(jql), after };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

const TokenShape = z.object({ v: z.literal(1), q: z.string(), after: z.array(z.union([z.string(), z.number(), z.null()])) });

function decodeToken(jql: string, raw: string): SortKey {
  try {
    const token = TokenShape.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (token.q === digest(jql)) return token.after;
  } catch {
    // fall through to the error below
  }
  return fail(400, ['The nextPageToken is invalid or does not belong to this query.']);
}

function compileOr400(ctx: JiraContext, caller: Caller, jql: string): CompiledQuery {
  try {
    return compileJql(jql, { ctx, caller, now: ctx.now(), errors: [] });
  } catch (e) {
    if (e instanceof JqlError) fail(400, e.messages);
    throw e;
  }
}

function search(ctx: JiraContext, caller: Caller, params: SearchParams) {
  const jql = params.jql ?? '';
  const compiled = compileOr400(ctx, caller, jql);
  if (!compiled.bounded) fail(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
  if ((params.properties?.length ?? 0) > MAX_PROPERTIES) fail(400, [`At most ${MAX_PROPERTIES} issue properties can be requested.`]);
  if ((params.reconcileIssues?.length ?? 0) > MAX_RECONCILE) fail(400, [`At most ${MAX_RECONCILE} issue ids can be reconciled.`]);

  const fields = resolveFields(params.fields, 'id');
  const idsOnly = fields === null || (params.fields ?? []).every((f) => f === 'id' || f === 'key');
  const cap = idsOnly ? MAX_IDS_PER_PAGE : MAX_WITH_FIELDS_PER_PAGE;
  const requested = params.maxResults ?? DEFAULT_MAX_RESULTS;
  const maxResults = requested <= 0 ? DEFAULT_MAX_RESULTS : Math.min(requested, cap);

  const ordered = allIssues(ctx)
    .filter((issue) => compiled.matches(issue))
    .map((issue) => ({ issue, key: compiled.sortKey(issue) }))
    .sort((a, b) => compiled.compare(a.key, b.key));
  const after = params.nextPageToken ? decodeToken(jql, params.nextPageToken) : undefined;
  const start = after ? ordered.findIndex((e) => compiled.compare(e.key, after) > 0) : 0;
  const page = start < 0 ? [] : ordered.slice(start, start + maxResults);
  const isLast = start < 0 || start + maxResults >= ordered.length;
  const last = page[page.length - 1];

  // Search answers `names` and `schema` once for the page, the other expansions per issue.
  const expand = params.expand;
  const perIssueExpand = expand.filter((e) => e !== 'names' && e !== 'schema');
  const plainIds = fields === null && !params.properties && perIssueExpand.length === 0;
  const issues = page.map(({ issue }) =>
    plainIds ? { id: issue.id } : issueBean(ctx, issue, { fields: fields ?? new Set<string>(), expand: perIssueExpand, properties: params.properties, caller }),
  );
  const selected = [...(fields ?? [])];
  return {
    issues,
    ...(expand.includes('names') ? { names: Object.fromEntries(selected.map((f) => [f, FIELDS[f]?.name ?? f])) } : {}),
    ...(expand.includes('schema') ? { schema: Object.fromEntries(selected.map((f) => [f, FIELDS[f]?.schema ?? { type: 'any' }])) } : {}),
    ...(!isLast && last ? { nextPageToken: encodeToken(jql, last.key) } : {}),
    isLast,
  };
}

/**
 * GET /rest/api/3/search/jql
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get
 */
export const searchAndReconsileIssuesUsingJql: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const q = req.query;
  const maxRaw = q.get('maxResults');
  return json(
    200,
    search(ctx, caller, {
      jql: q.get('jql') ?? undefined,
      nextPageToken: q.get('nextPageToken') ?? undefined,
      maxResults: maxRaw === null ? undefined : intParam(q, 'maxResults', DEFAULT_MAX_RESULTS),
      fields: listParam(q, 'fields'),
      expand: listParam(q, 'expand') ?? [],
      properties: listParam(q, 'properties'),
      reconcileIssues: listParam(q, 'reconcileIssues')?.map(Number),
    }),
  );
};

const SearchBody = z.object({
  jql: z.string().optional(),
  nextPageToken: z.string().optional(),
  maxResults: z.number().int().optional(),
  fields: z.array(z.string()).optional(),
  expand: z.string().optional(),
  properties: z.array(z.string()).optional(),
  fieldsByKeys: z.boolean().optional(),
  reconcileIssues: z.array(z.number().int()).optional(),
});

/**
 * POST /rest/api/3/search/jql — the same search with the parameters in the body (`expand` is a comma-separated string).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 */
export const searchAndReconsileIssuesUsingJqlPost: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const parsed = SearchBody.safeParse(req.body ?? {});
  if (!parsed.success) fail(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const b = parsed.data;
  const split = (list: string[] | undefined) => list?.flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f.length > 0);
  return json(
    200,
    search(ctx, caller, {
      jql: b.jql,
      nextPageToken: b.nextPageToken,
      maxResults: b.maxResults,
      fields: split(b.fields),
      expand: split(b.expand ? [b.expand] : undefined) ?? [],
      properties: split(b.properties),
      reconcileIssues: b.reconcileIssues,
    }),
  );
};
