/**
 * The one way Kaizen's adapters talk to Jira and Confluence: `api.asApp().requestJira/requestConfluence` with a
 * `route` (path parameters checked against path manipulation, query values encoded — forge-platform.md §9.1),
 * JSON in and out, every body parsed with a zod schema, and retries as {@link RetryPolicy} describes.
 *
 * Construct one per invocation (with the adapters that use it): the retry budget is per instance, so the
 * total in-function wait is bounded however many requests an invocation makes.
 *
 * https://developer.atlassian.com/platform/forge/runtime-reference/product-fetch-api/
 */
import api, { FetchError, ProxyRequestError, type APIResponse, type Route } from '@forge/api';
import type { z } from 'zod';
import { ProductNetworkError, ProductRequestError, RateLimitedError, UnexpectedResponseError, type ProductName } from './product-errors';
import { DEFAULT_RETRY_POLICY, RetryBudget, fullJitterDelayMs, parseRetryAfterMs, realSleep, type RetryPolicy } from './retry-policy';

// The errors callers map at their edge, re-exported so a consumer imports one module.
export { ProductNetworkError, ProductRequestError, RateLimitedError, UnexpectedResponseError, type ProductName } from './product-errors';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

/** Where adapters write the few lines an operator needs (Forge keeps `console` output as the app's logs). */
export interface AdapterLog {
  warn(message: string, details?: Record<string, unknown>): void;
}

/** {@link AdapterLog} on `console` (https://developer.atlassian.com/platform/forge/debug-functions-using-logs/). */
export const consoleLog: AdapterLog = {
  warn: (message, details) => console.warn(message, details ?? ''),
};

export interface RetryEvent {
  product: ProductName;
  /** The request's method and path; for a unit of work ({@link ProductHttp.retrying}) `UNIT` and its name. */
  method: string;
  path: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** The wait before the next attempt. */
  waitMs: number;
  reason: 'rate-limited' | 'server-error' | 'network';
  status: number | undefined;
}

export interface ProductHttpOptions {
  retry?: Partial<RetryPolicy>;
  /** Test seams: how to wait, the jitter source, the clock for HTTP-date `Retry-After`. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Told before each wait (tests and metrics). */
  onRetry?: (event: RetryEvent) => void;
}

export interface ProductReply {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  /** The parsed JSON body; the text when it was not JSON; undefined when empty. */
  body: unknown;
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Whether sending the request twice has the effect of sending it once. Decides whether a 5xx or a lost answer
   * is retried here: a 429 is always retried (the rate limiter refuses before the product acts), but a 5xx on a
   * create may have created. Defaults: GET, PUT and DELETE yes, POST no.
   */
  idempotent?: boolean;
}

/** 5xx answers worth another try. 501 (not implemented) and 505 will not change. */
const TRANSIENT_5XX = new Set([500, 502, 503, 504]);

type RetryReason = RetryEvent['reason'];

export class ProductHttp {
  private readonly policy: RetryPolicy;
  private readonly budget: RetryBudget;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onRetry: ((event: RetryEvent) => void) | undefined;

  constructor(
    readonly product: ProductName,
    options: ProductHttpOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.budget = new RetryBudget(this.policy.maxTotalWaitMs);
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.onRetry = options.onRetry;
  }

  /** Milliseconds this instance has waited between attempts so far. */
  get waitedMs(): number {
    return this.budget.waitedMs;
  }

  /**
   * Sends one request, retrying 429 (and, when idempotent, 5xx and lost answers). Any other status is returned
   * for the caller to judge; a retryable failure that outlasts the policy is thrown ({@link RateLimitedError} for
   * 429 or `Retry-After`, else {@link ProductRequestError} / {@link ProductNetworkError}).
   */
  request(method: string, path: Route, options: RequestOptions = {}): Promise<ProductReply> {
    const idempotent = options.idempotent ?? method !== 'POST';
    return this.withRetries(method, path.value, idempotent, () => this.once(method, path, options.body));
  }

  /** {@link request}, then a 2xx is required and its body parsed with `schema`. */
  async json<S extends z.ZodType>(method: string, path: Route, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    const reply = await this.request(method, path, options);
    if (!reply.ok) throw this.failure(method, path, reply);
    return this.parse(method, path, reply, schema);
  }

  /** Parses a reply's body with `schema`, or throws {@link UnexpectedResponseError}. */
  parse<S extends z.ZodType>(method: string, path: Route, reply: ProductReply, schema: S): z.output<S> {
    const parsed = schema.safeParse(reply.body);
    if (!parsed.success) throw new UnexpectedResponseError(this.product, method, path.value, reply.status, reply.body, { cause: parsed.error });
    return parsed.data;
  }

