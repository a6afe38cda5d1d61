/**
 * Opsgenie's Webhook integration cannot sign requests, but it sends custom headers configured on the integration
 * ("Add custom headers to request"). Kaizen asks for one header carrying the secret, `X-Kaizen-Token` by default.
 *
 * @see https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-webhook/
 */
import type { SignedRequestParts, VerifyOptions, VerifyResult, WebhookRequest } from '../alert-source';
import { equalsAny, usableSecrets } from '../common/constant-time';
import { firstHeaderValue } from '../common/headers';

export const OPSGENIE_DEFAULT_HEADER = 'X-Kaizen-Token';

/**
 * Accepts the request when the custom header (`options.headerName`, default `X-Kaizen-Token`, any case) equals a
 * configured secret (constant time).
 *
 * @see https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-webhook/
 */
export function verifyOpsgenie(request: WebhookRequest, options: VerifyOptions): VerifyResult {
  const secrets = usableSecrets(options.secrets);
  if (secrets.length === 0) return { ok: false, reason: 'no-secret-configured' };
  const token = firstHeaderValue(request.headers, options.headerName ?? OPSGENIE_DEFAULT_HEADER);
  if (token === undefined) return { ok: false, reason: 'missing-credentials' };
  return equalsAny(token, secrets) ? { ok: true } : { ok: false, reason: 'bad-credentials' };
}

/** What Opsgenie sends once `X-Kaizen-Token: <secret>` is added as a custom header on the integration. */
export function signAsOpsgenie(_rawBody: string, secret: string): SignedRequestParts {
  return {
    headers: { 'Content-Type': ['application/json'], [OPSGENIE_DEFAULT_HEADER]: [secret] },
    queryParameters: {},
  };
}
