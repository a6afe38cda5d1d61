import { canSee, visiblePage, type Caller, type Handler } from './context';
import { badRequest, forbidden } from './errors';

/**
 * POST /wiki/rest/api/content/{id}/permission/check — what `authorize().onConfluenceContent(id).canRead()`
 * (and canUpdate / canDelete) of `@forge/api` calls.
 * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-permissions/
 *
 * Checking another user than oneself needs the 'Confluence Administrator' permission, which only the app
 * has on the sandbox site; a group subject is answered `hasPermission: false` (there are no groups).
 */
export const checkContentPermission: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  const input = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  const subject = input['subject'] && typeof input['subject'] === 'object' ? (input['subject'] as Record<string, unknown>) : {};
  const operation = input['operation'];
  if (operation !== 'read' && operation !== 'update' && operation !== 'delete') throw badRequest(`Invalid operation: ${String(operation)}`);
  if (subject['type'] === 'group') return { status: 200, body: { hasPermission: false } };
  const accountId = String(subject['identifier'] ?? '');
  if (caller.accountType !== 'app' && accountId !== caller.accountId) throw forbidden('Checking the permissions of another user requires Confluence Administrator permission');
  // The app's own account is among the site's users (seeded), so one lookup covers people and the app.
  const user = ctx.repo.getUser(accountId);
  if (!user) return { status: 200, body: { hasPermission: false, errors: [{ translation: `No user with account id ${accountId}`, args: [] }] } };
  const subjectCaller: Caller = {
    actor: user.accountType === 'app' ? { kind: 'app' } : { kind: 'user', accountId },
    accountId,
    accountType: user.accountType,
    canEdit: user.canEdit,
  };
  const allowed = canSee(subjectCaller, page) && (operation === 'read' || subjectCaller.canEdit);
  return { status: 200, body: { hasPermission: allowed } };
};
