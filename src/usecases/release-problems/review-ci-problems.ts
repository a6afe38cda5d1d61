/**
 * The light review pages of the release problems CI reported (DESIGN 3.4): the deployment web trigger records a
 * rolled-back or partially incomplete release as a `release_problems` row (`ci:<deployment id>`, no page), and the
 * five-minute housekeeping makes its page, as the app, in the page language of the settings. A few per run, each as
 * a runbook whose steps check whether they already happened, so a page is never made twice:
 *
 *   1. rows without a page and without a claim that holds now — never tried first, then those tried longest ago, so
 *      a row that keeps failing never starves the others;
 *   2. each claimed with ONE conditional UPDATE (no page yet, no claim holding): a row another run claimed is left
 *      to it;
 *   3. the page: found by its unique title (a run that crashed after making it, once its claim passed), else
 *      created under the retrospectives parent;
 *   4. recorded on the row (only while it has none).
 *
 * One row's failure (Confluence down, the parent gone) is logged and never stops the others; its claim passes and a
 * later run tries again.
 */
import type { Clock, IncidentPages } from '../ports';
import { ensureReviewPage, isReviewed, reviewFacts, type ReviewSettings } from './light-review';
import type { ReleaseProblemStore } from './release-problem-ports';
import { keepReleaseReviewRow, type ReportingDeps } from '../reporting-rows';

/** At most this many pages per run: each costs a few Confluence calls, and the run has other work. */
export const CI_REVIEWS_PER_RUN = 3;
/** How long a claim holds: far longer than making one page takes, shorter than the next run but one. */
export const CI_REVIEW_CLAIM_SECONDS = 120;

export interface ReviewCiProblemsDeps extends ReportingDeps {
  store: ReleaseProblemStore;
  pages: IncidentPages;
  settings(): Promise<ReviewSettings>;
  clock: Clock;
  log: { warn(message: string, details?: Record<string, unknown>): void };
}

/** Answers how many pages this run recorded. */
export async function reviewCiProblems(deps: ReviewCiProblemsDeps): Promise<{ reviewed: string[] }> {
  const now = deps.clock.now();
  const pending = await deps.store.pendingCiReviews(now.toISOString(), CI_REVIEWS_PER_RUN);
  if (pending.length === 0) return { reviewed: [] };
  const settings = await deps.settings();
  const reviewed: string[] = [];
  for (const row of pending) {
    if (!isReviewed(row.class)) continue;
    try {
      const claimedUntil = new Date(now.getTime() + CI_REVIEW_CLAIM_SECONDS * 1000).toISOString();
      if (!(await deps.store.claimReview(row.problemId, now.toISOString(), claimedUntil))) continue;
      const deployment = row.deploymentId ? await deps.store.deployment(row.deploymentId) : undefined;
      const page = await ensureReviewPage(reviewFacts({ ...row, class: row.class }, deployment), settings.pageLanguage, deps.pages, settings);
      if (await deps.store.recordReviewPage(row.problemId, { id: page.id, url: page.url })) reviewed.push(row.problemId);
      await keepReleaseReviewRow(row, page, settings.pageLanguage, now.toISOString(), deps);
    } catch (e) {
      deps.log.warn('Kaizen could not make the review page of a release problem CI reported', { problemId: row.problemId, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { reviewed };
}
