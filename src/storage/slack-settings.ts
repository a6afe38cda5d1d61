/**
 * Slack notifications in KVS (DESIGN 3.7, 4): the webhook URLs in secret storage (`kvs.setSecret`, one key per slot:
 * never in a plain row, never logged, never answered), and beside them one plain row with what the admin page and the
 * notifier may see — which events are on, and per slot whether a URL is set, its masked hint, who set it and when.
 * The plain row is what the alert path reads (one read per notification) to decide whether to queue anything; the
 * consumer reads the secret only when it posts.
 * https://developer.atlassian.com/platform/forge/storage-reference/secret-store/
 *
 * Also the notifier's "sent" markers: one small key per notification id, written after Slack answered 200, so a
 * redelivered queue event never posts twice.
 */
import kvs from '@forge/kvs';
import { z } from 'zod';
import { defaultSlackEvents, SLACK_EVENT_KINDS, SLACK_WEBHOOK_SLOTS, type SlackEvents, type SlackWebhookSlot } from '../shared/slack-settings';
import { hashKey } from './kvs-keys';
import { releaseLease, releasingLease, takeLease, type Lease } from './lease';

const ROW_KEY = 'slack:settings';
const secretKey = (slot: SlackWebhookSlot): string => `slack-webhook:${slot}`;
const sentKey = (notificationId: string): string => hashKey('slack-sent', notificationId);

const WebhookMetaSchema = z.object({ hint: z.string(), setAt: z.string(), setBy: z.string().optional() });
export type SlackWebhookMeta = z.infer<typeof WebhookMetaSchema>;

const RowSchema = z.object({
  events: z.object(Object.fromEntries(SLACK_EVENT_KINDS.map((k) => [k, z.boolean().catch(true)])) as Record<(typeof SLACK_EVENT_KINDS)[number], z.ZodCatch<z.ZodBoolean>>).partial().catch({}),
  webhooks: z.object(Object.fromEntries(SLACK_WEBHOOK_SLOTS.map((s) => [s, WebhookMetaSchema.optional().catch(undefined)])) as Record<SlackWebhookSlot, z.ZodCatch<z.ZodOptional<typeof WebhookMetaSchema>>>).partial().catch({}),
});

/** What may be seen of the Slack settings: events on, and the webhooks set (never their URLs). */
export interface SlackConfig {
  events: SlackEvents;
  webhooks: Partial<Record<SlackWebhookSlot, SlackWebhookMeta>>;
}

export async function loadSlackConfig(): Promise<SlackConfig> {
  const parsed = RowSchema.safeParse((await kvs.get(ROW_KEY)) ?? {});
  const row = parsed.success ? parsed.data : { events: {}, webhooks: {} };
  const webhooks: SlackConfig['webhooks'] = {};
  for (const slot of SLACK_WEBHOOK_SLOTS) {
    const meta = row.webhooks[slot];
    if (meta) webhooks[slot] = meta;
  }
  return { events: { ...defaultSlackEvents(), ...row.events }, webhooks };
}

export async function saveSlackConfig(config: SlackConfig): Promise<void> {
  await kvs.set(ROW_KEY, { events: config.events, webhooks: config.webhooks });
}

/** The URL of one slot, from secret storage; undefined when none is set (or what is stored is not a string). */
export async function loadSlackWebhookUrl(slot: SlackWebhookSlot): Promise<string | undefined> {
  const value: unknown = await kvs.getSecret(secretKey(slot));
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export async function saveSlackWebhookUrl(slot: SlackWebhookSlot, url: string | null): Promise<void> {
  if (url === null) await kvs.deleteSecret(secretKey(slot));
  else await kvs.setSecret(secretKey(slot), url);
}

export async function wasSlackNotificationSent(notificationId: string): Promise<boolean> {
  return (await kvs.get(sentKey(notificationId))) !== undefined;
}

/** How long one consumer owns a notification's post: longer than a post may take (the consumer's timeout). */
const POST_LEASE_MS = 60_000;

/** One consumer at a time posts a notification (two deliveries at once: one posts, one retries later). */
export const claimSlackNotification = (notificationId: string): Promise<Lease | undefined> => takeLease(hashKey('slack-post', notificationId), POST_LEASE_MS);

/** Posted: the marker and the lease's release in one transaction. */
export async function markSlackNotificationSent(notificationId: string, at: string, claim: Lease): Promise<void> {
  await releasingLease(kvs.transact().set(sentKey(notificationId), { at }), claim).execute();
}

export const releaseSlackNotification = (claim: Lease): Promise<void> => releaseLease(claim);
