/**
 * The light review page of a release problem (DESIGN 3.4: partially incomplete, rolled back), shared by a person's
 * report and the housekeeping's pages for CI's reports: rendered from the row in the page language, found by its
 * unique title (a run that crashed after making it), else created under the retrospectives parent.
 */
import { renderReleaseReviewPage, type ReleaseReviewFacts, type ReviewedReleaseClass } from '../../documents/release-review-page';
import type { Language } from '../../domain/incident';
import type { DeploymentView } from '../../shared/attribution';
import type { Settings } from '../../shared/settings';
import type { IncidentPages, PageRef } from '../ports';
import type { ReleaseProblemRow } from './release-problem-ports';

export type ReviewSettings = Pick<Settings, 'confluenceSpaceKey' | 'retrospectivesParentPageId' | 'retrospectivesParentTitle' | 'pageLanguage'>;

/** A row whose class gets a light review. */
export const isReviewed = (c: ReleaseProblemRow['class']): c is ReviewedReleaseClass => c === 'rolled_back' || c === 'partially_incomplete';

/** The page's facts from the row (and its deployment when the store knows it). */
export function reviewFacts(row: ReleaseProblemRow & { class: ReviewedReleaseClass }, deployment: DeploymentView | undefined, reportedOn?: { key: string }): ReleaseReviewFacts {
  return {
    problemId: row.problemId,
    releaseClass: row.class,
    summary: row.summary,
    occurredAt: row.occurredAt,
    ...(deployment ? { deployment: { id: deployment.id, title: deployment.title, pipelineUrl: deployment.pipelineUrl } } : row.deploymentId ? { deployment: { id: row.deploymentId, title: row.deploymentId } } : {}),
    service: row.service,
    version: row.version,
    reportedBy: row.source === 'ci' || !row.reportedBy ? 'ci' : { accountId: row.reportedBy },
    ...(reportedOn ? { reportedOn } : {}),
  };
}

/**
 * The page: the one with its title in the space (made by a run that crashed before recording it), else a new one
 * under the retrospectives parent (settings `retrospectivesParentPageId`, else the page titled
 * `retrospectivesParentTitle`). At most one product write; a concurrent create of the same title converges on one
 * page (the pages adapter answers the existing page for Confluence's "already exists").
 */
export async function ensureReviewPage(facts: ReleaseReviewFacts, language: Language, pages: IncidentPages, settings: ReviewSettings): Promise<PageRef> {
  const rendered = renderReleaseReviewPage({ language, facts });
  const found = await pages.findPage(settings.confluenceSpaceKey, rendered.title);
  if (found) return found;
  const parentId = settings.retrospectivesParentPageId ?? (await pages.findPageId(settings.confluenceSpaceKey, settings.retrospectivesParentTitle));
  return pages.createPage({ spaceKey: settings.confluenceSpaceKey, parentId, title: rendered.title, storage: rendered.storage });
}
