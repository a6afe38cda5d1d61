/**
 * run-drill-step: one queued step of a drill run (a queue consumer step). Sends the step's alert as its sender would
 * — the sender's payload, signed with the source's stored secret, POSTed to the app's own web trigger with the drill
 * header — then queues the next step after the (compressed) gap. A gap over Forge's 900 s delay is waited in several
 * pushes. A redelivered step that was already sent does nothing; a step the web trigger refuses ends the run as
 * failed with its answer (retrying a 4xx cannot succeed); a 5xx, 429 or no answer is thrown so the queue retries it,
 * up to MAX_SEND_ATTEMPTS deliveries, and then ends the run as failed too (never a run left "running" for ever). A
 * step queued twice (a start retried) is sent once: a run's steps run one at a time, and the second finds it sent.
 * Each step accepted records the run's progress; a run that stops moving is failed as stalled by the housekeeping
 * (fail-stalled-drills.ts).
 */
import { drillPayload } from '../../domain/drill-payloads';
import { nextDelaySeconds, waitBeforeStep, type DrillRun } from '../../domain/drill-plan';
import type { RunDrillStepDeps } from './drill-ports';

export class DrillSendError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`The web trigger answered ${status}: ${detail}`);
    this.name = 'DrillSendError';
  }
}

export type DrillStepOutcome = 'sent' | 'waiting' | 'already-sent' | 'stopped' | 'failed';

/** Deliveries of one step before a web trigger that keeps failing (5xx, 429, unreachable) ends the run as failed. */
export const MAX_SEND_ATTEMPTS = 4;

/** `attempt`: this delivery of the step (1 for the first), from the queue's retry context. */
export async function runDrillStep(event: { runId: string; step: number; dueAtMs?: number }, deps: RunDrillStepDeps, attempt = 1): Promise<DrillStepOutcome> {
  const now = deps.clock.now();
  // a long gap: not yet due → wait again (at most 900 s a push)
  if (event.dueAtMs !== undefined && event.dueAtMs > now.getTime() + 1000) {
    await deps.pushStep(event, nextDelaySeconds(event.dueAtMs, now.getTime()));
    return 'waiting';
  }
  const run = await deps.runs.load(event.runId);
  if (!run || run.state !== 'running') return 'stopped';
  if (run.nextStep > event.step) return 'already-sent';
  const step = run.steps[event.step];
  if (!step) return 'stopped';

  // 1. send the alert as its sender would (its open time repeated on its later events)
  const openedAt = run.openedAt[step.alert.ref] ?? now.toISOString();
  const body = drillPayload(step.source, step.alert, { now, openedAt: new Date(openedAt) });
  const answer = await deps.send(step.source, body, run.id).catch((e: unknown) => ({ status: 0, detail: e instanceof Error ? e.message : String(e) }));
  const transient = answer.status === 0 || answer.status >= 500 || answer.status === 429;
  // a transient failure is retried by the queue; the last attempt (and any refusal) ends the run with the answer
  if (transient && attempt < MAX_SEND_ATTEMPTS) throw new DrillSendError(answer.status, answer.detail);
  if (answer.status !== 202) {
    await deps.runs.update(run.id, (r) => ({ ...r, state: 'failed', failure: { step: event.step, status: answer.status, detail: answer.detail.slice(0, 500) }, finishedAt: now.toISOString() }));
    return 'failed';
  }

  // 2. record it, then queue the next step after its gap
  const next = event.step + 1;
  const done = next >= run.steps.length;
  await deps.runs.update(run.id, (r): DrillRun | undefined =>
    r.nextStep > event.step ? undefined : { ...r, nextStep: next, progressAt: now.toISOString(), openedAt: { ...r.openedAt, [step.alert.ref]: openedAt }, ...(done ? { state: 'done', finishedAt: now.toISOString() } : {}) },
  );
  if (!done) {
    const waitSeconds = waitBeforeStep(run.steps, next, run.speed);
    const dueAtMs = now.getTime() + waitSeconds * 1000;
    await deps.pushStep({ runId: run.id, step: next, ...(waitSeconds > 900 ? { dueAtMs } : {}) }, nextDelaySeconds(dueAtMs, now.getTime()));
  }
  return 'sent';
}
