/**
 * {@link LibraryPagesAsUser}: Confluence asked AS THE CALLING USER (`api.asUser()`) for the postmortem library
 * (DESIGN 4: the library's rows come from the app's SQL, so what the person may see and change is what Confluence
 * answers them, not what the app may). Labels are written as the person too: Confluence itself refuses a person who
 * may not edit the page.
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import type { LibraryPagesAsUser } from '../usecases/library/library-ports';
import { pageAccess } from './confluence-page-access';
import { JSON_HEADERS, userAccess } from './user-access';

/** v2 `GET /wiki/api/v2/pages` takes at most 250 ids and answers at most 250 pages. */
const MAX_IDS = 250;
const PagesSchema = z.object({ results: z.array(z.object({ id: z.string() })) });
/** v1 `LabelArray`: the labels a content has (answered by adding or listing them). */
export const LabelArraySchema = z.object({ results: z.array(z.object({ name: z.string() })) });
const UserSchema = z.object({ displayName: z.string().optional(), publicName: z.string().optional() });

async function failure(res: { status: number; text(): Promise<string> }, what: string): Promise<Error> {
  const body = await res.text().catch(() => '');
  return new Error(`${what} as the user failed with ${res.status}: ${body.slice(0, 300)}`);
}

export const libraryPagesAsUser: LibraryPagesAsUser = {
  /**
   * One request: `GET /wiki/api/v2/pages?id=<ids>&limit=250` as the user lists only the pages the user may view
   * (restricted pages and drafts of others are left out, as the cloud does).
   * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-get
   */
  async readable(pageIds) {
    const ids = [...new Set(pageIds)].filter((id) => /^\d+$/.test(id));
    if (ids.length === 0) return new Set();
    if (ids.length > MAX_IDS) throw new Error(`readable: at most ${MAX_IDS} page ids at once`);
    const res = await api.asUser().requestConfluence(route`/wiki/api/v2/pages?id=${ids.join(',')}&limit=${MAX_IDS}`, JSON_HEADERS);
    if (!res.ok) throw await failure(res, 'Listing the library pages');
    return new Set(PagesSchema.parse(await res.json()).results.map((p) => p.id));
  },
  // the read and edit checks every other feature makes as the user (user-access.ts, confluence-page-access.ts)
  canRead: (pageId) => userAccess.canReadPage(pageId),
  canEdit: (pageId) => pageAccess.canEditPage(pageId),
  /**
   * `POST /wiki/rest/api/content/{id}/label` with `[{prefix: global, name}]` as the user (v2 has no label writes);
   * adding a label the page has is harmless; the answer lists the page's labels.
   * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-labels/#api-wiki-rest-api-content-id-label-post
   */
  async addLabel(pageId, label) {
    const res = await api.asUser().requestConfluence(route`/wiki/rest/api/content/${pageId}/label`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify([{ prefix: 'global', name: label }]),
    });
    if (!res.ok) throw await failure(res, 'Adding the label');
    return LabelArraySchema.parse(await res.json()).results.map((l) => l.name);
  },
  /**
   * `DELETE /wiki/rest/api/content/{id}/label?name=` as the user (the query form: a label name may not sit in a path),
   * then the page's labels (`GET /wiki/api/v2/pages/{id}/labels`). A label already gone is not an error.
   * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-labels/#api-wiki-rest-api-content-id-label-delete
   */
  async removeLabel(pageId, label) {
    const res = await api.asUser().requestConfluence(route`/wiki/rest/api/content/${pageId}/label?name=${label}`, { method: 'DELETE' });
    if (!res.ok && res.status !== 404) throw await failure(res, 'Removing the label');
    const after = await api.asUser().requestConfluence(route`/wiki/api/v2/pages/${pageId}/labels?limit=${250}`, JSON_HEADERS);
    if (!after.ok) throw await failure(after, 'Reading the labels');
    return LabelArraySchema.parse(await after.json()).results.map((l) => l.name);
  },
  /** `GET /wiki/rest/api/user?accountId=` as the user. https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-get */
  async displayName(accountId) {
    const res = await api.asUser().requestConfluence(route`/wiki/rest/api/user?accountId=${accountId}`, JSON_HEADERS);
    if (!res.ok) return undefined;
    const user = UserSchema.parse(await res.json());
    return user.displayName ?? user.publicName;
  },
};
