/**
 * A tolerant, position-reporting scan of Confluence storage format with `saxes` (a conformant XML 1.0 parser), for
 * merging Kaizen's regions into pages people edit. Storage is an XML fragment (several roots, `ac:`/`ri:` prefixes
 * never declared) that uses HTML named entities (`&nbsp;`, `&rarr;`, `&mdash;` …) no plain XML parser knows; the
 * scan resolves those with `html-entities` and keeps any other `&name;` as literal text instead of failing, because
 * it only locates elements: the page's bytes are spliced, never re-serialised.
 */
import { decodeEntity } from 'html-entities';
import { SaxesParser, type SaxesTag } from 'saxes';

/** Storage that is not well-formed XML (beyond unknown entity names), so no safe merge is possible. */
export class StorageScanError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageScanError';
  }
}

/** An element's location in the source string (UTF-16 offsets, as `String#slice` takes them). */
export interface ElementSpan {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Depth: 0 for a top-level element. */
  readonly depth: number;
  /** Offset of its `<`. */
  readonly start: number;
  /** Offset just after its start tag's `>`. */
  readonly contentStart: number;
  /** Offset of its end tag's `<` (equal to `end` for a self-closing element). */
  readonly contentEnd: number;
  /** Offset just after its last `>`. */
  readonly end: number;
  readonly selfClosing: boolean;
}

export type ScanEvent =
  | { kind: 'open'; name: string; attributes: Readonly<Record<string, string>> }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

interface ScanHandlers {
  /** Called for every element once its end is known (so children are reported before their parent). */
  element?: (span: ElementSpan) => void;
  /** Called for every open, close and text event in document order (CDATA is reported as text). */
  event?: (event: ScanEvent) => void;
}

/**
 * Scans `xhtml` and reports elements with their exact source offsets. Throws {@link StorageScanError} when the text
 * is not well-formed.
 */
export function scanStorage(xhtml: string, handlers: ScanHandlers): void {
  const parser = new SaxesParser({ xmlns: false, fragment: true, position: true });
  // saxes looks named entities up in `ENTITIES`: answer the HTML ones, and keep unknown ones as their own text
  // (Confluence would not have stored an undefined entity; if it did, the merge still must not fail on it).
  parser.ENTITIES = new Proxy<Record<string, string>>(Object.create(null) as Record<string, string>, {
    get: (_target, name) => (typeof name === 'string' ? resolveEntity(name) : undefined),
  });
  const stack: { name: string; attributes: Record<string, string>; start: number; contentStart: number; selfClosing: boolean }[] = [];
  let failure: Error | undefined;

  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag: SaxesTag) => {
    // `position` is just after the start tag's `>`. An attribute value cannot contain `<`, so the tag starts at the
    // last `<` before it.
    const contentStart = parser.position;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attributes[key] = typeof value === 'string' ? value : value.value;
    stack.push({ name: tag.name, attributes, start: xhtml.lastIndexOf('<', contentStart - 1), contentStart, selfClosing: tag.isSelfClosing });
    handlers.event?.({ kind: 'open', name: tag.name, attributes });
  });
  parser.on('closetag', (tag: SaxesTag) => {
    const open = stack.pop();
    if (!open) return;
    const end = parser.position;
    // An end tag (`</name S?>`) holds no `<` but its first character.
    const contentEnd = open.selfClosing ? end : xhtml.lastIndexOf('<', end - 1);
    handlers.event?.({ kind: 'close', name: tag.name });
    handlers.element?.({ ...open, depth: stack.length, contentEnd: open.selfClosing ? open.contentStart : contentEnd, end });
  });
  parser.on('text', (text) => handlers.event?.({ kind: 'text', text }));
  parser.on('cdata', (text) => handlers.event?.({ kind: 'text', text }));

  try {
    parser.write(xhtml).close();
  } catch (error) {
    failure ??= error instanceof Error ? error : new Error(String(error));
  }
  if (failure) throw new StorageScanError(`storage is not well-formed: ${failure.message}`, { cause: failure });
}

function resolveEntity(name: string): string {
  const reference = `&${name};`;
  const decoded = decodeEntity(reference, { level: 'html5' });
  return decoded === reference ? reference : decoded;
}

/**
 * A comparable form of a fragment: elements with their attributes sorted, text decoded and merged, CDATA as text.
 * Two fragments with the same canonical form show the same content, whatever their spelling (`<p/>` or
 * `<p></p>`, `&nbsp;` or U+00A0, attribute order) — Confluence re-spells storage when it saves a page.
 */
export function canonicalStorage(xhtml: string): string {
  const parts: string[] = [];
  let pendingText = '';
  const flush = (): void => {
    if (pendingText !== '') parts.push(JSON.stringify(pendingText));
    pendingText = '';
  };
  scanStorage(xhtml, {
    event: (event) => {
      if (event.kind === 'text') {
        pendingText += event.text;
        return;
      }
      flush();
      if (event.kind === 'open') {
        const attrs = Object.entries(event.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        parts.push(`<${event.name}${JSON.stringify(attrs)}>`);
      } else parts.push(`</${event.name}>`);
    },
  });
  flush();
  return parts.join('');
}
