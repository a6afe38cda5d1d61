import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import type { AppManifest } from './app-manifest';
import { invocationClock } from './app-timers';
import { runInInvocation } from './invocation';

/** Forge's runtime caps per module type (shared/docs/forge-platform.md §10). */
const DEFAULT_TIMEOUT_SECONDS: Record<string, number> = {
  webtrigger: 55,
  consumer: 55,
  scheduledTrigger: 55,
  trigger: 55,
};
const UI_TIMEOUT_SECONDS = 25;

export interface InvocationRecord {
  id: number;
  functionKey: string;
  moduleKey: string;
  moduleType: string;
  startedAt: string;
  durationMs: number;
  outcome: 'ok' | 'error' | 'timeout';
  error?: string;
}

export interface InvokeOptions {
  /** The module the call is for (a resolver function serves several UI modules). */
  moduleKey?: string;
  moduleType?: string;
  accountId?: string;
}

export type InvokeResult = { ok: true; value: unknown; durationMs: number } | { ok: false; error: unknown; timedOut: boolean; durationMs: number };

export class TimeoutError extends Error {
  constructor(functionKey: string, seconds: number) {
    super(`Function ${functionKey} timed out after ${seconds} s`);
    this.name = 'TimeoutError';
  }
}

/**
 * Loads the app's handlers exactly as Forge resolves `handler: <file>.<export>` (relative to `src/`) and runs
 * each call inside its own invocation context, with the module's timeout.
 */
export class Invoker {
  private readonly records: InvocationRecord[] = [];
  private nextRecordId = 1;

  constructor(
    private readonly manifest: AppManifest,
    private readonly maxRecords = 5000,
    /** Compresses the app's own waits inside invocations (app-timers.ts); 1 is real time, as on Forge. */
    private readonly appTimeScale = 1,
  ) {}

  /** Handlers already resolved: Forge loads a function's module once per container and reuses it while warm. */
  private readonly handlers = new Map<string, (...args: unknown[]) => unknown>();

  /** Resolves a function's handler; throws with a clear message when the file or export is missing. */
  handlerOf(functionKey: string): (...args: unknown[]) => unknown {
    const known = this.handlers.get(functionKey);
    if (known) return known;
    const fn = this.manifest.functions.get(functionKey);
    if (!fn) throw new Error(`No function ${functionKey} in manifest.yml`);
    const dot = fn.handler.lastIndexOf('.');
    const file = fn.handler.slice(0, dot);
    const exportName = fn.handler.slice(dot + 1);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Forge loads handlers by path at run time
    const mod = require(join(this.manifest.appDir, 'src', file)) as Record<string, unknown>;
    const handler = mod[exportName];
    if (typeof handler !== 'function') throw new Error(`Handler ${fn.handler} of function ${functionKey} is not an exported function`);
    this.handlers.set(functionKey, handler as (...args: unknown[]) => unknown);
    return handler as (...args: unknown[]) => unknown;
  }

  async invoke(functionKey: string, args: unknown[], options: InvokeOptions = {}): Promise<InvokeResult> {
    const module = this.manifest.moduleOf(functionKey);
    const moduleKey = options.moduleKey ?? module?.key ?? functionKey;
    const moduleType = options.moduleType ?? module?.type ?? 'function';
    const configured = this.manifest.functions.get(functionKey)?.timeoutSeconds;
    const timeoutSeconds = configured ?? DEFAULT_TIMEOUT_SECONDS[moduleType] ?? UI_TIMEOUT_SECONDS;
    const started = Date.now();
    const handler = this.handlerOf(functionKey);
    let timer: NodeJS.Timeout | undefined;
    let expire: () => void = () => {};
    // the sandbox's own start-up work (its MariaDB on first use) is not charged to the function (Invocation.paused)
    const paused = { ms: 0 };
    const timeout = new Promise<never>((_, reject) => {
      expire = () => reject(new TimeoutError(functionKey, timeoutSeconds));
      const check = () => {
        const charged = Date.now() - started - paused.ms;
        if (charged >= timeoutSeconds * 1000) return expire();
        timer = setTimeout(check, timeoutSeconds * 1000 - charged);
        timer.unref();
      };
      timer = setTimeout(check, timeoutSeconds * 1000);
      timer.unref();
    });
    const clock = this.appTimeScale < 1 ? invocationClock(this.appTimeScale, started, timeoutSeconds * 1000, () => expire(), () => paused.ms) : undefined;
    const run = runInInvocation(
      { functionKey, moduleKey, moduleType, accountId: options.accountId, timeoutMs: timeoutSeconds * 1000, paused, ...(clock ? { clock } : {}) },
      async () => handler(...args),
    );
    let result: InvokeResult;
    try {
      const value = await Promise.race([run, timeout]);
      result = { ok: true, value, durationMs: Date.now() - started };
    } catch (error) {
      result = { ok: false, error, timedOut: error instanceof TimeoutError, durationMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
    this.record({
      functionKey,
      moduleKey,
      moduleType,
      startedAt: new Date(started).toISOString(),
      durationMs: result.durationMs,
      outcome: result.ok ? 'ok' : result.timedOut ? 'timeout' : 'error',
      ...(result.ok ? {} : { error: describeError(result.error) }),
    });
    return result;
  }

  invocations(): readonly InvocationRecord[] {
    return this.records;
  }

  clearRecords(): void {
    this.records.length = 0;
  }

  private record(r: Omit<InvocationRecord, 'id'>): void {
    this.records.push({ id: this.nextRecordId++, ...r });
    if (this.records.length > this.maxRecords) this.records.splice(0, this.records.length - this.maxRecords);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
