/**
 * Drills (障害対応演習, DESIGN 3.6): a past incident's alerts, or a built-in scenario, replayed through the real web
 * trigger → queue → incident path. Pure: the plan a run follows, the speeds, the waits between steps, and the
 * namespacing that keeps a drill's alerts apart from every real one. No `@forge/*`, no I/O.
 */
import { z } from 'zod';
import { alertKeyOf, IsoTimeSchema, SeverityLevelSchema, SourceIdSchema, type Alert } from './alert';

/** The header the drill runner adds to its request to the app's own web trigger: the run's id. */
export const DRILL_HEADER = 'X-Kaizen-Drill';

/** What a run id looks like (the header's value is checked against it before any storage read). */
export const DRILL_RUN_ID = /^dr-[0-9a-f]{20}$/;

/**
 * How fast a run replays: `real` keeps the gaps between alerts, `x10` / `x60` divide them, `fast` sends each alert
 * as soon as the one before it was accepted (still in order).
 */
export const DRILL_SPEEDS = ['real', 'x10', 'x60', 'fast'] as const;
export const DrillSpeedSchema = z.enum(DRILL_SPEEDS);
export type DrillSpeed = z.infer<typeof DrillSpeedSchema>;

const SPEED_DIVISOR: Record<DrillSpeed, number> = { real: 1, x10: 10, x60: 60, fast: Number.POSITIVE_INFINITY };

/** A queue event waits at most 900 s (Forge `delayInSeconds`); a longer gap is waited in several pushes. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** A run replays at most this many alerts (a drill rehearses a response, it is not a load test). */
export const MAX_DRILL_STEPS = 60;

/** The longest real-time gap kept between two alerts of a past incident; longer ones are cut to it. */
export const MAX_GAP_SECONDS = 2 * 60 * 60;

/**
 * One alert event of a drill, independent of how its sender writes it: the runner turns it into that sender's
 * payload at the moment it is sent (src/domain/drill-payloads.ts), with the times of that moment.
 */
export const DrillAlertSpecSchema = z.object({
  /** Names the alert within the plan: the events of one alert share it (open, then resolve). */
  ref: z.string().min(1).max(80),
  status: z.enum(['firing', 'acknowledged', 'resolved']),
  severity: SeverityLevelSchema,
  title: z.string().max(500),
  message: z.string().max(2000),
  monitor: z.string().max(200),
  service: z.string().max(200).optional(),
  host: z.string().max(200).optional(),
  metric: z.object({ label: z.string().max(100), value: z.number(), threshold: z.number() }).optional(),
});
export type DrillAlertSpec = z.infer<typeof DrillAlertSpecSchema>;

export const DrillStepSchema = z.object({
  source: SourceIdSchema,
  /** Seconds after the run's first alert, at real speed. */
  offsetSeconds: z.number().int().nonnegative(),
  alert: DrillAlertSpecSchema,
});
export type DrillStep = z.infer<typeof DrillStepSchema>;

/**
 * Seconds to wait before step `index` (0 for the first): the gap to the step before it, divided by the speed and
 * rounded up, so ×10 of a 5-second gap still waits a second.
 */
export function waitBeforeStep(steps: readonly DrillStep[], index: number, speed: DrillSpeed): number {
  if (index <= 0 || index >= steps.length) return 0;
  const gap = Math.max(0, steps[index]!.offsetSeconds - steps[index - 1]!.offsetSeconds);
  const divisor = SPEED_DIVISOR[speed];
  return Number.isFinite(divisor) ? Math.ceil(gap / divisor) : 0;
}

/** Seconds from now until `dueAt`, for one queue push: never more than Forge allows, never negative. */
export function nextDelaySeconds(dueAtMs: number, nowMs: number): number {
  return Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.ceil((dueAtMs - nowMs) / 1000)));
}

