/**
 * Brings the incident in step with a person's edit of its Jira issue (DESIGN 3.3), as a runbook:
 *
 *   1. the rule the change asks for (src/domain/jira-sync.ts) — none: stop, nothing read;
 *   2. the issue's incident — a non-incident issue: stop;
 *   3. the rule on the incident as stored — already so (the app's own edit coming back): stop, nothing written;
 *   4. who did it (the Jira user's display name, for the timeline);
 *   5. commit conditionally, re-applying the rule on the latest version (updateIncident);
 *   6. the live page's Roles and Key times regions follow (sync-page-regions) — also after "already so", so a
 *      redelivered event resumes a page write that failed; a page already showing the record costs nothing;
 *   7. the reporting store's row follows; 8. Slack hears of a level raised or a recovery made in Jira (queued).
 */
import type { Incident, Level } from '../domain/incident';
import { jiraSyncRule, type JiraIssueChange } from '../domain/jira-sync';
import type { PersonActionResult } from '../domain/person-actions';
import type { IncidentReads, IncidentUpdate } from './ui-ports';
import { syncIncidentFacts, type FactDeps } from './sync-incident-facts';
import { announce, changeNotifications, type NotifyDeps } from './notify/notification';

/** The names of Jira users, for the timeline (src/adapters/jira-users.ts, as the app: an event has no calling user). */
export interface JiraUserNames {
  /**
   * The Jira user's display name, or undefined when it cannot be read: `GET /rest/api/3/user?accountId=`
   * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-get).
   */
  displayNameOf(accountId: string): Promise<string | undefined>;
}

export interface SyncFromJiraDeps extends JiraUserNames, FactDeps, NotifyDeps {
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load'>;
  update: IncidentUpdate;
  priorityByLevel(): Promise<Readonly<Record<Level, string>>>;
  /** The live page follows the incident as committed (src/usecases/sync-page-regions.ts with `current`). */
  followPage?(incident: Incident): Promise<unknown>;
}

export interface JiraIssueEdit {
  issueId: string;
  /** The Jira user who made the edit (the event's `atlassianId`). */
  accountId: string;
  /** When Jira made the edit (the event's timestamp). */
  at: Date;
  change: JiraIssueChange;
}

export type SyncOutcome = 'changed' | 'unchanged' | 'not-an-incident' | 'nothing-to-follow';

export async function syncFromJira(edit: JiraIssueEdit, deps: SyncFromJiraDeps): Promise<SyncOutcome> {
  // 1. What the edit asks of the incident.
  const rule = jiraSyncRule(edit.change, await deps.priorityByLevel());
  if (!rule) return 'nothing-to-follow';
  // 2. The issue's incident (a property pointing at another issue's incident is not this issue's).
  const incidentId = await deps.incidents.incidentIdOfIssue(edit.issueId);
  const current = incidentId ? await deps.incidents.load(incidentId) : undefined;
  if (!current || (current.issue && current.issue.id !== edit.issueId)) return 'not-an-incident';
  // 3. Already so: the app's own edit coming back, or a repeat delivery.
  const probe = { accountId: edit.accountId, displayName: edit.accountId };
  if (rule(current, probe, edit.at).kind !== 'changed') {
    await deps.followPage?.(current);
    return 'unchanged';
  }
  // 4. Who did it, by name.
  const actor = { accountId: edit.accountId, displayName: (await deps.displayNameOf(edit.accountId)) ?? edit.accountId };
  // 5. Commit on the latest version.
  const last: { applied: PersonActionResult } = { applied: { kind: 'unchanged', reason: 'already' } };
  const updated = await deps.update(
    current.id,
    (latest) => {
      last.applied = rule(latest, actor, edit.at);
      return last.applied.kind === 'changed' ? last.applied.incident : undefined;
    },
    () => (last.applied.kind === 'changed' ? last.applied.timeline : []),
  );
  // 6. The live page follows.
  if (updated) await deps.followPage?.(updated);
  // 7. The reporting store's row follows (never throws).
  if (updated) await syncIncidentFacts(updated, deps);
  // 8. Slack (DESIGN 3.7): a priority raised in Jira raises the level, a Done transition recovers it (never throws)
  if (updated) await announce(deps, ...changeNotifications(current, updated, edit.at.toISOString()));
  return last.applied.kind === 'changed' ? 'changed' : 'unchanged';
}
