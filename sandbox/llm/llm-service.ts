import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import type { RequestLog } from '../core/request-log';
import { answerFor, promptHash, streamChunks } from './answer';
import { LlmFaultInjector } from './llm-faults';
import { FORGE_LLM_MODELS, LLM_LIMITS, type ForgeLlmModel } from './models';
import { validateLlmRequest, type LlmRequest } from './validate';

/**
 * Forge LLMs as the sandbox's `__forge_fetch__` answers it for `@forge/llm` (node_modules/@forge/llm/out/llm-client.js):
 *  - `list()`: `__forge_fetch__({type:'llm'}, 'https://llm', {method:'GET'})` → `{models:[{model, status}]}`;
 *  - `chat()`/`stream()`: `__forge_fetch__({type:'llm', model}, 'https://llm/<encodeURIComponent(model)>',
 *    {method:'POST', body: JSON.stringify({...prompt without model, stream: false|true})})` → an `LlmResponse`
 *    (JSON), or newline-delimited `LlmResponse` chunks when `stream` is true.
 * An error answer is `{code, message}` JSON with its status: the SDK's checkResponseError (out/utils/error-handling.js)
 * throws `ForgeLlmAPIError{status, code, message, traceId}` from it (trace id from the `x-b3-traceid` header).
 *
 * In order, a prompt is refused with:
 *  - 400 BAD_REQUEST: not the SDK's call (descriptor model missing or unlike the path's), a body that is not JSON;
 *  - 403 FORGE_LLMS_MODEL_FORBIDDEN "Forge LLMs model not allowed: anthropic.<model>": the app's manifest has no `llm`
 *    module enabling the model's family, or the model is not one Forge offers (models.ts). The code and message are
 *    the platform's as a partner logged them (developer community thread 101982, Aug 2026); that an unknown model
 *    gets the same answer is the sandbox's assumption;
 *  - 429 RATE_LIMIT_EXCEEDED with `Retry-After`: more than 100 prompts a minute in the installation, or more than
 *    500,000 tokens a minute for one model (limits-llm). The status is documented; the code is Forge's rate-limit
 *    code elsewhere (KVS), as the LLM one is not;
 *  - an injected fault (llm-faults.ts);
 *  - 400 BAD_REQUEST "The payload is invalid: …": the body breaks a rule of validate.ts.
 * The answer itself is answer.ts's marked placeholder. Each call is one `llm` entry in the request log (the prompt as
 * counts and a hash, never its text) and one record at `GET /__sandbox/llm`.
 */

export interface LlmCall {
  descriptor: { type: string; model?: string };
  path: string;
  method: string;
  body: string | undefined;
  headers: Record<string, string>;
  installationId: string;
  caller: string;
}

export interface LlmReply {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or the stream's lines. */
  body: string | string[];
}

export interface LlmCallRecord {
  /** The request log entry's `seq`. */
  seq: number;
  time: string;
  installationId: string;
  caller: string;
  model: string | undefined;
  stream: boolean | undefined;
  status: number;
  code?: string;
  message?: string;
  messages?: number;
  promptChars?: number;
  promptSha256?: string;
  /** The first characters of the last user message (the log never holds a whole prompt). */
  promptPreview?: string;
  finishReason?: string;
  usage?: { input_tokens: number; output_tokens: number; total_tokens: number };
  answer?: string;
  durationMs: number;
  fault?: boolean;
}

export interface LlmServiceOptions {
  /** The model families the app's manifest enables (`modules.llm[].model`); none: every prompt is refused. */
  declaredFamilies: readonly string[];
  log?: RequestLog;
  models?: readonly ForgeLlmModel[];
  now?: () => number;
}

const BASE = 'https://llm';
const PREVIEW_CHARS = 60;
const KEEP_RECORDS = 200;
const MINUTE = 60_000;

export class LlmService {
  readonly faults = new LlmFaultInjector();
  private readonly models: readonly ForgeLlmModel[];
  private readonly now: () => number;
  private requestTimes = new Map<string, number[]>();
  private tokenUse = new Map<string, Array<{ at: number; tokens: number }>>();
  private records: LlmCallRecord[] = [];

  constructor(private readonly options: LlmServiceOptions) {
    this.models = options.models ?? FORGE_LLM_MODELS;
    this.now = options.now ?? Date.now;
  }

  get declaredFamilies(): readonly string[] {
    return this.options.declaredFamilies;
  }

  listModels(): { models: Array<{ model: string; status: string }> } {
    return { models: this.models.map((m) => ({ model: m.model, status: m.status })) };
  }

