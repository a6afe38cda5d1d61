import { z } from 'zod';
import { allIssues, fail, json, lookupIssue, requireCaller, type Caller, type Handler, type JiraContext } from './context';
import type { StoredIssue } from './model';
import { findUser } from './users';

type PermissionType = 'PROJECT' | 'GLOBAL';

/** Jira's permission keys with their ids (as `GET /rest/api/3/permissions` lists them). */
export const PERMISSIONS: Readonly<Record<string, { id: string; name: string; type: PermissionType; description: string }>> = {
  ADMINISTER: { id: '0', name: 'Administer Jira', type: 'GLOBAL', description: 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.' },
  SYSTEM_ADMIN: { id: '44', name: 'Jira System Administrators', type: 'GLOBAL', description: 'Ability to perform all administration functions.' },
  USER_PICKER: { id: '27', name: 'Browse users and groups', type: 'GLOBAL', description: 'View and select users or groups from the user picker.' },
  CREATE_SHARED_OBJECTS: { id: '22', name: 'Share dashboards and filters', type: 'GLOBAL', description: 'Share dashboards and filters with other users.' },
  MANAGE_GROUP_FILTER_SUBSCRIPTIONS: { id: '24', name: 'Manage group filter subscriptions', type: 'GLOBAL', description: 'Create and delete group filter subscriptions.' },
  BULK_CHANGE: { id: '33', name: 'Make bulk changes', type: 'GLOBAL', description: 'Modify collections of issues at once.' },
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects', type: 'PROJECT', description: 'Ability to administer a project in Jira.' },
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', type: 'PROJECT', description: 'Ability to browse projects and the issues within them.' },
  VIEW_DEV_TOOLS: { id: '29', name: 'View Development Tools', type: 'PROJECT', description: 'Allows users to view development-related information on the issue.' },
  VIEW_READONLY_WORKFLOW: { id: '45', name: 'View Read-Only Workflow', type: 'PROJECT', description: 'Users with this permission may view a read-only version of a workflow.' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', type: 'PROJECT', description: 'Ability to create issues.' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', type: 'PROJECT', description: 'Ability to transition issues.' },
  SCHEDULE_ISSUES: { id: '28', name: 'Schedule Issues', type: 'PROJECT', description: 'Ability to view or edit an issue\'s due date.' },
  MOVE_ISSUES: { id: '25', name: 'Move Issues', type: 'PROJECT', description: 'Ability to move issues between projects or between workflows of the same project.' },
  ASSIGN_ISSUES: { id: '13', name: 'Assign Issues', type: 'PROJECT', description: 'Ability to assign issues to other people.' },
  ASSIGNABLE_USER: { id: '17', name: 'Assignable User', type: 'PROJECT', description: 'Users with this permission may be assigned to issues.' },
  RESOLVE_ISSUES: { id: '14', name: 'Resolve Issues', type: 'PROJECT', description: 'Ability to resolve and reopen issues.' },
  CLOSE_ISSUES: { id: '18', name: 'Close Issues', type: 'PROJECT', description: 'Ability to close issues.' },
  MODIFY_REPORTER: { id: '30', name: 'Modify Reporter', type: 'PROJECT', description: 'Ability to modify the reporter when creating or editing an issue.' },
  DELETE_ISSUES: { id: '16', name: 'Delete Issues', type: 'PROJECT', description: 'Ability to delete issues.' },
  LINK_ISSUES: { id: '21', name: 'Link Issues', type: 'PROJECT', description: 'Ability to link issues together and create linked issues.' },
  SET_ISSUE_SECURITY: { id: '26', name: 'Set Issue Security', type: 'PROJECT', description: 'Ability to set the level of security on an issue.' },
  VIEW_VOTERS_AND_WATCHERS: { id: '31', name: 'View Voters and Watchers', type: 'PROJECT', description: 'Ability to view the voters and watchers of an issue.' },
  MANAGE_WATCHERS: { id: '32', name: 'Manage Watchers', type: 'PROJECT', description: 'Ability to manage the watchers of an issue.' },
  ADD_COMMENTS: { id: '15', name: 'Add Comments', type: 'PROJECT', description: 'Ability to comment on issues.' },
  EDIT_ALL_COMMENTS: { id: '34', name: 'Edit All Comments', type: 'PROJECT', description: 'Ability to edit all comments made on issues.' },
  EDIT_OWN_COMMENTS: { id: '35', name: 'Edit Own Comments', type: 'PROJECT', description: 'Ability to edit own comments made on issues.' },
  DELETE_ALL_COMMENTS: { id: '36', name: 'Delete All Comments', type: 'PROJECT', description: 'Ability to delete all comments made on issues.' },
  DELETE_OWN_COMMENTS: { id: '37', name: 'Delete Own Comments', type: 'PROJECT', description: 'Ability to delete own comments made on issues.' },
  CREATE_ATTACHMENTS: { id: '19', name: 'Create Attachments', type: 'PROJECT', description: 'Users with this permission may create attachments.' },
  DELETE_ALL_ATTACHMENTS: { id: '38', name: 'Delete All Attachments', type: 'PROJECT', description: 'Users with this permission may delete all attachments.' },
  DELETE_OWN_ATTACHMENTS: { id: '39', name: 'Delete Own Attachments', type: 'PROJECT', description: 'Users with this permission may delete own attachments.' },
  WORK_ON_ISSUES: { id: '20', name: 'Work On Issues', type: 'PROJECT', description: 'Ability to log work done against an issue.' },
  EDIT_OWN_WORKLOGS: { id: '40', name: 'Edit Own Worklogs', type: 'PROJECT', description: 'Ability to edit own worklogs made on issues.' },
  EDIT_ALL_WORKLOGS: { id: '41', name: 'Edit All Worklogs', type: 'PROJECT', description: 'Ability to edit all worklogs made on issues.' },
  DELETE_OWN_WORKLOGS: { id: '42', name: 'Delete Own Worklogs', type: 'PROJECT', description: 'Ability to delete own worklogs made on issues.' },
  DELETE_ALL_WORKLOGS: { id: '43', name: 'Delete All Worklogs', type: 'PROJECT', description: 'Ability to delete all worklogs made on issues.' },
};

/** What an editor (a seeded user with `canEdit`) lacks: project administration and acting on other people's content. */
const EDITOR_LACKS = new Set(['ADMINISTER', 'SYSTEM_ADMIN', 'ADMINISTER_PROJECTS', 'EDIT_ALL_COMMENTS', 'DELETE_ALL_COMMENTS', 'DELETE_ALL_ATTACHMENTS', 'EDIT_ALL_WORKLOGS', 'DELETE_ALL_WORKLOGS', 'SET_ISSUE_SECURITY']);
/** A viewer (`canEdit: false`) may only browse. */
const VIEWER_HAS = new Set(['BROWSE_PROJECTS']);

/**
 * Whether an account holds a permission (in the one project there is). The app account holds everything, as an
 * app installed with `write:jira-work` effectively does in the OPS project; so does a site administrator.
 */
export function accountHas(ctx: JiraContext, accountId: string, permission: string): boolean {
  const user = findUser(ctx, accountId);
  if (!user || !(permission in PERMISSIONS)) return false;
  if (user.accountType === 'app' || user.isAdmin) return true;
  return user.canEdit ? !EDITOR_LACKS.has(permission) : VIEWER_HAS.has(permission);
}

export const callerHas = (ctx: JiraContext, caller: Caller, permission: string): boolean => accountHas(ctx, caller.accountId, permission);

/**
 * How Jira refuses a write the caller lacks the permission for. Jira is not uniform here: the status follows
 * each operation's documented responses (doTransition documents a missing permission as 400, linkIssues as 404,
 * addComment has no 403 at all and Jira words that refusal with the caller's name), so every refusal stays within
 * what Atlassian's OpenAPI document allows for the operation.
 */
export const REFUSALS = {
  createIssue: { status: 403, message: 'You do not have permission to create issues in this project.' },
  editIssue: { status: 403, message: 'You do not have permission to edit issues in this project.' },
  deleteIssue: { status: 403, message: 'You do not have permission to delete issues in this project.' },
  addComment: { status: 400, message: (c: Caller) => `${c.user.displayName}, you do not have the permission to comment on this issue.` },
  updateComment: { status: 400, message: 'You do not have permission to edit this comment.' },
  deleteComment: { status: 400, message: 'You do not have permission to delete this comment.' },
  doTransition: { status: 400, message: 'You do not have permission to transition this issue.' },
  linkIssues: { status: 404, message: 'You do not have permission to link issues in this project.' },
  deleteIssueLink: { status: 404, message: 'You do not have permission to link issues in this project.' },
  remoteLink: { status: 403, message: 'You do not have permission to link issues in this project.' },
  setIssueProperty: { status: 403, message: 'You do not have permission to edit issues in this project.' },
  deleteIssueProperty: { status: 404, message: 'You do not have permission to edit issues in this project.' },
  setCommentProperty: { status: 403, message: 'You do not have permission to edit this comment.' },
  deleteCommentProperty: { status: 403, message: 'You do not have permission to edit this comment.' },
} as const satisfies Record<string, { status: number; message: string | ((caller: Caller) => string) }>;

/** Throws the refusal (see {@link REFUSALS}) unless the caller holds `permission`. */
export function demand(ctx: JiraContext, caller: Caller, permission: string, refusal: keyof typeof REFUSALS): void {
  if (callerHas(ctx, caller, permission)) return;
  const { status, message } = REFUSALS[refusal];
  fail(status, [typeof message === 'function' ? message(caller) : message]);
}

function unknownKeys(keys: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of keys) if (!(key in PERMISSIONS)) errors[key] = 'Unrecognized permission';
  return errors;
}

