import { SANDBOX_USERS, type ProductResponse } from '../core/product';
import { loadSpecValidator, type SpecValidator } from '../openapi/spec-validator';
import { TestJira, doc, jiraRequest, type As } from './test-request';

/**
 * Drives every operation the emulator answers through the sandbox's OpenAPI validator: each request must be
 * valid for Atlassian's document (and route to the operation the test builder assumed), and each response —
 * success and error alike — must match the schema the document gives for its status.
 */

const editor = SANDBOX_USERS.find((u) => u.canEdit)!;
const viewer = SANDBOX_USERS.find((u) => !u.canEdit)!;

describe('Jira emulator: responses conform to the Jira Cloud platform REST v3 document', () => {
  let validator: SpecValidator;
  let t: TestJira;
  const violations: string[] = [];
  const exercised = new Set<string>();

  beforeAll(() => {
    validator = loadSpecValidator();
    t = TestJira.open();
  });
  afterAll(async () => {
    await t.close();
  });

  function call(method: string, target: string, opts: { body?: unknown; as?: As } = {}): ProductResponse {
    const req = jiraRequest(method, target, opts);
    const check = validator.checkRequest({ method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body, rawBody: req.rawBody, ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}) });
    if (!check.ok) throw new Error(`request rejected by the spec: ${method} ${target}: ${check.message}`);
    expect(check.op.operationId).toBe(req.operationId);
    const res = t.jira.handle(req) as ProductResponse;
    exercised.add(req.operationId);
    const verdict = validator.checkResponse(check.op, res.status, res.body);
    if (!verdict.ok) violations.push(`${req.operationId} ${res.status}: ${verdict.errors.join('; ')}`);
    return res;
  }

  it('answers every operation in documented shapes', () => {
    const created = call('POST', '/rest/api/3/issue', {
      body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Incident' }, summary: 'Disk full', description: doc('full'), labels: ['kaizen'], assignee: { accountId: editor.accountId }, duedate: '2026-12-01' } },
    }).body as { id: string; key: string };
    const second = call('POST', '/rest/api/3/issue', { body: { fields: { project: { id: '10000' }, issuetype: { id: '10001' }, summary: 'Follow-up' } } }).body as { key: string };
    const key = created.key;
    call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'x', customfield_1: 1 } } });
    call('POST', '/rest/api/3/issue', { as: viewer.accountId, body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'x' } } });

    call('PUT', `/rest/api/3/issue/${key}`, { body: { update: { labels: [{ add: 'sev1' }] } } });
    call('PUT', `/rest/api/3/issue/${key}?returnIssue=true`, { body: { fields: { summary: 'Disk full on db-1' } } });
    call('PUT', `/rest/api/3/issue/${key}`, { as: viewer.accountId, body: { fields: { summary: 'x' } } });

    const c = call('POST', `/rest/api/3/issue/${key}/comment?expand=renderedBody`, { body: { body: doc('note') } }).body as { id: string };
    call('POST', `/rest/api/3/issue/${key}/comment`, { as: viewer.accountId, body: { body: doc('note') } });
    call('GET', `/rest/api/3/issue/${key}/comment?startAt=0&maxResults=10`);
    call('GET', `/rest/api/3/issue/${key}/comment/${c.id}`);
    call('PUT', `/rest/api/3/issue/${key}/comment/${c.id}`, { body: { body: doc('edited') } });

    // Comment properties: in the comment requests, through expand=properties, and their own resources.
    const withProps = call('POST', `/rest/api/3/issue/${key}/comment?expand=renderedBody,properties`, { body: { body: doc('deduped'), properties: [{ key: 'kaizen-dedupe', value: { id: 'flush-1' } }] } });
    expect(withProps.status).toBe(201);
    const pc = (withProps.body as { id: string }).id;
    expect(call('POST', `/rest/api/3/issue/${key}/comment`, { body: { body: doc('x'), properties: [{ key: 'k'.repeat(256), value: 1 }] } }).status).toBe(400);
    expect(call('GET', `/rest/api/3/issue/${key}/comment?orderBy=-created&maxResults=50&expand=properties`).body).toMatchObject({ comments: [{ id: pc, properties: [{ key: 'kaizen-dedupe' }] }, {}] });
    expect(call('GET', `/rest/api/3/issue/${key}/comment?orderBy=%2Bcreated&startAt=1&maxResults=1`).status).toBe(200);
    expect(call('GET', `/rest/api/3/issue/${key}/comment?orderBy=created&expand=properties,renderedBody`).status).toBe(200);
    expect(call('GET', `/rest/api/3/issue/${key}/comment/${pc}?expand=properties`).status).toBe(200);
    expect(call('PUT', `/rest/api/3/issue/${key}/comment/${pc}?expand=properties`, { body: { body: doc('deduped, edited'), properties: [{ key: 'kaizen-note', value: 'x' }] } }).status).toBe(200);
    expect(call('PUT', `/rest/api/3/comment/${pc}/properties/kaizen.extra`, { body: { a: 1 } }).status).toBe(201);
    expect(call('PUT', `/rest/api/3/comment/${pc}/properties/kaizen.extra`, { body: { a: 2 } }).status).toBe(200);
    expect(call('PUT', `/rest/api/3/comment/${pc}/properties/kaizen.extra`, { as: viewer.accountId, body: { a: 3 } }).status).toBe(403);
    expect(call('PUT', `/rest/api/3/comment/${pc}/properties/${'k'.repeat(256)}`, { body: 1 }).status).toBe(400);
    expect(call('GET', `/rest/api/3/comment/${pc}/properties`).status).toBe(200);
    expect(call('GET', `/rest/api/3/comment/${pc}/properties/kaizen.extra`).status).toBe(200);
    expect(call('GET', `/rest/api/3/comment/${pc}/properties/missing`).status).toBe(404);
    expect(call('GET', '/rest/api/3/comment/99999/properties').status).toBe(404);
    expect(call('GET', '/rest/api/3/comment/abc/properties').status).toBe(400);
    expect(call('GET', `/rest/api/3/comment/${pc}/properties`, { as: 'anonymous' }).status).toBe(401);
    expect(call('DELETE', `/rest/api/3/comment/${pc}/properties/kaizen.extra`, { as: viewer.accountId }).status).toBe(403);
    expect(call('DELETE', `/rest/api/3/comment/${pc}/properties/kaizen.extra`).status).toBe(204);
    expect(call('DELETE', `/rest/api/3/comment/${pc}/properties/kaizen.extra`).status).toBe(404);

    call('GET', `/rest/api/3/issue/${key}/transitions?expand=transitions.fields`);
    call('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: '21' } } });
    call('POST', `/rest/api/3/issue/${key}/transitions`, { body: { transition: { id: '99' } } });

    call('POST', '/rest/api/3/issueLink', { body: { type: { name: 'Problem/Incident' }, outwardIssue: { key }, inwardIssue: { key: second.key } } });
    const linkId = ((call('GET', `/rest/api/3/issue/${key}?fields=issuelinks`).body as { fields: { issuelinks: Array<{ id: string }> } }).fields.issuelinks[0]?.id) ?? '0';
    call('GET', `/rest/api/3/issueLink/${linkId}`);
    call('GET', '/rest/api/3/issueLinkType');
    call('GET', '/rest/api/3/issueLinkType/10004');

    const remote = call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: { globalId: 'g-1', relationship: 'Incident page', object: { url: 'http://localhost:4010/wiki/x', title: 'Page' } } }).body as { id: number };
    call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: { globalId: 'g-1', object: { url: 'http://localhost:4010/wiki/x', title: 'Page v2' } } });
    call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: { object: { url: 'http://localhost:4010/wiki/y', title: '' } } });
    call('GET', `/rest/api/3/issue/${key}/remotelink`);
    call('GET', `/rest/api/3/issue/${key}/remotelink?globalId=g-1`);
    call('GET', `/rest/api/3/issue/${key}/remotelink/${remote.id}`);
    call('PUT', `/rest/api/3/issue/${key}/remotelink/${remote.id}`, { body: { globalId: 'g-1', object: { url: 'http://localhost:4010/wiki/x', title: 'Page v3' } } });

    call('PUT', `/rest/api/3/issue/${key}/properties/kaizen.incident`, { body: { level: 2 } });
    call('PUT', `/rest/api/3/issue/${key}/properties/kaizen.incident`, { body: { level: 1 } });
    call('GET', `/rest/api/3/issue/${key}/properties`);
    call('GET', `/rest/api/3/issue/${key}/properties/kaizen.incident`);

    call('GET', `/rest/api/3/issue/${key}`);
    call('GET', `/rest/api/3/issue/${key}?expand=renderedFields,names,schema,transitions,changelog,operations,editmeta&properties=*all`);
    call('GET', `/rest/api/3/issue/${key}?expand=versionedRepresentations`);
    call('GET', '/rest/api/3/issue/OPS-404');

    call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = OPS ORDER BY created')}&maxResults=1`);
    call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = OPS')}&fields=*all&expand=names,schema,renderedFields&properties=kaizen.incident`);
    call('POST', '/rest/api/3/search/jql', { body: { jql: 'labels = kaizen', fields: ['summary', 'status'], maxResults: 10 } });
    call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = ')}`);

    call('GET', '/rest/api/3/myself');
    call('GET', '/rest/api/3/myself?expand=groups,applicationRoles', { as: editor.accountId });
    call('GET', `/rest/api/3/user?accountId=${encodeURIComponent(editor.accountId)}`);
    call('GET', '/rest/api/3/user?accountId=nobody');
    expect(call('GET', `/rest/api/3/user/bulk?accountId=${encodeURIComponent(editor.accountId)}&accountId=nobody&accountId=${encodeURIComponent(viewer.accountId)}&maxResults=1`).body).toMatchObject({ total: 2, isLast: false, values: [{ accountId: editor.accountId }] });
    call('GET', `/rest/api/3/user/bulk?accountId=${encodeURIComponent(viewer.accountId)}`, { as: viewer.accountId });
    expect(call('GET', '/rest/api/3/user/bulk?accountId=x', { as: 'anonymous' }).status).toBe(401);
    expect(call('GET', '/rest/api/3/user/picker?query=chi&maxResults=8').body).toMatchObject({ total: 1, users: [{ html: '<strong>Chi</strong>ka Mori - <strong>chi</strong>ka@example.com' }] });
    call('GET', `/rest/api/3/user/picker?query=c&showAvatar=true&avatarSize=small&excludeConnectUsers=true&excludeAccountIds=${encodeURIComponent(editor.accountId)}&excludeAccountIds=x,y`);
    call('GET', '/rest/api/3/user/picker?query=kai', { as: viewer.accountId });
    expect(call('GET', '/rest/api/3/user/picker?query=c&exclude=ben&excludeAccountIds=x').status).toBe(400);
    expect(call('GET', '/rest/api/3/user/search?query=chi&startAt=0&maxResults=8').body).toMatchObject([{ displayName: 'Chika Mori' }]);
    call('GET', `/rest/api/3/user/search?accountId=${encodeURIComponent(editor.accountId)}`);
    call('GET', '/rest/api/3/user/search?property=kaizen.oncall%3Dtrue');
    expect(call('GET', '/rest/api/3/user/search?query=chi', { as: viewer.accountId }).body).toEqual([]);
    expect(call('GET', '/rest/api/3/user/search').status).toBe(400);
    expect(call('GET', '/rest/api/3/user/search?query=chi', { as: 'anonymous' }).status).toBe(401);
    call('GET', `/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,EDIT_ISSUES&issueKey=${key}`, { as: viewer.accountId });
    call('GET', '/rest/api/3/mypermissions?permissions=NOPE');
    call('POST', '/rest/api/3/permissions/check', { as: viewer.accountId, body: { accountId: viewer.accountId, globalPermissions: ['USER_PICKER'], projectPermissions: [{ permissions: ['EDIT_ISSUES'], issues: [Number(created.id)] }] } });
    call('POST', '/rest/api/3/permissions/check', { as: viewer.accountId, body: { accountId: editor.accountId, projectPermissions: [{ permissions: ['EDIT_ISSUES'] }] } });

    call('GET', '/rest/api/3/project/OPS?expand=insight,permissions');
    call('GET', '/rest/api/3/project/OPS/statuses');
    call('GET', '/rest/api/3/issuetype');
    call('GET', '/rest/api/3/issuetype/project?projectId=10000');
    call('GET', '/rest/api/3/issuetype/10002');
    call('GET', '/rest/api/3/priority');
    call('GET', '/rest/api/3/priority/1');
    expect(call('GET', '/rest/api/3/priority/search?maxResults=2&priorityName=h').body).toMatchObject({ total: 2, isLast: true, values: [{ name: 'Highest' }, { name: 'High' }] });
    expect(call('GET', '/rest/api/3/project/search?maxResults=1&orderBy=name&query=oper', { as: viewer.accountId }).body).toMatchObject({ total: 1, values: [{ key: 'OPS' }] });
    expect(call('GET', '/rest/api/3/project/search?action=edit', { as: viewer.accountId }).body).toMatchObject({ total: 0, values: [] });
    call('GET', '/rest/api/3/status');
    call('GET', '/rest/api/3/status/Done');
    call('GET', '/rest/api/3/statuscategory');
    call('GET', '/rest/api/3/resolution');
    call('GET', '/rest/api/3/field');
    call('GET', '/rest/api/3/serverInfo');
    // bulk create (one element refused, one made, linked to the first issue on create) and assignable users
    const bulk = call('POST', '/rest/api/3/issue/bulk', {
      body: {
        issueUpdates: [
          { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Add a disk alert', duedate: '2026-12-24', assignee: { accountId: editor.accountId } }, update: { issuelinks: [{ add: { type: { name: 'Relates' }, outwardIssue: { key } } }] }, properties: [{ key: 'kaizen-action-item', value: { incidentId: 'i', rowId: 'r' } }] },
          { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'x', assignee: { accountId: viewer.accountId } } },
        ],
      },
    });
    expect(bulk).toMatchObject({ status: 201, body: { issues: [{ key: expect.any(String) }], errors: [{ failedElementNumber: 1, status: 400 }] } });
    expect(call('POST', '/rest/api/3/issue/bulk', { body: { issueUpdates: [{ fields: { summary: 'no project' } }] } }).status).toBe(400);
    expect(call('GET', `/rest/api/3/user/assignable/search?project=OPS&accountId=${viewer.accountId}`).body).toEqual([]);
    expect(call('GET', `/rest/api/3/user/assignable/search?issueKey=${key}&query=ben`).body).toMatchObject([{ accountId: expect.any(String), displayName: 'Ben Carter' }]);

    call('DELETE', `/rest/api/3/issue/${key}/properties/kaizen.incident`);
    call('DELETE', `/rest/api/3/issue/${key}/remotelink/${remote.id}`);
    call('POST', `/rest/api/3/issue/${key}/remotelink`, { body: { globalId: 'g-2', object: { url: 'http://localhost:4010/wiki/z', title: 'Z' } } });
    call('DELETE', `/rest/api/3/issue/${key}/remotelink?globalId=g-2`);
    call('DELETE', `/rest/api/3/issueLink/${linkId}`);
    call('DELETE', `/rest/api/3/issue/${key}/comment/${c.id}`);
    call('DELETE', `/rest/api/3/issue/${key}`);

    // Jira answers these with an empty body (a 204 cannot carry one), while the document gives them the empty
    // schema `{}`, which the validator reads as "a JSON body is required". Reported to the validator's owner.
    const emptySchemaNoBody = /^(editIssue 204|doTransition 204|linkIssues 201|updateRemoteIssueLink 204|setIssueProperty 20[01]|setCommentProperty 20[01]): .*the document defines a JSON body but the response has none$/;
    expect(violations.filter((v) => !emptySchemaNoBody.test(v))).toEqual([]);
    expect([...t.jira.operations].filter((op) => !exercised.has(op))).toEqual([]);
  });
});
