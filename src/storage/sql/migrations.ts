/**
 * The reporting store's schema (DESIGN 2: Forge SQL holds the facts queried across many incidents), as
 * `migrationRunner` migrations: each is one DDL statement, applied once per installation in the order listed and
 * recorded by name in the runner's `__migrations` table.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-tutorial/ (Step 2–3: DDL via migrationRunner)
 *
 * Rules that shape the statements:
 * - Forge SQL refuses foreign keys (https://developer.atlassian.com/platform/forge/storage-reference/sql/): rows
 *   refer to each other by id only.
 * - Every statement is idempotent (`CREATE TABLE IF NOT EXISTS`, indexes declared inside the table, else
 *   `CREATE INDEX IF NOT EXISTS`, `ADD COLUMN IF NOT EXISTS`): two invocations running the same pending migration at
 *   once both succeed.
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

/**
 * One row per deployment reported on the `deployment-webhook` trigger (DESIGN 3.5): Apache DevLake's deployment
 * webhook body plus Kaizen's fields. `deployment_id` is the sender's `id` (idempotent per id: a report sent again
 * replaces the row). `result` is DevLake's (`SUCCESS`, `FAILURE`, …), `environment` DevLake's (`PRODUCTION`, …);
 * `outcome` is Kaizen's release outcome (`success`, `failed`, `rolled_back`, `partially_incomplete`), from the body or
 * from `result`. `finished_at` is when the change was running (DevLake: max finished date of the deployment). `planned`
 * is false for a hotfix (the body names incident keys it addresses: `deployment_hotfixes`).
 * Indexes: `deployments_period` — the metrics gadget's deployments of a period, with the outcome and service it filters
 * on, read from the index alone (the primary key rides along in every secondary index); `deployments_latest` —
 * attribution's "latest production deployment of a service before a time" (src/storage/sql/attribution.ts), read
 * backwards along `finished_at` from that time, and a service's deployments of a period.
 */
export const CREATE_DEPLOYMENTS = `CREATE TABLE IF NOT EXISTS deployments (
  deployment_id VARCHAR(255) NOT NULL PRIMARY KEY,
  display_title VARCHAR(512) NULL,
  name VARCHAR(512) NULL,
  result VARCHAR(16) NOT NULL,
  environment VARCHAR(100) NOT NULL,
  outcome VARCHAR(24) NOT NULL,
  service VARCHAR(255) NULL,
  version VARCHAR(255) NULL,
  pipeline_url VARCHAR(2048) NULL,
  planned BOOLEAN NOT NULL,
  started_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NOT NULL,
  created_at DATETIME(3) NULL,
  commit_count INT NOT NULL,
  body_hash CHAR(32) NOT NULL,
  received_at DATETIME(3) NOT NULL,
  KEY deployments_period (environment, finished_at, outcome, service),
  KEY deployments_latest (service, environment, finished_at)
)`;

/**
 * The commits a deployment shipped (DevLake's `deploymentCommits`). `repo_hash` is the SHA-1 hex of `repo_url` (the
 * key stays short however long the URL). `authored_at` is Kaizen's `commitAuthoredDate`: without it the commit has no
 * lead time (never guessed from another date). `deployment_commits_commit`: the deployments that shipped a commit, for
 * its first deployment ({@link CREATE_COMMIT_LEADS}).
 */
export const CREATE_DEPLOYMENT_COMMITS = `CREATE TABLE IF NOT EXISTS deployment_commits (
  deployment_id VARCHAR(255) NOT NULL,
  repo_hash CHAR(40) NOT NULL,
  commit_sha VARCHAR(64) NOT NULL,
  repo_url VARCHAR(2048) NOT NULL,
  ref_name VARCHAR(255) NULL,
  commit_msg VARCHAR(1024) NULL,
  result VARCHAR(16) NULL,
  started_at DATETIME(3) NULL,
  finished_at DATETIME(3) NULL,
  authored_at DATETIME(3) NULL,
  PRIMARY KEY (deployment_id, repo_hash, commit_sha),
  KEY deployment_commits_commit (repo_hash, commit_sha)
)`;

