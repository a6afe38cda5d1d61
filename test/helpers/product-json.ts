/**
 * Confluence pages and Jira issues as the sandbox's REST answers them, for tests that read what the app wrote, and a
 * person's save of a page (a new version through Confluence's REST, from the version they read).
 */
import { getJson } from './incidents';
import type { TestSandbox } from './test-sandbox';

export interface PageJson {
  id: string;
  title: string;
  parentId?: string;
  version: { number: number };
  body: { storage: { value: string } };
}

export interface IssueJson {
  id: string;
  key: string;
  fields: Record<string, any>;
}

/** Basic authentication as the sandbox's person with this email (any password). */
export const basicAuth = (email: string): string => `Basic ${Buffer.from(`${email}:x`).toString('base64')}`;

/** A person mentioned in storage format, as the editor writes an @mention. */
export const mention = (accountId: string): string => `<ac:link><ri:user ri:account-id="${accountId}"/></ac:link>`;

/** The page with its body in storage format. */
export const readPage = (sb: TestSandbox, id: string): Promise<PageJson> => getJson<PageJson>(sb, `/wiki/api/v2/pages/${id}?body-format=storage`);

/** A person (Ben unless `email` says otherwise) saves a new version of the page: `edit` of the storage they read. */
export async function personSavesPage(sb: TestSandbox, id: string, edit: (storage: string) => string, email = 'ben@example.com'): Promise<void> {
  const current = await readPage(sb, id);
  const res = await sb.http(`/wiki/api/v2/pages/${id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: basicAuth(email) },
    body: JSON.stringify({ id, status: 'current', title: current.title, body: { representation: 'storage', value: edit(current.body.storage.value) }, version: { number: current.version.number + 1 } }),
  });
  expect(res.status).toBe(200);
}
