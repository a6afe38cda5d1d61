import type { Store } from '../store/store';
import { compareIndexValues } from './conditions';
import type { ResolvedIndex } from './entity-schema';
import { ownValue } from './limits';
import { compareUtf8, type StoredRecord } from './record';

/** Store namespace for the emulator's own bookkeeping (one version counter per entity namespace). */
export const META_NS = 'kvs-meta';
const ENTITY_NS_PREFIX = 'kvs-entity:';

/** One item as an index sees it. */
export interface IndexRow {
  key: string;
  rangeValue: unknown;
  rec: StoredRecord;
  value: Record<string, unknown>;
}

/** Orders index rows by range value, then key (the tie-break is the emulator's choice; see README). */
export function compareIndexRows(a: Pick<IndexRow, 'key' | 'rangeValue'>, b: Pick<IndexRow, 'key' | 'rangeValue'>): number {
  return compareIndexValues(a.rangeValue, b.rangeValue) || compareUtf8(a.key, b.key);
}

/**
 * Wraps the store so that a write to an entity namespace also bumps that namespace's version counter, in the same
 * store transaction as the write (once per transaction). Index reads cache what they decoded and trust the cache
 * only while the counter read from the store still matches, so a store cleared from outside (`clearAll`) or written
 * by another process invalidates it.
 */
export function versionedStore(store: Store): Store {
  const dirty = new Set<string>();
  let depth = 0;
  const flush = () => {
    for (const ns of dirty) {
      const k = `version:${ns}`;
      store.put(META_NS, k, (store.get<number>(META_NS, k) ?? 0) + 1);
    }
    dirty.clear();
  };
  const touched = (ns: string) => {
    if (!ns.startsWith(ENTITY_NS_PREFIX)) return;
    dirty.add(ns);
    if (depth === 0) flush();
  };
  return {
    get: (ns, key) => store.get(ns, key),
    put: (ns, key, value) => {
      store.put(ns, key, value);
      touched(ns);
    },
    delete: (ns, key) => {
      const deleted = store.delete(ns, key);
      if (deleted) touched(ns);
      return deleted;
    },
    range: (ns, options) => store.range(ns, options),
    count: (ns, prefix) => store.count(ns, prefix),
    transaction: (fn) =>
      store.transaction(() => {
        depth++;
        try {
          const result = fn();
          if (depth === 1) flush();
          return result;
        } finally {
          depth--;
          if (depth === 0) dirty.clear();
        }
      }),
    nextId: (counter, start) => store.nextId(counter, start),
    clearNamespace: (ns) => store.clearNamespace(ns),
    clearAll: () => store.clearAll(),
    changes: (ns) => store.changes(ns),
    namespaces: () => store.namespaces(),
    close: () => store.close(),
  };
}

interface CacheEntry {
  version: number | undefined;
  rows: Array<{ key: string; rec: StoredRecord; value: Record<string, unknown> }>;
  projections: Map<string, IndexRow[]>;
}

/**
 * Decoded items of each entity and their index projections (rows of one index and partition, sorted ascending).
 * Expired items stay in the cache; callers filter them with the current time.
 */
export class EntityRowsCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly store: Store) {}

  projection(ns: string, index: ResolvedIndex, partition: readonly unknown[]): IndexRow[] {
    const entry = this.entry(ns);
    const id = `${index.name}\u0000${JSON.stringify(partition)}`;
    let rows = entry.projections.get(id);
    if (!rows) {
      rows = [];
      for (const { key, rec, value } of entry.rows) {
        // Items lacking the range attribute or a partition attribute are not in the index.
        const rangeValue = index.range.attribute === null ? key : ownValue(value, index.range.attribute);
        if (rangeValue === undefined) continue;
        if (!index.partition.every((p, i) => ownValue(value, p.attribute) === partition[i])) continue;
        rows.push({ key, rangeValue, rec, value });
      }
      rows.sort(compareIndexRows);
      entry.projections.set(id, rows);
    }
    return rows;
  }

  private entry(ns: string): CacheEntry {
    const version = this.store.get<number>(META_NS, `version:${ns}`);
    const cached = this.entries.get(ns);
    if (cached && cached.version === version && version !== undefined) return cached;
    const rows = this.store.range<StoredRecord>(ns).map(({ key, value: rec }) => ({ key, rec, value: JSON.parse(rec.v) as Record<string, unknown> }));
    const entry: CacheEntry = { version, rows, projections: new Map() };
    this.entries.set(ns, entry);
    return entry;
  }
}
