/**
 * The five-minute scheduled trigger: a safety net for coalesced comments whose delayed flush was lost (a queue
 * event dropped or dead-lettered): any open incident with pending entries past their window is flushed, and a
 * claimed comment left behind by a flush that crashed while posting is posted (again, under the same dedupe id), and
 * a live page region sync whose delayed event is overdue runs.
 * https://developer.atlassian.com/platform/forge/events-reference/scheduled-trigger/
 */
import { ingestDeps } from '../app/wiring';
import { INCIDENT_STATES, type Incident } from '../domain/incident';
import type { IngestDeps } from '../usecases/ingest-alert';
import { hasPendingComment } from '../domain/pending-comment';
import { incidentsInState } from '../storage/incident-reads';
import { moveLegacyAlertsToRows } from '../storage/incident-store';
import { flushComments } from '../usecases/flush-comments';
import { pageRegionsFingerprint, syncPageRegions } from '../usecases/sync-page-regions';
import { remindOverdueRetrospectives } from '../usecases/retrospective-reminders';
import { Queue } from '@forge/events';
import { drainOverflow } from '../storage/overflow';
import { ALERT_QUEUE } from './queue-events';
import { remindOverdueDeps } from '../app/action-items-wiring';
import { remindOverdueActionItems } from '../usecases/action-items/remind-overdue-action-items';
import { backfillIncidentFacts } from '../usecases/backfill-incident-facts';
import { nextBackfillPage } from '../storage/facts-backfill-walk';
import { reviewCiProblemsDeps } from '../app/release-problems-wiring';
import { reviewCiProblems } from '../usecases/release-problems/review-ci-problems';
import { failStalledDrillsDeps } from '../app/drills-wiring';
import { failStalledDrills } from '../usecases/drills/fail-stalled-drills';

const ACTIVE_STATES = INCIDENT_STATES.filter((s) => s !== 'closed');
const MAX_INCIDENTS_PER_RUN = 200;
/** How far back the attribution safety net looks: the race it repairs happens when an incident is new. */
const RECONCILE_WINDOW_MS = 24 * 3_600_000;

export async function housekeeping(): Promise<{ statusCode: number }> {
  const queue = new Queue({ key: ALERT_QUEUE });
  await drainOverflow((events) => queue.push(events).then(() => undefined), 20);
  const deps = await ingestDeps();
  const now = deps.clock.now();
  let seen = 0;
  for (const state of ACTIVE_STATES) {
    if (seen >= MAX_INCIDENTS_PER_RUN) break;
    const incidents = await incidentsInState(state, MAX_INCIDENTS_PER_RUN - seen);
    seen += incidents.length;
    for (const incident of incidents) {
      // one incident's failure (its page deleted, a product down) is logged and never stops the others' work
      try {
        await tidy(incident, deps, now);
      } catch (e) {
        console.warn('Housekeeping could not finish an incident', { incidentId: incident.id, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  // the 24-hour rule: a retrospective past due gets one reminder on its incident, then at most one a day (DESIGN 3.4)
  await remindOverdueRetrospectives(deps);
  // an action item past its due date: one reminder comment on its task (issue 9 item 3)
  try {
    await remindOverdueActionItems(remindOverdueDeps());
  } catch (e) {
    console.warn('Housekeeping could not remind overdue action items', { error: e instanceof Error ? e.message : String(e) });
  }
  // the reporting store (Forge SQL): pending migrations, then one page of the backfill of incidents without their row
  try {
    if (deps.facts) {
      await deps.facts.migrate();
      await backfillIncidentFacts({ facts: deps.facts, walk: nextBackfillPage });
      // the last day's incidents whose stored attribution missed a deployment recorded at the same moment
      await deps.facts.reconcileAttribution(new Date(Date.now() - RECONCILE_WINDOW_MS).toISOString());
    }
  } catch (e) {
    console.warn('Housekeeping could not migrate or backfill the reporting store', { error: e instanceof Error ? e.message : String(e) });
  }
  // release problems CI reported (rolled back, partially incomplete): their light review pages, a few per run (DESIGN 3.4)
  try {
    await reviewCiProblems(reviewCiProblemsDeps());
  } catch (e) {
    console.warn('Housekeeping could not review release problems CI reported', { error: e instanceof Error ? e.message : String(e) });
  }
  // a drill run that stopped moving (its first step never queued, a step lost): failed as stalled (issue 11)
  try {
    await failStalledDrills(failStalledDrillsDeps());
  } catch (e) {
    console.warn('Housekeeping could not end stalled drill runs', { error: e instanceof Error ? e.message : String(e) });
  }
  return { statusCode: 204 };
}

async function tidy(incident: Incident, deps: IngestDeps, now: Date): Promise<void> {
  // an active incident stored before the alerts moved to rows: its alerts move to rows (the panel lists rows)
  if (incident.legacyAlerts) await moveLegacyAlertsToRows(incident.id);
  // the live page's Roles and Key times behind the record: a delayed sync that should have run by now (its event lost),
  // or a write that failed or crashed (the sync's own claim rules decide whether it may write now)
  const behind = incident.page && pageRegionsFingerprint(incident) !== incident.pageRegionsFingerprint;
  if (incident.page && ((incident.pageSyncDueAt && new Date(incident.pageSyncDueAt) <= now) || behind)) await syncPageRegions(incident.id, deps, { current: incident });
  if (!hasPendingComment(incident)) return;
  if (incident.flushDueAt && new Date(incident.flushDueAt) > now) return;
  await flushComments(incident.id, deps);
}
