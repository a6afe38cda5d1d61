/**
 * Alertmanager signs nothing; its `http_config.authorization` sends `Authorization: <type> <credentials>`, type
 * `Bearer` by default. Kaizen expects `Authorization: Bearer <secret>` (the scheme word in any case, per RFC 9110).
 *
 * @see https://prometheus.io/docs/alerting/latest/configuration/#http_config
 */
import type { SignedRequestParts, VerifyOptions, VerifyResult, WebhookRequest } from '../alert-source';
import { equalsAny, usableSecrets } from '../common/constant-time';
import { firstHeaderValue } from '../common/headers';

/**
 * Accepts the request when `Authorization: Bearer <token>` carries a configured secret (constant time).
 *
 * @see https://prometheus.io/docs/alerting/latest/configuration/#http_config
 */
export function verifyAlertmanager(request: WebhookRequest, options: VerifyOptions): VerifyResult {
  const secrets = usableSecrets(options.secrets);
  if (secrets.length === 0) return { ok: false, reason: 'no-secret-configured' };
  const authorization = firstHeaderValue(request.headers, options.headerName ?? 'Authorization');
  if (authorization === undefined) return { ok: false, reason: 'missing-credentials' };
  const match = /^bearer\s+(\S+)$/i.exec(authorization);
  if (!match?.[1]) return { ok: false, reason: 'malformed-credentials' };
  return equalsAny(match[1], secrets) ? { ok: true } : { ok: false, reason: 'bad-credentials' };
}

/** What Alertmanager sends with `http_config: {authorization: {credentials: <secret>}}`. */
export function signAsAlertmanager(_rawBody: string, secret: string): SignedRequestParts {
  return {
    headers: {
      'Content-Type': ['application/json'],
      'User-Agent': ['Alertmanager/0.28.1'],
      Authorization: [`Bearer ${secret}`],
    },
    queryParameters: {},
  };
}
