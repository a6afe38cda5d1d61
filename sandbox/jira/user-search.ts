import { boolParam, fail, intParam, json, listParam, lookupIssue, requireCaller, type Caller, type Handler, type JiraContext } from './context';
import { findProject } from './representations';
import type { UserConfig } from './model';
import { accountHas, callerHas } from './permissions';
import { avatarUrl, userDetails } from './users';

/**
 * The people searches (Jira's "User search" group) over the seeded users: the user picker
 * (`GET /rest/api/3/user/picker`, schema `FoundUsers`) and find users (`GET /rest/api/3/user/search`, `User[]`).
 *
 * A query matches, case-insensitively, the start of the display name or of any word in it ("ben", "car" and
 * "ben car" find Ben Carter) and the start of the e-mail address ("chika@" finds chika@example.com), as Jira's
 * "the string can match the prefix of the attribute's value". Both need the global permission *Browse users and
 * groups* (`USER_PICKER`): without it the picker answers exact name (or e-mail) matches only and user search
 * answers nothing, as the document says. Anonymous callers get the 401 every other sandbox operation gives.
 */

/** Jira looks at no more than the first thousand users. */
const MAX_USERS = 1000;

type Range = readonly [number, number];

/** Whether `text[i]` starts a word: the first character, or one after anything but a letter or digit. */
const startsWord = (text: string, i: number): boolean => i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1] ?? '');

/** Merges overlapping or touching ranges (sorted by start). */
function merge(ranges: Range[]): Range[] {
  const out: Array<[number, number]> = [];
  for (const [from, to] of ranges) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Where `query` (lower case) matches `text`: at the start of every word it begins, or nowhere. */
function nameMatches(text: string, query: string): Range[] {
  const lower = text.toLowerCase();
  const ranges: Range[] = [];
  // Lower-casing can change a string's length (e.g. 'İ'); then only a match on the whole value is highlighted.
  if (lower.length !== text.length) return lower.startsWith(query) ? [[0, text.length]] : [];
  for (let i = 0; i < lower.length; i++) if (startsWord(lower, i) && lower.startsWith(query, i)) ranges.push([i, i + query.length]);
  return merge(ranges);
}

/** An e-mail address matches on its prefix only. */
function emailMatches(email: string | null, query: string): Range[] {
  if (!email) return [];
  const lower = email.toLowerCase();
  if (!lower.startsWith(query)) return [];
  return lower.length === email.length ? [[0, query.length]] : [[0, email.length]];
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML (display names and e-mail addresses are whatever their owners typed). */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** `text`, HTML-escaped, with the ranges wrapped in `<strong>`. Escaping is per piece, so no markup gets in. */
function highlight(text: string, ranges: readonly Range[]): string {
  let out = '';
  let at = 0;
  for (const [from, to] of ranges) {
    out += escapeHtml(text.slice(at, from)) + `<strong>${escapeHtml(text.slice(from, to))}</strong>`;
    at = to;
  }
  return out + escapeHtml(text.slice(at));
}

interface Match {
  user: UserConfig;
  name: Range[];
  email: Range[];
}

/**
 * The active users the caller finds with `query` (trimmed; blank finds nobody), ordered by display name. Without
 * *Browse users and groups* only a user whose whole display name or e-mail address is the query is found.
 */
function matchUsers(ctx: JiraContext, caller: Caller, rawQuery: string): Match[] {
  const query = rawQuery.trim().toLowerCase();
  if (query === '') return [];
  const browse = callerHas(ctx, caller, 'USER_PICKER');
  const matches: Match[] = [];
  for (const user of ctx.catalog().users) {
    if (browse) {
      const name = nameMatches(user.displayName, query);
      const email = emailMatches(user.email, query);
      if (name.length > 0 || email.length > 0) matches.push({ user, name, email });
    } else {
      const name: Range[] = user.displayName.toLowerCase() === query ? [[0, user.displayName.length]] : [];
      const email: Range[] = user.email !== null && user.email.toLowerCase() === query ? [[0, user.email.length]] : [];
      if (name.length > 0 || email.length > 0) matches.push({ user, name, email });
    }
  }
  return matches.sort((a, b) => byName(a.user, b.user));
}

const byName = (a: UserConfig, b: UserConfig): number =>
  a.displayName.toLowerCase().localeCompare(b.displayName.toLowerCase()) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);

/** `maxResults` as Jira takes it: at most the thousandth user; a negative one is refused. */
function maxResultsParam(query: URLSearchParams): number {
  const maxResults = intParam(query, 'maxResults', 50);
  if (maxResults < 0) fail(400, ["The 'maxResults' parameter must be 0 or more."]);
  return Math.min(maxResults, MAX_USERS);
}

/** `avatarSize` of the picker: Jira's size names or `NNxNN`; anything else gets the 16-pixel avatar. */
const AVATAR_SIZES: Readonly<Record<string, number>> = { xsmall: 16, small: 24, medium: 32, large: 48, xlarge: 48, '16x16': 16, '24x24': 24, '32x32': 32, '48x48': 48 };

/**
 * GET /rest/api/3/user/picker — users whose display name or e-mail address the query starts (a word of), with
 * the match highlighted in `html` (`<strong>`; the rest escaped), `total` and the "Showing X of Y" `header`.
 * `excludeAccountIds` (comma-separated and/or repeated) leaves users out; `excludeConnectUsers=true` leaves out
 * app accounts; `showAvatar=true` adds `avatarUrl`. `exclude` (usernames) is gone for GDPR and is ignored —
 * except that it may not come with `excludeAccountIds` (400).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-picker-get
 */
export const findUsersForPicker: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const q = req.query;
  const excluded = listParam(q, 'excludeAccountIds') ?? [];
  if (q.has('exclude') && q.has('excludeAccountIds')) fail(400, ["The parameters 'exclude' and 'excludeAccountIds' cannot be provided together."]);
  const maxResults = maxResultsParam(q);
  const showAvatar = boolParam(q, 'showAvatar', false);
  const excludeApps = boolParam(q, 'excludeConnectUsers', false);
  const size = AVATAR_SIZES[(q.get('avatarSize') ?? '').toLowerCase()] ?? 16;
  const found = matchUsers(ctx, caller, q.get('query') ?? '').filter((m) => !excluded.includes(m.user.accountId) && !(excludeApps && m.user.accountType === 'app'));
  const users = found.slice(0, maxResults).map(({ user, name, email }) => ({
    accountId: user.accountId,
    accountType: user.accountType,
    html: highlight(user.displayName, name) + (user.email ? ` - ${highlight(user.email, email)}` : ''),
    displayName: user.displayName,
    ...(showAvatar ? { avatarUrl: avatarUrl(ctx, user, size) } : {}),
  }));
  return json(200, { users, total: found.length, header: `Showing ${users.length} of ${found.length} matching users` });
};

