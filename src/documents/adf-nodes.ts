/**
 * Small helpers over `@atlaskit/adf-utils/builders` for the ADF quirks every renderer meets
 * (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/):
 * - a text node must not be empty (the builders do not check; Jira rejects the whole document), so empty strings
 *   produce no node;
 * - a line break inside a paragraph is a `hardBreak` node, never a `\n` in the text;
 * - a `link` mark's href is only ever an http(s) URL ({@link safeHref}).
 * Untrusted strings only ever go into text nodes (cleaned of characters XML forbids) or a code block's text.
 */
import { code, codeBlock, doc, hardBreak, link, paragraph, strong, text } from '@atlaskit/adf-utils/builders';
import type { AdfDoc } from '../usecases/ports';
import { cleanText, safeHref } from './text';

// Node types come from the builders' own signatures (their package, @atlaskit/adf-schema, is not ours to import).
/** An inline ADF node (text with marks, hardBreak, …). */
export type Inline = Exclude<Parameters<typeof paragraph>[number], string>;
type ParagraphDefinition = ReturnType<typeof paragraph>;
type CodeBlockDefinition = ReturnType<ReturnType<typeof codeBlock>>;

/** A plain text node, or nothing for an empty string. */
export function plain(value: string): Inline[] {
  const cleaned = cleanText(value);
  return cleaned === '' ? [] : [text(cleaned)];
}

/** Bold text, or nothing for an empty string. */
export function bold(value: string): Inline[] {
  const cleaned = cleanText(value);
  return cleaned === '' ? [] : [strong(cleaned) as Inline];
}

/** Inline code text, or nothing for an empty string. */
export function mono(value: string): Inline[] {
  const cleaned = cleanText(value).replace(/\n/g, ' ');
  return cleaned === '' ? [] : [code(cleaned) as Inline];
}

/** `label` linked to `url` when the URL is http(s); the label as plain text otherwise. */
export function linked(label: string, url: string | undefined): Inline[] {
  const cleaned = cleanText(label).replace(/\n/g, ' ');
  if (cleaned === '') return [];
  const href = safeHref(url);
  return href === undefined ? [text(cleaned)] : [link({ href })(cleaned) as Inline];
}

/** Text whose line breaks are kept, as text nodes separated by `hardBreak` nodes. */
export function lines(value: string): Inline[] {
  const out: Inline[] = [];
  cleanText(value)
    .split('\n')
    .forEach((line, i) => {
      if (i > 0) out.push(hardBreak());
      out.push(...plain(line));
    });
  return out;
}

/** A paragraph of inline nodes (an empty paragraph is valid ADF). */
export function para(...content: Inline[][]): ParagraphDefinition {
  return paragraph(...content.flat());
}

/**
 * Text as a code block: line breaks and spacing kept, nothing interpreted. An empty text gives an empty code block
 * (a code block may have no content; it may not have an empty text node).
 */
export function preformatted(value: string): CodeBlockDefinition {
  const cleaned = cleanText(value);
  return cleaned === '' ? codeBlock({ language: 'text' })() : codeBlock({ language: 'text' })(text(cleaned));
}

/**
 * The document exactly as it will be sent: the builders leave `attrs: undefined` on nodes built without attributes
 * (`hardBreak()`, `tableCell()`), which `JSON.stringify` drops but the validator and deep equality see.
 */
export function finish(document: ReturnType<typeof doc>): AdfDoc {
  return JSON.parse(JSON.stringify(document)) as AdfDoc;
}
