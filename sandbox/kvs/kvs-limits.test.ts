import { KVS_LIMITS } from './kvs-service';
import { apiError, startKvsHarness, type KvsHarness } from './test-harness';

/** Key format, value size and depth limits (limits-kvs-ce, kvs-errorhandling), through the real SDK. */
describe('KVS key and value limits', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness();
  });
  afterEach(() => h.close());

  const code = async (fn: () => Promise<unknown>) => {
    const err = await apiError(h.sdk, fn);
    return [err.code, err.responseDetails.status];
  };

  it('accepts a 500-character key and rejects a 501-character one with KEY_TOO_LONG', async () => {
    const { kvs } = h.sdk;
    await kvs.set('k'.repeat(500), 'ok');
    expect(await kvs.get('k'.repeat(500))).toBe('ok');
    expect(await code(() => kvs.set('k'.repeat(501), 'no'))).toEqual(['KEY_TOO_LONG', 400]);
    expect(await code(() => kvs.get('k'.repeat(501)))).toEqual(['KEY_TOO_LONG', 400]);
  });

  it('applies the documented key regex', async () => {
    const { kvs } = h.sdk;
    for (const good of ['a', 'A-z_0.9:#', 'with space', 'incident#OPS-1:alert.42', ' x ']) {
      await kvs.set(good, 1);
      expect(await kvs.get(good)).toBe(1);
    }
    for (const bad of ['slash/key', 'q?', 'ünïcode', 'emoji😀', 'pct%', '   ']) {
      expect(await code(() => kvs.set(bad, 1))).toEqual(['INVALID_KEY', 400]);
    }
    expect(await code(() => kvs.set('', 1))).toEqual(['KEY_TOO_SHORT', 400]);
  });

  it('measures the value as UTF-8 bytes of its JSON: 240 KiB fits, one byte more is MAX_SIZE', async () => {
    const { kvs } = h.sdk;
    // JSON of a string is the string plus two quotes.
    const fits = 'x'.repeat(KVS_LIMITS.valueMaxBytes - 2);
    await kvs.set('big', fits);
    expect(((await kvs.get('big')) as string).length).toBe(fits.length);
    expect(await code(() => kvs.set('big2', fits + 'x'))).toEqual(['MAX_SIZE', 400]);
    // A multi-byte character counts for its bytes, not as one character.
    const euro = '€'.repeat(Math.floor(KVS_LIMITS.valueMaxBytes / 3));
    expect(await code(() => kvs.set('big3', euro))).toEqual(['MAX_SIZE', 400]);
    expect(await code(() => kvs.set('big4', { blob: 'y'.repeat(241 * 1024) }))).toEqual(['MAX_SIZE', 400]);
    expect(await kvs.get('big2')).toBeUndefined();
  });

  it('allows objects 31 levels deep and rejects 32 with MAX_DEPTH', async () => {
    const { kvs } = h.sdk;
    const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { n: nest(levels - 1) });
    await kvs.set('deep31', nest(31));
    expect(await kvs.get('deep31')).toEqual(nest(31));
    expect(await code(() => kvs.set('deep32', nest(32)))).toEqual(['MAX_DEPTH', 400]);
    const arrays = (levels: number): unknown => (levels === 0 ? 1 : [arrays(levels - 1)]);
    expect(await code(() => kvs.set('deep32a', arrays(32)))).toEqual(['MAX_DEPTH', 400]);
  });

  it('limits secrets to 128 KiB values', async () => {
    const { kvs } = h.sdk;
    await kvs.setSecret('s', 'x'.repeat(KVS_LIMITS.secretValueMaxBytes - 2));
    expect(await code(() => kvs.setSecret('s2', 'x'.repeat(KVS_LIMITS.secretValueMaxBytes - 1)))).toEqual(['MAX_SIZE', 400]);
    // The same value is fine in plain KVS, whose limit is 240 KiB.
    await kvs.set('s2', 'x'.repeat(KVS_LIMITS.secretValueMaxBytes - 1));
  });

  it('answers unknown option fields, unknown paths and malformed bodies with 4xx JSON errors', async () => {
    const s = h.service;
    expect(s.handle('/api/v1/set', { key: 'a', value: 1, options: { metadataFields: ['CREATED_AT'] } })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
    expect(s.handle('/api/v1/get', 'not an object')).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(s.handle('/api/v1/get', { key: 7 })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(s.handle('/api/v2/get', { key: 'a' })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});
