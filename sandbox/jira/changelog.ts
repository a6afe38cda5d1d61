import { adfToText } from './adf-text';
import type { JiraContext } from './context';
import type { FieldChanges } from './issue-fields';
import type { AdfDoc, ChangeItem, StoredIssue } from './model';
import { findUser } from './users';

const item = (field: string, from: string | null, fromString: string | null, to: string | null, toString: string | null): ChangeItem => ({
  field,
  fieldtype: 'jira',
  fieldId: field,
  from,
  fromString,
  to,
  toString,
});

const sameDoc = (a: AdfDoc | null, b: AdfDoc | null): boolean => JSON.stringify(a) === JSON.stringify(b);
const userName = (ctx: JiraContext, id: string | null): string | null => (id ? findUser(ctx, id)?.displayName ?? id : null);

/**
 * Applies field changes to an issue and lists what changed, in Jira's changelog convention: text fields carry
 * only the `*String` forms, reference fields (priority, users, issue type) their id in `from`/`to` and their name
 * in the strings, labels are space-separated.
 */
export function applyFieldChanges(ctx: JiraContext, before: StoredIssue, changes: FieldChanges): { after: StoredIssue; items: ChangeItem[] } {
  const after: StoredIssue = { ...before, labels: [...before.labels] };
  const items: ChangeItem[] = [];
  const catalog = ctx.catalog();

  if (changes.summary !== undefined && changes.summary !== before.summary) {
    items.push(item('summary', null, before.summary, null, changes.summary));
    after.summary = changes.summary;
  }
  if (changes.issueTypeId !== undefined && changes.issueTypeId !== before.issueTypeId) {
    const name = (id: string) => catalog.issueTypes.find((t) => t.id === id)?.name ?? null;
    items.push(item('issuetype', before.issueTypeId, name(before.issueTypeId), changes.issueTypeId, name(changes.issueTypeId)));
    after.issueTypeId = changes.issueTypeId;
  }
  for (const field of ['description', 'environment'] as const) {
    const next = changes[field];
    if (next !== undefined && !sameDoc(next, before[field])) {
      items.push(item(field, null, before[field] ? adfToText(before[field]) : null, null, next ? adfToText(next) : null));
      after[field] = next;
    }
  }
  if (changes.labels !== undefined && changes.labels.join(' ') !== before.labels.join(' ')) {
    items.push(item('labels', null, before.labels.join(' ') || null, null, changes.labels.join(' ') || null));
    after.labels = [...changes.labels];
  }
  if (changes.priorityId !== undefined && changes.priorityId !== before.priorityId) {
    const name = (id: string | null) => catalog.priorities.find((p) => p.id === id)?.name ?? null;
    items.push(item('priority', before.priorityId, name(before.priorityId), changes.priorityId, name(changes.priorityId)));
    after.priorityId = changes.priorityId;
  }
  for (const [field, key] of [['assignee', 'assigneeId'], ['reporter', 'reporterId']] as const) {
    const next = changes[key];
    if (next !== undefined && next !== before[key]) {
      items.push(item(field, before[key], userName(ctx, before[key]), next, userName(ctx, next)));
      after[key] = next;
    }
  }
  if (changes.duedate !== undefined && changes.duedate !== before.duedate) {
    items.push(item('duedate', before.duedate, before.duedate, changes.duedate, changes.duedate));
    after.duedate = changes.duedate;
  }
  return { after, items };
}

/** The changelog items of a status change (and of the resolution that follows the status category). */
export function statusChangeItems(ctx: JiraContext, before: StoredIssue, after: StoredIssue): ChangeItem[] {
  const catalog = ctx.catalog();
  const statusName = (id: string) => catalog.statuses.find((s) => s.id === id)?.name ?? null;
  const resolutionName = (id: string | null) => catalog.resolutions.find((r) => r.id === id)?.name ?? null;
  const items: ChangeItem[] = [];
  if (after.resolutionId !== before.resolutionId) {
    items.push(item('resolution', before.resolutionId, resolutionName(before.resolutionId), after.resolutionId, resolutionName(after.resolutionId)));
  }
  if (after.statusId !== before.statusId) {
    items.push(item('status', before.statusId, statusName(before.statusId), after.statusId, statusName(after.statusId)));
  }
  return items;
}
