import { redactForLog, redactQueryForLog } from './log-redaction';

/**
 * Every product request the app made (from any function, the bridge or curl) and every web trigger call,
 * as `GET /__sandbox/requests` shows them. Kept in memory (bounded); the bench reads it for its tables.
 * Credentials are redacted as entries are added (core/log-redaction.ts): the log never holds a secret.
 */
export interface RequestLogEntry {
  seq: number;
  time: string;
  kind: 'product' | 'webtrigger' | 'sql' | 'egress' | 'llm';
  /** jira | confluence for product calls; the web trigger module key for web trigger calls; `sql` for Forge SQL calls (sandbox/sql); the host for the app's external `fetch` (runtime/egress.ts: 403 refused, 0 not emulated); the model for `@forge/llm` calls (sandbox/llm: the prompt summarised, never its text). */
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
  /** Forge SQL calls: rows returned (a read) or affected (a write). */
  rows?: number;
  /** Set when the answer came from an injected fault. */
  fault?: boolean;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  private secrets: () => readonly string[] = () => [];

  constructor(private readonly max = 20000) {}

  /** Where the values to blank wherever they appear come from (the app's KVS secret storage). */
  redactSecretsFrom(secrets: () => readonly string[]): void {
    this.secrets = secrets;
  }

  /** `text` as the log would show it (for callers that cut a body: redact first, so no part of a secret is left). */
  redact(text: string): string {
    return redactForLog(text, this.secrets());
  }

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const secrets = this.secrets();
    const e = {
      seq: ++this.seq,
      ...entry,
      path: redactForLog(entry.path, secrets),
      query: redactQueryForLog(entry.query, secrets),
      requestBody: entry.requestBody === undefined ? undefined : redactForLog(entry.requestBody, secrets),
    };
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
