import { allIssues, fail, formatJiraDateTime, json, listParam, requireCaller, type Handler, type JiraContext } from './context';
import { FIELDS } from './issue-view';
import type { ProjectConfig } from './model';
import { callerHas } from './permissions';
import {
  findIssueType,
  issueTypeJson,
  priorityJson,
  projectAvatarUrls,
  resolutionJson,
  statusCategoryJson,
  statusJson,
} from './representations';
import { findUser, userDetails } from './users';

/** Read-only catalogue endpoints: project, issue types, priorities, statuses, resolutions, fields, server info. */

function projectOr404(ctx: JiraContext, ref: string | undefined | null): ProjectConfig {
  const project = ctx.catalog().projects.find((p) => p.id === ref || p.key === ref);
  if (!project) fail(404, [`No project could be found with key '${ref ?? ''}'.`]);
  return project;
}

/** GET /rest/api/3/project/{projectIdOrKey} — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-get */
export const getProject: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const project = projectOr404(ctx, req.pathParams['projectIdOrKey']);
  const expand = listParam(req.query, 'expand') ?? [];
  const lead = findUser(ctx, project.leadAccountId);
  const issues = allIssues(ctx).filter((i) => i.projectId === project.id);
  const body: Record<string, unknown> = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: ctx.url(`/rest/api/3/project/${project.id}`),
    id: project.id,
    key: project.key,
    description: project.description,
    ...(lead ? { lead: userDetails(ctx, lead) } : {}),
    components: [],
    issueTypes: project.issueTypeIds.map((id) => findIssueType(ctx, { id })).filter((t) => t !== undefined).map((t) => issueTypeJson(ctx, t)),
    assigneeType: 'UNASSIGNED',
    versions: [],
    name: project.name,
    roles: {},
    avatarUrls: projectAvatarUrls(ctx, project),
    projectTypeKey: 'software',
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
  if (expand.includes('permissions')) body['permissions'] = { canEdit: callerHas(ctx, caller, 'ADMINISTER_PROJECTS') };
  if (expand.includes('insight')) {
    const last = issues.reduce((max, i) => Math.max(max, i.updated), 0);
    body['insight'] = { totalIssueCount: issues.length, ...(last > 0 ? { lastIssueUpdateTime: formatJiraDateTime(last) } : {}) };
  }
  return json(200, body);
};

/**
 * GET /rest/api/3/issuetype — all issue types the caller can see.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-types/#api-rest-api-3-issuetype-get
 */
export const getIssueAllTypes: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  return json(200, ctx.catalog().issueTypes.map((t) => issueTypeJson(ctx, t)));
};

/**
 * GET /rest/api/3/issuetype/project?projectId=
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-types/#api-rest-api-3-issuetype-project-get
 */
export const getIssueTypesForProject: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const project = projectOr404(ctx, req.query.get('projectId'));
  const level = req.query.get('level');
  return json(
    200,
    project.issueTypeIds
      .map((id) => findIssueType(ctx, { id }))
      .filter((t) => t !== undefined && (level === null || t.hierarchyLevel === Number(level)))
      .map((t) => issueTypeJson(ctx, t!)),
  );
};

/**
 * GET /rest/api/3/issuetype/{id}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-types/#api-rest-api-3-issuetype-id-get
 */
export const getIssueType: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const id = req.pathParams['id'] ?? '';
  if (!/^\d+$/.test(id)) fail(400, [`The issue type ID '${id}' is invalid.`]);
  const t = findIssueType(ctx, { id });
  if (!t) fail(404, [`The issue type with id '${id}' does not exist.`]);
  return json(200, issueTypeJson(ctx, t));
};

/**
 * GET /rest/api/3/priority (deprecated by Atlassian in favour of priority/search, still served).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-priorities/#api-rest-api-3-priority-get
 */
export const getPriorities: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  return json(200, ctx.catalog().priorities.map((p) => priorityJson(ctx, p)));
};

/**
 * GET /rest/api/3/priority/{id}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-priorities/#api-rest-api-3-priority-id-get
 */
export const getPriority: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const p = ctx.catalog().priorities.find((x) => x.id === req.pathParams['id']);
  if (!p) fail(404, [`The priority with ID '${req.pathParams['id'] ?? ''}' does not exist.`]);
  return json(200, priorityJson(ctx, p));
};

/**
 * GET /rest/api/3/status
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-workflow-statuses/#api-rest-api-3-status-get
 */
export const getStatuses: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  return json(200, ctx.catalog().statuses.map((s) => statusJson(ctx, s)));
};

/**
 * GET /rest/api/3/status/{idOrName}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-workflow-statuses/#api-rest-api-3-status-idorname-get
 */
export const getStatus: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const ref = req.pathParams['idOrName'] ?? '';
  const s = ctx.catalog().statuses.find((x) => x.id === ref || x.name.toLowerCase() === ref.toLowerCase());
  if (!s) fail(404, [`The status with ID or name '${ref}' does not exist.`]);
  return json(200, statusJson(ctx, s));
};

/**
 * GET /rest/api/3/project/{projectIdOrKey}/statuses — statuses per issue type (one workflow for all).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-statuses-get
 */
export const getAllStatuses: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const project = projectOr404(ctx, req.pathParams['projectIdOrKey']);
  const statuses = ctx.catalog().statuses.map((s) => statusJson(ctx, s));
  return json(
    200,
    project.issueTypeIds
      .map((id) => findIssueType(ctx, { id }))
      .filter((t) => t !== undefined)
      .map((t) => ({ self: ctx.url(`/rest/api/3/issueType/${t.id}`), id: t.id, name: t.name, subtask: false, statuses })),
  );
};

/**
 * GET /rest/api/3/statuscategory
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-workflow-status-categories/#api-rest-api-3-statuscategory-get
 */
export const getStatusCategories: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  return json(200, ctx.catalog().statusCategories.map((c) => statusCategoryJson(ctx, c)));
};

/**
 * GET /rest/api/3/resolution
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-resolutions/#api-rest-api-3-resolution-get
 */
export const getResolutions: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  return json(200, ctx.catalog().resolutions.map((r) => resolutionJson(ctx, r)));
};

/**
 * GET /rest/api/3/field — the system fields the emulator knows (no custom fields exist).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/#api-rest-api-3-field-get
 */
export const getFields: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const clauseNames: Record<string, string[]> = { issuetype: ['issuetype', 'type'], comment: ['comment'], summary: ['summary'], description: ['description'] };
  return json(
    200,
    Object.entries(FIELDS).map(([id, f]) => ({
      id,
      key: id,
      name: f.name,
      custom: false,
      orderable: !['created', 'updated', 'creator', 'resolutiondate', 'statuscategorychangedate', 'lastViewed', 'workratio', 'votes', 'watches', 'status', 'subtasks'].includes(id),
      navigable: f.navigable,
      searchable: true,
      clauseNames: clauseNames[id] ?? [id],
      schema: f.schema,
    })),
  );
};

/**
 * GET /rest/api/3/serverInfo
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-server-info/#api-rest-api-3-serverinfo-get
 */
export const getServerInfo: Handler = (ctx) =>
  json(200, {
    baseUrl: ctx.site.baseUrl,
    displayUrl: ctx.site.baseUrl,
    version: '1001.0.0-SNAPSHOT',
    versionNumbers: [1001, 0, 0],
    deploymentType: 'Cloud',
    buildNumber: 100290,
    buildDate: '2026-11-01T00:00:00.000+0000',
    serverTime: formatJiraDateTime(ctx.now().getTime()),
    scmInfo: 'sandbox',
    serverTitle: 'Jira (Kaizen sandbox)',
  });