/** `property` of find users: `key.path=value` (keys without dots or equals signs). */
const PROPERTY_QUERY = /^[^.=\s][^=]*=.+$/;

/**
 * GET /rest/api/3/user/search — active users by `query` (as the picker matches) or exactly by `accountId`, paged
 * by `startAt` / `maxResults` (up to the thousandth user). One of `query`, `accountId` or `property` is required,
 * and `query` may not come with `accountId` (400). The sandbox keeps no user properties, so a valid `property`
 * search finds nobody. Without *Browse users and groups* the answer is empty.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-search-get
 */
export const findUsers: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const q = req.query;
  const query = q.get('query');
  const accountId = q.get('accountId');
  const property = q.get('property');
  if (query === null && accountId === null && property === null) fail(400, ["One of 'query', 'accountId' or 'property' must be provided."]);
  if (query !== null && accountId !== null) fail(400, ["The parameters 'query' and 'accountId' cannot be provided together."]);
  if (property !== null && !PROPERTY_QUERY.test(property)) fail(400, [`The property query '${property}' is not valid: use propertyKey.path=value.`]);
  const startAt = intParam(q, 'startAt', 0);
  if (startAt < 0) fail(400, ["The 'startAt' parameter must be 0 or more."]);
  const maxResults = maxResultsParam(q);
  if (!callerHas(ctx, caller, 'USER_PICKER')) return json(200, []);

  let users: UserConfig[];
  if (property !== null) users = [];
  else if (accountId !== null) users = ctx.catalog().users.filter((u) => u.accountId === accountId);
  else users = matchUsers(ctx, caller, query ?? '').map((m) => m.user);
  const page = users.slice(0, MAX_USERS).slice(startAt, startAt + maxResults);
  return json(200, page.map((user) => ({ ...userDetails(ctx, user), locale: user.locale })));
};

/**
 * GET /rest/api/3/user/assignable/search — the users who may be assigned issues in a project (`project`, key or id,
 * for a new issue) or on an issue (`issueKey` / `issueId`): one of the three is required (400), an unknown project
 * or issue is 404. With `accountId` (matched exactly) the user is answered only if assignable, which is how a caller
 * asks "can this person be assigned?"; with `query` the match is the user search's. Neither: everyone assignable.
 * Assignable = the *Assignable user* project permission (the viewer lacks it; apps are never listed).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-assignable-search-get
 */
export const findAssignableUsers: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const q = req.query;
  const projectRef = q.get('project');
  const issueRef = q.get('issueKey') ?? q.get('issueId');
  if (projectRef === null && issueRef === null) fail(400, ["One of 'project', 'issueKey' or 'issueId' must be provided."]);
  if (projectRef !== null && !findProject(ctx, { key: projectRef }) && !findProject(ctx, { id: projectRef })) fail(404, [`No project could be found with key '${projectRef}'.`]);
  if (issueRef !== null && !lookupIssue(ctx, issueRef)) fail(404, ['Issue does not exist or you do not have permission to see it.']);
  const query = q.get('query');
  const accountId = q.get('accountId');
  const startAt = intParam(q, 'startAt', 0);
  if (startAt < 0) fail(400, ["The 'startAt' parameter must be 0 or more."]);
  const maxResults = maxResultsParam(q);
  let users: UserConfig[];
  if (accountId !== null) users = ctx.catalog().users.filter((u) => u.accountId === accountId);
  else if (query !== null && query.trim() !== '') users = matchUsers(ctx, caller, query).map((m) => m.user);
  else users = [...ctx.catalog().users].sort(byName);
  // Jira takes the range first, then keeps only the assignable users in it (so a page may hold fewer).
  const page = users.slice(0, MAX_USERS).slice(startAt, startAt + maxResults).filter((u) => u.accountType !== 'app' && accountHas(ctx, u.accountId, 'ASSIGNABLE_USER'));
  return json(200, page.map((user) => ({ ...userDetails(ctx, user), locale: user.locale })));
};