  /** The error for a reply the caller does not accept. */
  failure(method: string, path: Route, reply: ProductReply): ProductRequestError {
    return new ProductRequestError({ product: this.product, method, path: path.value, status: reply.status, body: reply.body });
  }

  /**
   * Runs a unit of work that is safe to repeat as a whole (typically "check whether it happened, else write"),
   * again after a 5xx or a lost answer from one of its requests, sharing this instance's budget. This is how a
   * non-idempotent create is retried without duplicating: the check runs again before the write.
   */
  retrying<T>(what: string, unit: () => Promise<T>): Promise<T> {
    return this.withRetries('UNIT', what, true, unit);
  }

  private async once(method: string, path: Route, body: unknown): Promise<ProductReply> {
    const init = {
      method,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    let res: APIResponse;
    try {
      res = this.product === 'jira' ? await api.asApp().requestJira(path, init) : await api.asApp().requestConfluence(path, init);
    } catch (e) {
      // HTTP errors are returned, not thrown; what is thrown is the platform failing to get an answer at all.
      if (e instanceof FetchError || (e instanceof ProxyRequestError && (e.status >= 500 || e.status === 429))) {
        throw new ProductNetworkError(this.product, method, path.value, { cause: e });
      }
      throw e;
    }
    const text = await res.text();
    const reply: ProductReply = { status: res.status, ok: res.status >= 200 && res.status < 300, headers: res.headers, body: parseBody(text) };
    if (res.status === 429 || TRANSIENT_5XX.has(res.status)) {
      throw new ProductRequestError({
        product: this.product,
        method,
        path: path.value,
        status: res.status,
        body: reply.body,
        retryAfterMs: parseRetryAfterMs(res.headers.get('retry-after'), this.now()),
      });
    }
    return reply;
  }

  private async withRetries<T>(method: string, path: string, retryServerErrors: boolean, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const reason = retryReason(e, retryServerErrors);
        if (!reason) throw e;
        const serverWaitMs = e instanceof ProductRequestError ? e.retryAfterMs : undefined;
        const waitMs = serverWaitMs ?? fullJitterDelayMs(this.policy, attempt, this.random);
        if (attempt >= this.policy.maxAttempts || !this.budget.allows(waitMs)) throw giveUp(e, waitMs);
        this.onRetry?.({ product: this.product, method, path, attempt, waitMs, reason, status: e instanceof ProductRequestError ? e.status : undefined });
        this.budget.spend(waitMs);
        await this.sleep(waitMs);
      }
    }
  }
}

/**
 * Failures a request already retried as far as the policy allows, so a unit of work around it does not retry
 * them again (attempts would multiply). Weak: it keeps no error (nor the body it carries) alive.
 */
const exhausted = new WeakSet<object>();

function retryReason(e: unknown, retryServerErrors: boolean): RetryReason | undefined {
  // Already handed back to the platform, or already retried to the end, by a request inside a unit: final.
  if (e instanceof RateLimitedError || (typeof e === 'object' && e !== null && exhausted.has(e))) return undefined;
  if (e instanceof ProductRequestError) {
    if (e.status === 429) return 'rate-limited';
    if (TRANSIENT_5XX.has(e.status) && retryServerErrors) return 'server-error';
    return undefined;
  }
  if (e instanceof ProductNetworkError && retryServerErrors) return 'network';
  return undefined;
}

/** What to throw when the policy is spent: a server-requested wait goes back to the platform as RateLimitedError. */
function giveUp(e: unknown, nextWaitMs: number): unknown {
  if (e instanceof ProductRequestError && (e.status === 429 || e.retryAfterMs !== undefined)) {
    return new RateLimitedError(e, Math.max(1, Math.ceil(nextWaitMs / 1000)));
  }
  if (typeof e === 'object' && e !== null) exhausted.add(e);
  return e;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A client for Jira (REST v3, https://developer.atlassian.com/cloud/jira/platform/rest/v3/). */
export const jiraHttp = (options?: ProductHttpOptions): ProductHttp => new ProductHttp('jira', options);
/**
 * A client for Confluence (REST v2, https://developer.atlassian.com/cloud/confluence/rest/v2/, and v1 where v2
 * has no endpoint).
 */
export const confluenceHttp = (options?: ProductHttpOptions): ProductHttp => new ProductHttp('confluence', options);
