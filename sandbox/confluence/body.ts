import { validateAdf } from '../formats/adf';
import { validateStorage } from '../formats/storage';
import { adfToStorage, adfToText, storageToAdf } from './adf-convert';
import { badRequest, ConfluenceApiError, notEmulated } from './errors';
import type { StoredBody } from './model';
import { storageToText, storageToView } from './xhtml';

/**
 * Page bodies: reading the write forms the v2 API accepts, validating them the way the cloud does (a body
 * the cloud would refuse is refused here with the parser's reason), and producing the representations a
 * read asks for.
 *
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-post
 */

/** The cloud refuses request bodies over 5 MB with 413. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The body of a page created without one. */
export const EMPTY_BODY: StoredBody = { representation: 'storage', value: '' };

type WriteBody = { representation?: unknown; value?: unknown };

/**
 * Accepts both write shapes of the spec: `PageBodyWrite` (`{representation, value}`) and
 * `PageNestedBodyWrite` (`{storage: {...}}` or `{atlas_doc_format: {...}}`).
 */
export function readWriteBody(body: unknown): StoredBody | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object') throw badRequest('body must be an object');
  const b = body as Record<string, unknown>;
  let write: WriteBody;
  if ('value' in b || 'representation' in b) write = b;
  else {
    const nested = (['storage', 'atlas_doc_format', 'wiki'] as const).filter((k) => b[k] !== undefined);
    if (nested.length !== 1) throw badRequest('body must hold exactly one representation');
    const key = nested[0] as string;
    write = { representation: key, ...(b[key] as object) };
  }
  const representation = write.representation;
  if (representation === 'wiki') throw notEmulated('The wiki markup body representation');
  if (representation !== 'storage' && representation !== 'atlas_doc_format')
    throw badRequest(`Unsupported body representation: ${String(representation)}`);
  if (typeof write.value !== 'string') throw badRequest('body.value must be a string');
  const stored: StoredBody = { representation, value: write.value };
  validateBody(stored);
  return stored;
}

/** Throws a 400 carrying the validator's reasons when the body is not something Confluence would store. */
export function validateBody(body: StoredBody): void {
  if (Buffer.byteLength(body.value, 'utf8') > MAX_BODY_BYTES) throw new ConfluenceApiError(413, 'Request entity too large');
  if (body.representation === 'storage') {
    if (body.value.trim() === '') return;
    const result = validateStorage(body.value);
    if (!result.ok) throw badRequest(`Error parsing xhtml: ${result.errors.join('; ')}`);
    return;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body.value);
  } catch (cause) {
    // The ADF body travels as a JSON *string* inside the JSON request — a classic first-use mistake.
    throw new ConfluenceApiError(400, 'Invalid atlas_doc_format: value is not a JSON string of an ADF document', { cause });
  }
  const result = validateAdf(doc);
  if (!result.ok) throw badRequest(`Invalid atlas_doc_format: ${result.errors.join('; ')}`);
}

/** Body formats `getPageById` may ask for, mapped to how the sandbox produces them. */
export type BodyFormat = 'storage' | 'atlas_doc_format' | 'view' | 'export_view' | 'anonymous_export_view' | 'styled_view' | 'editor';

/** Reads the `body-format` query parameter. */
export function parseBodyFormat(raw: string | null): BodyFormat | undefined {
  if (raw === null || raw === '') return undefined;
  const ok = ['storage', 'atlas_doc_format', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'];
  if (!ok.includes(raw)) throw badRequest(`Invalid body-format: ${raw}`);
  return raw as BodyFormat;
}

function asStorage(body: StoredBody): string {
  return body.representation === 'storage' ? body.value : adfToStorage(JSON.parse(body.value) as unknown);
}

/**
 * The body in the requested representation: `{<format>: {representation, value}}`.
 * `view` and its export variants are storage rendered to simple HTML (`xhtml.ts`); `editor` is not emulated.
 */
export function renderBody(body: StoredBody, format: BodyFormat): Record<string, { representation: string; value: string }> {
  let value: string;
  if (format === 'storage') value = asStorage(body);
  else if (format === 'atlas_doc_format')
    value = body.representation === 'atlas_doc_format' ? body.value : JSON.stringify(storageToAdf(body.value));
  else if (format === 'editor') throw notEmulated('The editor body representation');
  else value = storageToView(asStorage(body));
  return { [format]: { representation: format, value } };
}

/** The searchable text of a body. */
export function bodyText(body: StoredBody): string {
  if (body.representation === 'storage') return storageToText(body.value);
  try {
    return adfToText(JSON.parse(body.value) as unknown);
  } catch {
    return '';
  }
}
