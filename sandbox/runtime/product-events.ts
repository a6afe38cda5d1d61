import type { ProductEvent } from '../core/product';
import type { TriggerModule } from './app-manifest';
import { setTimeout } from 'node:timers';
import type { Invoker } from './invoker';

/**
 * Delivers Jira/Confluence events to the app's `trigger` modules, as Forge does: asynchronously after the change,
 * `selfGenerated` set when the app's own call caused it (and skipped with `filter.ignoreSelf`), retried at most
 * 4 times when the function returns an InvocationError or throws.
 * https://developer.atlassian.com/platform/forge/events-reference/product_events/
 */

const MAX_RETRIES = 4;

export interface DeliveredEvent {
  trigger: string;
  eventType: string;
  attempts: number;
  ok: boolean;
}

export class ProductEventBus {
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];
  readonly delivered: DeliveredEvent[] = [];

  constructor(
    private readonly triggers: TriggerModule[],
    private readonly invoker: Invoker,
    private readonly installContext: string,
    private readonly timeScale: number,
  ) {}

  emit(event: ProductEvent): void {
    const selfGenerated = event.actor.kind === 'app';
    for (const t of this.triggers) {
      const types = t.events.map((e) => (typeof e === 'string' ? e : e.eventType));
      if (!types.includes(event.eventType)) continue;
      if (selfGenerated && t.filter?.ignoreSelf) continue;
      const payload = {
        ...event.payload,
        eventType: event.eventType,
        selfGenerated,
        ...(event.actor.kind === 'user' ? { atlassianId: event.actor.accountId } : {}),
      };
      this.inFlight++;
      setTimeout(() => void this.deliver(t, payload, 0).finally(() => this.done()), 0);
    }
  }

  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private done(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const w of this.waiters.splice(0)) w();
  }

  private async deliver(t: TriggerModule, payload: Record<string, unknown>, retryCount: number): Promise<void> {
    const result = await this.invoker.invoke(t.function, [payload, { installContext: this.installContext }], { moduleKey: t.key, moduleType: 'trigger' });
    const retry = result.ok ? (result.value as { _retry?: boolean; retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } } | undefined) : undefined;
    const wantsRetry = !result.ok || retry?._retry === true;
    if (wantsRetry && retryCount < MAX_RETRIES) {
      const after = retry?.retryOptions?.retryAfter ?? 2 ** retryCount;
      await new Promise((r) => setTimeout(r, after * 1000 * this.timeScale));
      const retryContext = { retryCount: retryCount + 1, retryReason: retry?.retryOptions?.retryReason ?? 'FUNCTION_PLATFORM_UNKNOWN_ERROR', retryData: retry?.retryOptions?.retryData };
      return this.deliver(t, { ...payload, retryContext }, retryCount + 1);
    }
    this.delivered.push({ trigger: t.key, eventType: String(payload.eventType), attempts: retryCount + 1, ok: !wantsRetry });
    if (this.delivered.length > 1000) this.delivered.shift();
  }
}
