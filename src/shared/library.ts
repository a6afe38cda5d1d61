/**
 * The postmortem library (DESIGN 3.6, issue 11 item 1): what the `postmortem-library` macro asks for (filters, sort,
 * page) and what it gets (one page of published retrospectives and release reviews), and "Recommend" (おすすめ).
 * Every request is a strict object whose messages name what is wrong; the UI checks the same rules before sending.
 */
import * as z from 'zod/mini';
import { RELEASE_PROBLEM_CLASSES } from './metrics';
import { IsoTimeSchema } from './primitives';
import { LEVELS } from './vocabulary';

/** Rows per page of the library. */
export const LIBRARY_PAGE_SIZE = 20;
/** The last page a person can ask for (20 × 500 = 10,000 rows deep; narrower filters reach the rest). */
export const LIBRARY_MAX_PAGE = 500;
/** A recommendation's reason: one line, trimmed, 1–200 characters. */
export const RECOMMEND_REASON_MAX = 200;
/** The page label a recommended postmortem carries (Confluence labels are lower-case, no spaces). */
export const RECOMMENDED_LABEL = 'kaizen-recommended';

export const LIBRARY_PERIODS = ['30', '90', '365', 'all'] as const;
export type LibraryPeriod = (typeof LIBRARY_PERIODS)[number];
/** `recommended`: recommended postmortems first (newest recommendation first), then the others newest first. */
export const LIBRARY_SORTS = ['newest', 'most-read', 'recommended'] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

const strict = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'expected an object') });

/** A Confluence label as Confluence stores it: lower-case, 1–255 characters, none of whitespace and `!#&()*,.:;<>?@[]^`. */
export const LabelNameSchema = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.minLength(1, 'a label needs a name'),
  z.maxLength(255, 'a label is at most 255 characters'),
  z.regex(/^[^\s!#&()*,.:;<>?@[\]^]+$/, 'a label has no spaces and none of !#&()*,.:;<>?@[]^'),
);

/** Filters, sort and page. Absent filters do not filter; drills are left out unless `includeDrills`. */
export const ListPostmortemsRequestSchema = strict({
  level: z.optional(z.nullable(z.enum(LEVELS, { error: `level: expected one of ${LEVELS.join(', ')}` }))),
  service: z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1, 'service: empty'), z.maxLength(255, 'service: at most 255 characters')))),
  period: z._default(z.enum(LIBRARY_PERIODS, { error: `period: expected one of ${LIBRARY_PERIODS.join(', ')}` }), 'all'),
  releaseClass: z.optional(z.nullable(z.enum(RELEASE_PROBLEM_CLASSES, { error: `releaseClass: expected one of ${RELEASE_PROBLEM_CLASSES.join(', ')}` }))),
  label: z.optional(z.nullable(LabelNameSchema)),
  recommendedOnly: z._default(z.boolean(), false),
  includeDrills: z._default(z.boolean(), false),
  /** Words in the title (matched as typed: `%` and `_` are letters here, not wildcards). */
  search: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(200, 'search: at most 200 characters')))),
  sort: z._default(z.enum(LIBRARY_SORTS, { error: `sort: expected one of ${LIBRARY_SORTS.join(', ')}` }), 'newest'),
  page: z._default(z.int().check(z.gte(1, 'page: from 1'), z.lte(LIBRARY_MAX_PAGE, `page: at most ${LIBRARY_MAX_PAGE}`)), 1),
});
export type ListPostmortemsRequest = z.infer<typeof ListPostmortemsRequestSchema>;

export const RecommendationSchema = z.object({
  at: IsoTimeSchema,
  accountId: z.string(),
  /** The recommender's display name when Kaizen could read it. */
  byName: z.nullable(z.string()),
  reason: z.string(),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const LibraryRowSchema = z.object({
  pageId: z.string(),
  kind: z.enum(['retrospective', 'release-review']),
  title: z.string(),
  /** An http(s) URL (anything else is left out). */
  url: z.nullable(z.string()),
  language: z.enum(['en', 'ja']),
  level: z.nullable(z.string()),
  service: z.nullable(z.string()),
  releaseClass: z.nullable(z.enum(RELEASE_PROBLEM_CLASSES)),
  publishedAt: IsoTimeSchema,
  drill: z.boolean(),
  labels: z.array(z.string()),
  recommended: z.nullable(RecommendationSchema),
  /** Reading sessions (ポストモーテム読書会) that read it. */
  sessions: z.int().check(z.nonnegative()),
});
export type LibraryRow = z.infer<typeof LibraryRowSchema>;

/**
 * One page of the library. It says nothing about postmortems the caller cannot read: their rows are left out (a page
 * may hold fewer than `pageSize` rows), and no count of them is answered.
 */
export const LibraryPageSchema = z.object({
  rows: z.array(LibraryRowSchema),
  /**
   * Postmortems matching the filters, answered only when no free-text filter (search, label, service) is set — so a
   * typed word can never tell whether a postmortem the caller cannot read matches it — and only on a page inside the
   * results (absent past the end). Absent: the UI pages with `hasMore`.
   */
  total: z.optional(z.int().check(z.nonnegative())),
  page: z.int().check(z.gte(1)),
  pageSize: z.int().check(z.gte(1)),
  /** Matching postmortems exist past this page (Next is useful; whether the caller can read them is asked there). */
  hasMore: z.boolean(),
});
export type LibraryPage = z.infer<typeof LibraryPageSchema>;

/** Recommend (with a reason) or take the recommendation back. */
export const SetRecommendationRequestSchema = strict({
  pageId: z.string().check(z.regex(/^\d{1,20}$/, 'pageId: expected a Confluence page id (digits)')),
  recommended: z.boolean({ error: 'recommended: expected true or false' }),
  /** Required when recommending: one line, trimmed, 1–200 characters. Ignored when taking it back. */
  reason: z.optional(z.string({ error: 'reason: expected text' }).check(z.trim())),
});
export type SetRecommendationRequest = z.infer<typeof SetRecommendationRequestSchema>;

export const SetRecommendationDataSchema = z.object({
  pageId: z.string(),
  recommended: z.nullable(RecommendationSchema),
  labels: z.array(z.string()),
});
export type SetRecommendationData = z.infer<typeof SetRecommendationDataSchema>;

/**
 * Recommend from the incident panel: the issue's published retrospective, so no page id is sent — the library's
 * request without it (the same rules and messages).
 */
export const RecommendRetrospectiveRequestSchema = z.omit(SetRecommendationRequestSchema, { pageId: true });
export type RecommendRetrospectiveRequest = z.infer<typeof RecommendRetrospectiveRequestSchema>;

/** The panel's view of its published retrospective's recommendation (null: not recommended). */
export const RetrospectiveRecommendationSchema = z.object({
  pageId: z.string(),
  recommended: z.nullable(RecommendationSchema),
});
export type RetrospectiveRecommendation = z.infer<typeof RetrospectiveRecommendationSchema>;

/** What is wrong with a reason (undefined: fine). Shared by the resolver and the UI. */
export function reasonProblem(reason: string | undefined): 'reason-required' | 'reason-too-long' | 'reason-one-line' | undefined {
  const text = (reason ?? '').trim();
  if (text === '') return 'reason-required';
  if (/[\r\n]/.test(text)) return 'reason-one-line';
  if ([...text].length > RECOMMEND_REASON_MAX) return 'reason-too-long';
  return undefined;
}

/** `%`, `_` and the escape character itself, escaped for `LIKE … ESCAPE '!'`: the text matches as typed. */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
