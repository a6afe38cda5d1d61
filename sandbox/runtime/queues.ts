import { randomUUID } from 'node:crypto';
import { clearTimeout, setTimeout } from 'node:timers';
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
  /**
   * The pending and in-flight events as the store holds them (the store stays the record, so a restart redelivers
   * them), decoded once: `events` by key, `order` their keys in the store's order (FIFO by enqueue time). Read again
   * from the store whenever it changed behind this service's back (`store.changes`), e.g. a test clearing it.
   */
  private readonly events = new Map<string, StoredEvent>();
  private order: string[] = [];
  private indexedAt = -1;
  /** Keys of the events being delivered now (their stored state stays `pending`: a restart delivers them again). */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly consumers: ConsumerModule[],
    private readonly invoker: Invoker,
    private readonly options: QueueOptions,
    private readonly installContext: string,
  ) {}

  start(): void {
    this.stopped = false;
    // whatever was in flight when the sandbox stopped is delivered again (at-least-once); data written before the
    // in-flight state stopped being stored may still say `inFlight`
    this.write(() => {
      for (const [key, value] of this.pendingEvents()) {
        if (value.state === 'inFlight') this.putEvent(key, { ...value, state: 'pending' });
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
    let expired = 0;
    while (expired < this.acceptedAt.length && this.acceptedAt[expired]! < now - 60_000 * this.options.timeScale) expired++;
    if (expired) this.acceptedAt.splice(0, expired);
    if (this.acceptedAt.length + req.payload.length > this.options.eventsPerMinute) {
      return { status: 429, body: { message: `Rate limit exceeded: ${this.options.eventsPerMinute} events per minute per installation` } };
    }
    const events = req.payload as PushEventWire[];
    this.write(() => {
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
        this.putEvent(eventKey(stored), stored);
      }
      const job = this.store.get<JobStats>(NS_JOBS, req.jobId as string) ?? { success: 0, inProgress: 0, failed: 0, cancelled: false };
      this.store.put(NS_JOBS, req.jobId as string, { ...job, inProgress: job.inProgress + events.length });
    });
    // counted once the events are stored (a push the store refused was not accepted)
    for (let i = 0; i < events.length; i++) this.acceptedAt.push(now);
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
    this.write(() => {
      for (const [key, value] of [...this.pendingEvents()]) {
        if (value.jobId === jobId && !this.inFlight.has(key)) this.deleteEvent(key);
      }
      this.store.put(NS_JOBS, jobId, { ...job, cancelled: true, inProgress: 0 });
    });
    return { status: 204 };
  }

  status(): { pending: number; inFlight: number; deadLettered: number } {
    return { ...this.counts(), deadLettered: this.store.count(NS_DEAD) };
  }

  deadLetters(): DeadLetter[] {
    return this.store.range<DeadLetter>(NS_DEAD).map((e) => e.value);
  }

  /** Puts a dead-lettered event back on its queue as a fresh delivery. */
  replay(eventId: string): boolean {
    const dead = this.store.get<DeadLetter>(NS_DEAD, eventId);
    if (!dead) return false;
    this.write(() => {
      const { deadAt: _d, consumer: _c, retryContext: _r, lastError: _l, ...event } = dead;
      const fresh: StoredEvent = { ...event, attempts: 0, state: 'pending', availableAt: Date.now() };
      this.store.delete(NS_DEAD, eventId);
      this.putEvent(eventKey(fresh), fresh);
    });
    this.schedule(0);
    return true;
  }

  /** Pending and in-flight events, from the in-memory index (read again from the store if it changed meanwhile). */
  private counts(): { pending: number; inFlight: number } {
    this.refreshIndex();
    let inFlight = 0;
    for (const key of this.inFlight) if (this.events.has(key)) inFlight++;
    return { pending: this.events.size - inFlight, inFlight };
  }

  /** Events in flight, and pending events already due (not waiting for a delay or a retry time). */
  private dueWork(): number {
    const now = Date.now();
    let due = 0;
    for (const [key, value] of this.pendingEvents()) if (this.inFlight.has(key) || value.availableAt <= now) due++;
    return due;
  }

  /**
   * Resolves when nothing is pending or in flight — or, with `dueOnly`, when nothing due now is left (events
   * delayed into the future, such as a comment flush at the end of its window, are not waited for).
   */
  idle(timeoutMs = 30_000, dueOnly = false): Promise<void> {
    const s = this.counts();
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
    for (const [key, value] of this.pendingEvents()) {
      if (this.running >= this.options.concurrency) break;
      if (this.inFlight.has(key)) continue;
      if (value.availableAt > now) {
        nextAt = Math.min(nextAt, value.availableAt);
        continue;
      }
      const ck = value.concurrency?.key;
      if (ck && (this.runningByKey.get(ck) ?? 0) >= value.concurrency!.limit) continue;
      const consumer = this.consumers.find((c) => c.queue === value.queueName);
      if (!consumer) continue; // stays pending until a consumer for the queue exists, as on the platform
      this.inFlight.add(key);
      this.running++;
      if (ck) this.runningByKey.set(ck, (this.runningByKey.get(ck) ?? 0) + 1);
      void this.deliver(key, value, consumer).finally(() => {
        this.inFlight.delete(key);
        this.running--;
        if (ck) this.runningByKey.set(ck, (this.runningByKey.get(ck) ?? 1) - 1);
        this.schedule(0);
      });
    }
    const s = this.counts();
    const allDone = s.pending === 0 && s.inFlight === 0;
    const dueDone = allDone || (this.running === 0 && this.idleWaiters.some((x) => x.dueOnly) && this.dueWork() === 0);
    for (const w of this.idleWaiters.filter((x) => allDone || (x.dueOnly && dueDone))) {
      this.idleWaiters.splice(this.idleWaiters.indexOf(w), 1);
      w.resolve();
    }
    if (!allDone && nextAt !== Infinity && this.running < this.options.concurrency) this.schedule(nextAt - now);
  }

  private async deliver(key: string, event: StoredEvent, consumer: ConsumerModule): Promise<void> {
    const asyncEvent = {
      // a copy, as each delivery on the platform is decoded afresh: what a consumer does to it is not redelivered
      body: structuredClone(event.body),
      ...(event.delayInSeconds !== undefined ? { delayInSeconds: event.delayInSeconds } : {}),
      ...(event.concurrency ? { concurrency: { ...event.concurrency } } : {}),
      queueName: event.queueName,
      jobId: event.jobId,
      eventId: event.eventId,
      ...(event.retryContext ? { retryContext: structuredClone(event.retryContext) } : {}),
    };
    const context = { installContext: this.installContext, principal: undefined };
    const result = await this.invoker.invoke(consumer.function, [asyncEvent, context], { moduleKey: consumer.key, moduleType: 'consumer' });
    this.inFlight.delete(key);
    const attempts = event.attempts + 1;
    const retry = result.ok ? retryRequestOf(result.value) : { retryAfter: undefined, retryReason: result.timedOut ? 'FUNCTION_TIME_OUT' : 'FUNCTION_PLATFORM_UNKNOWN_ERROR', retryData: undefined };
    if (!retry) {
      this.write(() => {
        this.deleteEvent(key);
        this.bumpJob(event.jobId, 'success');
        if (!event.duplicate && Math.random() < this.options.duplicateDeliveryRate) {
          const dup: StoredEvent = { ...event, duplicate: true, state: 'pending', availableAt: Date.now() };
          this.putEvent(key, dup);
        }
      });
      return;
    }
    const lastError = result.ok ? `retry requested (${retry.retryReason})` : describeError(result.error);
    if (attempts >= this.options.maxAttempts) {
      this.write(() => {
        this.deleteEvent(key);
        const dead: DeadLetter = { ...event, attempts, state: 'pending', lastError, deadAt: new Date().toISOString(), consumer: consumer.key, retryContext: { retryCount: attempts - 1, retryReason: retry.retryReason, retryData: retry.retryData } };
        this.store.put(NS_DEAD, event.eventId, dead);
        this.bumpJob(event.jobId, 'failed');
      });
      return;
    }
    // The platform retries with exponential backoff up to ~15 min; retryAfter (≤ 900 s) overrides it.
    const backoffSeconds = retry.retryAfter ?? Math.min(900, 2 ** (attempts - 1) * 5);
    this.write(() =>
      this.putEvent(key, {
        ...event,
        attempts,
        state: 'pending',
        lastError,
        availableAt: Date.now() + backoffSeconds * 1000 * this.options.timeScale,
        retryContext: { retryCount: attempts, retryReason: retry.retryReason, ...(retry.retryData !== undefined ? { retryData: retry.retryData } : {}) },
      }),
    );
  }

  private bumpJob(jobId: string, field: 'success' | 'failed'): void {
    const job = this.store.get<JobStats>(NS_JOBS, jobId);
    if (!job) return;
    this.store.put(NS_JOBS, jobId, { ...job, [field]: job[field] + 1, inProgress: Math.max(0, job.inProgress - 1) });
  }

  /** The stored events in key order (iterate over a copy when deleting). */
  private *pendingEvents(): IterableIterator<[string, StoredEvent]> {
    this.refreshIndex();
    for (const key of this.order) {
      const value = this.events.get(key);
      if (value) yield [key, value];
    }
  }

  /** Reads the events from the store again when anything but this service's own writes changed them. */
  private refreshIndex(): void {
    if (this.indexedAt === this.store.changes(NS_PENDING)) return;
    this.events.clear();
    this.order = [];
    for (const { key, value } of this.store.range<StoredEvent>(NS_PENDING)) {
      this.events.set(key, value);
      this.order.push(key);
    }
    this.indexedAt = this.store.changes(NS_PENDING);
  }

  /** Runs `fn` (which writes through putEvent/deleteEvent) in one store transaction, keeping the index in step. */
  private write<T>(fn: () => T): T {
    this.refreshIndex();
    let committed = false;
    try {
      const result = this.store.transaction(fn);
      committed = true;
      return result;
    } finally {
      // after an abort the index may hold writes the store dropped: read it again next time
      this.indexedAt = committed ? this.store.changes(NS_PENDING) : -1;
    }
  }

  private putEvent(key: string, value: StoredEvent): void {
    this.store.put(NS_PENDING, key, value);
    if (!this.events.has(key)) this.order.splice(sortedIndex(this.order, key), 0, key);
    this.events.set(key, value);
  }

  private deleteEvent(key: string): void {
    this.store.delete(NS_PENDING, key);
    if (!this.events.delete(key)) return;
    const i = sortedIndex(this.order, key);
    if (this.order[i] === key) this.order.splice(i, 1);
  }
}

/** Where `key` is, or would go, in the sorted `keys` (binary search; string order is the store's for these ASCII keys). */
function sortedIndex(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  // appending is the common case (keys grow with enqueue time)
  if (hi > 0 && keys[hi - 1]! < key) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
