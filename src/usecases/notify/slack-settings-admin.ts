/**
 * The admin page's Slack section (DESIGN 3.7, 4), for Jira administrators (the resolver checks, as the caller):
 * - get: which events are on, and per slot (default, SEV1–SEV4) whether a webhook is set — never its URL: a hint
 *   (`…/B07ABCDEF/••••x9Qz`), who set it and when;
 * - save: the events, and per slot a new URL, a removal or nothing. Every URL is checked first (each bad one named
 *   with its slot, nothing stored); then the secrets, then the plain row — so the row never claims a URL that is not
 *   stored;
 * - send a test message to one slot's webhook, answering what Slack said (`invalid_token`, `channel_not_found`…).
 */
import { renderSlackTestMessage } from '../../documents/slack-test-message';
import { fail, ok, type FieldProblem, type ResolverResult } from '../../shared/resolver-result';
import type { Settings } from '../../shared/settings';
import {
  isSlackWebhookUrl,
  SLACK_EVENT_KINDS,
  SLACK_WEBHOOK_MESSAGE,
  SLACK_WEBHOOK_SLOTS,
  slackWebhookHint,
  type SaveSlackSettingsRequest,
  type SendSlackTestData,
  type SlackSettingsData,
  type SlackWebhookSlot,
} from '../../shared/slack-settings';
import type { SlackConfig } from '../../storage/slack-settings';
import type { AdminAccess, Clock } from '../admin/admin-ports';
import type { SlackPoster } from './send-notification';

export interface SlackSettingsStore {
  load(): Promise<SlackConfig>;
  save(config: SlackConfig): Promise<void>;
  webhookUrl(slot: SlackWebhookSlot): Promise<string | undefined>;
  /** A URL into secret storage, or `null`: removed. */
  setWebhookUrl(slot: SlackWebhookSlot, url: string | null): Promise<void>;
}

/** What the page may see: never a URL. */
export function slackSettingsView(config: SlackConfig): SlackSettingsData {
  const webhooks = Object.fromEntries(
    SLACK_WEBHOOK_SLOTS.map((slot) => {
      const meta = config.webhooks[slot];
      return [slot, meta ? { set: true, hint: meta.hint, setAt: meta.setAt, ...(meta.setBy ? { setBy: meta.setBy } : {}) } : { set: false }];
    }),
  ) as SlackSettingsData['webhooks'];
  return { events: config.events, webhooks };
}

export async function getSlackSettings(deps: { store: SlackSettingsStore }): Promise<ResolverResult<SlackSettingsData>> {
  return ok(slackSettingsView(await deps.store.load()));
}

export async function saveSlackSettings(request: SaveSlackSettingsRequest, deps: { store: SlackSettingsStore; access: Pick<AdminAccess, 'me'>; clock: Clock }): Promise<ResolverResult<SlackSettingsData>> {
  // 1. Every URL checked before anything is stored.
  const changes = Object.entries(request.webhooks ?? {}) as Array<[SlackWebhookSlot, string | null]>;
  const problems: FieldProblem[] = changes
    .filter(([, url]) => url !== null && !isSlackWebhookUrl(url))
    .map(([slot]) => ({ field: 'webhooks', path: `webhooks.${slot}`, message: SLACK_WEBHOOK_MESSAGE, code: 'slack-webhook-url' }));
  if (problems.length > 0) return fail('invalid-settings', `${problems.length} webhook URL(s) are not Slack incoming-webhook URLs; nothing was saved.`, problems);

  // 2. The secrets, then the row that describes them.
  const config = await deps.store.load();
  const me = changes.some(([, url]) => url !== null) ? await deps.access.me() : undefined;
  const at = deps.clock.now().toISOString();
  const webhooks = { ...config.webhooks };
  for (const [slot, raw] of changes) {
    const url = raw === null ? null : raw.trim();
    await deps.store.setWebhookUrl(slot, url);
    if (url === null) delete webhooks[slot];
    else webhooks[slot] = { hint: slackWebhookHint(url), setAt: at, ...(me ? { setBy: me.displayName } : {}) };
  }
  const next: SlackConfig = { events: { ...config.events, ...request.events }, webhooks };
  await deps.store.save(next);
  return ok(slackSettingsView(next));
}

export interface SlackTestDeps {
  store: Pick<SlackSettingsStore, 'load' | 'webhookUrl'>;
  slack: SlackPoster;
  settings(): Promise<Pick<Settings, 'pageLanguage' | 'levels'>>;
  clock: Clock;
}

export async function sendSlackTest(slot: SlackWebhookSlot, deps: SlackTestDeps): Promise<ResolverResult<SendSlackTestData>> {
  const url = await deps.store.webhookUrl(slot);
  if (!url) return fail('not-found', `No Slack webhook is set for ${slot}: save one first.`);
  const [config, settings] = await Promise.all([deps.store.load(), deps.settings()]);
  const events = SLACK_EVENT_KINDS.filter((k) => config.events[k]);
  const message = renderSlackTestMessage(slot, events, { lang: settings.pageLanguage, levels: settings.levels, at: deps.clock.now().toISOString() });
  const answer = await deps.slack.post(url, message);
  return ok(answer.kind === 'ok' ? { sent: true } : { sent: false, ...(answer.status !== undefined ? { status: answer.status } : {}), error: answer.error });
}
