import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import type { RequestLog } from '../core/request-log';
import type { WebTriggerModule } from './app-manifest';
import { describeError, type Invoker } from './invoker';

/**
 * Web triggers as Forge serves them: a stable URL per module (v1 `/x1/<id>`, v2 `/public/<id>`, plus any extra
 * path), the request handed to the function in Forge's shape, and the function's answer turned into the HTTP
 * response (dynamic), or the chosen output (static). https://developer.atlassian.com/platform/forge/events-reference/web-trigger/
 */

const NS_IDS = 'webtrigger-ids';
/** Forge's invocation payload limit covers the web trigger request (shared/docs/forge-platform.md §10). */
export const MAX_WEBTRIGGER_PAYLOAD_BYTES = 5 * 1024 * 1024;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);

export interface IncomingWebTriggerCall {
  method: string;
  /** The path after the host, e.g. `/public/<id>/extra`. */
  path: string;
  /** Raw header pairs as the sender wrote them (name case preserved). */
  rawHeaders: string[];
  query: URLSearchParams;
  body: string;
}

export interface WebTriggerHttpResponse {
  status: number;
  headers: Record<string, string[]>;
  body: string;
}

export class WebTriggerService {
  constructor(
    private readonly store: Store,
    private readonly modules: WebTriggerModule[],
    private readonly invoker: Invoker,
    private readonly log: RequestLog,
    private readonly baseUrl: () => string,
    private readonly installContext: string,
  ) {}

  /** The URL of a module, creating its id on first use (ids survive restarts and resets, like real URLs). */
  urlOf(moduleKey: string): string | undefined {
    const module = this.modules.find((m) => m.key === moduleKey);
    if (!module) return undefined;
    let id = this.store.get<string>(NS_IDS, moduleKey);
    if (!id) {
      id = randomUUID();
      this.store.put(NS_IDS, moduleKey, id);
    }
    return `${this.baseUrl()}/${module.urlFormat === 'v2' ? 'public' : 'x1'}/${id}`;
  }

  list(): Array<{ key: string; url: string; function: string }> {
    return this.modules.map((m) => ({ key: m.key, url: this.urlOf(m.key)!, function: m.function }));
  }

  /** Forgets a URL (webTrigger.deleteUrl); the next getUrl creates a new one. */
  deleteById(id: string): boolean {
    const entry = this.store.range<string>(NS_IDS).find((e) => e.value === id);
    if (!entry) return false;
    this.store.delete(NS_IDS, entry.key);
    return true;
  }

  /** Answers the GraphQL calls @forge/api's `webTrigger` makes through stargate. */
  graphql(body: { query?: string; variables?: Record<string, unknown> }): { status: number; body: unknown } {
    const q = body.query ?? '';
    if (q.includes('createWebTriggerUrl')) {
      const input = (body.variables?.input ?? {}) as { triggerKey?: string };
      const url = input.triggerKey ? this.urlOf(input.triggerKey) : undefined;
      if (!url) return { status: 200, body: { data: { createWebTriggerUrl: null }, errors: [{ message: `No web trigger module ${input.triggerKey}` }] } };
      return { status: 200, body: { data: { createWebTriggerUrl: { url } } } };
    }
    if (q.includes('webTriggerUrlsByAppContext')) {
      return { status: 200, body: { data: { webTriggerUrlsByAppContext: this.list().map((w) => ({ triggerKey: w.key, url: w.url })) } } };
    }
    if (q.includes('deleteWebTriggerUrl')) {
      const ok = this.deleteById(String(body.variables?.id ?? ''));
      return { status: 200, body: { data: { deleteWebTriggerUrl: { success: ok, message: ok ? null : 'No such web trigger URL' } } } };
    }
    return { status: 400, body: { errors: [{ message: 'GraphQL operation not emulated by the Kaizen sandbox' }] } };
  }