  async handle(call: LlmCall): Promise<LlmReply> {
    const t0 = performance.now();
    const trace = call.headers['x-b3-traceid'];
    const base: Record<string, string> = { 'content-type': 'application/json', ...(trace ? { 'x-b3-traceid': trace } : {}) };
    const rest = call.path.startsWith(BASE) ? call.path.slice(BASE.length) : undefined;
    const method = call.method.toUpperCase();
    const pathModel = rest && rest.length > 1 && rest.startsWith('/') ? safeDecode(rest.slice(1)) : undefined;
    const record: Partial<LlmCallRecord> = { model: pathModel ?? call.descriptor.model };
    let summary: string | undefined;

    const finish = (status: number, payload: unknown, extra: Record<string, string> = {}, chunks?: string[]): LlmReply => {
      const body = chunks ?? JSON.stringify(payload);
      const headers = { ...base, ...extra, ...(chunks ? { 'content-type': 'application/x-ndjson' } : {}) };
      const durationMs = Math.round((performance.now() - t0) * 100) / 100;
      const entry = this.options.log?.add({
        time: new Date().toISOString(),
        kind: 'llm',
        target: record.model ?? 'llm',
        method,
        path: call.path.startsWith(BASE) ? call.path.slice(BASE.length) || '/' : call.path,
        query: '',
        requestBody: summary,
        status,
        durationMs,
        caller: call.caller,
        responseBytes: Buffer.byteLength(Array.isArray(body) ? body.join('') : body),
        ...(record.fault ? { fault: true } : {}),
      });
      const err = status >= 400 && payload && typeof payload === 'object' ? (payload as { code?: string; message?: string }) : undefined;
      if (method === 'POST') {
        this.records.push({
          ...record,
          seq: entry?.seq ?? 0,
          time: new Date().toISOString(),
          installationId: call.installationId,
          caller: call.caller,
          model: record.model,
          stream: record.stream,
          status,
          ...(err ? { code: err.code, message: err.message } : {}),
          durationMs,
        });
        if (this.records.length > KEEP_RECORDS) this.records.splice(0, this.records.length - KEEP_RECORDS);
      }
      return { status, headers, body };
    };
    const error = (status: number, code: string, message: string, extra: Record<string, string> = {}): LlmReply => finish(status, { code, message }, extra);

    if (rest === undefined) return error(404, 'NOT_FOUND', `Not a Forge LLMs path: ${call.path}`);
    if (method === 'GET' && (rest === '' || rest === '/')) return finish(200, this.listModels());
    if (method !== 'POST' || pathModel === undefined) return error(405, 'METHOD_NOT_ALLOWED', `${method} ${call.path} is not a Forge LLMs call (list: GET ${BASE}; prompts: POST ${BASE}/<model>)`);

    summary = summarise(call.body);
    if (call.descriptor.model !== pathModel) return error(400, 'BAD_REQUEST', `The descriptor's model (${String(call.descriptor.model)}) is not the path's (${pathModel}).`);
    const model = this.models.find((m) => m.model === pathModel);
    const forbidden = `Forge LLMs model not allowed: anthropic.${pathModel}`;
    if (!model) return error(403, 'FORGE_LLMS_MODEL_FORBIDDEN', forbidden);
    if (!this.options.declaredFamilies.includes(model.family)) return error(403, 'FORGE_LLMS_MODEL_FORBIDDEN', `${forbidden} (the app's manifest declares no llm module with model family ${model.family})`);

    const now = this.now();
    const times = (this.requestTimes.get(call.installationId) ?? []).filter((t) => t > now - MINUTE);
    this.requestTimes.set(call.installationId, times);
    if (times.length >= LLM_LIMITS.requestsPerMinute) {
      return error(429, 'RATE_LIMIT_EXCEEDED', `Rate limit exceeded: ${LLM_LIMITS.requestsPerMinute} requests per minute per installation.`, { 'retry-after': retryAfter(times[0]!, now) });
    }
    times.push(now);

    const fault = this.faults.take(model.model);
    if (fault) {
      record.fault = true;
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.error) return error(fault.error.status, fault.error.code, fault.error.message, fault.error.headers);
    }

    let parsed: unknown;
    try {
      parsed = call.body === undefined ? undefined : JSON.parse(call.body);
    } catch {
      return error(400, 'BAD_REQUEST', 'The payload is invalid: the request body is not JSON.');
    }
    const v = validateLlmRequest(parsed, model);
    if (!v.ok) return error(400, 'BAD_REQUEST', v.message);
    const request: LlmRequest = v.request;
    record.stream = request.stream;
    record.messages = request.messages.length;
    record.promptChars = v.inputText.length;
    record.promptSha256 = promptHash(model.model, request);
    record.promptPreview = preview(request, this.options.log);

