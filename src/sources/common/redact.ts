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
 *
 * Depth: `raw` travels inside a queue event and may land in KVS (a dead letter: `{body: {alert: {raw}}}`), whose
 * values may nest at most 31 levels (forge-platform.md, KVS limits). A body may nest up to 64 (parse-json.ts), so
 * anything below {@link RAW_MAX_DEPTH} levels of `raw` is kept as its JSON text (a string) instead of as objects.
 */
import { ALERT_LIMITS, AlertSchema, REDACTED, type Alert, type TruncatedRaw } from '../../domain/alert';
import type { JsonValue } from '../parse-json';
import { capCodePoints } from './text';
import { redactUrlUserInfo } from './urls';

const HEADERS_KEY = /^headers$/i;
const CREDENTIAL_KEY = /(authori[sz]ation|cookie|passw(or)?d|secret|token|api[-_]?key|signature|credential|private[-_]?key)/i;

/** Levels of objects/arrays kept as such in `raw` (raw itself is level 1); deeper values become their JSON text. */
export const RAW_MAX_DEPTH = 16;

export interface RedactedRaw {
  readonly raw: Record<string, JsonValue> | TruncatedRaw;
  readonly truncated: boolean;
}

function redactValue(value: unknown, state: { truncated: boolean }, depth = 0): JsonValue {
  if (typeof value === 'string') {
    const capped = capCodePoints(redactUrlUserInfo(value, REDACTED), ALERT_LIMITS.rawStringChars);
    if (capped.truncated) state.truncated = true;
    return capped.value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && depth >= RAW_MAX_DEPTH) {
    // redacted first (a secret may sit below the cut), then flattened into text
    state.truncated = true;
    return redactValue(JSON.stringify(redactValue(value, state, Number.NEGATIVE_INFINITY)), state);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, state, depth + 1));
  if (typeof value === 'object') {
    const entries: [string, JsonValue][] = [];
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined) continue;
      entries.push([key, HEADERS_KEY.test(key) || CREDENTIAL_KEY.test(key) ? REDACTED : redactValue(item, state, depth + 1)]);
    }
    // fromEntries defines own properties: a `__proto__` key stays data, never becomes the object's prototype
    return Object.fromEntries(entries);
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

/**
 * `value` with every occurrence of a source secret (as written, or URL-encoded) replaced by `[REDACTED]`, in every
 * string at any depth — keys included. The web trigger applies it to the alerts it queues: a sender may echo its own
 * URL (`?token=…`) or header in free text, where no key name says "secret" (DESIGN 4: never stored, never shown).
 */
export function scrubSecretValues<T>(value: T, secrets: readonly string[], marker: string = REDACTED): T {
  // longest first: a secret containing another (or its encoded form containing it) is replaced whole
  const forms = [...new Set(secrets.filter((s) => s.length > 0).flatMap((s) => [s, encodeURIComponent(s)]))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return value;
  const scrubText = (text: string): string => forms.reduce((out, form) => (out.includes(form) ? out.split(form).join(marker) : out), text);
  const scrub = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v);
    if (Array.isArray(v)) return v.map(scrub);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [scrubText(k), scrub(item)]));
    return v;
  };
  return scrub(value) as T;
}

/**
 * An alert with its source's secrets scrubbed ({@link scrubSecretValues}) and still a valid Alert: where `[REDACTED]`
 * would break a URL (a secret in a host name: brackets are IPv6 syntax there), the bracket-less `REDACTED` is used.
 */
export function scrubAlertSecrets(alert: Alert, secrets: readonly string[]): Alert {
  const scrubbed = scrubSecretValues(alert, secrets);
  return AlertSchema.safeParse(scrubbed).success ? scrubbed : AlertSchema.parse(scrubSecretValues(alert, secrets, 'REDACTED'));
}
