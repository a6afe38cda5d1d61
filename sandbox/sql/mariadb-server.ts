import { execFileSync, execSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createPool, type Connection, type Pool } from 'mysql2/promise';

/**
 * Debian's MariaDB (`mariadb-server`), run by the sandbox as a child process: its data under the sandbox's data
 * directory (`<dataDir>/mariadb/data`), reached only through a private unix socket (no TCP port at all:
 * `--skip-networking`). `mariadb-install-db` creates the data directory on the first start. Stopped with the sandbox
 * (`stop()`, from `Sandbox.close()`) and, should the process end without that, on its `exit`; a server left behind
 * by a process that was killed outright is found through its pid file and stopped at the next start.
 */

export const MARIADBD = process.env.KAIZEN_MARIADBD ?? '/usr/sbin/mariadbd';
/** How long a starting server may take to answer on its socket. */
const STARTUP_WAIT_MS = 120_000;
const INSTALL_DB = process.env.KAIZEN_MARIADB_INSTALL_DB ?? '/usr/bin/mariadb-install-db';

/** Installs Debian's mariadb-server when missing, as root from Debian's packages, once per machine (as test/browser/chromium.ts does for chromium). */
export function ensureMariaDb(): void {
  if (existsSync(MARIADBD) && existsSync(INSTALL_DB)) return;
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server', { stdio: 'inherit', timeout: 600_000 });
  if (!existsSync(MARIADBD)) throw new Error(`mariadb-server was not installed at ${MARIADBD}`);
}

/**
 * Small InnoDB files, so a test's throw-away data directory stays small and is created fast. Used for both
 * `mariadb-install-db` and the server (the redo log size must match between them). The buffer pool holds the bench's
 * 10,000 incidents and 50,000 deployments (~120 MB) in memory, as Forge SQL's servers do; it is reserved, not used,
 * until pages are read, so a test's small data costs little.
 */
const SERVER_OPTIONS = [
  '--innodb-log-file-size=8M',
  '--innodb-buffer-pool-size=256M',
  '--innodb-data-file-path=ibdata1:4M:autoextend',
  '--skip-log-bin',
  '--performance-schema=OFF',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_bin',
  // TiDB's default sql_mode (Forge SQL runs on TiDB): strict, and `||` is OR, as in MySQL
  '--sql-mode=ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',
  '--default-time-zone=+00:00',
  '--max-allowed-packet=16M',
];

const asRoot = (): string[] => (process.getuid?.() === 0 ? ['--user=root'] : []);

/**
 * A data directory as `mariadb-install-db` makes it with {@link SERVER_OPTIONS}, made once per machine under the temp
 * directory (named by a hash of the server, the options and the user, so a change makes a new one) and copied for
 * each sandbox. Made in a scratch directory and renamed: two processes making it at once both end with a whole one.
 */
