import { open, type Database, type RootDatabase } from 'lmdb';
import { mkdirSync } from 'node:fs';

/**
 * The sandbox's embedded, persistent store: one LMDB environment under the data directory, one named
 * database per namespace. Every emulator (KVS, queues, Jira, Confluence, web trigger ids) keeps its state
 * here so a restart of the sandbox keeps it. Operations are synchronous, so one emulator request that runs
 * inside `transaction()` is atomic with respect to every other request.
 */
export interface Store {
  get<T>(ns: string, key: string): T | undefined;
  put<T>(ns: string, key: string, value: T): void;
  delete(ns: string, key: string): boolean;
  /** Entries in key order. `prefix` limits to keys starting with it; `after` starts strictly after that key. */
  range<T>(ns: string, options?: { prefix?: string; after?: string; limit?: number; reverse?: boolean }): Array<{ key: string; value: T }>;
  count(ns: string, prefix?: string): number;
  /** Runs `fn` atomically (all writes inside commit together, or none do if it throws). */
  transaction<T>(fn: () => T): T;
  /** Next value of a named counter, starting at `start` (persisted). */
  nextId(counter: string, start?: number): number;
  clearNamespace(ns: string): void;
  clearAll(): void;
  /** The namespaces that exist (for tools that inspect everything, e.g. a test scanning for leaked secrets). */
  namespaces(): string[];
  close(): Promise<void>;
}

export function openStore(dir: string): Store {
  mkdirSync(dir, { recursive: true });
  // `dir` is always a directory: lmdb would take a name with an extension (`mktemp -d` gives `/tmp/tmp.AbC123`)
  // for a database file and fail with "Is a directory"
  const root: RootDatabase = open({ path: dir, noSubdir: false, maxDbs: 64, compression: false });
  const dbs = new Map<string, Database>();
  // A named database first opened inside a write transaction only exists once that transaction commits; LMDB
  // invalidates its handle when the transaction aborts, so such handles are forgotten and reopened next time.
  let openedInTransaction: string[] | undefined;
  const db = (ns: string): Database => {
    let d = dbs.get(ns);
    if (!d) {
      d = root.openDB({ name: ns });
      dbs.set(ns, d);
      openedInTransaction?.push(ns);
    }
    return d;
  };
  const names = (): string[] => {
    // the root database lists the named databases as its keys
    const out: string[] = [];
    for (const key of root.getKeys({})) if (typeof key === 'string') out.push(key);
    return out;
  };
  const store: Store = {
    get: <T>(ns: string, key: string) => db(ns).get(key) as T | undefined,
    put: (ns, key, value) => {
      db(ns).putSync(key, value as never);
    },
    delete: (ns, key) => db(ns).removeSync(key),
    range<T>(ns: string, options: { prefix?: string; after?: string; limit?: number; reverse?: boolean } = {}) {
      const { prefix = '', after, limit, reverse = false } = options;
      const out: Array<{ key: string; value: T }> = [];
      const end = prefix + '\uffff';
      const iter = reverse
        ? db(ns).getRange({ start: after ?? end, end: prefix, reverse: true })
        : db(ns).getRange({ start: after ?? prefix, end });
      for (const { key, value } of iter) {
        const k = String(key);
        if (after !== undefined && k === after) continue;
        if (!k.startsWith(prefix)) continue;
        out.push({ key: k, value: value as T });
        if (limit !== undefined && out.length >= limit) break;
      }
      return out;
    },
    count(ns, prefix = '') {
      let n = 0;
      for (const { key } of db(ns).getRange({ start: prefix, end: prefix + '\uffff' })) if (String(key).startsWith(prefix)) n++;
      return n;
    },
    transaction<T>(fn: () => T): T {
      if (openedInTransaction) return fn(); // nested: part of the outer transaction
      openedInTransaction = [];
      try {
        return root.transactionSync(fn) as T;
      } catch (e) {
        for (const ns of openedInTransaction) dbs.delete(ns);
        throw e;
      } finally {
        openedInTransaction = undefined;
      }
    },
    nextId(counter, start = 1) {
      return root.transactionSync(() => {
        const current = (db('__counters').get(counter) as number | undefined) ?? start - 1;
        db('__counters').putSync(counter, current + 1);
        return current + 1;
      }) as number;
    },
    clearNamespace: (ns) => {
      db(ns).clearSync();
    },
    clearAll: () => {
      for (const name of names()) db(name).clearSync();
    },
    namespaces: () => names(),
    close: async () => {
      await root.close();
    },
  };
  return store;
}
