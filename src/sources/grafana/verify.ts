/**
 * Grafana 12+ can sign webhook notifications with HMAC-SHA256 (contact point → Optional Webhook settings →
 * HMAC Signature: Secret, Header, Timestamp header).
 *
 * What is signed, per grafana/alerting `http/hmac.go` (`HMACRoundTripper.sign`):
 * - no timestamp header configured: `hex(HMAC-SHA256(secret, body))`;
 * - a timestamp header configured: Grafana puts the Unix time in **seconds** in that header and signs
 *   `timestamp + ":" + body`.
 * The signature goes in the configured header. Quirk: the UI's placeholder is `X-Grafana-Alerting-Signature`, but
 * when the field is left empty the code falls back to `X-Grafana-Alert-Signature` — so both are looked up unless the
 * admin told Kaizen a specific name.
 *
 * A timestamp, when present, must be within {@link GRAFANA_MAX_CLOCK_SKEW_SECONDS} of now (replay protection).
 * A request without the timestamp header is checked as body-only; that cannot be forged from a captured
 * timestamped request (the signed strings differ), and `requireTimestamp` refuses it outright.
 *
 * @see https://github.com/grafana/alerting/blob/main/http/hmac.go
 * @see https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/
 */
import type { SignedRequestParts, VerifyOptions, VerifyResult, WebhookRequest } from '../alert-source';
import { equalsAny, hmacSha256Hex, usableSecrets } from '../common/constant-time';
import { firstHeaderValue } from '../common/headers';

/** The header Kaizen tells admins to enter (Grafana's own placeholder). */
export const GRAFANA_SIGNATURE_HEADER = 'X-Grafana-Alerting-Signature';
/** What Grafana actually uses when the Header field is left empty. */
export const GRAFANA_FALLBACK_SIGNATURE_HEADER = 'X-Grafana-Alert-Signature';
/** The timestamp header name Kaizen tells admins to enter (Grafana has no default: no name, no timestamp). */
export const GRAFANA_TIMESTAMP_HEADER = 'X-Grafana-Alerting-Timestamp';
export const GRAFANA_MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * Accepts the request when its HMAC-SHA256 signature matches one of the secrets over the body (or over
 * `timestamp:body` when the timestamp header is present, which must then be fresh).
 *
 * @see https://github.com/grafana/alerting/blob/main/http/hmac.go
 */
export function verifyGrafana(request: WebhookRequest, options: VerifyOptions): VerifyResult {
  const secrets = usableSecrets(options.secrets);
  if (secrets.length === 0) return { ok: false, reason: 'no-secret-configured' };

  const headerNames =
    options.headerName === undefined ? [GRAFANA_SIGNATURE_HEADER, GRAFANA_FALLBACK_SIGNATURE_HEADER] : [options.headerName];
  const signature = headerNames.map((name) => firstHeaderValue(request.headers, name)).find((v) => v !== undefined);
  if (signature === undefined) return { ok: false, reason: 'missing-credentials' };
  if (!/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'malformed-credentials' };

  const timestamp = firstHeaderValue(request.headers, options.timestampHeaderName ?? GRAFANA_TIMESTAMP_HEADER);
  let signedContent = request.rawBody;
  if (timestamp !== undefined) {
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed-credentials' };
    const skewSeconds = Math.abs(options.nowEpochMs / 1000 - Number(timestamp));
    if (skewSeconds > GRAFANA_MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'stale-timestamp' };
    signedContent = `${timestamp}:${request.rawBody}`;
  } else if (options.requireTimestamp === true) {
    return { ok: false, reason: 'missing-credentials' };
  }

  const expected = secrets.map((secret) => hmacSha256Hex(secret, signedContent));
  return equalsAny(signature.toLowerCase(), expected) ? { ok: true } : { ok: false, reason: 'bad-credentials' };
}

/** What Grafana sends with HMAC Secret = `secret`, Header = X-Grafana-Alerting-Signature, Timestamp header set. */
export function signAsGrafana(rawBody: string, secret: string, nowEpochMs: number): SignedRequestParts {
  const timestamp = String(Math.floor(nowEpochMs / 1000));
  return {
    headers: {
      'Content-Type': ['application/json'],
      'User-Agent': ['Grafana'],
      [GRAFANA_TIMESTAMP_HEADER]: [timestamp],
      [GRAFANA_SIGNATURE_HEADER]: [hmacSha256Hex(secret, `${timestamp}:${rawBody}`)],
    },
    queryParameters: {},
  };
}
