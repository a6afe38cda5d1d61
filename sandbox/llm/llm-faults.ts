import { z } from 'zod';

/**
 * Injected failures and slow answers for the `@forge/llm` endpoint (`POST /__sandbox/llm/faults`), in the style of
 * core/faults.ts: the next `count` prompts to a model (all models when `model` is left out; `/…/` is a regular
 * expression) wait `delayMs` (real time) and then answer `status` with a Forge error body `{code, message}` — or, with
 * no `status`, the normal answer after the wait (a slow model).
 */
export const llmFaultSchema = z
  .object({
    model: z.string().min(1).optional(),
    status: z
      .number()
      .int()
      .refine((s) => s === 400 || s === 403 || s === 429 || (s >= 500 && s <= 599), 'status must be 400, 403, 429 or 5xx')
      .optional(),
    /** The error body's `code` (default: by status, see DEFAULT_CODES). */
    code: z.string().min(1).max(100).optional(),
    delayMs: z.number().int().min(0).max(300_000).default(0),
    count: z.number().int().min(1).max(10_000).default(1),
    /** Seconds sent in `Retry-After` with a 429 or 503. */
    retryAfterSeconds: z.number().int().min(0).max(3600).default(60),
  })
  .refine((f) => f.status !== undefined || f.delayMs > 0, 'give a status, a delayMs, or both');
export type LlmFaultSpec = z.input<typeof llmFaultSchema>;
type LlmFault = z.output<typeof llmFaultSchema> & { id: number; remaining: number; matcher: (model: string) => boolean };

const DEFAULT_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  403: 'FORGE_LLMS_MODEL_FORBIDDEN',
  429: 'RATE_LIMIT_EXCEEDED',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export interface LlmFaultAnswer {
  id: number;
  delayMs: number;
  error?: { status: number; headers: Record<string, string>; code: string; message: string };
}

export class LlmFaultInjector {
  private faults: LlmFault[] = [];
  private nextId = 1;

  add(spec: LlmFaultSpec): { id: number } {
    const f = llmFaultSchema.parse(spec);
    const m = f.model;
    const regex = m && m.length > 2 && m.startsWith('/') && m.endsWith('/') ? new RegExp(m.slice(1, -1)) : undefined;
    const fault: LlmFault = { ...f, id: this.nextId++, remaining: f.count, matcher: !m ? () => true : regex ? (x) => regex.test(x) : (x) => x === m };
    this.faults.push(fault);
    return { id: fault.id };
  }

  /** Consumes one matching fault, if any. */
  take(model: string): LlmFaultAnswer | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && x.matcher(model));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining === 0) this.faults = this.faults.filter((x) => x !== f);
    if (f.status === undefined) return { id: f.id, delayMs: f.delayMs };
    const headers: Record<string, string> = {};
    if (f.status === 429 || f.status === 503) headers['retry-after'] = String(f.retryAfterSeconds);
    const code = f.code ?? DEFAULT_CODES[f.status] ?? 'UNKNOWN_ERROR';
    const message = f.status === 429 ? 'Rate limit exceeded (injected by the sandbox).' : f.status === 403 ? `Forge LLMs model not allowed: anthropic.${model} (injected by the sandbox)` : `Forge LLMs error ${f.status} (injected by the sandbox).`;
    return { id: f.id, delayMs: f.delayMs, error: { status: f.status, headers, code, message } };
  }

  list(): Array<Omit<LlmFault, 'matcher'>> {
    return this.faults.map(({ matcher: _m, ...rest }) => rest);
  }

  clear(): void {
    this.faults = [];
  }
}
