/**
 * People, asked of Jira AS THE USER from the browser (`requestJira` through the host, so Jira answers with what the
 * viewer may see): search for a role picker, and display names for the account ids the incident holds.
 * Search tries the user picker, then user search; when the site serves neither (the sandbox today), the picker
 * falls back to typing an account id. Answers are parsed, never cast (house style 4).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/
 */
import { requestJira } from '@forge/bridge';
import * as z from 'zod/mini';

export interface Person {
  accountId: string;
  displayName: string;
  avatarUrl?: string | undefined;
}

/** `found`: the people Jira matched; `unavailable`: this site serves no people search to the app. */
export type SearchResult = { kind: 'found'; people: Person[] } | { kind: 'unavailable' } | { kind: 'failed' };

const PickerSchema = z.object({ users: z.array(z.object({ accountId: z.string(), displayName: z.optional(z.string()), avatarUrl: z.optional(z.string()) })) });
const SearchUserSchema = z.object({ accountId: z.string(), displayName: z.optional(z.string()), accountType: z.optional(z.string()), active: z.optional(z.boolean()), avatarUrls: z.optional(z.record(z.string(), z.string())) });
const UserSchema = z.object({ accountId: z.string(), displayName: z.optional(z.string()) });

const MAX_RESULTS = 8;
/** A path the site does not serve: Jira answers 404 (or 405/501 from a proxy). */
const notServed = (status: number): boolean => status === 404 || status === 405 || status === 501;

let searchMode: 'picker' | 'search' | 'none' | undefined;

async function getJson(path: string): Promise<{ status: number; body: unknown }> {
  const res = await requestJira(path, { headers: { Accept: 'application/json' } });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

async function viaPicker(query: string): Promise<Person[] | 'not-served' | 'failed'> {
  const { status, body } = await getJson(`/rest/api/3/user/picker?query=${encodeURIComponent(query)}&maxResults=${MAX_RESULTS}&excludeConnectUsers=true`);
  if (notServed(status)) return 'not-served';
  const parsed = PickerSchema.safeParse(body);
  if (status !== 200 || !parsed.success) return 'failed';
  return parsed.data.users.map((u) => ({ accountId: u.accountId, displayName: u.displayName ?? u.accountId, avatarUrl: u.avatarUrl }));
}

async function viaSearch(query: string): Promise<Person[] | 'not-served' | 'failed'> {
  const { status, body } = await getJson(`/rest/api/3/user/search?query=${encodeURIComponent(query)}&maxResults=${MAX_RESULTS}`);
  if (notServed(status)) return 'not-served';
  const parsed = z.array(SearchUserSchema).safeParse(body);
  if (status !== 200 || !parsed.success) return 'failed';
  return parsed.data
    .filter((u) => u.accountType !== 'app' && u.active !== false)
    .map((u) => ({ accountId: u.accountId, displayName: u.displayName ?? u.accountId, avatarUrl: u.avatarUrls?.['24x24'] }));
}

/** People whose name matches `query`, as the user may see them. */
export async function searchPeople(query: string): Promise<SearchResult> {
  try {
    if (searchMode === undefined || searchMode === 'picker') {
      const r = await viaPicker(query);
      if (Array.isArray(r)) return (searchMode = 'picker'), { kind: 'found', people: r };
      if (r === 'failed') return { kind: 'failed' };
      searchMode = 'search';
    }
    if (searchMode === 'search') {
      const r = await viaSearch(query);
      if (Array.isArray(r)) return { kind: 'found', people: r };
      if (r === 'failed') return { kind: 'failed' };
      searchMode = 'none';
    }
    return { kind: 'unavailable' };
  } catch {
    return { kind: 'failed' };
  }
}

/** Whether people search is known to be unavailable (asked once per view). */
export async function peopleSearchAvailable(): Promise<boolean> {
  if (searchMode === undefined) await searchPeople('a');
  return searchMode !== 'none';
}

const names = new Map<string, Promise<string | undefined>>();

/** The display name of an account as the user may see it; `undefined` when Jira does not name it. Cached per view. */
export function displayNameOf(accountId: string): Promise<string | undefined> {
  let known = names.get(accountId);
  if (!known) {
    known = getJson(`/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`)
      .then(({ status, body }) => {
        const parsed = UserSchema.safeParse(body);
        return status === 200 && parsed.success ? parsed.data.displayName : undefined;
      })
      .catch(() => undefined);
    names.set(accountId, known);
  }
  return known;
}

/** Remembers names Jira already told (a search result), so a pick shows its name at once. */
export function rememberName(person: Person): void {
  names.set(person.accountId, Promise.resolve(person.displayName));
}
