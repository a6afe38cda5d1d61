/**
 * The one sync of an action items table → Jira tasks, exactly once per row, whoever's table it is: an incident's
 * retrospective (sync-action-items.ts) or a reading session's TODO list (src/usecases/reading-sessions/). A runbook;
 * every step checks whether it already happened, so a retry after a crash resumes:
 *
 *   a. read the page (latest version) → rows;
 *   b. rows with an action but no id get one (a status macro's `ac:macro-id`), written BEFORE any task exists, so a
 *      task is always made for an id that is on the page;
 *   c. rows with an id but no key: a task recorded in KVS or found by its issue property (one JQL search) is reused;
 *      a row marked pending (a create started, never recorded) is answered `being-created` for PENDING_SAFE_MS;
 *      the rest are created with bulk create (≤ 50 a call), each with property, labels, link to the source's issue —
 *      pending marks written before each call, each call's records right after it (a failed call keeps what the
 *      earlier ones made and answers its rows `jira-refused`);
 *   d. remote links to the source's pages on every task whose record lacks `remoteLinked` (upsert by global id);
 *   e. the keys go back into the rows (one version-checked page write: people's edits meanwhile are kept);
 *   f. rows whose owner, due date or priority people changed since the last sync update their task.
 *
 * One sync per source at a time (a lease, SYNC_LEASE_MS): a second caller is answered `sync-in-progress`. The caller
 * (checked by the wrapper) must be able to read the page; assignees are set only when the caller holds Assign Issues
 * in the project (else the task is made unassigned and the row reported `no-assign-permission`). What was not applied
 * to a task (that owner, a priority the site lacks — `unknown-priority`) is not recorded as synced, so it is reported
 * again.
 *
 * Owners: a mention, a name or an e-mail. One Jira does not know (`unknown-owner`) is not synced (people fix the
 * cell); one Jira knows but who cannot be assigned (`not-assignable`) gets the task without an assignee, and the row
 * is reported so people know (DESIGN: "assignee when assignable").
 */
import { readActionItems, markActionItemRows, writeActionItemKeys, type ActionItemRow } from '../../documents/action-items';
import type { Language } from '../../domain/incident';
import type { SyncActionItemsData } from '../../shared/retrospective';
import type { Settings } from '../../shared/settings';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { dayIn } from '../incident-views';
import type { AdfDoc, Clock, IncidentPages } from '../ports';
import type { UserAccess } from '../ui-ports';
import { CREATE_TASKS_MAX, sourceKey, type ActionItemRecord, type ActionItemSource, type ActionItemStore, type ActionItemTracker, type NewActionItemTask } from './action-item-ports';
import { jiraPriorityFor, ownerRef, rowValues, withDueDate } from './action-item-task';

export interface TaskTableDeps {
  access: Pick<UserAccess, 'canCreateIssues' | 'canAssignIssues'>;
  pages: Pick<IncidentPages, 'readStorage' | 'rewritePage'>;
  tracker: ActionItemTracker;
  store: ActionItemStore;
  settings: () => Promise<Pick<Settings, 'jiraProjectKey' | 'taskIssueType' | 'timeZone'>>;
  clock: Clock;
  newId: () => string;
}

/** The table to sync and what its tasks carry. */
export interface TaskTable {
  source: ActionItemSource;
  /** The page language: marker texts on the page, the records' reminder language. */
  language: Language;
  /** The page holding the table. */
  pageId: string;
  /** An issue every new task "Relates" to (the incident issue), if any. */
  relatesTo?: string | undefined;
  /** The pages every task links to (Jira remote links, upserted by global id). */
  links: ReadonlyArray<{ globalId: string; url: string; title: string }>;
  /** A new task's description for the row. */
  description(row: ActionItemRow): AdfDoc;
  /** A new task's labels besides `kaizen-<type>`. */
  labels: readonly string[];
}

/** What a sync did, and every record of the source after it (for the wrapper's tally). */
export type TaskTableOutcome = Omit<SyncActionItemsData, 'counts'> & { records: ActionItemRecord[]; today: string };

