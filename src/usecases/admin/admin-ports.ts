/**
 * The ports the admin page's use cases depend on (house style 1): who is calling and whether they administer Jira
 * (asked as the user), the settings store, what the site has (asked as the user), the sources' credentials and
 * status, and Kaizen's dead letters. src/adapters/admin-wiring.ts builds the real ones.
 */
import type { CredentialOwner, SettingsHistoryEntry, StoredProblem } from '../../shared/admin';
import type { Settings } from '../../shared/settings';
import type { UserAccess } from '../ui-ports';

/** Admin checks and the caller's identity, both asked as the calling user. */
export type AdminAccess = Pick<UserAccess, 'isJiraAdmin' | 'me'>;

export interface SettingsStore {
  /** The settings in force (stored fields that parse, defaults for the rest), the stored problems and the revision. */
  load(): Promise<{ settings: Settings; problems: StoredProblem[]; revision: number }>;
  /** Newest first, bounded. */
  history(): Promise<SettingsHistoryEntry[]>;
  /** Stores `settings` as `expectedRevision + 1` with the entry, unless another save took that revision first. */
  commit(settings: Settings, expectedRevision: number, entry: Omit<SettingsHistoryEntry, 'revision'>): Promise<{ ok: true; revision: number } | { ok: false }>;
}

/** What the site has, asked AS THE CALLING USER (so an admin is offered only what they can see). */
export interface SiteCatalogue {
  /** `GET /rest/api/3/project/search` — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-search-get */
  projects(): Promise<Array<{ key: string; name: string }>>;
  /** `GET /rest/api/3/project/{key}` with its issue types; undefined on 404. https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-get */
  project(key: string): Promise<{ key: string; name: string; issueTypes: Array<{ id: string; name: string }> } | undefined>;
  /** `GET /rest/api/3/priority/search` — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-priorities/#api-rest-api-3-priority-search-get */
  priorities(): Promise<Array<{ id: string; name: string }>>;
  /** `GET /wiki/api/v2/spaces` — https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-get */
  spaces(): Promise<Array<{ id: string; key: string; name: string }>>;
  /** `GET /wiki/api/v2/spaces?keys=` — undefined when there is none the user can see. */
  space(key: string): Promise<{ id: string; key: string; name: string } | undefined>;
  /** Pages of the space whose title matches `query` (CQL `title ~`), or the first ones by title. https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-search/#api-wiki-rest-api-search-get */
  pages(spaceKey: string, query: string | undefined): Promise<Array<{ id: string; title: string }>>;
  /** `GET /wiki/api/v2/pages/{id}`; undefined on 404. https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get */
  page(id: string): Promise<{ id: string; title: string; spaceId: string } | undefined>;
}

/** One accepted secret: its value (shown once, on generate) and what the admin page shows of it. */
export interface CredentialSecret {
  value: string;
  fingerprint: string;
  createdAt: string;
  createdBy?: string | undefined;
}

export interface SourceCredential {
  /** Newest first; at most two (the second while a rotation is under way). */
  secrets: CredentialSecret[];
  headerName?: string | undefined;
  timestampHeaderName?: string | undefined;
  requireTimestamp?: boolean | undefined;
}

/** Secrets in KVS secret storage; fingerprints and dates beside them in a plain row. Per alert source, and for `deployments`. */
export interface SourceCredentials {
  load(source: CredentialOwner): Promise<SourceCredential>;
  /**
   * Read-modify-write, one at a time per source (a change waits a few seconds for another admin's, then throws);
   * `change` throws to refuse (nothing written). Answers the new credential, secrets included: for the use case to
   * pick what its answer may show.
   */
  update(source: CredentialOwner, change: (current: SourceCredential) => SourceCredential): Promise<SourceCredential>;
}

export interface SecretMaker {
  /** 32 random bytes, base64url (`crypto.randomBytes`). */
  generate(): string;
  /** `sha256:` + the first 12 hex digits of the secret's SHA-256. */
  fingerprintOf(secret: string): string;
}

export type Clock = { now(): Date };
