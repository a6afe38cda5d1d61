import type { Caller, Ctx } from './context';
import type { PageRecord, SpaceRecord } from './model';

/**
 * Forge product events for pages, in the payload shape of
 * https://developer.atlassian.com/platform/forge/events-reference/confluence/ (see forge-platform.md §8.11).
 * The bus (wired by the sandbox core) adds `eventType`/`selfGenerated` to what is emitted here.
 *
 * Quirk kept: Forge fills the user PII fields (username, email, displayName, publicName) with the account id.
 */

const DEFAULT_ICON = { path: '/images/logo/default-space-logo.svg', width: 48, height: 48, isDefault: true };

function eventUser(accountId: string, accountType: 'app' | 'atlassian'): Record<string, unknown> {
  return {
    type: 'known',
    username: accountId,
    accountId,
    accountType,
    email: accountId,
    profilePicture: { path: '/wiki/aa-avatar/default.png', width: 48, height: 48, isDefault: true },
    displayName: accountId,
    publicName: accountId,
    isExternalCollaborator: false,
  };
}

function accountTypeOf(ctx: Ctx, accountId: string): 'app' | 'atlassian' {
  return ctx.repo.getUser(accountId)?.accountType ?? 'app';
}

/** The `content` object of a page event. */
export function eventContent(ctx: Ctx, page: PageRecord, space: SpaceRecord): Record<string, unknown> {
  return {
    id: page.id,
    type: 'page',
    status: page.status,
    title: page.title,
    space: {
      id: Number(space.id),
      key: space.key,
      alias: space.key,
      name: space.name,
      type: space.type,
      icon: DEFAULT_ICON,
      status: space.status,
    },
    history: {
      latest: true,
      createdBy: eventUser(page.authorId, accountTypeOf(ctx, page.authorId)),
      ownedBy: eventUser(page.ownerId, accountTypeOf(ctx, page.ownerId)),
      createdDate: page.createdAt,
    },
    version: {
      by: eventUser(page.version.authorId, accountTypeOf(ctx, page.version.authorId)),
      when: page.version.createdAt,
      number: page.version.number,
    },
  };
}

/**
 * Emits `avi:confluence:created:page` or `avi:confluence:updated:page`. `updateTrigger` on updates is
 * `edit_page` (Confluence's PageUpdateTrigger for an edit; the Forge docs do not enumerate the values).
 */
export function emitPageEvent(ctx: Ctx, kind: 'created' | 'updated', page: PageRecord, space: SpaceRecord, caller: Caller): void {
  const payload: Record<string, unknown> = {
    atlassianId: caller.accountId,
    eventCreatedDate: ctx.nowIso(),
    suppressNotifications: false,
    content: eventContent(ctx, page, space),
  };
  if (kind === 'updated') payload['updateTrigger'] = 'edit_page';
  ctx.emit({ eventType: `avi:confluence:${kind}:page`, payload, actor: caller.actor });
}
