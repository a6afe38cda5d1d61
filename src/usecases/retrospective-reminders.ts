/**
 * The 24-hour rule's reminder (DESIGN 3.4, issue 9 item 3), run by the scheduled trigger: an incident that has
 * recovered (or closed) and whose retrospective — drafted or not yet — is not published by its due time
 * (`retrospectiveDueHours` after recovery) gets ONE comment when it is found overdue, naming the commander, then at
 * most one a day until it is published. Drills too: they are reviewed like incidents. As a runbook, per incident:
 *
 *   1. owed a reminder by the record alone (src/domain/retrospective-reminder.ts)? no → stop, no read;
 *   2. the reminder row: a claim being posted, or this reminder day's reminder sent → stop;
 *   3. claim it by ONE conditional write of the row (two runs at once: one claims, one stops);
 *   4. on the latest record, still owed? (published meanwhile, reopened → give the claim back, stop); a drafted
 *      retrospective gets `overdueRemindedAt` in the same conditional update;
 *   5. post the comment under the reminder's dedupe id (incident + due time + reminder day), so a retried post — or a
 *      run that takes over a claim whose run crashed mid-post — never doubles it;
 *   6. mark the row sent (with its time) until the next reminder may go out: the next reminder day, and at least 24
 *      hours later. A failed post gives everything back for the next run.
 *
 * Which incidents are looked at, per run and per state (recovered, closed): the {@link REMINDER_SCAN_PER_STATE} most
 * recently opened (so a new incident is reminded at once), and the next {@link REMINDER_SCAN_PER_STATE} of a walk
 * through the whole `by-state-opened` index, oldest first, whose cursor is kept between runs
 * (src/storage/retrospective-reminders.ts) — so an old incident whose retrospective is still owed does not drop out.
 * Bounded: at most four index query pages (the records come with them) and two cursor writes per run, and at most
 * {@link REMINDERS_PER_RUN} reminders posted; the rest wait for the next run, five minutes later. An incident beyond
 * the newest page of its state is looked at once every ceil(n / 100) runs (n: incidents in that state), so the daily
 * reminder holds while a state holds up to 28 800 incidents (288 runs a day); beyond that an old incident's reminder
 * comes later than daily, never twice.
 */
import type { Incident, IntakeSettings } from '../domain/incident';
import { latestReminder, overdueReminder, type OverdueReminder } from '../domain/retrospective-reminder';
import { renderRetrospectiveReminder } from '../documents/retrospective-reminder';
import { incidentsInState } from '../storage/incident-reads';
import { updateIncident } from '../storage/incident-store';
import { claimReminder, markReminderSent, olderIncidentsPage, readReminderState, releaseReminder } from '../storage/retrospective-reminders';
import type { Clock, IncidentTracker } from './ports';
import { announce, overdueNotification, type NotifyDeps } from './notify/notification';

export interface ReminderDeps extends NotifyDeps {
  tracker: Pick<IncidentTracker, 'addComment'>;
  clock: Clock;
  settings: Pick<IntakeSettings, 'retrospectiveDueHours'>;
}

/** Incidents of each state (recovered, closed) looked at per run: this many most recently opened, and this many more of the walk. */
export const REMINDER_SCAN_PER_STATE = 100;
/** Reminders posted per run at most (each: a few KVS writes, a Jira read and a post). */
export const REMINDERS_PER_RUN = 20;
/** How long a claim belongs to its run: longer than the longest invocation that reminds (housekeeping, 300 s). */
export const REMINDER_CLAIM_MS = 360_000;

const REVIEWED_STATES = ['recovered', 'closed'] as const;

export type ReminderOutcome = 'not-owed' | 'held' | 'posted';

export interface ReminderRun {
  posted: number;
  failed: number;
}

