/**
 * "Sync action items" (DESIGN 3.4, issue 9 item 2): the retrospective's action items table → Jira tasks, exactly
 * once per row. A runbook; every step checks whether it already happened, so a retry after a crash resumes:
 *
 *   a. read the retrospective page (latest version) → rows;
 *   b. rows with an action but no id get one (a status macro's `ac:macro-id`), written BEFORE any task exists, so a
 *      task is always made for an id that is on the page;
 *   c. rows with an id but no key: a task recorded in KVS or found by its issue property (one JQL search) is reused;
 *      the rest are created with bulk create (≤ 50 a call), each with property, labels, link to the incident;
 *   d. a remote link on each new task to the page (upsert by global id);
 *   e. the keys go back into the rows (one page write);
 *   f. rows whose owner, due date or priority people changed since the last sync update their task;
 *   g. the tally (`actionItems`) is recorded on the incident.
 *
 * Owners: a mention, a name or an e-mail. One Jira does not know (`unknown-owner`) is not synced (people fix the
 * cell); one Jira knows but who cannot be assigned (`not-assignable`) gets the task without an assignee, and the row
 * is reported so people know (DESIGN: "assignee when assignable").
 */
import { readActionItems, markActionItemRows, writeActionItemKeys, type ActionItemRow } from '../../documents/action-items';
import type { Incident } from '../../domain/incident';
import { actionItemCounts } from '../../domain/retrospective';
import type { ActionItemCounts, SyncActionItemsData } from '../../shared/retrospective';
import type { Settings } from '../../shared/settings';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { dayIn } from '../incident-views';
import type { Clock, IncidentPages } from '../ports';
import type { IncidentReads, IncidentUpdate, UserAccess } from '../ui-ports';
import type { ActionItemRecord, ActionItemStore, ActionItemTracker, NewActionItemTask } from './action-item-ports';
import { jiraPriorityFor, ownerRef, rowValues, taskDescription } from './action-item-task';

export interface SyncActionItemsDeps {
  access: Pick<UserAccess, 'canEditIssue' | 'canCreateIssues'>;
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load'>;
  update: IncidentUpdate;
  pages: Pick<IncidentPages, 'readStorage' | 'rewritePage'>;
  tracker: ActionItemTracker;
  store: ActionItemStore;
  settings: () => Promise<Pick<Settings, 'jiraProjectKey' | 'taskIssueType' | 'timeZone'>>;
  clock: Clock;
  newId: () => string;
}

type Problem = SyncActionItemsData['problems'][number];