type Problem = SyncActionItemsData['problems'][number];

/**
 * One sync per source at a time (a `lease` row): two syncs at once, or a double click, would both see a row
 * without a task and both create one. Longer than a resolver invocation may run, so a crashed holder lapses soon.
 */
export const SYNC_LEASE_MS = 90_000;
/**
 * A row marked pending (its create started) with no record and no task found by the property search is answered
 * `being-created` for this long, never created again: the search index may lag behind a create that did happen.
 * Ten minutes is far past a resolver's run time and Jira's usual index lag; after it the row is created again (the
 * only case a lagging index for that long could still make a second task).
 */
export const PENDING_SAFE_MS = 10 * 60_000;

/** Steps a–f under the source's lease; `sync-in-progress` when another sync holds it. */
export async function syncTaskTable(table: TaskTable, deps: TaskTableDeps): Promise<ResolverResult<TaskTableOutcome>> {
  const release = await deps.store.takeSyncLease(sourceKey(table.source), SYNC_LEASE_MS);
  if (!release) return fail('sync-in-progress', 'Another sync of these action items is running: try again in a moment.');
  try {
    return await syncHeld(table, deps);
  } finally {
    await release().catch((e: unknown) => console.warn('Could not release the action items sync lease', e instanceof Error ? e.message : String(e)));
  }
}

