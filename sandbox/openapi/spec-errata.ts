import type { OpenApiDocument, SpecSource } from './spec-documents';

/**
 * Known errors in Atlassian's published OpenAPI documents, corrected at load time so the sandbox
 * accepts what the cloud accepts. Each entry is a place where the document contradicts the live API
 * (or itself); none of them loosens a rule the cloud enforces. Keep each fix as narrow as possible.
 */
interface Erratum {
  spec: SpecSource['specName'];
  why: string;
  apply(doc: OpenApiDocument): void;
}

const ERRATA: readonly Erratum[] = [
  {
    spec: 'jira-platform-v3',
    why:
      'ChangeDetails (changelog items) types from/fromString/to/toString as plain strings, but Jira returns null ' +
      'for an empty side of a change (e.g. setting a field that had no value) — the document\'s own getChangeLogs ' +
      'example has `"from": null`. Response-only schema; requests are unaffected.',
    apply(doc) {
      const details = doc.components?.schemas?.['ChangeDetails'];
      const props = isRecord(details) && isRecord(details['properties']) ? details['properties'] : {};
      for (const name of ['from', 'fromString', 'to', 'toString']) {
        const prop = props[name];
        if (isRecord(prop)) prop['nullable'] = true;
      }
    },
  },
  {
    spec: 'confluence-v2',
    why:
      'Two attachment-id path parameters declare the pattern `(att)?0-9+` (missing brackets) while every other ' +
      'attachment-id uses `(att)?[0-9]+`; taken literally it rejects every real id such as `att123`.',
    apply(doc) {
      walk(doc.paths, (node) => {
        if (node['pattern'] === '(att)?0-9+') node['pattern'] = '(att)?[0-9]+';
      });
    },
  },
  {
    spec: 'confluence-v2',
    why:
      'Write bodies are `oneOf: [XBodyWrite, XNestedBodyWrite]` (pages, blog posts, custom content, footer/inline ' +
      'comments). XNestedBodyWrite has no required or exclusive properties, so `{representation, value}` matches both ' +
      'alternatives and oneOf rejects every valid body. confluence-v2.patched.json fixes this for pages only (anyOf, ' +
      'and the nested form limited to its declared keys); the same fix is applied here to every such body.',
    apply(doc) {
      const schemas = doc.components?.schemas ?? {};
      walk(doc, (node) => {
        const alternatives = node['oneOf'];
        if (!Array.isArray(alternatives) || alternatives.length !== 2) return;
        const [flat, nested] = alternatives.map((a) => (isRecord(a) && typeof a['$ref'] === 'string' ? a['$ref'].split('/').pop() ?? '' : ''));
        if (!flat?.endsWith('BodyWrite') || nested !== flat.replace(/BodyWrite$/, 'NestedBodyWrite')) return;
        node['anyOf'] = alternatives;
        delete node['oneOf'];
        const nestedSchema = schemas[nested];
        if (isRecord(nestedSchema)) Object.assign(nestedSchema, { additionalProperties: false, minProperties: 1 });
      });
    },
  },
  {
    spec: 'confluence-v2',
    why:
      'Page/whiteboard/database/folder/smart-link responses describe `parentId` as "ID of the parent …, or null if ' +
      'there is no parent" and ParentContentType as "… or null if there is no parent", but declare neither nullable. ' +
      'Root-level content does come back with nulls. Only the schemas whose own description promises null are changed.',
    apply(doc) {
      for (const schema of Object.values(doc.components?.schemas ?? {})) {
        const props = isRecord(schema) && isRecord(schema['properties']) ? schema['properties'] : undefined;
        const parentId = props?.['parentId'];
        if (!props || !isRecord(parentId) || !/or null if there is no parent/.test(String(parentId['description']))) continue;
        parentId['nullable'] = true;
        const parentType = props['parentType'];
        // A `$ref` cannot carry `nullable` (OAS 3.0 ignores its siblings), so wrap it.
        if (isRecord(parentType) && typeof parentType['$ref'] === 'string') props['parentType'] = { allOf: [parentType], nullable: true };
      }
    },
  },
  {
    spec: 'confluence-v1',
    why:
      'Four multi-value query parameters (`status` on GET /content and /content/{id}, `location` on child comments, ' +
      '`status` on content properties) put `enum` on the array instead of on its items. An array never equals a ' +
      'string, so literally every value would be rejected; the intent (each value from the list) moves to `items`.',
    apply(doc) {
      walk(doc.paths, (node) => {
        if (node['type'] !== 'array' || !Array.isArray(node['enum'])) return;
        const items = isRecord(node['items']) ? node['items'] : {};
        node['items'] = { ...items, enum: node['enum'] };
        delete node['enum'];
        if (Array.isArray(node['default'])) delete node['default'];
      });
    },
  },
];

/** Applies the errata for one document in place (the document is a private parsed copy). */
export function applyErrata(specName: SpecSource['specName'], doc: OpenApiDocument): void {
  for (const erratum of ERRATA) if (erratum.spec === specName) erratum.apply(doc);
}

function isRecord(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(node: unknown, visit: (node: { [key: string]: unknown }) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (typeof node === 'object' && node !== null) {
    const obj = node as { [key: string]: unknown };
    visit(obj);
    for (const value of Object.values(obj)) walk(value, visit);
  }
}
