/**
 * "Sync action items" (DESIGN 3.4, issue 9 item 2): the retrospective's action items table → Jira tasks, exactly
 * once per row — the table sync of sync-task-table.ts (its runbook a–f) with the incident as the source, then
 *
 *   g. the tally (`actionItems`) is recorded on the incident, and the reporting store's `action_items` rows kept.
 *
 * The caller must be able to edit the incident issue and read the retrospective page (the page is read and written
 * as the app); new tasks "Relate" to the incident issue and link to the retrospective page.
 */
import type { Incident } from '../../domain/incident';
import { actionItemCounts } from '../../domain/retrospective';
import type { ActionItemCounts, SyncActionItemsData } from '../../shared/retrospective';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { keepActionItemRows, type ReportingDeps } from '../reporting-rows';
import type { IncidentReads, IncidentUpdate, UserAccess } from '../ui-ports';
import type { ActionItemRecord } from './action-item-ports';
import { taskDescription } from './action-item-task';
import { syncTaskTable, type TaskTableDeps } from './sync-task-table';

export { PENDING_SAFE_MS, SYNC_LEASE_MS } from './sync-task-table';

export interface SyncActionItemsDeps extends ReportingDeps, Omit<TaskTableDeps, 'access'> {
  access: Pick<UserAccess, 'canEditIssue' | 'canCreateIssues' | 'canReadPage' | 'canAssignIssues'>;
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load'>;
  update: IncidentUpdate;
}

export async function syncActionItems(issueId: string, deps: SyncActionItemsDeps): Promise<ResolverResult<SyncActionItemsData>> {
  if (!(await deps.access.canEditIssue(issueId))) return fail('edit-not-allowed', 'You need permission to edit this issue to sync its action items.');
  const incidentId = await deps.incidents.incidentIdOfIssue(issueId);
  const incident = incidentId ? await deps.incidents.load(incidentId) : undefined;
  if (!incident || !incident.issue || incident.issue.id !== issueId) return fail('incident-not-found', 'This issue has no Kaizen incident.');
  const retro = incident.retrospective;
  if (!retro) return fail('no-retrospective', 'Draft the retrospective first: its action items table is what is synced.');
  // the page is read and written as the app: the caller must be able to read it themselves
  if (!(await deps.access.canReadPage(retro.page.id))) return fail('content-not-visible', `You cannot read the retrospective page ${retro.page.id}.`);
  const issue = incident.issue;
  const lang = incident.language;
  const synced = await syncTaskTable(
    {
      source: { kind: 'incident', id: incident.id },
      language: lang,
      pageId: retro.page.id,
      relatesTo: issue.key,
      links: [{ globalId: `kaizen-retrospective-${retro.page.id}`, url: retro.page.url, title: retro.page.title }],
      description: (row) => taskDescription(lang, row.action, issue, retro.page, row.type),
      labels: ['kaizen-action-item'],
    },
    deps,
  );
  if (!synced.ok) return synced;
  const { records, today, ...outcome } = synced.data;
  // g. the tally
  const counts = await recordTally(incident, records, deps.update, today);
  // the reporting store's rows of the tasks (never failing the sync)
  await keepActionItemRows(incident, records, deps);
  return ok({ ...outcome, counts });
}

/** The tally of task records (a task deleted in Jira is not counted). */
export function tallyOf(all: readonly ActionItemRecord[]): NonNullable<Incident['actionItems']> {
  const records = all.filter((r) => !r.gone);
  return {
    total: records.length,
    done: records.filter((r) => r.done).length,
    openDue: records.filter((r) => !r.done && r.dueDate).map((r) => r.dueDate!).sort(),
  };
}

/** The incident's tally from its task records; written only when it differs from the record's. */
export async function recordTally(incident: Incident, all: readonly ActionItemRecord[], update: IncidentUpdate, today: string): Promise<ActionItemCounts> {
  const tally = tallyOf(all);
  const same = (a: Incident['actionItems']) => a !== undefined && a.total === tally.total && a.done === tally.done && a.openDue.join() === tally.openDue.join();
  if (!same(incident.actionItems) && all.length > 0) await update(incident.id, (latest) => (same(latest.actionItems) ? undefined : { ...latest, actionItems: tally }), () => []);
  return actionItemCounts(tally, today);
}
