import { fail, intParam, json, listParam, requireCaller, type Handler, type JiraContext } from './context';
import type { UserConfig } from './model';

/** The URL of a user's avatar at one size (pixels: 16, 24, 32 or 48). */
export function avatarUrl(ctx: JiraContext, user: UserConfig, size: number): string {
  const initials = user.displayName
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return ctx.url(`/secure/useravatar?size=${size}&initials=${encodeURIComponent(initials)}&ownerId=${encodeURIComponent(user.accountId)}`);
}

/** Avatar URLs keyed by size, as Jira's `AvatarUrlsBean`. */
function avatarUrls(ctx: JiraContext, user: UserConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const size of [16, 24, 32, 48]) out[`${size}x${size}`] = avatarUrl(ctx, user, size);
  return out;
}

export function findUser(ctx: JiraContext, accountId: string): UserConfig | undefined {
  return ctx.catalog().users.find((u) => u.accountId === accountId);
}

/**
 * A user as Jira embeds it in issues and comments (schema `UserDetails`, which forbids extra properties).
 * Cloud never returns `name`/`key` with values any more (GDPR), so they are omitted.
 */
export function userDetails(ctx: JiraContext, user: UserConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: ctx.url(`/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`),
    accountId: user.accountId,
  };
  if (user.email) out['emailAddress'] = user.email;
  out['avatarUrls'] = avatarUrls(ctx, user);
  out['displayName'] = user.displayName;
  out['active'] = true;
  out['timeZone'] = user.timeZone;
  out['accountType'] = user.accountType;
  return out;
}

/** `userDetails` for an account id, or `null` when the field is empty (unassigned). */
export function userDetailsById(ctx: JiraContext, accountId: string | null): Record<string, unknown> | null {
  if (!accountId) return null;
  const user = findUser(ctx, accountId);
  // An account that left the site still shows up, as Jira keeps the reference.
  return user ? userDetails(ctx, user) : { accountId, active: false, displayName: 'Former user', accountType: 'unknown' };
}

/** Schema `User` (myself, get user): adds locale and the expandable groups / application roles. */
function fullUser(ctx: JiraContext, user: UserConfig, expand: string[]): Record<string, unknown> {
  const out = userDetails(ctx, user);
  out['locale'] = user.locale;
  const groups = user.accountType === 'app' ? ['atlassian-addons-admin'] : user.canEdit ? ['jira-software-users', 'ops-responders'] : ['jira-software-users'];
  out['groups'] = expand.includes('groups') ? { size: groups.length, items: groups.map((name) => ({ name, self: ctx.url(`/rest/api/3/group?groupname=${encodeURIComponent(name)}`) })) } : { size: groups.length, items: [] };
  out['applicationRoles'] = expand.includes('applicationRoles')
    ? { size: 1, items: [{ key: 'jira-software', name: 'Jira' }] }
    : { size: 1, items: [] };
  out['expand'] = 'groups,applicationRoles';
  return out;
}

/** GET /rest/api/3/myself — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get */
export const getCurrentUser: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  return json(200, fullUser(ctx, caller.user, listParam(req.query, 'expand') ?? []));
};

/** GET /rest/api/3/user — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-get */
export const getUser: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const accountId = req.query.get('accountId');
  // `username` and `key` were removed for GDPR; Jira answers as if the user did not exist.
  const user = accountId ? findUser(ctx, accountId) : undefined;
  if (!user) fail(404, [`Specified user does not exist or you do not have required permissions`]);
  return json(200, fullUser(ctx, user, listParam(req.query, 'expand') ?? []));
};

/**
 * GET /rest/api/3/user/bulk — the users with the account ids given (`accountId` repeated), as schema `User` in a
 * `PageBeanUser`, paged by `startAt` / `maxResults` (default 10, as the document says; it documents no upper bound,
 * so none is applied). An account id Jira does not know is left out of `values`, not refused, as on the cloud.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-bulk-get
 */
export const bulkGetUsers: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const ids = [...new Set(req.query.getAll('accountId'))];
  if (ids.length === 0) fail(400, ['accountId must be provided.']);
  const startAt = intParam(req.query, 'startAt', 0);
  const maxResults = intParam(req.query, 'maxResults', 10);
  if (startAt < 0) fail(400, ["The 'startAt' parameter must be 0 or more."]);
  if (maxResults < 0) fail(400, ["The 'maxResults' parameter must be 0 or more."]);
  const found = ids.map((id) => findUser(ctx, id)).filter((u): u is UserConfig => u !== undefined);
  const values = found.slice(startAt, startAt + maxResults).map((u) => fullUser(ctx, u, []));
  const isLast = startAt + values.length >= found.length;
  const at = (n: number): string => {
    const q = new URLSearchParams(req.query);
    q.set('startAt', String(n));
    q.set('maxResults', String(maxResults));
    return ctx.url(`/rest/api/3/user/bulk?${q.toString()}`);
  };
  return json(200, { self: at(startAt), ...(isLast ? {} : { nextPage: at(startAt + maxResults) }), maxResults, startAt, total: found.length, isLast, values });
};
