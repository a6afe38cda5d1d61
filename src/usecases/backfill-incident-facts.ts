/**
 * The reporting store's backfill, from the five-minute scheduled trigger: incidents that exist in KVS only (opened
 * before the reporting store existed) or whose row write failed get their fact row — as a runbook:
 *
 *   1. the next page of the walk through every incident (src/storage/facts-backfill-walk.ts, a cursor kept in KVS);
 *   2. the page's rows' fingerprints, in one SELECT;
 *   3. each incident whose row is missing or holds other facts is upserted at its version (never backwards: a newer
 *      row written meanwhile is kept), and its record gets the fingerprint when it lacks it;
 *   4. the walk's place is kept for the next run.
 *
 * Bounded per run (one page); idempotent (a second run over the same incidents writes nothing).
 */
import type { Incident } from '../domain/incident';
import { factFingerprint, incidentFactOf, recordFingerprint, type FactDeps, type IncidentFacts } from './sync-incident-facts';

/** One query page of the walk per run. */
export const BACKFILL_PAGE = 100;

export interface BackfillDeps extends FactDeps {
  facts: IncidentFacts;
  walk(limit: number): Promise<{ incidents: Incident[]; save(): Promise<void> }>;
}

export interface BackfillOutcome {
  seen: number;
  written: number;
  failed: number;
}

export async function backfillIncidentFacts(deps: BackfillDeps, limit = BACKFILL_PAGE): Promise<BackfillOutcome> {
  // 1.
  const page = await deps.walk(limit);
  // 2.
  const stored = await deps.facts.fingerprints(page.incidents.map((i) => i.id));
  // 3.
  let written = 0;
  let failed = 0;
  for (const incident of page.incidents) {
    const fingerprint = factFingerprint(incident);
    try {
      if (stored.get(incident.id) !== fingerprint) {
        await deps.facts.upsert(incidentFactOf(incident));
        written++;
      }
      if (incident.factsFingerprint !== fingerprint) await recordFingerprint(incident.id, fingerprint);
    } catch (e) {
      failed++;
      (deps.log ?? console).warn('The backfill could not write an incident fact row', { incidentId: incident.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  // 4.
  await page.save();
  return { seen: page.incidents.length, written, failed };
}
