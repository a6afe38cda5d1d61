import { SANDBOX_USERS } from '../core/product';
import { parseJql } from './jql/parser';
import { textMatches } from './jql/evaluate';
import { TestJira, doc, type As } from './test-request';

const [aiko, ben, chika] = SANDBOX_USERS.filter((u) => u.canEdit) as [typeof SANDBOX_USERS[number], typeof SANDBOX_USERS[number], typeof SANDBOX_USERS[number]];
const viewer = SANDBOX_USERS.find((u) => !u.canEdit)!;
const DAY = 24 * 3600_000;

interface SearchPage {
  issues: Array<{ id: string; key?: string; fields?: Record<string, any>; properties?: Record<string, unknown> }>;
  isLast: boolean;
  nextPageToken?: string;
  names?: Record<string, string>;
}

describe('Jira emulator: JQL search', () => {
  let t: TestJira;
  const ids: Record<string, string> = {};

  /** Five issues spread over ten days; the clock ends at the last one. */
  beforeAll(() => {
    t = TestJira.open();
    const make = (fields: Record<string, unknown>, as: As = 'app') => {
      const created = t.createIssue(fields, as);
      ids[created.key] = created.id;
      return created.key;
    };
    const one = make({ summary: 'Disk full on db-1', description: doc('The disk on db-1 is full'), labels: ['kaizen', 'sev1'], priority: { name: 'Highest' }, assignee: { accountId: aiko.accountId }, duedate: '2026-11-25' });
    t.call('PUT', `/rest/api/3/issue/${one}/properties/kaizen.incident`, { body: { level: 1, state: 'resolved', services: ['db', 'api'] } });
    t.call('POST', `/rest/api/3/issue/${one}/transitions`, { body: { transition: { id: '31' } } });
    t.advance(DAY);
    const two = make({ summary: 'Checkout latency high', labels: ['kaizen', 'sev2'], priority: { name: 'High' }, assignee: { accountId: ben.accountId } });
    t.call('PUT', `/rest/api/3/issue/${two}/properties/kaizen.incident`, { body: { level: 2, state: 'open' } });
    t.call('POST', `/rest/api/3/issue/${two}/transitions`, { body: { transition: { id: '21' } } });
    t.advance(DAY);
    const three = make({ issuetype: { name: 'Task' }, summary: 'Add disk alerts', duedate: '2026-12-01' }, aiko.accountId);
    t.call('POST', `/rest/api/3/issue/${three}/comment`, { body: { body: doc('A follow-up for the disk incident') } });
    t.advance(8 * DAY);
    make({ issuetype: { name: 'Task' }, summary: '日本語のタスク ディスク容量', labels: ['retro'], priority: { name: 'Low' }, assignee: { accountId: chika.accountId } });
    t.advance(3600_000);
    const five = make({ summary: 'Login errors', labels: ['kaizen'], priority: { name: 'Lowest' } });
    t.call('PUT', `/rest/api/3/issue/${five}/properties/kaizen.incident`, { body: { level: 3, state: 'open', opened: '2026-12-01T00:00:00.000+0000' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const search = (jql: string, as: As = 'app', extra = ''): SearchPage => {
    const res = t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=key&maxResults=100${extra}`, { as });
    if (res.status !== 200) throw new Error(`${jql}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as SearchPage;
  };
  const keys = (jql: string, as: As = 'app'): string[] => search(jql, as).issues.map((i) => i.key ?? '?');
  const ops = (...n: number[]) => n.map((i) => `OPS-${i}`);

  const table: Array<[string, number[], As?]> = [
    ['project = OPS', [5, 4, 3, 2, 1]],
    ['project = "Operations"', [5, 4, 3, 2, 1]],
    ['project = 10000 AND issuetype = Incident', [5, 2, 1]],
    ['type = Task', [4, 3]],
    ['issuetype in (Task, Incident) AND labels = kaizen', [5, 2, 1]],
    ['labels = KAIZEN', [5, 2, 1]],
    ['status = Done', [1]],
    ['status = "In Progress"', [2]],
    ['status != Done', [5, 4, 3, 2]],
    ['statusCategory = "In Progress"', [2]],
    ['statusCategory in (new, done)', [5, 4, 3, 1]],
    ['labels in (sev1, sev2)', [2, 1]],
    ['labels not in (sev1)', [5, 4, 2]],
    ['labels != kaizen', [4]],
    ['labels is EMPTY', [3]],
    ['labels is not EMPTY', [5, 4, 2, 1]],
    ['priority = High', [2]],
    ['priority > Medium', [2, 1]],
    ['priority <= Low', [5, 4]],
    ['assignee = currentUser()', [1], aiko.accountId],
    ['reporter = currentUser()', [3], aiko.accountId],
    ['assignee is EMPTY', [5, 3]],
    [`assignee != "${ben.accountId}"`, [4, 1]],
    [`assignee in (${ben.accountId}, EMPTY)`, [5, 3, 2]],
    ['created >= -1d', [5, 4]],
    ['created > "-1w 2d"', [5, 4, 3]],
    ['created < "2026-11-23"', [2, 1]],
    ['created >= 2026-11-22 AND created <= "2026/11/23 10:00"', [3, 2]],
    ['created >= "2026-11-22T10:00:00.000+0000" AND created < startOfDay(-7)', [3, 2]],
    ['updated >= startOfDay()', [5, 4]],
    ['duedate is EMPTY', [5, 4, 2]],
    ['duedate <= 2026-11-30', [1]],
    ['resolution = Unresolved', [5, 4, 3, 2]],
    ['resolution = Done', [1]],
    ['resolution is not EMPTY', [1]],
    ['resolutiondate >= "2026-11-21"', [1]],
    ['summary ~ disk', [3, 1]],
    ['summary ~ "disk full"', [1]],
    ['summary ~ "\\"full disk\\""', []],
    ['summary ~ "\\"disk full\\""', [1]],
    ['summary ~ "check*"', [2]],
    ['summary ~ ディスク', [4]],
    ['summary !~ disk', [5, 4, 2]],
    ['description ~ "db-1"', [1]],
    ['comment ~ follow-up', [3]],
    ['text ~ incident', [3]],
    ['key = OPS-2', [2]],
    ['issuekey in (OPS-1, "OPS-3")', [3, 1]],
    ['key > OPS-3', [5, 4]],
    ['issue.property[kaizen.incident].level >= 2', [5, 2]],
    ["issue.property['kaizen.incident'].state = \"open\"", [5, 2]],
    ['issue.property[kaizen.incident].services = api', [1]],
    ['issue.property[kaizen.incident].opened > "2026-11-30"', [5]],
    ['issue.property[kaizen.incident].level is EMPTY', [4, 3]],
    ['NOT labels = kaizen', [4, 3]],
    ['(priority = Highest OR priority = Lowest) AND issuetype = Incident', [5, 1]],
    ['project = OPS && !(status = Done) || key = OPS-1', [5, 4, 3, 2, 1]],
    ['project = OPS AND NOT (labels = kaizen OR labels = retro)', [3]],
    ['project = OPS ORDER BY priority DESC', [1, 2, 3, 4, 5]],
    ['project = OPS ORDER BY created ASC', [1, 2, 3, 4, 5]],
    ['project = OPS ORDER BY duedate ASC, key DESC', [1, 3, 5, 4, 2]],
    ['project = OPS ORDER BY assignee ASC', [1, 2, 4, 5, 3]],
    ['project = OPS ORDER BY status DESC, created', [1, 2, 3, 4, 5]],
    ['project = OPS ORDER BY issue.property[kaizen.incident].level DESC', [4, 3, 5, 2, 1]],
    ['project = OPS order by summary', [3, 2, 1, 5, 4]],
  ];
  // Every row gets an explicit caller (a missing third argument would make Jest pass its `done` callback).
  it.each(table.map(([jql, expected, as]) => [jql, expected, as ?? 'app'] as const))('%s', (jql, expected, as) => {
    expect(keys(jql, as)).toEqual(ops(...expected));
  });

  it.each([
    ['project = ', 'Expecting either a value, list or function'],
    ['project = OPS AND', "Expecting a field name but got 'EOF'"],
    ['(project = OPS', "Expecting ')'"],
    ['project = OPS project = OPS', "Expecting either 'OR' or 'AND' but got 'project'"],
    ['foo = bar', "Field 'foo' does not exist or you do not have permission to view it."],
    ['project = NOPE', "The value 'NOPE' does not exist for the field 'project'."],
    ['status = Closed', "The value 'Closed' does not exist for the field 'status'."],
    ['project ~ OPS', "The operator '~' is not supported by the 'project' field."],
    ['summary = x', "The operator '=' is not supported by the 'summary' field."],
    ['status WAS Done', "The operator 'WAS'"],
    ['created > yesterday', "Date value 'yesterday' for field 'created' is invalid."],
    ['created > foo()', "Unable to find JQL function 'foo()'."],
    ['assignee = now()', "Function 'now' is not supported by the field 'assignee'."],
    ['summary ~ "unterminated', "The quoted string 'unterminated' has not been completed."],
    ['key = OPS-99', "An issue with key 'OPS-99' does not exist for field 'key'."],
    ['assignee = nobody', "The value 'nobody' does not exist for the field 'assignee'."],
    ['project = OPS ORDER BY labels', "Not able to sort using field 'labels'."],
    ['project = OPS ORDER BY', "Expecting a field name but got 'EOF'"],
    ['project in OPS', "Operator 'IN' needs a list of values"],
    ['project = OPS; drop', "The character ';' is a reserved JQL character."],
    ['ORDER BY created DESC', 'Unbounded JQL queries are not allowed here.'],
    ['', 'Unbounded JQL queries are not allowed here.'],
  ])('rejects %j with 400', (jql, message) => {
    const res = t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}`);
    expect(res.status).toBe(400);
    const body = res.body as { errorMessages: string[]; errors: object };
    expect(body.errors).toEqual({});
    expect(body.errorMessages.join(' ')).toContain(message);
  });

  it('reports every problem of a query at once', () => {
    const res = t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('foo = 1 AND project = NOPE')}`);
    expect((res.body as { errorMessages: string[] }).errorMessages).toHaveLength(2);
    expect((res.body as { errorMessages: string[] }).errorMessages.every((m) => m.length > 0)).toBe(true);
  });

  it('answers ids only by default, fields and properties on request, names once per page', () => {
    const plain = t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('key = OPS-1')}`).body as SearchPage;
    expect(plain.issues).toEqual([{ id: ids['OPS-1'] }]);
    const post = t.call('POST', '/rest/api/3/search/jql', { body: { jql: 'key = OPS-1', fields: ['summary', 'status'], properties: ['kaizen.incident'], expand: 'names' } }).body as SearchPage;
    expect(post.issues[0]).toMatchObject({ id: ids['OPS-1'], key: 'OPS-1', fields: { summary: 'Disk full on db-1', status: { name: 'Done' } }, properties: { 'kaizen.incident': { level: 1 } } });
    expect(Object.keys(post.issues[0]!.fields!).sort()).toEqual(['status', 'summary']);
    expect(post.names).toEqual({ summary: 'Summary', status: 'Status' });
    const navigable = t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('key = OPS-3')}&fields=*navigable`).body as SearchPage;
    expect(navigable.issues[0]!.fields).toHaveProperty('summary');
    expect(navigable.issues[0]!.fields).not.toHaveProperty('comment');
  });

  it('lets the viewer search (browse permission)', () => {
    expect(keys('project = OPS AND labels = sev1', viewer.accountId)).toEqual(['OPS-1']);
  });
});

describe('Jira emulator: search pagination', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
    for (let i = 0; i < 23; i++) {
      t.createIssue({ summary: `Alert ${i}`, labels: i % 2 ? ['odd'] : ['even'], priority: { id: String((i % 5) + 1) } });
      t.advance(1000);
    }
  });
  afterEach(async () => {
    await t.close();
  });

  const pageThrough = (jql: string, maxResults: number, between?: (n: number) => void): { keys: string[]; pages: SearchPage[] } => {
    const pages: SearchPage[] = [];
    let token: string | undefined;
    for (let n = 0; n < 100; n++) {
      // Alternate GET and POST: the token works for both.
      const res =
        n % 2 === 0
          ? t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=key&maxResults=${maxResults}${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`)
          : t.call('POST', '/rest/api/3/search/jql', { body: { jql, fields: ['key'], maxResults, ...(token ? { nextPageToken: token } : {}) } });
      expect(res.status).toBe(200);
      const page = res.body as SearchPage;
      pages.push(page);
      if (page.isLast) break;
      token = page.nextPageToken;
      expect(typeof token).toBe('string');
      between?.(n);
    }
    return { keys: pages.flatMap((p) => p.issues.map((i) => i.key!)), pages };
  };

  it.each([
    ['project = OPS', 5],
    ['project = OPS ORDER BY priority DESC', 4],
    ['labels = odd ORDER BY created ASC', 3],
    ['project = OPS ORDER BY summary DESC', 23],
    ['project = OPS ORDER BY priority ASC, created DESC', 7],
  ])('%s in pages of %d returns every issue exactly once, in order', (jql, size) => {
    const all = (t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=key&maxResults=1000`).body as SearchPage).issues.map((i) => i.key!);
    const { keys, pages } = pageThrough(jql, size);
    expect(keys).toEqual(all);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pages.at(-1)!.isLast).toBe(true);
    expect(pages.at(-1)).not.toHaveProperty('nextPageToken');
    expect(pages.slice(0, -1).every((p) => !p.isLast && p.issues.length === size)).toBe(true);
  });

  it('keeps its place when issues are created or deleted between pages', () => {
    const before = (t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = OPS ORDER BY created ASC')}&fields=key&maxResults=1000`).body as SearchPage).issues.map((i) => i.key!);
    const { keys } = pageThrough('project = OPS ORDER BY created ASC', 5, (n) => {
      if (n === 0) t.call('DELETE', '/rest/api/3/issue/OPS-2'); // already returned
      if (n === 1) t.createIssue({ summary: 'late arrival' }); // sorts last
    });
    expect(keys).toEqual([...before, 'OPS-24']);
  });

  it('caps maxResults at 100 when fields are requested and defaults it to 50', () => {
    const withFields = t.call('GET', `/rest/api/3/search/jql?jql=project%20%3D%20OPS&fields=summary&maxResults=500`).body as SearchPage;
    expect(withFields.issues).toHaveLength(23);
    expect(withFields.isLast).toBe(true);
    for (let i = 0; i < 90; i++) t.createIssue();
    const capped = t.call('GET', `/rest/api/3/search/jql?jql=project%20%3D%20OPS&fields=summary&maxResults=500`).body as SearchPage;
    expect(capped.issues).toHaveLength(100);
    expect(capped.isLast).toBe(false);
    const dflt = t.call('GET', `/rest/api/3/search/jql?jql=project%20%3D%20OPS`).body as SearchPage;
    expect(dflt.issues).toHaveLength(50);
  });

  it('rejects a token from another query or a forged one', () => {
    const first = t.call('GET', `/rest/api/3/search/jql?jql=project%20%3D%20OPS&maxResults=2`).body as SearchPage;
    const other = t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('labels = odd')}&nextPageToken=${encodeURIComponent(first.nextPageToken!)}`);
    expect(other.status).toBe(400);
    expect(t.call('GET', `/rest/api/3/search/jql?jql=project%20%3D%20OPS&nextPageToken=garbage`).status).toBe(400);
  });
});

describe('JQL parser and text matching', () => {
  it('unescapes quoted strings and tells operators from NOT', () => {
    const q = parseJql('summary ~ "say \\"hi\\" \\\\ \\u00e9" AND status != Done AND !(labels in (a, \'b c\')) ORDER BY created DESC, key');
    expect(q.orderBy.map((s) => [s.field.kind === 'field' ? s.field.name : '', s.direction])).toEqual([
      ['created', 'DESC'],
      ['key', 'ASC'],
    ]);
    const where = q.where as { kind: 'and'; items: any[] };
    expect(where.kind).toBe('and');
    expect(where.items[0].operand).toMatchObject({ kind: 'value', value: 'say "hi" \\ é', quoted: true });
    expect(where.items[1]).toMatchObject({ op: '!=' });
    expect(where.items[2]).toMatchObject({ kind: 'not', expr: { op: 'in', operand: { kind: 'list', items: [{ value: 'a' }, { value: 'b c' }] } } });
  });

  it('gives AND precedence over OR', () => {
    const q = parseJql('a = 1 OR b = 2 AND c = 3');
    expect(q.where).toMatchObject({ kind: 'or', items: [{ kind: 'clause' }, { kind: 'and' }] });
  });

  it('reads issue.property paths', () => {
    const q = parseJql("issue.property['kaizen.incident'].timeline.level = 2");
    expect(q.where).toMatchObject({ field: { kind: 'property', key: 'kaizen.incident', path: ['timeline', 'level'] } });
  });

  it.each([
    ['Disk full on db-1', 'disk', true],
    ['Disk full on db-1', 'disks', false],
    ['Disks full', 'disk', true],
    ['Disk full on db-1', 'full disk', true],
    ['Disk full on db-1', '"full disk"', false],
    ['Checkout latency', 'check*', true],
    ['ディスク容量の警告', '容量', true],
  ])('%j ~ %j is %s', (text, query, expected) => {
    expect(textMatches(text, query)).toBe(expected);
  });
});
