/**
 * The pure merge behind `IncidentPages.replaceOwnedRegion` (DESIGN 3.2, house style 9): Kaizen rewrites only its own
 * regions of a page people are editing. A region is the `ac:structured-macro` whose `ac:macro-id` is the region id
 * (`regions.ts`); its content is that macro's own `ac:rich-text-body`.
 *
 * The page is never re-serialised: a real XML parser (`saxes`) finds the body's exact source offsets and only the
 * bytes between them are replaced, so people's markup, entities, whitespace and attribute order elsewhere stay
 * exactly as Confluence stored them.
 */
import { canonicalStorage, scanStorage, type ElementSpan } from './storage-scan';

export { StorageScanError } from './storage-scan';

export interface RegionReplacement {
  /** The page with the region's body replaced; the input unchanged when nothing changed or nothing was found. */
  readonly storage: string;
  /** True when `storage` differs from the input. */
  readonly changed: boolean;
  /**
   * False when no `ac:structured-macro` on the page has this `ac:macro-id`: a person deleted the region (or the
   * page is not Kaizen's). The page is returned unchanged; the caller decides — the Confluence adapter should not
   * silently put the region back (a person removed it on purpose) but report it (the frozen timeline stays in
   * Kaizen's storage and the issue panel).
   */
  readonly found: boolean;
}

interface RegionLocation {
  macro: ElementSpan;
  /** The macro's own `ac:rich-text-body` (a direct child), if it has one. */
  body: ElementSpan | undefined;
}

/**
 * Finds the region wherever it is on the page (people may have moved it into a layout, a table or another macro):
 * the first `ac:structured-macro`, in document order, whose `ac:macro-id` is `regionId`. Confluence rewrites a
 * duplicated macro id on save, so a second one is not expected; if there is one, it is left alone.
 */
function locateRegion(storage: string, regionId: string): RegionLocation | undefined {
  const macros: ElementSpan[] = [];
  const bodies: ElementSpan[] = [];
  scanStorage(storage, {
    element: (span) => {
      if (span.name === 'ac:structured-macro' && span.attributes['ac:macro-id'] === regionId) macros.push(span);
      else if (span.name === 'ac:rich-text-body') bodies.push(span);
    },
  });
  // Elements are reported at their end, so the first macro in document order is the one that starts first.
  const macro = macros.reduce<ElementSpan | undefined>((first, span) => (first === undefined || span.start < first.start ? span : first), undefined);
  if (!macro) return undefined;
  const body = bodies.find((span) => span.depth === macro.depth + 1 && span.start >= macro.contentStart && span.end <= macro.contentEnd);
  return { macro, body };
}

/**
 * Replaces the content of the region `regionId` (the inside of its macro's `ac:rich-text-body`) with `innerXhtml`.
 * - Only the bytes of that body change; every other byte of the page is kept as it was.
 * - Idempotent: when the body already shows the same content — byte for byte, or the same after Confluence's
 *   re-spelling on save (`<p/>` vs `<p></p>`, `&nbsp;` vs U+00A0, attribute order) — nothing changes
 *   (`changed: false`), so the adapter skips the write.
 * - A region macro without a body (self-closing, or no `ac:rich-text-body`) gets one.
 * - Region missing → `found: false` and the page unchanged (see {@link RegionReplacement.found}).
 *
 * Throws `StorageScanError` when `storage` or `innerXhtml` is not well-formed (HTML named entities are fine):
 * splicing into, or with, broken markup could only make a page Confluence rejects.
 * https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html
 */
export function replaceRegion(storage: string, regionId: string, innerXhtml: string): RegionReplacement {
  const wanted = canonicalStorage(innerXhtml);
  const location = locateRegion(storage, regionId);
  if (!location) return { storage, changed: false, found: false };
  const { macro, body } = location;

  let spliced: string;
  if (body && !body.selfClosing) {
    const current = storage.slice(body.contentStart, body.contentEnd);
    if (current === innerXhtml || canonicalStorage(current) === wanted) return { storage, changed: false, found: true };
    spliced = storage.slice(0, body.contentStart) + innerXhtml + storage.slice(body.contentEnd);
  } else {
    if (wanted === '') return { storage, changed: false, found: true };
    const replacement = `<ac:rich-text-body>${innerXhtml}</ac:rich-text-body>`;
    spliced = body
      ? storage.slice(0, body.start) + replacement + storage.slice(body.end)
      : macro.selfClosing
        ? // `<ac:structured-macro …/>`: reopen it with the body inside.
          storage.slice(0, macro.start) +
          storage.slice(macro.start, macro.end).replace(/\s*\/>$/, '>') +
          `${replacement}</ac:structured-macro>` +
          storage.slice(macro.end)
        : storage.slice(0, macro.contentEnd) + replacement + storage.slice(macro.contentEnd);
  }
  return { storage: spliced, changed: spliced !== storage, found: true };
}

/** The region's current body XHTML exactly as stored, or undefined when the page has no such region. */
export function readRegion(storage: string, regionId: string): string | undefined {
  const location = locateRegion(storage, regionId);
  if (!location) return undefined;
  const { body } = location;
  return body && !body.selfClosing ? storage.slice(body.contentStart, body.contentEnd) : '';
}

/**
 * Replaces the WHOLE region macro (for a macro without a body, such as a `status` macro, whose state is in its
 * parameters) with `macroXhtml`. Same contract as {@link replaceRegion}: only those bytes change, nothing changes when
 * the macro already reads the same (canonically), and a missing region is `found: false` with the page unchanged.
 */
export function replaceMacro(storage: string, regionId: string, macroXhtml: string): RegionReplacement {
  const location = locateRegion(storage, regionId);
  if (!location) return { storage, changed: false, found: false };
  const { macro } = location;
  const current = storage.slice(macro.start, macro.end);
  if (current === macroXhtml || canonicalStorage(current) === canonicalStorage(macroXhtml)) return { storage, changed: false, found: true };
  const spliced = storage.slice(0, macro.start) + macroXhtml + storage.slice(macro.end);
  return { storage: spliced, changed: spliced !== storage, found: true };
}
