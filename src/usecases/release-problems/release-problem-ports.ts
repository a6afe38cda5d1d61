/**
 * What the release problem use cases read and write in the reporting store (house style 1):
 * src/storage/sql/release-problems.ts implements it on Forge SQL (`release_problems`, `deployments`).
 */
import type { DeploymentView } from '../../shared/attribution';
import type { ReleaseProblemClass } from '../../shared/metrics';

/** A `release_problems` row (times ISO, UTC). */
export interface ReleaseProblemRow {
  /** `person:<request id>` or `ci:<deployment id>`. */
  problemId: string;
  class: ReleaseProblemClass;
  deploymentId: string | null;
  service: string | null;
  version: string | null;
  summary: string;
  source: 'person' | 'ci';
  /** The reporter's account id (a person's report). */
  reportedBy: string | null;
  occurredAt: string;
  reportedAt: string;
  /** Caused an outage: the incident's issue key, recorded when its issue is filed (a person's report: last). */
  issueKey: string | null;
  incidentId: string | null;
  reviewPage: { id: string; url: string } | null;
  drill: boolean;
}

/** A new row (no review page yet). */
export type NewReleaseProblem = Omit<ReleaseProblemRow, 'reviewPage'>;

export interface ReleaseProblemStore {
  /** The newest `limit` PRODUCTION deployments, newest first (one SELECT on `deployments`). */
  recentProductionDeployments(limit: number): Promise<DeploymentView[]>;
  /** The deployment with this id in any environment, or undefined (one SELECT). */
  deployment(deploymentId: string): Promise<DeploymentView | undefined>;
  /** The row, or undefined (one SELECT). */
  get(problemId: string): Promise<ReleaseProblemRow | undefined>;
  /** Inserts the row unless one has its id (`INSERT IGNORE`): true when this call inserted it. */
  insertIfAbsent(row: NewReleaseProblem): Promise<boolean>;
  /** Records the light review page, only while the row has none: false when another call recorded one first. */
  recordReviewPage(problemId: string, page: { id: string; url: string }): Promise<boolean>;
  /** Removes a person's row whose incident was never filed (its declaration refused): nothing of the report is kept. */
  removeUnfinished(problemId: string): Promise<void>;
  /** Fills the incident and its issue key where the row has none yet (never replaces a recorded one). */
  recordIncident(problemId: string, incidentId: string, issueKey: string | null): Promise<void>;
  /**
   * CI-reported rolled-back / partially incomplete problems without a review page and not claimed now (or whose claim
   * has passed), at most `limit`: those never tried first, then those tried longest ago (oldest report first in each).
   */
  pendingCiReviews(nowIso: string, limit: number): Promise<ReleaseProblemRow[]>;
  /**
   * Claims the row's review until `untilIso` with ONE conditional UPDATE: only while it has no page and no claim that
   * holds at `nowIso`. True when this call claimed it.
   */
  claimReview(problemId: string, nowIso: string, untilIso: string): Promise<boolean>;
}
