import { incidentEntity, type Incident } from './entity-fixtures';
import { createKvsService, kvsResponse } from './kvs-service';
import { startKvsHarness, type KvsHarness } from './test-harness';

describe('KVS emulator persistence', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness({ entities: [incidentEntity] });
  });
  afterEach(() => h.close());

  it('keeps values, secrets, entities and metadata across close and reopen of the store', async () => {
    const { kvs, MetadataField, WhereConditions } = h.sdk;
    const t0 = h.clock.ms;
    await kvs.set('cfg:a', { on: true }, { ttl: { value: 1, unit: 'DAYS' } });
    await kvs.set('cfg:b', [1, 2, 3]);
    await kvs.setSecret('token', 'abc');
    await kvs.entity<Incident>('incident').set('OPS-1', { service: 'api', state: 'open', openedAt: 5 });
    const dataFiles = h.dir;

    await h.restart();
    expect(h.dir).toBe(dataFiles);
    expect(await kvs.get('cfg:a', { metadataFields: [MetadataField.CREATED_AT, MetadataField.EXPIRE_TIME] })).toEqual({
      key: 'cfg:a',
      value: { on: true },
      createdAt: t0,
      expireTime: new Date(t0 + 86_400_000).toISOString(),
    });
    expect(await kvs.getSecret('token')).toBe('abc');
    const listed = await kvs.query().where('key', WhereConditions.beginsWith('cfg:')).getMany();
    expect(listed.results.map((r) => r.key)).toEqual(['cfg:a', 'cfg:b']);
    const byState = await kvs.entity<Incident>('incident').query().index('by-service-state-opened', { partition: ['api', 'open'] }).getMany();
    expect(byState.results).toEqual([{ key: 'OPS-1', value: { service: 'api', state: 'open', openedAt: 5 } }]);
    // The TTL also survives: the entry still expires on time after the restart.
    h.clock.advance(86_400_000);
    expect(await kvs.get('cfg:a')).toBeUndefined();
  });
});

describe('KVS emulator service', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness({ entities: [incidentEntity] });
  });
  afterEach(() => h.close());

  it('counts reads and writes per wire call; a batch or transaction is one call', async () => {
    const { kvs } = h.sdk;
    await kvs.set('a', 1);
    await kvs.get('a');
    await kvs.get('missing');
    await kvs.query().getMany();
    await kvs.batchGet([{ key: 'a' }, { key: 'b' }]);
    await kvs.batchSet([{ key: 'x', value: 1 }, { key: 'y', value: 2 }]);
    await kvs.transact().set('z', 1).delete('a').execute();
    await kvs.entity('incident').query().index('by-key').getMany();
    expect(h.service.stats()).toEqual({ reads: 5, writes: 3 });
  });

  it('builds responses the SDK reads: JSON with a reason phrase, or no body', async () => {
    const err = kvsResponse({ status: 404, body: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' } });
    expect([err.status, err.statusText, err.headers.get('content-type')]).toEqual([404, 'Not Found', 'application/json']);
    expect(await err.json()).toEqual({ code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' });
    const empty = kvsResponse({ status: 204 });
    expect([empty.status, empty.ok, await empty.text()]).toEqual([204, true, '']);
    const ok = kvsResponse({ status: 200, body: { key: 'k', value: false } });
    expect(await ok.json()).toEqual({ key: 'k', value: false });
  });

  it('rejects invalid entity declarations when created', () => {
    const bad = (entities: Parameters<typeof createKvsService>[0]['entities']) => () => createKvsService({ store: h.store, ...(entities ? { entities } : {}) });
    expect(bad([{ name: 'ab', attributes: {}, indexes: [] }])).toThrow(/invalid entity/);
    expect(bad([{ name: 'thing', attributes: { a: { type: 'any' } }, indexes: ['a'] }])).toThrow(/type any/);
    expect(bad([{ name: 'thing', attributes: { a: { type: 'string' } }, indexes: ['b'] }])).toThrow(/undeclared attribute b/);
    expect(bad([{ name: 'thing', attributes: { a: { type: 'string' } }, indexes: [{ name: 'by-key', range: ['a'] }] }])).toThrow(/reserved/);
    expect(bad([{ name: 'thing', attributes: { a: { type: 'string' } }, indexes: [{ name: 'two-range', range: ['a', 'a'] }] }])).toThrow(/exactly one range/);
    expect(bad([incidentEntity])).not.toThrow();
  });

  it('works the same when the SDK runs in bearer mode (runtime.kvs set when it is first required)', async () => {
    const g = globalThis as Record<string, unknown>;
    const runtime = g.__forge_runtime__ as Record<string, unknown>;
    g.__forge_runtime__ = { ...runtime, kvs: { url: 'http://kvs.local', host: 'kvs.local' } };
    const seen: Array<{ descriptor: unknown; headers: Record<string, string> }> = [];
    const appFetch = g.__forge_fetch__ as (d: unknown, p: string, i: { body?: string; headers: Record<string, string> }) => Promise<Response>;
    g.__forge_fetch__ = (d: unknown, p: string, i: { body?: string; headers: Record<string, string> }) => {
      seen.push({ descriptor: d, headers: i.headers });
      return appFetch(d, p, i);
    };
    let sdk: typeof import('@forge/kvs') | undefined;
    jest.isolateModules(() => {
      sdk = require('@forge/kvs') as typeof import('@forge/kvs');
    });
    await sdk?.kvs.set('bearer', 'ok');
    expect(await h.sdk.kvs.get('bearer')).toBe('ok');
    expect(seen[0]?.descriptor).toEqual({ type: 'kvs' });
    expect(seen[0]?.headers).toMatchObject({ Authorization: 'Bearer t', Host: 'kvs.local' });
  });
});
