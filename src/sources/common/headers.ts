/**
 * Header and query lookups for Forge web trigger requests.
 *
 * Forge delivers `headers: Record<string, string[]>` and does not document the case of header names, so names are
 * compared case-insensitively (RFC 9110 §5.1) and values from every spelling are merged. Query parameter names are
 * case-sensitive, as in any URL.
 *
 * @see https://developer.atlassian.com/platform/forge/events-reference/web-trigger/
 */
import type { WebhookRequest } from '../alert-source';

/** All values of header `name`, whatever case the request spelled it in. */
export function headerValues(headers: WebhookRequest['headers'], name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, list] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) values.push(...list);
  }
  return values;
}

/** The first value of header `name`, trimmed; undefined when absent or blank. */
export function firstHeaderValue(headers: WebhookRequest['headers'], name: string): string | undefined {
  const value = headerValues(headers, name)[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** All values of query parameter `name`. */
export function queryValues(queryParameters: WebhookRequest['queryParameters'], name: string): string[] {
  return [...(queryParameters[name] ?? [])];
}
