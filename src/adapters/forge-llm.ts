/**
 * The AI draft's model port on Forge LLMs (`@forge/llm`: Atlassian-hosted Claude models, no egress).
 * https://developer.atlassian.com/platform/forge/runtime-reference/forge-llms-api-reference/
 *
 *  - the model: `list()` at run time (models are added and retired), the first ACTIVE one of {@link PREFERRED_MODELS},
 *    else any active Sonnet, else any active model;
 *  - the prompt: a system and a user message, one tool forced by `tool_choice`, `max_completion_tokens`; no
 *    `temperature` (several Claude models on Forge refuse sampling parameters);
 *  - the answer: the tool call's arguments (an object, or a JSON string), read through a schema.
 * Errors become the use case's (src/usecases/ai-draft/ai-draft-ports.ts): 403 FORGE_LLMS_MODEL_FORBIDDEN →
 * unavailable; 429 → rate limited — the SDK's `ForgeLlmAPIError` does not carry `Retry-After`
 * (node_modules/@forge/llm/out/utils/error-handling.js), so the limit's window (one minute) is the wait; 5xx and
 * network failures → transient; any other → a model error.
 * @forge/llm reads the Forge runtime when first required (out/llm-client.js), so it is required at the first call.
 */
import { z } from 'zod';
import type * as ForgeLlm from '@forge/llm';
import type { AiDraftPrompt } from '../documents/ai-draft-prompt';
import { AiModelError, AiRateLimitedError, AiUnavailableError, type AiModel, type AiModelAnswer } from '../usecases/ai-draft/ai-draft-ports';

/** Good enough and quick for two short texts; the first active one is used. */
export const PREFERRED_MODELS = ['claude-sonnet-4-6', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'] as const;
/** Forge LLMs counts prompts per installation per minute (limits-llm): a 429 clears within a minute at most. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

const ArgumentsSchema = z.object({ summary: z.string().trim().min(1), narrative: z.string().trim().min(1) });

const sdk = (): typeof ForgeLlm => require('@forge/llm') as typeof ForgeLlm;

export function chooseModel(models: ReadonlyArray<{ model: string; status: string }>): string | undefined {
  const active = models.filter((m) => m.status.toLowerCase() === 'active').map((m) => m.model);
  return PREFERRED_MODELS.find((m) => active.includes(m)) ?? active.find((m) => m.includes('sonnet')) ?? active[0];
}

function mapError(e: unknown): Error {
  const err = e as { name?: string; status?: number; code?: string; message?: string };
  if (err?.name === 'ForgeLlmAPIError') {
    if (err.status === 403) return new AiUnavailableError(err.code ?? 'FORBIDDEN', err.message ?? 'Forge LLMs refused the model', { cause: e });
    if (err.status === 429) return new AiRateLimitedError(RATE_LIMIT_WINDOW_SECONDS, { cause: e });
    return new AiModelError('model-error', (err.status ?? 0) >= 500, `Forge LLMs answered ${err.status} ${err.code}: ${err.message}`, { cause: e });
  }
  if (err?.name === 'PromptValidationError') return new AiModelError('model-error', false, `The prompt was refused by the SDK: ${err.message}`, { cause: e });
  return new AiModelError('model-error', true, `Forge LLMs could not be reached: ${err?.message ?? String(e)}`, { cause: e });
}

function argumentsOf(response: ForgeLlm.ChatResponse, tool: string): unknown {
  const call = response.choices?.[0]?.message?.tool_calls?.find((c) => c.function?.name === tool);
  const args: unknown = call?.function?.arguments;
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args);
  } catch {
    return undefined;
  }
}

export const forgeLlmModel: AiModel = {
  async propose(prompt: AiDraftPrompt): Promise<AiModelAnswer> {
    const llm = sdk();
    let model: string | undefined;
    let response: ForgeLlm.ChatResponse;
    try {
      model = chooseModel((await llm.list()).models);
      if (!model) throw new AiModelError('model-error', true, 'Forge LLMs lists no active model');
      response = await llm.chat({
        model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        tools: [{ type: 'function', function: prompt.tool }],
        tool_choice: { type: 'function', function: { name: prompt.tool.name } },
        max_completion_tokens: prompt.maxCompletionTokens,
      });
    } catch (e) {
      throw e instanceof AiModelError ? e : mapError(e);
    }
    const parsed = ArgumentsSchema.safeParse(argumentsOf(response, prompt.tool.name));
    if (!parsed.success) throw new AiModelError('unreadable-answer', false, `The model did not call ${prompt.tool.name} with a summary and a narrative (finish_reason ${response.choices?.[0]?.finish_reason})`);
    return { summary: parsed.data.summary, narrative: parsed.data.narrative, model };
  },
};
