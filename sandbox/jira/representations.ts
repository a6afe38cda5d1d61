import type { JiraContext } from './context';
import type { IssueTypeConfig, LinkTypeConfig, PriorityConfig, ProjectConfig, ResolutionConfig, StatusConfig, StatusCategoryConfig } from './model';

/**
 * JSON shapes of the catalogue's entities, as Jira embeds them in issues and lists them in their own endpoints.
 * Several of the documented schemas forbid extra properties (`IssueTypeDetails`, `IssueLinkType`,
 * `Resolution`), so these builders emit exactly the documented keys.
 */

/** Schema `IssueTypeDetails`. */
export function issueTypeJson(ctx: JiraContext, t: IssueTypeConfig): Record<string, unknown> {
  return {
    self: ctx.url(`/rest/api/3/issuetype/${t.id}`),
    id: t.id,
    description: t.description,
    iconUrl: ctx.url(`/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.avatarId}?size=medium`),
    name: t.name,
    subtask: false,
    avatarId: t.avatarId,
    hierarchyLevel: t.hierarchyLevel,
  };
}

/** Schema `StatusCategory`. */
export function statusCategoryJson(ctx: JiraContext, c: StatusCategoryConfig): Record<string, unknown> {
  return { self: ctx.url(`/rest/api/3/statuscategory/${c.id}`), id: c.id, key: c.key, colorName: c.colorName, name: c.name };
}

/** Schema `StatusDetails`. */
export function statusJson(ctx: JiraContext, s: StatusConfig): Record<string, unknown> {
  const category = ctx.catalog().statusCategories.find((c) => c.id === s.categoryId);
  return {
    self: ctx.url(`/rest/api/3/status/${s.id}`),
    description: s.description,
    iconUrl: ctx.url(`/images/icons/statuses/${s.icon}`),
    name: s.name,
    id: s.id,
    ...(category ? { statusCategory: statusCategoryJson(ctx, category) } : {}),
  };
}

/** Schema `Priority`. */
export function priorityJson(ctx: JiraContext, p: PriorityConfig): Record<string, unknown> {
  return {
    self: ctx.url(`/rest/api/3/priority/${p.id}`),
    statusColor: p.statusColor,
    description: p.description,
    iconUrl: ctx.url(`/images/icons/priorities/${p.icon}`),
    name: p.name,
    id: p.id,
    isDefault: p.isDefault,
  };
}

/** Schema `Resolution`. */
export function resolutionJson(ctx: JiraContext, r: ResolutionConfig): Record<string, unknown> {
  return { self: ctx.url(`/rest/api/3/resolution/${r.id}`), id: r.id, description: r.description, name: r.name };
}

/** Schema `IssueLinkType`. */
export function linkTypeJson(ctx: JiraContext, t: LinkTypeConfig): Record<string, unknown> {
  return { id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: ctx.url(`/rest/api/3/issueLinkType/${t.id}`) };
}

export function projectAvatarUrls(ctx: JiraContext, p: ProjectConfig): Record<string, string> {
  const sizes: Array<[string, string]> = [['16x16', 'xsmall'], ['24x24', 'small'], ['32x32', 'medium'], ['48x48', 'large']];
  return Object.fromEntries(sizes.map(([k, size]) => [k, ctx.url(`/secure/projectavatar?size=${size}&pid=${p.id}`)]));
}

/** The project as embedded in an issue's `project` field. */
export function projectRefJson(ctx: JiraContext, p: ProjectConfig): Record<string, unknown> {
  return {
    self: ctx.url(`/rest/api/3/project/${p.id}`),
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: 'software',
    simplified: false,
    avatarUrls: projectAvatarUrls(ctx, p),
  };
}

// ---- catalogue lookups (by id, or by name where Jira accepts one) ------------------------------------

const byIdOrName = <T extends { id: string; name: string }>(items: readonly T[], ref: { id?: unknown; name?: unknown }): T | undefined => {
  if (ref.id !== undefined) {
    const id = String(ref.id);
    return items.find((i) => i.id === id);
  }
  const name = ref.name;
  if (typeof name === 'string') return items.find((i) => i.name.toLowerCase() === name.toLowerCase());
  return undefined;
};

export const findIssueType = (ctx: JiraContext, ref: { id?: unknown; name?: unknown }) => byIdOrName(ctx.catalog().issueTypes, ref);
export const findPriority = (ctx: JiraContext, ref: { id?: unknown; name?: unknown }) => byIdOrName(ctx.catalog().priorities, ref);
export const findResolution = (ctx: JiraContext, ref: { id?: unknown; name?: unknown }) => byIdOrName(ctx.catalog().resolutions, ref);
export const findLinkType = (ctx: JiraContext, ref: { id?: unknown; name?: unknown }) => byIdOrName(ctx.catalog().linkTypes, ref);

export function findStatus(ctx: JiraContext, id: string): StatusConfig {
  const status = ctx.catalog().statuses.find((s) => s.id === id);
  if (!status) throw new Error(`unknown status ${id}`);
  return status;
}

export function findProject(ctx: JiraContext, ref: { id?: unknown; key?: unknown }): ProjectConfig | undefined {
  const projects = ctx.catalog().projects;
  if (ref.id !== undefined) {
    const id = String(ref.id);
    return projects.find((p) => p.id === id);
  }
  const key = ref.key;
  if (typeof key === 'string') return projects.find((p) => p.key === key);
  return undefined;
}

export function projectOf(ctx: JiraContext, projectId: string): ProjectConfig {
  const project = ctx.catalog().projects.find((p) => p.id === projectId);
  if (!project) throw new Error(`unknown project ${projectId}`);
  return project;
}

export function statusCategoryOf(ctx: JiraContext, statusId: string): StatusCategoryConfig {
  const status = findStatus(ctx, statusId);
  const category = ctx.catalog().statusCategories.find((c) => c.id === status.categoryId);
  if (!category) throw new Error(`unknown status category ${status.categoryId}`);
  return category;
}
