import { incidentEntity, type Incident } from './entity-fixtures';
import { apiError, startKvsHarness, type KvsHarness } from './test-harness';

/** kvs.transact() (kvs-transactions, entities-transactions), through the real SDK. */
describe('KVS transactions', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness({ entities: [incidentEntity] });
  });
  afterEach(() => h.close());

  const incidents = () => h.sdk.kvs.entity<Incident>('incident');

  it('applies sets and deletes together, with a TTL in the fourth argument', async () => {
    const { kvs, MetadataField } = h.sdk;
    await kvs.set('old', 1);
    await kvs
      .transact()
      .set('k1', 'v1', undefined, { ttl: { unit: 'MINUTES', value: 5 } })
      .set('inc', { state: 'open' }, { entityName: 'incident' })
      .delete('old')
      .delete('never-existed')
      .execute();
    expect(await kvs.get('k1', { metadataFields: [MetadataField.EXPIRE_TIME] })).toEqual({
      key: 'k1',
      value: 'v1',
      expireTime: new Date(h.clock.ms + 300_000).toISOString(),
    });
    expect(await incidents().get('inc')).toEqual({ state: 'open' });
    expect(await kvs.get('old')).toBeUndefined();
    expect(h.service.stats().writes).toBe(2); // the set of 'old' and the transaction, one write each
  });

  it('writes nothing when a check fails', async () => {
    const { kvs, Filter, FilterConditions } = h.sdk;
    await incidents().set('OPS-2', { severity: 1 });
    const err = await apiError(h.sdk, () =>
      kvs
        .transact()
        .set('a', 'written?')
        .set('OPS-1', { state: 'open' }, { entityName: 'incident' })
        .delete('OPS-3', { entityName: 'incident' })
        .check('OPS-2', { entityName: 'incident', conditions: new Filter<Incident>().and('severity', FilterConditions.greaterThan(2)) })
        .execute(),
    );
    expect([err.code, err.responseDetails.status, err.context.key]).toEqual(['CONDITION_CHECK_FAILED', 409, 'OPS-2']);
    expect(await kvs.get('a')).toBeUndefined();
    expect(await incidents().get('OPS-1')).toBeUndefined();
  });

  it('check passes when the item exists and meets the conditions, fails when it does not exist', async () => {
    const { kvs, Filter, FilterConditions } = h.sdk;
    await incidents().set('OPS-2', { severity: 3 });
    const sev = new Filter<Incident>().and('severity', FilterConditions.greaterThan(2));
    await kvs.transact().set('a', 1).check('OPS-2', { entityName: 'incident', conditions: sev }).execute();
    expect(await kvs.get('a')).toBe(1);
    const missing = new Filter<Incident>().and('state', FilterConditions.notExists());
    const err = await apiError(h.sdk, () => kvs.transact().set('b', 1).check('OPS-9', { entityName: 'incident', conditions: missing }).execute());
    expect(err.code).toBe('CONDITION_CHECK_FAILED');
    expect(await kvs.get('b')).toBeUndefined();
  });

  it('conditional set and delete: create-if-absent and compare-and-delete', async () => {
    const { kvs, Filter, FilterConditions } = h.sdk;
    const absent = new Filter<Incident>().and('state', FilterConditions.notExists());
    const create = () => kvs.transact().set<Incident>('OPS-1', { state: 'open', severity: 2 }, { entityName: 'incident', conditions: absent }).execute();
    await create();
    expect((await apiError(h.sdk, create)).code).toBe('CONDITION_CHECK_FAILED');
    const stillOpen = new Filter<Incident>().and('state', FilterConditions.equalTo('open')).and('severity', FilterConditions.lessThan(2));
    const tryDelete = () => kvs.transact().delete('OPS-1', { entityName: 'incident', conditions: stillOpen }).execute();
    expect((await apiError(h.sdk, tryDelete)).code).toBe('CONDITION_CHECK_FAILED');
    expect(await incidents().get('OPS-1')).toEqual({ state: 'open', severity: 2 });
    const anyOpen = new Filter<Incident>().or('severity', FilterConditions.lessThan(2)).or('state', FilterConditions.equalTo('open'));
    await kvs.transact().delete('OPS-1', { entityName: 'incident', conditions: anyOpen }).execute();
    expect(await incidents().get('OPS-1')).toBeUndefined();
  });

  it('rejects the whole transaction when one operation is invalid', async () => {
    const { kvs } = h.sdk;
    const err = await apiError(h.sdk, () =>
      kvs
        .transact()
        .set('good', 1)
        .set('OPS-1', { severity: 'high' } as never, { entityName: 'incident' })
        .execute(),
    );
    expect([err.code, err.context.key, err.context.operation]).toEqual(['INVALID_ENTITY_VALUE', 'OPS-1', 'set']);
    expect(await kvs.get('good')).toBeUndefined();
  });

  it('enforces 25 operations, unique keys, entity-only conditions and the 4 MB payload', async () => {
    const { kvs, Filter, FilterConditions } = h.sdk;
    const tx = (n: number) => {
      const t = kvs.transact();
      for (let i = 0; i < n; i++) t.set(`k${i}`, i);
      return t;
    };
    await tx(24).delete('x').execute();
    expect(await kvs.get('k23')).toBe(23);
    const tooMany = await apiError(h.sdk, () => tx(25).delete('x').execute());
    expect([tooMany.code, tooMany.responseDetails.status]).toEqual(['TOO_MANY_ITEMS', 400]);
    expect((await apiError(h.sdk, () => kvs.transact().set('d', 1).delete('d').execute())).code).toBe('DUPLICATE_KEYS');
    // The same key in KVS and in an entity are different items.
    await kvs.transact().set('same', 1).set('same', { state: 'x' }, { entityName: 'incident' }).execute();
    expect((await apiError(h.sdk, () => kvs.transact().execute())).code).toBe('EMPTY_REQUEST');
    const big = kvs.transact();
    for (let i = 0; i < 18; i++) big.set(`big${i}`, 'x'.repeat(230 * 1024));
    expect((await apiError(h.sdk, () => big.execute())).code).toBe('PAYLOAD_TOO_LARGE');
    const onPlainKey = h.service.handle('/api/v1/transaction', {
      check: [{ key: 'k1', conditions: { and: [{ property: 'state', condition: 'EXISTS', values: [true] }] } }],
    });
    expect(onPlainKey).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(() => kvs.transact().check('k1', { entityName: 'incident', conditions: new Filter() })).not.toThrow();
    expect(FilterConditions.exists()).toEqual({ condition: 'EXISTS', values: [true] });
  });
});
