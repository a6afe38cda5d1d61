import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyErrata } from './spec-errata';

/**
 * Loading of Atlassian's official OpenAPI documents (read-only, never copied into the repo).
 *
 * - Jira platform REST v3: https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json
 * - Confluence REST v2: https://dac-static.atlassian.com/cloud/confluence/openapi-v2.v3.json
 * - Confluence REST v1: https://developer.atlassian.com/cloud/confluence/swagger.v3.json
 */

export type SpecProduct = 'jira' | 'confluence';

export type JsonObject = { [key: string]: unknown };

/** The parts of an OpenAPI 3.0 document the validator reads. Everything else is left `unknown`. */
export interface OpenApiDocument {
  openapi: string;
  servers?: Array<{ url: string }>;
  paths: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, unknown>;
    parameters?: Record<string, unknown>;
    requestBodies?: Record<string, unknown>;
    responses?: Record<string, unknown>;
  };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItem = { parameters?: unknown[] } & { [M in HttpMethod]?: Operation };

export interface Operation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
  style?: string;
  explode?: boolean;
}

export interface MediaType {
  schema?: unknown;
}

export interface RequestBody {
  required?: boolean;
  content?: Record<string, MediaType>;
}

export interface ResponseObject {
  content?: Record<string, MediaType>;
}

/** One of the three documents the sandbox validates against, and the URL space the cloud serves it under. */
export interface SpecSource {
  specName: 'jira-platform-v3' | 'confluence-v2' | 'confluence-v1';
  product: SpecProduct;
  /** Request paths starting with this prefix belong to this document. */
  prefix: string;
  /** File names in preference order; the first that exists is used. */
  files: readonly string[];
}

export const SPEC_SOURCES: readonly SpecSource[] = [
  { specName: 'jira-platform-v3', product: 'jira', prefix: '/rest/api/3/', files: ['jira-platform-v3.json'] },
  // The patched v2 document fixes PageCreateRequest/PageUpdateRequest `body`: both alternatives of its
  // `oneOf` match any storage body, so the original rejects every valid request (see the patch notes).
  { specName: 'confluence-v2', product: 'confluence', prefix: '/wiki/api/v2/', files: ['confluence-v2.patched.json', 'confluence-v2.json'] },
  { specName: 'confluence-v1', product: 'confluence', prefix: '/wiki/rest/api/', files: ['confluence-v1.json'] },
];

export interface LoadedSpec {
  source: SpecSource;
  file: string;
  doc: OpenApiDocument;
}

/** `KAIZEN_SPECS_DIR`, else `shared/specs` beside the repository (the repo root is two levels above this folder). */
export function defaultSpecsDir(): string {
  return process.env['KAIZEN_SPECS_DIR'] ?? path.resolve(__dirname, '../../../shared/specs');
}

/**
 * Reads and parses one document, and rewrites its path keys to the full path the cloud serves
 * (the original Confluence v2 document has `servers: [{url: 'https://{your-domain}/wiki/api/v2'}]`
 * and relative paths like `/pages/{id}`; Jira and Confluence v1 already use full paths).
 */
export function loadSpec(specsDir: string, source: SpecSource): LoadedSpec {
  const file = source.files.map((f) => path.join(specsDir, f)).find((f) => existsSync(f));
  if (!file) {
    throw new Error(`OpenAPI document for ${source.specName} not found in ${specsDir} (looked for ${source.files.join(', ')}); set KAIZEN_SPECS_DIR`);
  }
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isObject(parsed) || typeof parsed['openapi'] !== 'string' || !parsed['openapi'].startsWith('3.0') || !isObject(parsed['paths'])) {
    throw new Error(`${file} is not an OpenAPI 3.0 document`);
  }
  const doc = parsed as unknown as OpenApiDocument;
  const base = serverBasePath(doc);
  if (base) {
    const paths: Record<string, PathItem> = {};
    for (const [template, item] of Object.entries(doc.paths)) {
      paths[template.startsWith(`${base}/`) ? template : `${base}${template}`] = item;
    }
    doc.paths = paths;
  }
  applyErrata(source.specName, doc);
  return { source, file, doc };
}

/** The path part of `servers[0].url`: `https://{your-domain}/wiki/api/v2` → `/wiki/api/v2`, `//host` → ``. */
function serverBasePath(doc: OpenApiDocument): string {
  const url = doc.servers?.[0]?.url ?? '';
  return url.replace(/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i, '').replace(/\/+$/, '');
}

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Follows a local `$ref` (`#/components/...`) to the object it names. OpenAPI allows parameters,
 * request bodies and responses to be references; a dangling one is a broken document, so it throws.
 */
export function deref(doc: OpenApiDocument, value: unknown): unknown {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current['$ref'] === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${current['$ref']}`);
    current = pointer(doc, current['$ref']);
  }
  return current;
}

/** Resolves a local JSON pointer such as `#/components/schemas/IssueBean`. */
export function pointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !(key in node)) throw new Error(`Dangling $ref ${ref}`);
    node = node[key];
  }
  return node;
}
