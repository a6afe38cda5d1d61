/**
 * The five-minute scheduled trigger: a safety net for coalesced comments whose delayed flush was lost (a queue
 * event dropped or dead-lettered): any open incident with pending entries past their window is flushed, and a
 * claimed comment left behind by a flush that crashed while posting is posted (again, under the same dedupe id), and
 * a live page region sync whose delayed event is overdue runs.
 * https://developer.atlassian.com/platform/forge/events-reference/scheduled-trigger/
 */
import { ingestDeps } from '../app/wiring';
import { INCIDENT_STATES } from '../domain/incident';
import { hasPendingComment } from '../domain/pending-comment';
import { incidentsInState } from '../storage/incident-reads';
import { moveLegacyAlertsToRows } from '../storage/incident-store';
import { flushComments } from '../usecases/flush-comments';
import { syncPageRegions } from '../usecases/sync-page-regions';
import { Queue } from '@forge/events';
import { drainOverflow } from '../storage/overflow';
import { ALERT_QUEUE } from './queue-events';

const ACTIVE_STATES = INCIDENT_STATES.filter((s) => s !== 'closed');
const MAX_INCIDENTS_PER_RUN = 200;

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
      // an active incident stored before the alerts moved to rows: its alerts move to rows (the panel lists rows)
      if (incident.legacyAlerts) await moveLegacyAlertsToRows(incident.id);
      // a delayed sync of the live page's Roles and Key times that should have run by now (its event lost)
      if (incident.page && incident.pageSyncDueAt && new Date(incident.pageSyncDueAt) <= now) await syncPageRegions(incident.id, deps, { current: incident });
      if (!hasPendingComment(incident)) continue;
      if (incident.flushDueAt && new Date(incident.flushDueAt) > now) continue;
      await flushComments(incident.id, deps);
    }
  }
  return { statusCode: 204 };
}
