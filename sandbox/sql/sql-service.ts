import { createHash } from 'node:crypto';
import type { Pool, PoolConnection, QueryError, ResultSetHeader } from 'mysql2/promise';
import type { RequestLog } from '../core/request-log';
import { MariaDbServer, type MariaDbTiming } from './mariadb-server';
import { analyse, declaresForeignKey, type StatementKind } from './statement';
import { currentInvocation } from '../runtime/invocation';

/**
 * The server side of `@forge/sql` 4.x: Forge SQL as the SDK reaches it through
 * `__forge_fetch__({type:'sql', provider:'app', remote:'sql'}, path, {method:'POST', body})`, on a real MariaDB
 * (mariadb-server.ts). Wire protocol: `@forge/sql` out/sql.js (request `{query, params, method}`, answer `{rows}`),
 * out/utils/error-handling.js (a non-2xx JSON body `{code, message, suggestion?, context?, …}` becomes a
 * `ForgeSQLAPIError` whose `context` also carries the other body fields, e.g. `debug`).
 *
 * Rules and limits from developer.atlassian.com/platform/forge/ storage-reference/sql (Limitations, Query and
 * response limits), storage-reference/sql-query-policy, storage-reference/sql-handling-errors and
 * storage-reference/sql-data-types, read from the mirror minhhai2209/forge-docs-snapshot. The docs give the codes
 * but not the HTTP statuses, nor codes for the size limits, foreign keys or the endpoint mix-ups: those are marked
 * UNDOCUMENTED below and chosen here.
 */

export const SQL_LIMITS = {
  /** "Request size 1 MiB": the HTTP body the SDK sends (`{query, params, method}` as JSON). */
  requestMaxBytes: 1024 * 1024,
  /** "Response size 4 MiB": the JSON answer. */
  responseMaxBytes: 4 * 1024 * 1024,
  /** "Per-connection timeout for SELECT queries 5 seconds". */
  selectTimeoutSeconds: 5,
  /** "Per-connection timeout for INSERT, UPDATE, and DELETE queries 10 seconds". */
  dmlTimeoutSeconds: 10,
  /** "Per-connection query timeout for DDL queries 20 seconds". */
  ddlTimeoutSeconds: 20,
} as const;

export const SQL_PATHS = { execute: '/api/v1/execute', ddl: '/api/v1/execute/ddl' } as const;

export interface SqlWireResult {
  status: number;
  body: unknown;
}

export interface SqlCallContext {
  /** The calling installation (`__forge_runtime__.appContext.installationId`): each has its own database. */
  installationId: string;
  /** For the request log: the calling function key. */
  caller?: string;
}

export interface SqlService {
  /** Answers one @forge/sql wire call; `body` is the raw request body text. */
  handle(path: string, body: string | undefined, ctx: SqlCallContext): Promise<SqlWireResult>;
  /** Wire calls answered so far. */
  stats(): { calls: number; refused: number };
  /** MariaDB's start-up times (undefined until the first SQL call started it). */
  timing(): MariaDbTiming | undefined;
  /** Drops every installation's database (the sandbox's reset). */
  reset(): Promise<void>;
  /**
   * Test tooling: the next `count` statements whose text contains `queryContains` fail as a database failure would
   * (500 `INTERNAL_SERVER_ERROR`, nothing executed), so tests can watch the app's retries redo a write half done.
   */
  failNext(queryContains: string, count?: number): void;
  close(): Promise<void>;
}

/** The JSON error body `@forge/sql` turns into a `ForgeSQLAPIError` (code, message, suggestion, context, debug). */
function error(status: number, code: string, message: string, extra: { suggestion?: string; debug?: unknown; context?: Record<string, unknown> } = {}): SqlWireResult {
  return { status, body: { code, message, ...extra } };
}

const policy = (message: string, suggestion: string): SqlWireResult =>
  // the query policy's code (storage-reference/sql-query-policy); HTTP status UNDOCUMENTED (400 chosen)
  error(400, 'SQL_POLICY_VIOLATION', message, { suggestion });

/** Database and user names of an installation: a hash, so any installation id makes a valid, short MariaDB name. */
export function installationSchema(installationId: string): { database: string; user: string; password: string } {
  const h = createHash('sha256').update(installationId).digest('hex');
  return { database: `forge_${h.slice(0, 24)}`, user: `forge_${h.slice(0, 24)}`, password: h.slice(24, 56) };
}

const timeoutFor = (kind: StatementKind): number =>
  kind === 'read' ? SQL_LIMITS.selectTimeoutSeconds : kind === 'ddl' ? SQL_LIMITS.ddlTimeoutSeconds : SQL_LIMITS.dmlTimeoutSeconds;

