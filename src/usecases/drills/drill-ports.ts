/**
 * What the drill use cases need, named for what they do (house style: narrow ports, exact signatures). The real
 * adapters are wired in src/app/drills-wiring.ts; KVS, the queue and the app's own web trigger sit behind them.
 */
import type { SourceId } from '../../domain/alert';
import type { DrillRun } from '../../domain/drill-plan';
import type { Incident, IncidentAlert, TimelineEntry } from '../../domain/incident';
import type { PageLanguage } from '../../shared/settings';

export interface DrillRunStore {
  load(runId: string): Promise<DrillRun | undefined>;
  save(run: DrillRun): Promise<void>;
  update(runId: string, change: (run: DrillRun) => DrillRun | undefined): Promise<DrillRun | undefined>;
  /**
   * The right to record this run now (a short hold), with a way to give it back when recording failed; undefined
   * while another start of the same request (a double click) records it. A stored run, not this, marks a repeat.
   */
  claimStart(runId: string): Promise<{ release(): Promise<void> } | undefined>;
  /** Newest first. */
  list(limit: number): Promise<DrillRun[]>;
  incidentIdsOf(runId: string): Promise<string[]>;
}

export interface DrillIncidentReads {
  /** The incident filed as this issue (key or id), read from the issue's Kaizen property. */
  incidentIdOfIssue(issueKey: string): Promise<string | undefined>;
  load(id: string): Promise<Incident | undefined>;
  latestTimeline(incident: Incident, count: number): Promise<TimelineEntry[]>;
  alertsToShow(incident: Incident, limit: number): Promise<IncidentAlert[]>;
  /** Recent real incidents that have an issue, newest first. */
  recent(limit: number): Promise<Incident[]>;
}

/**
 * Queues step `step` of a run to run after `delaySeconds` (≤ 900, Forge's limit); `dueAt` (epoch ms) when the wait
 * is longer and the step must be pushed again.
 * https://developer.atlassian.com/platform/forge/runtime-reference/async-events-api/
 */
export type PushDrillStep = (event: { runId: string; step: number; dueAtMs?: number }, delaySeconds: number) => Promise<void>;

export interface DrillSendResult {
  status: number;
  /** The web trigger's answer (its error text), short, for the run's failure. */
  detail: string;
}

/**
 * POSTs a sender's body to the app's own web trigger for `source`, signed with that source's stored secret as the
 * real sender would sign it, with the drill header naming the run.
 */
export type SendDrillAlert = (source: SourceId, rawBody: string, runId: string) => Promise<DrillSendResult>;

export interface StartDrillDeps {
  runs: DrillRunStore;
  incidents: DrillIncidentReads;
  pushStep: PushDrillStep;
  /** Whether the source has a secret its web trigger accepts. */
  hasCredential(source: SourceId): Promise<boolean>;
  language(): Promise<PageLanguage>;
  me(): Promise<{ accountId: string }>;
  clock: { now(): Date };
}

export interface RunDrillStepDeps {
  runs: DrillRunStore;
  pushStep: PushDrillStep;
  send: SendDrillAlert;
  clock: { now(): Date };
}
