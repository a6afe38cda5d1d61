/**
 * The 24-hour rule's reminder (DESIGN 3.4, issue 9 item 3), as a pure rule: which incidents get an overdue reminder
 * now, and which reminder it is. Time is given.
 *
 * Reminder days are counted from the due time: day 0 is the first 24 hours after it, day 1 the next, and so on. An
 * incident gets at most one reminder per reminder day — the first on the day it is found overdue, then one more each
 * day after until the retrospective is published — AND never two within 24 hours: the next reminder is due at
 * max(the next reminder day's start, the last reminder + 24 h). Without the second rule a reminder posted late in a
 * reminder day (a backdated recovery, a lowered due-hours setting, a trigger outage) would be followed by another
 * minutes later, at the next day's start. The day is also what makes a reminder's identity (its comment's dedupe
 * id): a retried post of the same day's reminder is the same comment.
 */
import { createHash } from 'node:crypto';
import type { Incident } from './incident';
import { retrospectiveDue } from './retrospective';

export const REMINDER_DAY_MS = 24 * 60 * 60 * 1000;

/** Only an incident that has recovered (and stays so, or was closed) owes a retrospective. */
const REVIEWED_STATES: ReadonlySet<Incident['state']> = new Set(['recovered', 'closed']);

export interface OverdueReminder {
  /** When the retrospective was due (ISO). */
  dueAt: string;
  /** How long past due, at `now`. */
  overdueMs: number;
  /** The reminder day (0: the first 24 hours after the due time). */
  day: number;
  /** The first reminder for this due time (no earlier reminder since it became due). */
  first: boolean;
  /** The reminder's comment identity: incident, due time and reminder day. */
  dedupeId: string;
  /** When the next reminder may go out (epoch ms): max(the end of this reminder day, now + 24 h). */
  nextReminderAtMs: number;
}

export type ReminderCandidate = Pick<Incident, 'id' | 'state' | 'recoveredAt' | 'retrospective' | 'issue'>;

/**
 * The reminder `incident` is owed now, or undefined: it has an issue to comment on, has recovered (or closed), its
 * retrospective — drafted or not — is not published and is past due, no reminder went out this reminder day, and
 * the last one went out at least 24 hours ago.
 * `lastRemindedAt`: the latest reminder known (the record's `retrospective.overdueRemindedAt`, or the reminder row
 * for an incident with no retrospective yet). A reminder from before the due time (the incident reopened and
 * recovered again, which moves the due time) does not count.
 */
export function overdueReminder(incident: ReminderCandidate, dueHours: number, now: Date, lastRemindedAt: string | undefined): OverdueReminder | undefined {
  if (!incident.issue || !REVIEWED_STATES.has(incident.state)) return undefined;
  const due = retrospectiveDue(incident, dueHours, now);
  if (!due?.overdue) return undefined;
  const dueMs = Date.parse(due.dueAt);
  const overdueMs = now.getTime() - dueMs;
  const day = Math.floor(overdueMs / REMINDER_DAY_MS);
  const lastMs = lastRemindedAt === undefined ? Number.NaN : Date.parse(lastRemindedAt);
  const remindedSinceDue = Number.isFinite(lastMs) && lastMs > dueMs;
  if (remindedSinceDue && Math.floor((lastMs - dueMs) / REMINDER_DAY_MS) >= day) return undefined;
  // at most once a day, whatever the reminder days say (a reminder late in one day is not followed by one at the next day's start)
  if (Number.isFinite(lastMs) && now.getTime() - lastMs < REMINDER_DAY_MS) return undefined;
  return {
    dueAt: due.dueAt,
    overdueMs,
    day,
    first: !remindedSinceDue,
    dedupeId: reminderDedupeId(incident.id, due.dueAt, day),
    nextReminderAtMs: Math.max(dueMs + (day + 1) * REMINDER_DAY_MS, now.getTime() + REMINDER_DAY_MS),
  };
}

/** The comment identity of one day's reminder (comment property values stay short and free of sender text). */
export function reminderDedupeId(incidentId: string, dueAt: string, day: number): string {
  return `retro-overdue-${createHash('sha256').update(`${incidentId}\n${dueAt}\n${day}`).digest('hex').slice(0, 32)}`;
}

/** The latest of two reminder times (either may be absent). */
export function latestReminder(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
