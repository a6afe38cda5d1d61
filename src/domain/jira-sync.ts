/**
 * What people's edits of the incident issue in Jira itself mean for the incident (DESIGN 3.3), as a pure rule:
 * a transition into the done status category closes it (at the event's time), a transition out of done reopens a
 * closed incident, a priority that `priorityByLevel` maps to a level sets that level, the assignee is the commander
 * (unassigned clears it). Each is a person's action (src/domain/person-actions.ts), so it is recorded with the Jira
 * user who made it and alerts never override it.
 *
 * No loop: Kaizen's own Jira writes are made AS THE USER, so `ignoreSelf` does not filter their events. The rule
 * compares values instead — when the incident already says what the event says (closed, same level, same
 * commander) the answer is "unchanged" and nothing is written.
 *
 * Late events: Forge delivers issue events asynchronously, so a transition can arrive after a later change made in
 * the panel. A done/not-done event is judged by when Jira made it (`at`): a "moved to done" made at or before the
 * incident's last reopen (`reopenedAt`, the panel's or Jira's) closes nothing, and a "moved out of done" made at or
 * before its close (`closedAt`) reopens nothing — the later decision stands.
 */
import { LEVELS, type Level } from './incident';
import { close, reopen, setLevel, setRoles, type PersonActionResult, type PersonRule } from './person-actions';

/** What an issue event says, already parsed (src/handlers/jira-issue-events.ts); a field absent did not change. */
export interface JiraIssueChange {
  /** The status changed: whether the issue is now in the done status category. */
  statusDone?: boolean;
  /** The priority changed: its name now (null: none). */
  priorityName?: string | null;
  /** The assignee changed: the account id now (null: unassigned). */
  assigneeAccountId?: string | null;
}

/** The level a Jira priority name stands for (`priorityByLevel` read backwards), or undefined when none maps to it. */
export function levelOfPriority(priorityName: string, priorityByLevel: Readonly<Record<Level, string>>): Level | undefined {
  const wanted = priorityName.trim().toLowerCase();
  return LEVELS.find((level) => priorityByLevel[level]?.trim().toLowerCase() === wanted);
}

const ALREADY: PersonActionResult = { kind: 'unchanged', reason: 'already' };

/**
 * Events arrive late and in any order: a value Kaizen recorded AFTER the Jira edit was made (`at`, the event's time)
 * is newer than what the event says — e.g. the panel's SEV1 edit coming back after someone already chose SEV4 — so
 * the event leaves it alone.
 */
const newerThan = (recordedAt: string | undefined, at: Date): boolean => recordedAt !== undefined && Date.parse(recordedAt) > at.getTime();

/** The event (made at `at`) is no later than the state change recorded at `recordedAt`: it is the older of the two. */
const notAfter = (at: Date, recordedAt: string | undefined): boolean => recordedAt !== undefined && at.getTime() <= Date.parse(recordedAt);

/**
 * Reopen only a CLOSED incident (moving a recovered incident's issue between not-done statuses is no reopen), and
 * only by an edit made after it was closed.
 */
const reopenClosed: PersonRule = (i, actor, at) => (i.state === 'closed' && !notAfter(at, i.closedAt) ? reopen(i, actor, at) : ALREADY);

/** Close, unless the edit was made at or before the incident's last reopen (a stale "done" arriving late). */
const closeFromJira: PersonRule = (i, actor, at) => (notAfter(at, i.reopenedAt) ? ALREADY : close(i, actor, at));

/** Level from Jira: compared on the value alone (the panel's own priority edit comes back with the same level). */
const levelFromJira =
  (level: Level): PersonRule =>
  (i, actor, at) =>
    i.level === level || newerThan(i.setByPerson?.level?.at, at) ? ALREADY : setLevel(level)(i, actor, at);

/** The commander from the assignee; a roles change recorded after the Jira edit wins. */
const commanderFromJira =
  (accountId: string | null): PersonRule =>
  (i, actor, at) =>
    newerThan(i.setByPerson?.roles?.at, at) && (i.roles?.commander ?? null) !== accountId ? ALREADY : setRoles({ commander: accountId })(i, actor, at);

/**
 * The person's rule an issue change asks for, or undefined when it asks for nothing Kaizen follows. The rules run
 * in order on the result of the previous one; the whole is "unchanged" when each part is.
 */
export function jiraSyncRule(change: JiraIssueChange, priorityByLevel: Readonly<Record<Level, string>>): PersonRule | undefined {
  const rules: PersonRule[] = [];
  if (change.statusDone === false) rules.push(reopenClosed);
  if (change.priorityName) {
    const level = levelOfPriority(change.priorityName, priorityByLevel);
    if (level) rules.push(levelFromJira(level));
  }
  if (change.assigneeAccountId !== undefined) rules.push(commanderFromJira(change.assigneeAccountId));
  // close last, so a level or commander set in the same edit is recorded before the incident closes
  if (change.statusDone === true) rules.push(closeFromJira);
  if (rules.length === 0) return undefined;
  // `at` is when Jira made the edit: the close time, and the time on each timeline entry and person mark
  return (incident, actor, at) => {
    let current = incident;
    const timeline: Extract<PersonActionResult, { kind: 'changed' }>['timeline'] = [];
    for (const rule of rules) {
      const result = rule(current, actor, at);
      if (result.kind !== 'changed') continue; // a refusal (e.g. a rule closed incidents refuse) changes nothing here
      current = result.incident;
      timeline.push(...result.timeline);
    }
    return timeline.length === 0 ? ALREADY : { kind: 'changed', incident: current, timeline };
  };
}
