/**
 * What the request log (`GET /__sandbox/requests`) must never show: credentials a sender or the app put in a
 * request. Web trigger senders carry their secret in the query (`?token=`), in URL user-info (`https://u:p@…`,
 * sent as Basic auth), in headers (Authorization, the admin's custom header, HMAC signatures) or, by mistake, in the
 * body. Headers are not logged at all; the rest is redacted here:
 * - query parameters whose name names a credential (token, secret, password, key, signature, auth, …);
 * - URL user-info anywhere in the path, query or body;
 * - JSON string values under a credential-named key in the body (`"token": "…"`);
 * - and, whatever the place, every value the app keeps in KVS secret storage (the sources' secrets), so a secret
 *   put where no rule expects it is still not shown.
 */

export const LOG_REDACTED = '[REDACTED]';

const CREDENTIAL_NAME = /(token|secret|passw(or)?d|pwd|api[-_]?key|access[-_]?key|^key$|signature|^sig$|auth|credential|session|cookie)/i;
/** Bounded quantifiers only: the log redacts every product request body, so no pattern may backtrack on a long one. */
const URL_USERINFO = /([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/?#@"'<>]{1,512}@/gi;
const CREDENTIAL_KEY = /token|secret|passw(or)?d|api[-_]?key|signature|authori[sz]ation|credential|cookie/i;
/** One JSON string token; its alternatives start with different characters, so matching is linear. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;
/** Shorter strings are not scrubbed by value (a secret is long; a short one would blank ordinary words). */
const MIN_SECRET_CHARS = 8;

/** Redacts `text` for the log; `secrets` are values to blank wherever they appear (raw and URL-encoded). */
export function redactForLog(text: string, secrets: readonly string[] = []): string {
  let out = text.includes('://') && text.includes('@') ? text.replace(URL_USERINFO, `$1${LOG_REDACTED}@`) : text;
  if (CREDENTIAL_KEY.test(out)) out = redactJsonCredentialValues(out);
  const forms = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_CHARS).flatMap((s) => [s, encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)]))];
  for (const form of forms.sort((a, b) => b.length - a.length)) if (out.includes(form)) out = out.split(form).join(LOG_REDACTED);
  return out;
}

/** `"token": "…"` → `"token": "[REDACTED]"` for any credential-named key, in one linear pass over the string tokens. */
function redactJsonCredentialValues(text: string): string {
  let out = '';
  let copied = 0;
  let credentialKeyEnd = -1;
  JSON_STRING.lastIndex = 0;
  for (let m = JSON_STRING.exec(text); m !== null; m = JSON_STRING.exec(text)) {
    const end = m.index + m[0].length;
    if (credentialKeyEnd >= 0 && /^\s*:\s*$/.test(text.slice(credentialKeyEnd, m.index))) {
      out += `${text.slice(copied, m.index)}"${LOG_REDACTED}"`;
      copied = end;
      credentialKeyEnd = -1;
      continue;
    }
    credentialKeyEnd = CREDENTIAL_KEY.test(m[0]) && /^\s*:/.test(text.slice(end, end + 16)) ? end : -1;
  }
  return out + text.slice(copied);
}

/** A query string with credential-named parameters' values replaced, then {@link redactForLog}. */
export function redactQueryForLog(query: string, secrets: readonly string[] = []): string {
  if (query === '') return query;
  const params = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const [name, value] of params) out.append(name, CREDENTIAL_NAME.test(name) ? LOG_REDACTED : value);
  return redactForLog(out.toString(), secrets);
}

/**
 * The strings stored under credential-named keys (at any depth) of a JSON value — a secret record
 * `{secrets: ["…"], headerName: "X-Kaizen-Token"}` gives the secrets, not the header name.
 */
export function credentialStringsIn(value: unknown, underCredentialKey = false, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (underCredentialKey && value.length >= MIN_SECRET_CHARS) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) credentialStringsIn(item, underCredentialKey, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) credentialStringsIn(item, underCredentialKey || CREDENTIAL_NAME.test(key), out);
  }
  return out;
}
