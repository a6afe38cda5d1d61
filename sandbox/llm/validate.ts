import { TIER_LIMITS, estimateTokens, type ForgeLlmModel } from './models';

/**
 * Checks a chat/stream body as it reaches the platform: `POST https://llm/<model>` with the SDK's body
 * `{...prompt without model, stream}` (node_modules/@forge/llm/out/llm-api.js). The SDK checks a few things before
 * sending (out/validators.js: model present, temperature/top_p in [0,1], max_completion_tokens a positive integer,
 * messages non-empty with known roles); the service is checked here as a whole, as if any client could send it:
 *  - the request type (out/interfaces/internal.d.ts, the API reference's request schema): the known fields only,
 *    each of its type; an unknown field is refused (the service's handling of extra fields is undocumented; the
 *    sandbox refuses them so that a misspelt `max_tokens` or an unsupported `response_format` fails here rather than
 *    being silently ignored);
 *  - messages: each `{role, content}` with a known role; content a non-empty string or a non-empty array of
 *    `{type:'text', text}` parts (text only: "Only text input/output is currently supported", models page);
 *    `tool_call_id`/`name` only on `tool` messages, `tool_calls` only on `assistant` ones; at least one
 *    non-system message and the first of them from `user` (Claude's Messages API rule);
 *  - sampling ("Validation rules"): not `temperature` and `top_p` together; neither for the models that reject them;
 *  - `max_completion_tokens` at most the tier's output limit, the prompt within its context window (limits-llm);
 *  - tools: `{type:'function', function:{name, description, parameters}}`, names unique and as Claude accepts
 *    them (`^[a-zA-Z0-9_-]{1,64}$`); `tool_choice` one of the four forms, naming a declared tool, and a forcing
 *    choice only with tools.
 * Messages start with the SDK's own vocabulary (out/text.js) where it has one.
 */

export interface TextPart {
  type: 'text';
  text: string;
}
export type Content = string | TextPart[];
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: Content;
  tool_call_id?: string;
  name?: string;
  tool_calls?: unknown[];
}
export interface LlmTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}
export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface LlmRequest {
  messages: LlmMessage[];
  temperature?: number;
  top_p?: number;
  max_completion_tokens?: number;
  tools?: LlmTool[];
  tool_choice?: ToolChoice;
  stream: boolean;
}

export type Validated = { ok: true; request: LlmRequest; inputText: string; inputTokens: number } | { ok: false; message: string };

