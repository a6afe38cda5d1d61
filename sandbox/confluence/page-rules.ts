import type { Caller, Ctx } from './context';
import { canSee } from './context';
import { badRequest, ConfluenceApiError } from './errors';
import type { PageRecord, SpaceRecord } from './model';

/**
 * Rules a page write must satisfy, shared by create, update and title update. Messages follow the cloud's
 * where it is known.
 */

/** Confluence limits page titles to 255 characters and trims surrounding whitespace. */
export function checkTitle(raw: unknown, status: string): string {
  if (raw !== undefined && typeof raw !== 'string') throw badRequest('title must be a string');
  const title = (raw ?? '').trim();
  if (status !== 'draft' && title === '') throw badRequest('Title is required for a page that is not a draft');
  if (title.length > 255) throw badRequest('Title cannot be longer than 255 characters');
  return title;
}

/**
 * Titles are unique per space, case-insensitively, among current and archived pages (drafts and trashed
 * pages don't hold a title). The cloud's 400 reads exactly like this.
 */
export function checkTitleFree(ctx: Ctx, spaceId: string, title: string, selfId?: string): void {
  const owner = ctx.repo.titleOwner(spaceId, title);
  if (owner !== undefined && owner !== selfId) {
    throw badRequest('A page with this title already exists: A page already exists with the same TITLE in this space');
  }
}

/** The parent a page may be placed under: an existing, visible, current page of the same space. */
export function checkParent(ctx: Ctx, caller: Caller, space: SpaceRecord, parentId: unknown): PageRecord {
  const id = typeof parentId === 'string' || typeof parentId === 'number' ? String(parentId) : '';
  const parent = ctx.repo.getPage(id);
  if (!parent || !canSee(caller, parent) || (parent.status !== 'current' && parent.status !== 'archived')) {
    throw new ConfluenceApiError(404, 'The parent ID specified does not exist, or user does not have permissions');
  }
  if (parent.spaceId !== space.id) throw badRequest('The parent page must be in the same space as the page');
  return parent;
}

/** Moving a page under itself or one of its descendants would cut it off from the space's tree. */
export function checkNoCycle(ctx: Ctx, pageId: string, newParent: PageRecord): void {
  let cursor: PageRecord | undefined = newParent;
  const seen = new Set<string>();
  while (cursor && !seen.has(cursor.id)) {
    if (cursor.id === pageId) throw badRequest('A page cannot be moved under itself or one of its descendants');
    seen.add(cursor.id);
    cursor = cursor.parentId ? ctx.repo.getPage(cursor.parentId) : undefined;
  }
}

/** Ancestors of a page, root first. */
export function ancestorsOf(ctx: Ctx, page: PageRecord): PageRecord[] {
  const chain: PageRecord[] = [];
  const seen = new Set<string>([page.id]);
  let parentId = page.parentId;
  while (parentId && !seen.has(parentId)) {
    const parent = ctx.repo.getPage(parentId);
    if (!parent) break;
    chain.unshift(parent);
    seen.add(parent.id);
    parentId = parent.parentId;
  }
  return chain;
}

/** A new `ownerId` must be a user of the site. */
export function checkOwner(ctx: Ctx, ownerId: unknown): string {
  if (typeof ownerId !== 'string' || !ctx.repo.getUser(ownerId)) throw badRequest(`Unknown ownerId: ${String(ownerId)}`);
  return ownerId;
}
