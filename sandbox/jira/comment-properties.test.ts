import { SANDBOX_USERS, type ProductResponse } from '../core/product';
import { NS, pad } from './model';
import { SITE, TestJira, doc, type As } from './test-request';

const editor = SANDBOX_USERS.find((u) => u.canEdit)!;
const other = SANDBOX_USERS.filter((u) => u.canEdit)[1]!;
const viewer = SANDBOX_USERS.find((u) => !u.canEdit)!;

interface CommentBody {
  id: string;
  self: string;
  body: unknown;
  created: string;
  properties?: Array<{ key: string; value: unknown }>;
}
interface Page {
  startAt: number;
  maxResults: number;
  total: number;
  comments: CommentBody[];
}

const DEDUPE = 'kaizen-dedupe';

describe('Jira emulator: comment properties', () => {
  let t: TestJira;
  let issue: { id: string; key: string };
  beforeEach(() => {
    t = TestJira.open();
    issue = t.createIssue();
    t.events.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  const addComment = (text: string, properties?: unknown, opts: { as?: As; query?: string } = {}): ProductResponse =>
    t.call('POST', `/rest/api/3/issue/${issue.key}/comment${opts.query ?? ''}`, { as: opts.as ?? 'app', body: { body: doc(text), ...(properties === undefined ? {} : { properties }) } });
  const added = (text: string, properties?: unknown, as: As = 'app'): CommentBody => {
    const res = addComment(text, properties, { as });
    if (res.status !== 201) throw new Error(`add comment failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CommentBody;
  };
  const page = (query: string, as: As = 'app'): Page => {
    const res = t.call('GET', `/rest/api/3/issue/${issue.key}/comment?${query}`, { as });
    expect(res.status).toBe(200);
    return res.body as Page;
  };
  const commentCount = (): number => page('maxResults=5000').total;

  describe('properties in add/update comment and expand=properties', () => {
    it('stores the properties of a new comment and returns them only when expanded', () => {
      const plain = addComment('Alert fired again', [{ key: DEDUPE, value: { id: 'flush-1' } }]);
      expect(plain.status).toBe(201);
      expect(plain.body).not.toHaveProperty('properties');
      const { id } = plain.body as CommentBody;

      const expanded = (q: string) => t.call('GET', `/rest/api/3/issue/${issue.key}/comment/${id}${q}`).body as CommentBody;
      expect(expanded('')).not.toHaveProperty('properties');
      expect(expanded('?expand=renderedBody')).not.toHaveProperty('properties');
      expect(expanded('?expand=properties').properties).toEqual([{ key: DEDUPE, value: { id: 'flush-1' } }]);
      expect(expanded('?expand=renderedBody,properties')).toMatchObject({ renderedBody: expect.any(String), properties: [{ key: DEDUPE, value: { id: 'flush-1' } }] });

      expect(page('').comments[0]).not.toHaveProperty('properties');
      expect(page('expand=properties').comments[0]!.properties).toEqual([{ key: DEDUPE, value: { id: 'flush-1' } }]);
      // The add response itself honours expand too.
      expect((addComment('second', [{ key: 'k', value: 1 }], { query: '?expand=properties' }).body as CommentBody).properties).toEqual([{ key: 'k', value: 1 }]);
    });

    it('answers an empty list for a comment without properties when expanded', () => {
      const c = added('no properties');
      expect((t.call('GET', `/rest/api/3/issue/${issue.key}/comment/${c.id}?expand=properties`).body as CommentBody).properties).toEqual([]);
    });

    it('keeps any JSON value, and the last value of a key given twice', () => {
      const c = added('values', [
        { key: 'object', value: { nested: { list: [1, 'two', null] } } },
        { key: 'string', value: 'text' },
        { key: 'number', value: 42 },
        { key: 'object', value: { replaced: true } },
      ]);
      const got = t.call('GET', `/rest/api/3/issue/${issue.key}/comment/${c.id}?expand=properties`).body as CommentBody;
      expect(got.properties).toEqual([
        { key: 'object', value: { replaced: true } },
        { key: 'string', value: 'text' },
        { key: 'number', value: 42 },
      ]);
    });

    it('sets the properties of an update over the existing ones and keeps the others', () => {
      const c = added('draft', [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ]);
      const res = t.call('PUT', `/rest/api/3/issue/${issue.key}/comment/${c.id}?expand=properties`, { body: { body: doc('final'), properties: [{ key: 'b', value: 20 }, { key: 'c', value: 3 }] } });
      expect(res.status).toBe(200);
      expect((res.body as CommentBody).properties).toEqual([
        { key: 'a', value: 1 },
        { key: 'b', value: 20 },
        { key: 'c', value: 3 },
      ]);
      const withoutProps = t.call('PUT', `/rest/api/3/issue/${issue.key}/comment/${c.id}`, { body: { body: doc('final 2') } });
      expect(withoutProps.status).toBe(200);
      expect(withoutProps.body).not.toHaveProperty('properties');
      expect((t.call('GET', `/rest/api/3/comment/${c.id}/properties`).body as { keys: Array<{ key: string }> }).keys.map((k) => k.key)).toEqual(['a', 'b', 'c']);
    });

    it('stores the properties of comments added by update.comment on edit and by a link request', () => {
      const second = t.createIssue({ summary: 'other' });
      expect(t.call('PUT', `/rest/api/3/issue/${issue.key}`, { body: { update: { comment: [{ add: { body: doc('via edit'), properties: [{ key: 'via', value: 'edit' }] } }] } } }).status).toBe(204);
      expect(
        t.call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Relates' }, inwardIssue: { key: second.key }, outwardIssue: { key: issue.key }, comment: { body: doc('via link'), properties: [{ key: 'via', value: 'link' }] } } }).status,
      ).toBe(201);
      const all = [...page('expand=properties').comments, ...(t.call('GET', `/rest/api/3/issue/${second.key}/comment?expand=properties`).body as Page).comments];
      expect(all.flatMap((c) => c.properties ?? []).map((p) => p.value).sort()).toEqual(['edit', 'link']);
    });

    it.each<[string, unknown, string]>([
      ['a key over 255 characters', [{ key: 'k'.repeat(256), value: 1 }], 'The property key can not be longer than 255 characters.'],
      ['an empty key', [{ key: '', value: 1 }], 'The property key cannot be empty.'],
      ['a missing key', [{ value: 1 }], 'The property key cannot be empty.'],
      ['a key that is not a string', [{ key: 7, value: 1 }], 'The property key must be a string.'],
      ['a missing value', [{ key: 'k' }], 'The property value is required.'],
      ['a value over 32768 characters of JSON', [{ key: 'k', value: 'x'.repeat(32767) }], "The value of the property 'k' is too long: 32769 characters, the maximum is 32768."],
      ['properties that are not a list', { key: 'k', value: 1 }, 'The comment properties must be a list of {key, value} objects.'],
      ['an entry that is not an object', ['k'], 'The comment properties must be a list of {key, value} objects.'],
    ])('rejects %s with Jira 400 and adds nothing', (_what, properties, message) => {
      const res = addComment('x', properties);
      expect(res).toEqual({ status: 400, body: { errorMessages: [message], errors: {} } });
      expect(commentCount()).toBe(0);
      expect(t.events).toEqual([]);
    });

    it('accepts the limits themselves: a 255-character key and a 32768-character value', () => {
      const key = 'k'.repeat(255);
      const value = 'x'.repeat(32766); // JSON.stringify adds the two quotes
      const c = added('at the limit', [{ key, value }]);
      expect(t.call('GET', `/rest/api/3/comment/${c.id}/properties/${key}`).body).toEqual({ key, value });
    });

    it('rejects bad properties on update and leaves the comment as it was', () => {
      const c = added('draft', [{ key: 'a', value: 1 }]);
      const res = t.call('PUT', `/rest/api/3/issue/${issue.key}/comment/${c.id}`, { body: { body: doc('final'), properties: [{ key: 'k'.repeat(256), value: 1 }] } });
      expect(res).toEqual({ status: 400, body: { errorMessages: ['The property key can not be longer than 255 characters.'], errors: {} } });
      expect(t.call('GET', `/rest/api/3/issue/${issue.key}/comment/${c.id}?expand=properties`).body).toMatchObject({ body: doc('draft'), properties: [{ key: 'a', value: 1 }] });
    });
  });

  describe('getComments: orderBy and paging', () => {
    const bodies = (p: Page): unknown[] => p.comments.map((c) => c.body);

    it('orders by created ascending (created, +created, the default) or descending (-created), then pages', () => {
      for (let i = 1; i <= 5; i++) {
        t.advance(1000);
        added(`note ${i}`);
      }
      const asc = [1, 2, 3, 4, 5].map((i) => doc(`note ${i}`));
      expect(bodies(page(''))).toEqual(asc);
      expect(bodies(page('orderBy=created'))).toEqual(asc);
      expect(bodies(page('orderBy=%2Bcreated'))).toEqual(asc);
      expect(bodies(page('orderBy=-created'))).toEqual([...asc].reverse());

      expect(page('orderBy=-created&startAt=1&maxResults=2')).toMatchObject({ startAt: 1, maxResults: 2, total: 5, comments: [{ body: doc('note 4') }, { body: doc('note 3') }] });
      expect(page('orderBy=created&startAt=3&maxResults=10')).toMatchObject({ startAt: 3, maxResults: 10, total: 5, comments: [{ body: doc('note 4') }, { body: doc('note 5') }] });
      expect(page('orderBy=-created&startAt=5').comments).toEqual([]);
    });

    it('orders comments created in the same millisecond by id', () => {
      const ids = [1, 2, 3].map((i) => added(`same time ${i}`).id);
      expect(page('orderBy=-created').comments.map((c) => c.id)).toEqual([...ids].reverse());
      expect(page('orderBy=created').comments.map((c) => c.id)).toEqual(ids);
    });

    it('rejects another orderBy with 400', () => {
      const res = t.call('GET', `/rest/api/3/issue/${issue.key}/comment?orderBy=updated`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorMessages: [expect.stringContaining('updated')], errors: {} });
    });

    it('answers the dedupe check Kaizen makes: the newest comments first, with their properties', () => {
      for (let i = 1; i <= 4; i++) {
        t.advance(1000);
        added(`flush ${i}`, [{ key: DEDUPE, value: { id: `flush-${i}` } }]);
      }
      const newest = page(`orderBy=-created&maxResults=2&expand=properties`);
      expect(newest.comments.map((c) => c.properties)).toEqual([[{ key: DEDUPE, value: { id: 'flush-4' } }], [{ key: DEDUPE, value: { id: 'flush-3' } }]]);
    });
  });

  describe('the comment property resources', () => {
    const base = (id: string) => `/rest/api/3/comment/${id}/properties`;

    it('sets (201, then 200), reads, lists and deletes a property', () => {
      const c = added('note');
      const set = t.call('PUT', `${base(c.id)}/kaizen.b`, { body: { v: 1 } });
      expect(set).toEqual({ status: 201 });
      expect(t.call('PUT', `${base(c.id)}/kaizen.b`, { body: { v: 2 } })).toEqual({ status: 200 });
      expect(t.call('PUT', `${base(c.id)}/kaizen.a`, { body: true })).toEqual({ status: 201 });

      expect(t.call('GET', `${base(c.id)}/kaizen.b`)).toEqual({ status: 200, body: { key: 'kaizen.b', value: { v: 2 } } });
      expect(t.call('GET', base(c.id))).toEqual({
        status: 200,
        body: {
          keys: [
            { key: 'kaizen.a', self: `${SITE.baseUrl}${base(c.id)}/kaizen.a` },
            { key: 'kaizen.b', self: `${SITE.baseUrl}${base(c.id)}/kaizen.b` },
          ],
        },
      });
      // The same properties through the comment.
      expect((t.call('GET', `/rest/api/3/issue/${issue.key}/comment/${c.id}?expand=properties`).body as CommentBody).properties).toEqual([
        { key: 'kaizen.b', value: { v: 2 } },
        { key: 'kaizen.a', value: true },
      ]);

      expect(t.call('DELETE', `${base(c.id)}/kaizen.b`)).toEqual({ status: 204 });
      expect(t.call('GET', `${base(c.id)}/kaizen.b`)).toEqual({ status: 404, body: { errorMessages: ["The property with key 'kaizen.b' does not exist."], errors: {} } });
      expect(t.call('DELETE', `${base(c.id)}/kaizen.b`).status).toBe(404);
      expect((t.call('GET', base(c.id)).body as { keys: Array<{ key: string }> }).keys.map((k) => k.key)).toEqual(['kaizen.a']);
    });

    it('does not touch the comment or its issue: no new updated time, no event', () => {
      const c = added('note');
      const before = t.call('GET', `/rest/api/3/issue/${issue.key}/comment/${c.id}`).body;
      const issueUpdated = (t.call('GET', `/rest/api/3/issue/${issue.key}?fields=updated`).body as { fields: { updated: string } }).fields.updated;
      t.events.length = 0;
      t.advance(60_000);
      t.call('PUT', `${base(c.id)}/p`, { body: 1 });
      t.call('DELETE', `${base(c.id)}/p`);
      expect(t.call('GET', `/rest/api/3/issue/${issue.key}/comment/${c.id}`).body).toEqual(before);
      expect((t.call('GET', `/rest/api/3/issue/${issue.key}?fields=updated`).body as { fields: { updated: string } }).fields.updated).toBe(issueUpdated);
      expect(t.events).toEqual([]);
    });

    it('answers 404 for a comment that does not exist and 400 for an id that is not a number', () => {
      const missing = { status: 404, body: { errorMessages: ['Can not find a comment for the id: 99999.'], errors: {} } };
      expect(t.call('GET', base('99999'))).toEqual(missing);
      expect(t.call('GET', `${base('99999')}/k`)).toEqual(missing);
      expect(t.call('PUT', `${base('99999')}/k`, { body: 1 })).toEqual(missing);
      expect(t.call('DELETE', `${base('99999')}/k`)).toEqual(missing);
      expect(t.call('GET', base('abc'))).toEqual({ status: 400, body: { errorMessages: ["The comment ID 'abc' is invalid."], errors: {} } });
    });

    it('validates the key and the value like issue properties', () => {
      const c = added('note');
      expect(t.call('PUT', `${base(c.id)}/${'k'.repeat(256)}`, { body: 1 })).toEqual({ status: 400, body: { errorMessages: ['The property key can not be longer than 255 characters.'], errors: {} } });
      expect(t.call('PUT', `${base(c.id)}/big`, { body: 'x'.repeat(32767) }).status).toBe(400);
      expect(t.call('PUT', `${base(c.id)}/none`)).toEqual({ status: 400, body: { errorMessages: ['The property value is required.'], errors: {} } });
      expect(t.jira.handle({ ...jiraPut(c.id, 'bad'), body: undefined, rawBody: '{not json' })).toEqual({ status: 400, body: { errorMessages: ['The request body must be valid JSON.'], errors: {} } });
      expect((t.call('GET', base(c.id)).body as { keys: unknown[] }).keys).toEqual([]);
    });

    /** A raw PUT request (to send a body that is not JSON). */
    function jiraPut(commentId: string, key: string) {
      return { product: 'jira' as const, method: 'PUT', path: `${base(commentId)}/${key}`, query: new URLSearchParams(), headers: { 'content-type': 'application/json' }, operationId: 'setCommentProperty', pathTemplate: '/rest/api/3/comment/{commentId}/properties/{propertyKey}', pathParams: { commentId, propertyKey: key }, actor: { kind: 'app' as const } };
    }

    it('lets everyone who browses read; the viewer may not set or delete (403), and nothing changes', () => {
      const c = added('note', [{ key: 'p', value: 1 }]);
      const as = viewer.accountId;
      expect(t.call('GET', base(c.id), { as }).status).toBe(200);
      expect(t.call('GET', `${base(c.id)}/p`, { as })).toEqual({ status: 200, body: { key: 'p', value: 1 } });
      expect(page('expand=properties', as).comments[0]!.properties).toEqual([{ key: 'p', value: 1 }]);
      const refused = { status: 403, body: { errorMessages: ['You do not have permission to edit this comment.'], errors: {} } };
      expect(t.call('PUT', `${base(c.id)}/p`, { as, body: 2 })).toEqual(refused);
      expect(t.call('PUT', `${base(c.id)}/q`, { as, body: 2 })).toEqual(refused);
      expect(t.call('DELETE', `${base(c.id)}/p`, { as })).toEqual(refused);
      expect(t.call('GET', `${base(c.id)}/p`)).toEqual({ status: 200, body: { key: 'p', value: 1 } });
      expect((t.call('GET', base(c.id)).body as { keys: unknown[] }).keys).toHaveLength(1);
    });

    it('lets an editor change properties of their own comments only; the app changes any', () => {
      const own = added('mine', undefined, editor.accountId);
      expect(t.call('PUT', `${base(own.id)}/p`, { as: editor.accountId, body: 1 }).status).toBe(201);
      expect(t.call('PUT', `${base(own.id)}/p`, { as: other.accountId, body: 2 }).status).toBe(403);
      expect(t.call('DELETE', `${base(own.id)}/p`, { as: other.accountId }).status).toBe(403);
      expect(t.call('PUT', `${base(own.id)}/p`, { body: 3 }).status).toBe(200);
      expect(t.call('DELETE', `${base(own.id)}/p`, { as: editor.accountId }).status).toBe(204);
    });

    it('answers 401 to anonymous callers', () => {
      const c = added('note');
      expect(t.call('GET', base(c.id), { as: 'anonymous' }).status).toBe(401);
      expect(t.call('PUT', `${base(c.id)}/p`, { as: 'anonymous', body: 1 }).status).toBe(401);
    });

    it('goes with its comment, and with its issue', () => {
      const a = added('a', [{ key: 'p', value: 1 }]);
      const b = added('b', [{ key: 'p', value: 2 }]);
      expect(t.call('DELETE', `/rest/api/3/issue/${issue.key}/comment/${a.id}`).status).toBe(204);
      expect(t.call('GET', `${base(a.id)}/p`).status).toBe(404);
      expect(t.store.get(NS.commentIndex, pad(a.id))).toBeUndefined();
      expect(t.call('GET', `${base(b.id)}/p`).status).toBe(200);
      expect(t.call('DELETE', `/rest/api/3/issue/${issue.key}`).status).toBe(204);
      expect(t.call('GET', `${base(b.id)}/p`).status).toBe(404);
      expect(t.store.range(NS.commentIndex)).toEqual([]);
    });

    it('finds comments of a store written before the comment-id index existed', () => {
      const c = added('old', [{ key: 'p', value: 1 }]);
      t.store.clearNamespace(NS.commentIndex);
      expect(t.call('GET', `${base(c.id)}/p`)).toEqual({ status: 200, body: { key: 'p', value: 1 } });
      expect(t.call('PUT', `${base(c.id)}/p`, { body: 2 }).status).toBe(200);
      expect(t.call('GET', `${base('99999')}/p`).status).toBe(404);
    });
  });

  describe('persistence and reset', () => {
    it('keeps comment properties across a restart', async () => {
      const c = added('note', [{ key: DEDUPE, value: { id: 'flush-1' } }]);
      t.call('PUT', `/rest/api/3/comment/${c.id}/properties/extra`, { body: [1, 2] });
      const before = page('expand=properties');
      await t.restart();
      expect(page('expand=properties')).toEqual(before);
      expect(t.call('GET', `/rest/api/3/comment/${c.id}/properties/extra`)).toEqual({ status: 200, body: { key: 'extra', value: [1, 2] } });
      expect(before.comments[0]!.properties).toEqual([
        { key: DEDUPE, value: { id: 'flush-1' } },
        { key: 'extra', value: [1, 2] },
      ]);
    });

    it('seed() clears them with the comments: a reused comment id has no properties', () => {
      const c = added('note', [{ key: DEDUPE, value: { id: 'flush-1' } }]);
      t.jira.seed();
      expect(t.call('GET', `/rest/api/3/comment/${c.id}/properties`).status).toBe(404);
      expect(t.store.range(NS.commentIndex)).toEqual([]);
      issue = t.createIssue();
      const again = added('fresh');
      expect(again.id).toBe(c.id); // numbering restarts
      expect(t.call('GET', `/rest/api/3/comment/${again.id}/properties`)).toEqual({ status: 200, body: { keys: [] } });
    });
  });
});

describe('Jira emulator: self links follow the site base URL', () => {
  it('builds self links from the current site.baseUrl, not the one at creation', async () => {
    // The sandbox creates the emulator first and sets the base URL once the server listens on its port.
    const site = { baseUrl: 'http://localhost:0', cloudId: 'sandbox-cloud-test' };
    const t = TestJira.open({ site });
    try {
      const before = t.createIssue();
      expect((t.call('GET', `/rest/api/3/issue/${before.key}`).body as { self: string }).self).toBe(`http://localhost:0/rest/api/3/issue/${before.id}`);
      site.baseUrl = 'http://127.0.0.1:4321/';
      const created = t.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'after listen' } } }).body as { id: string; self: string };
      expect(created.self).toBe(`http://127.0.0.1:4321/rest/api/3/issue/${created.id}`);
      const issue = t.call('GET', `/rest/api/3/issue/${before.key}?fields=status,project`).body as { self: string; fields: { status: { self: string }; project: { self: string } } };
      expect(issue.self).toBe(`http://127.0.0.1:4321/rest/api/3/issue/${before.id}`);
      expect(issue.fields.status.self.startsWith('http://127.0.0.1:4321/rest/api/3/')).toBe(true);
      expect(issue.fields.project.self.startsWith('http://127.0.0.1:4321/rest/api/3/')).toBe(true);
      const c = t.call('POST', `/rest/api/3/issue/${before.key}/comment`, { body: { body: doc('x'), properties: [{ key: 'p', value: 1 }] } }).body as { id: string; self: string };
      expect(c.self).toBe(`http://127.0.0.1:4321/rest/api/3/issue/${before.id}/comment/${c.id}`);
      expect(t.call('GET', `/rest/api/3/comment/${c.id}/properties`).body).toEqual({ keys: [{ key: 'p', self: `http://127.0.0.1:4321/rest/api/3/comment/${c.id}/properties/p` }] });
    } finally {
      await t.close();
    }
  });
});
