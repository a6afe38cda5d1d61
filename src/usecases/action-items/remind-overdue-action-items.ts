/**
 * The overdue action item reminder (issue 9 item 3): from the scheduled trigger, ONE comment on each open task past
 * its due date, in the retrospective page's language. `remindedAt` on the record says it was posted; the comment's
 * dedupe id (`action-item-overdue:<issue id>:<due date>`) makes a run that crashed between posting and recording
 * post nothing the second time.
 */
import type { Clock } from '../ports';
import { sourceOfKey, type ActionItemStore, type ActionItemTracker } from './action-item-ports';
import { overdueComment } from './action-item-task';
import { dayIn } from '../incident-views';

export interface RemindOverdueDeps {
  store: ActionItemStore;
  tracker: Pick<ActionItemTracker, 'addComment' | 'taskExists'>;
  clock: Clock;
  timeZone: () => Promise<string>;
}

const MAX_PER_RUN = 50;

/** Answers how many reminders were posted. */
export async function remindOverdueActionItems(deps: RemindOverdueDeps): Promise<number> {
  const today = dayIn(deps.clock.now(), await deps.timeZone());
  const due = (await deps.store.openDueBefore(today, 500)).filter((r) => !r.remindedAt && r.dueDate);
  let posted = 0;
  let failed: unknown;
  for (const record of due.slice(0, MAX_PER_RUN)) {
    // one task's failure (deleted, no permission, Jira down) never stops the others' reminders
    try {
      await deps.tracker.addComment(record.key, overdueComment(record.language, record.dueDate!, sourceOfKey(record.incidentId).kind), `action-item-overdue:${record.issueId}:${record.dueDate}`);
    } catch (e) {
      if (!(await deps.tracker.taskExists(record.issueId).catch(() => true))) {
        // deleted in Jira: not counted, never reminded again
        await deps.store.update(record.issueId, (current) => (current.gone ? undefined : { ...current, gone: true }));
      } else failed ??= e;
      continue;
    }
    // conditional on the done state and due date read: a task done or re-dated meanwhile keeps that
    await deps.store.update(record.issueId, (current) => (current.done || current.dueDate !== record.dueDate || current.remindedAt ? undefined : { ...current, remindedAt: deps.clock.now().toISOString() }));
    posted++;
  }
  // the others were reminded; the failure is still the run's, so the trigger records it
  if (failed !== undefined) throw failed;
  return posted;
}