/** The incident issue keys a hotfix deployment addresses (Kaizen's `hotfixFor`): the deployment rework rate's numerator. */
export const CREATE_DEPLOYMENT_HOTFIXES = `CREATE TABLE IF NOT EXISTS deployment_hotfixes (
  deployment_id VARCHAR(255) NOT NULL,
  issue_key VARCHAR(32) NOT NULL,
  PRIMARY KEY (deployment_id, issue_key),
  KEY deployment_hotfixes_issue (issue_key)
)`;

/**
 * Release problems (DESIGN 3.4; 一部未完了 / 切り戻し / 障害発生): `class` is `partially_incomplete`, `rolled_back` or
 * `caused_outage`; reported by CI (`source` = `ci`, id `ci:<deployment id>`) or by a person (`person`, the reporter's
 * account id). `occurred_at` places it in a month (the deployment's finish, or the time the person gave). A caused
 * outage names its incident; a light review names its Confluence page. `review_claimed_until`: the claim on a
 * CI-reported problem's light review page (src/usecases/release-problems/review-ci-problems.ts): the five-minute
 * housekeeping sets it with a conditional UPDATE before it makes the page, so two runs at once never both make it,
 * and a run that crashed is taken over once its claim has passed.
 */
export const CREATE_RELEASE_PROBLEMS = `CREATE TABLE IF NOT EXISTS release_problems (
  problem_id VARCHAR(128) NOT NULL PRIMARY KEY,
  class VARCHAR(24) NOT NULL,
  deployment_id VARCHAR(255) NULL,
  service VARCHAR(255) NULL,
  version VARCHAR(255) NULL,
  summary VARCHAR(1024) NOT NULL,
  source VARCHAR(8) NOT NULL,
  reported_by VARCHAR(128) NULL,
  occurred_at DATETIME(3) NOT NULL,
  reported_at DATETIME(3) NOT NULL,
  issue_key VARCHAR(32) NULL,
  incident_id VARCHAR(64) NULL,
  review_page_id VARCHAR(64) NULL,
  review_page_url VARCHAR(2048) NULL,
  drill BOOLEAN NOT NULL,
  review_claimed_until DATETIME(3) NULL,
  KEY release_problems_occurred (occurred_at),
  KEY release_problems_deployment (deployment_id)
)`;

/**
 * Which deployment an incident counts against (DESIGN 3.5). `attribution_mode`: `auto` (the attribution rule's pick:
 * the latest successful production deployment of the incident's service before its impact start —
 * src/storage/sql/attribution.ts), `manual` (a person chose `attributed_deployment_id`), `none` (a person cleared it).
 * `counted_deployment_id` is the deployment it counts against under that mode, and `counted_deployment_finished_at`
 * that deployment's finish while it is a counted production deployment (else NULL): stored when the fact is written
 * and again when a deployment that changes them is recorded, so the gadget groups by columns instead of running the
 * rule per incident. No deployment exists before this migration, so every row's NULLs are right until one is recorded,
 * which sets the rows it changes.
 */
export const ADD_INCIDENT_ATTRIBUTION = `ALTER TABLE incident_facts
  ADD COLUMN IF NOT EXISTS attribution_mode VARCHAR(8) NOT NULL DEFAULT 'auto',
  ADD COLUMN IF NOT EXISTS attributed_deployment_id VARCHAR(255) NULL,
  ADD COLUMN IF NOT EXISTS counted_deployment_id VARCHAR(255) NULL,
  ADD COLUMN IF NOT EXISTS counted_deployment_finished_at DATETIME(3) NULL`;

