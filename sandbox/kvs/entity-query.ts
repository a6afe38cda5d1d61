import { evaluate, evaluateGroup, parseFilterGroup, parseRange, type Condition, type FilterGroup } from './conditions';
import { compareIndexRows } from './entity-rows';
import { kvsErrors } from './errors';
import { KEY_INDEX, type ResolvedEntity, type ResolvedIndex } from './entity-schema';
import { isRecord, KVS_LIMITS, onlyFields } from './limits';
import { decodeCursor, encodeCursor, getOptionsFields, isLive, parseMetadataFields, wireEntry, type MetadataField } from './record';
import { entitySpace, type OpContext, type WireResult } from './space';

/**
 * `/api/v1/entity/query`: reads one index of one custom entity
 * (https://developer.atlassian.com/platform/forge/storage-reference/entities-api-query/).
 *
 * The index holds the entity's items that have every partition attribute and the range attribute (items lacking
 * one are not in that index), ordered by range value, then by key. A query picks the partition (all partition
 * values, in declaration order), narrows the range with `where`, reads `limit` items in `sort` order after the
 * cursor, and only then applies `filters`. That last step reproduces a documented quirk: filters "are in-memory
 * filters. Using them can sometimes produce pages with no results, with cursor pointing to the next page where
 * actual results exist." So an app must page until there is no cursor, not until a page is empty.
 */
export function entityQueryOp(ctx: OpContext, raw: unknown): WireResult {
  if (!isRecord(raw)) throw kvsErrors.badRequest({ reason: 'request body must be a JSON object' });
  const fields = ['entityName', 'indexName', 'partition', 'range', 'filters', 'sort', 'cursor', 'limit', 'options', 'metadataFields'];
  onlyFields(raw, fields, 'request');
  const space = entitySpace(ctx, raw.entityName);
  const entity = space.entity as ResolvedEntity;
  const q = parseQuery(entity, raw);

  const now = ctx.now();
  // Ascending index order, expired items and those outside the range condition dropped; DESC reads it backwards.
  const rows = ctx.entityRows
    .projection(space.ns, q.index, q.partition)
    .filter((r) => isLive(r.rec, now) && (!q.range || evaluate(q.range, r.rangeValue)));
  if (q.sort === 'DESC') rows.reverse();
  const dir = q.sort === 'DESC' ? -1 : 1;

  let start = 0;
  if (q.after) {
    const after = q.after;
    start = rows.findIndex((r) => dir * compareIndexRows(r, after) > 0);
    if (start === -1) start = rows.length;
  }
  const page = rows.slice(start, start + q.limit);
  const data = page.filter((r) => !q.filters || evaluateGroup(q.filters, r.value)).map((r) => wireEntry(r.key, r.rec, q.fields));
  const last = page[page.length - 1];
  const more = start + q.limit < rows.length;
  return { status: 200, body: more && last ? { data, cursor: encodeCursor({ key: last.key, range: last.rangeValue }) } : { data } };
}

interface Position {
  key: string;
  rangeValue: unknown;
}

interface ParsedQuery {
  index: ResolvedIndex;
  partition: unknown[];
  range?: Condition;
  filters?: FilterGroup;
  sort: 'ASC' | 'DESC';
  limit: number;
  after?: Position;
  fields: MetadataField[];
}

function parseQuery(entity: ResolvedEntity, raw: Record<string, unknown>): ParsedQuery {
  if (typeof raw.indexName !== 'string') throw kvsErrors.badRequest({ reason: '`indexName` must be a string' });
  const index = entity.indexes.get(raw.indexName);
  if (!index) throw kvsErrors.invalidEntityIndex({ indexName: raw.indexName, reason: `index is not declared for entity ${entity.name}` });

  const partition = raw.partition ?? [];
  if (!Array.isArray(partition)) throw kvsErrors.badRequest({ reason: '`partition` must be an array' });
  // "If your index's partition has multiple attributes, then you must set a value for each attribute ... in the
  // order they are declared in the index."
  if (partition.length !== index.partition.length) {
    const attributes = index.partition.map((p) => p.attribute);
    throw kvsErrors.badRequest({ reason: `index ${index.name} needs ${attributes.length} partition value(s)`, partition: attributes });
  }
  index.partition.forEach((p, i) => {
    const kind = p.type === 'integer' || p.type === 'float' ? 'number' : p.type;
    if (typeof partition[i] !== kind) throw kvsErrors.badRequest({ reason: `partition value for ${p.attribute} must be of type ${p.type}` });
  });

  const range = raw.range === undefined ? undefined : parseRange(raw.range, index.range.type, index.range.attribute ?? 'key');
  const filters = raw.filters === undefined ? undefined : parseFilterGroup(raw.filters, entity);
  const conditions = (range ? 1 : 0) + (filters?.items.length ?? 0);
  if (conditions > KVS_LIMITS.maxConditionsPerQuery) throw kvsErrors.tooManyConditions({ conditions });

  if (raw.sort !== undefined && raw.sort !== 'ASC' && raw.sort !== 'DESC') throw kvsErrors.badRequest({ reason: '`sort` must be ASC or DESC' });
  const limit = raw.limit ?? KVS_LIMITS.queryDefaultLimit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > KVS_LIMITS.queryMaxLimit) {
    throw kvsErrors.pageLimitNotInRange({ limit });
  }
  // `@forge/kvs` sends metadata fields as `options.metadataFields`; its request type also names a top-level field.
  const fields = raw.metadataFields !== undefined ? parseMetadataFields(raw.metadataFields) : getOptionsFields(raw.options);

  const out: ParsedQuery = { index, partition, sort: raw.sort ?? 'ASC', limit, fields };
  if (range) out.range = range;
  if (filters) out.filters = filters;
  if (raw.cursor !== undefined) out.after = parseCursor(raw.cursor, index);
  return out;
}

function parseCursor(cursor: unknown, index: ResolvedIndex): Position {
  const c = decodeCursor(cursor);
  const rangeValue = index.name === KEY_INDEX ? c.key : c.range;
  const kind = index.range.type === 'integer' || index.range.type === 'float' ? 'number' : index.range.type;
  if (typeof rangeValue !== kind) throw kvsErrors.badRequest({ reason: 'cursor does not belong to this index' });
  return { key: c.key, rangeValue };
}