const ROLES = ['system', 'user', 'assistant', 'tool'] as const;
const REQUEST_FIELDS = new Set(['messages', 'temperature', 'top_p', 'max_completion_tokens', 'tools', 'tool_choice', 'stream']);
const MESSAGE_FIELDS: Record<(typeof ROLES)[number], Set<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
};
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const PREFIX = 'The payload is invalid:';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateLlmRequest(body: unknown, model: ForgeLlmModel): Validated {
  const errors: string[] = [];
  if (!isObject(body)) return { ok: false, message: `${PREFIX} Prompt is required and must be a valid object.` };
  for (const key of Object.keys(body)) if (!REQUEST_FIELDS.has(key)) errors.push(`Unknown field ${key}.`);
  if (typeof body.stream !== 'boolean') errors.push('stream must be a boolean.');

  const texts: string[] = [];
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    errors.push('No messages were provided. Provide at least one message.');
  } else {
    messages.forEach((m: unknown, i) => {
      if (!isObject(m)) {
        errors.push(`Message at index ${i} must be an object.`);
        return;
      }
      const role = m.role;
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
        errors.push(`Invalid role at index ${i}: ${typeof role === 'string' ? role : ''}. Role must be present and one of [${ROLES.join(', ')}].`);
        return;
      }
      for (const key of Object.keys(m)) if (!MESSAGE_FIELDS[role as LlmMessage['role']].has(key)) errors.push(`Field ${key} is not allowed on a ${role} message (index ${i}).`);
      const content = m.content;
      if (typeof content === 'string') {
        if (content.trim() === '') errors.push(`Message content at index ${i} must be a non-empty string.`);
        texts.push(content);
      } else if (Array.isArray(content) && content.length > 0) {
        content.forEach((p: unknown, j) => {
          if (!isObject(p) || p.type !== 'text' || typeof p.text !== 'string' || p.text.trim() === '' || Object.keys(p).some((k) => k !== 'type' && k !== 'text')) {
            errors.push(`Message content at index ${i}, part ${j} must be {type: 'text', text: <non-empty string>} (only text is supported).`);
          } else texts.push(p.text);
        });
      } else {
        errors.push(`Message content at index ${i} must be a non-empty string.`);
      }
      if (m.tool_call_id !== undefined && typeof m.tool_call_id !== 'string') errors.push(`tool_call_id at index ${i} must be a string.`);
      if (m.name !== undefined && typeof m.name !== 'string') errors.push(`name at index ${i} must be a string.`);
      if (m.tool_calls !== undefined && !Array.isArray(m.tool_calls)) errors.push(`tool_calls at index ${i} must be an array.`);
    });
    const conversation = messages.filter((m: unknown) => isObject(m) && m.role !== 'system') as Array<Record<string, unknown>>;
    if (conversation.length === 0) errors.push('At least one message other than a system message is required.');
    else if (conversation[0]!.role !== 'user') errors.push(`The first non-system message must have the role user, not ${String(conversation[0]!.role)}.`);
  }

  const sampling = (name: 'temperature' | 'top_p'): void => {
    const v = body[name];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      errors.push(name === 'temperature' ? `Invalid temperature ${String(v)}: Temperature must be between 0 and 1.` : `Invalid top_p ${String(v)}: top_p must be between 0 and 1.`);
    } else if (model.noSampling) {
      errors.push(`${name} is not supported by ${model.model}: omit temperature and top_p for this model.`);
    }
  };
  sampling('temperature');
  sampling('top_p');
  if (body.temperature !== undefined && body.top_p !== undefined) errors.push('temperature and top_p cannot be specified together. Provide only one, not both.');

  const limits = TIER_LIMITS[model.tier];
  const mct = body.max_completion_tokens;
  if (mct !== undefined) {
    if (typeof mct !== 'number' || !Number.isInteger(mct) || mct <= 0) errors.push(`Invalid max_completion_tokens ${String(mct)}: max_completion_tokens must be a positive integer.`);
    else if (mct > limits.maxOutputTokens) errors.push(`max_completion_tokens ${mct} exceeds ${model.model}'s limit of ${limits.maxOutputTokens} output tokens.`);
  }

  const toolNames: string[] = [];
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) errors.push('tools must be an array.');
    else
      body.tools.forEach((t: unknown, i) => {
        const f = isObject(t) ? t.function : undefined;
        if (!isObject(t) || t.type !== 'function' || !isObject(f) || Object.keys(t).some((k) => k !== 'type' && k !== 'function')) {
          errors.push(`Tool at index ${i} must be {type: 'function', function: {name, description, parameters}}.`);
          return;
        }
        if (typeof f.name !== 'string' || !TOOL_NAME.test(f.name)) errors.push(`Tool at index ${i}: name must match ${TOOL_NAME.source}.`);
        else if (toolNames.includes(f.name)) errors.push(`Tool at index ${i}: name ${f.name} is declared twice.`);
        else toolNames.push(f.name);
        if (typeof f.description !== 'string') errors.push(`Tool at index ${i}: description must be a string.`);
        if (!isObject(f.parameters)) errors.push(`Tool at index ${i}: parameters must be a JSON Schema object.`);
        else if (f.parameters.type !== undefined && f.parameters.type !== 'object') errors.push(`Tool at index ${i}: parameters must describe an object (type: 'object').`);
        for (const k of Object.keys(f)) if (!['name', 'description', 'parameters'].includes(k)) errors.push(`Tool at index ${i}: unknown field function.${k}.`);
        texts.push(JSON.stringify(t));
      });
  }
  const choice = body.tool_choice;
  if (choice !== undefined) {
    if (choice === 'auto' || choice === 'none' || choice === 'required') {
      if (choice === 'required' && toolNames.length === 0) errors.push('tool_choice required needs at least one tool.');
    } else if (isObject(choice) && choice.type === 'function' && isObject(choice.function) && typeof choice.function.name === 'string') {
      if (!toolNames.includes(choice.function.name)) errors.push(`tool_choice names ${choice.function.name}, which is not among the tools.`);
    } else {
      errors.push("tool_choice must be 'auto', 'none', 'required' or {type: 'function', function: {name}}.");
    }
  }

  const inputText = texts.join('\n');
  const inputTokens = estimateTokens(inputText);
  if (inputTokens > limits.contextTokens) errors.push(`The prompt is about ${inputTokens} tokens; ${model.model}'s context window is ${limits.contextTokens} tokens.`);

  if (errors.length > 0) return { ok: false, message: `${PREFIX} ${errors.join('; ')}` };
  return { ok: true, request: body as unknown as LlmRequest, inputText, inputTokens };
}
