import { authorizeJiraWithFetch } from '@forge/auth';
import { SANDBOX_USERS } from '../core/product';
import { APP, TestJira, doc, type As } from './test-request';

const editor = SANDBOX_USERS.find((u) => u.canEdit && !u.isAdmin)!;
const admin = SANDBOX_USERS.find((u) => u.isAdmin)!;
const viewer = SANDBOX_USERS.find((u) => !u.canEdit)!;

describe('Jira emulator: permissions', () => {
  let t: TestJira;
  let issue: { id: string; key: string };
  let other: { id: string; key: string };
  beforeEach(() => {
    t = TestJira.open();
    issue = t.createIssue();
    other = t.createIssue({ summary: 'other' });
    t.events.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets the viewer browse: issue, comments, search, project', () => {
    const as = viewer.accountId;
    expect(t.call('GET', `/rest/api/3/issue/${issue.key}`, { as }).status).toBe(200);
    expect(t.call('GET', `/rest/api/3/issue/${issue.key}/comment`, { as }).status).toBe(200);
    expect(t.call('GET', `/rest/api/3/issue/${issue.key}/properties`, { as }).status).toBe(200);
    expect(t.call('GET', '/rest/api/3/project/OPS', { as }).status).toBe(200);
    expect(t.call('GET', `/rest/api/3/search/jql?jql=project%20%3D%20OPS`, { as }).status).toBe(200);
    // Without Transition Issues no transition is offered.
    expect(t.call('GET', `/rest/api/3/issue/${issue.key}/transitions`, { as }).body).toEqual({ transitions: [] });
  });

  it.each<[string, string, string, unknown, number, string]>([
    ['create an issue', 'POST', '/rest/api/3/issue', { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'x' } }, 403, 'You do not have permission to create issues in this project.'],
    ['edit an issue', 'PUT', '/rest/api/3/issue/OPS-1', { fields: { summary: 'x' } }, 403, 'You do not have permission to edit issues in this project.'],
    ['delete an issue', 'DELETE', '/rest/api/3/issue/OPS-1', undefined, 403, 'You do not have permission to delete issues in this project.'],
    ['comment', 'POST', '/rest/api/3/issue/OPS-1/comment', { body: doc('hi') }, 400, `${viewer.displayName}, you do not have the permission to comment on this issue.`],
    ['transition', 'POST', '/rest/api/3/issue/OPS-1/transitions', { transition: { id: '21' } }, 400, 'You do not have permission to transition this issue.'],
    ['link issues', 'POST', '/rest/api/3/issueLink', { type: { name: 'Relates' }, inwardIssue: { key: 'OPS-1' }, outwardIssue: { key: 'OPS-2' } }, 404, 'You do not have permission to link issues in this project.'],
    ['add a remote link', 'POST', '/rest/api/3/issue/OPS-1/remotelink', { object: { url: 'https://x.example', title: 'x' } }, 403, 'You do not have permission to link issues in this project.'],
    ['set a property', 'PUT', '/rest/api/3/issue/OPS-1/properties/p', { a: 1 }, 403, 'You do not have permission to edit issues in this project.'],
  ])('refuses the viewer to %s, with the status the operation documents', (_what, method, path, body, status, message) => {
    const res = t.call(method, path, { as: viewer.accountId, ...(body === undefined ? {} : { body }) });
    expect(res).toEqual({ status, body: { errorMessages: [message], errors: {} } });
    expect(t.events).toEqual([]);
    // Nothing changed.
    const after = t.call('GET', '/rest/api/3/issue/OPS-1?fields=summary,status,comment,issuelinks').body as { fields: Record<string, any> };
    expect(after.fields['summary']).toBe('Disk full on db-1');
    expect(after.fields['status'].name).toBe('To Do');
    expect(after.fields['comment'].total).toBe(0);
    expect(after.fields['issuelinks']).toEqual([]);
    expect(t.call('GET', '/rest/api/3/search/jql?jql=project%20%3D%20OPS').body).toMatchObject({ issues: [{}, {}] });
  });

  it('answers 401 to anonymous and unknown accounts', () => {
    for (const as of ['anonymous', '557058:nobody'] as As[]) {
      const res = t.call('GET', `/rest/api/3/issue/${issue.key}`, { as });
      expect(res.status).toBe(401);
      expect((res.body as { errorMessages: string[] }).errorMessages[0]).toMatch(/authenticat/i);
    }
  });

  it('tells who is calling (myself) and looks users up', () => {
    const me = t.call('GET', '/rest/api/3/myself', { as: editor.accountId }).body as Record<string, unknown>;
    expect(me).toMatchObject({ accountId: editor.accountId, displayName: editor.displayName, emailAddress: editor.email, locale: editor.locale, timeZone: editor.timeZone, accountType: 'atlassian', active: true });
    const app = t.call('GET', '/rest/api/3/myself').body as Record<string, unknown>;
    expect(app).toMatchObject({ accountId: APP, accountType: 'app' });
    expect(app).not.toHaveProperty('emailAddress');
    expect(t.call('GET', `/rest/api/3/user?accountId=${encodeURIComponent(viewer.accountId)}`).body).toMatchObject({ displayName: viewer.displayName });
    expect(t.call('GET', '/rest/api/3/user?accountId=nobody').status).toBe(404);
    // bulk: the ones Jira knows, in the order asked, each once; an unknown one is left out, not refused
    const bulk = t.call('GET', `/rest/api/3/user/bulk?accountId=${encodeURIComponent(viewer.accountId)}&accountId=nobody&accountId=${encodeURIComponent(editor.accountId)}&accountId=${encodeURIComponent(viewer.accountId)}`, { as: viewer.accountId });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ startAt: 0, maxResults: 10, total: 2, isLast: true, values: [{ accountId: viewer.accountId, active: true }, { accountId: editor.accountId, displayName: editor.displayName }] });
    const paged = t.call('GET', `/rest/api/3/user/bulk?accountId=${encodeURIComponent(viewer.accountId)}&accountId=${encodeURIComponent(editor.accountId)}&startAt=1&maxResults=1`).body as { values: Array<{ accountId: string }>; isLast: boolean };
    expect(paged).toMatchObject({ isLast: true, values: [{ accountId: editor.accountId }] });
  });

  it('answers mypermissions per caller', () => {
    const check = (as: As, q: string) => t.call('GET', `/rest/api/3/mypermissions?${q}`, { as });
    const viewerPerms = check(viewer.accountId, `permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADD_COMMENTS,TRANSITION_ISSUES,CREATE_ISSUES&issueKey=${issue.key}`).body as { permissions: Record<string, { havePermission: boolean; type: string; key: string }> };
    expect(Object.fromEntries(Object.entries(viewerPerms.permissions).map(([k, v]) => [k, v.havePermission]))).toEqual({
      BROWSE_PROJECTS: true,
      EDIT_ISSUES: false,
      ADD_COMMENTS: false,
      TRANSITION_ISSUES: false,
      CREATE_ISSUES: false,
    });
    expect(viewerPerms.permissions['EDIT_ISSUES']).toMatchObject({ key: 'EDIT_ISSUES', type: 'PROJECT', id: '12' });
    const editorPerms = check(editor.accountId, 'permissions=EDIT_ISSUES,ADMINISTER_PROJECTS&projectKey=OPS').body as { permissions: Record<string, { havePermission: boolean }> };
    expect(editorPerms.permissions['EDIT_ISSUES']?.havePermission).toBe(true);
    expect(editorPerms.permissions['ADMINISTER_PROJECTS']?.havePermission).toBe(false);
    const adminPerms = check(admin.accountId, 'permissions=ADMINISTER,EDIT_ISSUES').body as { permissions: Record<string, { havePermission: boolean }> };
    expect(adminPerms.permissions['ADMINISTER']?.havePermission).toBe(true);
    expect(check(editor.accountId, 'permissions=ADMINISTER').body).toMatchObject({ permissions: { ADMINISTER: { havePermission: false } } });
    expect(check(editor.accountId, 'issueKey=OPS-1').status).toBe(400);
    expect(check(editor.accountId, 'permissions=FLY').body).toEqual({ errorMessages: [], errors: { FLY: 'Unrecognized permission' } });
    expect(check(editor.accountId, 'permissions=EDIT_ISSUES&issueKey=OPS-99').status).toBe(404);
  });

  it('answers the bulk permission check (POST /permissions/check) with the ids the account may act on', () => {
    const body = (accountId: string) => ({
      accountId,
      globalPermissions: ['ADMINISTER', 'USER_PICKER'],
      projectPermissions: [
        { permissions: ['EDIT_ISSUES', 'BROWSE_PROJECTS'], issues: [Number(issue.id), Number(other.id), 99999], projects: [10000] },
      ],
    });
    const forViewer = t.call('POST', '/rest/api/3/permissions/check', { as: viewer.accountId, body: body(viewer.accountId) });
    expect(forViewer).toEqual({
      status: 200,
      body: {
        globalPermissions: [],
        projectPermissions: [
          { permission: 'EDIT_ISSUES', issues: [], projects: [] },
          { permission: 'BROWSE_PROJECTS', issues: [Number(issue.id), Number(other.id)], projects: [10000] },
        ],
      },
    });
    const forEditor = t.call('POST', '/rest/api/3/permissions/check', { as: 'app', body: body(editor.accountId) }).body as { projectPermissions: Array<{ permission: string; issues: number[] }> };
    expect(forEditor.projectPermissions.find((p) => p.permission === 'EDIT_ISSUES')?.issues).toEqual([Number(issue.id), Number(other.id)]);
    // Only administrators may ask about somebody else.
    expect(t.call('POST', '/rest/api/3/permissions/check', { as: viewer.accountId, body: body(editor.accountId) }).status).toBe(403);
    expect(t.call('POST', '/rest/api/3/permissions/check', { as: editor.accountId, body: { projectPermissions: [{ permissions: ['NOPE'] }] } }).status).toBe(400);
  });

  it('works with authorize() from @forge/api (through @forge/auth)', async () => {
    const authorizeAs = (accountId: string) =>
      authorizeJiraWithFetch(async (path: string, init?: { body?: unknown }) => t.call('POST', path, { as: accountId, body: JSON.parse(String(init?.body)) }).body as never, accountId);
    // The Forge context hands issue ids over as strings.
    expect(await authorizeAs(editor.accountId).onJiraIssue(issue.id).canEdit!()).toBe(true);
    expect(await authorizeAs(viewer.accountId).onJiraIssue(issue.id).canEdit!()).toBe(false);
    expect(await authorizeAs(viewer.accountId).onJiraIssue([issue.id, other.id]).canAddComments!()).toBe(false);
    expect(await authorizeAs(editor.accountId).onJiraProject('10000').canCreateIssues!()).toBe(true);
    const browse = await authorizeAs(viewer.accountId).onJira([{ permissions: ['BROWSE_PROJECTS'], issues: [issue.id] }]);
    expect(browse).toEqual([{ permission: 'BROWSE_PROJECTS', issues: [Number(issue.id)], projects: [] }]);
  });
});
