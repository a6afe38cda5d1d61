/**
 * The real adapters of the action items use cases (src/usecases/action-items/), one set per invocation.
 */
import { randomUUID } from 'node:crypto';
import { createConfluencePages } from '../adapters/confluence-pages';
import { createActionItemTracker } from '../adapters/jira-action-items';
import { actionItemStore } from '../storage/action-item-store';
import { incidentReads } from '../storage/incident-reads';
import { updateIncident } from '../storage/incident-store';
import { loadIntakeSettings } from '../storage/settings';
import { createReportingRows } from '../storage/sql/reporting-rows';
import { consoleLog } from '../adapters/product-http';
import type { FollowTaskDeps } from '../usecases/action-items/follow-task-events';
import type { RemindOverdueDeps } from '../usecases/action-items/remind-overdue-action-items';
import type { SyncActionItemsDeps } from '../usecases/action-items/sync-action-items';
import type { Clock } from '../usecases/ports';
import type { UserAccess } from '../usecases/ui-ports';

const systemClock: Clock = { now: () => new Date() };
const timeZone = async (): Promise<string> => (await loadIntakeSettings()).timeZone;

export const syncActionItemsDeps = (access: UserAccess, clock: Clock = systemClock): SyncActionItemsDeps => ({
  access,
  incidents: incidentReads,
  update: updateIncident,
  pages: createConfluencePages({ versionMessage: 'Kaizen: action items synced' }),
  tracker: createActionItemTracker(),
  store: actionItemStore,
  settings: loadIntakeSettings,
  clock,
  newId: randomUUID,
  // the reporting store's `action_items` rows (Forge SQL): a failed write is logged, never fails the sync
  reporting: createReportingRows(),
  log: consoleLog,
});

export const followTaskDeps = (): FollowTaskDeps => ({ store: actionItemStore, incidents: incidentReads, update: updateIncident, timeZone, clock: systemClock, reporting: createReportingRows(), log: consoleLog });

export const remindOverdueDeps = (): RemindOverdueDeps => ({ store: actionItemStore, tracker: createActionItemTracker(), clock: systemClock, timeZone });
