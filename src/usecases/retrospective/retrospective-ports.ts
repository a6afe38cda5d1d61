/**
 * What the retrospective's use cases read and write besides the incident store and the pages port (house style 1):
 * src/adapters/retrospective-products.ts implements it on Jira and Confluence REST, as the app.
 */
import type { Incident } from '../../domain/incident';

export interface RetrospectiveReads {
  /** The page's latest storage (`GET /wiki/api/v2/pages/{id}?body-format=storage`); undefined when it is gone. */
  pageStorage(pageId: string): Promise<string | undefined>;
  /** Account ids of the authors of the page's latest `limit` versions (`GET /wiki/api/v2/pages/{id}/versions`), the app left out. */
  pageAuthors(pageId: string, limit: number): Promise<string[]>;
  /** Account ids of the authors of the issue's latest `limit` comments (`GET /rest/api/3/issue/{key}/comment`), apps left out. */
  commentAuthors(issueKey: string, limit: number): Promise<string[]>;
  /** Adds a global label to a page (`POST /wiki/rest/api/content/{id}/label`); one product write, harmless when repeated. */
  /** Adds the label (harmless when present); answers the page's labels after, as Confluence answers them. */
  addPageLabel(pageId: string, label: string): Promise<string[]>;
}

/** Incidents whose impact started at or after `sinceIso`, at most `perState` per state (src/storage/incident-reads.ts). */
export type RecentIncidents = (sinceIso: string, perState: number) => Promise<Incident[]>;
