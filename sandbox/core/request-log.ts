/**
 * Every product request the app made (from any function, the bridge or curl) and every web trigger call,
 * as `GET /__sandbox/requests` shows them. Kept in memory (bounded); the bench reads it for its tables.
 */
export interface RequestLogEntry {
  seq: number;
  time: string;
  kind: 'product' | 'webtrigger';
  /** jira | confluence for product calls; the web trigger module key for web trigger calls. */
  target: string;
  method: string;
  path: string;
  query: string;
  requestBody: string | undefined;
  status: number;
  durationMs: number;
  /** The calling function key (app calls), `bridge:<module>` (Custom UI), or `http` (curl / a sender). */
  caller: string;
  actor?: string;
  operationId?: string;
  /** Bytes of the response body. */
  responseBytes: number;
  /** Set when the answer came from an injected fault. */
  fault?: boolean;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly max = 20000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const e = { seq: ++this.seq, ...entry };
    this.entries.push(e);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return e;
  }

  list(filter: { since?: number; kind?: string; limit?: number } = {}): RequestLogEntry[] {
    let out = this.entries;
    if (filter.since !== undefined) out = out.filter((e) => e.seq > filter.since!);
    if (filter.kind) out = out.filter((e) => e.kind === filter.kind);
    if (filter.limit !== undefined) out = out.slice(-filter.limit);
    return out;
  }

  clear(): void {
    this.entries = [];
  }
}
