import type { Actor } from '../core/product';
import { formatJiraDateTime, nextCounter, type Caller, type JiraContext } from './context';
import { NS, pad, type ChangeItem, type StoredHistory, type StoredIssue } from './model';
import { issueTypeJson, priorityJson, projectOf, projectRefJson, findStatus, statusJson } from './representations';

/**
 * The issue as Forge product events carry it (shared/docs/forge-platform.md §8.11): users are reduced to
 * `{accountId}`, the rest uses the REST shapes. Both `issuetype` (the example payload) and `issueType` (the type
 * reference) are documented, so both are sent.
 */
export function eventIssue(ctx: JiraContext, issue: StoredIssue): Record<string, unknown> {
  const type = ctx.catalog().issueTypes.find((t) => t.id === issue.issueTypeId);
  const priority = ctx.catalog().priorities.find((p) => p.id === issue.priorityId);
  const typeJson = type ? issueTypeJson(ctx, type) : null;
  return {
    id: issue.id,
    key: issue.key,
    fields: {
      summary: issue.summary,
      issuetype: typeJson,
      issueType: typeJson,
      creator: { accountId: issue.creatorId },
      created: formatJiraDateTime(issue.created),
      project: projectRefJson(ctx, projectOf(ctx, issue.projectId)),
      reporter: issue.reporterId ? { accountId: issue.reporterId } : null,
      assignee: issue.assigneeId ? { accountId: issue.assigneeId } : null,
      updated: formatJiraDateTime(issue.updated),
      status: statusJson(ctx, findStatus(ctx, issue.statusId)),
      labels: [...issue.labels],
      priority: priority ? priorityJson(ctx, priority) : null,
      duedate: issue.duedate,
    },
  };
}

function actorOf(caller: Caller): Actor {
  return caller.isApp ? { kind: 'app' } : { kind: 'user', accountId: caller.accountId };
}

/** Records a changelog entry (for `expand=changelog`) and returns it. */
export function recordHistory(ctx: JiraContext, issue: StoredIssue, caller: Caller, items: ChangeItem[], at: number): StoredHistory {
  const id = String(nextCounter(ctx, 'history', 10000));
  const history: StoredHistory = { id, issueId: issue.id, authorId: caller.accountId, created: at, items };
  ctx.store.put(NS.histories, `${pad(issue.id)}/${pad(id)}`, history);
  return history;
}

export function emitCreated(ctx: JiraContext, issue: StoredIssue, caller: Caller): void {
  ctx.emit({
    eventType: 'avi:jira:created:issue',
    payload: { timestamp: String(issue.created), issue: eventIssue(ctx, issue), atlassianId: caller.accountId, associatedUsers: [{ accountId: caller.accountId }], jiraEventTypeName: 'issue_created' },
    actor: actorOf(caller),
  });
}

/**
 * `avi:jira:updated:issue` with the Jira webhook changelog convention `{id, items:[{field, fieldtype, fieldId,
 * from, fromString, to, toString}]}`; a status change also lists the statuses involved in `associatedStatuses`.
 */
export function emitUpdated(ctx: JiraContext, issue: StoredIssue, caller: Caller, history: StoredHistory, eventTypeName: string): void {
  const statusItem = history.items.find((i) => i.fieldId === 'status');
  const associatedStatuses = statusItem
    ? [statusItem.from, statusItem.to].filter((id): id is string => id !== null).map((id) => ({ id, name: findStatus(ctx, id).name }))
    : undefined;
  ctx.emit({
    eventType: 'avi:jira:updated:issue',
    payload: {
      timestamp: String(history.created),
      issue: eventIssue(ctx, issue),
      atlassianId: caller.accountId,
      associatedUsers: [{ accountId: caller.accountId }],
      changelog: { id: history.id, items: history.items },
      ...(associatedStatuses ? { associatedStatuses } : {}),
      jiraEventTypeName: eventTypeName,
    },
    actor: actorOf(caller),
  });
}

export function emitCommented(ctx: JiraContext, issue: StoredIssue, caller: Caller, comment: Record<string, unknown>, at: number): void {
  ctx.emit({
    eventType: 'avi:jira:commented:issue',
    payload: { timestamp: String(at), issue: eventIssue(ctx, issue), atlassianId: caller.accountId, associatedUsers: [{ accountId: caller.accountId }], comment },
    actor: actorOf(caller),
  });
}

export function emitDeleted(ctx: JiraContext, issue: StoredIssue, caller: Caller, at: number): void {
  ctx.emit({
    eventType: 'avi:jira:deleted:issue',
    payload: { timestamp: String(at), issue: eventIssue(ctx, issue), atlassianId: caller.accountId, associatedUsers: [{ accountId: caller.accountId }] },
    actor: actorOf(caller),
  });
}
