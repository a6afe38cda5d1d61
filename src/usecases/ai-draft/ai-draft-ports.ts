/**
 * What the AI draft's use cases need (house style 1): the job rows and the remembered refusal (src/storage/
 * ai-draft-store.ts, KVS), the queue that runs the model (src/app/ai-draft-wiring.ts, @forge/events) and the model
 * itself (src/adapters/forge-llm.ts, @forge/llm). The errors the model port throws are defined here, so the use case
 * decides retry / fail / unavailable without knowing the SDK.
 */
import type { PersonMark } from '../../domain/incident';
import type { AiDraftFailure, AiProposal } from '../../shared/ai-draft';
import type { AiDraftPrompt } from '../../documents/ai-draft-prompt';

export interface AiDraftJob {
  /** One per request: the queue event names it, so a stale event (a discarded or replaced job) does nothing. */
  jobId: string;
  incidentId: string;
  state: 'pending' | 'ready' | 'failed';
  requestedBy: Pick<PersonMark, 'accountId' | 'displayName'>;
  requestedAt: string;
  proposal?: AiProposal | undefined;
  failure?: { reason: AiDraftFailure; at: string; detail?: string | undefined } | undefined;
  inserted?: { at: string; by: string } | undefined;
}

/** The incident's AI draft job (KVS key `ai-draft:<incidentId>`). */
export interface AiDraftJobs {
  load(incidentId: string): Promise<AiDraftJob | undefined>;
  save(job: AiDraftJob): Promise<void>;
  remove(incidentId: string): Promise<void>;
}

/** The installation's last refusal by Forge LLMs (403: the `llm` module not enabled here), remembered to hide the button. */
export interface AiAvailability {
  refusedAt(): Promise<string | undefined>;
  markRefused(at: string, code: string): Promise<void>;
  clear(): Promise<void>;
}

/** Runs a job in the AI consumer (its own queue, `kaizen-ai`, with a 6-minute function timeout). */
export interface AiDraftQueue {
  push(event: AiDraftEvent): Promise<void>;
}

/** The model's answer, parsed: untrusted text. */
export interface AiModelAnswer {
  summary: string;
  narrative: string;
  model: string;
}

/** A model on Forge LLMs (https://developer.atlassian.com/platform/forge/runtime-reference/forge-llms-api-reference/). */
export interface AiModel {
  /** Picks an active Claude model (`list()`), sends the prompt (`chat()`), reads the forced tool call's arguments. */
  propose(prompt: AiDraftPrompt): Promise<AiModelAnswer>;
}

/** 429: over 100 prompts a minute (or the tokens a minute). The SDK drops `Retry-After`, so the window's length is used. */
export class AiRateLimitedError extends Error {
  override readonly name = 'AiRateLimitedError';
  constructor(readonly retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(`Forge LLMs rate limit: retry after ${retryAfterSeconds} s`, options);
  }
}

/** 403 FORGE_LLMS_MODEL_FORBIDDEN: the platform does not let this installation use the model (no `llm` module). */
export class AiUnavailableError extends Error {
  override readonly name = 'AiUnavailableError';
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Any other failure of the model: `transient` (5xx, a network error) is worth retrying; the rest is not. */
export class AiModelError extends Error {
  override readonly name = 'AiModelError';
  constructor(readonly reason: Extract<AiDraftFailure, 'model-error' | 'unreadable-answer'>, readonly transient: boolean, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The AI consumer's queue (manifest `consumer` `ai-consumer`): its own, so drafts never wait behind an alert storm. */
export const AI_QUEUE = 'kaizen-ai';
/** A queue event: run this job of this incident. */
export interface AiDraftEvent {
  kind: 'ai-draft';
  incidentId: string;
  jobId: string;
}
