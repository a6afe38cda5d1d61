import type { ErrorObject } from 'ajv';

/** A validation failure as reported to callers: where, which field, and a sentence naming it. */
export interface FieldError {
  location: 'path' | 'query' | 'header' | 'body';
  name: string;
  message: string;
}

/**
 * Turns Ajv errors (https://ajv.js.org/api.html#validation-errors) into messages that name the field,
 * e.g. `body/fields/summary must be string` or `query parameter 'maxResults' must be integer`.
 * Errors that only restate another one (`if` → "must match then schema") are dropped; duplicates too.
 */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined, location: FieldError['location']): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue;
    const formatted = formatOne(error, location);
    if (seen.has(formatted.message)) continue;
    seen.add(formatted.message);
    out.push(formatted);
  }
  return out;
}

function formatOne(error: ErrorObject, location: FieldError['location']): FieldError {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  let predicate = error.message ?? `fails ${error.keyword}`;
  switch (error.keyword) {
    case 'required':
      segments.push(String(params['missingProperty']));
      predicate = 'is required';
      break;
    case 'additionalProperties':
      segments.push(String(params['additionalProperty']));
      predicate = 'is not allowed (the schema has additionalProperties: false)';
      break;
    case 'unevaluatedProperties':
      segments.push(String(params['unevaluatedProperty']));
      predicate = 'is not allowed (no matching alternative declares it)';
      break;
    case 'enum':
      predicate = `must be one of: ${formatValues(params['allowedValues'])}`;
      break;
    case 'const':
      predicate = `must be ${JSON.stringify(params['allowedValue'])}`;
      break;
    case 'anyOf':
    case 'oneOf':
      predicate = error.keyword === 'oneOf' && params['passingSchemas'] ? 'matches more than one alternative of oneOf' : `does not match any alternative of ${error.keyword}`;
      break;
  }
  return { location, name: fieldName(segments, location), message: `${subject(segments, location)} ${predicate}` };
}

function subject(segments: string[], location: FieldError['location']): string {
  if (location === 'body') return ['body', ...segments].join('/');
  const [name, ...rest] = segments;
  if (name === undefined) return `${location} parameters`;
  const label = location === 'header' ? 'header' : `${location} parameter`;
  return `${label} '${name}${rest.map((r) => `[${r}]`).join('')}'`;
}

function fieldName(segments: string[], location: FieldError['location']): string {
  if (location === 'body') return segments.length ? segments.join('/') : 'body';
  return segments[0] ?? location;
}

function formatValues(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ') : String(values);
}
