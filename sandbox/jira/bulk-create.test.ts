import { SANDBOX_USERS } from '../core/product';
import { TestJira } from './test-request';

const ben = SANDBOX_USERS.find((u) => u.displayName === 'Ben Carter')!;
const viewer = SANDBOX_USERS.find((u) => !u.canEdit)!;

const task = (summary: string, extra: Record<string, unknown> = {}) => ({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary, ...extra } });

describe('Jira emulator: bulk create, links on create, assignable users', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates every valid element, answers each failed one by its 0-based number, and raises one event per issue', () => {
    const incident = t.createIssue({ summary: 'Checkout down' });
    const before = t.events.length;
    const res = t.call('POST', '/rest/api/3/issue/bulk', {
      body: {
        issueUpdates: [
          { ...task('Add an alert', { duedate: '2026-12-24', assignee: { accountId: ben.accountId }, priority: { name: 'High' } }), properties: [{ key: 'kaizen-action-item', value: { incidentId: 'inc-1', rowId: 'r1' } }], update: { issuelinks: [{ add: { type: { name: 'Relates' }, outwardIssue: { key: incident.key } } }] } },
          task('Bad date', { duedate: 'someday' }),
          task('Runbook'),
        ],
      },
    });
    expect(res.status).toBe(201);
    const body = res.body as { issues: Array<{ id: string; key: string }>; errors: Array<{ failedElementNumber: number; status: number; elementErrors: { errors: Record<string, string> } }> };
    expect(body.issues.map((i) => i.key)).toHaveLength(2);
    expect(body.errors).toEqual([{ status: 400, failedElementNumber: 1, elementErrors: { errorMessages: [], errors: { duedate: expect.stringContaining('someday') } } }]);
    expect(t.events.length - before).toBe(2);
    const first = t.call('GET', `/rest/api/3/issue/${body.issues[0]!.key}?fields=duedate,assignee,priority,issuelinks`).body as { fields: Record<string, any> };
    expect(first.fields).toMatchObject({ duedate: '2026-12-24', assignee: { accountId: ben.accountId }, priority: { name: 'High' }, issuelinks: [{ type: { name: 'Relates' }, outwardIssue: { key: incident.key } }] });
    expect(t.call('GET', `/rest/api/3/issue/${body.issues[0]!.key}/properties/kaizen-action-item`).body).toMatchObject({ value: { incidentId: 'inc-1', rowId: 'r1' } });
    // the incident sees the link from its side
    const fromIncident = t.call('GET', `/rest/api/3/issue/${incident.key}?fields=issuelinks`).body as { fields: { issuelinks: Array<Record<string, any>> } };
    expect(fromIncident.fields.issuelinks[0]).toMatchObject({ inwardIssue: { key: body.issues[0]!.key } });
  });

  it('answers 400 with every element failed, and refuses more than 50 elements before creating any', () => {
    const none = t.call('POST', '/rest/api/3/issue/bulk', { body: { issueUpdates: [task('x', { assignee: { accountId: viewer.accountId } })] } });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ issues: [], errors: [{ failedElementNumber: 0, elementErrors: { errors: { assignee: expect.stringContaining('cannot be assigned') } } }] });
    const many = t.call('POST', '/rest/api/3/issue/bulk', { body: { issueUpdates: Array.from({ length: 51 }, (_, i) => task(`t${i}`)) } });
    expect(many.status).toBe(400);
    const search = t.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('summary ~ "t1"')}`).body as { issues: unknown[] };
    expect(search.issues).toEqual([]);
  });

  it('refuses a link on create to an unknown issue or with an unknown type, creating nothing', () => {
    const bad = t.call('POST', '/rest/api/3/issue', { body: { ...task('x'), update: { issuelinks: [{ add: { type: { name: 'Relates' }, outwardIssue: { key: 'OPS-999' } } }] } } });
    expect(bad.status).toBe(404);
    const badType = t.call('POST', '/rest/api/3/issue', { body: { ...task('x'), update: { issuelinks: [{ add: { type: { name: 'Is action item of' }, outwardIssue: { key: 'OPS-1' } } }] } } });
    expect(badType.status).toBe(400);
  });

  it('lists assignable users of a project or an issue; the viewer and the app are not assignable', () => {
    const issue = t.createIssue({ summary: 'x' });
    const all = t.call('GET', '/rest/api/3/user/assignable/search?project=OPS').body as Array<{ accountId: string }>;
    expect(all.map((u) => u.accountId)).toContain(ben.accountId);
    expect(all.map((u) => u.accountId)).not.toContain(viewer.accountId);
    expect(t.call('GET', `/rest/api/3/user/assignable/search?issueKey=${issue.key}&accountId=${ben.accountId}`).body).toMatchObject([{ accountId: ben.accountId }]);
    expect(t.call('GET', `/rest/api/3/user/assignable/search?project=OPS&accountId=${viewer.accountId}`).body).toEqual([]);
    expect(t.call('GET', '/rest/api/3/user/assignable/search?project=OPS&query=ben@example.com').body).toMatchObject([{ accountId: ben.accountId }]);
    expect(t.call('GET', '/rest/api/3/user/assignable/search?query=ben').status).toBe(400);
    expect(t.call('GET', '/rest/api/3/user/assignable/search?project=NOPE').status).toBe(404);
  });
});
