import { kvsErrors } from './errors';
import { isRecord, ownValue } from './limits';

/**
 * A custom entity as declared in `manifest.yml` under `app.storage.entities`
 * (https://developer.atlassian.com/platform/forge/storage-reference/entities-manifest/).
 * A string index is a *simple* index on that attribute (its name is the attribute); an object index is a *named*
 * index with one `range` attribute and optional `partition` attributes.
 */
export interface EntityDefinition {
  name: string;
  attributes: Record<string, { type: AttributeType }>;
  indexes: Array<string | { name: string; range: string[]; partition?: string[] }>;
}

/** Attribute types of the manifest schema (`app.storage.entities[].attributes.*.type`). */
export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'any';

/** Type of an index's range or partition slot; `key` is the entity key, used by the implicit `by-key` index. */
export type IndexedType = Exclude<AttributeType, 'any'>;

/** An index with its range and partition slots resolved to attribute types. */
export interface ResolvedIndex {
  name: string;
  /** `null` means the entity key (the implicit `by-key` index). */
  range: { attribute: string | null; type: IndexedType };
  partition: Array<{ attribute: string; type: IndexedType }>;
}

/** A validated entity declaration, including the implicit `by-key` index. */
export interface ResolvedEntity {
  name: string;
  attributes: ReadonlyMap<string, AttributeType>;
  indexes: ReadonlyMap<string, ResolvedIndex>;
}

/** "Forge automatically creates an index based on each entity's key ... The key index's name is `by-key`." */
export const KEY_INDEX = 'by-key';

const ENTITY_NAME = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;
// @forge/manifest 13.7.0 schema: attribute names `^[a-zA-Z][a-zA-Z0-9_]*$`, "a maximum of 30 characters" (as the
// limits page; the entities-manifest page says 64).
const ATTRIBUTE_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const INDEX_NAME = /^(?![.])(?!.*\.{2})[a-zA-Z0-9:\-_.]+(?<![.])$/;
const TYPES: readonly AttributeType[] = ['string', 'integer', 'float', 'boolean', 'any'];

/**
 * Validates manifest declarations (limits from https://developer.atlassian.com/platform/forge/limits-kvs-ce/) and
 * resolves every index to its range and partition attributes. A bad declaration is a configuration mistake, so it
 * throws a plain `Error` when the service is created, as `forge deploy` would refuse it.
 */
export function resolveEntities(defs: readonly EntityDefinition[]): Map<string, ResolvedEntity> {
  if (defs.length > 20) throw new Error('KVS emulator: an app can have at most 20 entities');
  const out = new Map<string, ResolvedEntity>();
  for (const def of defs) {
    const where = `entity ${JSON.stringify(def.name)}`;
    if (def.name.length < 3 || def.name.length > 60 || !ENTITY_NAME.test(def.name)) throw new Error(`KVS emulator: invalid ${where} name`);
    if (out.has(def.name)) throw new Error(`KVS emulator: duplicate ${where}`);
    const attributes = new Map<string, AttributeType>();
    for (const [attr, spec] of Object.entries(def.attributes)) {
      if (!ATTRIBUTE_NAME.test(attr) || attr.length > 30) throw new Error(`KVS emulator: invalid attribute name ${attr} in ${where}`);
      if (!TYPES.includes(spec.type)) throw new Error(`KVS emulator: invalid type ${String(spec.type)} for ${attr} in ${where}`);
      attributes.set(attr, spec.type);
    }
    if (attributes.size > 50) throw new Error(`KVS emulator: ${where} has more than 50 attributes`);
    if (def.indexes.length > 7) throw new Error(`KVS emulator: ${where} has more than 7 indexes`);
    const indexed = (attr: string): IndexedType => {
      const t = attributes.get(attr);
      if (t === undefined) throw new Error(`KVS emulator: index in ${where} uses undeclared attribute ${attr}`);
      if (t === 'any') throw new Error(`KVS emulator: index in ${where} uses attribute ${attr} of type any`);
      return t;
    };
    const indexes = new Map<string, ResolvedIndex>();
    indexes.set(KEY_INDEX, { name: KEY_INDEX, range: { attribute: null, type: 'string' }, partition: [] });
    for (const idx of def.indexes) {
      const resolved: ResolvedIndex =
        typeof idx === 'string'
          ? { name: idx, range: { attribute: idx, type: indexed(idx) }, partition: [] }
          : {
              name: idx.name,
              range: (() => {
                const [attr, ...extra] = idx.range;
                if (attr === undefined || extra.length > 0) {
                  throw new Error(`KVS emulator: index ${idx.name} in ${where} needs exactly one range attribute`);
                }
                return { attribute: attr, type: indexed(attr) };
              })(),
              partition: (idx.partition ?? []).map((attribute) => ({ attribute, type: indexed(attribute) })),
            };
      if (resolved.name.length < 3 || resolved.name.length > 50 || !INDEX_NAME.test(resolved.name)) {
        throw new Error(`KVS emulator: invalid index name ${resolved.name} in ${where}`);
      }
      if (indexes.has(resolved.name)) throw new Error(`KVS emulator: duplicate or reserved index name ${resolved.name} in ${where}`);
      indexes.set(resolved.name, resolved);
    }
    out.set(def.name, { name: def.name, attributes, indexes });
  }
  return out;
}

