import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes, ForgeSQLAPIError, migrationRunner, sql } from '@forge/sql';
// not re-exported from the package's index
import { MigrationExecutionError } from '@forge/sql/out/errors';
import { runInInvocation } from '../runtime/invocation';
import { startTestSandbox, type TestSandbox } from '../../test/helpers/test-sandbox';
import { ensureMariaDb } from './mariadb-server';
import { installationSchema, SQL_LIMITS } from './sql-service';

/** Forge SQL through the real @forge/sql SDK, from inside sandbox invocations, on the sandbox's MariaDB. */

const inApp = <T>(fn: () => Promise<T>): Promise<T> =>
  runInInvocation({ functionKey: 'sql-test', moduleKey: 'sql-test', moduleType: 'test', accountId: undefined, timeoutMs: 60_000 }, fn);

/** The ForgeSQLAPIError `fn` rejects with; fails when it resolves or throws anything else. */
async function sqlError(fn: () => Promise<unknown>): Promise<ForgeSQLAPIError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ForgeSQLAPIError) return err;
    throw err;
  }
  throw new Error('expected a ForgeSQLAPIError, but the call succeeded');
}

const CREATE_CITIES = `CREATE TABLE IF NOT EXISTS cities (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL, -- a comment; with a semicolon
  population BIGINT,
  founded DATE
);`;

