/**
 * Jira tells Kaizen back (issue 9 item 2): when people move an action item task into or out of the done status
 * category, or change its due date, in Jira, its record and its incident's tally follow — from the issue-event
 * trigger, never by polling Jira. An event about an issue with no `action-item` record costs one KVS read.
 */
import type { Incident } from '../../domain/incident';
import type { Clock } from '../ports';
import type { IncidentReads, IncidentUpdate } from '../ui-ports';
import type { ActionItemStore } from './action-item-ports';
import { recordTally } from './sync-action-items';
import { dayIn } from '../incident-views';

export interface TaskChange {
  issueId: string;
  /** Present when the status changed: whether it is now in the done category. */
  done?: boolean;
  /** Present when the due date changed: the new one (`null` = cleared). */
  dueDate?: string | null;
}

export interface FollowTaskDeps {
  store: ActionItemStore;
  incidents: Pick<IncidentReads, 'load'>;
  update: IncidentUpdate;
  timeZone: () => Promise<string>;
  clock: Clock;
}

/** Answers whether the event was about an action item task (and so was handled here). */
export async function followTaskEvent(change: TaskChange, deps: FollowTaskDeps): Promise<boolean> {
  if (change.done === undefined && change.dueDate === undefined) return false;
  const record = await deps.store.get(change.issueId);
  if (!record) return false;
  const next = { ...record };
  if (change.done !== undefined) next.done = change.done;
  if (change.dueDate !== undefined) {
    if (change.dueDate === null) delete next.dueDate;
    else next.dueDate = change.dueDate.slice(0, 10);
    // a new due date earns a new reminder when it passes
    if (next.dueDate !== record.dueDate) delete next.remindedAt;
  }
  if (next.done === record.done && next.dueDate === record.dueDate) return true;
  await deps.store.put(next);
  const incident: Incident | undefined = await deps.incidents.load(record.incidentId);
  if (incident) await recordTally(incident, await deps.store.listByIncident(record.incidentId), deps.update, dayIn(deps.clock.now(), await deps.timeZone()));
  return true;
}
