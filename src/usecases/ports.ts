/**
 * The narrow ports the use cases depend on (house style 1). Adapters in src/adapters implement them with
 * @forge/api and @forge/kvs; the sandbox replaces the platform beneath the adapters, never the adapters.
 */
import type { Language, Level } from '../domain/incident';

/** Anything that takes time from a clock. */
export interface Clock {
  now(): Date;
}

/** ADF document (validated by the product; built with @atlaskit/adf-utils builders). */
export type AdfDoc = { type: 'doc'; version: 1; content: unknown[] };

export interface IssueRef {
  id: string;
  key: string;
  /** Browse URL for people, e.g. https://site.atlassian.net/browse/OPS-1 */
  url: string;
}

export interface PageRef {
  id: string;
  /** Web UI URL for people. */
  url: string;
  title: string;
}

/** Jira, as the incident flow needs it. https://developer.atlassian.com/cloud/jira/platform/rest/v3/ */
export interface IncidentTracker {
  /**
   * Creates the incident issue with the incident id stored in issue property `kaizen-incident` (`{id}`), so a step
   * resumed after a crash can find the issue instead of creating a second one. One product write.
   */
  createIncidentIssue(input: {
    incidentId: string;
    projectKey: string;
    issueType: string;
    summary: string;
    description: AdfDoc;
    priorityName?: string;
    labels: string[];
    /** The assignee (an incident declared with a commander); none for an alert's incident. */
    assigneeAccountId?: string;
  }): Promise<IssueRef>;
  /**
   * Makes an existing issue the incident's issue (declared by hand on it, DESIGN 3.3): the `kaizen-incident`
   * property, the level-prefixed summary, priority, labels added (people's labels kept) and the assignee, in ONE
   * edit; its description stays as people wrote it. Repeating it is harmless. One product write.
   */
  makeIncidentIssue(issueId: string, input: { incidentId: string; summary: string; priorityName?: string; labels: string[]; assigneeAccountId?: string }): Promise<IssueRef>;
  /** The issue created for an incident, if any (a read: JQL on the issue property). */
  findIssueByIncidentId(incidentId: string, projectKey: string): Promise<IssueRef | undefined>;
  /**
   * Adds a comment unless one with the same `dedupeId` (a comment property) already exists on the issue, so a
   * redelivered flush never posts twice. One product write when it posts.
   */
  addComment(issueKey: string, body: AdfDoc, dedupeId: string): Promise<void>;
  /**
   * The issue follows a level the alerts raised, as the app: its summary's level prefix (`[SEV2] `, `[DRILL][SEV2] `,
   * `[演習][SEV2] `; the rest of the summary, a person's words included, kept) and its priority, in ONE edit. Setting
   * values, so repeating it is harmless. One product write (after reading the summary).
   */
  setIssueLevel(issueKey: string, level: Level, priorityName: string | undefined): Promise<void>;
  /** Upserts a remote link by `globalId` (idempotent). One product write. */
  upsertRemoteLink(issueKey: string, link: { globalId: string; url: string; title: string; summary?: string }): Promise<void>;
}

/** Confluence, as the incident flow needs it. https://developer.atlassian.com/cloud/confluence/rest/v2/ */
export interface IncidentPages {
  /** The id of the page titled `title` in the space, if any (a read). */
  findPageId(spaceKey: string, title: string): Promise<string | undefined>;
  /** The page with exactly this title in the space, if any (a read). */
  findPage(spaceKey: string, title: string): Promise<PageRef | undefined>;
  /**
   * Creates a page (storage format). Titles are unique per space: when the title exists already (a resumed step),
   * the existing page is returned and nothing is written. One product write when it creates.
   */
  createPage(input: { spaceKey: string; parentId: string | undefined; title: string; storage: string }): Promise<PageRef>;
  /**
   * Rewrites only the region Kaizen owns: re-reads the latest version, replaces the region's content with
   * `render()`, writes version+1, and on a version conflict (409) re-reads and re-applies — a person's edit
   * elsewhere on the page is never lost. No write when the region already has that content.
   */
  replaceOwnedRegion(pageId: string, regionId: string, render: () => string): Promise<{ written: boolean }>;
  /**
   * {@link replaceOwnedRegion} for several regions in ONE page write: re-reads the latest version, replaces each
   * region's content with its `render()`, writes version+1 once, and on a 409 re-reads and re-applies. A region
   * missing from the page (a person deleted it, or the page predates it) is skipped, never put back; when no region
   * changes, nothing is written. `whole`: `render()` is the whole macro, not its body (a `status` macro has no body).
   * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-put
   */
  replaceOwnedRegions(pageId: string, regions: ReadonlyArray<{ regionId: string; render: () => string; whole?: boolean }>): Promise<{ written: boolean }>;
  /** The page's latest version in storage format (a read). https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get */
  readStorage(pageId: string): Promise<{ storage: string; version: number }>;
  /**
   * Rewrites the page with a pure function of its storage, with the same version-checked merge as
   * {@link replaceOwnedRegions}: re-reads the latest version, applies `edit`, writes version+1, and on 409 re-reads
   * and re-applies — people's edits in between are kept. No write when `edit` leaves the storage as it is.
   * Answers the storage as written (or as found). https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-put
   */
  rewritePage(pageId: string, edit: (storage: string) => string): Promise<{ written: boolean; storage: string }>;
}

/** Labels and texts for generated content come from the page language. */
export interface RenderContext {
  language: Language;
  /** The site's base URL (for links people follow). */
  siteUrl: string;
}

/** Sends work back to the app's own queue (delayed comment flushes and page syncs). */
export interface WorkQueue {
  scheduleCommentFlush(incidentId: string, delaySeconds: number): Promise<void>;
  /** A delayed sync of the live page's Roles and Key times regions (queue event `sync-page`), at the window's end. */
  schedulePageSync(incidentId: string, delaySeconds: number): Promise<void>;
}
