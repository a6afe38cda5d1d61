import { KvsError, kvsErrors } from './errors';
import type { AttributeType, ResolvedEntity } from './entity-schema';
import { isRecord, ownValue } from './limits';
import { compareUtf8 } from './record';

/**
 * Where (range) and filter conditions of the Custom Entity Store, as `@forge/kvs` sends them
 * (`{ condition, values }`, `out/conditions.js`), with the attribute types each one supports
 * (https://developer.atlassian.com/platform/forge/storage-reference/entities-api-query/#conditions).
 */
export type ConditionName =
  | 'BEGINS_WITH'
  | 'BETWEEN'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'EQUAL_TO'
  | 'NOT_EQUAL_TO'
  | 'EXISTS'
  | 'NOT_EXISTS'
  | 'GREATER_THAN'
  | 'GREATER_THAN_EQUAL_TO'
  | 'LESS_THAN'
  | 'LESS_THAN_EQUAL_TO';

/** `{ condition, values }` as `WhereConditions` / `FilterConditions` build it. */
export interface Condition {
  condition: ConditionName;
  values: unknown[];
}
/** One item of a `Filter`: a condition on a named attribute. */
export interface FilterCondition extends Condition {
  property: string;
}
/** A whole `Filter`: all items joined by `and`, or all by `or` (the two cannot be mixed). */
export interface FilterGroup {
  operator: 'and' | 'or';
  items: FilterCondition[];
}

type Kind = 'string' | 'number' | 'boolean';
const ORDERED: readonly Kind[] = ['string', 'number'];
const ALL: readonly Kind[] = ['string', 'number', 'boolean'];

/** Condition → attribute kinds it supports (the tables of entities-api-query). */
const SUPPORT: Record<ConditionName, readonly Kind[]> = {
  BEGINS_WITH: ['string'],
  CONTAINS: ['string'],
  NOT_CONTAINS: ['string'],
  BETWEEN: ORDERED,
  GREATER_THAN: ORDERED,
  GREATER_THAN_EQUAL_TO: ORDERED,
  LESS_THAN: ORDERED,
  LESS_THAN_EQUAL_TO: ORDERED,
  EQUAL_TO: ALL,
  NOT_EQUAL_TO: ALL,
  EXISTS: ALL,
  NOT_EXISTS: ALL,
};

/** `WhereConditions` of `@forge/kvs`: what `.where()` may use on an index's range. */
const WHERE: readonly ConditionName[] = [
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
];

const kindOf = (t: Exclude<AttributeType, 'any'>): Kind => (t === 'integer' || t === 'float' ? 'number' : t);

/** Validates one `{ condition, values }` against the attribute type it applies to. */
function parseCondition(raw: unknown, type: AttributeType, allowed: readonly ConditionName[], attribute: string): Condition {
  if (!isRecord(raw) || typeof raw.condition !== 'string' || !Array.isArray(raw.values)) {
    throw kvsErrors.badRequest({ reason: 'a condition must be { condition, values: [] }', attribute });
  }
  const name = raw.condition as ConditionName;
  if (!allowed.includes(name)) throw kvsErrors.invalidFilterCondition({ condition: raw.condition, attribute });
  if (type === 'any') throw kvsErrors.anyAttributeInCondition({ attribute, reason: 'attributes of type any cannot be used in conditions' });
  const kind = kindOf(type);
  if (!SUPPORT[name].includes(kind)) throw kvsErrors.invalidFilterCondition({ condition: name, attribute, attributeType: type });
  const values = raw.values;
  if (name === 'BETWEEN') {
    if (values.length < 2) throw kvsErrors.insufficientFilterValues({ condition: name, attribute });
    if (values.length > 2) throw kvsErrors.invalidFilterValues({ condition: name, attribute });
  } else if (values.length !== 1) {
    throw kvsErrors.invalidFilterValues({ condition: name, attribute });
  }
  if (name !== 'EXISTS' && name !== 'NOT_EXISTS') {
    for (const v of values) {
      if (typeof v !== kind) throw kvsErrors.invalidFilterValues({ condition: name, attribute, reason: `values must be of type ${type}` });
    }
  }
  return { condition: name, values };
}

