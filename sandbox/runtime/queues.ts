import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import type { ConsumerModule } from './app-manifest';
import { describeError, type Invoker } from './invoker';

/**
 * Forge async events (@forge/events Queue) as the platform delivers them: at least once, several at a time,
 * retried when the consumer throws or returns an InvocationError (`{_retry: true, retryOptions}`), honouring
 * `retryAfter`. Where the platform keeps retrying for 24 h and then drops the event, the sandbox stops after
 * `maxAttempts` and dead-letters it where a person can see and replay it. Everything is persisted, so a restart
 * redelivers what was pending or in flight. Delivery semantics: https://developer.atlassian.com/platform/forge/runtime-reference/async-events-api/
 */

const NS_PENDING = 'queue-events';
const NS_DEAD = 'queue-dead';
const NS_JOBS = 'queue-jobs';

export interface QueueOptions {
  /** Consumer invocations running at once across all queues. */
  concurrency: number;
  /** Deliveries per event before it is dead-lettered (first try included). */
  maxAttempts: number;
  /** Multiplies every delay (delayInSeconds, retryAfter, backoff); tests compress time with e.g. 0.001. */
  timeScale: number;
  /** Probability that a successfully processed event is delivered once more, to prove consumers idempotent. */
  duplicateDeliveryRate: number;
  /** Events accepted per installation per minute before a push answers 429 (the platform's limit is 500). */
  eventsPerMinute: number;
}

interface PushEventWire {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
}

export interface StoredEvent {
  eventId: string;
  queueName: string;
  jobId: string;
  body: Record<string, unknown>;
  concurrency?: { key: string; limit: number };
  delayInSeconds?: number;
  availableAt: number;
  attempts: number;
  state: 'pending' | 'inFlight';
  retryContext?: { retryCount: number; retryReason: string; retryData?: unknown };
  lastError?: string;
  enqueuedAt: number;
  duplicate?: boolean;
}

export interface DeadLetter extends StoredEvent {
  deadAt: string;
  consumer: string;
}

interface JobStats {
  success: number;
  inProgress: number;
  failed: number;
  cancelled: boolean;
}

export class QueueService {
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private readonly runningByKey = new Map<string, number>();
  private readonly acceptedAt: number[] = [];
  private stopped = true;
  private readonly idleWaiters: Array<{ dueOnly: boolean; resolve: () => void }> = [];

  constructor(
    private readonly store: Store,
    private readonly consumers: ConsumerModule[],
    private readonly invoker: Invoker,
    private readonly options: QueueOptions,
    private readonly installContext: string,
  ) {}