export async function syncActionItems(issueId: string, deps: SyncActionItemsDeps): Promise<ResolverResult<SyncActionItemsData>> {
  if (!(await deps.access.canEditIssue(issueId))) return fail('edit-not-allowed', 'You need permission to edit this issue to sync its action items.');
  const incidentId = await deps.incidents.incidentIdOfIssue(issueId);
  const incident = incidentId ? await deps.incidents.load(incidentId) : undefined;
  if (!incident || !incident.issue || incident.issue.id !== issueId) return fail('incident-not-found', 'This issue has no Kaizen incident.');
  const retro = incident.retrospective;
  if (!retro) return fail('no-retrospective', 'Draft the retrospective first: its action items table is what is synced.');
  const settings = await deps.settings();
  const today = dayIn(deps.clock.now(), settings.timeZone);
  const lang = incident.language;
  const pageId = retro.page.id;

  // a. the table as people left it
  let storage = (await deps.pages.readStorage(pageId)).storage;
  let rows = readActionItems(storage, { today }).rows;
  // b. identities first (one write, only when a row lacks one)
  if (rows.some((r) => r.action !== '' && r.rowId === undefined && r.key === undefined && !r.problems.some((p) => p.code === 'no-jira-column'))) {
    storage = (await deps.pages.rewritePage(pageId, (s) => markActionItemRows(s, deps.newId, lang).storage)).storage;
    rows = readActionItems(storage, { today }).rows;
  }

  const problems: Problem[] = [];
  const report = (row: ActionItemRow, code: Problem['code'], detail?: string) => problems.push({ row: row.rowNumber, action: row.action, code, ...(detail ? { detail } : {}) });
  for (const row of rows) for (const p of row.problems) report(row, p.code, p.text);
  const syncable = rows.filter((r) => r.problems.length === 0 && r.rowId !== undefined);

  const records = new Map((await deps.store.listByIncident(incident.id)).map((r) => [r.rowId, r]));
  const keysToWrite = new Map<string, string>();
  const created: SyncActionItemsData['created'] = [];
  const updated: SyncActionItemsData['updated'] = [];
  let unchanged = 0;
  let priorityNames: string[] | undefined;
  const priorities = async () => (priorityNames ??= await deps.tracker.priorityNames());

  // c. rows without a key: reuse what exists, create the rest
  const pending = syncable.filter((r) => r.key === undefined);
  const toCreate: ActionItemRow[] = [];
  for (const row of pending) {
    const known = records.get(row.rowId!);
    if (known) keysToWrite.set(row.rowId!, known.key);
    else toCreate.push(row);
  }
  if (toCreate.length > 0) {
    const found = await deps.tracker.findTasks(incident.id, settings.jiraProjectKey);
    const fresh: ActionItemRow[] = [];
    for (const row of toCreate) {
      const task = found.get(row.rowId!);
      if (!task) {
        fresh.push(row);
        continue;
      }
      // made by a sync that crashed before recording it
      const record = recordOf(incident, row, task, lang);
      await deps.store.put(record);
      records.set(row.rowId!, record);
      keysToWrite.set(row.rowId!, task.key);
      created.push({ key: task.key, action: row.action });
    }
    if (fresh.length > 0) {
      if (!(await deps.access.canCreateIssues(settings.jiraProjectKey))) return fail('create-not-allowed', `You need permission to create issues in ${settings.jiraProjectKey} to sync action items.`);
      const tasks: NewActionItemTask[] = [];
      const assignees = new Map<string, string | undefined>();
      for (const row of fresh) {
        const owner = await resolveOwner(row, settings.jiraProjectKey, deps, assignees);
        if (owner === 'unknown') {
          report(row, 'unknown-owner', ownerText(row));
          continue;
        }
        if (owner === 'not-assignable') report(row, 'not-assignable', ownerText(row));
        const priorityName = jiraPriorityFor(row.priority, row.priority ? await priorities() : []);
        tasks.push({
          rowId: row.rowId!,
          summary: row.action,
          description: taskDescription(lang, row.action, incident.issue, retro.page, row.type),
          ...(row.due ? { dueDate: row.due } : {}),
          ...(priorityName ? { priorityName } : {}),
          ...(typeof owner === 'string' && owner !== 'not-assignable' ? { assigneeAccountId: owner } : {}),
          labels: ['kaizen-action-item', ...(row.type ? [`kaizen-${row.type}`] : [])],
        });
      }
      const result = await deps.tracker.createTasks({ incidentId: incident.id, incidentIssueKey: incident.issue.key, projectKey: settings.jiraProjectKey, issueType: settings.taskIssueType, tasks });
      const byRow = new Map(fresh.map((r) => [r.rowId!, r]));
      // recorded at once: a crash from here on finds them in KVS (and by their property before that)
      for (const task of result.created) {
        const row = byRow.get(task.rowId)!;
        const record = recordOf(incident, row, task, lang);
        await deps.store.put(record);
        records.set(task.rowId, record);
        keysToWrite.set(task.rowId, task.key);
        created.push({ key: task.key, action: row.action });
      }
      for (const f of result.failed) report(byRow.get(f.rowId)!, 'jira-refused', f.detail);
      // d. each new task links back to the page
      for (const task of result.created) await deps.tracker.upsertRemoteLink(task.key, { globalId: `kaizen-retrospective-${retro.page.id}`, url: retro.page.url, title: retro.page.title });
    }
  }

  // e. keys into the rows, in one write
  if (keysToWrite.size > 0) await deps.pages.rewritePage(pageId, (s) => writeActionItemKeys(s, keysToWrite).storage);

  // f. rows people changed since the last sync
  const assignees = new Map<string, string | undefined>();
  for (const row of syncable) {
    const record = row.key !== undefined ? records.get(row.rowId!) : undefined;
    if (!record || record.key !== row.key) {
      if (row.key !== undefined) unchanged++;
      continue;
    }
    const now = rowValues(row);
    if (now.owner === record.synced.owner && now.due === record.synced.due && now.priority === record.synced.priority) {
      unchanged++;
      continue;
    }
    const change: Parameters<ActionItemTracker['updateTask']>[1] = {};
    if (now.owner !== record.synced.owner) {
      const owner = await resolveOwner(row, settings.jiraProjectKey, deps, assignees);
      if (owner === 'unknown') {
        report(row, 'unknown-owner', ownerText(row));
        continue;
      }
      if (owner === 'not-assignable') report(row, 'not-assignable', ownerText(row));
      change.assigneeAccountId = owner === 'not-assignable' || owner === undefined ? null : owner;
    }
    if (now.due !== record.synced.due) change.dueDate = now.due === '' ? null : now.due;
    if (now.priority !== record.synced.priority) {
      const name = jiraPriorityFor(row.priority, await priorities());
      if (name) change.priorityName = name;
    }
    await deps.tracker.updateTask(record.key, change);
    const next: ActionItemRecord = { ...record, synced: now };
    if (change.dueDate !== undefined) {
      if (change.dueDate === null) delete next.dueDate;
      else next.dueDate = change.dueDate;
    }
    await deps.store.put(next);
    records.set(record.rowId, next);
    updated.push({ key: record.key, action: row.action });
  }

  // g. the tally
  const counts = await recordTally(incident, [...records.values()], deps.update, today);
  problems.sort((a, b) => a.row - b.row);
  return ok({ created, updated, unchanged, problems, counts });
}

