import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from './store';

describe('store', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kaizen-store-'));
    store = openStore(dir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranges by prefix in key order, after a key, in reverse and with a limit', () => {
    for (const k of ['a:2', 'a:1', 'b:1', 'a:3']) store.put('ns', k, k.toUpperCase());
    expect(store.range('ns', { prefix: 'a:' }).map((e) => e.key)).toEqual(['a:1', 'a:2', 'a:3']);
    expect(store.range('ns', { prefix: 'a:', after: 'a:1', limit: 1 }).map((e) => e.value)).toEqual(['A:2']);
    expect(store.range('ns', { prefix: 'a:', reverse: true }).map((e) => e.key)).toEqual(['a:3', 'a:2', 'a:1']);
    expect(store.count('ns', 'a:')).toBe(3);
  });

  it('commits a transaction whole or not at all, even for a namespace it opened first', () => {
    expect(() =>
      store.transaction(() => {
        store.put('fresh', 'k', 1);
        store.put('ns', 'k', 1);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(store.get('fresh', 'k')).toBeUndefined();
    expect(store.get('ns', 'k')).toBeUndefined();
    store.put('fresh', 'k', 2);
    expect(store.get('fresh', 'k')).toBe(2);
  });

  it('keeps data and counters across close and reopen, and clears namespaces', async () => {
    store.put('ns', 'k', { deep: [1, 'two'] });
    expect(store.nextId('issue')).toBe(1);
    expect(store.nextId('issue')).toBe(2);
    await store.close();
    store = openStore(dir);
    expect(store.get('ns', 'k')).toEqual({ deep: [1, 'two'] });
    expect(store.nextId('issue')).toBe(3);
    store.clearAll();
    expect(store.get('ns', 'k')).toBeUndefined();
  });
});
