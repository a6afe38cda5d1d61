import { JiraActionItemTracker } from '../../src/adapters/jira-action-items';
import { userAccess } from '../../src/adapters/user-access';
import { followTaskDeps } from '../../src/app/action-items-wiring';
import { markActionItemRows } from '../../src/documents/action-items';
import { followTaskEvent } from '../../src/usecases/action-items/follow-task-events';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import type { SyncActionItemsData } from '../../src/shared/retrospective';
import { actionItemStore } from '../../src/storage/action-item-store';
import { updateIncident } from '../../src/storage/incident-store';
import { getJson, onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { asApp, lastSeq, productWrites, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { basicAuth, mention, personSavesPage, readPage, type IssueJson } from '../helpers/product-json';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from './call-resolver';

const td = (inner: string): string => `<td>${inner === '' ? '' : `<p>${inner}</p>`}</td>`;
const row = (cells: string[]): string => `<tr>${cells.map(td).join('')}</tr>`;
const table = (rows: string[][], header = ['Action', 'Type', 'Owner', 'Due', 'Priority', 'Jira']): string =>
  `<h2>Action items</h2><table><tbody><tr>${header.map((h) => `<th><p>${h}</p></th>`).join('')}</tr>${rows.map(row).join('')}</tbody></table>`;

/**
 * Sync action items (issue 9 item 2) through the sandbox: the retrospective page's table → Jira tasks exactly once,
 * keys written back, people's edits followed, Jira's done / due date told back by the issue-event trigger, and one
 * overdue reminder from the scheduled trigger.
 */
describe('sync action items', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  let incidentId: string;
  let spaceId: string;
  let pageId: string;

  const sync = async (user: string = USERS.aiko): Promise<SyncActionItemsData> => {
    const answer = RESOLVERS.syncActionItems.response.parse(await callResolver(sb, issuePanel(issue), 'syncActionItems', {}, user));
    if (!answer.ok) throw new Error(`syncActionItems refused: ${JSON.stringify(answer.error)}`);
    return answer.data;
  };
  const rawSync = async (user: string = USERS.aiko) => RESOLVERS.syncActionItems.response.parse(await callResolver(sb, issuePanel(issue), 'syncActionItems', {}, user));
  const recordsNow = () => asApp(() => actionItemStore.listByIncident(incidentId));
  const runHousekeeping = async () => {
    await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' });
    await sb.idle();
  };
  const commentCount = async (key: string) => (await getJson<{ total: number }>(sb, `/rest/api/3/issue/${key}/comment`)).total;
  const page = () => readPage(sb, pageId);
  const personSaves = (edit: (storage: string) => string) => personSavesPage(sb, pageId, edit);
  const tasks = async (): Promise<IssueJson[]> => {
    const jql = encodeURIComponent('project = OPS AND labels = kaizen-action-item ORDER BY created ASC');
    const all: IssueJson[] = [];
    let token: string | undefined;
    do {
      const res = await getJson<{ issues: IssueJson[]; nextPageToken?: string }>(sb, `/rest/api/3/search/jql?jql=${jql}&fields=summary,description,assignee,duedate,priority,labels,issuelinks,status&maxResults=100${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`);
      all.push(...res.issues);
      token = res.nextPageToken;
    } while (token);
    return all;
  };
  /** A new retrospective page with `body`, set on the incident as the retrospective helper records it. */
  const newRetrospective = async (title: string, body: string): Promise<void> => {
    const res = await sb.http('/wiki/api/v2/pages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': 'app' },
      body: JSON.stringify({ spaceId, status: 'current', title, body: { representation: 'storage', value: body } }),
    });
    expect(res.status).toBe(200);
    const created = (await res.json()) as { id: string; _links: { webui: string; base?: string } };
    pageId = created.id;
    const url = `http://localhost/wiki${created._links.webui}`;
    await asApp(() =>
      updateIncident(incidentId, (i) => ({ ...i, retrospective: { page: { id: pageId, url, title }, status: 'draft', draftedAt: new Date().toISOString(), draftedBy: { accountId: USERS.aiko, displayName: 'Aiko Sato', at: new Date().toISOString() }, linked: true } }), () => []),
    );
  };

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    incidentId = onlyIncident(sb).id;
    spaceId = (await getJson<{ results: Array<{ id: string }> }>(sb, '/wiki/api/v2/spaces?keys=OPS')).results[0]!.id;
  });
  afterAll(async () => {
    await sb.dispose();
  });

  it('makes a task of every row shape, reports the rows it cannot sync, and a second sync writes nothing', async () => {
    await newRetrospective(
      'Retrospective: every row shape',
      table([
        ['Add a disk usage alert', 'Detect', mention(USERS.ben), '<time datetime="2027-01-15"/>', 'High', ''],
        ['Runbook for &lt;script&gt;alert(1)&lt;/script&gt;', '手順', 'Chika Mori', '2027/02/01', '高', ''],
        ['Rotate the logs', 'prevent', 'ben@example.com', '2027-03-01', 'Low', ''],
        ['Ask Vic to review', '再発防止', mention(USERS.viewer), '', '', ''],
        ['Unknown owner', 'Detect', 'Nobody Atall', '', '', ''],
        ['Bad date row', 'Detect', '', 'someday', '', ''],
        ['', 'Detect', 'Chika Mori', '', '', ''],
      ]),
    );
    const seq = lastSeq(sb);
    const first = await sync();
    expect(first.created.map((c) => c.action)).toEqual(['Add a disk usage alert', 'Runbook for <script>alert(1)</script>', 'Rotate the logs', 'Ask Vic to review']);
    expect(first.problems.map((p) => [p.row, p.code])).toEqual([
      [4, 'not-assignable'],
      [5, 'unknown-owner'],
      [6, 'bad-date'],
      [7, 'no-action'],
    ]);
    // one bulk create for the four tasks
    expect(productWrites(sb, seq).filter((w) => w.operationId === 'createIssues')).toHaveLength(1);
    const made = await tasks();
    expect(made).toHaveLength(4);
    const [disk, runbook, logs, vic] = made;
    expect(disk!.fields).toMatchObject({ summary: 'Add a disk usage alert', assignee: { accountId: USERS.ben }, duedate: '2027-01-15', priority: { name: 'High' }, labels: expect.arrayContaining(['kaizen-action-item', 'kaizen-detect']) });
    expect(disk!.fields['issuelinks']).toMatchObject([{ type: { name: 'Relates' }, outwardIssue: { key: issue.key } }]);
    expect(runbook!.fields).toMatchObject({ summary: 'Runbook for <script>alert(1)</script>', assignee: { accountId: '557058:chika-mori' }, duedate: '2027-02-01', priority: { name: 'High' } });
    // the hostile action is a text node in the description, never markup
    expect(JSON.stringify(runbook!.fields['description'])).toContain('"text":"Runbook for <script>alert(1)</script>"');
    expect(logs!.fields).toMatchObject({ assignee: { accountId: USERS.ben }, priority: { name: 'Low' } });
    expect(vic!.fields['assignee']).toBeNull();
    const remote = await getJson<Array<{ globalId: string; object: { url: string } }>>(sb, `/rest/api/3/issue/${disk!.key}/remotelink`);
    expect(remote).toMatchObject([{ globalId: `kaizen-retrospective-${pageId}` }]);
    // the keys are in the rows: the jira macro with the row's id
    const storage = (await page()).body.storage.value;
    for (const t of made) expect(storage).toContain(`<ac:parameter ac:name="key">${t.key}</ac:parameter>`);
    expect(storage).toContain('&lt;script&gt;');
    expect(first.counts).toEqual({ total: 4, done: 0, open: 4, overdue: 0 });
    expect(onlyIncident(sb).actionItems).toMatchObject({ total: 4, done: 0 });

    const again = lastSeq(sb);
    const second = await sync();
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toBe(4);
    expect(productWrites(sb, again)).toEqual([]);
    expect(await tasks()).toHaveLength(4);
  });

  it('a person reorders rows and edits owner, due date and priority: the tasks are updated, none is made', async () => {
    const before = await tasks();
    await personSaves((s) => {
      // move the "Rotate the logs" row to the top, then edit it
      const rows = [...s.matchAll(/<tr>.*?<\/tr>/gs)].map((m) => m[0]);
      const logs = rows.find((r) => r.includes('Rotate the logs'))!;
      const edited = logs.replace('ben@example.com', mention('557058:chika-mori')).replace('2027-03-01', '2027-04-01').replace('<p>Low</p>', '<p>Highest</p>');
      return s.replace(logs, '').replace(rows[0]!, `${rows[0]!}${edited}`);
    });
    const seq = lastSeq(sb);
    const result = await sync();
    expect(result.created).toEqual([]);
    expect(result.updated.map((u) => u.action)).toEqual(['Rotate the logs']);
    expect(productWrites(sb, seq).map((w) => w.operationId)).toEqual(['editIssue']);
    const after = await tasks();
    expect(after).toHaveLength(before.length);
    expect(after.find((t) => t.fields['summary'] === 'Rotate the logs')!.fields).toMatchObject({ assignee: { accountId: '557058:chika-mori' }, duedate: '2027-04-01', priority: { name: 'Highest' } });
  });

  it('a crash between creating tasks and writing the keys back: the next sync makes no second task', async () => {
    const marked = markActionItemRows(table([['Crash row one', 'Detect', '', '', '', ''], ['Crash row two', 'Process', '', '', '', '']]), (() => {
      let n = 0;
      return () => `crash-row-${++n}`;
    })(), 'en');
    await newRetrospective('Retrospective: crash', marked.storage);
    const before = (await tasks()).length;
    sb.faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 500, count: 1000 });
    const failed = RESOLVERS.syncActionItems.response.parse(await callResolver(sb, issuePanel(issue), 'syncActionItems', {}, USERS.aiko));
    sb.faults.clear();
    expect(failed.ok).toBe(false);
    expect((await tasks()).length).toBe(before + 2);
    const result = await sync();
    expect(result.created).toEqual([]);
    expect((await tasks()).length).toBe(before + 2);
    expect((await page()).body.storage.value).toMatch(/ac:macro-id="kaizen-row-crash-row-1".*?<ac:parameter ac:name="key">OPS-\d+<\/ac:parameter>/s);
  });

  it('several new rows go in bulk create calls of at most 50 (Japanese headers and words)', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`Bulk action ${i + 1}`, '検知', '', '2027-05-01', '中', '']);
    await newRetrospective('Retrospective: bulk', table(rows, ['アクション', '種類', '担当者', '期限', '優先度', 'Jira']));
    const seq = lastSeq(sb);
    const result = await sync();
    expect(result.created).toHaveLength(60);
    expect(productWrites(sb, seq).filter((w) => w.operationId === 'createIssues')).toHaveLength(2);
  });

  it('a task moved to Done in Jira updates the counts (issue-event trigger), and an overdue task is reminded once', async () => {
    await newRetrospective('Retrospective: follow', table([['Follow me', 'Detect', '', '2027-06-01', '', ''], ['Late one', 'Detect', '', '2020-01-06', '', '']]));
    const result = await sync();
    const [follow, late] = result.created;
    const transitions = await getJson<{ transitions: Array<{ id: string; to: { statusCategory: { key: string } } }> }>(sb, `/rest/api/3/issue/${follow!.key}/transitions`);
    const done = transitions.transitions.find((t) => t.to.statusCategory.key === 'done')!;
    const moved = await sb.http(`/rest/api/3/issue/${follow!.key}/transitions`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: basicAuth('ben@example.com') }, body: JSON.stringify({ transition: { id: done.id } }) });
    expect(moved.status).toBe(204);
    await sb.idle();
    const stored = await asApp(() => actionItemStore.listByIncident(incidentId));
    expect(stored.find((r) => r.key === follow!.key)!.done).toBe(true);
    const panel = RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel(issue), 'getIncident', {}, USERS.ben));
    if (!panel.ok) throw new Error('getIncident refused');
    expect(JSON.stringify(panel.data)).toContain('"done":1');

    const comments = async () => (await getJson<{ total: number }>(sb, `/rest/api/3/issue/${late!.key}/comment`)).total;
    expect(await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' })).toMatchObject({ ok: true });
    await sb.idle();
    expect(await comments()).toBe(1);
    await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' });
    await sb.idle();
    expect(await comments()).toBe(1);
    expect((await asApp(() => actionItemStore.listByIncident(incidentId))).find((r) => r.key === late!.key)!.remindedAt).toBeDefined();
    // the follow task is done, so it is never reminded
    expect((await getJson<{ total: number }>(sb, `/rest/api/3/issue/${follow!.key}/comment`)).total).toBe(0);
  });

  // ——— review fixes (each failed before its fix) ———

  it('two syncs at once (a double click) make one set of tasks; the other answers sync-in-progress', async () => {
    await newRetrospective('Retrospective: double click', table([['Double one', 'Detect', '', '', '', ''], ['Double two', 'Detect', '', '', '', '']]));
    const before = (await tasks()).length;
    const answers = await Promise.all([rawSync(), rawSync()]);
    expect((await tasks()).length).toBe(before + 2);
    const refused = answers.filter((a) => !a.ok);
    for (const a of refused) expect(a).toMatchObject({ ok: false, error: { code: 'sync-in-progress' } });
    expect(answers.filter((a) => a.ok)).toHaveLength(2 - refused.length);
    // a later sync makes nothing more
    expect((await sync()).created).toEqual([]);
    expect((await tasks()).length).toBe(before + 2);
  });

  it('the KVS record write fails after the bulk create and the search lags: the next sync answers being-created, never a second task', async () => {
    await newRetrospective('Retrospective: kvs fails', table([['Kvs row one', 'Detect', '', '', '', ''], ['Kvs row two', 'Detect', '', '', '', '']]));
    const before = (await tasks()).length;
    const put = jest.spyOn(actionItemStore, 'put').mockRejectedValueOnce(new Error('KVS down (injected)'));
    const failed = await rawSync();
    put.mockRestore();
    expect(failed.ok).toBe(false);
    expect((await tasks()).length).toBe(before + 2);
    // the search index has not caught up yet
    const lag = jest.spyOn(JiraActionItemTracker.prototype, 'findTasks').mockResolvedValue(new Map());
    try {
      const resumed = await sync();
      expect(resumed.created).toEqual([]);
      expect(resumed.problems.map((p) => p.code)).toEqual(['being-created', 'being-created']);
    } finally {
      lag.mockRestore();
    }
    expect((await tasks()).length).toBe(before + 2);
    // once the search shows them, they are recorded and their keys written
    expect((await sync()).created).toHaveLength(2);
    expect((await tasks()).length).toBe(before + 2);
  });

  it('the second bulk create of 60 rows fails: the first 50 are kept and recorded, the rest answered jira-refused', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`Chunk action ${i + 1}`, 'Detect', '', '', '', '']);
    await newRetrospective('Retrospective: chunk fails', table(rows));
    const before = (await tasks()).length;
    const take = sb.faults.take.bind(sb.faults);
    let bulkCalls = 0;
    const spy = jest.spyOn(sb.faults, 'take').mockImplementation((method, path) => {
      if (method === 'POST' && path.startsWith('/rest/api/3/issue/bulk') && ++bulkCalls === 2) return { status: 500, headers: {}, message: 'Internal server error (injected by the test).' };
      return take(method, path);
    });
    let answer;
    try {
      answer = await rawSync();
    } finally {
      spy.mockRestore();
    }
    if (!answer.ok) throw new Error(`sync refused: ${JSON.stringify(answer.error)}`);
    expect(answer.data.created).toHaveLength(50);
    expect(answer.data.problems).toHaveLength(10);
    expect(answer.data.problems.every((p) => p.code === 'jira-refused')).toBe(true);
    expect((await tasks()).length).toBe(before + 50);
    const recorded = (await recordsNow()).filter((r) => answer.data.created.some((c) => c.key === r.key));
    expect(recorded).toHaveLength(50);
    // created keys map to their own rows (by property, not by position)
    const made = await tasks();
    const storage = (await page()).body.storage.value;
    for (const c of answer.data.created) {
      expect(made.find((t) => t.key === c.key)!.fields['summary']).toBe(c.action);
      expect(storage).toMatch(new RegExp(`${c.action}</p></td>.*?<ac:parameter ac:name="key">${c.key}</ac:parameter>`, 's'));
    }
    // the failed chunk's rows are pending (Jira may have made them): not created again at once
    const again = await sync();
    expect(again.created).toEqual([]);
    expect(again.problems.filter((p) => p.code === 'being-created')).toHaveLength(10);
    expect((await tasks()).length).toBe(before + 50);
  });

  it('a remote link that failed is added by the next sync (remoteLinked on the record)', async () => {
    await newRetrospective('Retrospective: remote link', table([['Linked later', 'Detect', '', '', '', '']]));
    sb.faults.add({ path: '/\\/remotelink$/', method: 'POST', status: 500, count: 1000 });
    await rawSync();
    sb.faults.clear();
    const key = (await tasks()).find((t) => t.fields['summary'] === 'Linked later')!.key;
    await sync();
    const remote = await getJson<Array<{ globalId: string }>>(sb, `/rest/api/3/issue/${key}/remotelink`);
    expect(remote).toMatchObject([{ globalId: `kaizen-retrospective-${pageId}` }]);
    expect((await recordsNow()).find((r) => r.key === key)!.remoteLinked).toBe(true);
  });

  it('a caller who cannot read the page is refused; one without Assign Issues makes unassigned tasks, reported', async () => {
    await newRetrospective('Retrospective: authorisation', table([['Assign me', 'Detect', mention(USERS.ben), '', '', '']]));
    const cannotRead = jest.spyOn(userAccess, 'canReadPage').mockResolvedValue(false);
    try {
      expect(await rawSync()).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
    } finally {
      cannotRead.mockRestore();
    }
    const cannotAssign = jest.spyOn(userAccess, 'canAssignIssues').mockResolvedValue(false);
    let result: SyncActionItemsData;
    try {
      result = await sync();
    } finally {
      cannotAssign.mockRestore();
    }
    expect(result.created.map((c) => c.action)).toEqual(['Assign me']);
    expect(result.problems.map((p) => p.code)).toEqual(['no-assign-permission']);
    expect((await tasks()).find((t) => t.fields['summary'] === 'Assign me')!.fields['assignee']).toBeNull();
  });

  it('a sync never writes back a stale done: the task moved to Done while the sync updated it stays done', async () => {
    await newRetrospective('Retrospective: race', table([['Race me', 'Detect', '', '2027-07-01', '', '']]));
    const [made] = (await sync()).created;
    await personSaves((s) => s.replace('2027-07-01', '2027-08-01'));
    const original = JiraActionItemTracker.prototype.updateTask;
    const spy = jest.spyOn(JiraActionItemTracker.prototype, 'updateTask').mockImplementation(async function (this: JiraActionItemTracker, key, change) {
      // people move the task to Done in Jira while the sync is between reading and writing its record
      const transitions = await getJson<{ transitions: Array<{ id: string; to: { statusCategory: { key: string } } }> }>(sb, `/rest/api/3/issue/${made!.key}/transitions`);
      const done = transitions.transitions.find((t) => t.to.statusCategory.key === 'done')!;
      await sb.http(`/rest/api/3/issue/${made!.key}/transitions`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: basicAuth('ben@example.com') }, body: JSON.stringify({ transition: { id: done.id } }) });
      await sb.idle();
      return original.call(this, key, change);
    });
    try {
      expect((await sync()).updated.map((u) => u.key)).toEqual([made!.key]);
    } finally {
      spy.mockRestore();
    }
    expect((await recordsNow()).find((r) => r.key === made!.key)).toMatchObject({ done: true, dueDate: '2027-08-01' });
  });

  it('an older Jira event arriving after a newer one is ignored', async () => {
    await newRetrospective('Retrospective: event order', table([['Order me', 'Detect', '', '', '', '']]));
    const [made] = (await sync()).created;
    const record = (await recordsNow()).find((r) => r.key === made!.key)!;
    await asApp(() => followTaskEvent({ issueId: record.issueId, done: true, at: '2026-12-02T10:00:02.000Z' }, followTaskDeps()));
    await asApp(() => followTaskEvent({ issueId: record.issueId, done: false, at: '2026-12-02T10:00:01.000Z' }, followTaskDeps()));
    expect((await recordsNow()).find((r) => r.key === made!.key)!.done).toBe(true);
  });

  it('a due date changed in the table earns a new reminder', async () => {
    await newRetrospective('Retrospective: new due date', table([['Late again', 'Detect', '', '2020-02-03', '', '']]));
    const [late] = (await sync()).created;
    await runHousekeeping();
    expect(await commentCount(late!.key)).toBe(1);
    await personSaves((s) => s.replace('2020-02-03', '2020-03-04'));
    expect((await sync()).updated.map((u) => u.key)).toEqual([late!.key]);
    expect((await recordsNow()).find((r) => r.key === late!.key)!.remindedAt).toBeUndefined();
    await runHousekeeping();
    expect(await commentCount(late!.key)).toBe(2);
  });

  it('a deleted task does not stop the other overdue reminders, and is no longer counted', async () => {
    await newRetrospective('Retrospective: deleted task', table([['Deleted soon', 'Detect', '', '2019-01-01', '', ''], ['Still here', 'Detect', '', '2019-01-02', '', '']]));
    const [gone, here] = (await sync()).created;
    const deleted = await sb.http(`/rest/api/3/issue/${gone!.key}`, { method: 'DELETE', headers: { Authorization: basicAuth('ben@example.com') } });
    expect(deleted.status).toBe(204);
    await sb.idle();
    await runHousekeeping();
    expect(await commentCount(here!.key)).toBe(1);
    expect((await recordsNow()).find((r) => r.key === gone!.key)!.gone).toBe(true);
    const counts = (await sync()).counts;
    expect(counts.total).toBe((await recordsNow()).filter((r) => !r.gone).length);
  });

  it('a task deleted in Jira leaves the counts through the issue-event trigger (avi:jira:deleted:issue)', async () => {
    await newRetrospective('Retrospective: deleted', table([['Delete me', 'Detect', '', '', '', ''], ['Keep me', 'Detect', '', '', '', '']]));
    const [gone] = (await sync()).created;
    const counts = async () => {
      const panel = RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel(issue), 'getIncident', {}, USERS.ben));
      if (!panel.ok || !('retro' in panel.data)) throw new Error('getIncident refused');
      return panel.data.retro.actionItems!;
    };
    const before = await counts();
    const res = await sb.http(`/rest/api/3/issue/${gone!.key}`, { method: 'DELETE', headers: { Authorization: basicAuth('aiko@example.com') } });
    expect(res.status).toBe(204);
    await sb.idle();
    expect((await asApp(() => actionItemStore.listByIncident(incidentId))).find((r) => r.key === gone!.key)!.gone).toBe(true);
    expect(await counts()).toEqual({ ...before, total: before.total - 1, open: before.open - 1 });
  });

  it("a person's own status lozenge in the Jira column stays; Kaizen's marker goes next to it", async () => {
    const own = '<ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="3f1c2a9e-person"><ac:parameter ac:name="title">Blocked</ac:parameter><ac:parameter ac:name="colour">Red</ac:parameter></ac:structured-macro>';
    await newRetrospective('Retrospective: own lozenge', table([['Lozenge row', 'Detect', '', '', '', own]]));
    const [made] = (await sync()).created;
    const storage = (await page()).body.storage.value;
    expect(storage).toContain('ac:macro-id="3f1c2a9e-person"');
    expect(storage).toContain('Blocked');
    expect(storage).toMatch(new RegExp(`ac:macro-id="kaizen-row-[^"]+"><ac:parameter ac:name="key">${made!.key}<`));
    expect((await sync()).created).toEqual([]);
  });

  it('a priority word the site lacks is reported and not recorded as synced', async () => {
    await newRetrospective('Retrospective: priority', table([['Priority row', 'Detect', '', '', 'Highest', '']]));
    const names = jest.spyOn(JiraActionItemTracker.prototype, 'priorityNames').mockResolvedValue(['High', 'Medium', 'Low']);
    try {
      const first = await sync();
      expect(first.created.map((c) => c.action)).toEqual(['Priority row']);
      expect(first.problems).toMatchObject([{ code: 'unknown-priority', detail: 'highest' }]);
      const record = (await recordsNow()).find((r) => r.key === first.created[0]!.key)!;
      expect(record.synced.priority).toBe('');
      // still reported on the next sync, with no write
      const seq = lastSeq(sb);
      expect((await sync()).problems.map((p) => p.code)).toEqual(['unknown-priority']);
      expect(productWrites(sb, seq)).toEqual([]);
    } finally {
      names.mockRestore();
    }
  });

  it('a viewer may not sync', async () => {
    const answer = RESOLVERS.syncActionItems.response.parse(await callResolver(sb, issuePanel(issue), 'syncActionItems', {}, USERS.viewer));
    expect(answer).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
  });
});
