import type { ProductResponse } from '../core/product';
import { EMPTY_BODY, readWriteBody } from './body';
import { requireEdit, spaceOf, visiblePage, type Caller, type Ctx, type Handler } from './context';
import { badRequest, notEmulated, notFound, versionConflict } from './errors';
import { emitPageEvent } from './events';
import type { PageRecord, StoredBody, VersionInfo } from './model';
import { pageSingle } from './page-view';
import { checkNoCycle, checkOwner, checkParent, checkTitle, checkTitleFree } from './page-rules';
import { boolParam } from './pagination';

/**
 * Page writes of the v2 API: createPage, updatePage, updatePageTitle.
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/
 */

type Json = Record<string, unknown>;
const asJson = (body: unknown): Json => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});

function newVersion(ctx: Ctx, caller: Caller, number: number, message: unknown): VersionInfo {
  return { number, message: typeof message === 'string' ? message : '', minorEdit: false, authorId: caller.accountId, createdAt: ctx.nowIso() };
}

/** Saves the page and, when it is published, records the version in its history. Call inside a transaction. */
function persist(ctx: Ctx, next: PageRecord, prev?: PageRecord): void {
  ctx.repo.savePage(next, prev);
  if (next.status === 'current') ctx.repo.putVersion({ ...next.version, pageId: next.id, title: next.title, body: next.body, status: next.status });
}

function respond(ctx: Ctx, caller: Caller, page: PageRecord, body: StoredBody): ProductResponse {
  const q = new URLSearchParams();
  return { status: 200, body: pageSingle(ctx, caller, page, spaceOf(ctx, page), q, { bodyFormat: body.representation }) };
}

/** POST /wiki/api/v2/pages — https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-post */
export const createPage: Handler = (ctx, req, caller) => {
  const input = asJson(req.body);
  const rootLevel = boolParam(req.query, 'root-level', false);
  const isPrivate = boolParam(req.query, 'private', false);
  const space = ctx.repo.getSpace(String(input['spaceId'] ?? ''));
  if (!space) throw notFound(`No space found with id: ${String(input['spaceId'])}`);
  requireEdit(caller, 'create pages in this space');
  if (input['subtype'] === 'live') throw notEmulated('Creating live docs (subtype=live)');
  const status = input['status'] === 'draft' ? 'draft' : 'current';
  const title = checkTitle(input['title'], status);
  if (rootLevel && input['parentId'] !== undefined) throw badRequest('parentId may not be supplied when root-level is true');
  // Without a parentId the cloud files a new page under the space homepage; root-level=true puts it beside it.
  const parent = rootLevel ? null : checkParent(ctx, caller, space, input['parentId'] ?? space.homepageId);
  if (status === 'current') checkTitleFree(ctx, space.id, title);
  const body = readWriteBody(input['body']) ?? EMPTY_BODY;
  const now = ctx.nowIso();
  const page = ctx.store.transaction((): PageRecord => {
    const next: PageRecord = {
      id: ctx.repo.nextId('content'),
      spaceId: space.id,
      parentId: parent?.id ?? null,
      title,
      status,
      authorId: caller.accountId,
      ownerId: caller.accountId,
      lastOwnerId: null,
      createdAt: now,
      position: Number(ctx.repo.nextId('position')),
      version: newVersion(ctx, caller, 1, ''),
      body,
      privateTo: isPrivate ? caller.accountId : null,
    };
    persist(ctx, next);
    return next;
  });
  if (page.status === 'current') emitPageEvent(ctx, 'created', page, space, caller);
  return respond(ctx, caller, page, body);
};

/** Restoring from the trash changes the status only ("page contents will not be updated", per the doc). */
function restore(ctx: Ctx, caller: Caller, page: PageRecord): ProductResponse {
  checkTitleFree(ctx, page.spaceId, page.title);
  const space = spaceOf(ctx, page);
  const parent = page.parentId ? ctx.repo.getPage(page.parentId) : undefined;
  // The old parent may itself be gone; then the page comes back under the homepage.
  const parentId = parent && parent.status === 'current' ? parent.id : page.parentId === null ? null : space.homepageId;
  const next: PageRecord = { ...page, status: 'current', parentId };
  ctx.store.transaction(() => ctx.repo.savePage(next, page));
  emitPageEvent(ctx, 'updated', next, space, caller);
  return respond(ctx, caller, next, next.body);
}