describe('Forge SQL in the sandbox', () => {
  let dataDir: string;
  let sb: TestSandbox;

  beforeAll(async () => {
    // apt-get install mariadb-server on a fresh machine (root), as the browser tests do for chromium
    ensureMariaDb();
    dataDir = mkdtempSync(join(tmpdir(), 'kaizen-sql-'));
    sb = await startTestSandbox({ dataDir });
  }, 600_000);

  afterAll(async () => {
    await sb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts MariaDB lazily: the sandbox starts without it, the first SQL call starts it', async () => {
    expect(sb.sql.timing()).toBeUndefined();
    const t0 = Date.now();
    const r = await inApp(() => sql.executeRaw<{ one: number }>('SELECT 1 AS one'));
    expect(r.rows).toEqual([{ one: 1 }]);
    const timing = sb.sql.timing()!;
    console.log(`MariaDB first start: install ${timing.installMs} ms, server ${timing.startMs} ms, first call ${Date.now() - t0} ms`);
    expect(timing.startMs).toBeGreaterThan(0);
  });

  it('creates a table by migrationRunner, then inserts and selects with params', async () => {
    const runner = migrationRunner.enqueue('v001_create_cities', CREATE_CITIES).enqueue('v002_index_name', 'CREATE INDEX cities_name ON cities (name)');
    expect(await inApp(() => runner.run())).toEqual(['v001_create_cities', 'v002_index_name']);
    expect(await inApp(() => runner.run())).toEqual([]);
    expect((await inApp(() => migrationRunner.list())).map((m) => m.name)).toEqual(['v001_create_cities', 'v002_index_name']);

    const ins = await inApp(() => sql.prepare('INSERT INTO cities (id, name, population, founded) VALUES (?, ?, ?, ?), (?, ?, ?, ?)').bindParams(1, "Kyoto's; old", '9007199254740993', '0794-11-18', 2, 'Osaka', 2_750_000, null).execute());
    expect(ins.rows).toMatchObject({ affectedRows: 2, insertId: 0, warningStatus: 0 });
    const sel = await inApp(() => sql.prepare<{ id: number; name: string; population: string; founded: string | null }>('SELECT * FROM cities WHERE population > ? ORDER BY id').bindParams(0).execute());
    // BIGINT as strings, DATE as strings (storage-reference/sql-data-types)
    expect(sel.rows).toEqual([
      { id: 1, name: "Kyoto's; old", population: '9007199254740993', founded: '0794-11-18' },
      { id: 2, name: 'Osaka', population: '2750000', founded: null },
    ]);
    const upd = await inApp(() => sql.prepare('UPDATE cities SET name = ? WHERE id = ?').bindParams('Ōsaka ?', 2).execute());
    expect(upd.rows).toMatchObject({ affectedRows: 1 });
    expect((await inApp(() => sql.prepare<{ name: string }>("SELECT name FROM cities WHERE id = ? AND name <> '?'").bindParams(2).execute())).rows).toEqual([{ name: 'Ōsaka ?' }]);

    // each call is in the request log, with its duration, rows and bytes
    const entries = sb.log.list({ kind: 'sql' });
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ kind: 'sql', target: 'sql', method: 'POST', path: '/api/v1/execute', status: 200, rows: 1, caller: 'sql-test' });
    expect(last.responseBytes).toBeGreaterThan(0);
    expect(last.durationMs).toBeGreaterThanOrEqual(0);
    expect(entries.filter((e) => e.path === '/api/v1/execute/ddl').length).toBeGreaterThanOrEqual(4);
  });

  it('refuses two statements in one call with SQL_POLICY_VIOLATION, and runs neither', async () => {
    const err = await sqlError(() => inApp(() => sql.executeRaw("INSERT INTO cities (id, name) VALUES (3, 'a'); DELETE FROM cities")));
    expect([err.code, err.responseDetails.status]).toEqual(['SQL_POLICY_VIOLATION', 400]);
    expect(err.suggestion).toBeTruthy();
    const count = await inApp(() => sql.executeRaw<{ n: string }>('SELECT COUNT(*) AS n FROM cities'));
    expect(count.rows).toEqual([{ n: '2' }]);
    // a trailing semicolon, and semicolons in strings and comments, are one statement
    expect((await inApp(() => sql.executeRaw("SELECT ';' AS s /* ; */ ; -- ;"))).rows).toEqual([{ s: ';' }]);
  });

  it('refuses DDL on the execute endpoint and DML on the DDL endpoint', async () => {
    const ddl = await sqlError(() => inApp(() => sql.executeRaw('CREATE TABLE t2 (id INT PRIMARY KEY)')));
    expect([ddl.code, ddl.responseDetails.status]).toEqual(['SQL_POLICY_VIOLATION', 400]);
    expect(ddl.message).toMatch(/DDL/);
    const dml = await sqlError(() => inApp(() => sql.executeDDL("INSERT INTO cities (id, name) VALUES (9, 'x')")));
    expect([dml.code, dml.responseDetails.status]).toEqual(['SQL_POLICY_VIOLATION', 400]);
    expect(dml.message).toMatch(/DML/);
    // reads pass on the DDL endpoint: migrationRunner.list() itself reads __migrations through it
    expect((await inApp(() => sql.executeDDL<{ n: string }>('SELECT COUNT(*) AS n FROM cities'))).rows).toEqual([{ n: '2' }]);
  });

  it('refuses a FOREIGN KEY (constraint or column REFERENCES), also inside migrationRunner', async () => {
    const fk = await sqlError(() => inApp(() => sql.executeDDL('CREATE TABLE districts (id INT PRIMARY KEY, city_id INT, FOREIGN KEY (city_id) REFERENCES cities (id))')));
    expect([fk.code, fk.responseDetails.status]).toEqual(['SQL_POLICY_VIOLATION', 400]);
    const ref = await sqlError(() => inApp(() => sql.executeDDL('ALTER TABLE cities ADD COLUMN twin INT REFERENCES `cities`(id)')));
    expect(ref.code).toBe('SQL_POLICY_VIOLATION');
    const runner = migrationRunner.enqueue('v003_fk', 'CREATE TABLE districts (id INT PRIMARY KEY, city_id INT, CONSTRAINT fk_city FOREIGN KEY (city_id) REFERENCES cities (id))');
    const err = await inApp(() => runner.run()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationExecutionError);
    expect(((err as MigrationExecutionError).cause as ForgeSQLAPIError).code).toBe('SQL_POLICY_VIOLATION');
    // a string mentioning a foreign key is only a string
    expect((await inApp(() => sql.executeDDL<{ s: string }>("SELECT 'FOREIGN KEY' AS s"))).rows).toEqual([{ s: 'FOREIGN KEY' }]);
  });

  it('refuses a request over 1 MiB, and answers one just under it', async () => {
    const big = 'x'.repeat(SQL_LIMITS.requestMaxBytes);
    const err = await sqlError(() => inApp(() => sql.prepare('SELECT LENGTH(?) AS n').bindParams(big).execute()));
    expect([err.code, err.responseDetails.status]).toEqual(['REQUEST_TOO_LARGE', 413]);
    const ok = await inApp(() => sql.prepare<{ n: string }>('SELECT LENGTH(?) AS n').bindParams('x'.repeat(SQL_LIMITS.requestMaxBytes - 200)).execute());
    expect(Number(ok.rows[0]?.n)).toBe(SQL_LIMITS.requestMaxBytes - 200);
  });

  it('refuses a response over 4 MiB', async () => {
    const err = await sqlError(() => inApp(() => sql.executeRaw("SELECT REPEAT('y', 4194304) AS s")));
    expect([err.code, err.responseDetails.status]).toEqual(['RESPONSE_TOO_LARGE', 400]);
  });

  it('cuts a SELECT at 5 s with QUERY_TIMED_OUT', async () => {
    const t0 = Date.now();
    const err = await sqlError(() => inApp(() => sql.executeRaw('SELECT SLEEP(8) AS s')));
    const took = Date.now() - t0;
    expect([err.code, err.responseDetails.status]).toEqual([errorCodes.QUERY_TIMED_OUT, 504]);
    expect(took).toBeGreaterThanOrEqual(4_900);
    expect(took).toBeLessThan(7_000);
    // INSERT / UPDATE / DELETE run under 10 s, DDL under 20 s: the statement itself reads the limit it runs under
    await inApp(() => sql.executeRaw("INSERT INTO cities (id, name) SELECT 50, CONCAT('limit ', @@max_statement_time)"));
    const limit = await inApp(() => sql.executeRaw<{ name: string; now: string }>('SELECT name, @@max_statement_time AS now FROM cities WHERE id = 50'));
    expect(limit.rows).toEqual([{ name: 'limit 10.000000', now: 5 }]);
    await inApp(() => sql.executeRaw('DELETE FROM cities WHERE id = 50'));
  }, 15_000);

  it('answers a wrong query with SQL_EXECUTION_ERROR and the database error in debug', async () => {
    const err = await sqlError(() => inApp(() => sql.executeRaw('SELEC nothing')));
    expect([err.code, err.responseDetails.status]).toEqual([errorCodes.SQL_EXECUTION_ERROR, 400]);
    expect(err.context?.debug).toMatchObject({ code: 'ER_PARSE_ERROR', errno: 1064 });
    const missing = await sqlError(() => inApp(() => sql.executeRaw('SELECT * FROM nowhere')));
    expect(missing.context?.debug).toMatchObject({ code: 'ER_NO_SUCH_TABLE' });
  });

  it('gives each installation its own database, and refuses USE', async () => {
    const other = installationSchema('another-installation');
    expect(other.database).not.toBe(installationSchema('sandbox-installation').database);
    const err = await sqlError(() => inApp(() => sql.executeRaw(`SELECT * FROM ${other.database}.cities`)));
    expect(err.code).toBe('SQL_EXECUTION_ERROR');
    const use = await sqlError(() => inApp(() => sql.executeRaw('USE mysql')));
    expect(use.code).toBe('SQL_POLICY_VIOLATION');
  });

  it('keeps the data across a sandbox restart with the same data dir', async () => {
    await sb.close();
    sb = await startTestSandbox({ dataDir });
    const t0 = Date.now();
    const r = await inApp(() => sql.executeRaw<{ id: number; name: string }>('SELECT id, name FROM cities ORDER BY id'));
    expect(r.rows).toEqual([
      { id: 1, name: "Kyoto's; old" },
      { id: 2, name: 'Ōsaka ?' },
    ]);
    expect(sb.sql.timing()!.installMs).toBe(0);
    console.log(`MariaDB restart on an existing data dir: server ${sb.sql.timing()!.startMs} ms, first call ${Date.now() - t0} ms`);
    expect((await inApp(() => migrationRunner.list())).map((m) => m.name)).toEqual(['v001_create_cities', 'v002_index_name']);
  }, 60_000);
});
