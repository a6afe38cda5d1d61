import { SANDBOX_USERS } from '../core/product';
import { APP, SITE, TestJira, doc } from './test-request';

const editor = SANDBOX_USERS.find((u) => u.canEdit)!;
const viewer = SANDBOX_USERS.find((u) => !u.canEdit)!;

describe('Jira emulator: issues', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates an issue and reads it back with Jira-formatted fields', () => {
    const res = t.call('POST', '/rest/api/3/issue', {
      body: {
        fields: {
          project: { key: 'OPS' },
          issuetype: { name: 'Incident' },
          summary: 'Disk full on db-1',
          description: doc('The disk is full.'),
          labels: ['kaizen', 'sev2', 'kaizen'],
          priority: { name: 'High' },
          assignee: { accountId: editor.accountId },
          duedate: '2026-11-30',
        },
      },
    });
    expect(res.status).toBe(201);
    const created = res.body as { id: string; key: string; self: string };
    expect(created.key).toBe('OPS-1');
    expect(created.self).toBe(`${SITE.baseUrl}/rest/api/3/issue/${created.id}`);

    const got = t.call('GET', `/rest/api/3/issue/${created.key}`);
    expect(got.status).toBe(200);
    const issue = got.body as { id: string; key: string; fields: Record<string, any> };
    expect(issue.id).toBe(created.id);
    const f = issue.fields;
    expect(f['summary']).toBe('Disk full on db-1');
    expect(f['description']).toEqual(doc('The disk is full.'));
    expect(f['labels']).toEqual(['kaizen', 'sev2']);
    expect(f['issuetype'].name).toBe('Incident');
    expect(f['issuetype'].hierarchyLevel).toBe(0);
    expect(f['project']).toMatchObject({ id: '10000', key: 'OPS', name: 'Operations' });
    expect(f['status'].name).toBe('To Do');
    expect(f['status'].statusCategory.key).toBe('new');
    expect(f['priority'].name).toBe('High');
    expect(f['assignee'].accountId).toBe(editor.accountId);
    expect(f['assignee'].displayName).toBe(editor.displayName);
    // The reporter and creator default to the caller — the app account here.
    expect(f['reporter'].accountId).toBe(APP);
    expect(f['creator'].accountId).toBe(APP);
    expect(f['created']).toBe('2026-11-21T10:00:00.000+0000');
    expect(f['updated']).toBe(f['created']);
    expect(f['duedate']).toBe('2026-11-30');
    expect(f['resolution']).toBeNull();
    expect(f['comment']).toMatchObject({ comments: [], total: 0, startAt: 0 });
    expect(f['issuelinks']).toEqual([]);

    // Keys are case-insensitive, ids work too.
    expect(t.call('GET', `/rest/api/3/issue/ops-1`).status).toBe(200);
    expect(t.call('GET', `/rest/api/3/issue/${created.id}`).status).toBe(200);
  });

  it('numbers keys per project and ids site-wide, and defaults the priority to Medium', () => {
    const a = t.createIssue();
    const b = t.createIssue({ summary: 'Second' });
    expect([a.key, b.key]).toEqual(['OPS-1', 'OPS-2']);
    expect(Number(b.id)).toBe(Number(a.id) + 1);
    const got = t.call('GET', `/rest/api/3/issue/${b.key}?fields=priority`).body as { fields: Record<string, any> };
    expect(got.fields['priority'].name).toBe('Medium');
  });

  it('answers 404 with Jira\'s message for an unknown issue', () => {
    const res = t.call('GET', '/rest/api/3/issue/OPS-999');
    expect(res).toEqual({ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } });
  });

  it.each([
    ['missing summary', { summary: undefined }, 'summary', 'You must specify a summary of the issue.'],
    ['blank summary', { summary: '   ' }, 'summary', 'You must specify a summary of the issue.'],
    ['too long summary', { summary: 'x'.repeat(256) }, 'summary', 'Summary must be less than 255 characters.'],
    ['summary with a newline', { summary: 'a\nb' }, 'summary', 'The summary is invalid because it contains newline characters.'],
    ['unknown project', { project: { key: 'NOPE' } }, 'project', 'valid project is required'],
    ['unknown issue type', { issuetype: { name: 'Epic' } }, 'issuetype', 'The issue type selected is invalid.'],
    ['missing issue type', { issuetype: undefined }, 'issuetype', 'Specify an issue type'],
    ['unknown field', { customfield_10010: 'x' }, 'customfield_10010', "Field 'customfield_10010' cannot be set. It is not on the appropriate screen, or unknown."],
    ['label with a space', { labels: ['two words'] }, 'labels', "The label 'two words' contains spaces which is invalid."],
    ['bad due date', { duedate: '2026-13-45' }, 'duedate', 'Error parsing date string: 2026-13-45'],
    ['description as a string', { description: 'plain text' }, 'description', 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'],
    ['invalid ADF', { description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'blink', text: 'x' }] }] } }, 'description', 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'],
    ['unknown priority', { priority: { name: 'Urgent' } }, 'priority', 'Specify the Priority (id or name) in the string format'],
    ['unknown assignee', { assignee: { accountId: 'nobody' } }, 'assignee', 'Specified user does not exist or you do not have required permissions'],
    ['viewer as assignee', { assignee: { accountId: viewer.accountId } }, 'assignee', `User '${viewer.displayName}' cannot be assigned issues.`],
    ['a parent', { parent: { key: 'OPS-1' } }, 'parent', 'Given parent work item does not belong to appropriate hierarchy.'],
  ])('rejects %s with a field error', (_name, override, field, message) => {
    const fields: Record<string, unknown> = { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'ok', ...override };
    for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
    const res = t.call('POST', '/rest/api/3/issue', { body: { fields } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorMessages: [], errors: { [field]: message } });
    // Nothing was created: the next valid issue still gets OPS-1.
    expect(t.createIssue().key).toBe('OPS-1');
  });

  it('reports every invalid field at once', () => {
    const res = t.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, labels: ['a b'], duedate: 'tomorrow' } } });
    expect(res.status).toBe(400);
    expect(Object.keys((res.body as { errors: object }).errors).sort()).toEqual(['duedate', 'labels', 'summary']);
  });

  it('explains invalid ADF in a sandbox header', () => {
    const res = t.call('POST', '/rest/api/3/issue', {
      body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 's', description: { type: 'doc', version: 1, content: [{ type: 'nope' }] } } },
    });
    expect(res.status).toBe(400);
    expect(res.headers?.['x-sandbox-detail']).toMatch(/description/);
  });

  it('edits fields and applies label add / remove / set operations', () => {
    const { key } = t.createIssue({ labels: ['kaizen'] });
    t.advance(60_000);
    const res = t.call('PUT', `/rest/api/3/issue/${key}`, {
      body: { fields: { summary: 'Disk full on db-1 (mitigated)' }, update: { labels: [{ add: 'sev1' }, { add: 'alert-42' }, { remove: 'kaizen' }] } },
    });
    expect(res).toEqual({ status: 204 });
    const f = (t.call('GET', `/rest/api/3/issue/${key}`).body as { fields: Record<string, any> }).fields;
    expect(f['summary']).toBe('Disk full on db-1 (mitigated)');
    expect(f['labels']).toEqual(['alert-42', 'sev1']);
    expect(f['updated']).toBe('2026-11-21T10:01:00.000+0000');
    expect(f['created']).toBe('2026-11-21T10:00:00.000+0000');

    expect(t.call('PUT', `/rest/api/3/issue/${key}`, { body: { update: { labels: [{ set: ['only'] }] } } }).status).toBe(204);
    expect((t.call('GET', `/rest/api/3/issue/${key}?fields=labels`).body as any).fields.labels).toEqual(['only']);

    const bad = t.call('PUT', `/rest/api/3/issue/${key}`, { body: { update: { labels: [{ add: 'has space' }] } } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: { labels: "The label 'has space' contains spaces which is invalid." } });
    const both = t.call('PUT', `/rest/api/3/issue/${key}`, { body: { fields: { labels: ['x'] }, update: { labels: [{ add: 'y' }] } } });
    expect(both.status).toBe(400);
  });

  it('emits avi:jira:updated:issue with a changelog for an edit, and nothing for a no-op edit', () => {
    const { key, id } = t.createIssue({ labels: ['kaizen'] });
    expect(t.events.map((e) => e.eventType)).toEqual(['avi:jira:created:issue']);
    const created = t.events[0]!;
    expect(created.actor).toEqual({ kind: 'app' });
    expect(created.payload).toMatchObject({ issue: { id, key, fields: { summary: 'Disk full on db-1', labels: ['kaizen'], status: { name: 'To Do' } } }, atlassianId: APP });

    t.call('PUT', `/rest/api/3/issue/${key}`, { as: editor.accountId, body: { fields: { priority: { name: 'Highest' } }, update: { labels: [{ add: 'sev1' }] } } });
    const updated = t.events[1]!;
    expect(updated.eventType).toBe('avi:jira:updated:issue');
    expect(updated.actor).toEqual({ kind: 'user', accountId: editor.accountId });
    const items = (updated.payload['changelog'] as { items: Array<Record<string, unknown>> }).items;
    expect(items).toEqual(
      expect.arrayContaining([
        { field: 'labels', fieldtype: 'jira', fieldId: 'labels', from: null, fromString: 'kaizen', to: null, toString: 'kaizen sev1' },
        { field: 'priority', fieldtype: 'jira', fieldId: 'priority', from: '3', fromString: 'Medium', to: '1', toString: 'Highest' },
      ]),
    );

    t.call('PUT', `/rest/api/3/issue/${key}`, { body: { fields: { priority: { name: 'Highest' } } } });
    expect(t.events).toHaveLength(2);
  });

  it('returns the edited issue with returnIssue=true', () => {
    const { key } = t.createIssue();
    const res = t.call('PUT', `/rest/api/3/issue/${key}?returnIssue=true&expand=names`, { body: { fields: { summary: 'renamed' } } });
    expect(res.status).toBe(200);
    const body = res.body as { key: string; fields: Record<string, unknown>; names: Record<string, string> };
    expect(body.key).toBe(key);
    expect(body.fields['summary']).toBe('renamed');
    expect(body.names['summary']).toBe('Summary');
  });

  it('selects fields with the fields parameter (*all, names, exclusions)', () => {
    const { key } = t.createIssue({ description: doc('text') });
    const only = t.call('GET', `/rest/api/3/issue/${key}?fields=summary,status`).body as { fields: object };
    expect(Object.keys(only.fields).sort()).toEqual(['status', 'summary']);
    const minus = t.call('GET', `/rest/api/3/issue/${key}?fields=-description,-comment`).body as { fields: object };
    expect(minus.fields).not.toHaveProperty('description');
    expect(minus.fields).not.toHaveProperty('comment');
    expect(minus.fields).toHaveProperty('summary');
    const all = t.call('GET', `/rest/api/3/issue/${key}?fields=*all&expand=renderedFields,names`).body as { fields: object; renderedFields: Record<string, unknown>; names: Record<string, string> };
    expect(all.fields).toHaveProperty('comment');
    expect(all.renderedFields['description']).toBe('<p>text</p>');
    expect(all.names['issuetype']).toBe('Issue Type');
  });

  it('returns requested issue properties with the properties parameter', () => {
    const { key } = t.createIssue();
    t.call('PUT', `/rest/api/3/issue/${key}/properties/kaizen.incident`, { body: { level: 2 } });
    t.call('PUT', `/rest/api/3/issue/${key}/properties/other`, { body: 'x' });
    const named = t.call('GET', `/rest/api/3/issue/${key}?fields=summary&properties=kaizen.incident`).body as { properties: object };
    expect(named.properties).toEqual({ 'kaizen.incident': { level: 2 } });
    const allBut = t.call('GET', `/rest/api/3/issue/${key}?fields=summary&properties=*all,-other`).body as { properties: object };
    expect(allBut.properties).toEqual({ 'kaizen.incident': { level: 2 } });
    const none = t.call('GET', `/rest/api/3/issue/${key}?fields=summary`).body as object;
    expect(none).not.toHaveProperty('properties');
  });

  it('deletes an issue with everything attached to it', () => {
    const a = t.createIssue();
    const b = t.createIssue();
    t.call('POST', `/rest/api/3/issue/${a.key}/comment`, { body: { body: doc('hi') } });
    t.call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Relates' }, inwardIssue: { key: b.key }, outwardIssue: { key: a.key } } });
    expect(t.call('DELETE', `/rest/api/3/issue/${a.key}`)).toEqual({ status: 204 });
    expect(t.call('GET', `/rest/api/3/issue/${a.key}`).status).toBe(404);
    expect((t.call('GET', `/rest/api/3/issue/${b.key}?fields=issuelinks`).body as any).fields.issuelinks).toEqual([]);
    expect(t.events.at(-1)?.eventType).toBe('avi:jira:deleted:issue');
    // Keys are never reused.
    expect(t.createIssue().key).toBe('OPS-3');
  });

  it('creates and transitions in one request when `transition` is given', () => {
    const res = t.call('POST', '/rest/api/3/issue', {
      body: { fields: { project: { id: '10000' }, issuetype: { id: '10001' }, summary: 'Follow-up' }, transition: { id: '21' } },
    });
    expect(res.status).toBe(201);
    const f = (t.call('GET', `/rest/api/3/issue/${(res.body as { key: string }).key}?fields=status`).body as any).fields;
    expect(f.status.name).toBe('In Progress');
  });
});
