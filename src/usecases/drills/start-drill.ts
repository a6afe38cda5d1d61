/**
 * start-drill: an administrator's "Run a drill" (DESIGN 3.6) — check what was asked, build the plan from a scenario
 * or a past incident, record the run, queue its first step. A runbook: a repeat with the same request id (a double
 * click, or a retry after a failure) starts no second run — it answers the first's run and finishes what the first
 * left undone: a run not recorded is recorded, a run that sent nothing yet has its first step queued again (a step
 * queued twice is sent once: run-drill-step.ts skips a step already sent, and a run's steps run one at a time).
 */
import { createHash } from 'node:crypto';
import type { SourceId } from '../../domain/alert';
import { DrillSpeedSchema, normalisePlan, type DrillRun, type DrillStep } from '../../domain/drill-plan';
import { stepsFromTimeline } from '../../domain/drill-replay';
import { DRILL_SCENARIOS, scenarioById, scenarioSteps } from '../../drills/scenarios';
import type { StartDrillData, StartDrillRequest } from '../../shared/drills';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { StartDrillDeps } from './drill-ports';

/** Timeline entries read from a past incident (its latest; a drill replays at most MAX_DRILL_STEPS of them). */
const TIMELINE_READ = 200;
const ALERTS_READ = 50;

export const drillRunIdOf = (accountId: string, requestId: string): string => `dr-${createHash('sha256').update(`${accountId}\n${requestId}`).digest('hex').slice(0, 20)}`;

export async function startDrill(request: StartDrillRequest, deps: StartDrillDeps): Promise<ResolverResult<StartDrillData>> {
  const speed = DrillSpeedSchema.safeParse(request.speed);
  if (!speed.success) return fail('drill-bad-speed', `Unknown speed ${JSON.stringify(request.speed)}: use real, x10, x60 or fast`);
  const scenarioId = request.scenarioId?.trim() || undefined;
  const issueKey = request.issueKey?.trim() || undefined;
  if (!scenarioId === !issueKey) return fail('drill-choose-one', 'Name a scenario or a past incident’s issue key, not both and not neither');

  // 1. the plan
  let steps: DrillStep[];
  let origin: DrillRun['origin'];
  if (scenarioId) {
    const scenario = scenarioById(scenarioId);
    if (!scenario) return fail('drill-unknown-scenario', `No drill scenario ${JSON.stringify(scenarioId)}; known: ${DRILL_SCENARIOS.map((s) => s.id).join(', ')}`);
    steps = normalisePlan(scenarioSteps(scenario, await deps.language()));
    origin = { kind: 'scenario', scenarioId: scenario.id };
  } else {
    const incidentId = /^[A-Z][A-Z0-9_]{0,9}-[1-9][0-9]*$/.test(issueKey!) ? await deps.incidents.incidentIdOfIssue(issueKey!) : undefined;
    const incident = incidentId ? await deps.incidents.load(incidentId) : undefined;
    if (!incident || !incident.issue) return fail('incident-not-found', `No Kaizen incident is filed as ${JSON.stringify(issueKey)}`);
    const [timeline, alerts] = await Promise.all([deps.incidents.latestTimeline(incident, TIMELINE_READ), deps.incidents.alertsToShow(incident, ALERTS_READ)]);
    steps = stepsFromTimeline(timeline, alerts);
    if (steps.length === 0) return fail('drill-nothing-to-replay', `Incident ${incident.issue.key} has no alerts a drill can replay`);
    origin = { kind: 'incident', incidentId: incident.id, issueKey: incident.issue.key, title: incident.title.slice(0, 255) };
  }

  // 2. every sender it speaks for must have a secret: the drill goes through the real, authenticated web trigger
  const sources = [...new Set(steps.map((s) => s.source))] as SourceId[];
  for (const source of sources) {
    if (!(await deps.hasCredential(source))) return fail('drill-no-credential', `${source} has no secret yet: generate one on the Sources tab first`);
  }

  // 3. one run per request: a repeat answers the first's run, and queues its first step again if nothing was sent yet
  //    (the first start's queue push may have failed after the run was recorded)
  const { accountId } = await deps.me();
  const runId = drillRunIdOf(accountId, request.requestId);
  const existing = await deps.runs.load(runId);
  if (existing) {
    if (existing.state === 'running' && existing.nextStep === 0) await deps.pushStep({ runId, step: 0 }, 0);
    return ok({ runId, existing: true, total: existing.steps.length });
  }
  // 4. not recorded yet: only one call records it (the other half of a double click answers the same run)
  const claim = await deps.runs.claimStart(runId);
  if (!claim) return ok({ runId, existing: true, total: steps.length });
  const run: DrillRun = {
    id: runId,
    requestId: request.requestId,
    startedBy: accountId,
    startedAt: deps.clock.now().toISOString(),
    origin,
    speed: speed.data,
    steps,
    nextStep: 0,
    state: 'running',
    openedAt: {},
  };
  try {
    await deps.runs.save(run);
  } catch (e) {
    // not recorded: a retry of the same request may record it at once
    await claim.release().catch(() => undefined);
    throw e;
  }
  // 5. its first step; when this push fails, a retry of the same request queues it (step 3)
  await deps.pushStep({ runId, step: 0 }, 0);
  return ok({ runId, existing: false, total: steps.length });
}
