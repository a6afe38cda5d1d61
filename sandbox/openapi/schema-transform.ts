import { isObject, pointer, type JsonObject, type OpenApiDocument } from './spec-documents';

/**
 * Translates OpenAPI 3.0 Schema Objects (https://spec.openapis.org/oas/v3.0.3#schema-object) into
 * JSON Schema 2019-09 for Ajv. What differs, and how it is handled:
 *
 * - `nullable: true` → `null` added to `type` (and to `enum`).
 * - `readOnly` properties are not required in requests, `writeOnly` ones not in responses (OAS 3.0.3
 *   §4.8.24.1 "fixed fields": a required readOnly property "SHALL" only apply to responses). That is
 *   why every document is compiled twice, once per direction.
 * - Siblings of `$ref` are ignored, as OAS 3.0 says ("any properties added SHALL be ignored").
 * - `discriminator` with a mapping (explicit or implied by `$ref` names) becomes an if/then dispatch on
 *   the property, so a body is checked against the one alternative it names — which is what Jackson
 *   does on the Jira side. A `oneOf` whose alternatives overlap would otherwise reject valid bodies.
 * - Annotations (`description`, `example`, `xml`, `x-*`, `default`, …) are dropped; only validation
 *   keywords survive, so Ajv never meets an OpenAPI-only keyword.
 */

export type Direction = 'request' | 'response';

export interface TransformContext {
  direction: Direction;
  /** `$id` under which the transformed `components` of this document are registered in Ajv. */
  baseId: string;
  /** The original document, to look through `$ref`s for `readOnly`/`writeOnly` and discriminator targets. */
  doc: OpenApiDocument;
  /** Every `format` seen, so the registry can tell Ajv to ignore the ones it does not know. */
  formats: Set<string>;
}

const PASS_THROUGH = [
  'type', 'enum', 'format', 'multipleOf', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties',
] as const;

/** Converts one schema (and everything nested in it) for the given direction. */
export function toJsonSchema(schema: unknown, ctx: TransformContext): JsonObject | boolean {
  if (typeof schema === 'boolean') return schema;
  if (!isObject(schema)) return {};
  if (typeof schema['$ref'] === 'string') return { $ref: absoluteRef(schema['$ref'], ctx) };

  const out: JsonObject = {};
  for (const key of PASS_THROUGH) if (key in schema) out[key] = schema[key];
  if (typeof schema['format'] === 'string') ctx.formats.add(schema['format']);
  // OAS 3.0 inherits draft-04's boolean exclusiveMinimum/Maximum; 2019-09 wants the bound itself.
  if (schema['exclusiveMinimum'] === true && typeof schema['minimum'] === 'number') {
    out['exclusiveMinimum'] = schema['minimum'];
    delete out['minimum'];
  }
  if (schema['exclusiveMaximum'] === true && typeof schema['maximum'] === 'number') {
    out['exclusiveMaximum'] = schema['maximum'];
    delete out['maximum'];
  }

  const properties = isObject(schema['properties']) ? schema['properties'] : undefined;
  if (properties) {
    out['properties'] = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toJsonSchema(v, ctx)]));
  }
  if (Array.isArray(schema['required'])) {
    const hidden = ctx.direction === 'request' ? 'readOnly' : 'writeOnly';
    const required = schema['required'].filter((name) => typeof name !== 'string' || !hasFlag(properties?.[name], hidden, ctx));
    if (required.length) out['required'] = required;
  }
  if ('items' in schema) out['items'] = toJsonSchema(schema['items'], ctx);
  if ('not' in schema) out['not'] = toJsonSchema(schema['not'], ctx);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) out[key] = list.map((s) => toJsonSchema(s, ctx));
  }

  const dispatch = discriminatorDispatch(schema, ctx);
  if (dispatch) {
    delete out['oneOf'];
    delete out['anyOf'];
    out['allOf'] = [...(Array.isArray(out['allOf']) ? out['allOf'] : []), ...dispatch];
  }

  if ('additionalProperties' in schema) {
    const additional = toJsonSchema(schema['additionalProperties'], ctx);
    if (additional === false && (out['allOf'] || out['anyOf'] || out['oneOf'])) {
      // Jira quirk: polymorphic schemas (CustomContextVariable, WorkflowCondition, JqlQueryClause, …)
      // are generated from Java base classes with `additionalProperties: false` next to a `oneOf`
      // whose alternatives carry the real properties. Read literally, no non-empty object is valid.
      // `unevaluatedProperties` keeps the intended strictness: a property is allowed when the
      // alternative that matched declares it.
      out['unevaluatedProperties'] = false;
    } else {
      out['additionalProperties'] = additional;
    }
  }

  return schema['nullable'] === true ? makeNullable(out) : out;
}