/** A plan's steps in time order, gaps over {@link MAX_GAP_SECONDS} shortened, starting at 0, at most MAX_DRILL_STEPS. */
export function normalisePlan(steps: readonly DrillStep[]): DrillStep[] {
  const sorted = [...steps].sort((a, b) => a.offsetSeconds - b.offsetSeconds).slice(0, MAX_DRILL_STEPS);
  let offset = 0;
  return sorted.map((step, i) => {
    if (i > 0) offset += Math.min(MAX_GAP_SECONDS, step.offsetSeconds - sorted[i - 1]!.offsetSeconds);
    return { ...step, offsetSeconds: offset };
  });
}

/** The prefix a drill run puts on its alerts' ids and group keys. */
export const drillPrefix = (runId: string): string => `drill:${runId}:`;

/**
 * The alert as a drill run delivers it: its id, group key and relayed key namespaced by the run, so a drill never
 * dedupes against, groups into or relays to a real incident's alert (nor another run's), whatever its sender wrote.
 */
export function namespaceDrillAlert(alert: Alert, runId: string): Alert {
  const prefix = drillPrefix(runId);
  const relayed = alert.relayedAlertKey;
  const relaySplit = relayed ? relayed.indexOf(':') : -1;
  return {
    ...alert,
    sourceAlertId: `${prefix}${alert.sourceAlertId}`,
    groupKey: `${alert.source}:${prefix}${alert.groupKey}`,
    ...(relayed ? { relayedAlertKey: relaySplit > 0 ? alertKeyOf(relayed.slice(0, relaySplit) as Alert['source'], `${prefix}${relayed.slice(relaySplit + 1)}`) : `${prefix}${relayed}` } : {}),
  };
}

/** Whether an alert carries a drill run's namespace (and so may only ever meet a drill incident). */
export const isDrillAlert = (alert: Pick<Alert, 'sourceAlertId'>): boolean => alert.sourceAlertId.startsWith('drill:');

export const DRILL_RUN_STATES = ['running', 'done', 'failed'] as const;

/** A run as stored (src/storage/drill-runs.ts). */
export const DrillRunSchema = z.object({
  id: z.string().regex(DRILL_RUN_ID),
  requestId: z.string(),
  startedBy: z.string(),
  startedAt: IsoTimeSchema,
  origin: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('scenario'), scenarioId: z.string() }),
    z.object({ kind: z.literal('incident'), incidentId: z.string(), issueKey: z.string(), title: z.string() }),
  ]),
  speed: DrillSpeedSchema,
  steps: z.array(DrillStepSchema).min(1).max(MAX_DRILL_STEPS),
  /** The next step to send (steps before it were accepted by the web trigger). */
  nextStep: z.number().int().nonnegative(),
  state: z.enum(DRILL_RUN_STATES),
  /** When each alert (by `ref`) first fired in this run: its sender repeats it on later events (Alertmanager's startsAt). */
  openedAt: z.record(z.string(), IsoTimeSchema),
  /** `status` 0: no answer (or, with a `stalled: …` detail, no progress: see {@link isStalled}). */
  failure: z.object({ step: z.number().int(), status: z.number().int(), detail: z.string() }).optional(),
  /** When the run last moved (its latest step accepted); absent: nothing sent yet, its `startedAt` counts. */
  progressAt: IsoTimeSchema.optional(),
  finishedAt: IsoTimeSchema.optional(),
});
export type DrillRun = z.infer<typeof DrillRunSchema>;

/** What a running run may take beyond its longest planned wait before it counts as stalled (queue retries, backoff). */
export const STALL_MARGIN_SECONDS = 30 * 60;

/**
 * Whether a running run made no progress for longer than it can: its last progress (or its start) is older than its
 * longest planned wait between two steps at its speed + {@link STALL_MARGIN_SECONDS} (so at least 30 minutes). A
 * start whose first step was never queued, or a step event the queue lost, ends here instead of running for ever.
 */
export function isStalled(run: DrillRun, now: Date): boolean {
  if (run.state !== 'running') return false;
  const longestWait = Math.max(0, ...run.steps.map((_, i) => waitBeforeStep(run.steps, i, run.speed)));
  const lastProgress = Date.parse(run.progressAt ?? run.startedAt);
  return now.getTime() - lastProgress > (longestWait + STALL_MARGIN_SECONDS) * 1000;
}
