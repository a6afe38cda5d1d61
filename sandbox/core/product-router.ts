import type { SpecValidator, MatchedOperation } from '../openapi/spec-validator';
import type { FaultInjector } from './faults';
import type { Actor, Product, ProductEmulator, ProductResponse } from './product';
import type { RequestLog } from './request-log';

/**
 * The front door of the emulated Jira and Confluence. Every request — from the app's functions through
 * `__forge_fetch__`, from Custom UI through the bridge, or from curl — passes here: product by path, injected
 * faults, the official OpenAPI document (an invalid request gets the 4xx the cloud would give, with the reason),
 * then the emulator. With `validateResponses`, every answer is checked against the document too.
 */

export interface RoutedRequest {
  method: string;
  /** Path with optional query string, e.g. `/rest/api/3/issue/OPS-1?fields=summary`. */
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  actor: Actor;
  caller: string;
}

export interface RoutedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ResponseViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  errors: string[];
}

export function productOf(path: string): Product | undefined {
  if (path.startsWith('/rest/api/3/')) return 'jira';
  if (path.startsWith('/wiki/api/v2/') || path.startsWith('/wiki/rest/api/')) return 'confluence';
  return undefined;
}

/** The error body each product (and Confluence API version) uses, so the app's error handling meets reality. */
export function errorBody(path: string, status: number, message: string, fieldErrors: Record<string, string> = {}): unknown {
  if (path.startsWith('/wiki/api/v2/')) {
    const code = { 400: 'INVALID_REQUEST_PARAMETER', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT', 413: 'REQUEST_ENTITY_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'TOO_MANY_REQUESTS', 501: 'NOT_IMPLEMENTED' }[status] ?? 'INTERNAL_SERVER_ERROR';
    return { errors: [{ status, code, title: message, detail: Object.keys(fieldErrors).length ? JSON.stringify(fieldErrors) : null }] };
  }
  if (path.startsWith('/wiki/rest/api/')) {
    return { statusCode: status, data: { authorized: status !== 401 && status !== 403, valid: status !== 400, errors: Object.entries(fieldErrors).map(([k, v]) => ({ message: { key: k, args: [], translation: v } })), successful: false }, message: message };
  }
  return { errorMessages: [message], errors: fieldErrors };
}

export class ProductRouter {
  readonly violations: ResponseViolation[] = [];

  constructor(
    private readonly deps: {
      validator: SpecValidator;
      emulators: Record<Product, ProductEmulator>;
      faults: FaultInjector;
      log: RequestLog;
      validateResponses: boolean;
    },
  ) {}

  async route(req: RoutedRequest): Promise<RoutedResponse> {
    const started = Date.now();
    const q = req.url.indexOf('?');
    const path = q === -1 ? req.url : req.url.slice(0, q);
    const queryString = q === -1 ? '' : req.url.slice(q + 1);
    const method = req.method.toUpperCase();
    let op: MatchedOperation | undefined;
    let fault = false;
    const answer = await (async (): Promise<ProductResponse> => {
      const product = productOf(path);
      if (!product) return { status: 404, body: { errorMessages: [`No Atlassian product API at ${path}`], errors: {} } };
      const injected = this.deps.faults.take(method, path);
      if (injected) {
        fault = true;
        return { status: injected.status, headers: injected.headers, body: errorBody(path, injected.status, injected.message) };
      }
      if (req.actor.kind === 'anonymous') return { status: 401, body: errorBody(path, 401, 'Client must be authenticated to access this resource.') };
      const contentType = req.headers['content-type'] ?? '';
      let body: unknown;
      if (req.body !== undefined && req.body !== '') {
        if (!/json/i.test(contentType)) {
          return { status: 415, body: errorBody(path, 415, `Unsupported Media Type: ${contentType || 'no Content-Type'}; this endpoint consumes application/json`) };
        }
        try {
          body = JSON.parse(req.body);
        } catch (e) {
          return { status: 400, body: errorBody(path, 400, `Unexpected character in the request body: ${(e as Error).message}`) };
        }
      }
      const query = new URLSearchParams(queryString);
      const check = this.deps.validator.checkRequest({ method, path, query, headers: req.headers, body, rawBody: req.body, contentType });
      if (!check.ok) {
        op = check.op;
        const fields = Object.fromEntries(check.errors.map((e) => [e.name, e.message]));
        return { status: check.status, body: errorBody(path, check.status, check.message, fields) };
      }
      op = check.op;
      const emulator = this.deps.emulators[product];
      if (!emulator.operations.has(op.operationId)) {
        return { status: 501, body: errorBody(path, 501, `${op.operationId} (${method} ${op.pathTemplate}) is valid but not emulated by the Kaizen sandbox`) };
      }
      return emulator.handle({
        product,
        method,
        path,
        query,
        headers: req.headers,
        body,
        rawBody: req.body,
        operationId: op.operationId,
        pathTemplate: op.pathTemplate,
        pathParams: op.pathParams,
        actor: req.actor,
      });
    })();

    // Success answers must match the document. Error answers are not checked: the documents leave out statuses the
    // cloud really sends (e.g. Confluence's 409 on a stale page version, 429 everywhere).
    // An empty body (204, or 201/200 where the document's schema is `{}`) is what the cloud sends; nothing to check.
    if (this.deps.validateResponses && op && !fault && answer.status < 400 && answer.body !== undefined) {
      const check = this.deps.validator.checkResponse(op, answer.status, answer.body);
      if (!check.ok) this.violations.push({ operationId: op.operationId, method, path, status: answer.status, errors: check.errors });
    }
    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const headers: Record<string, string> = { ...(text ? { 'content-type': 'application/json;charset=UTF-8' } : {}), ...answer.headers };
    this.deps.log.add({
      time: new Date(started).toISOString(),
      kind: 'product',
      target: productOf(path) ?? 'unknown',
      method,
      path,
      query: queryString,
      requestBody: req.body,
      status: answer.status,
      durationMs: Date.now() - started,
      caller: req.caller,
      actor: req.actor.kind === 'user' ? req.actor.accountId : req.actor.kind,
      ...(op ? { operationId: op.operationId } : {}),
      responseBytes: Buffer.byteLength(text),
      ...(fault ? { fault: true } : {}),
    });
    return { status: answer.status, headers, body: text };
  }
}
