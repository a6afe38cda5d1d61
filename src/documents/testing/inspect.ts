/**
 * Test helpers that look into rendered documents (never imported by production code).
 */
import { SaxesParser } from 'saxes';
import { STORAGE_NAMESPACES } from '../xhtml';

export interface ParsedStorage {
  /** Every text node's content, decoded, in order. */
  texts: string[];
  /** Every element as `name` with its attributes. */
  elements: { name: string; attrs: Record<string, string> }[];
}

/**
 * Parses a storage fragment as strict, namespace-aware XML 1.0, wrapped in a root that declares the `ac`/`ri`
 * prefixes the way Confluence pre-declares them. Only XML's five predefined entities are known: output that
 * needs an HTML entity (or has a stray `&`) fails here. Throws on the first error.
 */
export function parseWrapped(storage: string): ParsedStorage {
  const parser = new SaxesParser({ xmlns: true });
  const texts: string[] = [];
  const elements: ParsedStorage['elements'] = [];
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) attrs[attr.name] = attr.value;
    elements.push({ name: tag.name, attrs });
  });
  parser.on('text', (text) => texts.push(text));
  parser.on('cdata', (text) => texts.push(text));
  parser.write(`<root xmlns:ac="${STORAGE_NAMESPACES.ac}" xmlns:ri="${STORAGE_NAMESPACES.ri}">${storage}</root>`).close();
  if (failure) throw failure;
  return { texts, elements: elements.slice(1) };
}

type Json = { [key: string]: unknown };

/** Every node of an ADF tree, depth first. */
export function adfNodes(node: unknown): Json[] {
  if (typeof node !== 'object' || node === null) return [];
  const json = node as Json;
  const children = Array.isArray(json['content']) ? (json['content'] as unknown[]) : [];
  return [json, ...children.flatMap(adfNodes)];
}

/** The text of every ADF text node, in order. */
export function adfTexts(doc: unknown): string[] {
  return adfNodes(doc)
    .filter((n) => n['type'] === 'text')
    .map((n) => String(n['text']));
}

/** Every `link` mark's href. */
export function adfHrefs(doc: unknown): string[] {
  return adfNodes(doc).flatMap((n) =>
    Array.isArray(n['marks'])
      ? (n['marks'] as Json[]).filter((m) => m['type'] === 'link').map((m) => String((m['attrs'] as Json | undefined)?.['href']))
      : [],
  );
}

/**
 * Every string anywhere in the ADF JSON that is not the `text` of a text node, an attribute or a mark type: alert
 * text must never turn up in one of these.
 */
export function adfNonTextStrings(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key: string, parent: Json | undefined): void => {
    if (typeof value === 'string') {
      if (!(key === 'text' && parent?.['type'] === 'text')) out.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key, parent));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, k, value as Json);
  };
  walk(doc, '', undefined);
  return out;
}
