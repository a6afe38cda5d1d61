import { fail, intParam, json, listParam, requireCaller, type Handler, type JiraContext } from './context';
import type { ProjectConfig } from './model';
import { callerHas } from './permissions';
import { priorityJson, projectAvatarUrls } from './representations';

/** The paged searches the admin page picks from: projects the caller can see, and priorities. */

/** A `PageBean*` answer for `values` (startAt / maxResults as Jira pages them, `nextPage` when there is more). */
function pageBean(ctx: JiraContext, path: string, query: URLSearchParams, all: unknown[], maxCap: number): Record<string, unknown> {
  const startAt = intParam(query, 'startAt', 0);
  const maxResults = intParam(query, 'maxResults', 50);
  if (startAt < 0) fail(400, ["The 'startAt' parameter must be 0 or more."]);
  if (maxResults < 0 || maxResults > maxCap) fail(400, [`The 'maxResults' parameter must be between 0 and ${maxCap}.`]);
  const values = all.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= all.length;
  const at = (n: number): string => {
    const q = new URLSearchParams(query);
    q.set('startAt', String(n));
    q.set('maxResults', String(maxResults));
    return ctx.url(`${path}?${q.toString()}`);
  };
  return { self: at(startAt), ...(isLast ? {} : { nextPage: at(startAt + maxResults) }), maxResults, startAt, total: all.length, isLast, values };
}

const PROJECT_ORDER: Record<string, (p: ProjectConfig) => string> = { key: (p) => p.key, name: (p) => p.name.toLowerCase() };

/**
 * GET /rest/api/3/project/search — the projects the caller may browse (`action=view`, the default), filtered by
 * `query` (key or name, case-insensitive substring) and `keys`, ordered by key or name.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-search-get
 */
export const searchProjects: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const q = req.query;
  const text = q.get('query')?.toLowerCase();
  const keys = listParam(q, 'keys');
  const action = q.get('action') ?? 'view';
  const needed = action === 'edit' ? 'ADMINISTER_PROJECTS' : action === 'create' ? 'CREATE_ISSUES' : 'BROWSE_PROJECTS';
  const orderBy = q.get('orderBy') ?? 'key';
  const descending = orderBy.startsWith('-');
  const order = PROJECT_ORDER[orderBy.replace(/^[-+]/, '')];
  if (!order) fail(400, [`The sandbox orders projects by key or name only, not '${orderBy}'.`]);
  const projects = ctx
    .catalog()
    .projects.filter((p) => callerHas(ctx, caller, needed))
    .filter((p) => !text || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text))
    .filter((p) => !keys || keys.includes(p.key))
    .sort((a, b) => order(a).localeCompare(order(b)) * (descending ? -1 : 1))
    .map((p) => ({
      self: ctx.url(`/rest/api/3/project/${p.id}`),
      id: p.id,
      key: p.key,
      name: p.name,
      avatarUrls: projectAvatarUrls(ctx, p),
      projectTypeKey: 'software',
      simplified: false,
      style: 'classic',
      isPrivate: false,
      properties: {},
    }));
  return json(200, pageBean(ctx, req.path, q, projects, 100));
};

/**
 * GET /rest/api/3/priority/search — the priorities (by `id`, `priorityName` substring, `onlyDefault`); the
 * replacement of the deprecated GET /rest/api/3/priority.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-priorities/#api-rest-api-3-priority-search-get
 */
export const searchPriorities: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const q = req.query;
  const ids = listParam(q, 'id');
  const name = q.get('priorityName')?.toLowerCase();
  const onlyDefault = q.get('onlyDefault') === 'true';
  const priorities = ctx
    .catalog()
    .priorities.filter((p) => (!ids || ids.includes(p.id)) && (!name || p.name.toLowerCase().includes(name)) && (!onlyDefault || p.isDefault))
    .map((p) => priorityJson(ctx, p));
  return json(200, pageBean(ctx, req.path, q, priorities, 1000));
};
