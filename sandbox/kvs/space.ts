import type { Store } from '../store/store';
import type { EntityRowsCache } from './entity-rows';
import { lookupEntity, validateEntityValue, type ResolvedEntity } from './entity-schema';
import { KVS_LIMITS, validateKey, validateValue, type KeyFlavour } from './limits';

/** What a wire call answers: a status and, unless the SDK expects none, a JSON body. */
export interface WireResult {
  status: number;
  body?: unknown;
}

/** Shared by every handler: the store, the clock, the declared entities and the decoded-index cache. */
export interface OpContext {
  store: Store;
  now: () => number;
  entities: ReadonlyMap<string, ResolvedEntity>;
  entityRows: EntityRowsCache;
}

/**
 * One of the three separate key spaces of the service: plain KVS, secrets and one per custom entity. Each is a store
 * namespace prefixed `kvs`, so a key `a` in KVS, in secrets and in entity `incident` are three different entries.
 */
export interface Space {
  ns: string;
  flavour: KeyFlavour;
  maxValueBytes: number;
  entity?: ResolvedEntity;
}

/** Plain KVS (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/). */
export const KVS_SPACE: Space = { ns: 'kvs', flavour: 'kvs', maxValueBytes: KVS_LIMITS.valueMaxBytes };
/** Secrets: queried never, 128 KiB values (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api-secret/). */
export const SECRET_SPACE: Space = { ns: 'kvs-secret', flavour: 'secret', maxValueBytes: KVS_LIMITS.secretValueMaxBytes };

/** The space of a declared custom entity (https://developer.atlassian.com/platform/forge/storage-reference/entities-api/). */
export function entitySpace(ctx: OpContext, entityName: unknown): Space {
  const entity = lookupEntity(ctx.entities, entityName);
  return { ns: `kvs-entity:${entity.name}`, flavour: 'entity', maxValueBytes: KVS_LIMITS.valueMaxBytes, entity };
}

/** The space of a batch or transaction item: an entity when it names one, else plain KVS. */
export function itemSpace(ctx: OpContext, entityName: unknown): Space {
  return entityName === undefined ? KVS_SPACE : entitySpace(ctx, entityName);
}

/** Validates a value for a space and returns the JSON text to store. */
export function validateSpaceValue(space: Space, value: unknown): string {
  const json = validateValue(value, space.maxValueBytes);
  if (space.entity) validateEntityValue(space.entity, value);
  return json;
}

/** Validates a key with the error codes of the space's store. */
export function validateSpaceKey(space: Space, key: unknown): string {
  return validateKey(key, space.flavour);
}
