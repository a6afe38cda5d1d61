/**
 * The `deployment-webhook` trigger's authentication: `Authorization: Bearer <secret>` (the scheme word in any case,
 * RFC 9110), compared in constant time against every accepted secret — two while one is being rotated. Pure.
 */
import { equalsAny, usableSecrets } from '../sources/common/constant-time';
import { firstHeaderValue } from '../sources/common/headers';

export type BearerResult = { ok: true } | { ok: false; reason: 'no-secret-configured' | 'missing-credentials' | 'malformed-credentials' | 'bad-credentials' };

export function verifyBearer(headers: Readonly<Record<string, readonly string[]>>, secrets: readonly string[]): BearerResult {
  const accepted = usableSecrets(secrets);
  if (accepted.length === 0) return { ok: false, reason: 'no-secret-configured' };
  const authorization = firstHeaderValue(headers, 'Authorization');
  if (authorization === undefined) return { ok: false, reason: 'missing-credentials' };
  const match = /^bearer\s+(\S+)$/i.exec(authorization);
  if (!match?.[1]) return { ok: false, reason: 'malformed-credentials' };
  return equalsAny(match[1], accepted) ? { ok: true } : { ok: false, reason: 'bad-credentials' };
}