/** Retrospectives and release reviews (one row per page): for the library and the gadget's counts. */
export const CREATE_RETROSPECTIVES = `CREATE TABLE IF NOT EXISTS retrospectives (
  page_id VARCHAR(64) NOT NULL PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  incident_id VARCHAR(64) NULL,
  problem_id VARCHAR(128) NULL,
  issue_key VARCHAR(32) NULL,
  title VARCHAR(512) NOT NULL,
  url VARCHAR(2048) NOT NULL,
  language VARCHAR(2) NOT NULL,
  status VARCHAR(16) NOT NULL,
  level VARCHAR(8) NULL,
  service VARCHAR(255) NULL,
  drill BOOLEAN NOT NULL,
  drafted_at DATETIME(3) NOT NULL,
  published_at DATETIME(3) NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY retrospectives_published (status, published_at)
)`;

/**
 * Action item tasks (one row per Jira task Kaizen made from a retrospective's or release review's table), kept by the
 * sync and the issue-event trigger: the gadget's open and overdue counts. `due_date` is `YYYY-MM-DD` or NULL.
 */
export const CREATE_ACTION_ITEMS = `CREATE TABLE IF NOT EXISTS action_items (
  issue_id VARCHAR(32) NOT NULL PRIMARY KEY,
  issue_key VARCHAR(32) NOT NULL,
  incident_id VARCHAR(64) NOT NULL,
  state VARCHAR(8) NOT NULL,
  due_date DATE NULL,
  drill BOOLEAN NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY action_items_state_due (state, due_date)
)`;

/**
 * Change lead time's commits (DESIGN 3.5): one row per commit (repository, sha) that reached production, naming its
 * first production deployment (the earliest finish; the greatest id among equal finishes loses to the smaller) with
 * that deployment's service and finish, and `lead_seconds` = that finish − the commit's authored time (NULL without
 * one). Kept by src/storage/sql/deployments.ts for the commits of every deployment it records or changes, so the
 * gadget ranks one narrow indexed range instead of finding each commit's first deployment per render.
 */
export const CREATE_COMMIT_LEADS = `CREATE TABLE IF NOT EXISTS commit_leads (
  repo_hash CHAR(40) NOT NULL,
  commit_sha VARCHAR(64) NOT NULL,
  deployment_id VARCHAR(255) NOT NULL,
  service VARCHAR(255) NULL,
  deployed_at DATETIME(3) NOT NULL,
  lead_seconds BIGINT NULL,
  PRIMARY KEY (repo_hash, commit_sha),
  KEY commit_leads_deployment (deployment_id),
  KEY commit_leads_period (deployed_at, lead_seconds),
  KEY commit_leads_service (service, deployed_at, lead_seconds)
)`;

/**
 * The incidents that count against a deployment: when it is written again they pick again
 * (src/storage/sql/attribution.ts `REPICK_COUNTED_ON`). A statement of its own: `incident_facts` is v001's.
 */
export const INDEX_INCIDENT_FACTS_COUNTED = `CREATE INDEX IF NOT EXISTS incident_facts_counted ON incident_facts (counted_deployment_id)`;

/**
 * Reading sessions (ポストモーテム読書会, DESIGN 3.6): one row per session page, naming the postmortem page it read
 * (a `retrospectives.page_id`). The library counts sessions per postmortem through `reading_sessions_postmortem`.
 */
export const CREATE_READING_SESSIONS = `CREATE TABLE IF NOT EXISTS reading_sessions (
  session_page_id VARCHAR(64) NOT NULL PRIMARY KEY,
  postmortem_page_id VARCHAR(64) NOT NULL,
  title VARCHAR(512) NOT NULL,
  url VARCHAR(2048) NOT NULL,
  language VARCHAR(2) NOT NULL,
  starts_at DATETIME(3) NULL,
  facilitator_account_id VARCHAR(128) NULL,
  created_by VARCHAR(128) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  KEY reading_sessions_postmortem (postmortem_page_id, created_at)
)`;

