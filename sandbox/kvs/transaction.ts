import { evaluateGroup, parseFilterGroup, withContext, type FilterGroup } from './conditions';
import { kvsErrors } from './errors';
import { parseSetOptions } from './key-value-ops';
import { checkPayloadSize, isRecord, KVS_LIMITS, onlyFields } from './limits';
import { isLive, newRecord, type StoredRecord } from './record';
import { itemSpace, validateSpaceKey, validateSpaceValue, type OpContext, type Space, type WireResult } from './space';

/**
 * `/api/v1/transaction`: `{ set?, delete?, check? }`, all or nothing
 * (https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/,
 * https://developer.atlassian.com/platform/forge/storage-reference/entities-transactions/).
 *
 * Limits: at most 25 operations, each key used once, payload at most 4MB. `conditions` (on set/delete) and `check`
 * apply to custom entities only. Any invalid operation or unmet condition rejects the whole transaction and nothing
 * is written. Conditions are evaluated on the stored item as it is when the transaction runs; an absent item has no
 * attributes, so `notExists(...)` holds for it (create-if-absent). A `check` additionally requires the item to exist
 * (the docs: "check if key exists and meets conditions").
 */

type Kind = 'set' | 'delete' | 'check';
const FIELDS: Record<Kind, readonly string[]> = {
  set: ['key', 'value', 'entityName', 'conditions', 'options'],
  delete: ['key', 'entityName', 'conditions'],
  check: ['key', 'entityName', 'conditions'],
};

interface Operation {
  kind: Kind;
  space: Space;
  key: string;
  entityName?: string;
  conditions?: FilterGroup;
  /** For set: the JSON to store and its TTL. */
  json?: string;
  ttlSeconds?: number;
}

function parseOperation(ctx: OpContext, kind: Kind, raw: unknown, position: number): Operation {
  const where = { operation: kind, position };
  try {
    if (!isRecord(raw)) throw kvsErrors.badRequest({ reason: 'an operation must be an object' });
    onlyFields(raw, FIELDS[kind], `${kind} operation`);
    const space = itemSpace(ctx, raw.entityName);
    const key = validateSpaceKey(space, raw.key);
    const op: Operation = { kind, space, key };
    if (space.entity) op.entityName = space.entity.name;
    if (raw.conditions !== undefined) {
      if (!space.entity) throw kvsErrors.badRequest({ reason: '`conditions` apply only to custom entities (give entityName)' });
      op.conditions = parseFilterGroup(raw.conditions, space.entity);
    } else if (kind === 'check') {
      throw kvsErrors.badRequest({ reason: 'check needs entityName and conditions' });
    }
    if (kind === 'set') {
      op.json = validateSpaceValue(space, raw.value);
      const ttl = parseSetOptions(raw.options, false).ttlSeconds;
      if (ttl !== undefined) op.ttlSeconds = ttl;
    }
    return op;
  } catch (err) {
    throw withContext(err, isRecord(raw) && typeof raw.key === 'string' ? { ...where, key: raw.key } : where);
  }
}

function parseTransaction(ctx: OpContext, body: unknown): Operation[] {
  if (!isRecord(body)) throw kvsErrors.badRequest({ reason: 'request body must be a JSON object' });
  onlyFields(body, ['set', 'delete', 'check'], 'transaction');
  const lists: Array<[Kind, unknown[]]> = [];
  for (const kind of ['set', 'delete', 'check'] as const) {
    const list = body[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw kvsErrors.badRequest({ reason: `\`${kind}\` must be an array` });
    lists.push([kind, list]);
  }
  const total = lists.reduce((n, [, l]) => n + l.length, 0);
  if (total === 0) throw kvsErrors.emptyRequest();
  if (total > KVS_LIMITS.transactionMaxOperations) throw kvsErrors.tooManyItems({ operations: total });
  checkPayloadSize(body);
  const ops = lists.flatMap(([kind, list]) => list.map((raw, i) => parseOperation(ctx, kind, raw, i)));
  const seen = new Set<string>();
  for (const op of ops) {
    const identity = JSON.stringify([op.entityName ?? null, op.key]);
    if (seen.has(identity)) throw kvsErrors.duplicateKeys({ key: op.key, entityName: op.entityName });
    seen.add(identity);
  }
  return ops;
}

/** Validates every operation, then evaluates every condition and applies every write in one store transaction. */
export function transactionOp(ctx: OpContext, body: unknown): WireResult {
  const ops = parseTransaction(ctx, body);
  ctx.store.transaction(() => {
    const now = ctx.now();
    const current = ops.map((op) => {
      const rec = ctx.store.get<StoredRecord>(op.space.ns, op.key);
      return isLive(rec, now) ? rec : undefined;
    });
    ops.forEach((op, i) => {
      const rec = current[i];
      if (op.kind === 'check' && rec === undefined) {
        throw kvsErrors.conditionCheckFailed({ operation: op.kind, key: op.key, entityName: op.entityName, reason: 'item does not exist' });
      }
      if (op.conditions && !evaluateGroup(op.conditions, rec && (JSON.parse(rec.v) as Record<string, unknown>))) {
        throw kvsErrors.conditionCheckFailed({ operation: op.kind, key: op.key, entityName: op.entityName });
      }
    });
    ops.forEach((op, i) => {
      if (op.kind === 'set') ctx.store.put(op.space.ns, op.key, newRecord(op.json as string, now, current[i], op.ttlSeconds));
      if (op.kind === 'delete') ctx.store.delete(op.space.ns, op.key);
    });
  });
  return { status: 204 };
}