export async function remindOverdueRetrospectives(deps: ReminderDeps): Promise<ReminderRun> {
  const run: ReminderRun = { posted: 0, failed: 0 };
  for (const state of REVIEWED_STATES) {
    const newest = await incidentsInState(state, REMINDER_SCAN_PER_STATE);
    const older = await olderIncidentsPage(state, REMINDER_SCAN_PER_STATE);
    const looked = new Set<string>();
    for (const incident of [...newest, ...older.incidents]) {
      if (looked.has(incident.id)) continue;
      looked.add(incident.id);
      // the cap: the walk does not move on, so the incidents not looked at are the next run's
      if (run.posted >= REMINDERS_PER_RUN) return run;
      try {
        if ((await remindIfOverdue(incident, deps)) === 'posted') run.posted++;
      } catch (e) {
        // one incident's failure (Jira refused, a storage error) does not keep the others from their reminder; its
        // claim was given back, so the next run tries it again
        run.failed++;
        console.error(`Kaizen: the retrospective reminder of incident ${incident.id} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    await older.save();
  }
  return run;
}

/** One incident's reminder, if it is owed one now. `seen`: the record as the index read it. */
export async function remindIfOverdue(seen: Incident, deps: ReminderDeps): Promise<ReminderOutcome> {
  const now = deps.clock.now();
  const dueHours = deps.settings.retrospectiveDueHours;
  // 1. Owed, by the record alone? (most incidents stop here, without a read)
  if (!overdueReminder(seen, dueHours, now, seen.retrospective?.overdueRemindedAt)) return 'not-owed';

  // 2. The reminder row: being posted, or sent this reminder day?
  const row = await readReminderState(seen.id, now.getTime());
  if (row.held) return 'held';
  const reminder = overdueReminder(seen, dueHours, now, latestReminder(seen.retrospective?.overdueRemindedAt, row.lastSentAt));
  if (!reminder) return 'not-owed';

  // 3. Claim it.
  if (!(await claimReminder(seen.id, reminder.dedupeId, now.getTime(), now.getTime() + REMINDER_CLAIM_MS))) return 'held';

  // 4. Still owed on the latest record (and, with a retrospective, recorded on it).
  const nowIso = now.toISOString();
  let owed = false;
  let previous: string | undefined;
  let latest: Incident | undefined;
  try {
    latest = await updateIncident(seen.id, (i) => {
      owed = sameReminder(overdueReminder(i, dueHours, now, latestReminder(i.retrospective?.overdueRemindedAt, row.lastSentAt)), reminder);
      previous = i.retrospective?.overdueRemindedAt;
      return owed && i.retrospective ? { ...i, retrospective: { ...i.retrospective, overdueRemindedAt: nowIso } } : undefined;
    });
  } catch (e) {
    await releaseReminder(seen.id, reminder.dedupeId);
    throw e;
  }
  if (!owed || !latest?.issue) {
    await releaseReminder(seen.id, reminder.dedupeId);
    return 'not-owed';
  }

  // 5. Post it, once.
  const body = renderRetrospectiveReminder(
    {
      title: latest.title,
      dueAt: reminder.dueAt,
      overdueMs: reminder.overdueMs,
      dueHours,
      first: reminder.first,
      commanderAccountId: latest.roles?.commander,
      page: latest.retrospective ? { title: latest.retrospective.page.title, url: latest.retrospective.page.url } : undefined,
    },
    latest.language,
  );
  try {
    await deps.tracker.addComment(latest.issue.key, body, reminder.dedupeId);
  } catch (e) {
    // give it back: the record's time (only if still ours) and the claim, so the next run posts it, under the same id
    await updateIncident(seen.id, (i) => (i.retrospective?.overdueRemindedAt === nowIso ? { ...i, retrospective: { ...i.retrospective, overdueRemindedAt: previous } } : undefined)).catch(() => undefined);
    await releaseReminder(seen.id, reminder.dedupeId).catch(() => undefined);
    throw e;
  }

  // 6. Sent: nothing more this reminder day, nor within 24 hours.
  await markReminderSent(seen.id, reminder.dedupeId, now.getTime(), reminder.nextReminderAtMs);
  // 7. Slack: the same reminder, once (its id is the comment's), queued — never failing the run
  await announce(deps, overdueNotification(latest, reminder.dedupeId, nowIso, reminder.dueAt));
  return 'posted';
}

/** The same reminder (due time and day) is still owed on the latest record. */
const sameReminder = (owed: OverdueReminder | undefined, claimed: OverdueReminder): boolean => owed?.dedupeId === claimed.dedupeId;
