/**
 * What the reading session use cases need (house style 1): the library's postmortems and the sessions held on them
 * (reporting store, src/storage/sql/reading-sessions.ts), each start request's record (KVS,
 * src/storage/reading-session-requests.ts), and what the caller may do with a page, asked as them
 * (src/adapters/confluence-page-access.ts).
 */
import type { Language, Level } from '../../domain/incident';
import type { ReleaseProblemClass } from '../../shared/metrics';

/** A `retrospectives` row as a session reads it (with its release problem's class for a release review). Times ISO. */
export interface PostmortemRow {
  pageId: string;
  kind: 'retrospective' | 'release-review';
  title: string;
  url: string;
  language: Language;
  /** `draft`, `in-review`, `published`: only a published postmortem is read in a session. */
  status: string;
  incidentId: string | null;
  /** The incident's issue (a retrospective), or the issue a release problem was reported on (a release review). */
  issueKey: string | null;
  level: Level | null;
  service: string | null;
  publishedAt: string | null;
  /** A release review's class (`release_problems.class`); null for a retrospective. */
  releaseClass: ReleaseProblemClass | null;
}

/** A `reading_sessions` row. Times ISO (UTC, ms). */
export interface ReadingSessionRow {
  sessionPageId: string;
  postmortemPageId: string;
  title: string;
  url: string;
  language: Language;
  startsAt: string | null;
  facilitatorAccountId: string | null;
  createdBy: string;
  createdAt: string;
}

export interface ReadingSessionStore {
  /** The library's row of the page, or undefined when it is no postmortem Kaizen knows (one SELECT). */
  postmortem(pageId: string): Promise<PostmortemRow | undefined>;
  /** The session whose page this is, or undefined (one SELECT). */
  session(sessionPageId: string): Promise<ReadingSessionRow | undefined>;
  /** Inserts the row unless its page has one (`INSERT IGNORE`): true when this call inserted it. */
  insertIfAbsent(row: ReadingSessionRow): Promise<boolean>;
}

/** One start request as first seen: the time it pinned (so a retry renders the same title) and its page once made. */
export interface StartRequestRecord {
  postmortemPageId: string;
  startsAt: string;
  sessionPageId?: string;
}

export interface StartRequests {
  get(requestId: string): Promise<StartRequestRecord | undefined>;
  put(requestId: string, record: StartRequestRecord): Promise<void>;
}

/** A Confluence page as the calling user may use it, asked AS THE USER (DESIGN 4). */
export interface PageAccess {
  /**
   * The page's space, and whether the user may create pages in it (`GET /wiki/api/v2/pages/{id}` then
   * `GET /wiki/api/v2/spaces/{id}?include-operations=true`, as the user); undefined when they cannot read the page.
   * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-id-get
   */
  spaceOfPage(pageId: string): Promise<{ spaceKey: string; canCreatePage: boolean } | undefined>;
  /**
   * Whether the user may edit the page (`GET /wiki/api/v2/pages/{id}?include-operations=true` as the user lists
   * `update`). https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get
   */
  canEditPage(pageId: string): Promise<boolean>;
}
