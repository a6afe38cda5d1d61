/**
 * The `retrospectives` and `action_items` tables of the reporting store (Forge SQL): every statement the app runs on
 * them is here, with SQL parameters only. Schema: src/storage/sql/migrations.ts; what keeps them in step:
 * src/usecases/reporting-rows.ts.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 */
import { sql, type UpdateQueryResponse } from '@forge/sql';
import type { ActionItemReportRow, ReportingRows, RetrospectiveRow } from '../../usecases/reporting-rows';
import { toSqlDateTime } from './incident-facts';
import { migrationsOnce } from './migrations';
import { labelsColumn } from './library';

const RETROSPECTIVE_COLUMNS = ['page_id', 'kind', 'incident_id', 'problem_id', 'issue_key', 'title', 'url', 'language', 'status', 'level', 'service', 'drill', 'drafted_at', 'published_at', 'updated_at'] as const;

/**
 * One statement per page. A published row stays published (a late "draft" write never takes it back) and keeps its
 * publish time; `status` is assigned after `published_at`, which reads the old status.
 */
export const UPSERT_RETROSPECTIVE = `INSERT INTO retrospectives (${RETROSPECTIVE_COLUMNS.join(', ')})
VALUES (${RETROSPECTIVE_COLUMNS.map(() => '?').join(', ')})
ON DUPLICATE KEY UPDATE
  kind = VALUES(kind), incident_id = VALUES(incident_id), problem_id = VALUES(problem_id), issue_key = VALUES(issue_key),
  title = VALUES(title), url = VALUES(url), language = VALUES(language), level = VALUES(level), service = VALUES(service),
  drill = VALUES(drill), drafted_at = VALUES(drafted_at),
  published_at = IF(status = 'published', COALESCE(published_at, VALUES(published_at)), VALUES(published_at)),
  status = IF(status = 'published', status, VALUES(status)),
  updated_at = VALUES(updated_at)`;

const ACTION_ITEM_COLUMNS = ['issue_id', 'issue_key', 'incident_id', 'state', 'due_date', 'drill', 'updated_at'] as const;

/** Rows per action items statement: far below Forge SQL's 1 MiB request. */
export const ACTION_ITEMS_PER_STATEMENT = 100;

export const upsertActionItemsSql = (count: number): string => `INSERT INTO action_items (${ACTION_ITEM_COLUMNS.join(', ')})
VALUES ${Array.from({ length: count }, () => `(${ACTION_ITEM_COLUMNS.map(() => '?').join(', ')})`).join(', ')}
ON DUPLICATE KEY UPDATE issue_key = VALUES(issue_key), incident_id = VALUES(incident_id), state = VALUES(state), due_date = VALUES(due_date), drill = VALUES(drill), updated_at = VALUES(updated_at)`;

const orNull = (iso: string | null): string | null => (iso === null ? null : toSqlDateTime(iso));

/** The adapter, once per invocation: the migrations are checked on its first write. */
export function createReportingRows(clock: { now(): Date } = { now: () => new Date() }): ReportingRows {
  const migrate = migrationsOnce();
  return {
    async upsertRetrospective(row: RetrospectiveRow) {
      await migrate();
      const params = [
        row.pageId,
        row.kind,
        row.incidentId,
        row.problemId,
        row.issueKey,
        row.title,
        row.url,
        row.language,
        row.status,
        row.level,
        row.service,
        row.drill ? 1 : 0,
        toSqlDateTime(row.draftedAt),
        orNull(row.publishedAt),
        toSqlDateTime(clock.now().toISOString()),
      ];
      await sql.prepare<UpdateQueryResponse>(UPSERT_RETROSPECTIVE).bindParams(...params).execute();
    },
    async upsertActionItems(rows: readonly ActionItemReportRow[]) {
      if (rows.length === 0) return;
      await migrate();
      const now = toSqlDateTime(clock.now().toISOString());
      for (let from = 0; from < rows.length; from += ACTION_ITEMS_PER_STATEMENT) {
        const chunk = rows.slice(from, from + ACTION_ITEMS_PER_STATEMENT);
        const params = chunk.flatMap((r) => [r.issueId, r.issueKey, r.incidentId, r.state, r.dueDate, r.drill ? 1 : 0, now]);
        await sql.prepare<UpdateQueryResponse>(upsertActionItemsSql(chunk.length)).bindParams(...params).execute();
      }
    },
    async setPageLabels(pageId: string, labels: readonly string[]) {
      await migrate();
      await sql.prepare<UpdateQueryResponse>('UPDATE retrospectives SET labels = ? WHERE page_id = ?').bindParams(labelsColumn(labels), pageId).execute();
    },
  };
}
