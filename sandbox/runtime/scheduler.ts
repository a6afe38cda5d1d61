import { clearInterval, setInterval } from 'node:timers';
import type { ScheduledTriggerModule } from './app-manifest';
import { describeError, type Invoker } from './invoker';

/**
 * Scheduled triggers on their interval (scaled by timeScale), plus `runNow` for tests and people.
 * The platform does not retry a failed run, and passes `{context: {cloudId, moduleKey}, contextToken}` with no
 * user. https://developer.atlassian.com/platform/forge/events-reference/scheduled-trigger/
 */

const INTERVAL_SECONDS: Record<ScheduledTriggerModule['interval'], number> = { fiveMinute: 300, hour: 3600, day: 86400, week: 604800 };

export interface ScheduledRun {
  key: string;
  at: string;
  ok: boolean;
  /** The function's `{statusCode}`; the platform records a non-conforming return as 424. */
  statusCode: number;
  error?: string;
  durationMs: number;
}

export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly runs: ScheduledRun[] = [];

  constructor(
    private readonly modules: ScheduledTriggerModule[],
    private readonly invoker: Invoker,
    private readonly cloudId: string,
    private readonly installContext: string,
    private readonly timeScale: number,
    private readonly enabled: boolean,
  ) {}

  start(): void {
    if (!this.enabled) return;
    for (const m of this.modules) {
      const t = setInterval(() => void this.runNow(m.key), INTERVAL_SECONDS[m.interval] * 1000 * this.timeScale);
      t.unref();
      this.timers.push(t);
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  list(): Array<{ key: string; interval: string; function: string }> {
    return this.modules.map((m) => ({ key: m.key, interval: m.interval, function: m.function }));
  }

  history(): readonly ScheduledRun[] {
    return this.runs;
  }

  async runNow(key: string): Promise<ScheduledRun | undefined> {
    const m = this.modules.find((x) => x.key === key);
    if (!m) return undefined;
    const payload = { context: { cloudId: this.cloudId, moduleKey: m.key }, contextToken: 'sandbox-context-token' };
    const result = await this.invoker.invoke(m.function, [payload, { installContext: this.installContext, principal: undefined }], { moduleKey: m.key, moduleType: 'scheduledTrigger' });
    const code = result.ok ? (result.value as { statusCode?: unknown } | undefined)?.statusCode : undefined;
    const run: ScheduledRun = {
      key,
      at: new Date().toISOString(),
      ok: result.ok && typeof code === 'number' && code < 500,
      statusCode: result.ok ? (typeof code === 'number' ? code : 424) : 500,
      durationMs: result.durationMs,
      ...(result.ok ? {} : { error: describeError(result.error) }),
    };
    this.runs.push(run);
    if (this.runs.length > 500) this.runs.shift();
    return run;
  }
}
