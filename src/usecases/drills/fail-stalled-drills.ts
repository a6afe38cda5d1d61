/**
 * fail-stalled-drills: the five-minute housekeeping's drill chore. A running run that made no progress for longer
 * than it can (src/domain/drill-plan.ts `isStalled`: its first step never queued, a step event the queue lost) ends
 * as failed with the reason "stalled", so the admin page shows it failed and the web trigger stops taking its
 * `X-Kaizen-Drill` header. Bounded: the runs the listing reads, at most MAX_FAILED_PER_RUN writes a call.
 */
import { isStalled, type DrillRun } from '../../domain/drill-plan';
import type { DrillRunStore } from './drill-ports';

/** Runs read (the listing reads at most 200 in any case; drills are rare). */
const RUNS_READ = 200;
const MAX_FAILED_PER_RUN = 20;

export interface FailStalledDrillsDeps {
  runs: Pick<DrillRunStore, 'list' | 'update'>;
  clock: { now(): Date };
}

/** The ids of the runs it failed. */
export async function failStalledDrills(deps: FailStalledDrillsDeps): Promise<string[]> {
  const now = deps.clock.now();
  const stalled = (await deps.runs.list(RUNS_READ)).filter((run) => isStalled(run, now)).slice(0, MAX_FAILED_PER_RUN);
  const failed: string[] = [];
  for (const { id } of stalled) {
    // read again: a step accepted meanwhile moved it, and then it is not stalled
    const after = await deps.runs.update(id, (run): DrillRun | undefined =>
      isStalled(run, now)
        ? { ...run, state: 'failed', failure: { step: run.nextStep, status: 0, detail: `stalled: no progress since ${run.progressAt ?? run.startedAt}` }, finishedAt: now.toISOString() }
        : undefined,
    );
    if (after?.state === 'failed' && after.finishedAt === now.toISOString()) failed.push(id);
  }
  return failed;
}
