/**
 * Makes a source payload safe to keep as `Alert.raw` (timeline, replay): secrets out, sizes bounded, JSON-safe.
 *
 * What counts as a secret:
 * - any value under a key named `headers` — Opsgenie's Escalate callback echoes the integration's configured custom
 *   headers in the body, and one of them carries Kaizen's token (header names are chosen by the admin, so every value
 *   goes, not just the ones whose names look secret);
 * - any value under a key that names a credential (authorization, cookie, password, secret, token, api key,
 *   signature, credential, private key), whatever its depth — e.g. an Opsgenie `details.token` someone added;
 * - the user-info part of any http(s) URL in a string (`https://user:password@host`).
 * Over-redaction is the safe side: normalisers read the payload itself, so `raw` losing a field changes no Alert field.
 */
import { ALERT_LIMITS, REDACTED, type TruncatedRaw } from '../../domain/alert';
import type { JsonValue } from '../parse-json';
import { capCodePoints } from './text';
import { redactUrlUserInfo } from './urls';

const HEADERS_KEY = /^headers$/i;
const CREDENTIAL_KEY = /(authori[sz]ation|cookie|passw(or)?d|secret|token|api[-_]?key|signature|credential|private[-_]?key)/i;

export interface RedactedRaw {
  readonly raw: Record<string, JsonValue> | TruncatedRaw;
  readonly truncated: boolean;
}

function redactValue(value: unknown, state: { truncated: boolean }): JsonValue {
  if (typeof value === 'string') {
    const capped = capCodePoints(redactUrlUserInfo(value, REDACTED), ALERT_LIMITS.rawStringChars);
    if (capped.truncated) state.truncated = true;
    return capped.value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((item) => redactValue(item, state));
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined) continue;
      out[key] = HEADERS_KEY.test(key) || CREDENTIAL_KEY.test(key) ? REDACTED : redactValue(item, state);
    }
    return out;
  }
  // undefined, functions, symbols: not JSON.
  return null;
}

/**
 * The payload with secrets replaced by `[REDACTED]`, each string capped at {@link ALERT_LIMITS.rawStringChars}, and
 * the whole replaced by a {@link TruncatedRaw} prefix when its JSON is above {@link ALERT_LIMITS.rawJsonChars}.
 */
export function redactRaw(payload: Record<string, unknown>): RedactedRaw {
  const state = { truncated: false };
  const redacted = redactValue(payload, state) as Record<string, JsonValue>;
  const json = JSON.stringify(redacted);
  if (json.length <= ALERT_LIMITS.rawJsonChars) return { raw: redacted, truncated: state.truncated };
  return {
    raw: { truncatedRaw: true, originalJsonChars: json.length, jsonPrefix: json.slice(0, ALERT_LIMITS.rawJsonChars) },
    truncated: true,
  };
}
