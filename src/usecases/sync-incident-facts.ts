/**
 * Keeps the incident's row in the reporting store (Forge SQL, DESIGN 2 and 3.5) in step with the incident, after an
 * alert's commit, a person's action, a Jira edit and a declaration — as a runbook:
 *
 *   1. the fact row as it follows from the record in hand, as one fingerprint; the one stored on the record (the row as
 *      last upserted) equal → stop: no SQL call (this runs after every alert of a storm);
 *   2. upsert the row with the record's `version`: the store applies it only when that version is greater than the
 *      row's, so a late or repeated writer never moves the row backwards;
 *   3. record the fingerprint on the latest record, only if the latest still has these facts (a change made meanwhile
 *      upserts itself).
 *
 * A failed upsert never fails the incident's work: it is logged and the fingerprint stays as it was, so the next
 * change, or the scheduled backfill (backfill-incident-facts.ts), writes the row.
 */
import { createHash } from 'node:crypto';
import type { Incident } from '../domain/incident';
import { updateIncident } from '../storage/incident-store';

/** One incident's facts as the reporting store keeps them (times ISO, UTC). */
export interface IncidentFact {
  incidentId: string;
  issueKey: string | null;
  level: Incident['level'];
  state: Incident['state'];
  drill: boolean;
  /** Declared by a person (no alert caught it). */
  declared: boolean;
  impactStartedAt: string;
  detectedAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  recoveredAt: string | null;
  closedAt: string | null;
  /** The service named by a group key `<source>:service:<name>`, for the gadget's service filter; null when none does. */
  service: string | null;
  groupKeys: string[];
  /**
   * Which deployment it counts against (DESIGN 3.5): `auto` (the rule, src/storage/sql/attribution.ts, found when a
   * query reads it), or a person's choice — `manual` (`attributedDeploymentId`) or `none`.
   */
  attributionMode: 'auto' | 'manual' | 'none';
  /** The deployment a person chose (`manual` only; else null). */
  attributedDeploymentId: string | null;
  /** The hash of the fields above ({@link factFingerprint}). */
  fingerprint: string;
  /** The incident record's version this row reflects. */
  version: number;
}

/** The reporting store's incident facts (src/storage/sql/incident-facts.ts, on @forge/sql). */
export interface IncidentFacts {
  /**
   * Inserts the row, or updates it only when `fact.version` is greater than the stored row's (`INSERT … ON DUPLICATE KEY
   * UPDATE`, one statement): idempotent, never backwards. Applies the schema's migrations first, once per adapter.
   * https://developer.atlassian.com/platform/forge/storage-reference/sql-api/
   */
  upsert(fact: IncidentFact): Promise<void>;
  /** The stored fingerprints of these incidents (absent: no row). One SELECT for at most 100 ids. */
  fingerprints(incidentIds: readonly string[]): Promise<Map<string, string>>;
  /** Applies the pending migrations (once per adapter); the names applied now. */
  migrate(): Promise<string[]>;
  /**
   * Sets the stored attribution pick again where it differs from the rule, for incidents whose impact started at or
   * after `sinceIso` (one UPDATE): the housekeeping's safety net for a new incident written at the moment a deployment
   * before it was recorded (on TiDB neither write sees the other). Answers the rows changed.
   */
  reconcileAttribution(sinceIso: string): Promise<number>;
}

export interface FactDeps {
  /** Absent: no reporting store wired (unit tests of other use cases). */
  facts?: IncidentFacts;
  log?: { warn(message: string, details?: Record<string, unknown>): void };
}

export type FactSyncOutcome = 'no-store' | 'unchanged' | 'written' | 'failed';

const SERVICE_KEY = /^[a-z0-9_-]+:service:(.+)$/;

/** The row's facts, without its version and fingerprint. */
function factFields(incident: Incident): Omit<IncidentFact, 'fingerprint' | 'version'> {
  const service = incident.groupKeys.map((k) => SERVICE_KEY.exec(k)?.[1]).find((s): s is string => !!s);
  return {
    incidentId: incident.id,
    issueKey: incident.issue?.key ?? null,
    level: incident.level,
    state: incident.state,
    drill: incident.drill,
    declared: !!incident.declared,
    impactStartedAt: incident.impactStartedAt,
    detectedAt: incident.detectedAt,
    acknowledgedAt: incident.acknowledgedAt ?? null,
    mitigatedAt: incident.mitigatedAt ?? null,
    recoveredAt: incident.recoveredAt ?? null,
    closedAt: incident.closedAt ?? null,
    service: service ?? null,
    groupKeys: incident.groupKeys,
    attributionMode: incident.attribution?.mode ?? 'auto',
    attributedDeploymentId: incident.attribution?.mode === 'manual' ? (incident.attribution.deploymentId ?? null) : null,
  };
}

/** A hash of the row's facts as they follow from this record: what the reporting store should hold. */
export function factFingerprint(incident: Incident): string {
  // the rule's attribution (`auto`, no deployment) is hashed as absent: the fingerprints of the incidents stored
  // before attribution existed stay as they were (their rows hold the columns' defaults), so no mass rewrite follows
  const { attributionMode, attributedDeploymentId, ...rest } = factFields(incident);
  const hashed = attributionMode === 'auto' ? rest : { ...rest, attributionMode, attributedDeploymentId };
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 32);
}

/** The row for this record, at its version. */
export function incidentFactOf(incident: Incident): IncidentFact {
  return { ...factFields(incident), fingerprint: factFingerprint(incident), version: incident.version };
}

/** `current`: the record the caller has just written or read; an unchanged one costs nothing. Never throws. */
export async function syncIncidentFacts(current: Incident | undefined, deps: FactDeps): Promise<FactSyncOutcome> {
  if (!deps.facts) return 'no-store';
  if (!current) return 'unchanged';
  // 1. Already in the store?
  const fact = incidentFactOf(current);
  if (fact.fingerprint === current.factsFingerprint) return 'unchanged';
  try {
    // 2. Upsert at the record's version (never backwards).
    await deps.facts.upsert(fact);
    // 3. What the store holds now, on the latest record if it still has these facts.
    await recordFingerprint(current.id, fact.fingerprint);
    return 'written';
  } catch (e) {
    (deps.log ?? console).warn('The reporting store did not take the incident facts (the backfill retries)', { incidentId: current.id, error: e instanceof Error ? e.message : String(e) });
    return 'failed';
  }
}

/** Records `fingerprint` on the incident unless it changed its facts meanwhile or holds that fingerprint already. */
export async function recordFingerprint(incidentId: string, fingerprint: string): Promise<void> {
  await updateIncident(incidentId, (i) => (i.factsFingerprint !== fingerprint && factFingerprint(i) === fingerprint ? { ...i, factsFingerprint: fingerprint } : undefined));
}
