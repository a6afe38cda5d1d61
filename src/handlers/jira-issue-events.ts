/**
 * Keeps the incident in step when people work its Jira issue (DESIGN 3.3): a transition into or out of the done
 * status category, a priority change, an assignee change (src/usecases/sync-from-jira.ts). The app's own edits are
 * made as the user, so `ignoreSelf` (manifest) does not filter them: the use case compares values instead.
 * Payload: https://developer.atlassian.com/platform/forge/events-reference/jira/ (issue events; `changelog.items`
 * follow the Jira webhook convention `{field, fieldId, from, to, …}`).
 */
import { z } from 'zod';
import type { JiraIssueChange } from '../domain/jira-sync';
import { jiraUserNamesAsApp } from '../adapters/jira-users';
import { consoleLog } from '../adapters/product-http';
import { incidentReads } from '../storage/incident-reads';
import { updateIncident } from '../storage/incident-store';
import { loadIntakeSettings } from '../storage/settings';
import { syncFromJira } from '../usecases/sync-from-jira';
import { slackNotifier } from '../app/notify-wiring';
import { syncPageRegions } from '../usecases/sync-page-regions';
import { pageSyncDeps } from '../app/wiring';
import { createIncidentFacts } from '../storage/sql/incident-facts';
import { followTaskDeps } from '../app/action-items-wiring';
import { followTaskEvent } from '../usecases/action-items/follow-task-events';

const ChangeItemSchema = z.object({ field: z.string(), fieldId: z.string().optional(), from: z.string().nullish(), to: z.string().nullish() }).passthrough();

const IssueEventSchema = z.object({
  eventType: z.string(),
  /** Epoch milliseconds, sent as a string. */
  timestamp: z.union([z.string(), z.number()]).optional(),
  atlassianId: z.string().optional(),
  issue: z.object({
    id: z.string(),
    key: z.string(),
    fields: z
      .object({
        status: z.object({ statusCategory: z.object({ key: z.string() }) }).passthrough().nullish(),
        priority: z.object({ name: z.string() }).passthrough().nullish(),
        assignee: z.object({ accountId: z.string() }).passthrough().nullish(),
        duedate: z.string().nullish(),
      })
      .passthrough(),
  }),
  changelog: z.object({ items: z.array(ChangeItemSchema) }).passthrough().optional(),
});
type IssueEvent = z.infer<typeof IssueEventSchema>;

/** Only what the changelog says changed; the values are read from the issue as the event carries it. */
function changeOf(event: IssueEvent): JiraIssueChange {
  const changed = new Set((event.changelog?.items ?? []).map((item) => item.fieldId ?? item.field));
  const { fields } = event.issue;
  return {
    ...(changed.has('status') && fields.status ? { statusDone: fields.status.statusCategory.key === 'done' } : {}),
    ...(changed.has('priority') ? { priorityName: fields.priority?.name ?? null } : {}),
    ...(changed.has('assignee') ? { assigneeAccountId: fields.assignee?.accountId ?? null } : {}),
  };
}

function timeOf(event: IssueEvent): Date {
  const ms = Number(event.timestamp);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : new Date();
}

export async function onJiraIssueEvent(event: unknown): Promise<void> {
  const parsed = IssueEventSchema.safeParse(event);
  // a malformed event is logged and dropped: a retry would fail the same way
  if (!parsed.success) {
    consoleLog.warn('Dropped a Jira issue event Kaizen cannot read', { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
    return;
  }
  const data = parsed.data;
  // an action item task deleted in Jira: no longer counted or reminded (nothing for any other issue)
  if (data.eventType === 'avi:jira:deleted:issue') {
    await followTaskEvent({ issueId: data.issue.id, deleted: true, at: timeOf(data).toISOString() }, followTaskDeps());
    return;
  }
  // an action item task (a record in KVS) moved into / out of done or got a new due date: its incident's tally follows
  // (an event older than the last one followed is ignored: Forge delivers at least once, in no set order)
  if (data.eventType === 'avi:jira:updated:issue' && data.changelog) {
    const changed = new Set(data.changelog.items.map((item) => item.fieldId ?? item.field));
    const { fields } = data.issue;
    const task = {
      issueId: data.issue.id,
      ...(changed.has('status') && fields.status ? { done: fields.status.statusCategory.key === 'done' } : {}),
      ...(changed.has('duedate') ? { dueDate: fields.duedate ?? null } : {}),
      at: timeOf(data).toISOString(),
    };
    if (await followTaskEvent(task, followTaskDeps())) return;
  }
  // only people's edits are followed (an updated issue with no changelog, or no user, asks for nothing)
  if (data.eventType !== 'avi:jira:updated:issue' || !data.atlassianId || !data.changelog) return;
  await syncFromJira(
    { issueId: data.issue.id, accountId: data.atlassianId, at: timeOf(data), change: changeOf(data) },
    {
      incidents: incidentReads,
      update: updateIncident,
      priorityByLevel: async () => (await loadIntakeSettings()).priorityByLevel,
      // the Jira user's name, asked as the app (src/adapters/jira-users.ts)
      displayNameOf: jiraUserNamesAsApp.displayNameOf,
      followPage: (incident) => syncPageRegions(incident.id, pageSyncDeps(), { current: incident }),
      // the reporting store's row follows (Forge SQL)
      facts: createIncidentFacts(),
      // Slack hears of a level raised or a recovery made in Jira (the kaizen-notify queue)
      notify: slackNotifier(),
    },
  );
}
