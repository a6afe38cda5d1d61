import { apiError, startKvsHarness, type KvsHarness } from './test-harness';

/** kvs.query() and the secret store, through the real SDK. */
describe('KVS query', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness();
  });
  afterEach(() => h.close());

  const pageThrough = async (prefix: string, limit: number) => {
    const { kvs, WhereConditions } = h.sdk;
    const keys: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      let q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany<number>();
      keys.push(...page.results.map((r) => r.key));
      pageSizes.push(page.results.length);
      cursor = page.nextCursor;
    } while (cursor);
    return { keys, pageSizes };
  };

  it('pages through every matching key exactly once, in key order, and stops with no cursor', async () => {
    const { kvs } = h.sdk;
    const expected: string[] = [];
    for (let i = 0; i < 23; i++) {
      const key = `item:${String(i).padStart(3, '0')}`;
      expected.push(key);
      await kvs.set(key, i);
    }
    await kvs.set('itel', 0);
    await kvs.set('item', 0); // "item" does not begin with "item:"
    await kvs.set('other:1', 0);
    const { keys, pageSizes } = await pageThrough('item:', 5);
    expect(keys).toEqual(expected);
    expect(pageSizes).toEqual([5, 5, 5, 5, 3]);
  });

  it('follows the docs example: 5 keys, pages of 2, the last page carries no cursor', async () => {
    const { kvs, WhereConditions } = h.sdk;
    for (let i = 1; i <= 5; i++) await kvs.set(`account.${i}`, `account ${i}`);
    for (let i = 1; i <= 4; i++) await kvs.set(`user.${i}`, `user ${i}`);
    const first = await kvs.query().limit(2).where('key', WhereConditions.beginsWith('account.')).getMany();
    expect(first.results.map((r) => r.key)).toEqual(['account.1', 'account.2']);
    expect(Buffer.from(first.nextCursor ?? '', 'base64').toString()).toBe('{"key":"account.2"}');
    const { keys } = await pageThrough('account.', 2);
    expect(keys).toEqual(['account.1', 'account.2', 'account.3', 'account.4', 'account.5']);
  });

  it('returns 10 results by default, allows 100 and rejects 101 with LIST_QUERY_LIMIT_EXCEEDED', async () => {
    const { kvs } = h.sdk;
    for (let i = 0; i < 105; i++) await kvs.set(`n${String(i).padStart(3, '0')}`, i);
    const def = await kvs.query().getMany();
    expect(def.results).toHaveLength(10);
    expect(def.nextCursor).toBeDefined();
    expect((await kvs.query().limit(100).getMany()).results).toHaveLength(100);
    const err = await apiError(h.sdk, () => kvs.query().limit(101).getMany());
    expect([err.code, err.responseDetails.status]).toEqual(['LIST_QUERY_LIMIT_EXCEEDED', 400]);
    expect((await apiError(h.sdk, () => kvs.query().limit(0).getMany())).code).toBe('LIST_QUERY_LIMIT_EXCEEDED');
  });

  it('hides expired entries from query results and still fills the page', async () => {
    const { kvs } = h.sdk;
    for (let i = 0; i < 6; i++) await kvs.set(`e${i}`, i, i % 2 === 0 ? { ttl: { value: 10, unit: 'SECONDS' } } : {});
    expect((await pageThrough('e', 2)).keys).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    h.clock.advance(10_000);
    const { keys, pageSizes } = await pageThrough('e', 2);
    expect(keys).toEqual(['e1', 'e3', 'e5']);
    expect(pageSizes).toEqual([2, 1]);
  });

  it('returns requested metadata per result and getOne picks the first key', async () => {
    const { kvs, MetadataField } = h.sdk;
    const t0 = h.clock.ms;
    await kvs.set('b', 2, { ttl: { value: 1, unit: 'HOURS' } });
    await kvs.set('a', 1);
    const page = await kvs.query({ metadataFields: [MetadataField.EXPIRE_TIME, MetadataField.CREATED_AT] }).getMany();
    expect(page.results).toEqual([
      { key: 'a', value: 1, createdAt: t0 },
      { key: 'b', value: 2, createdAt: t0, expireTime: new Date(t0 + 3_600_000).toISOString() },
    ]);
    expect(await kvs.query().getOne()).toEqual({ key: 'a', value: 1 });
  });

  it('validates where clauses and cursors with the documented codes', async () => {
    const s = h.service;
    const q = (body: unknown) => s.handle('/api/v1/query', body);
    expect(q({ where: [{ property: 'value', condition: 'BEGINS_WITH', values: ['a'] }] })).toMatchObject({ status: 400, body: { code: 'QUERY_WHERE_FIELD_INVALID' } });
    const two = { property: 'key', condition: 'BEGINS_WITH', values: ['a'] };
    expect(q({ where: [two, two] })).toMatchObject({ status: 400, body: { code: 'QUERY_WHERE_INVALID' } });
    expect(q({ where: [{ property: 'key', condition: 'CONTAINS', values: ['a'] }] })).toMatchObject({ status: 400, body: { code: 'INVALID_FILTER_CONDITION' } });
    expect(q({ where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['a', 'b'] }] })).toMatchObject({ status: 400, body: { code: 'INVALID_FILTER_VALUES' } });
    expect(q({ after: '%%%not-a-cursor' })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });
});

describe('KVS secrets', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness();
  });
  afterEach(() => h.close());

  it('are a separate space: same get/set/delete, invisible to query and to plain get', async () => {
    const { kvs, MetadataField } = h.sdk;
    await kvs.setSecret('webhook-token', { secret: 's3cr3t' }, { ttl: { value: 1, unit: 'DAYS' } });
    await kvs.set('plain', 'visible');
    expect(await kvs.getSecret('webhook-token')).toEqual({ secret: 's3cr3t' });
    expect(await kvs.get('webhook-token')).toBeUndefined();
    const listed = await kvs.query().limit(100).getMany();
    expect(listed.results.map((r) => r.key)).toEqual(['plain']);
    const meta = await kvs.getSecret('webhook-token', { metadataFields: [MetadataField.EXPIRE_TIME] });
    expect(meta).toEqual({ key: 'webhook-token', value: { secret: 's3cr3t' }, expireTime: new Date(h.clock.ms + 86_400_000).toISOString() });
    const err = await apiError(h.sdk, () => kvs.setSecret('webhook-token', 'other', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(err.code).toBe('KEY_ALREADY_EXISTS');
    await kvs.deleteSecret('webhook-token');
    expect(await kvs.getSecret('webhook-token')).toBeUndefined();
    await expect(kvs.deleteSecret('webhook-token')).resolves.toBeUndefined();
    expect(h.calls.some((c) => c.path === '/api/v1/secret/set')).toBe(true);
  });
});
