/**
 * Secret comparisons that take the same time whatever the inputs.
 *
 * `crypto.timingSafeEqual` needs equal-length buffers and throws otherwise; comparing lengths first would leak the
 * secret's length. So both sides are hashed to 32 bytes first (SHA-256) and the digests compared: the time depends on
 * neither the secret's length nor where the first differing character is.
 *
 * @see https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** True when `a` and `b` are the same string; constant time, length-independent. */
export function constantTimeEquals(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** The secrets worth comparing against: an empty secret would let an empty credential in. */
export function usableSecrets(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret.length > 0);
}

/**
 * True when `candidate` equals any of `expected`. Every entry is compared (no early exit), so the time does not say
 * which secret of a rotation matched.
 */
export function equalsAny(candidate: string, expected: readonly string[]): boolean {
  let matched = false;
  for (const value of expected) {
    // Non-short-circuit OR: always run the comparison.
    matched = constantTimeEquals(candidate, value) || matched;
  }
  return matched;
}

/** HMAC-SHA256 of `message` (UTF-8) keyed with `secret`, lowercase hex. */
export function hmacSha256Hex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}
