import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../store/store';
import { parsePayload } from './block-kit';

/**
 * Slack's incoming webhooks, as the sandbox's `hooks.slack.com` (reached by the app's `fetch` through the egress
 * rule, runtime/egress.ts, or by curl at the sandbox's `/services/…`). A webhook is `/services/<T…>/<B…>/<secret>`;
 * any well-formed one is a channel webhook made on first use (its channel named after its path) — the first
 * secret seen for a `T…/B…` is its secret. `POST /__sandbox/slack/webhooks` registers one (a channel name, a state)
 * or revokes it. Messages and webhooks are kept in the sandbox's store (they survive a restart; reset clears them);
 * injected faults are kept in memory.
 *
 * Answers are Slack's: `200 ok` (text/plain), else a plain-text error string with its status
 * (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks#handling_errors,
 * https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks):
 * 400 invalid_payload | no_text | invalid_blocks | invalid_blocks_format | too_many_attachments,
 * 403 invalid_token | action_prohibited, 404 no_team | no_service | channel_not_found, 410 channel_is_archived,
 * 429 rate_limited (with Retry-After, injected), 500 rollup_error (injected).
 */

const TEAM = /^T[A-Z0-9]{6,}$/;
const HOOK = /^B[A-Z0-9]{6,}$/;
const SECRET = /^[A-Za-z0-9]{24}$/;

export const WEBHOOK_STATES = ['active', 'revoked', 'channel_not_found', 'channel_is_archived', 'action_prohibited'] as const;
export type WebhookState = (typeof WEBHOOK_STATES)[number];

/** What each state answers (the channel's or the team's condition, as Slack reports it). */
const STATE_ANSWERS: Record<Exclude<WebhookState, 'active'>, { status: number; body: string }> = {
  revoked: { status: 404, body: 'no_service' },
  channel_not_found: { status: 404, body: 'channel_not_found' },
  channel_is_archived: { status: 410, body: 'channel_is_archived' },
  action_prohibited: { status: 403, body: 'action_prohibited' },
};

export interface SlackWebhook {
  /** `T…/B…`: the webhook's id (its URL without the secret). */
  webhook: string;
  channel: string;
  state: WebhookState;
  /** The full URL, secret included (the sandbox is a development tool; Kaizen keeps it in KVS secret storage). */
  url: string;
  createdAt: string;
}

export interface SlackMessage {
  seq: number;
  webhook: string;
  channel: string;
  time: string;
  /** The message as posted (parsed JSON). */
  body: Record<string, unknown>;
}

export interface ReceiverRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}
export interface ReceiverAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const registerSchema = z.object({
  /** An existing webhook URL (or `/services/…` path) to register; omitted: a new webhook is made. */
  url: z.string().optional(),
  channel: z.string().min(1).max(80).optional(),
  state: z.enum(WEBHOOK_STATES).default('active'),
});

export const slackFaultSchema = z.object({
  /** A webhook URL, `/services/…` path or `T…/B…` id; omitted: every webhook. */
  webhook: z.string().optional(),
  status: z.number().int().refine((s) => s === 429 || (s >= 500 && s <= 599), 'status must be 429 or 5xx'),
  count: z.number().int().min(1).max(10000).default(1),
  /** Seconds sent in `Retry-After` (429 and 503). */
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
});
type SlackFault = z.output<typeof slackFaultSchema> & { id: number; remaining: number };

const WEBHOOKS = 'slack-webhooks';
const MESSAGES = 'slack-messages';
export const SLACK_HOST = 'hooks.slack.com';

export class SlackReceiver {
  private faults: SlackFault[] = [];
  private nextFaultId = 1;

  constructor(private readonly store: Store) {}

