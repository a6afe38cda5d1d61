/**
 * The retrospective's dependencies (src/usecases/retrospective/) from the real adapters, once per invocation.
 */
import { createConfluencePages } from '../adapters/confluence-pages';
import { createJiraTracker } from '../adapters/jira-tracker';
import { createRetrospectiveReads } from '../adapters/retrospective-products';
import { incidentReads, incidentsOpenedSince } from '../storage/incident-reads';
import { updateIncident } from '../storage/incident-store';
import { loadIntakeSettings } from '../storage/settings';
import { createReportingRows } from '../storage/sql/reporting-rows';
import { consoleLog } from '../adapters/product-http';
import { slackNotifier } from './notify-wiring';
import type { Clock } from '../usecases/ports';
import type { RetrospectiveDeps } from '../usecases/retrospective/retrospective-steps';
import type { UserAccess } from '../usecases/ui-ports';

export function retrospectiveDeps(access: UserAccess, clock: Clock): RetrospectiveDeps {
  let app: ReturnType<RetrospectiveDeps['app']> | undefined;
  return {
    access,
    incidents: incidentReads,
    update: updateIncident,
    clock,
    reads: createRetrospectiveReads(),
    recent: incidentsOpenedSince,
    // the reporting store's `retrospectives` row (Forge SQL): a failed write is logged, never fails the action
    reporting: createReportingRows(),
    log: consoleLog,
    // Slack: the publish announcement (src/usecases/notify/), queued after the publish steps
    notify: slackNotifier(),
    app: () =>
      (app ??= loadIntakeSettings().then((settings) => ({
        settings,
        pages: createConfluencePages({ versionMessage: 'Kaizen: retrospective' }),
        tracker: createJiraTracker(),
      }))),
  };
}
