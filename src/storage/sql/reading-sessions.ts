/**
 * Reading sessions in the reporting store (Forge SQL): the `reading_sessions` rows (one per session page) and the
 * library's postmortem a session reads (`retrospectives`, with its release problem's class). SQL parameters only.
 * Schema: src/storage/sql/migrations.ts (v011). The library counts sessions per postmortem on the
 * `reading_sessions_postmortem` index (postmortem_page_id, created_at).
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 */
import { sql, type UpdateQueryResponse } from '@forge/sql';
import { LEVELS } from '../../shared/vocabulary';
import { ReleaseProblemClassSchema } from '../../shared/metrics';
import type { PostmortemRow, ReadingSessionRow, ReadingSessionStore } from '../../usecases/reading-sessions/reading-session-ports';
import { fromSqlDateTime, toSqlDateTime } from './incident-facts';
import { migrationsOnce } from './migrations';

const SESSION_COLUMNS = ['session_page_id', 'postmortem_page_id', 'title', 'url', 'language', 'starts_at', 'facilitator_account_id', 'created_by', 'created_at'] as const;

/** `INSERT IGNORE`: a session page recorded already is left as it is (affected rows 0). */
export const INSERT_READING_SESSION = `INSERT IGNORE INTO reading_sessions (${SESSION_COLUMNS.join(', ')})
VALUES (${SESSION_COLUMNS.map(() => '?').join(', ')})`;

export const SELECT_READING_SESSION = `SELECT ${SESSION_COLUMNS.join(', ')} FROM reading_sessions WHERE session_page_id = ?`;

/** The postmortem by its page (primary key), with a release review's class (release_problems' primary key). */
export const SELECT_POSTMORTEM = `SELECT r.page_id, r.kind, r.title, r.url, r.language, r.status, r.incident_id, r.issue_key, r.level, r.service, r.published_at, p.class AS release_class
FROM retrospectives r LEFT JOIN release_problems p ON p.problem_id = r.problem_id
WHERE r.page_id = ?`;

interface SessionSqlRow {
  session_page_id: string;
  postmortem_page_id: string;
  title: string;
  url: string;
  language: string;
  starts_at: string | null;
  facilitator_account_id: string | null;
  created_by: string;
  created_at: string;
}

interface PostmortemSqlRow {
  page_id: string;
  kind: string;
  title: string;
  url: string;
  language: string;
  status: string;
  incident_id: string | null;
  issue_key: string | null;
  level: string | null;
  service: string | null;
  published_at: string | null;
  release_class: string | null;
}

const language = (value: string): 'en' | 'ja' => (value === 'ja' ? 'ja' : 'en');

function sessionRow(row: SessionSqlRow): ReadingSessionRow {
  return {
    sessionPageId: row.session_page_id,
    postmortemPageId: row.postmortem_page_id,
    title: row.title,
    url: row.url,
    language: language(row.language),
    startsAt: row.starts_at === null ? null : fromSqlDateTime(row.starts_at),
    facilitatorAccountId: row.facilitator_account_id,
    createdBy: row.created_by,
    createdAt: fromSqlDateTime(row.created_at),
  };
}

function postmortemRow(row: PostmortemSqlRow): PostmortemRow {
  const releaseClass = ReleaseProblemClassSchema.safeParse(row.release_class);
  return {
    pageId: row.page_id,
    kind: row.kind === 'release-review' ? 'release-review' : 'retrospective',
    title: row.title,
    url: row.url,
    language: language(row.language),
    status: row.status,
    incidentId: row.incident_id,
    issueKey: row.issue_key,
    level: (LEVELS as readonly string[]).includes(row.level ?? '') ? (row.level as PostmortemRow['level']) : null,
    service: row.service,
    publishedAt: row.published_at === null ? null : fromSqlDateTime(row.published_at),
    releaseClass: releaseClass.success ? releaseClass.data : null,
  };
}

/** The adapter, once per invocation: the migrations are checked on its first statement. */
export function createReadingSessionStore(): ReadingSessionStore {
  const migrate = migrationsOnce();
  return {
    async postmortem(pageId) {
      await migrate();
      const row = (await sql.prepare<PostmortemSqlRow>(SELECT_POSTMORTEM).bindParams(pageId).execute()).rows[0];
      return row ? postmortemRow(row) : undefined;
    },
    async session(sessionPageId) {
      await migrate();
      const row = (await sql.prepare<SessionSqlRow>(SELECT_READING_SESSION).bindParams(sessionPageId).execute()).rows[0];
      return row ? sessionRow(row) : undefined;
    },
    async insertIfAbsent(row) {
      await migrate();
      const params = [
        row.sessionPageId,
        row.postmortemPageId,
        row.title,
        row.url,
        row.language,
        row.startsAt === null ? null : toSqlDateTime(row.startsAt),
        row.facilitatorAccountId,
        row.createdBy,
        toSqlDateTime(row.createdAt),
      ];
      const result = await sql.prepare<UpdateQueryResponse>(INSERT_READING_SESSION).bindParams(...params).execute();
      return result.rows.affectedRows > 0;
    },
  };
}
