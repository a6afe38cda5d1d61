/**
 * The one test of "may this be a link": an absolute http(s) URL. Intake keeps only such URLs from alert payloads
 * (src/sources/common/urls.ts), the renderers only link them (src/documents/text.ts `safeHref`), and the schemas
 * of alerts and of the views the UI parses accept only them (src/domain/alert.ts, src/shared/incident-view.ts) —
 * all through this function, so a URL one of them keeps is never refused by another. Pure; runs in the UI too.
 *
 * `javascript:`, `data:`, `vbscript:`, relative, protocol-relative and malformed URLs never pass. The `//` is
 * required because the WHATWG parser also accepts `http:host` and `http:/host` (and reads them as
 * `http://host/`), which is not what a sender wrote. The value is taken as given: callers trim free text first.
 */

/** The parsed URL when `value` is an absolute http(s) URL, else undefined. */
export function parseHttpUrl(value: string): URL | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** True when `value` is an absolute http(s) URL ({@link parseHttpUrl}). */
export function isHttpUrl(value: string): boolean {
  return parseHttpUrl(value) !== undefined;
}
