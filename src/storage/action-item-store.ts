/**
 * One row per action item task (entity `action-item`, keyed by the task's Jira issue id): which incident and table
 * row it was made for, its key, due date and done state as Jira last told Kaizen, the table values it was last
 * synced from (so a sync updates the task only when people changed the row), and when its overdue reminder was
 * posted. Indexes (manifest.yml): `by-incident` (the incident's tally and sync) and `by-state-due` (open tasks past
 * their due date, for the scheduled reminder).
 * https://developer.atlassian.com/platform/forge/storage-reference/storage-api-custom-entities/
 */
import kvs, { Sort, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import type { ActionItemRecord, ActionItemStore } from '../usecases/action-items/action-item-ports';

export const ACTION_ITEM_ENTITY = 'action-item';
const QUERY_PAGE_MAX = 100;
const NO_DUE = 'none';

/** The entity's declared attributes (manifest.yml): the indexed ones at the top, the rest in `data`. */
const RowSchema = z.object({
  incidentId: z.string(),
  /** `open` / `done`: the partition of `by-state-due`. */
  state: z.enum(['open', 'done']),
  /** `YYYY-MM-DD`, or `none` (KVS refuses an empty string; `none` sorts after every date, so no range finds it). */
  dueDate: z.string(),
  data: z.object({
    issueId: z.string(),
    rowId: z.string(),
    key: z.string(),
    remindedAt: z.string().optional(),
    synced: z.object({ owner: z.string(), due: z.string(), priority: z.string() }),
    language: z.enum(['en', 'ja']),
  }),
});
type Row = z.infer<typeof RowSchema>;

const toRecord = (row: Row): ActionItemRecord => ({
  issueId: row.data.issueId,
  incidentId: row.incidentId,
  rowId: row.data.rowId,
  key: row.data.key,
  done: row.state === 'done',
  ...(row.dueDate !== NO_DUE ? { dueDate: row.dueDate } : {}),
  ...(row.data.remindedAt ? { remindedAt: row.data.remindedAt } : {}),
  synced: row.data.synced,
  language: row.data.language,
});

const toRow = (r: ActionItemRecord): Row => ({
  incidentId: r.incidentId,
  state: r.done ? 'done' : 'open',
  dueDate: r.dueDate ?? NO_DUE,
  data: { issueId: r.issueId, rowId: r.rowId, key: r.key, ...(r.remindedAt ? { remindedAt: r.remindedAt } : {}), synced: r.synced, language: r.language },
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
  listByIncident: (incidentId) => scan('by-incident', [incidentId]),
  // `between` is inclusive: the day before today is the last overdue one
  openDueBefore: (day, limit) => scan('by-state-due', ['open'], previousDay(day), limit),
};

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
