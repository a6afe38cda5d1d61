/** The real adapters behind the drill use cases (src/usecases/drills/drill-ports.ts). */
import { Queue } from '@forge/events';
import { ALERT_QUEUE, type QueueEvent } from '../handlers/queue-events';
import { INCIDENT_STATES } from '../domain/incident';
import { hasSourceSecret, sendToOwnWebtrigger } from '../adapters/own-webtrigger';
import { claimDrillStart, drillIncidentIds, listDrillRuns, loadDrillRun, saveDrillRun, updateDrillRun } from '../storage/drill-runs';
import { incidentReads, incidentsInState } from '../storage/incident-reads';
import { loadIntakeSettings } from '../storage/settings';
import type { UserAccess } from '../usecases/ui-ports';
import type { FailStalledDrillsDeps } from '../usecases/drills/fail-stalled-drills';
import type { DrillIncidentReads, DrillRunStore, PushDrillStep, RunDrillStepDeps, StartDrillDeps } from '../usecases/drills/drill-ports';

const clock = { now: () => new Date() };

export const drillRuns: DrillRunStore = {
  load: loadDrillRun,
  save: saveDrillRun,
  update: updateDrillRun,
  claimStart: claimDrillStart,
  list: listDrillRuns,
  incidentIdsOf: drillIncidentIds,
};

export const drillIncidents: DrillIncidentReads = {
  incidentIdOfIssue: (key) => incidentReads.incidentIdOfIssue(key),
  load: (id) => incidentReads.load(id),
  latestTimeline: (incident, count) => incidentReads.latestTimeline(incident, count),
  alertsToShow: (incident, limit) => incidentReads.alertsToShow(incident, limit),
  async recent(limit) {
    const all = (await Promise.all(INCIDENT_STATES.map((s) => incidentsInState(s, limit)))).flat();
    return all.sort((a, b) => b.impactStartedAt.localeCompare(a.impactStartedAt)).slice(0, limit);
  },
};

/** One drill step on Kaizen's queue; steps of one run one at a time. */
export const pushDrillStep: PushDrillStep = async (event, delaySeconds) => {
  await new Queue({ key: ALERT_QUEUE }).push([
    { body: { kind: 'drill-step', ...event } satisfies QueueEvent, concurrency: { key: `drill-${event.runId}`, limit: 1 }, ...(delaySeconds > 0 ? { delayInSeconds: delaySeconds } : {}) },
  ]);
};

export const startDrillDeps = (access: UserAccess): StartDrillDeps => ({
  runs: drillRuns,
  incidents: drillIncidents,
  pushStep: pushDrillStep,
  hasCredential: hasSourceSecret,
  language: async () => (await loadIntakeSettings()).pageLanguage,
  me: () => access.me(),
  clock,
});

export const runDrillStepDeps = (): RunDrillStepDeps => ({ runs: drillRuns, pushStep: pushDrillStep, send: sendToOwnWebtrigger, clock });

export const failStalledDrillsDeps = (): FailStalledDrillsDeps => ({ runs: drillRuns, clock });
