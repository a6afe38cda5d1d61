import { currentInvocation, type InvocationClock } from './invocation';

/**
 * Time compression for the app's own waits (`appTimeScale`, off unless asked for). Inside an invocation that has a
 * clock, a timer the app sets (`setTimeout(fn, ms)`, e.g. its retry backoff) fires after `ms × scale` of real time,
 * and the invocation's clock moves on by the full `ms`: the function is charged every millisecond it asked to wait,
 * so `getRemainingTimeInMillis()` shrinks by it and a wait that takes the function past its timeout makes it time
 * out (the callback does not run, as the platform stops the function). What is compressed is only the waiting; the
 * number of retries, their order and the budget the app keeps are what they would be on Forge. One distortion is
 * inherent: a timer raced against real work (a timeout guard) fires sooner relative to that work.
 *
 * The sandbox's own timers (queues, product events, schedules, invocation timeouts) use `node:timers` directly and
 * are never affected (they have their own `timeScale`).
 */
const INSTALLED = Symbol.for('kaizen.sandbox.appTimers');

export function installAppTimers(): void {
  const g = globalThis as unknown as Record<string | symbol, unknown> & { setTimeout: typeof setTimeout };
  const original = g.setTimeout;
  if ((original as unknown as Record<symbol, unknown>)[INSTALLED]) return;
  const scaled = function (this: unknown, callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) {
    const clock = currentInvocation()?.clock;
    const delay = Number(ms);
    if (!clock || typeof callback !== 'function' || !(delay > 0) || !(clock.scale < 1)) {
      return (original as (...a: unknown[]) => unknown).call(this, callback, ms, ...args);
    }
    const due = clock.now() + delay;
    return (original as (...a: unknown[]) => unknown).call(
      this,
      () => {
        clock.advanceTo(due);
        if (clock.overran()) clock.expire();
        else callback(...args);
      },
      delay * clock.scale,
    );
  } as unknown as typeof setTimeout;
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    const d = Object.getOwnPropertyDescriptor(original, key);
    if (d) Object.defineProperty(scaled, key, d);
  }
  Object.defineProperty(scaled, INSTALLED, { value: true });
  g.setTimeout = scaled;
}

/** The clock of one invocation: real time plus the waits compressed away, against the invocation's deadline. */
export function invocationClock(scale: number, startedAt: number, timeoutMs: number, expire: () => void, pausedMs: () => number = () => 0): InvocationClock {
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  return {
    scale,
    now,
    advanceTo(at: number) {
      offsetMs = Math.max(offsetMs, at - Date.now());
    },
    skippedMs: () => offsetMs,
    overran: () => now() - startedAt - pausedMs() > timeoutMs,
    expire,
  };
}
