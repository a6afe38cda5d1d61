/**
 * The AI draft's dependencies (src/usecases/ai-draft/) from the real adapters, once per invocation: the
 * retrospective's (the panel's checks as the user, the page as the app), the job rows in KVS, the `kaizen-ai` queue
 * (@forge/events) and, in the consumer, the model on Forge LLMs (@forge/llm).
 */
import { Queue } from '@forge/events';
import { randomUUID } from 'node:crypto';
import { forgeLlmModel } from '../adapters/forge-llm';
import { createRetrospectiveReads } from '../adapters/retrospective-products';
import { aiAvailability, aiDraftJobs } from '../storage/ai-draft-store';
import { incidentReads, incidentsOpenedSince } from '../storage/incident-reads';
import { AI_QUEUE, type AiDraftQueue } from '../usecases/ai-draft/ai-draft-ports';
import type { AiDraftDeps } from '../usecases/ai-draft/ai-draft-steps';
import type { AiRunDeps } from '../usecases/ai-draft/run-ai-draft';
import type { Clock } from '../usecases/ports';
import type { UserAccess } from '../usecases/ui-ports';
import { retrospectiveDeps } from './retrospective-wiring';
import { pageAccess } from '../adapters/confluence-page-access';

const aiQueue = (): AiDraftQueue => {
  const queue = new Queue({ key: AI_QUEUE });
  return { push: async (event) => void (await queue.push({ body: { ...event } })) };
};

/** The panel's four actions (requestAiDraft, getAiDraft, insertAiDraft, discardAiDraft). */
export function aiDraftDeps(access: UserAccess, clock: Clock): AiDraftDeps {
  return { ...retrospectiveDeps(access, clock), jobs: aiDraftJobs, availability: aiAvailability, queue: aiQueue(), newJobId: () => `ai-${randomUUID()}`, pageEdit: pageAccess };
}

/** The AI consumer: facts read as the app (no user), the model on Forge LLMs. */
export function aiRunDeps(): AiRunDeps {
  return {
    incidents: incidentReads,
    reads: createRetrospectiveReads(),
    recent: incidentsOpenedSince,
    clock: { now: () => new Date() },
    jobs: aiDraftJobs,
    availability: aiAvailability,
    model: forgeLlmModel,
  };
}
