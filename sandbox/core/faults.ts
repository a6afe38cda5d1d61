import { z } from 'zod';

/**
 * Injected failures: the next N product requests matching a path answer with a chosen error, so tests and
 * people can watch the app's retries (`POST /__sandbox/faults`).
 */
export const faultSchema = z.object({
  /** A path prefix such as `/rest/api/3/issue`, or a regular expression when written `/…/`. */
  path: z.string().min(1),
  method: z.string().toUpperCase().optional(),
  status: z.number().int().refine((s) => s === 409 || s === 429 || (s >= 500 && s <= 599), 'status must be 409, 429 or 5xx'),
  count: z.number().int().min(1).max(10000).default(1),
  /** Seconds sent in `Retry-After` (429 and 503). */
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
});
export type FaultSpec = z.input<typeof faultSchema>;
type Fault = z.output<typeof faultSchema> & { id: number; remaining: number; matcher: (path: string) => boolean };

export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  message: string;
}

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): { id: number } {
    const f = faultSchema.parse(spec);
    const regex = f.path.length > 2 && f.path.startsWith('/') && f.path.endsWith('/') ? new RegExp(f.path.slice(1, -1)) : undefined;
    const fault: Fault = { ...f, id: this.nextId++, remaining: f.count, matcher: regex ? (p) => regex.test(p) : (p) => p.startsWith(f.path) };
    this.faults.push(fault);
    return { id: fault.id };
  }

  /** Consumes one matching fault, if any. */
  take(method: string, path: string): FaultAnswer | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && x.matcher(path) && (!x.method || x.method === method));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining === 0) this.faults = this.faults.filter((x) => x !== f);
    const headers: Record<string, string> = {};
    if (f.status === 429 || f.status === 503) headers['retry-after'] = String(f.retryAfterSeconds);
    if (f.status === 429) headers['ratelimit-reason'] = 'jira-burst-based';
    const message = f.status === 429 ? 'Rate limit exceeded.' : f.status === 409 ? 'Conflict (injected by the sandbox).' : 'Internal server error (injected by the sandbox).';
    return { status: f.status, headers, message };
  }

  list(): Array<Omit<Fault, 'matcher'>> {
    return this.faults.map(({ matcher: _m, ...rest }) => rest);
  }

  clear(): void {
    this.faults = [];
  }
}
