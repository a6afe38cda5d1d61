/**
 * {@link IncidentNotifier} on the `kaizen-notify` queue (@forge/events): a notification is pushed only when Slack is
 * set up to send it — its event on and a webhook for its level (or a default) — read from the plain settings row
 * (one KVS read; the webhook URLs stay in secret storage until the consumer posts). A queue of its own, with its own
 * consumer (src/handlers/notify-consumer.ts), so Slack's retries never hold up the alert queue.
 * https://developer.atlassian.com/platform/forge/runtime-reference/async-events-api/
 */
import { Queue } from '@forge/events';
import { loadSlackConfig } from '../storage/slack-settings';
import { NOTIFY_QUEUE, type IncidentNotifier } from '../usecases/notify/notification';
import { slotFor } from '../usecases/notify/send-notification';

export function createSlackNotifier(): IncidentNotifier {
  return {
    async queue(notification) {
      const config = await loadSlackConfig();
      if (!config.events[notification.event.kind] || !slotFor(config, notification.level)) return 'off';
      await new Queue({ key: NOTIFY_QUEUE }).push({ body: notification });
      return 'queued';
    },
  };
}