/**
 * The postmortem library (DESIGN 3.6, src/storage/sql/library.ts): a person's recommendation (おすすめ: when, who, their
 * name as Confluence showed it, the one-line reason) and the page's labels as Confluence last answered them to Kaizen
 * (` a b c `: space-delimited with a space at each end, so one label is found as ` a `).
 */
export const ADD_RETROSPECTIVE_LIBRARY_COLUMNS = `ALTER TABLE retrospectives
  ADD COLUMN IF NOT EXISTS recommended_at DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS recommended_by VARCHAR(128) NULL,
  ADD COLUMN IF NOT EXISTS recommended_by_name VARCHAR(255) NULL,
  ADD COLUMN IF NOT EXISTS recommended_reason VARCHAR(255) NULL,
  ADD COLUMN IF NOT EXISTS labels VARCHAR(2048) NULL`;

/** The library's recommended view and "recommended only" within the published rows. */
export const INDEX_RETROSPECTIVES_RECOMMENDED = `CREATE INDEX IF NOT EXISTS retrospectives_recommended ON retrospectives (status, recommended_at)`;

/** The release class of a retrospective whose incident a release problem declared (the library's release class filter). */
export const INDEX_RELEASE_PROBLEMS_INCIDENT = `CREATE INDEX IF NOT EXISTS release_problems_incident ON release_problems (incident_id)`;

/** The migrations, in order. Names are never reused or renamed (the runner skips a name it has applied). */
export const MIGRATIONS: ReadonlyArray<{ name: string; statement: string }> = [
  { name: 'v001_create_incident_facts', statement: CREATE_INCIDENT_FACTS },
  { name: 'v002_create_deployments', statement: CREATE_DEPLOYMENTS },
  { name: 'v003_create_deployment_commits', statement: CREATE_DEPLOYMENT_COMMITS },
  { name: 'v004_create_deployment_hotfixes', statement: CREATE_DEPLOYMENT_HOTFIXES },
  { name: 'v005_create_release_problems', statement: CREATE_RELEASE_PROBLEMS },
  { name: 'v006_add_incident_attribution', statement: ADD_INCIDENT_ATTRIBUTION },
  { name: 'v007_create_retrospectives', statement: CREATE_RETROSPECTIVES },
  { name: 'v008_create_action_items', statement: CREATE_ACTION_ITEMS },
  { name: 'v009_create_commit_leads', statement: CREATE_COMMIT_LEADS },
  { name: 'v010_index_incident_facts_counted', statement: INDEX_INCIDENT_FACTS_COUNTED },
  { name: 'v011_create_reading_sessions', statement: CREATE_READING_SESSIONS },
  { name: 'v012_add_retrospective_library_columns', statement: ADD_RETROSPECTIVE_LIBRARY_COLUMNS },
  { name: 'v013_index_retrospectives_recommended', statement: INDEX_RETROSPECTIVES_RECOMMENDED },
  { name: 'v014_index_release_problems_incident', statement: INDEX_RELEASE_PROBLEMS_INCIDENT },
];

/** Applies the migrations not yet applied; answers the names applied now (none once done). */
export async function ensureReportingSchema(): Promise<string[]> {
  // the runner is the SDK's module singleton; enqueue skips a name already enqueued, so calling this again is harmless
  let runner = migrationRunner;
  for (const m of MIGRATIONS) runner = runner.enqueue(m.name, m.statement);
  return runner.run();
}

/**
 * An adapter's migrations check: the first call applies what is pending ({@link ensureReportingSchema}), later calls
 * share that result, and a failure is tried again by the next call. One per adapter, so at most one check per
 * invocation (adapters are built once per invocation).
 */
export function migrationsOnce(): () => Promise<string[]> {
  let migrated: Promise<string[]> | undefined;
  return () =>
    (migrated ??= ensureReportingSchema().catch((e: unknown) => {
      migrated = undefined; // a failure is tried again by the next call
      throw e;
    }));
}