/**
 * PUT /wiki/api/v2/pages/{id} — https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-put
 *
 * Optimistic locking: `version.number` must be the current number + 1, else 409 and nothing is written, so
 * a writer working from a stale copy can never overwrite someone else's newer version. A never-published
 * draft is at version 1 and is saved or published with `version.number` 1, as the doc says for drafts.
 */
export const updatePage: Handler = (ctx, req, caller) => {
  const id = req.pathParams['id'] ?? '';
  const page = visiblePage(ctx, caller, id);
  requireEdit(caller, 'update this page');
  const input = asJson(req.body);
  if (String(input['id']) !== id) throw badRequest(`The id in the body (${String(input['id'])}) does not match the page id ${id}`);
  const status = input['status'] === 'draft' ? 'draft' : 'current';
  if (page.status === 'trashed') {
    if (status !== 'current') throw badRequest('A trashed page can only be restored to status current');
    return restore(ctx, caller, page);
  }
  if (page.status === 'current' && status === 'draft') throw notEmulated('Creating a draft of a published page');
  const version = asJson(input['version']);
  const number = version['number'];
  if (typeof number !== 'number' || !Number.isInteger(number)) throw badRequest('version.number is required');
  const wasDraft = page.status === 'draft';
  const expected = wasDraft ? 1 : page.version.number + 1;
  if (number !== expected) throw versionConflict(page.version.number);
  if (input['spaceId'] !== undefined && String(input['spaceId']) !== page.spaceId) throw badRequest('Moving a page to a different space is not supported');

  const space = spaceOf(ctx, page);
  const title = checkTitle(input['title'], status);
  if (status === 'current') checkTitleFree(ctx, space.id, title, page.id);
  let parentId = page.parentId;
  if (input['parentId'] !== undefined && String(input['parentId']) !== page.parentId) {
    const parent = checkParent(ctx, caller, space, input['parentId']);
    checkNoCycle(ctx, page.id, parent);
    parentId = parent.id;
  }
  let { ownerId, lastOwnerId } = page;
  if (input['ownerId'] !== undefined && input['ownerId'] !== page.ownerId) {
    lastOwnerId = page.ownerId;
    ownerId = checkOwner(ctx, input['ownerId']);
  }
  const body = readWriteBody(input['body']) ?? page.body;
  const next: PageRecord = { ...page, title, status, parentId, ownerId, lastOwnerId, body, version: newVersion(ctx, caller, number, version['message']) };
  ctx.store.transaction(() => {
    // A page moved under a new parent goes to the end of its new siblings, as in the Confluence page tree.
    if (next.parentId !== page.parentId) next.position = Number(ctx.repo.nextId('position'));
    persist(ctx, next, page);
  });
  if (next.status === 'current') emitPageEvent(ctx, wasDraft ? 'created' : 'updated', next, space, caller);
  return respond(ctx, caller, next, body);
};

/** PUT /wiki/api/v2/pages/{id}/title — a new version with only the title changed. */
export const updatePageTitle: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  requireEdit(caller, 'update this page');
  if (page.status !== 'current' && page.status !== 'draft') throw notFound(`Page not found: ${page.id}`);
  const input = asJson(req.body);
  const title = checkTitle(input['title'], page.status);
  if (page.status === 'current') checkTitleFree(ctx, page.spaceId, title, page.id);
  const number = page.status === 'draft' ? 1 : page.version.number + 1;
  const next: PageRecord = { ...page, title, version: newVersion(ctx, caller, number, '') };
  ctx.store.transaction(() => persist(ctx, next, page));
  if (next.status === 'current') emitPageEvent(ctx, 'updated', next, spaceOf(ctx, next), caller);
  return respond(ctx, caller, next, next.body);
};
