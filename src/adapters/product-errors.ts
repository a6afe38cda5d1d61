/**
 * Errors of the Jira and Confluence adapters (house style 7): classes with `cause`, carrying what the product
 * answered, mapped once at each edge. A consumer maps them so:
 *
 * - {@link RateLimitedError} → `new InvocationError({ retryAfter: e.retryAfterSeconds, retryReason:
 *   InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED })` (forge-platform.md §10);
 * - {@link ProductRequestError} with a 5xx status, {@link ProductNetworkError}, and `PageConflictError` (a 409 storm
 *   on a page, from confluence-pages.ts) → re-throw (the queue retries);
 * - any other {@link ProductRequestError}, {@link UnexpectedResponseError}, `SpaceNotFoundError` → a permanent
 *   failure (dead-letter).
 */
import type { z } from 'zod';

export type ProductName = 'jira' | 'confluence';

const LABEL: Record<ProductName, string> = { jira: 'Jira', confluence: 'Confluence' };

/** At most this much of a response body goes into an error message (the whole body stays on `.body`). */
const MESSAGE_BODY_CHARS = 500;

/**
 * The product's own words from an error body: Jira's `{errorMessages, errors}`
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes), Confluence v2's
 * `{errors:[{title}]}` (observed, not documented: forge-platform.md §9.1), Confluence v1's `{message}`;
 * otherwise the raw text.
 */
export function productErrorSummary(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
    const parts: string[] = [];
    if (Array.isArray(b.errorMessages)) parts.push(...b.errorMessages.filter((m): m is string => typeof m === 'string'));
    if (Array.isArray(b.errors)) {
      for (const e of b.errors) if (e && typeof e === 'object' && typeof (e as { title?: unknown }).title === 'string') parts.push((e as { title: string }).title);
    } else if (b.errors && typeof b.errors === 'object') {
      for (const [field, message] of Object.entries(b.errors)) if (typeof message === 'string') parts.push(`${field}: ${message}`);
    }
    if (typeof b.message === 'string') parts.push(b.message);
    if (parts.length > 0) return parts.join('; ').slice(0, MESSAGE_BODY_CHARS);
    return JSON.stringify(body).slice(0, MESSAGE_BODY_CHARS);
  }
  return typeof body === 'string' ? body.slice(0, MESSAGE_BODY_CHARS) : '';
}

/** The product answered with a status the adapter does not accept. */
export class ProductRequestError extends Error {
  override readonly name: string = 'ProductRequestError';
  readonly product: ProductName;
  readonly method: string;
  /** Path and query as sent (a `route` value). */
  readonly path: string;
  readonly status: number;
  /** The parsed JSON body, or the text when it was not JSON, or undefined when empty. */
  readonly body: unknown;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: { product: ProductName; method: string; path: string; status: number; body: unknown; retryAfterMs?: number | undefined; message?: string }, options?: { cause?: unknown }) {
    const summary = productErrorSummary(init.body);
    super(init.message ?? `${LABEL[init.product]} ${init.method} ${init.path} answered ${init.status}${summary ? `: ${summary}` : ''}`, options);
    this.product = init.product;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The product kept answering 429 (or 503 with `Retry-After`) beyond the in-function retry budget: the wait is
 * handed back to the platform. `cause` is the last {@link ProductRequestError}.
 */
export class RateLimitedError extends ProductRequestError {
  override readonly name: string = 'RateLimitedError';
  /** Whole seconds to wait before trying again (at least 1), for `InvocationError({retryAfter})`. */
  readonly retryAfterSeconds: number;

  constructor(last: ProductRequestError, retryAfterSeconds: number) {
    super(
      {
        product: last.product,
        method: last.method,
        path: last.path,
        status: last.status,
        body: last.body,
        retryAfterMs: last.retryAfterMs,
        message: `${LABEL[last.product]} ${last.method} ${last.path} is rate limited (${last.status}); retry after ${retryAfterSeconds} s`,
      },
      { cause: last },
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No HTTP answer: the platform's fetch failed (`FetchError`) or its proxy reported a transient error. */
export class ProductNetworkError extends Error {
  override readonly name: string = 'ProductNetworkError';
  constructor(
    readonly product: ProductName,
    readonly method: string,
    readonly path: string,
    options: { cause: unknown },
  ) {
    super(`${LABEL[product]} ${method} ${path} failed without an answer: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}

/** A success answer whose body does not have the documented shape (house style 4: parse, don't cast). */
export class UnexpectedResponseError extends Error {
  override readonly name: string = 'UnexpectedResponseError';
  readonly issues: readonly z.core.$ZodIssue[];
  constructor(
    readonly product: ProductName,
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
    options: { cause: z.ZodError },
  ) {
    const where = options.cause.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    super(`${LABEL[product]} ${method} ${path} answered ${status} with an unexpected body: ${where}`.slice(0, 1000), options);
    this.issues = options.cause.issues;
  }
}
