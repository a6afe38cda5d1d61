/**
 * The postmortem library's page (DESIGN 3.6, issue 11 item 1): published retrospectives and release reviews from the
 * reporting store, filtered, sorted and paged, shown only to a person who may read the page the macro is on, and
 * only the postmortems whose pages that person may read.
 *
 * Cost per page: ONE SQL statement (rows + a window count, src/storage/sql/library.ts) and ONE Confluence request as
 * the user (`GET /wiki/api/v2/pages?id=<the macro's page>,<the rows' pages>`), which answers both checks at once: the
 * macro's page among them or the whole answer is refused, and rows whose page is not among them are left out. The
 * statement runs before the check so that one request can carry both; a refused caller is told nothing from it.
 *
 * Nothing is answered about rows the person cannot read: no count of the rows left out, and the total only when no
 * free-text filter (search, label, service) is set. With one, `{total, hidden}` would let anyone who can open a
 * library probe the words of restricted postmortems' titles (`search: "acquisition of acme"` → 1 vs 0). Paging then
 * goes by `hasMore` (the window count, kept here).
 */
import { LIBRARY_PAGE_SIZE, type LibraryPage, type ListPostmortemsRequest } from '../../shared/library';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { Clock } from '../ports';
import type { LibraryPagesAsUser, LibraryQuery, LibraryStore } from './library-ports';

export interface ListPostmortemsDeps {
  store: Pick<LibraryStore, 'page'>;
  pages: Pick<LibraryPagesAsUser, 'readable'>;
  clock: Clock;
}

const DAY_MS = 86_400_000;

/** The store's query for a request: the period as an instant, the page as limit and offset. */
export function libraryQueryOf(request: ListPostmortemsRequest, now: Date): LibraryQuery {
  return {
    level: request.level ?? null,
    service: request.service || null,
    publishedSince: request.period === 'all' ? null : new Date(now.getTime() - Number(request.period) * DAY_MS).toISOString(),
    releaseClass: request.releaseClass ?? null,
    label: request.label || null,
    recommendedOnly: request.recommendedOnly,
    includeDrills: request.includeDrills,
    search: request.search || null,
    sort: request.sort,
    limit: LIBRARY_PAGE_SIZE,
    offset: (request.page - 1) * LIBRARY_PAGE_SIZE,
  };
}

/** A free-text filter is set: the total could then tell whether a postmortem the caller cannot read matches the text. */
export const hasFreeTextFilter = (q: Pick<LibraryQuery, 'search' | 'label' | 'service'>): boolean => q.search !== null || q.label !== null || q.service !== null;

/**
 * The message of a refusal: the macro's content is not among the pages the user can read — they cannot read it, or
 * it is not a page (the library checks pages only: the v2 pages API does not list blog posts).
 */
export const notReadableMessage = (contentId: string): string =>
  `You cannot read page ${contentId}, or it is not a page: the postmortem library works on Confluence pages (not blog posts).`;

export async function listPostmortems(contentId: string, request: ListPostmortemsRequest, deps: ListPostmortemsDeps): Promise<ResolverResult<LibraryPage>> {
  const query = libraryQueryOf(request, deps.clock.now());
  // 1. One page of rows and how many match in all (one SQL statement).
  const { rows, total } = await deps.store.page(query);
  // 2. One request as the user: the macro's page, and which of the rows' pages they may read.
  const readable = await deps.pages.readable([contentId, ...rows.map((r) => r.pageId)]);
  if (!readable.has(contentId)) return fail('content-not-visible', notReadableMessage(contentId));
  const shown = rows.filter((r) => readable.has(r.pageId));
  // The window count is known only on a page inside the results (past the end the statement answers no row).
  const known = rows.length > 0 || query.offset === 0;
  const answer: LibraryPage = { rows: shown, page: request.page, pageSize: LIBRARY_PAGE_SIZE, hasMore: total > query.offset + query.limit };
  return ok(known && !hasFreeTextFilter(query) ? { ...answer, total } : answer);
}
