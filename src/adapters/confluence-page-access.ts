/**
 * {@link PageAccess}: what the calling user may do with a Confluence page, asked AS THE USER (`asUser()`, DESIGN 4),
 * through the v2 API's `include-operations` (the operations the caller may perform), with the scopes the app has
 * already (read:page:confluence, read:space:confluence).
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import type { PageAccess } from '../usecases/reading-sessions/reading-session-ports';
import { JSON_HEADERS } from './user-access';

const OperationsSchema = z.object({ results: z.array(z.object({ operation: z.string(), targetType: z.string() })) }).optional();
const PageSchema = z.object({ spaceId: z.string(), operations: OperationsSchema });
const SpaceSchema = z.object({ key: z.string(), operations: OperationsSchema });

const can = (ops: z.infer<typeof OperationsSchema>, operation: string, targetType: string): boolean => ops?.results.some((o) => o.operation === operation && o.targetType === targetType) ?? false;

async function pageAsUser(pageId: string, withOperations: boolean): Promise<z.infer<typeof PageSchema> | undefined> {
  const res = withOperations
    ? await api.asUser().requestConfluence(route`/wiki/api/v2/pages/${pageId}?include-operations=${'true'}`, JSON_HEADERS)
    : await api.asUser().requestConfluence(route`/wiki/api/v2/pages/${pageId}`, JSON_HEADERS);
  // 404 for a page the user may not see (Confluence does not reveal it exists)
  if (!res.ok) return undefined;
  return PageSchema.parse(await res.json());
}

export const pageAccess: PageAccess = {
  async spaceOfPage(pageId) {
    const page = await pageAsUser(pageId, false);
    if (!page) return undefined;
    const res = await api.asUser().requestConfluence(route`/wiki/api/v2/spaces/${page.spaceId}?include-operations=${'true'}`, JSON_HEADERS);
    if (!res.ok) return undefined;
    const space = SpaceSchema.parse(await res.json());
    // "create page" in the space: `{operation: 'create', targetType: 'page'}`
    return { spaceKey: space.key, canCreatePage: can(space.operations, 'create', 'page') };
  },
  async canEditPage(pageId) {
    const page = await pageAsUser(pageId, true);
    return page ? can(page.operations, 'update', 'page') : false;
  },
};