function installedTemplate(): string {
  const key = createHash('sha256').update(JSON.stringify([MARIADBD, INSTALL_DB, SERVER_OPTIONS, asRoot()])).digest('hex').slice(0, 12);
  const template = join(tmpdir(), `kaizen-mariadb-template-${key}`);
  if (existsSync(join(template, 'mysql'))) return template;
  const scratch = mkdtempSync(`${template}.installing-`);
  execFileSync(INSTALL_DB, ['--no-defaults', `--datadir=${scratch}`, ...asRoot(), '--auth-root-authentication-method=normal', '--skip-test-db', ...SERVER_OPTIONS], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  try {
    renameSync(scratch, template);
  } catch {
    // another process renamed its own first: theirs is whole too
    rmSync(scratch, { recursive: true, force: true });
  }
  return template;
}

export interface MariaDbTiming {
  /** ms spent in mariadb-install-db (0 when the data directory existed). */
  installMs: number;
  /** ms from spawning mariadbd until it answered on its socket. */
  startMs: number;
}

export class MariaDbServer {
  private child: ChildProcess | undefined;
  private starting: Promise<void> | undefined;
  private admin: Connection | undefined;
  private readonly pools = new Map<string, Pool>();
  private readonly dataDir: string;
  private readonly socket: string;
  private readonly pidFile: string;
  private readonly onExit = (): void => {
    this.child?.kill('SIGTERM');
  };
  timing: MariaDbTiming | undefined;

  /** `dir` holds everything: `data/`, the socket, the pid file and the error log. */
  constructor(private readonly dir: string) {
    this.dataDir = join(dir, 'data');
    this.pidFile = join(dir, 'mariadbd.pid');
    const socket = join(dir, 'mariadbd.sock');
    // a unix socket path must fit in sun_path (108 bytes); a deep data directory gets its socket in a temp dir
    this.socket = Buffer.byteLength(socket) < 100 ? socket : join(mkdtempSync(join(tmpdir(), 'kaizen-mdb-')), 's.sock');
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  /** Starts the server once (concurrent callers share the start). */
  start(): Promise<void> {
    this.starting ??= this.doStart().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    ensureMariaDb();
    mkdirSync(this.dir, { recursive: true });
    await this.stopStale();
    let installMs = 0;
    if (!existsSync(join(this.dataDir, 'mysql'))) {
      // a copy of a freshly installed data directory made once per machine (mariadb-install-db takes ~1.5 s; a copy
      // a few ms), copied into a scratch directory and renamed, so an interruption never leaves half a data directory
      const t0 = Date.now();
      const template = installedTemplate();
      const scratch = `${this.dataDir}.installing`;
      rmSync(scratch, { recursive: true, force: true });
      cpSync(template, scratch, { recursive: true });
      rmSync(this.dataDir, { recursive: true, force: true });
      renameSync(scratch, this.dataDir);
      installMs = Date.now() - t0;
    }
    const t1 = Date.now();
    rmSync(this.socket, { force: true });
    // its temporary tables in its own directory: a shared /tmp may be swept under a running query (EE_DELETE, errno 6)
    const tmp = join(this.dir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const child = spawn(
      MARIADBD,
      ['--no-defaults', `--datadir=${this.dataDir}`, `--socket=${this.socket}`, '--skip-networking', `--pid-file=${this.pidFile}`, `--log-error=${join(this.dir, 'mariadbd.err')}`, `--tmpdir=${tmp}`, ...asRoot(), ...SERVER_OPTIONS],
      { stdio: 'ignore' },
    );
    this.child = child;
    process.once('exit', this.onExit);
    let exited: string | undefined;
    child.once('exit', (code, signal) => {
      exited = `mariadbd exited (${signal ?? code})`;
      process.removeListener('exit', this.onExit);
    });
    // a server starting on a busy machine (two jest workers, each with sandboxes and Chromium) can take a while
    const deadline = Date.now() + STARTUP_WAIT_MS;
    for (;;) {
      if (exited) throw new Error(`${exited}; see ${join(this.dir, 'mariadbd.err')}: ${this.errorLogTail()}`);
      if (existsSync(this.socket)) {
        try {
          this.admin = await createConnection({ socketPath: this.socket, user: 'root', password: '' });
          break;
        } catch {
          // the socket file exists a moment before the server accepts on it
        }
      }
      if (Date.now() > deadline) throw new Error(`mariadbd did not answer on ${this.socket} within ${STARTUP_WAIT_MS / 1000} s: ${this.errorLogTail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    this.timing = { installMs, startMs: Date.now() - t1 };
  }

  /** A server a killed process left running on this data directory (its pid file names it) is stopped first. */
  private async stopStale(): Promise<void> {
    if (!existsSync(this.pidFile)) return;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('mariadbd') || !cmd.includes(this.dataDir)) return;
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 300 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
  }

  private errorLogTail(): string {
    try {
      return readFileSync(join(this.dir, 'mariadbd.err'), 'utf8').split('\n').slice(-6).join('\n');
    } catch {
      return '(no error log)';
    }
  }

  /**
   * The connection pool of one installation's database, as that installation's own MariaDB user (granted only its
   * database): created with the database and user on first use. Values come back as Forge SQL's JSON has them
   * (storage-reference/sql-data-types): BIGINT and DECIMAL as strings, dates and times as strings, JSON as text.
   */
  async poolFor(database: string, user: string, password: string): Promise<Pool> {
    await this.start();
    const existing = this.pools.get(database);
    if (existing) return existing;
    const admin = this.admin!;
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await admin.query(`CREATE USER IF NOT EXISTS ?@'localhost' IDENTIFIED BY ?`, [user, password]);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@'localhost'`, [user]);
    const pool = createPool({
      socketPath: this.socket,
      user,
      password,
      database,
      connectionLimit: 4,
      multipleStatements: false,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      dateStrings: true,
      jsonStrings: true,
      timezone: 'Z',
      typeCast: (field, next) => {
        if (field.type === 'BIT') {
          const b = field.buffer();
          return b === null ? null : b.reduce((n, byte) => n * 256 + byte, 0);
        }
        return next();
      },
    });
    this.pools.set(database, pool);
    return pool;
  }

  /** Drops every database but the server's own (what `Sandbox.reset()` does to SQL data). */
  async dropAppDatabases(): Promise<void> {
    if (!this.admin) return;
    for (const pool of this.pools.values()) await pool.end();
    this.pools.clear();
    const [rows] = await this.admin.query<Array<{ Database: string } & import('mysql2').RowDataPacket>>('SHOW DATABASES');
    for (const { Database } of rows) {
      if (['mysql', 'information_schema', 'performance_schema', 'sys'].includes(Database)) continue;
      await this.admin.query(`DROP DATABASE \`${Database}\``);
    }
  }

  /** Closes the connections and stops the server (SIGTERM: a clean InnoDB shutdown), waiting for it to exit. */
  async stop(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    if (starting) await starting.catch(() => undefined);
    for (const pool of this.pools.values()) await pool.end().catch(() => undefined);
    this.pools.clear();
    await this.admin?.end().catch(() => undefined);
    this.admin = undefined;
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    process.removeListener('exit', this.onExit);
  }
}