  start(): void {
    this.stopped = false;
    // whatever was in flight when the sandbox stopped is delivered again (at-least-once)
    this.store.transaction(() => {
      for (const { key, value } of this.store.range<StoredEvent>(NS_PENDING)) {
        if (value.state === 'inFlight') this.store.put(NS_PENDING, key, { ...value, state: 'pending' });
      }
    });
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Whether deliveries are still running (a stopped service lets them finish). */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Handles the SDK's `POST /webhook/queue/publish/...` (body: {queueName, jobId, payload: PushEvent[], time}). */
  publish(request: unknown): { status: number; body: unknown } {
    const req = request as { queueName?: unknown; jobId?: unknown; payload?: unknown };
    if (typeof req.queueName !== 'string' || typeof req.jobId !== 'string' || !Array.isArray(req.payload)) {
      return { status: 400, body: { message: 'queueName, jobId and payload are required' } };
    }
    const now = Date.now();
    // the per-minute window is compressed with the rest of time
    while (this.acceptedAt.length && this.acceptedAt[0]! < now - 60_000 * this.options.timeScale) this.acceptedAt.shift();
    if (this.acceptedAt.length + req.payload.length > this.options.eventsPerMinute) {
      return { status: 429, body: { message: `Rate limit exceeded: ${this.options.eventsPerMinute} events per minute per installation` } };
    }
    const events = req.payload as PushEventWire[];
    this.store.transaction(() => {
      for (const e of events) {
        const eventId = randomUUID();
        const stored: StoredEvent = {
          eventId,
          queueName: req.queueName as string,
          jobId: req.jobId as string,
          body: e.body,
          ...(e.concurrency ? { concurrency: e.concurrency } : {}),
          ...(e.delayInSeconds !== undefined ? { delayInSeconds: e.delayInSeconds } : {}),
          availableAt: now + (e.delayInSeconds ?? 0) * 1000 * this.options.timeScale,
          attempts: 0,
          state: 'pending',
          enqueuedAt: now,
        };
        this.store.put(NS_PENDING, eventKey(stored), stored);
        this.acceptedAt.push(now);
      }
      const job = this.store.get<JobStats>(NS_JOBS, req.jobId as string) ?? { success: 0, inProgress: 0, failed: 0, cancelled: false };
      this.store.put(NS_JOBS, req.jobId as string, { ...job, inProgress: job.inProgress + events.length });
    });
    this.schedule(0);
    return { status: 201, body: {} };
  }

  /** `POST /webhook/queue/stats/...` */
  jobStats(request: unknown): { status: number; body: unknown } {
    const jobId = (request as { jobId?: string }).jobId ?? '';
    const job = this.store.get<JobStats>(NS_JOBS, jobId);
    if (!job) return { status: 404, body: { message: `Job ${jobId} does not exist` } };
    return { status: 200, body: { success: job.success, inProgress: job.inProgress, failed: job.failed } };
  }

  /** `POST /webhook/queue/cancel/...`: events of the job that have not started are dropped. */
  cancel(request: unknown): { status: number; body?: unknown } {
    const jobId = (request as { jobId?: string }).jobId ?? '';
    const job = this.store.get<JobStats>(NS_JOBS, jobId);
    if (!job) return { status: 404, body: { message: `Job ${jobId} does not exist` } };
    this.store.transaction(() => {
      for (const { key, value } of this.store.range<StoredEvent>(NS_PENDING)) {
        if (value.jobId === jobId && value.state === 'pending') this.store.delete(NS_PENDING, key);
      }
      this.store.put(NS_JOBS, jobId, { ...job, cancelled: true, inProgress: 0 });
    });
    return { status: 204 };
  }

  status(): { pending: number; inFlight: number; deadLettered: number } {
    let pending = 0;
    let inFlight = 0;
    for (const { value } of this.store.range<StoredEvent>(NS_PENDING)) {
      if (value.state === 'inFlight') inFlight++;
      else pending++;
    }
    return { pending, inFlight, deadLettered: this.store.count(NS_DEAD) };
  }

  deadLetters(): DeadLetter[] {
    return this.store.range<DeadLetter>(NS_DEAD).map((e) => e.value);
  }

  /** Puts a dead-lettered event back on its queue as a fresh delivery. */
  replay(eventId: string): boolean {
    const dead = this.store.get<DeadLetter>(NS_DEAD, eventId);
    if (!dead) return false;
    this.store.transaction(() => {
      const { deadAt: _d, consumer: _c, retryContext: _r, lastError: _l, ...event } = dead;
      const fresh: StoredEvent = { ...event, attempts: 0, state: 'pending', availableAt: Date.now() };
      this.store.delete(NS_DEAD, eventId);
      this.store.put(NS_PENDING, eventKey(fresh), fresh);
    });
    this.schedule(0);
    return true;
  }

  /** Events in flight, and pending events already due (not waiting for a delay or a retry time). */
  private dueWork(): number {
    const now = Date.now();
    return this.store.range<StoredEvent>(NS_PENDING).filter((e) => e.value.state === 'inFlight' || e.value.availableAt <= now).length;
  }

  /**
   * Resolves when nothing is pending or in flight — or, with `dueOnly`, when nothing due now is left (events
   * delayed into the future, such as a comment flush at the end of its window, are not waited for).
   */
  idle(timeoutMs = 30_000, dueOnly = false): Promise<void> {
    const s = this.status();
    if (s.pending === 0 && s.inFlight === 0) return Promise.resolve();
    if (dueOnly && this.dueWork() === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`queues not idle after ${timeoutMs} ms${this.stopped ? ' (stopped)' : `: ${JSON.stringify(this.status())}`}`)), timeoutMs);
      t.unref();
      this.idleWaiters.push({
        dueOnly,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }

  clear(): void {
    this.store.clearNamespace(NS_PENDING);
    this.store.clearNamespace(NS_DEAD);
    this.store.clearNamespace(NS_JOBS);
    this.acceptedAt.length = 0;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), Math.max(0, delayMs));
  }

  private pump(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const now = Date.now();
    let nextAt = Infinity;
    for (const { key, value } of this.store.range<StoredEvent>(NS_PENDING)) {
      if (this.running >= this.options.concurrency) break;
      if (value.state !== 'pending') continue;
      if (value.availableAt > now) {
        nextAt = Math.min(nextAt, value.availableAt);
        continue;
      }
      const ck = value.concurrency?.key;
      if (ck && (this.runningByKey.get(ck) ?? 0) >= value.concurrency!.limit) continue;
      const consumer = this.consumers.find((c) => c.queue === value.queueName);
      if (!consumer) continue; // stays pending until a consumer for the queue exists, as on the platform
      this.store.put(NS_PENDING, key, { ...value, state: 'inFlight' });
      this.running++;
      if (ck) this.runningByKey.set(ck, (this.runningByKey.get(ck) ?? 0) + 1);
      void this.deliver(key, value, consumer).finally(() => {
        this.running--;
        if (ck) this.runningByKey.set(ck, (this.runningByKey.get(ck) ?? 1) - 1);
        this.schedule(0);
      });
    }
    const s = this.status();
    const allDone = s.pending === 0 && s.inFlight === 0;
    const dueDone = allDone || (this.running === 0 && this.dueWork() === 0);
    for (const w of this.idleWaiters.filter((x) => allDone || (x.dueOnly && dueDone))) {
      this.idleWaiters.splice(this.idleWaiters.indexOf(w), 1);
      w.resolve();
    }
    if (!allDone && nextAt !== Infinity && this.running < this.options.concurrency) this.schedule(nextAt - now);
  }

  private async deliver(key: string, event: StoredEvent, consumer: ConsumerModule): Promise<void> {
    const asyncEvent = {
      body: event.body,
      ...(event.delayInSeconds !== undefined ? { delayInSeconds: event.delayInSeconds } : {}),
      ...(event.concurrency ? { concurrency: event.concurrency } : {}),
      queueName: event.queueName,
      jobId: event.jobId,
      eventId: event.eventId,
      ...(event.retryContext ? { retryContext: event.retryContext } : {}),
    };
    const context = { installContext: this.installContext, principal: undefined };
    const result = await this.invoker.invoke(consumer.function, [asyncEvent, context], { moduleKey: consumer.key, moduleType: 'consumer' });
    const attempts = event.attempts + 1;
    const retry = result.ok ? retryRequestOf(result.value) : { retryAfter: undefined, retryReason: result.timedOut ? 'FUNCTION_TIME_OUT' : 'FUNCTION_PLATFORM_UNKNOWN_ERROR', retryData: undefined };
    if (!retry) {
      this.store.transaction(() => {
        this.store.delete(NS_PENDING, key);
        this.bumpJob(event.jobId, 'success');
        if (!event.duplicate && Math.random() < this.options.duplicateDeliveryRate) {
          const dup: StoredEvent = { ...event, duplicate: true, state: 'pending', availableAt: Date.now() };
          this.store.put(NS_PENDING, key, dup);
        }
      });
      return;
    }
    const lastError = result.ok ? `retry requested (${retry.retryReason})` : describeError(result.error);
    if (attempts >= this.options.maxAttempts) {
      this.store.transaction(() => {
        this.store.delete(NS_PENDING, key);
        const dead: DeadLetter = { ...event, attempts, state: 'pending', lastError, deadAt: new Date().toISOString(), consumer: consumer.key, retryContext: { retryCount: attempts - 1, retryReason: retry.retryReason, retryData: retry.retryData } };
        this.store.put(NS_DEAD, event.eventId, dead);
        this.bumpJob(event.jobId, 'failed');
      });
      return;
    }
    // The platform retries with exponential backoff up to ~15 min; retryAfter (≤ 900 s) overrides it.
    const backoffSeconds = retry.retryAfter ?? Math.min(900, 2 ** (attempts - 1) * 5);
    this.store.put(NS_PENDING, key, {
      ...event,
      attempts,
      state: 'pending',
      lastError,
      availableAt: Date.now() + backoffSeconds * 1000 * this.options.timeScale,
      retryContext: { retryCount: attempts, retryReason: retry.retryReason, ...(retry.retryData !== undefined ? { retryData: retry.retryData } : {}) },
    });
  }

  private bumpJob(jobId: string, field: 'success' | 'failed'): void {
    const job = this.store.get<JobStats>(NS_JOBS, jobId);
    if (!job) return;
    this.store.put(NS_JOBS, jobId, { ...job, [field]: job[field] + 1, inProgress: Math.max(0, job.inProgress - 1) });
  }
}

/** Keys sort by enqueue time so delivery is roughly FIFO, as a person reading the queue expects. */
function eventKey(e: StoredEvent): string {
  return `${String(e.enqueuedAt).padStart(15, '0')}:${e.eventId}`;
}

/** `new InvocationError(...)` returns a plain object `{_retry: true, retryOptions}` (@forge/events out/invocationError.js). */
function retryRequestOf(value: unknown): { retryAfter: number | undefined; retryReason: string; retryData: unknown } | undefined {
  if (!value || typeof value !== 'object' || (value as { _retry?: unknown })._retry !== true) return undefined;
  const o = (value as { retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } }).retryOptions ?? {};
  const after = typeof o.retryAfter === 'number' ? Math.min(900, Math.max(1, o.retryAfter)) : 1;
  return { retryAfter: after, retryReason: o.retryReason ?? 'FUNCTION_RETRY_REQUEST', retryData: o.retryData };
}
