/**
 * The `kaizen-notify` queue's consumer: one Slack notification per event (src/usecases/notify/send-notification.ts).
 * A queue of its own, so a Slack outage or rate limit never holds up alerts. Slack's answers are mapped here once
 * (house style 7): 429 → InvocationError with Slack's `Retry-After`; 5xx or no answer → InvocationError with a
 * growing delay; any other 4xx (`invalid_blocks`, `no_text`, a revoked webhook) → logged and dropped, since the same
 * body would be refused again. Forge redelivers an event at most 4 times (5 attempts), so the last failure is logged
 * as given up. The webhook URL is never logged.
 * https://developer.atlassian.com/platform/forge/runtime-reference/async-events-api/
 */
import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { sendNotificationDeps } from '../app/notify-wiring';
import { NotificationSchema } from '../usecases/notify/notification';
import { sendNotification } from '../usecases/notify/send-notification';

/** Deliveries of one notification at most: the first and Forge's 4 retries. */
export const MAX_SLACK_ATTEMPTS = 5;

/** Seconds before retry `attempts` (1-based) after a 5xx or no answer: 10, 20, 40, 80. */
const backoffSeconds = (attempts: number): number => Math.min(900, 10 * 2 ** (attempts - 1));

export async function notifyConsumer(event: AsyncEvent): Promise<InvocationError | void> {
  const parsed = NotificationSchema.safeParse(event.body);
  if (!parsed.success) {
    console.warn('Kaizen: an unreadable Slack notification was dropped', { eventId: event.eventId, error: parsed.error.message });
    return;
  }
  const n = parsed.data;
  const attempts = (event.retryContext?.retryCount ?? 0) + 1;
  const outcome = await sendNotification(n, sendNotificationDeps());
  // another delivery is posting it: come back when it is done (then it is found posted)
  if (outcome.kind === 'busy') return new InvocationError({ retryAfter: 5, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  if (outcome.kind !== 'failed') return;
  const { answer } = outcome;
  const about = { id: n.id, event: n.event.kind, incidentId: n.incidentId, status: answer.status, error: answer.error, attempts };
  if (answer.kind === 'refused') {
    console.warn('Kaizen: Slack refused a notification; it is dropped (sending it again would be refused too)', about);
    return;
  }
  if (attempts >= MAX_SLACK_ATTEMPTS) {
    console.error('Kaizen: Slack did not take a notification after every attempt; it is dropped', about);
    return;
  }
  if (answer.kind === 'rate-limited') return new InvocationError({ retryAfter: answer.retryAfterSeconds, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED });
  return new InvocationError({ retryAfter: backoffSeconds(attempts), retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
}
