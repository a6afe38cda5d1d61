import { textMatches } from './cql-eval';
import { parseCql } from './cql-parser';
import { BEN, createKit, seeded, storage, type Kit } from './test-kit';

const DAY = 86_400_000;

describe('CQL parser', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const q = parseCql('label = a OR NOT label = b AND type = page ORDER BY created DESC, title');
    expect(q.where).toMatchObject({
      kind: 'or',
      left: { kind: 'clause', field: 'label', op: '=' },
      right: { kind: 'and', left: { kind: 'not', expr: { kind: 'clause', field: 'label' } }, right: { kind: 'clause', field: 'type' } },
    });
    expect(q.orderBy).toEqual([
      { field: 'created', descending: true },
      { field: 'title', descending: false },
    ]);
  });

  it('reads IN / NOT IN lists, quoted strings with escapes and function calls', () => {
    const q = parseCql('label not in ("a b", \'c\') and title = "say \\"hi\\"" and created > now("-2d")');
    expect(q.where).toMatchObject({
      kind: 'and',
      left: { kind: 'and', left: { op: 'not in', values: [{ text: 'a b' }, { text: 'c' }] }, right: { values: [{ text: 'say "hi"' }] } },
      right: { op: '>', values: [{ kind: 'function', name: 'now', args: ['-2d'] }] },
    });
  });

  it.each(['label =', 'type = page AND', '(label = a', 'label = "open', 'label == a', 'ORDER BY', 'label in a'])('rejects %p', (cql) => {
    expect(() => parseCql(cql)).toThrow(/Expected|Unterminated|Unexpected/);
  });
});

describe('text matching', () => {
  it.each([
    ['The primary database failed over', 'database', true],
    ['The primary database failed over', 'DATABASE failed', true],
    ['The primary database failed over', 'database outage', false],
    ['Incidents', 'incident', true],
    ['Incidents', 'incid*', true],
    ['ログインできない障害', 'ログイン', true],
    ['ログインできない障害', '決済', false],
  ])('%p ~ %p → %p', (text, query, expected) => {
    expect(textMatches(text, query)).toBe(expected);
  });
});