/** Checks an `entityName` from a request against the naming rules, then against the declared entities. */
export function lookupEntity(entities: ReadonlyMap<string, ResolvedEntity>, name: unknown): ResolvedEntity {
  if (typeof name !== 'string') throw kvsErrors.badRequest({ reason: '`entityName` must be a string' });
  if (name.length < 3) throw kvsErrors.entityTypeTooShort();
  if (name.length > 60) throw kvsErrors.entityTypeTooLarge();
  if (!ENTITY_NAME.test(name)) throw kvsErrors.invalidEntityType();
  const entity = entities.get(name);
  // Undeclared entity: the code of the naming error is reused; the reason says what is wrong.
  if (!entity) throw kvsErrors.invalidEntityType({ entityName: name, reason: 'entity is not declared in app.storage.entities' });
  return entity;
}

const FLOAT_MIN = 1e-130;
// The documented maximum, 9.9999999999999999999999999999999999999E+125, rounds to 1e126 as a double, so the
// bound is written as "below 1e126".
const FLOAT_ABOVE_MAX = 1e126;

/** Whether `v` is a valid stored value of `type` (https://developer.atlassian.com/platform/forge/storage-reference/entities-manifest/#values). */
export function matchesType(type: AttributeType, v: unknown): boolean {
  switch (type) {
    case 'string':
      // "Must contain at least one non-whitespace character. Must not be empty."
      return typeof v === 'string' && v.trim().length > 0;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      const a = Math.abs(v);
      return a === 0 || (a >= FLOAT_MIN && a < FLOAT_ABOVE_MAX);
    }
    case 'boolean':
      return typeof v === 'boolean';
    case 'any':
      // The `any` type supports string, integer, float, boolean, object and array — not null.
      return v !== null && v !== undefined;
  }
}

/**
 * "The Custom Entity Store strictly enforces attribute types." Also rejects attributes the manifest does not
 * declare (see README) and index values over the documented byte limits (range 900, partition 1700).
 */
export function validateEntityValue(entity: ResolvedEntity, value: unknown): void {
  if (!isRecord(value)) throw kvsErrors.invalidEntityValue({ reason: 'an entity value must be an object' });
  for (const [attr, v] of Object.entries(value)) {
    const type = entity.attributes.get(attr);
    if (type === undefined) throw kvsErrors.invalidEntityValue({ attribute: attr, reason: 'attribute is not declared for this entity' });
    if (!matchesType(type, v)) throw kvsErrors.invalidEntityValue({ attribute: attr, expectedType: type });
  }
  for (const idx of entity.indexes.values()) {
    const bytes = (attrs: Array<string | null>) =>
      attrs.reduce((n, a) => {
        const v = a === null ? undefined : ownValue(value, a);
        return n + (v === undefined ? 0 : Buffer.byteLength(String(v), 'utf8'));
      }, 0);
    if (bytes([idx.range.attribute]) > 900 || bytes(idx.partition.map((p) => p.attribute)) > 1700) {
      throw kvsErrors.invalidEntityValue({ index: idx.name, reason: 'index values exceed 900 bytes (range) or 1700 bytes (partition)' });
    }
  }
}