function recordOf(incident: Incident, row: ActionItemRow, task: { id: string; key: string }, lang: Incident['language']): ActionItemRecord {
  return { issueId: task.id, incidentId: incident.id, rowId: row.rowId!, key: task.key, done: false, ...(row.due ? { dueDate: row.due } : {}), synced: rowValues(row), language: lang };
}

const ownerText = (row: ActionItemRow): string | undefined => (row.owner && !('accountId' in row.owner) ? row.owner.text : undefined);

/** The assignee for a row's owner: an account id, 'not-assignable', 'unknown', or undefined (no owner). */
async function resolveOwner(row: ActionItemRow, projectKey: string, deps: Pick<SyncActionItemsDeps, 'tracker'>, cache: Map<string, string | undefined>): Promise<string | 'not-assignable' | 'unknown' | undefined> {
  if (!row.owner) return undefined;
  const key = rowValues(row).owner;
  if (cache.has(key)) return cache.get(key);
  const found = await deps.tracker.lookupOwner(projectKey, ownerRef(row.owner));
  const answer = found.kind === 'assignable' ? found.accountId : found.kind;
  cache.set(key, answer);
  return answer;
}

/** The incident's tally from its task records; written only when it differs from the record's. */
export async function recordTally(incident: Incident, records: readonly ActionItemRecord[], update: IncidentUpdate, today: string): Promise<ActionItemCounts> {
  const tally = {
    total: records.length,
    done: records.filter((r) => r.done).length,
    openDue: records.filter((r) => !r.done && r.dueDate).map((r) => r.dueDate!).sort(),
  };
  const same = (a: Incident['actionItems']) => a !== undefined && a.total === tally.total && a.done === tally.done && a.openDue.join() === tally.openDue.join();
  if (!same(incident.actionItems) && records.length > 0) await update(incident.id, (latest) => (same(latest.actionItems) ? undefined : { ...latest, actionItems: tally }), () => []);
  return actionItemCounts(tally, today);
}
