/**
 * The `incident_facts` table of the reporting store (Forge SQL, `@forge/sql`): every statement the app runs on it is
 * here, with SQL parameters only (never a value spliced into the text). Schema: src/storage/sql/migrations.ts.
 * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
 */
import { sql, type UpdateQueryResponse } from '@forge/sql';
import type { IncidentFact, IncidentFacts } from '../../usecases/sync-incident-facts';
import { COUNTED_FINISH_OF_PARAMS, COUNTED_ID_OF_PARAMS, RECONCILE_RECENT_PICKS } from './attribution';
import { migrationsOnce } from './migrations';

/** An ISO time as a `DATETIME(3)` value in UTC: `2026-12-02 10:42:05.123`. */
export const toSqlDateTime = (iso: string): string => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
/** A `DATETIME(3)` value as the SQL API answers it (`2026-12-02 10:42:05.123`, UTC) as an ISO time. */
export const fromSqlDateTime = (value: string): string => new Date(`${value.replace(' ', 'T')}Z`).toISOString();
const orNull = (iso: string | null): string | null => (iso === null ? null : toSqlDateTime(iso));

const COLUMNS = [
  'incident_id',
  'issue_key',
  'level',
  'state',
  'drill',
  'declared',
  'impact_started_at',
  'detected_at',
  'acknowledged_at',
  'mitigated_at',
  'recovered_at',
  'closed_at',
  'service',
  'group_keys',
  'attribution_mode',
  'attributed_deployment_id',
  'fingerprint',
  'updated_at',
] as const;

/**
 * One statement, idempotent and never backwards: on a duplicate id each column takes the incoming value only when the
 * incoming `version` is greater than the row's. MySQL (and TiDB, MariaDB) apply the assignments left to right, a later
 * one seeing the earlier ones' results — so `version` is assigned last, after every column compared against the old
 * version. `VALUES(col)` (not MySQL 8.0.19's `AS new` alias) is what TiDB and MariaDB both take.
 *
 * `counted_deployment_id` is the deployment the incident counts against (a person's choice, or the attribution rule's
 * pick for the row's service and impact start) and `counted_deployment_finished_at` its finish while it counts
 * (subqueries on `deployments`, 4 parameters each), stored with the row so the gadget reads columns
 * (src/storage/sql/attribution.ts).
 */
export const UPSERT_INCIDENT_FACT = `INSERT INTO incident_facts (${COLUMNS.join(', ')}, counted_deployment_id, counted_deployment_finished_at, version)
VALUES (${COLUMNS.map(() => '?').join(', ')}, ${COUNTED_ID_OF_PARAMS}, ${COUNTED_FINISH_OF_PARAMS}, ?)
ON DUPLICATE KEY UPDATE
${[...COLUMNS.filter((c) => c !== 'incident_id'), 'counted_deployment_id', 'counted_deployment_finished_at']
  .map((c) => `  ${c} = IF(VALUES(version) > version, VALUES(${c}), ${c}),`)
  .join('\n')}
  version = GREATEST(version, VALUES(version))`;

/** Forge SQL requests are at most 1 MiB; 100 ids keep the IN list far below it. */
export const FINGERPRINTS_MAX_IDS = 100;

/**
 * The adapter; built once per invocation with the other dependencies (src/app/wiring.ts), so the migrations are
 * applied at most once per invocation — on its first write, not on an invocation that writes nothing.
 */
export function createIncidentFacts(clock: { now(): Date } = { now: () => new Date() }): IncidentFacts {
  const migrate = migrationsOnce();
  return {
    migrate,
    async upsert(fact: IncidentFact) {
      await migrate();
      const params = [
        fact.incidentId,
        fact.issueKey,
        fact.level,
        fact.state,
        fact.drill ? 1 : 0,
        fact.declared ? 1 : 0,
        toSqlDateTime(fact.impactStartedAt),
        toSqlDateTime(fact.detectedAt),
        orNull(fact.acknowledgedAt),
        orNull(fact.mitigatedAt),
        orNull(fact.recoveredAt),
        orNull(fact.closedAt),
        fact.service,
        JSON.stringify(fact.groupKeys),
        fact.attributionMode,
        fact.attributedDeploymentId,
        fact.fingerprint,
        toSqlDateTime(clock.now().toISOString()),
        ...[0, 1].flatMap(() => [fact.attributionMode, fact.attributedDeploymentId, fact.service, toSqlDateTime(fact.impactStartedAt)]),
        fact.version,
      ];
      // (its affected rows do not tell an insert from a row left as it was when the client counts found rows, as
      // mysql2 does: so nothing is answered, and callers never depend on it)
      await sql.prepare<UpdateQueryResponse>(UPSERT_INCIDENT_FACT).bindParams(...params).execute();
    },
    async reconcileAttribution(sinceIso) {
      await migrate();
      const result = await sql.prepare<UpdateQueryResponse>(RECONCILE_RECENT_PICKS).bindParams(toSqlDateTime(sinceIso)).execute();
      return result.rows.affectedRows;
    },
    async fingerprints(incidentIds: readonly string[]) {
      const out = new Map<string, string>();
      if (incidentIds.length === 0) return out;
      if (incidentIds.length > FINGERPRINTS_MAX_IDS) throw new Error(`At most ${FINGERPRINTS_MAX_IDS} ids per fingerprint read, not ${incidentIds.length}`);
      await migrate();
      const query = `SELECT incident_id, fingerprint FROM incident_facts WHERE incident_id IN (${incidentIds.map(() => '?').join(', ')})`;
      const result = await sql.prepare<{ incident_id: string; fingerprint: string }>(query).bindParams(...incidentIds).execute();
      for (const row of result.rows) out.set(row.incident_id, row.fingerprint);
      return out;
    },
  };
}