/** `{$id, components: {schemas}}` for Ajv's `addSchema`; component `$ref`s resolve against it. */
export function transformComponents(ctx: TransformContext): JsonObject {
  const schemas = ctx.doc.components?.schemas ?? {};
  const converted: JsonObject = {};
  for (const [name, schema] of Object.entries(schemas)) converted[name] = toJsonSchema(schema, ctx);
  return { $id: ctx.baseId, components: { schemas: converted } };
}

function absoluteRef(ref: string, ctx: TransformContext): string {
  if (!ref.startsWith('#/components/schemas/')) throw new Error(`Unsupported schema $ref ${ref}`);
  return `${ctx.baseId}${ref}`;
}

function makeNullable(out: JsonObject): JsonObject {
  const type = out['type'];
  if (typeof type === 'string') {
    out['type'] = [type, 'null'];
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    return out;
  }
  return { anyOf: [{ type: 'null' }, out] };
}

/** Whether a property schema is marked readOnly/writeOnly, directly, through `$ref` or a one-element `allOf`. */
function hasFlag(schema: unknown, flag: 'readOnly' | 'writeOnly', ctx: TransformContext, depth = 0): boolean {
  if (!isObject(schema) || depth > 3) return false;
  if (schema[flag] === true) return true;
  if (typeof schema['$ref'] === 'string') return hasFlag(pointer(ctx.doc, schema['$ref']), flag, ctx, depth + 1);
  const allOf = schema['allOf'];
  return Array.isArray(allOf) && allOf.length === 1 && hasFlag(allOf[0], flag, ctx, depth + 1);
}

/**
 * For `{discriminator: {propertyName, mapping?}, oneOf|anyOf: [$ref…]}`: one `if {prop: value} then $ref`
 * per mapped value, plus "the property is required and is one of the values". Returns undefined (plain
 * `oneOf`/`anyOf` is kept) when the document contradicts itself — e.g. Jira's `fields` schema maps
 * `mandatoryField`/`mandatoryFieldForADF` while its alternatives only allow `type: adf|raw`, so honouring
 * the mapping would reject every valid body.
 */
function discriminatorDispatch(schema: JsonObject, ctx: TransformContext): JsonObject[] | undefined {
  const discriminator = schema['discriminator'];
  const alternatives = schema['oneOf'] ?? schema['anyOf'];
  if (!isObject(discriminator) || typeof discriminator['propertyName'] !== 'string' || !Array.isArray(alternatives)) return undefined;
  const prop = discriminator['propertyName'];
  const refs = alternatives.map((a) => (isObject(a) && typeof a['$ref'] === 'string' ? a['$ref'] : undefined));
  if (refs.some((r) => r === undefined)) return undefined;

  const byValue = new Map<string, string>();
  const explicit = isObject(discriminator['mapping']) ? discriminator['mapping'] : {};
  for (const [value, ref] of Object.entries(explicit)) if (typeof ref === 'string' && refs.includes(ref)) byValue.set(value, ref);
  for (const ref of refs as string[]) {
    if (![...byValue.values()].includes(ref)) byValue.set(ref.slice(ref.lastIndexOf('/') + 1), ref);
  }
  for (const [value, ref] of byValue) {
    const target = pointer(ctx.doc, ref);
    const declared = isObject(target) && isObject(target['properties']) ? target['properties'][prop] : undefined;
    if (isObject(declared) && Array.isArray(declared['enum']) && !declared['enum'].includes(value)) return undefined;
  }
  return [
    { required: [prop], properties: { [prop]: { enum: [...byValue.keys()] } } },
    ...[...byValue].map(([value, ref]) => ({
      if: { required: [prop], properties: { [prop]: { const: value } } },
      then: { $ref: absoluteRef(ref, ctx) },
    })),
  ];
}
