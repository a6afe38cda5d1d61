/**
 * {@link UserAccess}: what the calling user may do, asked AS THE USER (`asUser()`, `authorize()`), for resolvers
 * (DESIGN 4). https://developer.atlassian.com/platform/forge/runtime-reference/authorize-api/
 */
import api, { authorize, route } from '@forge/api';
import { z } from 'zod';
import type { UserAccess } from '../usecases/ui-ports';

export const JSON_HEADERS = { headers: { Accept: 'application/json' } };
const MyPermissionsSchema = z.object({ permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })) });
const MyselfSchema = z.object({ accountId: z.string(), displayName: z.string() });
const IssueSummarySchema = z.object({ key: z.string(), fields: z.object({ summary: z.string(), assignee: z.object({ accountId: z.string() }).nullish() }) });

async function hasMyPermission(query: ReturnType<typeof route>, permission: string): Promise<boolean> {
  const res = await api.asUser().requestJira(query, JSON_HEADERS);
  if (!res.ok) return false;
  return MyPermissionsSchema.parse(await res.json()).permissions[permission]?.havePermission === true;
}

/** {@link UserAccess} with the calling user's credentials (`asUser()`, `authorize()`). */
export const userAccess: UserAccess = {
  async canViewIssue(issueId) {
    // 404 "Issue does not exist or you do not have permission to see it" is answered, not thrown (§6.4)
    return (await api.asUser().requestJira(route`/rest/api/3/issue/${issueId}?fields=${'summary'}`, JSON_HEADERS)).ok;
  },
  async canEditIssue(issueId) {
    // ids are int64 in the REST document; a numeric string is refused by a validating server, so send a number
    const canEdit = authorize().onJiraIssue(Number(issueId))['canEdit'];
    // the SDK types the answer `boolean | object`; only `true` means allowed
    return canEdit ? (await canEdit()) === true : false;
  },
  async issueAsSeen(issueId) {
    const res = await api.asUser().requestJira(route`/rest/api/3/issue/${issueId}?fields=${'summary,assignee'}`, JSON_HEADERS);
    if (!res.ok) return undefined;
    const issue = IssueSummarySchema.parse(await res.json());
    return { key: issue.key, summary: issue.fields.summary, ...(issue.fields.assignee ? { assigneeAccountId: issue.fields.assignee.accountId } : {}) };
  },
  canAssignIssues: (where) =>
    'issueId' in where
      ? hasMyPermission(route`/rest/api/3/mypermissions?issueId=${where.issueId}&permissions=${'ASSIGN_ISSUES'}`, 'ASSIGN_ISSUES')
      : hasMyPermission(route`/rest/api/3/mypermissions?projectKey=${where.projectKey}&permissions=${'ASSIGN_ISSUES'}`, 'ASSIGN_ISSUES'),
  canCreateIssues: (projectKey) => hasMyPermission(route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=${'CREATE_ISSUES'}`, 'CREATE_ISSUES'),
  canBrowseProject: (projectKey) => hasMyPermission(route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=${'BROWSE_PROJECTS'}`, 'BROWSE_PROJECTS'),
  isJiraAdmin: () => hasMyPermission(route`/rest/api/3/mypermissions?permissions=${'ADMINISTER'}`, 'ADMINISTER'),
  async canReadPage(pageId) {
    // Viewing the page as the user is the read check, with the scope the app already has (read:page:confluence).
    // authorize().onConfluenceContent(id).canRead() would need read:confluence-content.permission as well, and
    // @forge/auth sends its path without the `/wiki` prefix, which the sandbox's Confluence does not route.
    return (await api.asUser().requestConfluence(route`/wiki/api/v2/pages/${pageId}`, JSON_HEADERS)).ok;
  },
  async me() {
    const res = await api.asUser().requestJira(route`/rest/api/3/myself`, JSON_HEADERS);
    if (!res.ok) throw new Error(`Reading the calling user failed with ${res.status}`);
    return MyselfSchema.parse(await res.json());
  },
};
