import { incidentEntity, type Incident } from './entity-fixtures';
import { apiError, startKvsHarness, type KvsHarness } from './test-harness';

/** Custom entities (entities-manifest, entities-api, entities-api-query), through the real SDK. */
describe('Custom Entity Store', () => {
  let h: KvsHarness;
  beforeEach(() => {
    h = startKvsHarness({ entities: [incidentEntity] });
  });
  afterEach(() => h.close());

  const incidents = () => h.sdk.kvs.entity<Incident>('incident');

  describe('attribute types', () => {
    const rejects = async (value: Record<string, unknown>) => {
      const err = await apiError(h.sdk, () => incidents().set('i', value as Incident));
      return [err.code, err.responseDetails.status, err.context.attribute];
    };

    it('enforces 32-bit signed integers', async () => {
      await incidents().set('min', { severity: -2147483648 });
      await incidents().set('max', { severity: 2147483647 });
      expect(await incidents().get('max')).toEqual({ severity: 2147483647 });
      expect(await rejects({ severity: 2147483648 })).toEqual(['INVALID_ENTITY_VALUE', 400, 'severity']);
      expect(await rejects({ severity: -2147483649 })).toEqual(['INVALID_ENTITY_VALUE', 400, 'severity']);
      expect(await rejects({ severity: 1.5 })).toEqual(['INVALID_ENTITY_VALUE', 400, 'severity']);
      expect(await rejects({ severity: '3' })).toEqual(['INVALID_ENTITY_VALUE', 400, 'severity']);
    });

    it('enforces float range, non-empty strings, booleans, and no null', async () => {
      await incidents().set('f', { score: 0, title: ' x ', acked: false, extra: { any: ['thing'] } });
      await incidents().set('g', { score: -1e-130, extra: [1, 2] });
      expect(await rejects({ score: 1e-131 })).toEqual(['INVALID_ENTITY_VALUE', 400, 'score']);
      expect(await rejects({ score: 1e126 })).toEqual(['INVALID_ENTITY_VALUE', 400, 'score']);
      expect(await rejects({ title: '' })).toEqual(['INVALID_ENTITY_VALUE', 400, 'title']);
      expect(await rejects({ title: ' \t ' })).toEqual(['INVALID_ENTITY_VALUE', 400, 'title']);
      expect(await rejects({ acked: 'true' })).toEqual(['INVALID_ENTITY_VALUE', 400, 'acked']);
      expect(await rejects({ extra: null })).toEqual(['INVALID_ENTITY_VALUE', 400, 'extra']);
      expect(await rejects({ undeclared: 'x' })).toEqual(['INVALID_ENTITY_VALUE', 400, 'undeclared']);
      await incidents().set('h', { score: 9.99999999999999e125, title: 'x'.repeat(900) });
      // `title` is the range of index by-acked-title: range values are limited to 900 bytes.
      const tooLong = await apiError(h.sdk, () => incidents().set('i', { title: 'x'.repeat(901) }));
      expect([tooLong.code, tooLong.context.index]).toEqual(['INVALID_ENTITY_VALUE', 'by-acked-title']);
      expect(await incidents().get('i')).toBeUndefined();
    });

    it('rejects non-object values, undeclared or malformed entity names and empty keys', async () => {
      expect((await apiError(h.sdk, () => incidents().set('i', 'text' as Incident))).code).toBe('INVALID_ENTITY_VALUE');
      expect((await apiError(h.sdk, () => h.sdk.kvs.entity('employee').set('i', {}))).code).toBe('INVALID_ENTITY_TYPE');
      expect((await apiError(h.sdk, () => h.sdk.kvs.entity('ab').get('i'))).code).toBe('ENTITY_TYPE_TOO_SHORT');
      expect((await apiError(h.sdk, () => h.sdk.kvs.entity('x'.repeat(61)).get('i'))).code).toBe('ENTITY_TYPE_TOO_LARGE');
      expect((await apiError(h.sdk, () => h.sdk.kvs.entity('Bad.Name').get('i'))).code).toBe('INVALID_ENTITY_TYPE');
      expect((await apiError(h.sdk, () => incidents().set('', {}))).code).toBe('EMPTY_KEY');
    });
  });

  it('gets, sets with key policy and metadata, and deletes', async () => {
    const { MetadataField } = h.sdk;
    const t0 = h.clock.ms;
    await incidents().set('OPS-1', { service: 'api', state: 'open' }, { ttl: { value: 1, unit: 'DAYS' } });
    const err = await apiError(h.sdk, () => incidents().set('OPS-1', { state: 'x' }, { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect([err.code, err.responseDetails.status]).toEqual(['KEY_ALREADY_EXISTS', 409]);
    expect(await incidents().get('OPS-1', { metadataFields: [MetadataField.CREATED_AT, MetadataField.EXPIRE_TIME] })).toEqual({
      key: 'OPS-1',
      value: { service: 'api', state: 'open' },
      createdAt: t0,
      expireTime: new Date(t0 + 86_400_000).toISOString(),
    });
    await incidents().delete('OPS-1');
    expect(await incidents().get('OPS-1')).toBeUndefined();
    await expect(incidents().delete('OPS-1')).resolves.toBeUndefined();
  });

  describe('index queries', () => {
    const seed = async () => {
      const rows: Array<[string, Incident]> = [
        ['i01', { service: 'api', state: 'open', openedAt: 100, severity: 1, title: 'disk full' }],
        ['i02', { service: 'api', state: 'open', openedAt: 200, severity: 3, title: 'latency high' }],
        ['i03', { service: 'api', state: 'open', openedAt: 300, severity: 2, title: 'disk slow' }],
        ['i04', { service: 'api', state: 'closed', openedAt: 250, severity: 3, title: 'cpu' }],
        ['i05', { service: 'web', state: 'open', openedAt: 220, severity: 3, title: 'errors' }],
        ['i06', { service: 'api', state: 'open', openedAt: 400, severity: 3, title: 'oom' }],
        ['i07', { service: 'api', state: 'open', openedAt: 500, severity: 2, title: 'disk again' }],
        ['i08', { service: 'api', state: 'open', severity: 3, title: 'no openedAt: not in the openedAt indexes' }],
        ['i09', { service: 'api', state: 'open', openedAt: 350, severity: 2 }],
      ];
      for (const [k, v] of rows) await incidents().set(k, v);
    };
    const keys = (page: { results: Array<{ key: string }> }) => page.results.map((r) => r.key);

    it('selects a partition, narrows the range, filters and sorts descending', async () => {
      await seed();
      const { Filter, FilterConditions, WhereConditions, Sort } = h.sdk;
      const page = await incidents()
        .query()
        .index('by-service-state-opened', { partition: ['api', 'open'] })
        .where(WhereConditions.between(150, 450))
        .filters(new Filter<Incident>().and('severity', FilterConditions.greaterThanEqualTo(2)).and('title', FilterConditions.exists()))
        .sort(Sort.DESC)
        .limit(100)
        .getMany();
      expect(keys(page)).toEqual(['i06', 'i03', 'i02']);
      expect(page.nextCursor).toBeUndefined();
      expect(page.results[0]).toEqual({ key: 'i06', value: { service: 'api', state: 'open', openedAt: 400, severity: 3, title: 'oom' } });
    });

    it('sorts ascending by default and supports or-filters and string conditions', async () => {
      await seed();
      const { Filter, FilterConditions } = h.sdk;
      const q = () => incidents().query().index('openedAt').limit(100);
      expect(keys(await q().getMany())).toEqual(['i01', 'i02', 'i05', 'i04', 'i03', 'i09', 'i06', 'i07']);
      const or = new Filter<Incident>().or('title', FilterConditions.beginsWith('disk')).or('service', FilterConditions.equalTo('web'));
      expect(keys(await q().filters(or).getMany())).toEqual(['i01', 'i05', 'i03', 'i07']);
      const and = new Filter<Incident>().and('title', FilterConditions.contains('e')).and('title', FilterConditions.notContains('disk'));
      expect(keys(await q().filters(and).getMany())).toEqual(['i02', 'i05']);
      const notTitled = new Filter<Incident>().and('title', FilterConditions.notExists()).and('state', FilterConditions.notEqualTo('closed'));
      expect(keys(await q().filters(notTitled).getMany())).toEqual(['i09']);
    });

    it('pages with a cursor: every item once, and a filtered page may be empty while a cursor remains', async () => {
      await seed();
      const { Filter, FilterConditions } = h.sdk;
      const late = new Filter<Incident>().and('openedAt', FilterConditions.greaterThan(390));
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        let q = incidents().query().index('by-service-state-opened', { partition: ['api', 'open'] }).filters(late).limit(2);
        if (cursor) q = q.cursor(cursor);
        const page = await q.getMany();
        seen.push(...keys(page));
        sizes.push(page.results.length);
        cursor = page.nextCursor;
      } while (cursor);
      // Index order: 100, 200, 300, 350 | 400, 500 — the first two pages read 4 items that the filter drops.
      expect(seen).toEqual(['i06', 'i07']);
      expect(sizes).toEqual([0, 0, 2]);
    });

    it('queries the implicit by-key index with where, sort and limit', async () => {
      await seed();
      const { WhereConditions, Sort } = h.sdk;
      const page = await incidents().query().index('by-key').where(WhereConditions.beginsWith('i0')).sort(Sort.DESC).limit(3).getMany();
      expect(keys(page)).toEqual(['i09', 'i08', 'i07']);
      const next = await incidents().query().index('by-key').where(WhereConditions.beginsWith('i0')).sort(Sort.DESC).limit(3).cursor(page.nextCursor ?? '').getMany();
      expect(keys(next)).toEqual(['i06', 'i05', 'i04']);
      expect(keys(await incidents().query().index('by-key').where(WhereConditions.greaterThan('i07')).getMany())).toEqual(['i08', 'i09']);
      expect(await incidents().query().index('by-key').getOne()).toMatchObject({ key: 'i01' });
    });

    it('uses boolean partitions and returns 10 results by default', async () => {
      for (let i = 0; i < 12; i++) await incidents().set(`a${String(i).padStart(2, '0')}`, { acked: i % 3 === 0, title: `t${i}` });
      const acked = await incidents().query().index('by-acked-title', { partition: [true] }).limit(100).getMany();
      expect(keys(acked)).toEqual(['a00', 'a03', 'a06', 'a09']);
      const def = await incidents().query().index('by-key').getMany();
      expect(def.results).toHaveLength(10);
      expect(def.nextCursor).toBeDefined();
    });

    it('reflects every write between queries, and a store cleared from outside', async () => {
      const { kvs, Filter, FilterConditions } = h.sdk;
      const list = async () => keys(await incidents().query().index('by-severity').limit(100).getMany());
      // White-box: index reads are cached per entity and keyed on this counter, bumped once per committed write.
      const version = () => h.store.get<number>('kvs-meta', 'version:kvs-entity:incident');
      await incidents().set('a', { severity: 2 });
      expect(await list()).toEqual(['a']);
      expect(version()).toBe(1);
      await incidents().set('b', { severity: 1 });
      await kvs.batchSet([{ key: 'c', value: { severity: 3 }, entityName: 'incident' }]);
      expect(await list()).toEqual(['b', 'a', 'c']);
      await incidents().set('a', { severity: 9 });
      await kvs.transact().delete('b', { entityName: 'incident' }).execute();
      expect(await list()).toEqual(['c', 'a']);
      const never = new Filter<Incident>().and('severity', FilterConditions.greaterThan(100));
      expect(version()).toBe(5);
      await expect(kvs.transact().set<Incident>('d', { severity: 0 }, { entityName: 'incident', conditions: never }).execute()).rejects.toThrow();
      expect(version()).toBe(5);
      await kvs.batchDelete([{ key: 'c', entityName: 'incident' }]);
      expect(await list()).toEqual(['a']);
      expect(version()).toBe(6);
      h.store.clearAll();
      expect(await list()).toEqual([]);
    });

    it('orders string ranges by UTF-8 bytes, as the store orders keys', async () => {
      const titles = ['b', 'a', '\u{e000}', '😀', 'é', 'Z'];
      for (const [i, title] of titles.entries()) await incidents().set(`t${i}`, { acked: true, title });
      const page = await incidents().query().index('by-acked-title', { partition: [true] }).getMany();
      expect(page.results.map((r) => r.value.title)).toEqual(['Z', 'a', 'b', 'é', '\u{e000}', '😀']);
    });

    it('hides expired items', async () => {
      await incidents().set('short', { severity: 1 }, { ttl: { value: 5, unit: 'SECONDS' } });
      await incidents().set('long', { severity: 2 });
      h.clock.advance(5_000);
      expect(keys(await incidents().query().index('by-severity').getMany())).toEqual(['long']);
    });

    it('answers malformed queries with the documented codes', async () => {
      const q = (body: Record<string, unknown>) => h.service.handle('/api/v1/entity/query', { entityName: 'incident', indexName: 'by-key', ...body });
      const code = (body: Record<string, unknown>) => {
        const r = q(body);
        return [r.status, (r.body as { code: string }).code];
      };
      expect(code({ indexName: 'by-nothing' })).toEqual([400, 'INVALID_ENTITY_INDEX']);
      expect(code({ indexName: 'by-service-state-opened', partition: ['api'] })).toEqual([400, 'BAD_REQUEST']);
      expect(code({ indexName: 'by-service-state-opened', partition: ['api', 7] })).toEqual([400, 'BAD_REQUEST']);
      expect(code({ limit: 101 })).toEqual([400, 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE']);
      expect(code({ limit: 0 })).toEqual([400, 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE']);
      expect(code({ filters: { and: [{ property: 'extra', condition: 'EXISTS', values: [true] }] } })).toEqual([422, 'INVALID_FILTER_CONDITION']);
      expect(code({ filters: { and: [], or: [] } })).toEqual([400, 'INVALID_FILTER_OPERATORS_COMBINATION']);
      expect(code({ filters: { and: [] } })).toEqual([400, 'EMPTY_FILTER_OPERATOR']);
      expect(code({ filters: { and: [{ property: 'severity', condition: 'BETWEEN', values: [1] }] } })).toEqual([400, 'INSUFFICIENT_FILTER_VALUES']);
      expect(code({ filters: { and: [{ property: 'severity', condition: 'BEGINS_WITH', values: ['1'] }] } })).toEqual([400, 'INVALID_FILTER_CONDITION']);
      expect(code({ filters: { and: [{ property: 'severity', condition: 'EQUAL_TO', values: ['1'] }] } })).toEqual([400, 'INVALID_FILTER_VALUES']);
      expect(code({ range: { condition: 'CONTAINS', values: ['a'] } })).toEqual([400, 'INVALID_FILTER_CONDITION']);
      expect(code({ cursor: 'bm9wZQ==' })).toEqual([400, 'BAD_REQUEST']);
      const many = Array.from({ length: 101 }, () => ({ property: 'severity', condition: 'EXISTS', values: [true] }));
      expect(code({ filters: { or: many } })).toEqual([400, 'TOO_MANY_CONDITIONS']);
    });
  });
});