    const key = `${call.installationId}|${model.model}`;
    const used = (this.tokenUse.get(key) ?? []).filter((u) => u.at > now - MINUTE);
    this.tokenUse.set(key, used);
    const spent = used.reduce((n, u) => n + u.tokens, 0);
    if (spent + v.inputTokens > LLM_LIMITS.tokensPerMinute) {
      return error(429, 'RATE_LIMIT_EXCEEDED', `Rate limit exceeded: ${LLM_LIMITS.tokensPerMinute} tokens per minute per installation for ${model.model}.`, { 'retry-after': retryAfter(used[0]?.at ?? now, now) });
    }
    const answer = answerFor(model.model, request, v.inputTokens);
    used.push({ at: now, tokens: answer.usage.total_tokens });
    record.finishReason = answer.choices[0]!.finish_reason;
    record.usage = answer.usage;
    record.answer = answer.choices[0]!.message.content[0]!.text;
    return request.stream ? finish(200, answer, {}, streamChunks(answer)) : finish(200, answer);
  }

  /** The latest prompts (newest last), at most `limit`. */
  calls(limit = KEEP_RECORDS): LlmCallRecord[] {
    return this.records.slice(-limit);
  }

  /** Requests and tokens counted in the current minute, per installation / installation and model. */
  usage(): { requests: Record<string, number>; tokens: Record<string, number> } {
    const now = this.now();
    return {
      requests: Object.fromEntries([...this.requestTimes].map(([k, v]) => [k, v.filter((t) => t > now - MINUTE).length])),
      tokens: Object.fromEntries([...this.tokenUse].map(([k, v]) => [k, v.filter((u) => u.at > now - MINUTE).reduce((n, u) => n + u.tokens, 0)])),
    };
  }

  /** Empties the rate windows, the records and the faults (the sandbox's reset). */
  reset(): void {
    this.requestTimes.clear();
    this.tokenUse.clear();
    this.records = [];
    this.faults.clear();
  }
}

/** The model families the app's `manifest.yml` enables: `modules.llm[*].model` (an unreadable manifest enables none). */
export function declaredLlmFamilies(appDir: string): string[] {
  try {
    const raw = parse(readFileSync(join(appDir, 'manifest.yml'), 'utf8')) as { modules?: { llm?: Array<{ model?: unknown }> } } | null;
    const modules = raw?.modules?.llm;
    if (!Array.isArray(modules)) return [];
    return modules.flatMap((m) => (Array.isArray(m?.model) ? m.model.filter((x): x is string => typeof x === 'string') : []));
  } catch {
    return [];
  }
}

/** What `__forge_fetch__` resolves to: a JSON response, or a streamed body of newline-delimited chunks. */
export function llmResponse(r: LlmReply): Response {
  if (typeof r.body === 'string') return new Response(r.body, { status: r.status, headers: r.headers });
  const chunks = r.body.map((c) => new TextEncoder().encode(c));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return new Response(stream, { status: r.status, headers: r.headers });
}

const retryAfter = (oldest: number, now: number): string => String(Math.max(1, Math.ceil((oldest + MINUTE - now) / 1000)));

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join(' ') : '');

function preview(request: LlmRequest, log: RequestLog | undefined): string {
  const last = [...request.messages].reverse().find((m) => m.role === 'user');
  const text = (log ? log.redact(textOf(last?.content)) : textOf(last?.content)).replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

const SHOWN_PARAMS = new Set(['stream', 'temperature', 'top_p', 'max_completion_tokens', 'tool_choice']);
const KNOWN_FIELDS = new Set([...SHOWN_PARAMS, 'messages', 'tools']);

/** The request log's view of a prompt: its shape, sizes and hash — never its text. */
function summarise(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  let b: Record<string, unknown>;
  try {
    b = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return `(not JSON, ${Buffer.byteLength(body)} bytes)`;
  }
  if (!b || typeof b !== 'object' || Array.isArray(b)) return `(${typeof b}, ${Buffer.byteLength(body)} bytes)`;
  const messages = Array.isArray(b.messages) ? b.messages : [];
  const chars = messages.reduce((n: number, m: unknown) => n + textOf((m as { content?: unknown } | null)?.content).length, 0);
  const params = Object.fromEntries(Object.entries(b).filter(([k, v]) => SHOWN_PARAMS.has(k) && (typeof v !== 'string' || v.length <= 20)));
  const unknown = Object.keys(b).filter((k) => !KNOWN_FIELDS.has(k));
  return JSON.stringify({
    messages: messages.length,
    roles: messages.map((m: unknown) => (m as { role?: unknown } | null)?.role),
    promptChars: chars,
    bytes: Buffer.byteLength(body),
    ...(Array.isArray(b.tools) ? { tools: b.tools.map((t: unknown) => (t as { function?: { name?: unknown } } | null)?.function?.name) } : {}),
    ...params,
    ...(unknown.length ? { unknownFields: unknown } : {}),
  });
}
