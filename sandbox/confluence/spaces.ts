import type { Handler } from './context';
import { badRequest, notFound } from './errors';
import type { SpaceRecord } from './model';
import { sortParam } from './page-reads';
import { boolParam, intParam, listParam, listResponse, paginate, type Sorted } from './pagination';
import { optionalField, spaceJson } from './serialize';

/**
 * Spaces (read-only; the seed creates them).
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/
 */

const SPACE_SORTS: Record<string, Sorted<SpaceRecord>> = {
  id: { key: (s) => [Number(s.id)], descending: false },
  key: { key: (s) => [s.key, Number(s.id)], descending: false },
  name: { key: (s) => [s.name.toLowerCase(), Number(s.id)], descending: false },
};

function descriptionFormat(q: URLSearchParams): 'plain' | 'view' | undefined {
  const raw = q.get('description-format');
  if (raw === null || raw === '') return undefined;
  if (raw !== 'plain' && raw !== 'view') throw badRequest(`Invalid description-format: ${raw}`);
  return raw;
}

/** GET /wiki/api/v2/spaces — filters ids, keys, type, status; labels / favourites match nothing (none exist). */
export const getSpaces: Handler = (ctx, req) => {
  const q = req.query;
  const ids = new Set(listParam(q, 'ids'));
  const keys = new Set(listParam(q, 'keys'));
  const type = q.get('type');
  const status = q.get('status');
  const byLabelOrFavourite = listParam(q, 'labels').length > 0 || q.get('favorited-by') !== null;
  const spaces = ctx.repo
    .listSpaces()
    .filter((s) => (ids.size === 0 || ids.has(s.id)) && (keys.size === 0 || keys.has(s.key)))
    .filter((s) => (type === null || s.type === type) && (status === null || s.status === status) && !byLabelOrFavourite);
  const format = descriptionFormat(q);
  const page = paginate(spaces, sortParam(q.get('sort'), SPACE_SORTS, 'id'), q.get('cursor'), intParam(q, 'limit', 25, 1, 250));
  return listResponse(req, ctx.site, page, (s) => spaceJson(s, { descriptionFormat: format }));
};

/** GET /wiki/api/v2/spaces/{id} */
export const getSpaceById: Handler = (ctx, req, caller) => {
  const q = req.query;
  const space = ctx.repo.getSpace(req.pathParams['id'] ?? '');
  if (!space) throw notFound(`Space not found: ${req.pathParams['id'] ?? ''}`);
  const json = spaceJson(space, { descriptionFormat: descriptionFormat(q) });
  const self = `/wiki/api/v2/spaces/${space.id}`;
  if (boolParam(q, 'include-labels', false)) json['labels'] = optionalField([], `${self}/labels`);
  if (boolParam(q, 'include-properties', false)) json['properties'] = optionalField([], `${self}/properties`);
  if (boolParam(q, 'include-permissions', false)) json['permissions'] = optionalField([], `${self}/permissions`);
  if (boolParam(q, 'include-operations', false)) {
    const ops = caller.canEdit ? ['read', 'create'] : ['read'];
    json['operations'] = optionalField(
      ops.map((operation) => ({ operation, targetType: operation === 'create' ? 'page' : 'space' })),
      `${self}/operations`,
    );
  }
  json['_links'] = { ...(json['_links'] as object), base: `${ctx.site.baseUrl}/wiki` };
  return { status: 200, body: json };
};
