/**
 * Runs one person's action on the incident of an issue (DESIGN 3.3, 4), the same way for every action:
 *
 *   1. authorise: the caller may edit the issue, asked AS THE CALLER (never the app's rights);
 *   2. load the issue's incident;
 *   3. who is acting (`me()` as the caller), for the timeline and the `setByPerson` marks;
 *   4. apply the pure rule (src/domain/person-actions.ts) — a refusal or "nothing to change" writes nothing;
 *   5. commit conditionally on the version (`updateIncident`), re-applying the rule on the latest version when
 *      someone else wrote first, so two people acting at once both land; the timeline entries go in the same commit.
 *
 * What Jira should follow (level → summary and priority, commander → assignee, close → done) is the caller's
 * `follow` step, run after the commit, as the user.
 */
import type { Actor, PersonActionResult, PersonRule } from '../domain/person-actions';
import { queueForComment } from '../domain/pending-comment';
import type { Incident } from '../domain/incident';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import type { Clock } from './ports';
import type { IncidentReads, IncidentUpdate, UserAccess } from './ui-ports';

export interface PersonActionDeps {
  access: Pick<UserAccess, 'canEditIssue' | 'me'>;
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load'>;
  update: IncidentUpdate;
  clock: Clock;
}

export interface PersonActionDone {
  /** `changed`: this call wrote; `unchanged`: nothing to write (already so, or not applicable in its state). */
  outcome: 'changed' | 'unchanged';
  reason?: 'already' | 'not-applicable';
  before: Incident;
  incident: Incident;
  actor: Actor;
}

/**
 * What a rule cannot check by itself (it is pure): a look-up in Jira, made after the caller is authorised and the
 * incident read, before anything is written. A refusal is the action's answer; undefined lets the action go on.
 */
export type PersonActionCheck = (current: Incident) => Promise<ResolverResult<never> | undefined>;

/**
 * "You may not" in the words of the action (`to set the level of its incident`). `forComment`: the action's timeline
 * entries also join the coalesced Jira comment (`pendingComment`, bounded like alert entries), in the same commit.
 * `check`: see {@link PersonActionCheck} (the people named in roles exist in Jira).
 */
export async function runPersonAction(issueId: string, rule: PersonRule, deps: PersonActionDeps, doing: string, options: { forComment?: boolean; check?: PersonActionCheck } = {}): Promise<ResolverResult<PersonActionDone>> {
  // 1. Only someone who may edit the issue may act on its incident (as the user, not as the app).
  if (!(await deps.access.canEditIssue(issueId))) return fail('edit-not-allowed', `You need permission to edit this issue ${doing}.`);
  // 2. The issue's incident (a property pointing at another issue's incident is not this issue's).
  const incidentId = await deps.incidents.incidentIdOfIssue(issueId);
  const current = incidentId ? await deps.incidents.load(incidentId) : undefined;
  if (!current || (current.issue && current.issue.id !== issueId)) return fail('incident-not-found', 'This issue has no Kaizen incident.');
  // 2b. What only Jira can tell (e.g. the people named exist), refused before anything is written.
  const refused = await options.check?.(current);
  if (refused) return refused;
  // 3. Who acts, in their own name.
  const actor = await deps.access.me();
  const now = deps.clock.now();
  // 4. The rule on what was read: a refusal or "nothing to do" costs no write.
  const first = rule(current, actor, now);
  if (first.kind !== 'changed') return settle(first, current, current, actor);
  // 5. Commit, re-applying the rule on the latest version if another writer got there first.
  let applied: PersonActionResult = first;
  const updated = await deps.update(
    current.id,
    (latest) => {
      applied = rule(latest, actor, now);
      if (applied.kind !== 'changed') return undefined;
      return options.forComment ? queueForComment(applied.incident, applied.timeline) : applied.incident;
    },
    () => (applied.kind === 'changed' ? applied.timeline : []),
  );
  if (!updated) return fail('incident-not-found', 'The incident is gone.');
  return settle(applied, current, updated, actor);
}

function settle(result: PersonActionResult, before: Incident, incident: Incident, actor: Actor): ResolverResult<PersonActionDone> {
  if (result.kind === 'refused') {
    const rule = result.rule;
    const code = rule === 'not-while-closed' ? 'state-rule' : 'time-rule';
    return fail(code, result.message, result.fields.map((field) => ({ field, path: field, message: rule })));
  }
  if (result.kind === 'unchanged') return ok({ outcome: 'unchanged', reason: result.reason, before, incident, actor });
  return ok({ outcome: 'changed', before, incident, actor });
}
