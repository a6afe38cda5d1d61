/**
 * The reporting store's schema (DESIGN 2: Forge SQL holds the facts queried across many incidents), as
 * `migrationRunner` migrations: each is one DDL statement, applied once per installation in the order listed and
 * recorded by name in the runner's `__migrations` table.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-tutorial/ (Step 2–3: DDL via migrationRunner)
 *
 * Rules that shape the statements:
 * - Forge SQL refuses foreign keys (https://developer.atlassian.com/platform/forge/storage-reference/sql/): rows
 *   refer to each other by id only.
 * - Every statement is idempotent (`CREATE TABLE IF NOT EXISTS`, indexes declared inside the table): two invocations
 *   running the same pending migration at once both succeed — a second `CREATE INDEX` would fail instead.
 * - Times are `DATETIME(3)` in UTC (written as `YYYY-MM-DD HH:MM:SS.mmm`, src/storage/sql/incident-facts.ts), never
 *   `TIMESTAMP`, whose value follows the session's time zone.
 * - A migration, once shipped, never changes: a change is a new migration appended to the list.
 *
 * When they run: on the first SQL use of an invocation ({@link ensureReportingSchema}, cheap once done: the runner's
 * `CREATE TABLE IF NOT EXISTS __migrations` and one SELECT of the applied names), and from the five-minute scheduled
 * trigger, so a new migration is applied within minutes of a deployment even when no incident changes.
 */
import { migrationRunner } from '@forge/sql';

/**
 * One row per incident: the facts the metrics gadget reads (DESIGN 3.5). `version` is the incident record's version the
 * row reflects: an upsert applies only when its version is greater, so a late writer never moves the row backwards.
 * `fingerprint` is the hash of the row's facts (src/usecases/sync-incident-facts.ts): the backfill compares it.
 * Indexes: the gadget's period filter (impact start), by level within a period, by service within a period.
 */
export const CREATE_INCIDENT_FACTS = `CREATE TABLE IF NOT EXISTS incident_facts (
  incident_id VARCHAR(64) NOT NULL PRIMARY KEY,
  issue_key VARCHAR(32) NULL,
  level VARCHAR(8) NOT NULL,
  state VARCHAR(16) NOT NULL,
  drill BOOLEAN NOT NULL,
  declared BOOLEAN NOT NULL,
  impact_started_at DATETIME(3) NOT NULL,
  detected_at DATETIME(3) NOT NULL,
  acknowledged_at DATETIME(3) NULL,
  mitigated_at DATETIME(3) NULL,
  recovered_at DATETIME(3) NULL,
  closed_at DATETIME(3) NULL,
  service VARCHAR(255) NULL,
  group_keys JSON NOT NULL,
  fingerprint CHAR(32) NOT NULL,
  version BIGINT NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY incident_facts_impact (impact_started_at),
  KEY incident_facts_level_impact (level, impact_started_at),
  KEY incident_facts_service_impact (service, impact_started_at)
)`;

/** The migrations, in order. Names are never reused or renamed (the runner skips a name it has applied). */
export const MIGRATIONS: ReadonlyArray<{ name: string; statement: string }> = [{ name: 'v001_create_incident_facts', statement: CREATE_INCIDENT_FACTS }];

/** Applies the migrations not yet applied; answers the names applied now (none once done). */
export async function ensureReportingSchema(): Promise<string[]> {
  // the runner is the SDK's module singleton; enqueue skips a name already enqueued, so calling this again is harmless
  let runner = migrationRunner;
  for (const m of MIGRATIONS) runner = runner.enqueue(m.name, m.statement);
  return runner.run();
}