export function createSqlService(opts: { dir: string; log?: RequestLog }): SqlService {
  const server = new MariaDbServer(opts.dir);
  let calls = 0;
  let refused = 0;
  // the max_statement_time each pooled connection was last given, so it is set only when it changes
  const connectionTimeouts = new WeakMap<PoolConnection, number>();

  async function run(pool: Pool, kind: StatementKind, query: string, params: unknown[]): Promise<unknown> {
    const conn = await pool.getConnection();
    try {
      const seconds = timeoutFor(kind);
      if (connectionTimeouts.get(conn) !== seconds) {
        // MariaDB's max_statement_time aborts the statement on the server at the limit (error 1969)
        await conn.query(`SET SESSION max_statement_time = ${seconds}`);
        connectionTimeouts.set(conn, seconds);
      }
      // with parameters, a server-side prepared statement (each `?` bound by the server, never spliced into the text);
      // without, the text protocol, which takes every statement (some cannot be prepared)
      const [result] = params.length > 0 ? await conn.execute(query, params as never[]) : await conn.query(query);
      return result;
    } finally {
      conn.release();
    }
  }

  async function answer(path: string, body: string | undefined, ctx: SqlCallContext): Promise<SqlWireResult & { rows?: number }> {
    if (path !== SQL_PATHS.execute && path !== SQL_PATHS.ddl) return error(404, 'NOT_FOUND', `No Forge SQL endpoint at ${path}`);
    const requestBytes = Buffer.byteLength(body ?? '');
    if (requestBytes > SQL_LIMITS.requestMaxBytes) {
      // limit: storage-reference/sql "Request size 1 MiB"; status and code UNDOCUMENTED (413 REQUEST_TOO_LARGE chosen)
      return error(413, 'REQUEST_TOO_LARGE', `The request is ${requestBytes} bytes; Forge SQL accepts at most ${SQL_LIMITS.requestMaxBytes} bytes (1 MiB)`, {
        context: { requestBytes, limitBytes: SQL_LIMITS.requestMaxBytes },
      });
    }
    let parsed: { query?: unknown; params?: unknown; method?: unknown };
    try {
      parsed = JSON.parse(body ?? '') as typeof parsed;
    } catch {
      return error(400, 'INVALID_SQL_QUERY', 'The request body is not valid JSON');
    }
    const { query, params = [] } = parsed ?? {};
    if (typeof query !== 'string' || !Array.isArray(params)) {
      // UNDOCUMENTED: the SDK always sends a string query and an array of params
      return error(400, 'INVALID_SQL_QUERY', 'The request needs a string `query` and an array `params`');
    }
    const info = analyse(query);
    if (info.statements === 0) {
      // "Queries that are empty or cannot be parsed are also rejected … as SQL_EXECUTION_ERROR" (sql-query-policy)
      return error(400, 'SQL_EXECUTION_ERROR', 'Query was empty', { debug: { code: 'ER_EMPTY_QUERY', errno: 1065, sqlState: '42000', sqlMessage: 'Query was empty' } });
    }
    if (info.statements > 1) {
      // "Each call to the Forge SQL API must contain only one statement" (sql-query-policy, sql Limitations)
      return policy(`The query holds ${info.statements} statements; each Forge SQL call may contain only one`, 'Send each statement in its own call.');
    }
    if (info.kind === 'policy') {
      return policy(`${info.keyword} statements are not permitted by the Forge SQL query policy`, 'See the Forge SQL query policy for the permitted statements.');
    }
    if (info.kind === 'ddl' && declaresForeignKey(info.code)) {
      // "Foreign keys are not supported" (sql Limitations); refused here (code UNDOCUMENTED: SQL_POLICY_VIOLATION chosen)
      return policy('Foreign keys are not supported by Forge SQL', 'Remove the FOREIGN KEY / REFERENCES clause; JOINs still work, and deletes are not cascaded.');
    }
    if (path === SQL_PATHS.execute && info.kind === 'ddl') {
      // DDL goes through the DDL endpoint (sql-api-schema: migrationRunner → executeDDL); code UNDOCUMENTED
      return policy(`${info.keyword} is a DDL statement: run it through the DDL endpoint (migrationRunner / sql.executeDDL)`, 'Enqueue the statement with migrationRunner.');
    }
    if (path === SQL_PATHS.ddl && info.kind === 'dml') {
      // DML does not go through the DDL endpoint; code UNDOCUMENTED. Reads pass: migrationRunner.list() itself
      // SELECTs its __migrations table through executeDDL (@forge/sql out/migration.js).
      return policy(`${info.keyword} is a DML statement: run it through sql.prepare / sql.executeRaw, not the DDL endpoint`, 'Use sql.prepare(...).execute().');
    }
    const schema = installationSchema(ctx.installationId);
    // the server starts on first use: that wait is the sandbox's, not charged to the invocation (Forge SQL is just there)
    const waitStarted = Date.now();
    const pool = await server.poolFor(schema.database, schema.user, schema.password);
    const paused = currentInvocation()?.paused;
    if (paused) paused.ms += Date.now() - waitStarted;
    let result: unknown;
    try {
      result = await run(pool, info.kind, query, params);
    } catch (err) {
      const e = err as QueryError & { errno?: number; sqlState?: string; sqlMessage?: string };
      const debug = { code: e.code, errno: e.errno, sqlState: e.sqlState, sqlMessage: e.sqlMessage ?? e.message };
      if (e.errno === 1969) {
        // QUERY_TIMED_OUT (sql-handling-errors); HTTP status UNDOCUMENTED (504 chosen: the docs say the connection is cut)
        return error(504, 'QUERY_TIMED_OUT', `The query took more than ${timeoutFor(info.kind)} seconds and was stopped`, { debug });
      }
      if (typeof e.errno !== 'number') throw err;
      // "The provided query was either incorrect or could not be executed at the database level. More details are
      // present in the debug field." (sql-handling-errors); HTTP status UNDOCUMENTED (400 chosen)
      return error(400, 'SQL_EXECUTION_ERROR', e.sqlMessage ?? e.message, { debug });
    }
    const rows = Array.isArray(result) ? (result as unknown[]).map(jsonRow) : dmlAnswer(result as ResultSetHeader);
    const text = JSON.stringify({ rows });
    const responseBytes = Buffer.byteLength(text);
    if (responseBytes > SQL_LIMITS.responseMaxBytes) {
      // limit: storage-reference/sql "Response size 4 MiB"; status and code UNDOCUMENTED (400 RESPONSE_TOO_LARGE chosen)
      return error(400, 'RESPONSE_TOO_LARGE', `The result is ${responseBytes} bytes; Forge SQL answers at most ${SQL_LIMITS.responseMaxBytes} bytes (4 MiB)`, {
        suggestion: 'Select fewer rows or columns (LIMIT, pagination).',
        context: { responseBytes, limitBytes: SQL_LIMITS.responseMaxBytes },
      });
    }
    return { status: 200, body: { rows }, rows: Array.isArray(rows) ? rows.length : (rows as { affectedRows: number }).affectedRows };
  }

  let injected: Array<{ text: string; remaining: number }> = [];
  const takeInjected = (body: string | undefined): boolean => {
    if (injected.length === 0 || body === undefined) return false;
    let query = '';
    try {
      query = String((JSON.parse(body) as { query?: unknown }).query ?? '');
    } catch {
      return false;
    }
    const hit = injected.find((f) => f.remaining > 0 && query.includes(f.text));
    if (!hit) return false;
    hit.remaining--;
    injected = injected.filter((f) => f.remaining > 0);
    return true;
  };

  return {
    failNext(queryContains, count = 1) {
      injected.push({ text: queryContains, remaining: count });
    },
    async handle(path, body, ctx) {
      const t0 = performance.now();
      calls++;
      // status and code of a server-side failure: UNDOCUMENTED (500 INTERNAL_SERVER_ERROR chosen)
      const r: SqlWireResult & { rows?: number } = takeInjected(body) ? error(500, 'INTERNAL_SERVER_ERROR', 'Injected failure (Kaizen sandbox)') : await answer(path, body, ctx);
      if (r.status !== 200) refused++;
      const responseText = JSON.stringify(r.body);
      opts.log?.add({
        time: new Date().toISOString(),
        kind: 'sql',
        target: 'sql',
        method: 'POST',
        path,
        query: '',
        requestBody: body === undefined ? undefined : body.length > 4000 ? `${body.slice(0, 4000)}…` : body,
        status: r.status,
        durationMs: Math.round((performance.now() - t0) * 100) / 100,
        caller: ctx.caller ?? 'outside-invocation',
        responseBytes: Buffer.byteLength(responseText),
        ...(r.rows === undefined ? {} : { rows: r.rows }),
      });
      return { status: r.status, body: r.body };
    },
    stats: () => ({ calls, refused }),
    timing: () => server.timing,
    async reset() {
      injected = [];
      if (server.running) await server.dropAppDatabases();
    },
    close: () => server.stop(),
  };
}

/** The `{rows}` of an INSERT / UPDATE / DELETE / DDL: @forge/sql's `UpdateQueryResponse`. */
function dmlAnswer(h: ResultSetHeader): Record<string, unknown> {
  return { affectedRows: h.affectedRows, fieldCount: h.fieldCount, info: h.info, insertId: h.insertId, serverStatus: h.serverStatus, warningStatus: h.warningStatus };
}

/** Binary values (BINARY, VARBINARY, BLOB) come back as strings (sql-data-types: "String"; the encoding is UNDOCUMENTED: base64 here). */
function jsonRow(row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return row;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row as Record<string, unknown>)) out[k] = Buffer.isBuffer(v) ? v.toString('base64') : v;
  return out;
}

/** The WHATWG Response `@forge/sql` reads (it parses the text as JSON, and error bodies through `checkResponseError`). */
export function sqlResponse(r: SqlWireResult): Response {
  return new Response(JSON.stringify(r.body), { status: r.status, statusText: STATUS_TEXT[r.status] ?? '', headers: { 'content-type': 'application/json' } });
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 413: 'Payload Too Large', 504: 'Gateway Timeout' };
