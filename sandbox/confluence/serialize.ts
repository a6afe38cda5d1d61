import type { LabelRecord, PageRecord, PropertyRecord, SpaceRecord, VersionInfo } from './model';

/**
 * v2 JSON for pages, spaces, labels, content properties and versions, following the schemas of
 * https://developer.atlassian.com/cloud/confluence/rest/v2/ (`PageSingle`, `PageBulk`, `SpaceBulk`, `Label`,
 * `ContentProperty`, `Version`). Where a schema field is a non-nullable string (e.g. `parentId`), the
 * field is omitted rather than sent as null.
 */

/** `/spaces/OPS/pages/65540/Incident+42` — the title part is what the Confluence UI puts in its URLs. */
export function pageWebui(spaceKey: string, page: Pick<PageRecord, 'id' | 'title' | 'status'>): string {
  if (page.status === 'draft') return `/pages/resumedraft.action?draftId=${page.id}`;
  const slug = encodeURIComponent(page.title).replace(/%20/g, '+');
  return `/spaces/${spaceKey}/pages/${page.id}/${slug}`;
}

/**
 * Confluence's tiny link (`/x/<code>`): the id as little-endian bytes, base64 with `+/` as `_-`, trailing
 * `A`s and padding trimmed.
 */
export function tinyui(id: string): string {
  let n = BigInt(id);
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.push(Number(n & 0xffn));
    n >>= 8n;
  }
  const code = Buffer.from(bytes.length ? bytes : [0])
    .toString('base64')
    .replace(/=+$/, '')
    .replace(/A+$/, '')
    .replace(/\//g, '-')
    .replace(/\+/g, '_');
  return `/x/${code}`;
}

/** `AbstractPageLinks` of a page. */
export function pageLinks(spaceKey: string, page: PageRecord): { webui: string; editui: string; tinyui: string } {
  return { webui: pageWebui(spaceKey, page), editui: `/pages/resumedraft.action?draftId=${page.id}`, tinyui: tinyui(page.id) };
}

/** v2 `Version`. */
export function versionJson(v: VersionInfo): VersionInfo {
  return { createdAt: v.createdAt, message: v.message, number: v.number, minorEdit: v.minorEdit, authorId: v.authorId };
}

/** `PageBulk` minus body (added by the caller when a body-format was asked for). */
export function pageBase(page: PageRecord, spaceKey: string, opts: { includeVersion?: boolean } = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: page.id,
    status: page.status,
    title: page.title,
    spaceId: page.spaceId,
  };
  if (page.parentId) {
    json['parentId'] = page.parentId;
    json['parentType'] = 'page';
  }
  json['position'] = page.position;
  json['authorId'] = page.authorId;
  json['ownerId'] = page.ownerId;
  json['lastOwnerId'] = page.lastOwnerId;
  json['createdAt'] = page.createdAt;
  if (opts.includeVersion !== false) json['version'] = versionJson(page.version);
  json['_links'] = pageLinks(spaceKey, page);
  return json;
}

/** v2 `SpaceBulk` (and the base of `SpaceSingle`). */
export function spaceJson(space: SpaceRecord, opts: { descriptionFormat?: 'plain' | 'view' | undefined } = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    authorId: space.authorId,
    createdAt: space.createdAt,
    homepageId: space.homepageId,
    currentActiveAlias: space.key,
  };
  if (opts.descriptionFormat === 'plain') json['description'] = { plain: { representation: 'plain', value: space.description } };
  if (opts.descriptionFormat === 'view') json['description'] = { view: { representation: 'view', value: `<p>${space.description}</p>` } };
  json['_links'] = { webui: `/spaces/${space.key}` };
  return json;
}

/** v2 `Label`. */
export function labelJson(l: LabelRecord): { id: string; name: string; prefix: string } {
  return { id: l.id, name: l.name, prefix: l.prefix };
}

/** v2 `ContentProperty`. */
export function propertyJson(p: PropertyRecord): Record<string, unknown> {
  return { id: p.id, key: p.key, value: p.value, version: versionJson(p.version) };
}

/** The `{results, meta, _links}` block of an `include-*` option on a single entity (capped at 50, as documented). */
export function optionalField<T>(items: readonly T[], selfLink: string): { results: T[]; meta: { hasMore: boolean }; _links: { self: string } } {
  return { results: items.slice(0, 50), meta: { hasMore: items.length > 50 }, _links: { self: selfLink } };
}
