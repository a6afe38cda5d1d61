/**
 * Slack notifications' settings (DESIGN 3.7, issue 11 items 3–4), as the admin page edits them: which of the five
 * events are sent, and an incoming-webhook URL per level with one default for the levels without their own. The URLs
 * are credentials (whoever has one can post to the channel): they live in KVS secret storage and are never answered
 * back — the page sees only whether each is set and a short masked hint. `zod/mini`, as everything in src/shared.
 *
 * Routing: an event goes to the webhook of its level (the incident's level when it happened), else to the default;
 * with neither, it is not sent. One default covers the common "one #incidents channel"; per-level webhooks let SEV1
 * also reach a wider channel.
 */
import * as z from 'zod/mini';
import { LEVELS } from './vocabulary';

export const SLACK_EVENT_KINDS = ['incident-opened', 'level-raised', 'recovered', 'retrospective-overdue', 'retrospective-published'] as const;
export type SlackEventKindSetting = (typeof SLACK_EVENT_KINDS)[number];

/** Where a webhook applies: every level without its own (`default`), or one level. */
export const SLACK_WEBHOOK_SLOTS = ['default', ...LEVELS] as const;
export const SlackWebhookSlotSchema = z.enum(SLACK_WEBHOOK_SLOTS);
export type SlackWebhookSlot = z.infer<typeof SlackWebhookSlotSchema>;

/**
 * A Slack incoming-webhook URL, as Slack issues them: `https://hooks.slack.com/services/T…/B…/<secret>`
 * (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks). Anything else — another host, http,
 * a workflow URL, a query — is refused, so the app's declared egress is the only place a message can go.
 */
export const SLACK_WEBHOOK_PATTERN = /^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,20}\/B[A-Z0-9]{6,20}\/[A-Za-z0-9]{16,64}$/;
export const SLACK_WEBHOOK_MESSAGE = 'A Slack incoming-webhook URL: https://hooks.slack.com/services/T…/B…/… (Slack app → Incoming Webhooks → Copy)';

export const isSlackWebhookUrl = (url: string): boolean => SLACK_WEBHOOK_PATTERN.test(url.trim());

/** Which events are sent; every one on by default. */
export const SlackEventsSchema = z.object(
  Object.fromEntries(SLACK_EVENT_KINDS.map((k) => [k, z._default(z.boolean(), true)])) as Record<SlackEventKindSetting, z.ZodMiniDefault<z.ZodMiniBoolean<boolean>>>,
);
export type SlackEvents = Record<SlackEventKindSetting, boolean>;
export const defaultSlackEvents = (): SlackEvents => Object.fromEntries(SLACK_EVENT_KINDS.map((k) => [k, true])) as SlackEvents;

/** What the page sees of one webhook: set or not, a hint such as `…/B07ABCDEF/••••x9Qz`, and who set it when. */
export const SlackWebhookViewSchema = z.object({
  set: z.boolean(),
  hint: z.optional(z.string()),
  setAt: z.optional(z.string()),
  setBy: z.optional(z.string()),
});
export type SlackWebhookView = z.infer<typeof SlackWebhookViewSchema>;

export const SlackSettingsDataSchema = z.object({
  events: SlackEventsSchema,
  webhooks: z.object(Object.fromEntries(SLACK_WEBHOOK_SLOTS.map((s) => [s, SlackWebhookViewSchema])) as Record<SlackWebhookSlot, typeof SlackWebhookViewSchema>),
});
export type SlackSettingsData = z.infer<typeof SlackSettingsDataSchema>;

/**
 * A save: the events (all five, as the form shows them) and, per slot, a new URL (set), `null` (remove) or nothing
 * (keep as it is — the page never has the stored URL to send back). URLs are checked by the use case, so each bad one
 * comes back as a field problem (`webhooks.SEV1`) rather than as a refused payload.
 */
export const SaveSlackSettingsRequestSchema = z.object({
  events: z.optional(SlackEventsSchema),
  webhooks: z.optional(z.partialRecord(SlackWebhookSlotSchema, z.nullable(z.string().check(z.maxLength(500))))),
});
export type SaveSlackSettingsRequest = z.infer<typeof SaveSlackSettingsRequestSchema>;

/** "Send test message" to the webhook of one slot. */
export const SendSlackTestRequestSchema = z.object({ slot: SlackWebhookSlotSchema });
/** `sent`, or Slack's answer (`status` and its error text such as `invalid_token`, `channel_not_found`). */
export const SendSlackTestDataSchema = z.object({ sent: z.boolean(), status: z.optional(z.int()), error: z.optional(z.string()) });
export type SendSlackTestData = z.infer<typeof SendSlackTestDataSchema>;

/** `…/B07ABCDEF/••••x9Qz`: the webhook's id (not secret; tells two channels apart) and the secret's last 4 characters. */
export function slackWebhookHint(url: string): string {
  const m = /\/services\/T[A-Z0-9]+\/(B[A-Z0-9]+)\/([A-Za-z0-9]+)$/.exec(url);
  return m ? `…/${m[1]}/••••${m[2]!.slice(-4)}` : '••••';
}