async function syncHeld(table: TaskTable, deps: TaskTableDeps): Promise<ResolverResult<TaskTableOutcome>> {
  const settings = await deps.settings();
  const today = dayIn(deps.clock.now(), settings.timeZone);
  const lang = table.language;
  const pageId = table.pageId;
  const key = sourceKey(table.source);

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

  const records = new Map((await deps.store.listByIncident(key)).map((r) => [r.rowId, r]));
  const keysToWrite = new Map<string, string>();
  const created: SyncActionItemsData['created'] = [];
  const updated: SyncActionItemsData['updated'] = [];
  let unchanged = 0;
  let priorityNames: string[] | undefined;
  const priorities = async () => (priorityNames ??= await deps.tracker.priorityNames());
  let mayAssign: boolean | undefined;
  const canAssign = async () => (mayAssign ??= await deps.access.canAssignIssues({ projectKey: settings.jiraProjectKey }));
  const assignees = new Map<string, string | undefined>();
  /** The assignee to set for the row's owner (undefined: none), reporting why when it is not the owner. */
  const assigneeFor = async (row: ActionItemRow): Promise<{ accountId?: string; applied: boolean } | 'unknown'> => {
    const owner = await resolveOwner(row, settings.jiraProjectKey, deps, assignees);
    if (owner === 'unknown') return 'unknown';
    if (owner === 'not-assignable') {
      report(row, 'not-assignable', ownerText(row));
      return { applied: true };
    }
    if (owner === undefined) return { applied: true };
    // the app could assign anyone assignable: only when the caller holds Assign Issues in the project themselves
    if (!(await canAssign())) {
      report(row, 'no-assign-permission', ownerText(row));
      return { applied: false };
    }
    return { accountId: owner, applied: true };
  };
  /** The site's priority for the row's word; reported when the site lacks it. */
  const priorityFor = async (row: ActionItemRow): Promise<string | undefined> => {
    if (!row.priority) return undefined;
    const name = jiraPriorityFor(row.priority, await priorities());
    if (!name) report(row, 'unknown-priority', row.priority);
    return name;
  };
  const recordOf = (row: ActionItemRow, task: { id: string; key: string }): ActionItemRecord => ({
    issueId: task.id,
    incidentId: key,
    rowId: row.rowId!,
    key: task.key,
    done: false,
    ...(row.due ? { dueDate: row.due } : {}),
    synced: rowValues(row),
    language: lang,
  });

  // c. rows without a key: reuse what exists, create the rest
  const withoutKey = syncable.filter((r) => r.key === undefined);
  const toCreate: ActionItemRow[] = [];
  for (const row of withoutKey) {
    const known = records.get(row.rowId!);
    if (known) keysToWrite.set(row.rowId!, known.key);
    else toCreate.push(row);
  }
  if (toCreate.length > 0) {
    const found = await deps.tracker.findTasks(table.source, settings.jiraProjectKey);
    const pendingRows = await deps.store.pendingRows(key);
    const fresh: ActionItemRow[] = [];
    for (const row of toCreate) {
      const task = found.get(row.rowId!);
      if (!task) {
        const since = pendingRows[row.rowId!];
        // a create that started and was never recorded: the task may exist though the search does not show it yet
        if (since !== undefined && deps.clock.now().getTime() - Date.parse(since) < PENDING_SAFE_MS) report(row, 'being-created');
        else fresh.push(row);
        continue;
      }
      // made by a sync that crashed before recording it
      const record = recordOf(row, task);
      await deps.store.put(record);
      records.set(row.rowId!, record);
      keysToWrite.set(row.rowId!, task.key);
      created.push({ key: task.key, action: row.action });
    }
    // marks of rows now recorded are done with
    const settled = toCreate.filter((r) => records.has(r.rowId!) && pendingRows[r.rowId!] !== undefined).map((r) => r.rowId!);
    for (const rowId of settled) delete pendingRows[rowId];
    if (settled.length > 0) await deps.store.setPendingRows(key, pendingRows);
    if (fresh.length > 0) {
      if (!(await deps.access.canCreateIssues(settings.jiraProjectKey))) return fail('create-not-allowed', `You need permission to create issues in ${settings.jiraProjectKey} to sync action items.`);
      const tasks: Array<{ row: ActionItemRow; task: NewActionItemTask; synced: ActionItemRecord['synced'] }> = [];
      for (const row of fresh) {
        const assignee = await assigneeFor(row);
        if (assignee === 'unknown') {
          report(row, 'unknown-owner', ownerText(row));
          continue;
        }
        const priorityName = await priorityFor(row);
        const values = rowValues(row);
        tasks.push({
          row,
          // what was not applied (an owner the caller may not assign, a priority the site lacks) is not recorded as synced
          synced: { owner: assignee.applied ? values.owner : '', due: values.due, priority: priorityName ? values.priority : '' },
          task: {
            rowId: row.rowId!,
            summary: row.action,
            description: table.description(row),
            ...(row.due ? { dueDate: row.due } : {}),
            ...(priorityName ? { priorityName } : {}),
            ...(assignee.accountId ? { assigneeAccountId: assignee.accountId } : {}),
            labels: [...table.labels, ...(row.type ? [`kaizen-${row.type}`] : [])],
          },
        });
      }
      const pending = { ...pendingRows };
      for (let start = 0; start < tasks.length; start += CREATE_TASKS_MAX) {
        const chunk = tasks.slice(start, start + CREATE_TASKS_MAX);
        // pending marks first: a crash between the create and the records is answered `being-created`, not re-created
        const at = deps.clock.now().toISOString();
        for (const t of chunk) pending[t.task.rowId] = at;
        await deps.store.setPendingRows(key, pending);
        let result: Awaited<ReturnType<ActionItemTracker['createTasks']>>;
        try {
          result = await deps.tracker.createTasks({ source: table.source, relatesTo: table.relatesTo, projectKey: settings.jiraProjectKey, issueType: settings.taskIssueType, tasks: chunk.map((t) => t.task) });
        } catch (e) {
          // what earlier chunks made is kept (recorded below); this chunk's rows stay pending, since Jira may have made them
          const detail = e instanceof Error ? e.message : String(e);
          for (const t of tasks.slice(start)) report(t.row, 'jira-refused', detail);
          break;
        }
        const byRow = new Map(chunk.map((t) => [t.task.rowId, t]));
        // recorded at once, chunk by chunk: a crash from here on finds them in KVS
        for (const task of result.created) {
          const t = byRow.get(task.rowId)!;
          const record: ActionItemRecord = { ...recordOf(t.row, task), synced: t.synced };
          await deps.store.put(record);
          records.set(task.rowId, record);
          keysToWrite.set(task.rowId, task.key);
          created.push({ key: task.key, action: t.row.action });
          delete pending[task.rowId];
        }
        for (const f of result.failed) {
          report(byRow.get(f.rowId)!.row, 'jira-refused', f.detail);
          delete pending[f.rowId];
        }
        await deps.store.setPendingRows(key, pending);
      }
    }
  }

  // d. every task links back to the pages (upsert by global id); recorded, so a failure is retried by the next sync
  for (const record of [...records.values()]) {
    if (record.remoteLinked || record.gone) continue;
    try {
      for (const link of table.links) await deps.tracker.upsertRemoteLink(record.key, link);
    } catch (e) {
      console.warn(`Could not link ${record.key} to its pages; the next sync tries again`, e instanceof Error ? e.message : String(e));
      continue;
    }
    const next = await deps.store.update(record.issueId, (current) => (current.remoteLinked ? undefined : { ...current, remoteLinked: true }));
    if (next) records.set(record.rowId, next);
  }

  // e. keys into the rows, in one write
  if (keysToWrite.size > 0) await deps.pages.rewritePage(pageId, (s) => writeActionItemKeys(s, keysToWrite).storage);

  // f. rows people changed since the last sync
  for (const row of syncable) {
    const record = row.key !== undefined ? records.get(row.rowId!) : undefined;
    if (!record || record.key !== row.key || record.gone) {
      if (row.key !== undefined) unchanged++;
      continue;
    }
    const now = rowValues(row);
    if (now.owner === record.synced.owner && now.due === record.synced.due && now.priority === record.synced.priority) {
      unchanged++;
      continue;
    }
    const change: Parameters<ActionItemTracker['updateTask']>[1] = {};
    const synced = { ...record.synced };
    if (now.owner !== record.synced.owner) {
      const assignee = await assigneeFor(row);
      if (assignee === 'unknown') {
        report(row, 'unknown-owner', ownerText(row));
        continue;
      }
      if (assignee.applied) {
        change.assigneeAccountId = assignee.accountId ?? null;
        synced.owner = now.owner;
      }
    }
    if (now.due !== record.synced.due) {
      change.dueDate = now.due === '' ? null : now.due;
      synced.due = now.due;
    }
    if (now.priority !== record.synced.priority) {
      const name = await priorityFor(row);
      if (name) {
        change.priorityName = name;
        synced.priority = now.priority;
      }
    }
    if (Object.keys(change).length === 0) {
      unchanged++;
      continue;
    }
    await deps.tracker.updateTask(record.key, change);
    // re-read and written conditionally: an event that moved the task to done meanwhile is kept
    const next = await deps.store.update(record.issueId, (current) => {
      const base = { ...current, synced };
      return change.dueDate !== undefined ? withDueDate(base, change.dueDate ?? undefined) : base;
    });
    if (next) records.set(record.rowId, next);
    updated.push({ key: record.key, action: row.action });
  }

  problems.sort((a, b) => a.row - b.row);
  return ok({ created, updated, unchanged, problems, records: [...records.values()], today });
}

const ownerText = (row: ActionItemRow): string | undefined => (row.owner && !('accountId' in row.owner) ? row.owner.text : undefined);

/** The assignee for a row's owner: an account id, 'not-assignable', 'unknown', or undefined (no owner). */
async function resolveOwner(row: ActionItemRow, projectKey: string, deps: Pick<TaskTableDeps, 'tracker'>, cache: Map<string, string | undefined>): Promise<string | 'not-assignable' | 'unknown' | undefined> {
  if (!row.owner) return undefined;
  const key = rowValues(row).owner;
  if (cache.has(key)) return cache.get(key);
  const found = await deps.tracker.lookupOwner(projectKey, ownerRef(row.owner));
  const answer = found.kind === 'assignable' ? found.accountId : found.kind;
  cache.set(key, answer);
  return answer;
}
