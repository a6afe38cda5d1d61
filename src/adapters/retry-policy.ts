/**
 * How long the product adapters wait before trying a request again (forge-platform.md §10, and Atlassian's
 * "Rate limiting" guide https://developer.atlassian.com/cloud/jira/platform/rate-limiting/): honour `Retry-After`
 * when the product sends it, otherwise exponential backoff with full jitter, with a bounded number of attempts and
 * a bounded total wait inside one function invocation. A longer wait is handed back to the platform (the consumer
 * returns `InvocationError({retryAfter})`), so a function never sleeps towards its timeout.
 *
 * A small local loop rather than a library: p-retry 9 and cockatiel 4 are ESM-only and need Node ≥ 22 (this app
 * runs on Node 20 and its Jest transform is CommonJS); async-retry, promise-retry and exponential-backoff compute
 * every delay themselves, so a per-answer `Retry-After` and "give up when the server's wait exceeds the budget"
 * cannot be expressed without sleeping twice.
 */

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The backoff cap of the first retry; doubles with each attempt (full jitter draws from 0 to the cap). */
  baseDelayMs: number;
  /** The largest backoff cap. */
  maxDelayMs: number;
  /**
   * The most one adapter instance (one invocation) sleeps in total before it stops retrying and throws
   * (`RateLimitedError` for 429). Keep it well under the function timeout.
   */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxTotalWaitMs: 20_000,
});

/** The longest `Retry-After` taken at face value (Forge caps `InvocationError.retryAfter` at 900 s). */
const MAX_RETRY_AFTER_MS = 900_000;

/**
 * `Retry-After` in milliseconds: delta-seconds (what Jira and Confluence send) or an HTTP-date
 * (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after). Undefined when absent or unreadable.
 * https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  // Only a date with a weekday or month name: `Date.parse('-3')` would otherwise read a year.
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

/**
 * Full jitter: a uniform draw in [0, min(maxDelay, base·2^(retry−1))] for the `retry`-th retry (1-based), the
 * backoff Atlassian's rate-limiting guide asks for when there is no `Retry-After`
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/; "full jitter" as in
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
export function fullJitterDelayMs(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, retry: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

/** The total sleep allowed to one adapter instance, shared by all its requests. */
export class RetryBudget {
  private spentMs = 0;
  constructor(readonly limitMs: number) {}

  /** Whether a wait of `ms` still fits. */
  allows(ms: number): boolean {
    return this.spentMs + ms <= this.limitMs;
  }

  spend(ms: number): void {
    this.spentMs += ms;
  }

  get waitedMs(): number {
    return this.spentMs;
  }
}

/** Waits `ms` milliseconds (the production sleep; tests pass their own). */
export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
