/**
 * The postmortem library's statements on the reporting store (Forge SQL; DESIGN 3.6): every statement the library
 * runs is here, with SQL parameters only for every value a person typed. Schema: src/storage/sql/migrations.ts
 * (`retrospectives` v007 + v012's library columns, `reading_sessions` v011, `release_problems` v005).
 *
 * One page of the library is ONE statement: the rows and, through the window function `COUNT(*) OVER ()`, how many
 * rows match in all (computed before LIMIT), so the use case knows whether rows follow this page (`hasMore`) and, when
 * no free-text filter is set, can answer "1,234 postmortems · page 3 of 62" without a second query. The count includes
 * rows the caller cannot read, so it never leaves the use case with a free-text filter (list-postmortems.ts). Inside, a derived table picks the page's ids in order from narrow columns (and, for "most read", the sessions
 * counted once per postmortem by one GROUP BY); outside, only those 20 rows get their details, release class and
 * sessions. Paging is by offset: the total and "page N" need it, the filtered set is bounded by published
 * postmortems (thousands), and the sort keys are not unique (sessions, times), so a keyset would need a composite
 * cursor per sort for little gain at this size; bench/library.ts measures deep pages (page 245 of 5,000 rows).
 *
 * Release class is not copied onto the row: it is read where it is kept — a release review's own problem
 * (`problem_id`), or the release problem that declared the retrospective's incident (`incident_id`, index v014).
 * Labels are the page's labels as Confluence last answered them to Kaizen (recommend writes them), space-delimited
 * with a space at each end, so a label filter is an exact-word LOCATE with a parameter.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 */
import { sql, type UpdateQueryResponse } from '@forge/sql';
import { z } from 'zod';
import { escapeLike, type LibraryRow, type Recommendation } from '../../shared/library';
import { RELEASE_PROBLEM_CLASSES } from '../../shared/metrics';
import { isHttpUrl } from '../../shared/http-url';
import type { LibraryQuery, LibraryStore, PostmortemRef } from '../../usecases/library/library-ports';
import { fromSqlDateTime, toSqlDateTime } from './incident-facts';
import { withSchema } from './metrics-queries';

export interface Statement {
  text: string;
  params: Array<string | number>;
}

const RELEASE_CLASS = `COALESCE(rp.class, (SELECT MIN(o.class) FROM release_problems o WHERE o.incident_id = r.incident_id))`;

/** The order of a page, inside (`r`, and `s.n` the sessions of most-read) and again outside (`r` and `p`). */
const ORDER: Record<LibraryQuery['sort'], { inner: string; outer: string }> = {
  newest: { inner: 'r.published_at DESC, r.page_id DESC', outer: 'r.published_at DESC, r.page_id DESC' },
  'most-read': { inner: 'COALESCE(s.n, 0) DESC, r.published_at DESC, r.page_id DESC', outer: 'p.sessions DESC, r.published_at DESC, r.page_id DESC' },
  recommended: {
    inner: '(r.recommended_at IS NULL), r.recommended_at DESC, r.published_at DESC, r.page_id DESC',
    outer: '(r.recommended_at IS NULL), r.recommended_at DESC, r.published_at DESC, r.page_id DESC',
  },
};

/** `retrospectives.labels` is `VARCHAR(2048)` (migration v012): characters, as MariaDB counts them (code points). */
export const LABELS_COLUMN_MAX = 2048;
/** Labels kept first when a page has more labels than the column holds: what Kaizen itself filters on. */
const LABELS_FIRST = ['kaizen-postmortem', 'kaizen-recommended'];

/**
 * The labels column's form: ` a b c ` (Confluence labels hold no whitespace), so ` a ` finds the label `a` exactly.
 * At most {@link LABELS_COLUMN_MAX} characters: a page with more labels than fit (a hundred long ones) keeps as many
 * WHOLE labels as fit — `kaizen-postmortem` and `kaizen-recommended` first, then the others in Confluence's order —
 * so strict mode never refuses the write (a refused write after the label was added in Confluence would fail every
 * retry the same way). A label left out is missing from the label filter only.
 */
export function labelsColumn(labels: readonly string[]): string {
  const unique = [...new Set(labels.map((l) => l.toLowerCase()))];
  const ordered = [...LABELS_FIRST.filter((l) => unique.includes(l)), ...unique.filter((l) => !LABELS_FIRST.includes(l))];
  const kept: string[] = [];
  let length = 1; // the leading space
  for (const label of ordered) {
    const add = [...label].length + 1; // the label and the space after it
    if (length + add > LABELS_COLUMN_MAX) continue; // a shorter label further on may still fit
    kept.push(label);
    length += add;
  }
  return ` ${kept.join(' ')} `;
}
const labelsOf = (column: string | null): string[] => (column ?? '').split(' ').filter((l) => l !== '');

