/**
 * The AI consumer (queue `kaizen-ai`, function `ai-consumer-fn` with a 6-minute timeout: Forge LLMs allows up to
 * 5 minutes of inference only to an async-events consumer whose timeout is at least that, limits-llm). Parses the
 * event, wires the real adapters, runs one use case (src/usecases/ai-draft/run-ai-draft.ts), and maps its outcome
 * once (house style 7): a retry → `InvocationError` with its `retryAfter`; an unexpected error → re-thrown so Forge
 * retries, until MAX_ATTEMPTS (then the job is left pending and the panel shows it timed out).
 * https://developer.atlassian.com/platform/forge/runtime-reference/async-events-api/
 */
import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { aiRunDeps } from '../app/ai-draft-wiring';
import { MAX_ATTEMPTS, runAiDraft } from '../usecases/ai-draft/run-ai-draft';

const AiDraftEventSchema = z.object({ kind: z.literal('ai-draft'), incidentId: z.string().min(1), jobId: z.string().min(1) });

export async function aiConsumer(event: AsyncEvent): Promise<InvocationError | void> {
  const parsed = AiDraftEventSchema.safeParse(event.body);
  if (!parsed.success) {
    // nothing to retry: an event Kaizen did not make (the job, if any, shows as timed out)
    console.warn(`Unreadable AI draft event ${event.eventId}: ${parsed.error.message}`);
    return;
  }
  const attempt = (event.retryContext?.retryCount ?? 0) + 1;
  try {
    const result = await runAiDraft(parsed.data, attempt, aiRunDeps());
    if (result.outcome === 'retry') return new InvocationError({ retryAfter: result.retryAfterSeconds, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED });
  } catch (e) {
    if (attempt >= MAX_ATTEMPTS) {
      console.error(`AI draft ${parsed.data.jobId} failed for good`, e);
      return;
    }
    throw e;
  }
}
