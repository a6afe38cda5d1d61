import type { Caller, Handler } from './context';
import { notFound } from './errors';
import type { ConfluenceUser } from './model';
import { expandSet } from './v1-content';

/**
 * GET /wiki/rest/api/user (v1 `getUser`; v2 has no user-by-id endpoint) —
 * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-get
 *
 * Profile visibility: Atlassian's default hides a person's email address from everyone but themselves (and apps are
 * not given it here: Forge apps read emails only through the separate privacy-unsafe email endpoint). The sandbox has
 * no visibility settings, so the email is answered only to the user asking about their own account and is otherwise
 * left out, as the cloud does for a hidden email (the document's `email` is optional). The time zone is never shown
 * here, as in the cloud's answer. The seeded users have no personal space, so `expand=personalSpace` adds nothing.
 */
export const getUser: Handler = (ctx, req, caller) => {
  const accountId = req.query.get('accountId') ?? '';
  const user = ctx.repo.getUser(accountId);
  if (!user) throw notFound(`No user found with accountId: ${accountId}`);
  return { status: 200, body: v1UserProfile(ctx.site.baseUrl, user, caller, expandSet(req.query)) };
};

/** The default avatar every sandbox account has (no one uploaded a picture). */
const DEFAULT_PICTURE = { path: '/wiki/aa-avatar/default.png', width: 48, height: 48, isDefault: true };

/** What the user may do on the site, as `expand=operations` lists it. */
function operationsOf(user: ConfluenceUser): { operation: string; targetType: string }[] {
  const ops = [
    { operation: 'use', targetType: 'application' },
    { operation: 'read', targetType: 'page' },
  ];
  if (user.canEdit) ops.push({ operation: 'create', targetType: 'page' }, { operation: 'update', targetType: 'page' });
  return ops;
}

/** v1 `User` as GET /wiki/rest/api/user answers it to `caller`. */
export function v1UserProfile(baseUrl: string, user: ConfluenceUser, caller: Caller, expand: Set<string>): Record<string, unknown> {
  const body: Record<string, unknown> = { type: 'known', accountId: user.accountId, accountType: user.accountType };
  if (caller.accountId === user.accountId && user.email) body['email'] = user.email;
  body['publicName'] = user.displayName;
  body['profilePicture'] = DEFAULT_PICTURE;
  body['displayName'] = user.displayName;
  body['isExternalCollaborator'] = false;
  const expandable: Record<string, string> = { operations: '', personalSpace: '' };
  if (expand.has('operations')) {
    body['operations'] = operationsOf(user);
    delete expandable['operations'];
  }
  // No personal space exists for any sandbox account: Confluence then leaves it out of the answer.
  if (expand.has('personalSpace')) delete expandable['personalSpace'];
  body['_expandable'] = expandable;
  body['_links'] = { self: `${baseUrl}/wiki/rest/api/user?accountId=${encodeURIComponent(user.accountId)}`, base: `${baseUrl}/wiki`, context: '/wiki' };
  return body;
}
