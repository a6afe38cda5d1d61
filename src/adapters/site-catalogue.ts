/**
 * {@link SiteCatalogue}: what the site has, asked AS THE CALLING USER (`api.asUser()`), for the admin page's pickers
 * and the checks a settings save makes (DESIGN 4: the admin is offered, and may name, only what they can see).
 * Every answer is parsed (house style 4); a 404 means "none that you can see".
 */
import api, { route, type Route } from '@forge/api';
import { z } from 'zod';
import type { SiteCatalogue } from '../usecases/admin/admin-ports';
import { JSON_HEADERS } from './user-access';

/** Bounds on what a picker lists (first page only: the admin narrows with the search box). */
const PROJECTS_MAX = 100;
const SPACES_MAX = 250;
const PAGES_MAX = 25;

const ProjectSearchSchema = z.object({ values: z.array(z.object({ key: z.string(), name: z.string() })) });
const ProjectSchema = z.object({ key: z.string(), name: z.string(), issueTypes: z.array(z.object({ id: z.string(), name: z.string() })).default([]) });
const PrioritySearchSchema = z.object({ values: z.array(z.object({ id: z.string(), name: z.string() })) });
const SpacesSchema = z.object({ results: z.array(z.object({ id: z.coerce.string(), key: z.string(), name: z.string() })) });
const SearchSchema = z.object({ results: z.array(z.object({ title: z.string(), content: z.object({ id: z.coerce.string(), type: z.string() }).optional() })) });
const PageSchema = z.object({ id: z.coerce.string(), title: z.string(), spaceId: z.coerce.string() });

export class SiteReadError extends Error {
  constructor(path: string, status: number) {
    super(`Reading ${path} as the user answered ${status}`);
    this.name = 'SiteReadError';
  }
}

async function read<T extends z.ZodType>(product: 'jira' | 'confluence', path: Route, schema: T): Promise<z.infer<T> | undefined> {
  const user = api.asUser();
  const res = product === 'jira' ? await user.requestJira(path, JSON_HEADERS) : await user.requestConfluence(path, JSON_HEADERS);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new SiteReadError(path.value, res.status);
  return schema.parse(await res.json());
}

/** A CQL string literal: backslash and double quote escaped (https://developer.atlassian.com/cloud/confluence/advanced-searching-using-cql/). */
const cqlString = (text: string): string => `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;

export const siteCatalogue: SiteCatalogue = {
  async projects() {
    const page = await read('jira', route`/rest/api/3/project/search?maxResults=${PROJECTS_MAX}&orderBy=${'name'}`, ProjectSearchSchema);
    return (page?.values ?? []).map(({ key, name }) => ({ key, name }));
  },
  async project(key) {
    const project = await read('jira', route`/rest/api/3/project/${key}`, ProjectSchema);
    return project && { key: project.key, name: project.name, issueTypes: project.issueTypes.map(({ id, name }) => ({ id, name })) };
  },
  async priorities() {
    const page = await read('jira', route`/rest/api/3/priority/search?maxResults=${100}`, PrioritySearchSchema);
    return (page?.values ?? []).map(({ id, name }) => ({ id, name }));
  },
  async spaces() {
    const list = await read('confluence', route`/wiki/api/v2/spaces?status=${'current'}&sort=${'name'}&limit=${SPACES_MAX}`, SpacesSchema);
    return list?.results ?? [];
  },
  async space(key) {
    const list = await read('confluence', route`/wiki/api/v2/spaces?keys=${key}`, SpacesSchema);
    return list?.results.find((s) => s.key === key);
  },
  async pages(spaceKey, query) {
    // v2 matches titles exactly only; CQL's `title ~` is the title search (alert text never reaches this query)
    const cql = `space = ${cqlString(spaceKey)} AND type = page${query ? ` AND title ~ ${cqlString(query)}` : ''} ORDER BY title`;
    const found = await read('confluence', route`/wiki/rest/api/search?cql=${cql}&limit=${PAGES_MAX}`, SearchSchema);
    return (found?.results ?? []).flatMap((r) => (r.content && r.content.type === 'page' ? [{ id: r.content.id, title: r.title }] : []));
  },
  async page(id) {
    const page = await read('confluence', route`/wiki/api/v2/pages/${id}`, PageSchema);
    return page && { id: page.id, title: page.title, spaceId: page.spaceId };
  },
};
