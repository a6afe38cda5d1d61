import { renderBody, type BodyFormat } from './body';
import type { Ctx } from './context';
import type { PageRecord, SpaceRecord } from './model';
import { ancestorsOf } from './page-rules';
import { pageWebui, tinyui } from './serialize';

/**
 * v1 `Content`, `Space` and `User` JSON for the search endpoints, with the `expand` options Kaizen may use:
 * space, version, history, ancestors, body.storage / body.view / body.atlas_doc_format, metadata.labels.
 * Whatever is not expanded is listed under `_expandable`, as v1 does.
 * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-content/
 */

const ICON = { path: '/wiki/aa-avatar/default.png', width: 48, height: 48, isDefault: true };

/** v1 `User` (known users only). */
export function v1User(ctx: Ctx, accountId: string): Record<string, unknown> {
  const user = ctx.repo.getUser(accountId);
  return {
    type: 'known',
    accountId,
    accountType: user?.accountType ?? 'app',
    email: user?.email ?? '',
    publicName: user?.displayName ?? accountId,
    profilePicture: ICON,
    displayName: user?.displayName ?? accountId,
    isExternalCollaborator: false,
    _expandable: { operations: '', personalSpace: '' },
    _links: { self: `${ctx.site.baseUrl}/wiki/rest/api/user?accountId=${encodeURIComponent(accountId)}` },
  };
}

/** v1 `Space`. */
export function v1Space(ctx: Ctx, space: SpaceRecord): Record<string, unknown> {
  return {
    id: Number(space.id),
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    _expandable: { settings: '', metadata: '', operations: '', lookAndFeel: '', identifiers: '', permissions: '', icon: '', description: '', theme: '', history: '', homepage: `/rest/api/content/${space.homepageId}` },
    _links: { webui: `/spaces/${space.key}`, self: `${ctx.site.baseUrl}/wiki/rest/api/space/${space.key}` },
  };
}

/** Parses `expand=a,b.c` (repeated or comma-separated); `strip` removes a leading path such as `content.`. */
export function expandSet(q: URLSearchParams, strip = ''): Set<string> {
  return new Set(
    q
      .getAll('expand')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v.startsWith(strip))
      .map((v) => v.slice(strip.length)),
  );
}

function contentLinks(ctx: Ctx, space: SpaceRecord | undefined, page: PageRecord): Record<string, string> {
  return {
    webui: pageWebui(space?.key ?? '', page),
    edit: `/pages/resumedraft.action?draftId=${page.id}`,
    tinyui: tinyui(page.id),
    self: `${ctx.site.baseUrl}/wiki/rest/api/content/${page.id}`,
  };
}

/** v1 `Content` for a page, expanded as asked. */
export function v1Content(ctx: Ctx, page: PageRecord, expand: Set<string>): Record<string, unknown> {
  const space = ctx.repo.getSpace(page.spaceId);
  const json: Record<string, unknown> = { id: page.id, type: 'page', status: page.status, title: page.title };
  const expandable: Record<string, string> = {
    childTypes: '',
    container: `/rest/api/space/${space?.key ?? ''}`,
    metadata: '',
    operations: '',
    children: `/rest/api/content/${page.id}/child`,
    restrictions: `/rest/api/content/${page.id}/restriction/byOperation`,
    descendants: `/rest/api/content/${page.id}/descendant`,
  };
  if (expand.has('space') && space) json['space'] = v1Space(ctx, space);
  else expandable['space'] = `/rest/api/space/${space?.key ?? ''}`;
  if (expand.has('version')) {
    json['version'] = { by: v1User(ctx, page.version.authorId), when: page.version.createdAt, message: page.version.message, number: page.version.number, minorEdit: page.version.minorEdit };
  } else expandable['version'] = '';
  if (expand.has('history')) {
    json['history'] = { latest: true, createdBy: v1User(ctx, page.authorId), ownedBy: v1User(ctx, page.ownerId), createdDate: page.createdAt };
  } else expandable['history'] = `/rest/api/content/${page.id}/history`;
  if (expand.has('ancestors')) {
    json['ancestors'] = ancestorsOf(ctx, page).map((a) => ({ id: a.id, type: 'page', status: a.status, title: a.title, _links: contentLinks(ctx, space, a) }));
  } else expandable['ancestors'] = '';
  const bodies = (['storage', 'view', 'atlas_doc_format'] as const).filter((f) => expand.has(`body.${f}`));
  if (bodies.length > 0) {
    const body: Record<string, unknown> = {};
    for (const f of bodies) Object.assign(body, renderBody(page.body, f as BodyFormat));
    json['body'] = body;
  } else expandable['body'] = '';
  if (expand.has('metadata.labels')) {
    const labels = ctx.repo.labels(page.id).map((l) => ({ prefix: l.prefix, name: l.name, id: l.id, label: l.name }));
    json['metadata'] = { labels: { results: labels, start: 0, limit: 200, size: labels.length } };
    delete expandable['metadata'];
  }
  json['_expandable'] = expandable;
  json['_links'] = contentLinks(ctx, space, page);
  return json;
}
