import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * One function invocation, as Forge's runtime knows it. Production runs each invocation in its own container;
 * the sandbox runs them in one process, so everything the runtime globals report per invocation (invocation id,
 * module key, the calling user, remaining time) is read from AsyncLocalStorage, never from shared state.
 */
export interface Invocation {
  id: string;
  functionKey: string;
  moduleKey: string;
  moduleType: string;
  /** The calling user (resolvers, user-caused product events); undefined for web triggers, queues, schedules. */
  accountId: string | undefined;
  startedAt: number;
  timeoutMs: number;
  /** With `appTimeScale` (see app-timers.ts): the invocation's own clock, which the app's compressed waits move on. */
  clock?: InvocationClock;
  /**
   * Time the sandbox spent starting its own emulated services for this invocation (its MariaDB server, started on
   * first use): not charged to the function's timeout, since on Forge the service is simply there.
   */
  paused?: { ms: number };
}

export interface InvocationClock {
  /** Real time is this fraction of the time the app's timers ask for. */
  scale: number;
  /** The invocation's time: real time plus every wait compressed away. */
  now(): number;
  advanceTo(at: number): void;
  skippedMs(): number;
  /** Whether the invocation's time is past its timeout. */
  overran(): boolean;
  /** Makes the invocation time out now. */
  expire(): void;
}

const storage = new AsyncLocalStorage<Invocation>();

export const currentInvocation = (): Invocation | undefined => storage.getStore();

export function runInInvocation<T>(fields: Omit<Invocation, 'id' | 'startedAt'>, fn: () => Promise<T>): Promise<T> {
  return storage.run({ ...fields, id: randomUUID(), startedAt: Date.now() }, fn);
}
