import { SANDBOX_USERS } from '../core/product';
import { APP, SITE, TestJira, doc } from './test-request';

const editor = SANDBOX_USERS.find((u) => u.canEdit)!;
const other = SANDBOX_USERS.filter((u) => u.canEdit)[1]!;

describe('Jira emulator: transitions', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  const status = (key: string) => (t.call('GET', `/rest/api/3/issue/${key}?fields=status,resolution,resolutiondate,statuscategorychangedate`).body as { fields: Record<string, any> }).fields;
  const transitionIds = (key: string) => ((t.call('GET', `/rest/api/3/issue/${key}/transitions`).body as { transitions: Array<{ id: string; to: { name: string } }> }).transitions);

  it('offers the simplified workflow\'s global transitions except the one into the current status', () => {
    const { key } = t.createIssue();
    expect(transitionIds(key).map((tr) => [tr.id, tr.to.name])).toEqual([
      ['21', 'In Progress'],
      ['31', 'Done'],
    ]);
    const one = t.call('GET', `/rest/api/3/issue/${key}/transitions?transitionId=31`).body as { transitions: unknown[] };
    expect(one.transitions).toHaveLength(1);
  });

  it('moves the issue, sets and clears the resolution, and emits the change', () => {
    const { key, id } = t.createIssue();
    t.advance(5 * 60_000);
    expect(t.call('POST', `/rest/api/3/issue/${key}/transitions`, { as: editor.accountId, body: { transition: { id: '21' } } })).toEqual({ status: 204 });
    expect(status(key)['status'].name).toBe('In Progress');
    expect(status(key)['resolution']).toBeNull();
    expect(status(key)['statuscategorychangedate']).toBe('2026-11-21T10:05:00.000+0000');

    const event = t.events.at(-1)!;
    expect(event.eventType).toBe('avi:jira:updated:issue');
    expect(event.actor).toEqual({ kind: 'user', accountId: editor.accountId });
    expect(event.payload).toMatchObject({
      issue: { id, key, fields: { status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } } },
      atlassianId: editor.accountId,
      changelog: { items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10000', fromString: 'To Do', to: '3', toString: 'In Progress' }] },
      associatedStatuses: [{ id: '10000', name: 'To Do' }, { id: '3', name: 'In Progress' }],
    });

    t.advance(60_000);
    t.call('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: '31' }, fields: { resolution: { name: "Won't Do" } } } });
    const done = status(key);
    expect(done['status'].statusCategory.key).toBe('done');
    expect(done['resolution'].name).toBe("Won't Do");
    expect(done['resolutiondate']).toBe('2026-11-21T10:06:00.000+0000');
    const items = (t.events.at(-1)!.payload['changelog'] as { items: Array<{ field: string; toString: string | null }> }).items;
    expect(items.map((i) => [i.field, i.toString])).toEqual([
      ['resolution', "Won't Do"],
      ['status', 'Done'],
    ]);

    // Reopening clears the resolution.
    t.call('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: '11' } } });
    expect(status(key)['resolution']).toBeNull();
    expect(status(key)['resolutiondate']).toBeNull();
  });

  it('defaults the resolution to Done and lists the history with expand=changelog', () => {
    const { key } = t.createIssue();
    t.call('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: 31 } } });
    expect(status(key)['resolution'].name).toBe('Done');
    const bean = t.call('GET', `/rest/api/3/issue/${key}?fields=summary&expand=changelog`).body as { changelog: { total: number; histories: Array<{ author: { accountId: string }; items: unknown[] }> } };
    expect(bean.changelog.total).toBe(1);
    expect(bean.changelog.histories[0]?.author.accountId).toBe(APP);
  });

  it.each([
    ['a transition not offered from the current status', { transition: { id: '11' } }, "Transition id '11' is not valid for this issue."],
    ['an unknown transition', { transition: { id: '99' } }, "Transition id '99' is not valid for this issue."],
    ['no transition', { fields: {} }, "Missing 'transition' identifier"],
  ])('rejects %s', (_name, body, message) => {
    const { key } = t.createIssue();
    const res = t.call('POST', `/rest/api/3/issue/${key}/transitions`, { body });
    expect(res.status).toBe(400);
    expect((res.body as { errorMessages: string[] }).errorMessages).toEqual([message]);
    expect(status(key)['status'].name).toBe('To Do');
  });

  it('rejects fields that are not on the (absent) transition screen', () => {
    const { key } = t.createIssue();
    const res = t.call('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: '21' }, fields: { summary: 'x', resolution: { name: 'Done' } } } });
    expect(res.status).toBe(400);
    expect((res.body as { errors: Record<string, string> }).errors).toEqual({
      summary: "Field 'summary' cannot be set. It is not on the appropriate screen, or unknown.",
      resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
    });
  });

  it('adds a comment given in update.comment during a transition', () => {
    const { key } = t.createIssue();
    t.call('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: '31' }, update: { comment: [{ add: { body: doc('Recovered.') } }] } } });
    const comments = t.call('GET', `/rest/api/3/issue/${key}/comment`).body as { total: number };
    expect(comments.total).toBe(1);
    expect(t.events.map((e) => e.eventType)).toEqual(['avi:jira:created:issue', 'avi:jira:updated:issue', 'avi:jira:commented:issue']);
  });
});

describe('Jira emulator: comments', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  it('adds comments, emits avi:jira:commented:issue and pages through them', () => {
    const { key, id } = t.createIssue();
    for (let i = 1; i <= 5; i++) {
      t.advance(1000);
      const res = t.call('POST', `/rest/api/3/issue/${key}/comment`, { as: editor.accountId, body: { body: doc(`note ${i}`) } });
      expect(res.status).toBe(201);
      const c = res.body as { id: string; self: string; author: { accountId: string }; body: unknown; created: string };
      expect(c.self).toBe(`${SITE.baseUrl}/rest/api/3/issue/${id}/comment/${c.id}`);
      expect(c.author.accountId).toBe(editor.accountId);
      expect(c.body).toEqual(doc(`note ${i}`));
    }
    const commented = t.events.filter((e) => e.eventType === 'avi:jira:commented:issue');
    expect(commented).toHaveLength(5);
    expect(commented[0]!.payload).toMatchObject({ issue: { key }, atlassianId: editor.accountId, comment: { body: doc('note 1') } });

    const page = (q: string) => t.call('GET', `/rest/api/3/issue/${key}/comment?${q}`).body as { startAt: number; maxResults: number; total: number; comments: Array<{ body: unknown }> };
    const first = page('startAt=0&maxResults=2');
    expect(first).toMatchObject({ startAt: 0, maxResults: 2, total: 5 });
    expect(first.comments.map((c) => c.body)).toEqual([doc('note 1'), doc('note 2')]);
    expect(page('startAt=4&maxResults=2').comments.map((c) => c.body)).toEqual([doc('note 5')]);
    expect(page('orderBy=-created&maxResults=1').comments.map((c) => c.body)).toEqual([doc('note 5')]);
    // The issue's updated time follows its latest comment.
    expect((t.call('GET', `/rest/api/3/issue/${key}?fields=updated,comment`).body as any).fields.updated).toBe('2026-11-21T10:00:05.000+0000');
  });

  it('rejects an empty or non-ADF body', () => {
    const { key } = t.createIssue();
    const empty = t.call('POST', `/rest/api/3/issue/${key}/comment`, { body: { body: { type: 'doc', version: 1, content: [] } } });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ errors: { comment: 'Comment body can not be empty!' } });
    const text = t.call('POST', `/rest/api/3/issue/${key}/comment`, { body: { body: 'wiki *markup*' } });
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({ errors: { comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' } });
  });

  it('lets authors edit and delete their own comments only', () => {
    const { key } = t.createIssue();
    const c = t.call('POST', `/rest/api/3/issue/${key}/comment`, { as: editor.accountId, body: { body: doc('draft') } }).body as { id: string };
    t.advance(1000);
    const edited = t.call('PUT', `/rest/api/3/issue/${key}/comment/${c.id}`, { as: editor.accountId, body: { body: doc('final') } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: doc('final'), updated: '2026-11-21T10:00:01.000+0000', created: '2026-11-21T10:00:00.000+0000' });
    expect(t.call('PUT', `/rest/api/3/issue/${key}/comment/${c.id}`, { as: other.accountId, body: { body: doc('hijack') } }).status).toBe(400);
    expect(t.call('DELETE', `/rest/api/3/issue/${key}/comment/${c.id}`, { as: other.accountId }).status).toBe(400);
    // The app holds Edit/Delete All Comments.
    expect(t.call('DELETE', `/rest/api/3/issue/${key}/comment/${c.id}`).status).toBe(204);
    expect(t.call('GET', `/rest/api/3/issue/${key}/comment/${c.id}`).status).toBe(404);
  });
});
