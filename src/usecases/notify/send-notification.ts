/**
 * send-notification: one queued Slack notification → one incoming-webhook post (DESIGN 3.7), as a runbook:
 *
 *   1. posted already (a redelivery, a duplicate delivery)? → stop;
 *   2. the event switched off, or no webhook for its level (nor a default)? → stop (settings changed since it was queued);
 *   3. the incident as it is now (its issue and page links, its title); gone → stop;
 *   4. render it in the page language (src/documents/slack-messages.ts: Block Kit, mrkdwn-escaped, within Slack's limits);
 *   5. post it; on 200 mark it posted. Slack's other answers are the handler's to map (src/handlers/notify-consumer.ts):
 *      429 → retry after Slack's `Retry-After`; 5xx or no answer → retry, a bounded number of times; any other 4xx
 *      (`invalid_blocks`, `no_text`, `channel_not_found`, a revoked webhook) → logged and dropped, since sending the
 *      same body again cannot succeed.
 *
 * Exactly once as far as KVS allows: a post that Slack accepted but whose marker write failed is posted again on the
 * retry — Slack incoming webhooks take no idempotency key, so that narrow window cannot be closed.
 */
import type { Incident } from '../../domain/incident';
import { renderSlackMessage, type SlackEvent, type SlackIncident, type SlackMessage } from '../../documents/slack-messages';
import type { Settings } from '../../shared/settings';
import type { SlackWebhookSlot } from '../../shared/slack-settings';
import type { SlackConfig } from '../../storage/slack-settings';
import type { Clock } from '../ports';
import type { Notification } from './notification';

/** Slack's answer to a webhook post, as src/adapters/slack-webhook.ts reads it. */
export type SlackAnswer =
  | { kind: 'ok' }
  /** 429: wait `retryAfterSeconds` (Slack's `Retry-After`). */
  | { kind: 'rate-limited'; retryAfterSeconds: number; status: 429; error: string }
  /** 5xx, or no answer at all: worth another try. */
  | { kind: 'unavailable'; status?: number | undefined; error: string }
  /** Any other status: this body to this webhook will never be taken. */
  | { kind: 'refused'; status: number; error: string };

export interface SlackPoster {
  /** POSTs `message` as JSON to the webhook URL (`fetch` from @forge/api, through the declared egress). */
  post(url: string, message: SlackMessage): Promise<SlackAnswer>;
}

export interface SendDeps {
  config(): Promise<SlackConfig>;
  /** The slot's URL from secret storage. */
  webhookUrl(slot: SlackWebhookSlot): Promise<string | undefined>;
  incident(id: string): Promise<Incident | undefined>;
  settings(): Promise<Pick<Settings, 'pageLanguage' | 'levels'>>;
  /** A Jira user's display name (the commander, for the overdue message); undefined when it cannot be read. */
  displayName(accountId: string): Promise<string | undefined>;
  slack: SlackPoster;
  sent: {
    was(id: string): Promise<boolean>;
    /** A short exclusive claim on posting `id`; undefined when another delivery holds it. */
    claim(id: string): Promise<Claim | undefined>;
    /** Posted: the marker written and the claim released together. */
    mark(id: string, at: string, claim: Claim): Promise<void>;
    release(claim: Claim): Promise<void>;
  };
  clock: Clock;
}

/** A claim as the store hands it out (src/storage/lease.ts), opaque here. */
export type Claim = { readonly key: string };

export type SendOutcome =
  | { kind: 'sent'; slot: SlackWebhookSlot }
  /** Another delivery of the same notification is posting it now: try again shortly (it will find it posted). */
  | { kind: 'busy' }
  | { kind: 'skipped'; reason: 'already-sent' | 'event-off' | 'no-webhook' | 'incident-gone' }
  | { kind: 'failed'; answer: Exclude<SlackAnswer, { kind: 'ok' }> };

/** The webhook for a level: its own, else the default; none when neither is set. */
export function slotFor(config: SlackConfig, level: Notification['level']): SlackWebhookSlot | undefined {
  if (config.webhooks[level]) return level;
  return config.webhooks.default ? 'default' : undefined;
}

export async function sendNotification(n: Notification, deps: SendDeps): Promise<SendOutcome> {
  // 1. Posted already?
  if (await deps.sent.was(n.id)) return { kind: 'skipped', reason: 'already-sent' };
  // 2. Still wanted, and where to.
  const config = await deps.config();
  if (!config.events[n.event.kind]) return { kind: 'skipped', reason: 'event-off' };
  const slot = slotFor(config, n.level);
  const url = slot ? await deps.webhookUrl(slot) : undefined;
  if (!slot || !url) return { kind: 'skipped', reason: 'no-webhook' };
  // 3. The incident now.
  const incident = await deps.incident(n.incidentId);
  if (!incident) return { kind: 'skipped', reason: 'incident-gone' };
  // 4. The message.
  const settings = await deps.settings();
  const message = renderSlackMessage(slackIncident(incident, n), await slackEvent(incident, n, deps), { lang: settings.pageLanguage, levels: settings.levels });
  // 5. Post it, one delivery at a time, and mark it posted.
  const claim = await deps.sent.claim(n.id);
  if (!claim) return { kind: 'busy' };
  let answer: SlackAnswer;
  try {
    if (await deps.sent.was(n.id)) return { kind: 'skipped', reason: 'already-sent' };
    answer = await deps.slack.post(url, message);
  } catch (e) {
    await deps.sent.release(claim).catch(() => undefined);
    throw e;
  }
  if (answer.kind !== 'ok') {
    await deps.sent.release(claim).catch(() => undefined);
    return { kind: 'failed', answer };
  }
  await deps.sent.mark(n.id, deps.clock.now().toISOString(), claim);
  return { kind: 'sent', slot };
}

/** The incident as the message shows it, at the level of the event (a later change has its own message). */
function slackIncident(incident: Incident, n: Notification): SlackIncident {
  return {
    issueKey: incident.issue?.key ?? '',
    title: incident.title,
    level: n.level,
    state: incident.state,
    service: null,
    impactStartedAt: incident.impactStartedAt,
    drill: incident.drill,
    links: { issueUrl: incident.issue?.url, pageUrl: incident.page?.url },
  };
}

async function slackEvent(incident: Incident, n: Notification, deps: Pick<SendDeps, 'displayName'>): Promise<SlackEvent> {
  const e = n.event;
  const retro = incident.retrospective;
  switch (e.kind) {
    case 'incident-opened':
    case 'recovered':
      return e;
    case 'level-raised':
      return e;
    case 'retrospective-overdue': {
      const commander = incident.roles?.commander;
      const owner = commander ? ((await deps.displayName(commander).catch(() => undefined)) ?? null) : null;
      return { ...e, owner, retrospectiveUrl: retro?.page.url };
    }
    case 'retrospective-published':
      return { ...e, title: retro?.page.title ?? incident.title, retrospectiveUrl: retro?.page.url };
  }
}
