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
  /**
   * A number that changes whenever `ns` may have changed in this process (a write, a delete, a clear, or an aborted
   * transaction that wrote to it), so a caller can keep a decoded copy of a namespace in memory and know when to
   * read it again. It starts afresh with each `openStore`.
   */
  changes(ns: string): number;
  /** The namespaces that exist (for tools that inspect everything, e.g. a test scanning for leaked secrets). */
  namespaces(): string[];
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * Whether each commit is flushed to the disk (fsync) before it returns: the default, so a sandbox survives a
   * crash of the machine. With `false` (tests), commits still go to the database file through the OS, so a restart
   * of the sandbox, or another process opening the same directory, sees every committed write; only a crash of the
   * operating system itself could lose the last ones.
   */
  sync?: boolean;
}

export function openStore(dir: string, options: StoreOptions = {}): Store {
  mkdirSync(dir, { recursive: true });
  const sync = options.sync ?? true;
  // `dir` is always a directory: lmdb would take a name with an extension (`mktemp -d` gives `/tmp/tmp.AbC123`)
  // for a database file and fail with "Is a directory"
  // Values are plain MessagePack maps (`useRecords: false`): msgpackr's default records would carry their structure
  // inline in every value, without shared structures, and decoding that definition again on each read dominated the
  // store's cost. Values written with records before still read back (the decoder understands both).
  // (`useRecords` is a msgpackr option lmdb passes on to the encoder of every database; its types do not list it)
  const lmdbOptions = { path: dir, noSubdir: false, maxDbs: 64, compression: false, useRecords: false, ...(sync ? {} : { noSync: true, noMetaSync: true }) };
  const root: RootDatabase = open(lmdbOptions);
  // per-namespace change counters (see Store.changes), and the namespaces the current transaction wrote
  const changeCounts = new Map<string, number>();
  let writtenInTransaction: Set<string> | undefined;
  const changed = (ns: string): void => {
    changeCounts.set(ns, (changeCounts.get(ns) ?? 0) + 1);
    writtenInTransaction?.add(ns);
  };
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
      changed(ns);
      db(ns).putSync(key, value as never);
    },
    delete: (ns, key) => {
      changed(ns);
      return db(ns).removeSync(key);
    },
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
      // keys only: counting decodes no value
      let n = 0;
      for (const key of db(ns).getKeys({ start: prefix, end: prefix + '\uffff' })) if (String(key).startsWith(prefix)) n++;
      return n;
    },
    transaction<T>(fn: () => T): T {
      if (openedInTransaction) return fn(); // nested: part of the outer transaction
      openedInTransaction = [];
      writtenInTransaction = new Set();
      try {
        return root.transactionSync(fn) as T;
      } catch (e) {
        for (const ns of openedInTransaction) dbs.delete(ns);
        // what the aborted transaction wrote is gone again: a copy kept in memory must be read again
        for (const ns of writtenInTransaction) changeCounts.set(ns, (changeCounts.get(ns) ?? 0) + 1);
        throw e;
      } finally {
        openedInTransaction = undefined;
        writtenInTransaction = undefined;
      }
    },
    nextId(counter, start = 1) {
      return root.transactionSync(() => {
        const current = (db('__counters').get(counter) as number | undefined) ?? start - 1;
        changed('__counters');
        db('__counters').putSync(counter, current + 1);
        return current + 1;
      }) as number;
    },
    clearNamespace: (ns) => {
      changed(ns);
      db(ns).clearSync();
    },
    clearAll: () => {
      for (const name of names()) {
        changed(name);
        db(name).clearSync();
      }
    },
    changes: (ns) => changeCounts.get(ns) ?? 0,
    namespaces: () => names(),
    close: async () => {
      await root.close();
    },
  };
  return store;
}