/** The one statement of a library page. `limit`/`offset` are integers the use case computed (never a person's text). */
export function libraryPageStatement(q: LibraryQuery): Statement {
  const where = [`r.status = 'published'`, 'r.published_at IS NOT NULL'];
  const params: Array<string | number> = [];
  const add = (condition: string, ...values: Array<string | number>): void => {
    where.push(condition);
    params.push(...values);
  };
  if (!q.includeDrills) add('r.drill = 0');
  if (q.level) add('r.level = ?', q.level);
  if (q.service) add('r.service = ?', q.service);
  if (q.publishedSince) add('r.published_at >= ?', toSqlDateTime(q.publishedSince));
  if (q.recommendedOnly) add('r.recommended_at IS NOT NULL');
  if (q.label) add('LOCATE(?, r.labels) > 0', ` ${q.label.toLowerCase()} `);
  if (q.search) add(`LOWER(r.title) LIKE ? ESCAPE '!'`, `%${escapeLike(q.search.toLowerCase())}%`);
  if (q.releaseClass) {
    add(
      '(rp.class = ? OR (r.problem_id IS NULL AND r.incident_id IS NOT NULL AND EXISTS (SELECT 1 FROM release_problems c WHERE c.incident_id = r.incident_id AND c.class = ?)))',
      q.releaseClass,
      q.releaseClass,
    );
  }
  const limit = Math.max(1, Math.trunc(q.limit));
  const offset = Math.max(0, Math.trunc(q.offset));
  const mostRead = q.sort === 'most-read';
  // Inside: which rows, in which order, and how many match in all (the window runs before LIMIT) — narrow columns
  // only. Outside: the page's 20 rows with their details, release class and sessions (subqueries for 20 rows, not for
  // every row matching).
  const text = `SELECT r.page_id, r.kind, r.title, r.url, r.language, r.level, r.service, r.drill, r.published_at,
  r.recommended_at, r.recommended_by, r.recommended_by_name, r.recommended_reason, r.labels,
  ${RELEASE_CLASS} AS release_class,
  (SELECT COUNT(*) FROM reading_sessions s WHERE s.postmortem_page_id = r.page_id) AS sessions,
  p.total
FROM (
  SELECT r.page_id, ${mostRead ? 'COALESCE(s.n, 0)' : '0'} AS sessions, COUNT(*) OVER () AS total
  FROM retrospectives r
  ${q.releaseClass ? 'LEFT JOIN release_problems rp ON rp.problem_id = r.problem_id' : ''}
  ${mostRead ? 'LEFT JOIN (SELECT postmortem_page_id, COUNT(*) AS n FROM reading_sessions GROUP BY postmortem_page_id) s ON s.postmortem_page_id = r.page_id' : ''}
  WHERE ${where.join('\n    AND ')}
  ORDER BY ${ORDER[q.sort].inner}
  LIMIT ${limit} OFFSET ${offset}
) p
JOIN retrospectives r ON r.page_id = p.page_id
LEFT JOIN release_problems rp ON rp.problem_id = r.problem_id
ORDER BY ${ORDER[q.sort].outer}`;
  return { text, params };
}

export const POSTMORTEM_STATEMENT = `SELECT page_id, title, recommended_at, recommended_by, recommended_by_name, recommended_reason
FROM retrospectives WHERE page_id = ? AND status = 'published'`;

export const SET_RECOMMENDATION_STATEMENT = `UPDATE retrospectives
SET recommended_at = ?, recommended_by = ?, recommended_by_name = ?, recommended_reason = ?, labels = ?
WHERE page_id = ? AND status = 'published'`;

const Num = z.union([z.number(), z.string()]).transform((v) => Number(v));
const RecommendCols = {
  recommended_at: z.string().nullable(),
  recommended_by: z.string().nullable(),
  recommended_by_name: z.string().nullable(),
  recommended_reason: z.string().nullable(),
};
const PageRowSchema = z.object({
  page_id: z.string(),
  kind: z.enum(['retrospective', 'release-review']),
  title: z.string(),
  url: z.string(),
  language: z.enum(['en', 'ja']),
  level: z.string().nullable(),
  service: z.string().nullable(),
  drill: Num,
  published_at: z.string(),
  labels: z.string().nullable(),
  release_class: z.enum(RELEASE_PROBLEM_CLASSES).nullable().catch(null),
  sessions: Num,
  total: Num,
  ...RecommendCols,
});
const PostmortemRowSchema = z.object({ page_id: z.string(), title: z.string(), ...RecommendCols });

function recommendationOf(row: z.infer<typeof PostmortemRowSchema>): Recommendation | null {
  if (row.recommended_at === null || row.recommended_by === null) return null;
  return { at: fromSqlDateTime(row.recommended_at), accountId: row.recommended_by, byName: row.recommended_by_name, reason: row.recommended_reason ?? '' };
}

function libraryRowOf(row: z.infer<typeof PageRowSchema>): LibraryRow {
  return {
    pageId: row.page_id,
    kind: row.kind,
    title: row.title,
    url: isHttpUrl(row.url) ? row.url : null,
    language: row.language,
    level: row.level,
    service: row.service,
    releaseClass: row.release_class,
    publishedAt: fromSqlDateTime(row.published_at),
    drill: row.drill !== 0,
    labels: labelsOf(row.labels),
    recommended: recommendationOf(row),
    sessions: row.sessions,
  };
}

/** The library's store on @forge/sql: a missing table or column (a migration not applied yet) applies them and retries. */
export const libraryStore: LibraryStore = {
  page: (q) =>
    withSchema(async () => {
      const statement = libraryPageStatement(q);
      const result = await sql.prepare<unknown>(statement.text).bindParams(...statement.params).execute();
      const rows = z.array(PageRowSchema).parse(result.rows);
      return { rows: rows.map(libraryRowOf), total: rows[0]?.total ?? 0 };
    }),
  postmortem: (pageId) =>
    withSchema(async (): Promise<PostmortemRef | undefined> => {
      const result = await sql.prepare<unknown>(POSTMORTEM_STATEMENT).bindParams(pageId).execute();
      const row = z.array(PostmortemRowSchema).parse(result.rows)[0];
      return row ? { pageId: row.page_id, title: row.title, recommended: recommendationOf(row) } : undefined;
    }),
  setRecommendation: (pageId, rec, labels) =>
    withSchema(async () => {
      const params = [rec ? toSqlDateTime(rec.at) : null, rec?.accountId ?? null, rec?.byName ?? null, rec?.reason ?? null, labelsColumn(labels), pageId];
      await sql.prepare<UpdateQueryResponse>(SET_RECOMMENDATION_STATEMENT).bindParams(...params).execute();
    }),
};
