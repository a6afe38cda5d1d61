import type { Caller, Ctx } from './context';
import { renderBody, type BodyFormat } from './body';
import { badRequest } from './errors';
import type { PageRecord, PageVersionRecord, SpaceRecord } from './model';
import { boolParam } from './pagination';
import { labelJson, optionalField, pageBase, propertyJson, versionJson } from './serialize';

/**
 * The `PageSingle` response of getPageById / createPage / updatePage, with the `include-*` blocks the doc lists.
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get
 */

export interface PageViewOptions {
  bodyFormat?: BodyFormat | undefined;
  /** Render this older version instead of the latest (getPageById `version=N`). */
  version?: PageVersionRecord | undefined;
}

/** The operations a caller may perform on a page (`include-operations`). */
export function pageOperations(caller: Caller): Array<{ operation: string; targetType: string }> {
  const ops = ['read'];
  if (caller.canEdit) ops.push('update', 'delete');
  return ops.map((operation) => ({ operation, targetType: 'page' }));
}

/** Builds `PageSingle` (+ `_links.base`) for one page, honouring the `include-*` flags in `q`. */
export function pageSingle(ctx: Ctx, caller: Caller, page: PageRecord, space: SpaceRecord, q: URLSearchParams, opts: PageViewOptions = {}): Record<string, unknown> {
  const old = opts.version && opts.version.number !== page.version.number ? opts.version : undefined;
  // An older version is shown with that version's title, body and metadata, and status `historical`.
  const shown: PageRecord = old
    ? { ...page, title: old.title, body: old.body, status: 'historical', version: old }
    : page;
  const json = pageBase(shown, space.key, { includeVersion: boolParam(q, 'include-version', true) });
  const links = json['_links'] as object;
  delete json['_links'];
  json['body'] = opts.bodyFormat ? renderBody(shown.body, opts.bodyFormat) : {};
  const self = `/wiki/api/v2/pages/${page.id}`;
  if (boolParam(q, 'include-labels', false)) json['labels'] = optionalField(ctx.repo.labels(page.id).map(labelJson), `${self}/labels`);
  if (boolParam(q, 'include-properties', false)) json['properties'] = optionalField(ctx.repo.properties(page.id).map(propertyJson), `${self}/properties`);
  if (boolParam(q, 'include-operations', false)) json['operations'] = optionalField(pageOperations(caller), `${self}/operations`);
  if (boolParam(q, 'include-likes', false)) json['likes'] = optionalField([], `${self}/likes/users`);
  if (boolParam(q, 'include-versions', false)) {
    const versions = ctx.repo.listVersions(page.id).reverse().map(versionJson);
    json['versions'] = optionalField(versions, `${self}/versions`);
  }
  if (boolParam(q, 'include-favorited-by-current-user-status', false)) json['isFavoritedByCurrentUser'] = false;
  json['_links'] = { ...links, base: `${ctx.site.baseUrl}/wiki` };
  return json;
}

/** Reads `version=N` for getPageById. */
export function requestedVersion(ctx: Ctx, page: PageRecord, q: URLSearchParams): PageVersionRecord | undefined {
  const raw = q.get('version');
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid version: ${raw}`);
  return ctx.repo.getVersion(page.id, n);
}
