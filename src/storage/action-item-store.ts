/**
 * One row per action item task (entity `action-item`, keyed by the task's Jira issue id): which source (its
 * `incidentId` attribute holds the source key: an incident's id, or `reading-session:<page id>`) and table row it
 * was made for, its key, due date and done state as Jira last told Kaizen, the table values it was last
 * synced from (so a sync updates the task only when people changed the row), and when its overdue reminder was
 * posted. Indexes (manifest.yml): `by-incident` (the incident's tally and sync) and `by-state-due` (open tasks past
 * their due date, for the scheduled reminder).
 * https://developer.atlassian.com/platform/forge/storage-reference/storage-api-custom-entities/
 */
import kvs, { Filter, FilterConditions, ForgeKvsAPIError, Sort, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import type { ActionItemRecord, ActionItemStore } from '../usecases/action-items/action-item-ports';
import { releaseLease, takeLease } from './lease';

export const ACTION_ITEM_ENTITY = 'action-item';
const QUERY_PAGE_MAX = 100;
const NO_DUE = 'none';

/** The entity's declared attributes (manifest.yml): the indexed ones at the top, the rest in `data`. */
const RowSchema = z.object({
  incidentId: z.string(),
  /** `open` / `done` / `gone` (deleted in Jira): the partition of `by-state-due`. */
  state: z.enum(['open', 'done', 'gone']),
  /** `YYYY-MM-DD`, or `none` (KVS refuses an empty string; `none` sorts after every date, so no range finds it). */
  dueDate: z.string(),
  data: z.object({
    issueId: z.string(),
    rowId: z.string(),
    key: z.string(),
    remindedAt: z.string().optional(),
    synced: z.object({ owner: z.string(), due: z.string(), priority: z.string() }),
    language: z.enum(['en', 'ja']),
    remoteLinked: z.boolean().optional(),
    jiraUpdatedAt: z.string().optional(),
  }),
});
/** The source's pending rows (plain key `action-item-pending:<source key>`): row id → when its create started. */
const PendingSchema = z.record(z.string(), z.string());
const pendingKey = (incidentId: string): string => `action-item-pending:${incidentId}`;
/** How often a conditional write is re-read and re-applied before giving up. */
const UPDATE_ATTEMPTS = 5;
type Row = z.infer<typeof RowSchema>;

const toRecord = (row: Row): ActionItemRecord => ({
  issueId: row.data.issueId,
  incidentId: row.incidentId,
  rowId: row.data.rowId,
  key: row.data.key,
  done: row.state === 'done',
  ...(row.state === 'gone' ? { gone: true } : {}),
  ...(row.data.remoteLinked ? { remoteLinked: true } : {}),
  ...(row.data.jiraUpdatedAt ? { jiraUpdatedAt: row.data.jiraUpdatedAt } : {}),
  ...(row.dueDate !== NO_DUE ? { dueDate: row.dueDate } : {}),
  ...(row.data.remindedAt ? { remindedAt: row.data.remindedAt } : {}),
  synced: row.data.synced,
  language: row.data.language,
});

const toRow = (r: ActionItemRecord): Row => ({
  incidentId: r.incidentId,
  state: r.gone ? 'gone' : r.done ? 'done' : 'open',
  dueDate: r.dueDate ?? NO_DUE,
  data: {
    issueId: r.issueId,
    rowId: r.rowId,
    key: r.key,
    ...(r.remindedAt ? { remindedAt: r.remindedAt } : {}),
    synced: r.synced,
    language: r.language,
    ...(r.remoteLinked ? { remoteLinked: true } : {}),
    ...(r.jiraUpdatedAt ? { jiraUpdatedAt: r.jiraUpdatedAt } : {}),
  },
});

async function scan(index: 'by-incident' | 'by-state-due', partition: string[], before?: string, limit = 1000): Promise<ActionItemRecord[]> {
  const out: ActionItemRecord[] = [];
  let cursor: string | undefined;
  do {
    let q = kvs.entity<Row>(ACTION_ITEM_ENTITY).query().index(index, { partition });
    if (before !== undefined) q = q.where(WhereConditions.between('0000-01-01', before));
    q = q.sort(Sort.ASC).limit(Math.min(QUERY_PAGE_MAX, limit - out.length));
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany();
    for (const row of page.results) {
      const parsed = RowSchema.safeParse(row.value);
      if (parsed.success) out.push(toRecord(parsed.data));
    }
    cursor = page.nextCursor;
  } while (cursor && out.length < limit);
  return out;
}

export const actionItemStore: ActionItemStore = {
  async get(issueId) {
    const row = RowSchema.safeParse(await kvs.entity(ACTION_ITEM_ENTITY).get(issueId));
    return row.success ? toRecord(row.data) : undefined;
  },
  async put(record) {
    await kvs.entity(ACTION_ITEM_ENTITY).set(record.issueId, toRow(record));
  },
  async update(issueId, change) {
    for (let attempt = 1; ; attempt++) {
      const raw = RowSchema.safeParse(await kvs.entity(ACTION_ITEM_ENTITY).get(issueId));
      if (!raw.success) return undefined;
      const current = toRecord(raw.data);
      const next = change(current);
      if (!next) return current;
      try {
        // `data` (type any) cannot be compared: the condition is on what a stale writer could put back — the done
        // state and the due date as read
        await kvs
          .transact()
          .set<Row>(issueId, toRow(next), {
            entityName: ACTION_ITEM_ENTITY,
            conditions: new Filter<Row>().and('state', FilterConditions.equalTo(raw.data.state)).and('dueDate', FilterConditions.equalTo(raw.data.dueDate)),
          })
          .execute();
        return next;
      } catch (e) {
        // the code of an unmet condition is undocumented: re-read and re-apply, a bounded number of times
        if (!(e instanceof ForgeKvsAPIError) || attempt >= UPDATE_ATTEMPTS) throw e;
      }
    }
  },
  listByIncident: (incidentId) => scan('by-incident', [incidentId]),
  // `between` is inclusive: the day before today is the last overdue one
  openDueBefore: (day, limit) => scan('by-state-due', ['open'], previousDay(day), limit),
  async takeSyncLease(incidentId, durationMs) {
    const lease = await takeLease(`action-items-sync:${incidentId}`, durationMs);
    return lease ? () => releaseLease(lease) : undefined;
  },
  async pendingRows(incidentId) {
    const parsed = PendingSchema.safeParse(await kvs.get(pendingKey(incidentId)));
    return parsed.success ? parsed.data : {};
  },
  async setPendingRows(incidentId, rows) {
    if (Object.keys(rows).length === 0) await kvs.delete(pendingKey(incidentId));
    else await kvs.set(pendingKey(incidentId), rows);
  },
};

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
