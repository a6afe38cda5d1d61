/**
 * URL hygiene for links taken from alert payloads: only absolute http(s) URLs survive (a `javascript:` or `data:`
 * URL in a payload must never become a link on a Jira issue or a Confluence page), and user-info
 * (`https://user:password@host`) is removed so a credential someone put in a URL is not stored or shown.
 */
import { ALERT_LIMITS } from '../../domain/alert';
import { parseHttpUrl } from '../../shared/http-url';

/** `value` as a safe http(s) URL, or undefined. Keeps the sender's spelling unless user-info had to be removed. */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const url = text.length > ALERT_LIMITS.urlChars ? undefined : parseHttpUrl(text);
  if (!url) return undefined;
  if (url.username === '' && url.password === '') return text;
  url.username = '';
  url.password = '';
  return url.href;
}

/** `text` with the user-info of every http(s) URL in it replaced, for free text kept in `raw`. */
export function redactUrlUserInfo(text: string, replacement: string): string {
  if (!text.includes('@')) return text;
  return text.replace(/\b(https?:\/\/)[^\s/?#@]+@/gi, `$1${replacement}@`);
}
