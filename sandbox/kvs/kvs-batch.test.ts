import type { EntityDefinition } from './kvs-service';
import { apiError, startKvsHarness, type KvsHarness } from './test-harness';

const employee: EntityDefinition = {
  name: 'employee',
  attributes: { surname: { type: 'string' }, age: { type: 'integer' } },
  indexes: ['surname'],
};

/** kvs.batchSet / batchGet / batchDelete (kvs-batch), plain and entity items mixed, through the real SDK. */
describe('KVS batch operations', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness({ entities: [employee] });
  });
  afterEach(() => h.close());

  it('sets plain and entity items together and reports per-key failures', async () => {
    const { kvs } = h.sdk;
    const result = await kvs.batchSet<unknown>([
      { key: 'emp1', value: { surname: 'Davis', age: 30 }, entityName: 'employee' },
      { key: 'plain', value: 'simple value', options: { ttl: { value: 1, unit: 'HOURS' } } },
      { key: 'emp2', value: { surname: 'Scott', age: 'thirty' }, entityName: 'employee' },
      { key: 'bad/key', value: 1 },
      { key: 'x', value: 1, entityName: 'department' },
    ]);
    expect(result.successfulKeys).toEqual([{ key: 'emp1', entityName: 'employee' }, { key: 'plain' }]);
    expect(result.failedKeys.map((f) => [f.key, f.entityName, f.error.code])).toEqual([
      ['emp2', 'employee', 'INVALID_ENTITY_VALUE'],
      ['bad/key', undefined, 'INVALID_KEY'],
      ['x', 'department', 'INVALID_ENTITY_TYPE'],
    ]);
    expect(result.failedKeys[0]?.error.message).toBe('Entity values must match one of the types defined in Custom Entities.');
    expect(await kvs.entity('employee').get('emp1')).toEqual({ surname: 'Davis', age: 30 });
    expect(await kvs.entity('employee').get('emp2')).toBeUndefined();
    expect(await kvs.get('plain')).toBe('simple value');
    // The entity item and the plain item live in different spaces.
    expect(await kvs.get('emp1')).toBeUndefined();
  });

  it('gets many keys with metadata and reports missing ones as KEY_NOT_FOUND', async () => {
    const { kvs, MetadataField } = h.sdk;
    const t0 = h.clock.ms;
    await kvs.set('a', 1);
    await kvs.entity('employee').set('e', { surname: 'Lee' });
    const got = await kvs.batchGet([
      { key: 'a', options: { metadataFields: [MetadataField.CREATED_AT] } } as never,
      { key: 'e', entityName: 'employee' },
      { key: 'missing' },
    ]);
    expect(got.successfulKeys).toEqual([
      { key: 'a', value: 1, createdAt: t0 },
      { key: 'e', entityName: 'employee', value: { surname: 'Lee' } },
    ]);
    expect(got.failedKeys).toEqual([{ key: 'missing', error: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' } }]);
  });

  it('deletes many keys and reports missing ones as failed', async () => {
    const { kvs } = h.sdk;
    await kvs.set('a', 1);
    await kvs.entity('employee').set('e', { surname: 'Lee' });
    const res = await kvs.batchDelete([{ key: 'a' }, { key: 'e', entityName: 'employee' }, { key: 'gone' }]);
    expect(res.successfulKeys).toEqual([{ key: 'a' }, { key: 'e', entityName: 'employee' }]);
    expect(res.failedKeys.map((f) => [f.key, f.error.code])).toEqual([['gone', 'KEY_NOT_FOUND']]);
    expect(await kvs.get('a')).toBeUndefined();
    expect(await kvs.entity('employee').get('e')).toBeUndefined();
  });

  it('fails the whole request for 26 keys, duplicate keys, no keys or more than 4 MB', async () => {
    const { kvs } = h.sdk;
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: i }));
    await expect(kvs.batchSet(items(25))).resolves.toMatchObject({ failedKeys: [] });
    const tooMany = await apiError(h.sdk, () => kvs.batchSet(items(26)));
    expect([tooMany.code, tooMany.responseDetails.status]).toEqual(['TOO_MANY_ITEMS', 400]);
    expect((await apiError(h.sdk, () => kvs.batchGet([{ key: 'k1' }, { key: 'k1' }]))).code).toBe('DUPLICATE_KEYS');
    // Same key in different spaces is not a duplicate.
    await expect(kvs.batchGet([{ key: 'k1' }, { key: 'k1', entityName: 'employee' }])).resolves.toBeDefined();
    expect((await apiError(h.sdk, () => kvs.batchDelete([]))).code).toBe('EMPTY_REQUEST');
    const big = Array.from({ length: 18 }, (_, i) => ({ key: `big${i}`, value: 'x'.repeat(230 * 1024) }));
    expect((await apiError(h.sdk, () => kvs.batchSet(big))).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await kvs.get('big0')).toBeUndefined();
  });
});
