/**
 * The AI consumer's job (issue 11 item 6): the facts → the prompt → the model → the proposal stored for the panel.
 *
 * Runbook, each step guarded so a redelivery resumes and a stale event does nothing:
 *   1. the job its event names, still pending (discarded or replaced → nothing);
 *   2. the incident and its retrospective (gone → failed `no-retrospective`);
 *   3. the facts, as the retrospective shows them (gather-facts: bounded reads), and the prompt in the page language
 *      (src/documents/ai-draft-prompt.ts: facts as data, capped);
 *   4. the model: ready → stored (if the job is still this one); 429 → retried after the limit's window, at most
 *      {@link MAX_ATTEMPTS} deliveries; 403 → `unavailable`, remembered for the installation (the panel hides the
 *      button); 5xx / network → retried with a growing wait; anything else → failed with its reason.
 * Storage failures are not caught: the handler lets Forge retry them.
 */
import type { Incident } from '../../domain/incident';
import { buildAiDraftPrompt } from '../../documents/ai-draft-prompt';
import type { AiDraftFailure } from '../../shared/ai-draft';
import type { Clock } from '../ports';
import type { IncidentReads } from '../ui-ports';
import { gatherFacts, type GatherDeps } from '../retrospective/gather-facts';
import { AiModelError, AiRateLimitedError, AiUnavailableError, type AiAvailability, type AiDraftEvent, type AiDraftJob, type AiDraftJobs, type AiModel } from './ai-draft-ports';

/** Deliveries of one job's event before a rate limit or a transient failure becomes `failed`. */
export const MAX_ATTEMPTS = 4;
/** The wait before retrying a transient failure: this many seconds times the attempt. */
export const TRANSIENT_RETRY_SECONDS = 30;
/** The longest text kept from the model (code points): the panel and the page show no more. */
export const PROPOSAL_TEXT_MAX = 6_000;

export interface AiRunDeps extends GatherDeps {
  incidents: GatherDeps['incidents'] & Pick<IncidentReads, 'load'>;
  jobs: AiDraftJobs;
  availability: AiAvailability;
  model: AiModel;
  clock: Clock;
}

export type AiRunOutcome = { outcome: 'stale' | 'ready' | 'failed'; reason?: AiDraftFailure } | { outcome: 'retry'; retryAfterSeconds: number };

export async function runAiDraft(event: AiDraftEvent, attempt: number, deps: AiRunDeps): Promise<AiRunOutcome> {
  const job = await deps.jobs.load(event.incidentId);
  if (!job || job.jobId !== event.jobId || job.state !== 'pending') return { outcome: 'stale' };

  const incident: Incident | undefined = await deps.incidents.load(event.incidentId);
  if (!incident?.retrospective) return failed(job, 'no-retrospective', deps, 'The incident or its retrospective is gone.');

  const prompt = buildAiDraftPrompt(await gatherFacts(incident, deps), incident.language);
  try {
    const answer = await deps.model.propose(prompt);
    const createdAt = deps.clock.now().toISOString();
    const kept = await settle(job, deps, (current) => ({
      ...current,
      state: 'ready',
      proposal: { summary: cut(answer.summary), narrative: cut(answer.narrative), model: answer.model, createdAt },
    }));
    // an answer proves the installation may use the model: forget an older refusal
    if ((await deps.availability.refusedAt()) !== undefined) await deps.availability.clear();
    return kept ? { outcome: 'ready' } : { outcome: 'stale' };
  } catch (e) {
    if (e instanceof AiUnavailableError) {
      await deps.availability.markRefused(deps.clock.now().toISOString(), e.code);
      return failed(job, 'unavailable', deps, e.message);
    }
    if (e instanceof AiRateLimitedError) {
      return attempt < MAX_ATTEMPTS ? { outcome: 'retry', retryAfterSeconds: e.retryAfterSeconds } : failed(job, 'rate-limited', deps, e.message);
    }
    if (e instanceof AiModelError) {
      return e.transient && attempt < MAX_ATTEMPTS ? { outcome: 'retry', retryAfterSeconds: TRANSIENT_RETRY_SECONDS * attempt } : failed(job, e.reason, deps, e.message);
    }
    throw e;
  }
}

const cut = (text: string): string => {
  const points = [...text.trim()];
  return points.length > PROPOSAL_TEXT_MAX ? `${points.slice(0, PROPOSAL_TEXT_MAX - 1).join('')}…` : points.join('');
};

/** Writes the job's outcome unless the job was discarded or replaced meanwhile (then this event's work is stale). */
async function settle(job: AiDraftJob, deps: Pick<AiRunDeps, 'jobs'>, next: (current: AiDraftJob) => AiDraftJob): Promise<boolean> {
  const current = await deps.jobs.load(job.incidentId);
  if (!current || current.jobId !== job.jobId || current.state !== 'pending') return false;
  await deps.jobs.save(next(current));
  return true;
}

async function failed(job: AiDraftJob, reason: AiDraftFailure, deps: Pick<AiRunDeps, 'jobs' | 'clock'>, detail: string): Promise<AiRunOutcome> {
  const at = deps.clock.now().toISOString();
  const kept = await settle(job, deps, (current) => ({ ...current, state: 'failed', failure: { reason, at, detail: detail.slice(0, 500) } }));
  return kept ? { outcome: 'failed', reason } : { outcome: 'stale' };
}
