/**
 * Drill runs in KVS (`drill-run:<runId>`), and the one-start-per-request guard: a double click sends the same
 * request id twice; only the call that takes its short lease records the run (src/storage/lease.ts), and once the
 * run is stored it is the run itself that makes a repeat a repeat.
 */
import kvs from '@forge/kvs';
import { DrillRunSchema, type DrillRun } from '../domain/drill-plan';
import { valuesWithPrefix } from './kvs-prefix';
import { releaseLease, takeLease } from './lease';

const PREFIX = 'drill-run:';
const INCIDENT_PREFIX = 'drill-incident:';
const keyOf = (runId: string): string => `${PREFIX}${runId}`;

/** Runs read for the listing at most (drills are rare; the newest are shown). */
const LIST_SCAN_LIMIT = 200;
/**
 * How long one start holds the right to record its run: far longer than recording it takes (a resolver has 25 s),
 * short enough that a start that died before recording it (and could not give the hold back) blocks a retry of the
 * same request only briefly.
 */
const START_HOLD_MS = 2 * 60_000;

export async function loadDrillRun(runId: string): Promise<DrillRun | undefined> {
  const parsed = DrillRunSchema.safeParse(await kvs.get(keyOf(runId)));
  return parsed.success ? parsed.data : undefined;
}

export async function saveDrillRun(run: DrillRun): Promise<void> {
  await kvs.set(keyOf(run.id), DrillRunSchema.parse(run));
}

/** Read-modify-write of one run; `change` answering undefined leaves it as it is. */
export async function updateDrillRun(runId: string, change: (run: DrillRun) => DrillRun | undefined): Promise<DrillRun | undefined> {
  const run = await loadDrillRun(runId);
  if (!run) return undefined;
  const next = change(run);
  if (!next) return run;
  await saveDrillRun(next);
  return next;
}

/** The right to record this run now, or undefined while another call (the other half of a double click) does. */
export async function claimDrillStart(runId: string): Promise<{ release(): Promise<void> } | undefined> {
  const lease = await takeLease(`drill-start:${runId}`, START_HOLD_MS);
  return lease ? { release: () => releaseLease(lease) } : undefined;
}

/**
 * Notes an incident a run's alert opened or joined — a key of its own per incident (`drill-incident:<run>:<id>`),
 * so alert events processed at once never overwrite each other, nor the runner's own writes to the run.
 */
export async function noteDrillIncident(runId: string, incidentId: string): Promise<void> {
  await kvs.set(`${INCIDENT_PREFIX}${runId}:${incidentId}`, incidentId);
}

/** The incidents a run's alerts reached (normally one). */
export async function drillIncidentIds(runId: string): Promise<string[]> {
  return valuesWithPrefix(`${INCIDENT_PREFIX}${runId}:`, (v) => String(v), 20);
}

/** The newest runs first, at most `limit`. */
export async function listDrillRuns(limit: number): Promise<DrillRun[]> {
  const rows = await valuesWithPrefix(PREFIX, (v) => DrillRunSchema.safeParse(v), LIST_SCAN_LIMIT);
  return rows
    .flatMap((r) => (r.success ? [r.data] : []))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, limit);
}
