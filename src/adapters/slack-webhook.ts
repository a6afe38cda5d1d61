/**
 * {@link SlackPoster} on Slack incoming webhooks: `POST <webhook URL>` with the message as JSON, through @forge/api's
 * `fetch` — Forge lets it reach only the hosts the manifest declares (`permissions.external.fetch.backend`:
 * `https://hooks.slack.com`). https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
 *
 * Slack answers `200 ok` as text, else a plain-text error with its status
 * (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks#handling_errors): 400 `invalid_payload`,
 * `no_text`, `invalid_blocks`…, 403 `invalid_token`, `action_prohibited`, 404 `no_service`, `channel_not_found`, 410
 * `channel_is_archived`, 429 `rate_limited` with `Retry-After` in seconds (https://docs.slack.dev/apis/web-api/rate-limits),
 * 5xx `rollup_error`. The webhook URL is a secret: it never appears in an answer, an error or a log line.
 */
import { fetch } from '@forge/api';
import type { SlackMessage } from '../documents/slack-messages';
import type { SlackAnswer, SlackPoster } from '../usecases/notify/send-notification';

/** When Slack says 429 without a usable `Retry-After`. */
export const DEFAULT_SLACK_RETRY_AFTER_SECONDS = 30;

export const slackWebhookPoster: SlackPoster = {
  async post(url: string, message: SlackMessage): Promise<SlackAnswer> {
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(message) });
    } catch (e) {
      // no answer (DNS, connection reset, timeout): the message may or may not have been posted; retried
      return { kind: 'unavailable', error: `no answer from Slack: ${e instanceof Error ? e.name : 'error'}` };
    }
    const error = (await res.text().catch(() => '')).slice(0, 200);
    if (res.status === 200) return { kind: 'ok' };
    if (res.status === 429) return { kind: 'rate-limited', status: 429, retryAfterSeconds: retryAfterSeconds(res.headers.get('retry-after')), error: error || 'rate_limited' };
    if (res.status >= 500) return { kind: 'unavailable', status: res.status, error: error || `HTTP ${res.status}` };
    return { kind: 'refused', status: res.status, error: error || `HTTP ${res.status}` };
  },
};

/** `Retry-After` as seconds (RFC 9110: delay-seconds or an HTTP-date), at least 1. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (header === null) return DEFAULT_SLACK_RETRY_AFTER_SECONDS;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.max(1, Number(value));
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_SLACK_RETRY_AFTER_SECONDS : Math.max(1, Math.ceil((at - now) / 1000));
}
