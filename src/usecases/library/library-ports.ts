/**
 * The ports of the postmortem library (DESIGN 3.6): the reporting store's `retrospectives` rows (Forge SQL,
 * src/storage/sql/library.ts) and Confluence asked AS THE CALLING USER (src/adapters/library-pages.ts).
 */
import type { LibraryRow, LibrarySort, Recommendation } from '../../shared/library';
import type { ReleaseProblemClass } from '../../shared/metrics';
import type { Level } from '../../shared/vocabulary';

/** One page of the library, as the store is asked for it. Absent (null) filters do not filter. */
export interface LibraryQuery {
  level: Level | null;
  service: string | null;
  /** Published at or after this ISO instant; null: any time. */
  publishedSince: string | null;
  releaseClass: ReleaseProblemClass | null;
  label: string | null;
  recommendedOnly: boolean;
  includeDrills: boolean;
  /** Title words, matched as typed (never as LIKE wildcards). */
  search: string | null;
  sort: LibrarySort;
  limit: number;
  offset: number;
}

/** A published postmortem's row, as recommend needs it. */
export interface PostmortemRef {
  pageId: string;
  title: string;
  recommended: Recommendation | null;
}

export interface LibraryStore {
  /**
   * ONE statement: the page's rows and how many rows match the filters in all (a window count; 0 past the end). The
   * count includes rows the caller cannot read: the use case decides what of it may be answered.
   */
  page(query: LibraryQuery): Promise<{ rows: LibraryRow[]; total: number }>;
  /** The published postmortem of the page (one statement); undefined when there is none. */
  postmortem(pageId: string): Promise<PostmortemRef | undefined>;
  /** Records (or clears, with null) the recommendation and the page's labels as Confluence answered them (one statement). */
  setRecommendation(pageId: string, recommendation: Recommendation | null, labels: readonly string[]): Promise<void>;
}

/** Confluence, asked as the calling user: what they may see and do is what Confluence says, not what the app may. */
export interface LibraryPagesAsUser {
  /**
   * Of these page ids (at most 250), the ones the user can read: ONE request as the user,
   * `GET /wiki/api/v2/pages?id=…&limit=250`, which lists only pages the user may view.
   */
  readable(pageIds: readonly string[]): Promise<Set<string>>;
  /** The user can read the page (`GET /wiki/api/v2/pages/{id}` as the user). */
  canRead(pageId: string): Promise<boolean>;
  /** The user may edit the page: `update` among the page's operations for them (`include-operations=true`, as the user). */
  canEdit(pageId: string): Promise<boolean>;
  /** Adds the label as the user (v1 content labels); answers the page's labels after. */
  addLabel(pageId: string, label: string): Promise<string[]>;
  /** Removes the label as the user (harmless when absent); answers the page's labels after. */
  removeLabel(pageId: string, label: string): Promise<string[]>;
  /** A person's display name as the user sees it; undefined when Confluence does not say. */
  displayName(accountId: string): Promise<string | undefined>;
}