  /** Finds the module a path belongs to, or undefined (then the server answers 404). */
  resolve(path: string): { module: WebTriggerModule; userPath: string } | undefined {
    const m = /^\/(?:x1|public)\/([^/?#]+)(\/[^?#]*)?$/.exec(path);
    if (!m) return undefined;
    const entry = this.store.range<string>(NS_IDS).find((e) => e.value === m[1]);
    const module = entry && this.modules.find((x) => x.key === entry.key);
    return module ? { module, userPath: m[2] ?? '' } : undefined;
  }

  async handle(call: IncomingWebTriggerCall): Promise<WebTriggerHttpResponse> {
    const started = Date.now();
    const target = this.resolve(call.path);
    const respond = (r: WebTriggerHttpResponse, moduleKey: string): WebTriggerHttpResponse => {
      // redacted before it is cut: a secret straddling the cut must not leave its first half in the log
      const shown = call.body.length > 4096 ? this.log.redact(call.body) : call.body;
      this.log.add({
        time: new Date(started).toISOString(),
        kind: 'webtrigger',
        target: moduleKey,
        method: call.method,
        path: call.path,
        query: call.query.toString(),
        requestBody: shown.length > 4096 ? `${shown.slice(0, 4096)}…(${Buffer.byteLength(call.body)} bytes)` : shown,
        status: r.status,
        durationMs: Date.now() - started,
        caller: 'http',
        responseBytes: Buffer.byteLength(r.body),
      });
      return r;
    };
    const plain = (status: number, message: string): WebTriggerHttpResponse => ({ status, headers: { 'Content-Type': ['text/plain; charset=utf-8'] }, body: message });
    if (!target) return respond(plain(404, 'Web trigger not found'), 'unknown');
    const { module, userPath } = target;
    if (!METHODS.has(call.method)) return respond(plain(405, `Method ${call.method} is not supported by web triggers`), module.key);
    if (Buffer.byteLength(call.body) > MAX_WEBTRIGGER_PAYLOAD_BYTES) return respond(plain(413, 'Payload exceeds the 5 MB invocation limit'), module.key);

    const request = {
      method: call.method,
      path: call.path,
      userPath,
      headers: groupHeaders(call.rawHeaders),
      queryParameters: groupQuery(call.query),
      body: call.body,
    };
    const result = await this.invoker.invoke(module.function, [request, { installContext: this.installContext }], { moduleKey: module.key, moduleType: 'webtrigger' });
    if (!result.ok) {
      return respond(plain(result.timedOut ? 504 : 500, result.timedOut ? 'Function timed out' : `Function failed: ${describeError(result.error)}`), module.key);
    }
    return respond(this.toHttp(module, result.value), module.key);
  }

  private toHttp(module: WebTriggerModule, value: unknown): WebTriggerHttpResponse {
    const invalid = (why: string): WebTriggerHttpResponse => ({ status: 500, headers: { 'Content-Type': ['text/plain; charset=utf-8'] }, body: `Invalid web trigger response: ${why}` });
    if (module.response?.type === 'static') {
      const key = (value as { outputKey?: unknown } | undefined)?.outputKey;
      const out = module.response.outputs?.find((o) => o.key === key);
      if (!out) return invalid(`outputKey ${String(key)} is not one of the manifest's outputs`);
      return { status: out.statusCode, headers: out.contentType ? { 'Content-Type': [out.contentType] } : {}, body: out.body ?? '' };
    }
    // Dynamic: {statusCode, statusText?, body?: string, headers?: {name: string[]}}; anything else is a 500.
    if (!value || typeof value !== 'object') return invalid('the function must return {statusCode, headers?, body?}');
    const v = value as { statusCode?: unknown; body?: unknown; headers?: unknown };
    if (typeof v.statusCode !== 'number' || !Number.isInteger(v.statusCode) || v.statusCode < 100 || v.statusCode > 599) return invalid('statusCode must be an HTTP status code');
    if (v.body !== undefined && typeof v.body !== 'string') return invalid('body must be a string');
    const headers: Record<string, string[]> = {};
    if (v.headers !== undefined) {
      if (!v.headers || typeof v.headers !== 'object') return invalid('headers must be an object of string arrays');
      for (const [name, vals] of Object.entries(v.headers)) {
        if (!Array.isArray(vals) || !vals.every((x) => typeof x === 'string')) return invalid(`header ${name} must be an array of strings`);
        headers[name] = vals as string[];
      }
    }
    return { status: v.statusCode, headers, body: v.body ?? '' };
  }
}

/** `{name: [values]}` keeping the sender's name case, as the docs' example shows (case handling is unverified). */
function groupHeaders(raw: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) (out[raw[i]!] ??= []).push(raw[i + 1]!);
  return out;
}

/** Repeated parameters become several values; the docs' example also splits comma-separated values. */
function groupQuery(query: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of query) (out[k] ??= []).push(...v.split(','));
  return out;
}