/**
 * GET /rest/api/3/mypermissions —
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
 */
export const getMyPermissions: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const q = req.query;
  const raw = q.get('permissions');
  if (!raw || raw.trim() === '') fail(400, ['The permissions parameter is required.']);
  const keys = raw.split(',').map((k) => k.trim()).filter((k) => k.length > 0);
  const errors = unknownKeys(keys);
  if (Object.keys(errors).length > 0) fail(400, [], errors);
  if (q.get('commentId') && keys.some((k) => k !== 'BROWSE_PROJECTS')) fail(400, ['Only the BROWSE_PROJECTS permission can be checked for a comment.']);
  // The context must exist (issueId wins over issueKey, projectId over projectKey).
  const issueRef = q.get('issueId') ?? q.get('issueKey');
  if (issueRef && !lookupIssue(ctx, issueRef)) fail(404, [ISSUE_OR_PROJECT_NOT_FOUND]);
  const projectRef = q.get('projectId') ?? q.get('projectKey');
  if (projectRef && !ctx.catalog().projects.some((p) => p.id === projectRef || p.key === projectRef)) fail(404, [ISSUE_OR_PROJECT_NOT_FOUND]);
  const permissions: Record<string, unknown> = {};
  for (const key of keys) {
    const p = PERMISSIONS[key];
    if (p) permissions[key] = { id: p.id, key, name: p.name, type: p.type, description: p.description, havePermission: callerHas(ctx, caller, key) };
  }
  return json(200, { permissions });
};

