/**
 * Jira users by account id (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/):
 *
 * - {@link jiraUserNamesAsApp}: the name of the person behind a Jira issue event, asked AS THE APP (an event has no
 *   calling user);
 * - {@link jiraPeopleAsUser}: whether the people a person names in the incident's roles are active Jira users, asked
 *   AS THE CALLING USER (DESIGN 4: they learn nothing about accounts they could not look up themselves).
 *
 * Every answer is parsed (house style 4).
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import type { PeopleDirectory } from '../usecases/incident-actions';
import type { JiraUserNames } from '../usecases/sync-from-jira';
import { ProductRequestError } from './product-errors';
import { JSON_HEADERS } from './user-access';

const UserSchema = z.object({ accountId: z.string(), displayName: z.string() }).passthrough();

/** Schema `PageBeanUser`, only what is read: each user's id, whether the account is active, and what kind it is. */
const UserPageSchema = z.object({ values: z.array(z.object({ accountId: z.string(), active: z.boolean(), accountType: z.string().optional() }).passthrough()) }).passthrough();

/** {@link JiraUserNames} as the app: `GET /rest/api/3/user?accountId=` (undefined when Jira does not answer 200). */
export const jiraUserNamesAsApp: JiraUserNames = {
  async displayNameOf(accountId) {
    const res = await api.asApp().requestJira(route`/rest/api/3/user?accountId=${accountId}`, JSON_HEADERS);
    if (!res.ok) return undefined;
    const user = UserSchema.safeParse(await res.json());
    return user.success ? user.data.displayName : undefined;
  },
};

/**
 * {@link PeopleDirectory} as the calling user: ONE `GET /rest/api/3/user/bulk?accountId=…&accountId=…` for all the
 * ids (at most the three single roles and RESPONDERS_MAX responders), with `maxResults` set to their number since
 * Jira's default page is 10. Jira leaves an account it does not know out of `values`; only an active person's
 * account (`accountType` atlassian — not an app, not a service-desk customer) counts.
 */
export const jiraPeopleAsUser: PeopleDirectory = {
  async activeAccountIds(accountIds) {
    const ids = [...new Set(accountIds)];
    if (ids.length === 0) return new Set();
    const query = new URLSearchParams({ maxResults: String(ids.length) });
    for (const id of ids) query.append('accountId', id);
    const path = route`/rest/api/3/user/bulk?${query}`;
    const res = await api.asUser().requestJira(path, JSON_HEADERS);
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) throw new ProductRequestError({ product: 'jira', method: 'GET', path: path.value, status: res.status, body });
    const page = UserPageSchema.parse(body);
    return new Set(page.values.filter((u) => u.active && (u.accountType ?? 'atlassian') === 'atlassian').map((u) => u.accountId));
  },
};