describe('CQL search', () => {
  let kit: Kit;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    kit = await createKit();
    const ops = await seeded(kit);
    id['Operations Home'] = ops.homepageId;
    id['Incidents'] = ops.incidentsId;
    id['Retrospectives'] = ops.retrosId;
    const page = async (title: string, parentId: string, body: string, labels: string[]): Promise<void> => {
      const res = await kit.call('createPage', { body: { spaceId: ops.spaceId, title, parentId, body: storage(body) } });
      expect(res.status).toBe(200);
      id[title] = res.body.id as string;
      if (labels.length > 0) await kit.call('addLabelsToContent', { path: { id: res.body.id }, body: labels.map((name) => ({ prefix: 'global', name })) });
    };
    await page('Incident 1: Database outage', ops.incidentsId, '<p>The primary database failed over. Error rate spiked.</p>', ['kaizen-incident', 'sev1', 'db']);
    kit.clock.advance(3 * DAY);
    await page('Incident 2: API latency', ops.incidentsId, '<p>Latency on the API gateway rose.</p>', ['kaizen-incident', 'sev2']);
    kit.clock.advance(3 * DAY);
    await page('障害 3: ログイン不可', ops.incidentsId, '<p>ログインできない障害が発生しました。</p>', ['kaizen-incident']);
    const retro = await kit.call('createPage', { actor: BEN, body: { spaceId: ops.spaceId, title: 'Retrospective: Database outage', parentId: ops.retrosId, body: storage('<p>Root cause: a failed disk. Action items follow.</p>') } });
    id['Retrospective: Database outage'] = retro.body.id as string;
    await kit.call('addLabelsToContent', { path: { id: retro.body.id }, body: [{ prefix: 'global', name: 'kaizen-retro' }, { prefix: 'global', name: 'db' }] });
    await page('Timeline', id['Incident 1: Database outage'] ?? '', '<p>09:00 alert fired</p>', []);
  });
  afterAll(async () => kit.close());

  const expand = (cql: string): string => cql.replace(/\$\{([^}]+)\}/g, (_, title: string) => id[title] ?? 'missing');
  const titlesOf = (results: Array<{ id: string }>): string[] => results.map((r) => Object.keys(id).find((t) => id[t] === r.id) ?? r.id);

  it.each<[string, string[]]>([
    ['type = page AND space = OPS AND label = "kaizen-incident"', ['Incident 1: Database outage', 'Incident 2: API latency', '障害 3: ログイン不可']],
    ['label in (sev1, sev2)', ['Incident 1: Database outage', 'Incident 2: API latency']],
    ['label = db AND NOT label = kaizen-retro', ['Incident 1: Database outage']],
    ['ancestor = ${Incidents}', ['Incident 1: Database outage', 'Incident 2: API latency', '障害 3: ログイン不可', 'Timeline']],
    ['parent = ${Incidents}', ['Incident 1: Database outage', 'Incident 2: API latency', '障害 3: ログイン不可']],
    ['title ~ "database"', ['Incident 1: Database outage', 'Retrospective: Database outage']],
    ['title = "incident 2: api latency"', ['Incident 2: API latency']],
    ['title ~ "incident*"', ['Incidents', 'Incident 1: Database outage', 'Incident 2: API latency']],
    ['text ~ "failed"', ['Incident 1: Database outage', 'Retrospective: Database outage']],
    ['text ~ "ログイン"', ['障害 3: ログイン不可']],
    ['text ~ "alert" OR label = sev2', ['Incident 2: API latency', 'Timeline']],
    ['(label = sev1 OR label = sev2) AND text ~ "latency"', ['Incident 2: API latency']],
    ['text !~ "database" AND label = kaizen-incident', ['Incident 2: API latency', '障害 3: ログイン不可']],
    ['space = OPS AND created >= "2025-06-04" AND created < "2025-06-07"', ['Incident 2: API latency']],
    ['created < 2025-06-02 AND label = kaizen-incident', ['Incident 1: Database outage']],
    ['lastmodified >= now("-1d")', ['障害 3: ログイン不可', 'Retrospective: Database outage', 'Timeline']],
    ['type = blogpost', []],
    ['id in (${Incident 1: Database outage}, ${Retrospective: Database outage})', ['Incident 1: Database outage', 'Retrospective: Database outage']],
    ['creator = "557058:ben-carter"', ['Retrospective: Database outage']],
    ['space.key != OPS', []],
  ])('%s', async (cql, expected) => {
    const res = await kit.call('searchContentByCQL', { query: { cql: expand(cql), limit: '50' } });
    expect(res.status).toBe(200);
    expect(titlesOf(res.body.results).sort()).toEqual([...expected].sort());
  });

  it('orders by ORDER BY, with descending title and created', async () => {
    const byTitle = await kit.call('searchContentByCQL', { query: { cql: 'label = kaizen-incident ORDER BY title DESC' } });
    expect(titlesOf(byTitle.body.results)).toEqual(['障害 3: ログイン不可', 'Incident 2: API latency', 'Incident 1: Database outage']);
    const byCreated = await kit.call('searchByCQL', { query: { cql: 'label = db order by created desc' } });
    expect(byCreated.body.results.map((r: { title: string }) => r.title)).toEqual(['Retrospective: Database outage', 'Incident 1: Database outage']);
  });

  it('resolves currentUser() to the caller', async () => {
    const res = await kit.call('searchContentByCQL', { actor: BEN, query: { cql: 'creator = currentUser()' } });
    expect(titlesOf(res.body.results)).toEqual(['Retrospective: Database outage']);
  });

  it('answers searchByCQL with search results and pages through them with next links', async () => {
    const first = await kit.call('searchByCQL', { query: { cql: 'ancestor = ' + id['Operations Home'], limit: '2', expand: 'content.space' } });
    expect(first.body).toMatchObject({ totalSize: 7, size: 2, start: 0, limit: 2, cqlQuery: `ancestor = ${id['Operations Home']}` });
    expect(first.body.results[0]).toMatchObject({ entityType: 'content', content: { type: 'page', space: { key: 'OPS' } }, resultGlobalContainer: { title: 'Operations', displayUrl: '/spaces/OPS' } });
    const seen: string[] = [];
    let res = first;
    for (let i = 0; i < 10; i++) {
      seen.push(...res.body.results.map((r: { content: { id: string } }) => r.content.id));
      const next = res.body._links.next as string | undefined;
      if (!next) break;
      expect(next.startsWith('/rest/api/search?')).toBe(true);
      res = await kit.call('searchByCQL', { query: new URLSearchParams(next.split('?')[1]) });
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('expands v1 content fields on request', async () => {
    const res = await kit.call('searchContentByCQL', { query: { cql: `id = ${id['Timeline']}`, expand: 'body.storage,version,ancestors,metadata.labels,space,history' } });
    const c = res.body.results[0];
    expect(c.body.storage).toEqual({ representation: 'storage', value: '<p>09:00 alert fired</p>' });
    expect(c.ancestors.map((a: { id: string }) => a.id)).toEqual([id['Operations Home'], id['Incidents'], id['Incident 1: Database outage']]);
    expect(c.version.number).toBe(1);
    expect(c._links.webui).toBe(`/spaces/OPS/pages/${id['Timeline']}/Timeline`);
  });

  it.each([
    ['label =', /^Could not parse cql : label =/],
    ['type = page AND', /^Could not parse cql/],
    ['foo = bar', /Unsupported CQL field 'foo'/],
    ['creator.fullname = x', /Unsupported CQL field 'creator.fullname'/],
    ['title ~ x ORDER BY relevance', /Unsupported ORDER BY field 'relevance'/],
    ['text = x', /not supported for field 'text'/],
    ['created > "yesterday"', /Invalid date/],
  ])('answers 400 for %p', async (cql, message) => {
    const res = await kit.call('searchByCQL', { query: { cql } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(message) });
  });
});
