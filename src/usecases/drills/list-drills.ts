/**
 * The admin page's Drills tab: the scenarios, the past incidents that can be replayed, and the latest runs with
 * their state and drill incidents. Reads only: KVS (runs, incidents), no product call.
 */
import type { DrillRun } from '../../domain/drill-plan';
import { DRILL_SCENARIOS } from '../../drills/scenarios';
import type { DrillRunView, GetDrillsData } from '../../shared/drills';
import { ok, type ResolverResult } from '../../shared/resolver-result';
import type { DrillIncidentReads, DrillRunStore } from './drill-ports';

const RUNS_SHOWN = 10;
const INCIDENTS_OFFERED = 20;

export interface ListDrillsDeps {
  runs: DrillRunStore;
  incidents: DrillIncidentReads;
}

export async function listDrills(deps: ListDrillsDeps): Promise<ResolverResult<GetDrillsData>> {
  const [runs, recent] = await Promise.all([deps.runs.list(RUNS_SHOWN), deps.incidents.recent(INCIDENTS_OFFERED)]);
  const views = await Promise.all(runs.map((run) => runView(run, deps)));
  return ok({
    scenarios: DRILL_SCENARIOS.map((s) => ({ id: s.id, source: s.source, alerts: s.events.length, durationSeconds: Math.max(...s.events.map((e) => e.at)) })),
    incidents: recent.flatMap((i) => (i.issue && !i.drill ? [{ issueKey: i.issue.key, title: i.title, impactStartedAt: i.impactStartedAt }] : [])),
    runs: views,
  });
}

async function runView(run: DrillRun, deps: ListDrillsDeps): Promise<DrillRunView> {
  const ids = await deps.runs.incidentIdsOf(run.id);
  const incidents = (await Promise.all(ids.map((id) => deps.incidents.load(id)))).flatMap((i) => (i?.issue ? [{ issueKey: i.issue.key, url: i.issue.url }] : []));
  return {
    runId: run.id,
    state: run.state,
    speed: run.speed,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.origin.kind === 'scenario' ? { scenarioId: run.origin.scenarioId } : { replayOf: { issueKey: run.origin.issueKey, title: run.origin.title } }),
    sent: run.nextStep,
    total: run.steps.length,
    incidents,
    ...(run.failure ? { failure: { status: run.failure.status, detail: run.failure.detail } } : {}),
  };
}
