import { TestJira, doc } from './test-request';

describe('Jira emulator: persistence and reset', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  function populate(): { a: string; b: string } {
    const a = t.createIssue({ labels: ['kaizen'] }).key;
    const b = t.createIssue({ summary: 'Follow-up' }).key;
    t.call('POST', `/rest/api/3/issue/${a}/comment`, { body: { body: doc('first note') } });
    t.call('POST', `/rest/api/3/issue/${a}/transitions`, { body: { transition: { id: '21' } } });
    t.call('PUT', `/rest/api/3/issue/${a}/properties/kaizen.incident`, { body: { level: 2 } });
    t.call('POST', `/rest/api/3/issue/${a}/remotelink`, { body: { globalId: 'page-1', object: { url: 'http://localhost:4010/wiki/x', title: 'Page' } } });
    t.call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Relates' }, outwardIssue: { key: a }, inwardIssue: { key: b } } });
    return { a, b };
  }

  const snapshot = (key: string) => {
    const issue = t.call('GET', `/rest/api/3/issue/${key}?expand=changelog&properties=*all`).body;
    const remote = t.call('GET', `/rest/api/3/issue/${key}/remotelink`).body;
    return { issue, remote };
  };

  it('keeps every issue, comment, link, property and counter across a restart', async () => {
    const { a, b } = populate();
    const before = { a: snapshot(a), b: snapshot(b) };
    await t.restart();
    expect({ a: snapshot(a), b: snapshot(b) }).toEqual(before);
    expect((before.a.issue as { fields: { comment: { total: number } } }).fields.comment.total).toBe(1);
    // Counters continue where they were: no key is handed out twice.
    expect(t.createIssue().key).toBe('OPS-3');
    const again = t.call('POST', `/rest/api/3/issue/${a}/remotelink`, { body: { globalId: 'page-1', object: { url: 'http://localhost:4010/wiki/x', title: 'Page v2' } } });
    expect(again.status).toBe(200);
  });

  it('seed() clears issues and everything attached, keeps the seeded catalogue, and restarts numbering', () => {
    const { a } = populate();
    t.jira.seed();
    expect(t.call('GET', `/rest/api/3/issue/${a}`).status).toBe(404);
    expect((t.call('GET', '/rest/api/3/search/jql?jql=project%20%3D%20OPS').body as { issues: unknown[] }).issues).toEqual([]);
    expect(t.call('GET', '/rest/api/3/project/OPS').body).toMatchObject({ id: '10000', key: 'OPS', name: 'Operations' });
    expect((t.call('GET', '/rest/api/3/priority').body as Array<{ id: string; name: string }>).map((p) => [p.id, p.name])).toEqual([
      ['1', 'Highest'],
      ['2', 'High'],
      ['3', 'Medium'],
      ['4', 'Low'],
      ['5', 'Lowest'],
    ]);
    expect((t.call('GET', '/rest/api/3/status').body as Array<{ name: string; statusCategory: { key: string } }>).map((s) => [s.name, s.statusCategory.key])).toEqual([
      ['To Do', 'new'],
      ['In Progress', 'indeterminate'],
      ['Done', 'done'],
    ]);
    const created = t.createIssue();
    expect(created.key).toBe('OPS-1');
    expect(t.call('GET', `/rest/api/3/issue/${created.key}?fields=comment,issuelinks`).body).toMatchObject({ fields: { comment: { total: 0 }, issuelinks: [] } });
    expect(t.call('GET', `/rest/api/3/issue/${created.key}/properties`).body).toEqual({ keys: [] });
  });

  it('is idempotent: seeding twice gives the same state as once', () => {
    t.jira.seed();
    const once = [t.call('GET', '/rest/api/3/project/OPS').body, t.call('GET', '/rest/api/3/issueLinkType').body, t.call('GET', '/rest/api/3/issuetype').body];
    t.jira.seed();
    expect([t.call('GET', '/rest/api/3/project/OPS').body, t.call('GET', '/rest/api/3/issueLinkType').body, t.call('GET', '/rest/api/3/issuetype').body]).toEqual(once);
  });

  it('seeds an empty store on creation but never wipes an existing one', async () => {
    t.createIssue();
    await t.restart(); // creates a new emulator over the same store
    expect(t.call('GET', '/rest/api/3/issue/OPS-1').status).toBe(200);
  });
});
