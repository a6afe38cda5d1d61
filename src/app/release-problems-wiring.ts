/**
 * The release problem use cases' dependencies (src/usecases/release-problems/) from the real adapters, once per
 * invocation: the "Report a release problem" action (the declaration path is handed in by the resolver, which owns
 * its wiring) and the housekeeping's light reviews of CI's reports.
 */
import { createConfluencePages } from '../adapters/confluence-pages';
import { createJiraTracker } from '../adapters/jira-tracker';
import { consoleLog } from '../adapters/product-http';
import { updateIncident } from '../storage/incident-store';
import { loadIntakeSettings } from '../storage/settings';
import { createAttributionReads } from '../storage/sql/attribution-reads';
import { createIncidentFacts } from '../storage/sql/incident-facts';
import { createReleaseProblemStore } from '../storage/sql/release-problems';
import { createReportingRows } from '../storage/sql/reporting-rows';
import { attributeOutageToDeployment } from '../usecases/attribution/set-attribution';
import type { Clock } from '../usecases/ports';
import type { ReportReleaseProblemDeps } from '../usecases/release-problems/report-release-problem';
import type { ReviewCiProblemsDeps } from '../usecases/release-problems/review-ci-problems';
import type { UserAccess } from '../usecases/ui-ports';

const PAGE_VERSION_MESSAGE = 'Kaizen: release review';

export function reportReleaseProblemDeps(access: UserAccess, clock: Clock, declare: ReportReleaseProblemDeps['declare']): ReportReleaseProblemDeps {
  let app: ReturnType<ReportReleaseProblemDeps['app']> | undefined;
  let settings: ReturnType<ReportReleaseProblemDeps['settings']> | undefined;
  return {
    access,
    store: createReleaseProblemStore(),
    settings: () => (settings ??= loadIntakeSettings()),
    clock,
    app: () => (app ??= Promise.resolve({ pages: createConfluencePages({ versionMessage: PAGE_VERSION_MESSAGE }), tracker: createJiraTracker() })),
    declare,
    reporting: createReportingRows(),
    log: consoleLog,
    attribute: (incidentId, deploymentId, reporter) =>
      attributeOutageToDeployment(incidentId, deploymentId, reporter, { facts: createIncidentFacts(), log: consoleLog, update: updateIncident, clock, reads: createAttributionReads() }),
  };
}

export function reviewCiProblemsDeps(): ReviewCiProblemsDeps {
  return {
    store: createReleaseProblemStore(),
    pages: createConfluencePages({ versionMessage: PAGE_VERSION_MESSAGE }),
    settings: loadIntakeSettings,
    clock: { now: () => new Date() },
    log: consoleLog,
    reporting: createReportingRows(),
  };
}