const ISSUE_OR_PROJECT_NOT_FOUND = 'No project could be found with the given key or id, or issue does not exist or you do not have permission to see it.';

/**
 * Ids are int64 in the document, but `authorize().onJiraIssue(id)` passes whatever it is given — usually the
 * string id from the Forge context — and Jira's JSON binding coerces numeric strings, so both are accepted.
 */
const Id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const BulkRequest = z.object({
  accountId: z.string().optional(),
  globalPermissions: z.array(z.string()).optional(),
  projectPermissions: z.array(z.object({ permissions: z.array(z.string()), projects: z.array(Id).optional(), issues: z.array(Id).optional() })).optional(),
});

/**
 * POST /rest/api/3/permissions/check — what `authorize()` from `@forge/api` calls.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-permissions-check-post
 *
 * Answers, per requested permission, the subset of the requested issue and project ids the account holds it on.
 * `authorize()` compares that subset with what it asked for, so unknown ids are simply left out, as Jira does.
 */
export const getBulkPermissions: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const parsed = BulkRequest.safeParse(req.body ?? {});
  if (!parsed.success) fail(400, [`Invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`]);
  const body = parsed.data;
  const accountId = body.accountId ?? caller.accountId;
  // Checking somebody else needs Administer Jira; only the app holds it here.
  if (accountId !== caller.accountId && !callerHas(ctx, caller, 'ADMINISTER')) fail(403, ['Only Jira administrators can perform this operation.']);
  if (!findUser(ctx, accountId)) fail(400, [`The account ID '${accountId}' is invalid.`]);
  const requested = [...(body.globalPermissions ?? []), ...(body.projectPermissions ?? []).flatMap((p) => p.permissions)];
  const errors = unknownKeys(requested);
  if (Object.keys(errors).length > 0) fail(400, [], errors);
  if ((body.projectPermissions ?? []).some((p) => p.permissions.length === 0)) fail(400, ['At least one project permission is required.']);

  const projectIds = new Set(ctx.catalog().projects.map((p) => Number(p.id)));
  const issuesById = new Map<number, StoredIssue>(allIssues(ctx).map((i) => [Number(i.id), i]));
  const grants = new Map<string, { issues: Set<number>; projects: Set<number> }>();
  for (const group of body.projectPermissions ?? []) {
    for (const permission of group.permissions) {
      const grant = grants.get(permission) ?? { issues: new Set<number>(), projects: new Set<number>() };
      grants.set(permission, grant);
      if (!accountHas(ctx, accountId, permission)) continue;
      for (const id of group.issues ?? []) if (issuesById.has(id)) grant.issues.add(id);
      for (const id of group.projects ?? []) if (projectIds.has(id)) grant.projects.add(id);
    }
  }
  return json(200, {
    globalPermissions: [...new Set(body.globalPermissions ?? [])].filter((p) => PERMISSIONS[p]?.type === 'GLOBAL' && accountHas(ctx, accountId, p)),
    projectPermissions: [...grants].map(([permission, g]) => ({ permission, issues: [...g.issues], projects: [...g.projects] })),
  });
};
