import { apiError, startKvsHarness, type KvsHarness } from './test-harness';

/** get / set / delete through the real @forge/kvs SDK: metadata, key policy, return values, TTL. */
describe('KVS get/set/delete', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness();
  });
  afterEach(() => h.close());

  it('round-trips every JSON value type except null', async () => {
    const { kvs } = h.sdk;
    const values = ['text', 123.5, -7, true, false, [1, 'two', { three: 3 }], { nested: { deep: ['x'] } }, ''];
    for (const [i, v] of values.entries()) await kvs.set(`k${i}`, v);
    for (const [i, v] of values.entries()) expect(await kvs.get(`k${i}`)).toEqual(v);
    expect(await kvs.get('never-set')).toBeUndefined();
    const err = await apiError(h.sdk, () => kvs.set('n', null));
    expect([err.code, err.responseDetails.status]).toEqual(['BAD_REQUEST', 400]);
  });

  it('uses the app-provider descriptor and the documented paths', async () => {
    await h.sdk.kvs.set('a', 1);
    await h.sdk.kvs.get('a');
    await h.sdk.kvs.delete('a');
    expect(h.calls.map((c) => [c.path, c.status])).toEqual([
      ['/api/v1/set', 204],
      ['/api/v1/get', 200],
      ['/api/v1/delete', 204],
    ]);
    expect(h.calls[0]?.descriptor).toEqual({ type: 'kvs', provider: 'app', remote: 'kvs' });
  });

  it('returns createdAt/updatedAt (epoch ms) and expireTime (ISO) only when asked', async () => {
    const { kvs, MetadataField } = h.sdk;
    const t0 = h.clock.ms;
    await kvs.set('m', 'v1', { ttl: { value: 2, unit: 'HOURS' } });
    h.clock.advance(5_000);
    await kvs.set('m', 'v2', { ttl: { value: 1, unit: 'DAYS' } });
    const all = await kvs.get('m', { metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT, MetadataField.EXPIRE_TIME] });
    expect(all).toEqual({ key: 'm', value: 'v2', createdAt: t0, updatedAt: t0 + 5_000, expireTime: new Date(t0 + 5_000 + 86_400_000).toISOString() });
    expect(await kvs.get('m', { metadataFields: [MetadataField.UPDATED_AT] })).toEqual({ key: 'm', value: 'v2', updatedAt: t0 + 5_000 });
    await kvs.set('permanent', 1);
    const p = await kvs.get('permanent', { metadataFields: [MetadataField.EXPIRE_TIME] });
    expect(p).toEqual({ key: 'permanent', value: 1 });
  });

  it('rejects an unknown metadata field with BAD_REQUEST', async () => {
    await h.sdk.kvs.set('m', 1);
    const err = await apiError(h.sdk, () => h.sdk.kvs.get('m', { metadataFields: ['NOPE' as never] }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.responseDetails).toMatchObject({ status: 400, statusText: 'Bad Request', httpPath: '/api/v1/get' });
  });

  it('FAIL_IF_EXISTS refuses to overwrite a live key with 409 KEY_ALREADY_EXISTS and leaves it unchanged', async () => {
    const { kvs } = h.sdk;
    await kvs.set('once', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    const err = await apiError(h.sdk, () => kvs.set('once', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(err).toBeInstanceOf(h.sdk.ForgeKvsAPIError);
    expect([err.code, err.responseDetails.status]).toEqual(['KEY_ALREADY_EXISTS', 409]);
    expect(await kvs.get('once')).toBe('first');
    await kvs.set('once', 'third', { keyPolicy: 'OVERRIDE' });
    expect(await kvs.get('once')).toBe('third');
  });

  it('FAIL_IF_EXISTS treats an expired key as absent', async () => {
    const { kvs } = h.sdk;
    await kvs.set('lease', 'a', { ttl: { value: 30, unit: 'SECONDS' } });
    h.clock.advance(30_000);
    await kvs.set('lease', 'b', { keyPolicy: 'FAIL_IF_EXISTS' });
    expect(await kvs.get('lease')).toBe('b');
  });

  it('returnValue LATEST and PREVIOUS return the written and the overwritten entry with metadata', async () => {
    const { kvs, MetadataField } = h.sdk;
    const t0 = h.clock.ms;
    const none = await kvs.set('r', 'v1', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
    expect(none).toBeUndefined();
    h.clock.advance(1_000);
    const prev = await kvs.set('r', 'v2', {
      keyPolicy: 'OVERRIDE',
      returnValue: 'PREVIOUS',
      returnMetadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT],
    });
    expect(prev).toEqual({ key: 'r', value: 'v1', createdAt: t0, updatedAt: t0 });
    h.clock.advance(1_000);
    const latest = await kvs.set('r', 'v3', { keyPolicy: 'OVERRIDE', returnValue: 'LATEST', returnMetadataFields: [MetadataField.UPDATED_AT] });
    expect(latest).toEqual({ key: 'r', value: 'v3', updatedAt: t0 + 2_000 });
  });

  it('rejects returnValue together with FAIL_IF_EXISTS', async () => {
    const res = h.service.handle('/api/v1/set', { key: 'x', value: 1, options: { keyPolicy: 'FAIL_IF_EXISTS', returnValue: 'LATEST' } });
    expect(res).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });

  it('hides a value once its TTL passes, using the injected clock', async () => {
    const { kvs } = h.sdk;
    await kvs.set('t', 'soon gone', { ttl: { value: 1, unit: 'MINUTES' } });
    h.clock.advance(59_999);
    expect(await kvs.get('t')).toBe('soon gone');
    h.clock.advance(1);
    expect(await kvs.get('t')).toBeUndefined();
  });

  it('accepts a TTL of exactly one year and rejects longer, zero or fractional ones', async () => {
    const { kvs } = h.sdk;
    await kvs.set('y', 1, { ttl: { value: 365, unit: 'DAYS' } });
    for (const ttl of [
      { value: 366, unit: 'DAYS' },
      { value: 365 * 24 + 1, unit: 'HOURS' },
      { value: 0, unit: 'SECONDS' },
      { value: 1.5, unit: 'MINUTES' },
      { value: 1, unit: 'WEEKS' },
    ]) {
      const err = await apiError(h.sdk, () => kvs.set('y2', 1, { ttl: ttl as never }));
      expect(err.code).toBe('BAD_REQUEST');
    }
    expect(await kvs.get('y2')).toBeUndefined();
  });

  it('delete succeeds whether the key exists or not, and removes it', async () => {
    const { kvs } = h.sdk;
    await kvs.set('d', 1);
    await kvs.delete('d');
    expect(await kvs.get('d')).toBeUndefined();
    await expect(kvs.delete('d')).resolves.toBeUndefined();
    // On the wire the missing key is a 404 KEY_NOT_FOUND, which the SDK swallows.
    expect(h.calls[h.calls.length - 1]?.status).toBe(404);
  });

  it('keeps createdAt across overwrites and drops the TTL when an overwrite has none', async () => {
    const { kvs, MetadataField } = h.sdk;
    const t0 = h.clock.ms;
    await kvs.set('c', 1, { ttl: { value: 10, unit: 'SECONDS' } });
    h.clock.advance(2_000);
    await kvs.set('c', 2);
    h.clock.advance(60_000);
    expect(await kvs.get('c', { metadataFields: [MetadataField.CREATED_AT, MetadataField.EXPIRE_TIME] })).toEqual({ key: 'c', value: 2, createdAt: t0 });
  });
});
