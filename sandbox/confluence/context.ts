import { APP_ACCOUNT_ID, type Actor, type EmitProductEvent, type ProductRequest, type ProductResponse, type SiteInfo } from '../core/product';
import type { Store } from '../store/store';
import { forbidden, notFound, unauthorized } from './errors';
import type { PageRecord, SpaceRecord } from './model';
import type { ConfluenceRepo } from './repo';

/** What every operation handler gets. */
export interface Ctx {
  store: Store;
  repo: ConfluenceRepo;
  site: SiteInfo;
  emit: EmitProductEvent;
  /** ISO timestamp of "now" from the injected clock. */
  nowIso: () => string;
}

/** The resolved caller of one request. */
export interface Caller {
  actor: Actor;
  accountId: string;
  accountType: 'app' | 'atlassian';
  /** The app and editors may write; the seeded viewer may only read. */
  canEdit: boolean;
}

/** One operation: synchronous from first read to last write, so a request is atomic w.r.t. the others. */
export type Handler = (ctx: Ctx, req: ProductRequest, caller: Caller) => ProductResponse;

/**
 * Who is calling. Anonymous access is off on the sandbox site (401), as on most cloud sites; an account
 * the site doesn't know is treated the same way.
 */
export function resolveCaller(ctx: Ctx, actor: Actor): Caller {
  if (actor.kind === 'app') return { actor, accountId: APP_ACCOUNT_ID, accountType: 'app', canEdit: true };
  if (actor.kind === 'anonymous') throw unauthorized();
  const user = ctx.repo.getUser(actor.accountId);
  if (!user) throw unauthorized();
  return { actor, accountId: user.accountId, accountType: user.accountType, canEdit: user.canEdit };
}

/**
 * A private page (created with `private=true`) is visible to its creator and the app only; so is an
 * unpublished draft, which in Confluence belongs to its author until it is published.
 */
export function canSee(caller: Caller, page: PageRecord): boolean {
  if (caller.accountType === 'app') return true;
  if (page.privateTo !== null && page.privateTo !== caller.accountId) return false;
  return page.status !== 'draft' || page.authorId === caller.accountId;
}

/**
 * The page if the caller may see it. Unknown and invisible pages alike are 404: the cloud does not reveal
 * that a page exists to someone who may not view it.
 */
export function visiblePage(ctx: Ctx, caller: Caller, id: string): PageRecord {
  const page = ctx.repo.getPage(id);
  if (!page || !canSee(caller, page)) throw notFound(`Page not found: ${id}`);
  return page;
}

/** The space a page lives in. */
export function spaceOf(ctx: Ctx, page: PageRecord): SpaceRecord {
  const space = ctx.repo.getSpace(page.spaceId);
  if (!space) throw notFound(`Space not found: ${page.spaceId}`);
  return space;
}

/**
 * Write permission. The brief for the sandbox asks for 403 in Confluence's error shape when a user who may
 * view but not edit tries to write (the v2 docs list 404 for some of these cases; Kaizen treats both as
 * "not allowed").
 */
export function requireEdit(caller: Caller, what: string): void {
  if (!caller.canEdit) throw forbidden(`User ${caller.accountId} is not permitted to ${what}`);
}
