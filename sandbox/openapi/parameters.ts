import { deref, isObject, type OpenApiDocument, type Operation, type Parameter, type PathItem } from './spec-documents';

/**
 * Parameter handling (https://spec.openapis.org/oas/v3.0.3#parameter-object). Query, path and header
 * values arrive as strings; they are coerced to the declared scalar type when they parse as one and
 * left as strings otherwise, so the schema check reports `must be integer` with the parameter's name.
 */

export type ParamLocation = 'path' | 'query' | 'header';

export interface ParamSpec {
  name: string;
  in: ParamLocation;
  required: boolean;
  schema: unknown;
  /** Declared type after following `$ref`s; for arrays, the item type. */
  scalar: string | undefined;
  isArray: boolean;
}

/** Path-item and operation parameters merged (the operation wins on the same name+location), `$ref`s resolved. */
export function collectParameters(doc: OpenApiDocument, item: PathItem, op: Operation): ParamSpec[] {
  const byKey = new Map<string, ParamSpec>();
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref(doc, raw);
    if (!isObject(p) || typeof p['name'] !== 'string') continue;
    const param = p as unknown as Parameter;
    if (param.in !== 'path' && param.in !== 'query' && param.in !== 'header') continue;
    const name = param.in === 'header' ? param.name.toLowerCase() : param.name;
    // OAS 3.0: header parameters named Accept, Content-Type or Authorization "SHALL be ignored".
    if (param.in === 'header' && ['accept', 'content-type', 'authorization'].includes(name)) continue;
    const resolved = deref(doc, param.schema);
    const isArray = isObject(resolved) && resolved['type'] === 'array';
    byKey.set(`${param.in}:${name}`, {
      name,
      in: param.in,
      required: param.in === 'path' || param.required === true,
      schema: param.schema ?? {},
      scalar: scalarType(doc, isArray && isObject(resolved) ? resolved['items'] : resolved),
      isArray,
    });
  }
  return [...byKey.values()];
}

/**
 * Reads the declared query parameters. Arrays accept both encodings: repeated (`?status=a&status=b`, the
 * OpenAPI default form/explode=true) and comma-separated (`?fields=summary,status`), because Atlassian's
 * servers split both and their docs tell callers to use either (Jira: "a comma-separated list";
 * Confluence v2 `id`: "Multiple ids can be specified as a comma-separated list"). Unknown parameters are
 * ignored, as the cloud ignores them.
 */
export function readQuery(params: readonly ParamSpec[], query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    if (p.in !== 'query') continue;
    const values = query.getAll(p.name);
    if (values.length === 0) continue;
    out[p.name] = p.isArray
      ? values.flatMap((v) => v.split(',')).filter((v) => v !== '').map((v) => coerce(v, p.scalar))
      : coerce(values[0] ?? '', p.scalar);
  }
  return out;
}

/** Reads path or header parameter values (single strings; an array parameter is comma-separated, OpenAPI's `simple` style). */
export function readSingle(params: readonly ParamSpec[], location: 'path' | 'header', source: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    if (p.in !== location) continue;
    const raw = source[p.name];
    if (raw === undefined) continue;
    out[p.name] = p.isArray ? raw.split(',').map((v) => coerce(v.trim(), p.scalar)) : coerce(raw, p.scalar);
  }
  return out;
}

function coerce(raw: string, type: string | undefined): unknown {
  switch (type) {
    case 'integer':
      return /^[-+]?\d+$/.test(raw) ? Number(raw) : raw;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      // Jersey and Spring parse booleans case-insensitively.
      return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : raw;
    default:
      return raw;
  }
}

function scalarType(doc: OpenApiDocument, schema: unknown): string | undefined {
  const resolved = deref(doc, schema);
  if (!isObject(resolved)) return undefined;
  const type = resolved['type'];
  if (typeof type === 'string') return type;
  const allOf = resolved['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1) return scalarType(doc, allOf[0]);
  return undefined;
}