  /** A POST to `hooks.slack.com` (path and query as sent). */
  handle(req: ReceiverRequest): ReceiverAnswer {
    const parts = req.path.split('?')[0]!.split('/').filter(Boolean);
    if (parts[0] !== 'services') return text(404, 'no_service');
    const [, team, hook, secret] = parts;
    if (!team || !TEAM.test(team)) return text(404, 'no_team');
    if (!hook || !HOOK.test(hook) || parts.length > 4) return text(404, 'no_service');
    if (!secret || !SECRET.test(secret)) return text(403, 'invalid_token');
    const id = `${team}/${hook}`;
    const known = this.store.get<SlackWebhook>(WEBHOOKS, id) ?? this.save({ webhook: id, channel: defaultChannel(hook), state: 'active', url: urlOf(id, secret), createdAt: new Date().toISOString() });
    if (known.url !== urlOf(id, secret)) return text(403, 'invalid_token');
    if (known.state !== 'active') return text(STATE_ANSWERS[known.state].status, STATE_ANSWERS[known.state].body);
    if (req.method !== 'POST') return text(405, 'invalid_method');
    const fault = this.takeFault(id);
    if (fault) return fault;
    const verdict = parsePayload(req.body, req.headers['content-type']);
    if (!verdict.ok) return { ...text(verdict.status, verdict.error), headers: { 'content-type': 'text/plain; charset=utf-8', 'x-sandbox-detail': verdict.detail } };
    const seq = this.store.nextId('slack-message');
    const message: SlackMessage = { seq, webhook: id, channel: known.channel, time: new Date().toISOString(), body: verdict.message };
    this.store.put(MESSAGES, String(seq).padStart(12, '0'), message);
    return text(200, 'ok');
  }

  /** Registers a webhook (a new one when no URL is given), or changes its channel or state (`revoked`, …). */
  register(spec: z.input<typeof registerSchema>): SlackWebhook {
    const s = registerSchema.parse(spec);
    let id: string;
    let secret: string;
    if (s.url) {
      const m = /\/services\/(T[A-Z0-9]{6,})\/(B[A-Z0-9]{6,})\/([A-Za-z0-9]{24})$/.exec(s.url);
      if (!m) throw new Error(`not a Slack webhook URL (https://${SLACK_HOST}/services/T…/B…/<24 letters and digits>): ${s.url}`);
      id = `${m[1]}/${m[2]}`;
      secret = m[3]!;
    } else {
      id = `T${randomId(10)}/B${randomId(10)}`;
      secret = randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '').padEnd(24, 'x').slice(0, 24);
    }
    const existing = this.store.get<SlackWebhook>(WEBHOOKS, id);
    if (existing && existing.url !== urlOf(id, secret)) throw new Error(`webhook ${id} exists with another secret`);
    return this.save({
      webhook: id,
      channel: s.channel ?? existing?.channel ?? defaultChannel(id.split('/')[1]!),
      state: s.state,
      url: urlOf(id, secret),
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    });
  }

  webhooks(): SlackWebhook[] {
    return this.store.range<SlackWebhook>(WEBHOOKS).map((e) => e.value);
  }

  /** Messages received, oldest first; `webhook` (URL, path or `T…/B…`) limits them to one webhook. */
  messages(webhook?: string): SlackMessage[] {
    const id = webhook === undefined ? undefined : webhookId(webhook);
    return this.store
      .range<SlackMessage>(MESSAGES)
      .map((e) => e.value)
      .filter((m) => id === undefined || m.webhook === id);
  }

  /** The next `count` posts to a webhook (or to any) answer `status`. */
  addFault(spec: z.input<typeof slackFaultSchema>): { id: number } {
    const f = slackFaultSchema.parse(spec);
    const fault: SlackFault = { ...f, webhook: f.webhook === undefined ? undefined : webhookId(f.webhook), id: this.nextFaultId++, remaining: f.count };
    this.faults.push(fault);
    return { id: fault.id };
  }

  listFaults(): SlackFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clearFaults(): void {
    this.faults = [];
  }

  private takeFault(id: string): ReceiverAnswer | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (x.webhook === undefined || x.webhook === id));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining === 0) this.faults = this.faults.filter((x) => x !== f);
    const answer = text(f.status, f.status === 429 ? 'rate_limited' : 'rollup_error');
    if (f.status === 429 || f.status === 503) answer.headers['retry-after'] = String(f.retryAfterSeconds);
    return answer;
  }

  private save(w: SlackWebhook): SlackWebhook {
    this.store.put(WEBHOOKS, w.webhook, w);
    return w;
  }
}

const text = (status: number, body: string): ReceiverAnswer => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });
const urlOf = (id: string, secret: string): string => `https://${SLACK_HOST}/services/${id}/${secret}`;
const defaultChannel = (hook: string): string => `#webhook-${hook.toLowerCase()}`;
const randomId = (n: number): string => Array.from(randomBytes(n), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[b % 36]).join('');

/** `T…/B…` from a webhook URL, a `/services/…` path or the id itself. */
export function webhookId(ref: string): string {
  const m = /(T[A-Z0-9]{6,})\/(B[A-Z0-9]{6,})/.exec(ref);
  return m ? `${m[1]}/${m[2]}` : ref;
}
