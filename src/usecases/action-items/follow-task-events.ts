/**
 * Jira tells Kaizen back (issue 9 item 2): when people move an action item task into or out of the done status
 * category, or change its due date, in Jira, its record and its incident's tally follow — from the issue-event
 * trigger, never by polling Jira. An event about an issue with no `action-item` record costs one KVS read.
 */
import type { Incident } from '../../domain/incident';
import type { Clock } from '../ports';
import type { IncidentReads, IncidentUpdate } from '../ui-ports';
import { sourceOfKey, type ActionItemRecord, type ActionItemStore } from './action-item-ports';
import { withDueDate } from './action-item-task';
import { recordTally } from './sync-action-items';
import { dayIn } from '../incident-views';
import { keepActionItemRows, type ReportingDeps } from '../reporting-rows';

export interface TaskChange {
  issueId: string;
  /** Present when the status changed: whether it is now in the done category. */
  done?: boolean;
  /** Present when the due date changed: the new one (`null` = cleared). */
  dueDate?: string | null;
  /** The task was deleted in Jira (`avi:jira:deleted:issue`): no longer counted or reminded. */
  deleted?: boolean;
  /**
   * When Jira made the change (the issue's `updated`, else the event's time; ISO). Events may arrive out of order:
   * one older than the last applied is ignored.
   */
  at?: string;
}

export interface FollowTaskDeps extends ReportingDeps {
  store: ActionItemStore;
  incidents: Pick<IncidentReads, 'load'>;
  update: IncidentUpdate;
  timeZone: () => Promise<string>;
  clock: Clock;
}

/** Answers whether the event was about an action item task (and so was handled here). */
export async function followTaskEvent(change: TaskChange, deps: FollowTaskDeps): Promise<boolean> {
  if (change.done === undefined && change.dueDate === undefined && !change.deleted) return false;
  const record = await deps.store.get(change.issueId);
  if (!record) return false;
  let wrote = false;
  // re-read and written conditionally: a sync or the reminder writing at the same time never loses this change
  const stored = await deps.store.update(change.issueId, (current) => {
    if (current.gone) return undefined;
    if (change.at !== undefined && current.jiraUpdatedAt !== undefined && Date.parse(change.at) < Date.parse(current.jiraUpdatedAt)) return undefined;
    let next: ActionItemRecord = { ...current, ...(change.at !== undefined ? { jiraUpdatedAt: change.at } : {}) };
    if (change.deleted) next = { ...next, gone: true };
    if (change.done !== undefined) next = { ...next, done: change.done };
    if (change.dueDate !== undefined) next = withDueDate(next, change.dueDate === null ? undefined : change.dueDate.slice(0, 10));
    if (next.done === current.done && next.dueDate === current.dueDate && !!next.gone === !!current.gone && next.remindedAt === current.remindedAt && next.jiraUpdatedAt === current.jiraUpdatedAt) return undefined;
    wrote = true;
    return next;
  });
  // a reading session's task: its record is all there is to follow (no incident tally, no reporting row)
  if (!wrote || !stored || sourceOfKey(record.incidentId).kind !== 'incident') return true;
  const incident: Incident | undefined = await deps.incidents.load(record.incidentId);
  if (!incident) return true;
  const all = await deps.store.listByIncident(record.incidentId);
  await recordTally(incident, all, deps.update, dayIn(deps.clock.now(), await deps.timeZone()));
  // the reporting store's rows (never failing the event: logged, written again by the next change)
  await keepActionItemRows(incident, all, deps);
  return true;
}
