/**
 * Display names of the roles' accounts, asked of Confluence AS THE USER from the browser (`requestConfluence`, so
 * Confluence answers with what this user may see). Unknown or unavailable: the account id is shown instead.
 * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-get
 */
import { requestConfluence } from '@forge/bridge';
import * as z from 'zod/mini';

const UserSchema = z.object({ accountId: z.string(), displayName: z.optional(z.string()) });
const names = new Map<string, Promise<string | undefined>>();

/** The display name of an account, cached per view; `undefined` when Confluence does not name it. */
export function displayNameOf(accountId: string): Promise<string | undefined> {
  let known = names.get(accountId);
  if (!known) {
    known = requestConfluence(`/wiki/rest/api/user?accountId=${encodeURIComponent(accountId)}`, { headers: { Accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok) return undefined;
        const parsed = UserSchema.safeParse(await res.json());
        return parsed.success ? parsed.data.displayName : undefined;
      })
      .catch(() => undefined);
    names.set(accountId, known);
  }
  return known;
}
