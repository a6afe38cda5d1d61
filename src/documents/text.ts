/**
 * Plain-text hygiene shared by the renderers. Nothing here escapes markup (ADF nodes and the XHTML serializer do):
 * it only makes untrusted text representable — characters XML 1.0 forbids, lone surrogates, CR line ends — and
 * cuts it to a product's length limit without breaking a character.
 */
import { parseHttpUrl } from '../shared/http-url';

/**
 * Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates; with the `u` flag a lone
 * surrogate is one code point). Confluence's storage parser rejects the whole page for one of them. ADF is JSON and
 * can carry them, but the same alert text goes to the issue, its comments and the page, so both renderers replace
 * them alike (a control character or a lone surrogate is never text a person meant).
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text safe to put into an ADF text node or an XML text node: CRLF/CR → LF, forbidden characters → U+FFFD. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(NOT_XML_CHAR, '\uFFFD');
}

/** {@link cleanText}, then every run of whitespace (newlines, tabs) as one space, trimmed. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` cut to at most `maxUtf16` UTF-16 code units, `mark` included, at a grapheme boundary: never half a
 * surrogate pair, never half an emoji ZWJ sequence, flag or a base letter without its combining mark.
 *
 * Why UTF-16 units: Jira (summary, 255) and Confluence (title, 255) are Java services and measure `String.length()`,
 * which counts UTF-16 units; a 255-code-point text of emoji would be 510 units and rejected. A text within the
 * unit budget is also within the same number of code points.
 */
export function cutToUtf16(text: string, maxUtf16: number, mark = '…'): string {
  if (text.length <= maxUtf16) return text;
  const budget = maxUtf16 - mark.length;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > budget) break;
    kept += segment;
  }
  return kept.trimEnd() + mark;
}

/** `text` cut to at most `maxCodePoints` code points at a grapheme boundary, `mark` included. */
export function cutToCodePoints(text: string, maxCodePoints: number, mark = '…'): string {
  if (text.length <= maxCodePoints || [...text].length <= maxCodePoints) return text;
  const budget = maxCodePoints - [...mark].length;
  let kept = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = [...segment].length;
    if (count + size > budget) break;
    kept += segment;
    count += size;
  }
  return kept.trimEnd() + mark;
}

/**
 * The URL to put into an `href`, or undefined when it must not be a link: only absolute http(s) URLs pass
 * ({@link parseHttpUrl}). Returned in WHATWG-serialised form, so spaces and other characters that cannot stand in
 * an attribute are percent-encoded.
 */
export function safeHref(url: string | undefined): string | undefined {
  return url === undefined ? undefined : parseHttpUrl(url.trim())?.href;
}

/** A number as people read it: integers as is, fractions with at most 3 decimals. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}
