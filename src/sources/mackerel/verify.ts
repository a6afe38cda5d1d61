/**
 * Mackerel's webhook channel cannot sign requests or add headers. Its docs recommend Basic auth in the URL
 * (`https://user:p4ssw0rd@example.com`), which the sender turns into an `Authorization: Basic` header; a `token`
 * query parameter is accepted too, for URLs where user-info is awkward. The user name is not checked: the secret
 * is the password.
 *
 * @see https://mackerel.io/docs/entry/howto/alerts/webhook#security-when-using-webhook
 */
import type { SignedRequestParts, VerifyOptions, VerifyResult, WebhookRequest } from '../alert-source';
import { equalsAny, usableSecrets } from '../common/constant-time';
import { firstHeaderValue, queryValues } from '../common/headers';

export const MACKEREL_BASIC_USERNAME = 'kaizen';
export const MACKEREL_TOKEN_QUERY_PARAMETER = 'token';

/** The password of an `Authorization: Basic` value, or undefined if it is not Basic; null if Basic but unreadable. */
function basicPassword(authorization: string): string | undefined | null {
  const match = /^basic\s+(\S+)$/i.exec(authorization);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/**
 * Accepts the request when the Basic-auth password or the `token` query parameter equals a configured secret
 * (constant time).
 *
 * @see https://mackerel.io/docs/entry/howto/alerts/webhook#security-when-using-webhook
 */
export function verifyMackerel(request: WebhookRequest, options: VerifyOptions): VerifyResult {
  const secrets = usableSecrets(options.secrets);
  if (secrets.length === 0) return { ok: false, reason: 'no-secret-configured' };

  const candidates: string[] = [];
  let malformed = false;
  const authorization = firstHeaderValue(request.headers, 'Authorization');
  if (authorization !== undefined) {
    const password = basicPassword(authorization);
    if (password === null) malformed = true;
    else if (password !== undefined) candidates.push(password);
  }
  candidates.push(...queryValues(request.queryParameters, MACKEREL_TOKEN_QUERY_PARAMETER));

  if (candidates.length === 0) return { ok: false, reason: malformed ? 'malformed-credentials' : 'missing-credentials' };
  let matched = false;
  for (const candidate of candidates) matched = equalsAny(candidate, secrets) || matched;
  return matched ? { ok: true } : { ok: false, reason: 'bad-credentials' };
}

/** What Mackerel sends for a channel URL `https://kaizen:<secret>@…`: the user-info as a Basic header. */
export function signAsMackerel(_rawBody: string, secret: string): SignedRequestParts {
  const basic = Buffer.from(`${MACKEREL_BASIC_USERNAME}:${secret}`, 'utf8').toString('base64');
  return {
    headers: {
      'Content-Type': ['application/json'],
      'User-Agent': ['Mackerel Webhook Agent (https://mackerel.io/)'],
      Authorization: [`Basic ${basic}`],
    },
    queryParameters: {},
  };
}