/** Parses `.where(...)` of an entity query against the index range's type. */
export function parseRange(raw: unknown, type: Exclude<AttributeType, 'any'>, attribute: string): Condition {
  return parseCondition(raw, type, WHERE, attribute);
}

/**
 * Parses `{ and: [...] } | { or: [...] }`, the wire form of `new Filter().and(...)` used by entity query
 * `filters` and by transaction `conditions`.
 */
export function parseFilterGroup(raw: unknown, entity: ResolvedEntity): FilterGroup {
  if (!isRecord(raw)) throw kvsErrors.badRequest({ reason: 'filters must be an object { and } or { or }' });
  const keys = Object.keys(raw);
  if (keys.includes('and') && keys.includes('or')) throw kvsErrors.filterOperatorsCombination();
  const operator = keys[0];
  if (keys.length !== 1 || (operator !== 'and' && operator !== 'or')) {
    throw kvsErrors.badRequest({ reason: 'filters must be { and: [...] } or { or: [...] }' });
  }
  const list = raw[operator];
  if (!Array.isArray(list)) throw kvsErrors.badRequest({ reason: `filters.${operator} must be an array` });
  if (list.length === 0) throw kvsErrors.emptyFilterOperator();
  const items = list.map((item): FilterCondition => {
    if (!isRecord(item) || typeof item.property !== 'string') throw kvsErrors.badRequest({ reason: 'a filter needs a string `property`' });
    const type = entity.attributes.get(item.property);
    if (type === undefined) throw kvsErrors.invalidFilterCondition({ attribute: item.property, reason: 'attribute is not declared for this entity' });
    return { property: item.property, ...parseCondition(item, type, Object.keys(SUPPORT) as ConditionName[], item.property) };
  });
  return { operator, items };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareUtf8(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw kvsErrors.internal({ reason: 'compared values of different types' });
}

/** Orders index values: numbers numerically, strings by UTF-8 bytes, `false` before `true`. */
export function compareIndexValues(a: unknown, b: unknown): number {
  return compare(a, b);
}

/**
 * Evaluates a condition on an attribute value (`undefined` when the item lacks it). A missing attribute satisfies
 * only NOT_EXISTS, NOT_EQUAL_TO and NOT_CONTAINS. A stored value of another type than the condition's (possible for
 * data written before a type change) never matches, except the negative conditions.
 */
export function evaluate(c: Condition, actual: unknown): boolean {
  const [first, second] = c.values;
  const sameType = actual !== undefined && typeof actual === typeof first;
  switch (c.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return sameType && actual === first;
    case 'NOT_EQUAL_TO':
      return !(sameType && actual === first);
    case 'BEGINS_WITH':
      return sameType && (actual as string).startsWith(first as string);
    case 'CONTAINS':
      return sameType && (actual as string).includes(first as string);
    case 'NOT_CONTAINS':
      return !(sameType && (actual as string).includes(first as string));
    case 'GREATER_THAN':
      return sameType && compare(actual, first) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return sameType && compare(actual, first) >= 0;
    case 'LESS_THAN':
      return sameType && compare(actual, first) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return sameType && compare(actual, first) <= 0;
    case 'BETWEEN':
      return sameType && compare(actual, first) >= 0 && compare(actual, second) <= 0;
  }
}

/** Evaluates a filter group against an entity value (`undefined` for a missing item: every attribute is missing). */
export function evaluateGroup(group: FilterGroup, value: Record<string, unknown> | undefined): boolean {
  const test = (f: FilterCondition) => evaluate(f, ownValue(value, f.property));
  return group.operator === 'and' ? group.items.every(test) : group.items.some(test);
}

/** Adds detail to an error raised while validating one item of a batch or transaction. */
export function withContext(err: unknown, extra: Record<string, unknown>): unknown {
  return err instanceof KvsError ? new KvsError(err.status, err.code, err.message, { ...err.context, ...extra }) : err;
}
