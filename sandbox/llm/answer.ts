import { createHash } from 'node:crypto';
import { estimateTokens } from './models';
import type { LlmRequest, LlmTool } from './validate';

/**
 * The sandbox's answer: never a model's output. The text begins with `[Sandbox LLM]` and names the prompt by a hash,
 * so it is the same for the same prompt and plainly not real. Shape: the API reference's `LlmResponse`
 * (`{choices:[{finish_reason, index, message:{role:'assistant', content, tool_calls?}}], usage}`); content as an
 * array of text parts, as the package README's example answer has it; `finish_reason` takes Anthropic's names
 * (`end_turn`, `tool_use`, `max_tokens`), as the Forge tutorials check them.
 *
 * When the prompt forces a tool (`tool_choice` `required` or a named function), the answer is a call of that tool (the
 * first one for `required`) with arguments built from its `parameters` schema: each string `[Sandbox LLM] <field>`,
 * enums their first value, numbers their minimum or 0, booleans false, arrays one item, objects their properties
 * (so an app's parser of the tool's output can be tested; the values mean nothing).
 */

export const SANDBOX_MARK = '[Sandbox LLM]';

export interface LlmAnswer {
  choices: Array<{
    finish_reason: string;
    index: number;
    message: { role: 'assistant'; content: Array<{ type: 'text'; text: string }>; tool_calls?: Array<{ id: string; type: 'function'; index: number; function: { name: string; arguments: Record<string, unknown> } }> };
  }>;
  usage: { input_tokens: number; output_tokens: number; total_tokens: number };
}

export function promptHash(model: string, request: LlmRequest): string {
  const { stream: _s, ...rest } = request;
  return createHash('sha256').update(JSON.stringify({ model, ...rest })).digest('hex');
}

export function answerFor(model: string, request: LlmRequest, inputTokens: number): LlmAnswer {
  const hash = promptHash(model, request);
  const forced = forcedTool(request);
  let text = `${SANDBOX_MARK} Deterministic placeholder from the Kaizen sandbox, not model output. model=${model} prompt=sha256:${hash.slice(0, 16)} messages=${request.messages.length}`;
  let finish = forced ? 'tool_use' : 'end_turn';
  const max = request.max_completion_tokens;
  if (!forced && max !== undefined && estimateTokens(text) > max) {
    text = text.slice(0, max * 4);
    finish = 'max_tokens';
  }
  const toolCalls = forced ? [{ id: `toolu_sandbox_${hash.slice(0, 20)}`, type: 'function' as const, index: 0, function: { name: forced.function.name, arguments: exampleOf(forced.function.parameters, forced.function.name) as Record<string, unknown> } }] : undefined;
  const outputTokens = estimateTokens(text) + (toolCalls ? estimateTokens(JSON.stringify(toolCalls[0]!.function.arguments)) : 0);
  return {
    choices: [{ finish_reason: finish, index: 0, message: { role: 'assistant', content: [{ type: 'text', text }], ...(toolCalls ? { tool_calls: toolCalls } : {}) } }],
    usage: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
  };
}

/** The answer as stream chunks (newline-delimited JSON, out/streaming/llm-stream-parser.js): text in pieces, then the finishing chunk with `finish_reason` and `usage`. */
export function streamChunks(answer: LlmAnswer): string[] {
  const choice = answer.choices[0]!;
  const text = choice.message.content[0]!.text;
  const pieces = [text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))].filter((p) => p !== '');
  const chunks: unknown[] = pieces.map((p) => ({ choices: [{ index: 0, message: { role: 'assistant', content: [{ type: 'text', text: p }] } }] }));
  chunks.push({ choices: [{ finish_reason: choice.finish_reason, index: 0, message: { role: 'assistant', content: [], ...(choice.message.tool_calls ? { tool_calls: choice.message.tool_calls } : {}) } }], usage: answer.usage });
  return chunks.map((c) => `${JSON.stringify(c)}\n`);
}

function forcedTool(request: LlmRequest): LlmTool | undefined {
  const tools = request.tools ?? [];
  const choice = request.tool_choice;
  if (choice === 'required') return tools[0];
  if (typeof choice === 'object') return tools.find((t) => t.function.name === choice.function.name);
  return undefined;
}

function exampleOf(schema: unknown, name: string, depth = 0): unknown {
  const s = (typeof schema === 'object' && schema !== null ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const type = Array.isArray(s.type) ? s.type[0] : s.type ?? (s.properties ? 'object' : 'string');
  if (depth > 8) return null;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, exampleOf(v, k, depth + 1)]));
    }
    case 'array':
      return [exampleOf(s.items, name, depth + 1)];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return `${SANDBOX_MARK} ${name}`;
  }
}
