import { markActionItemRows } from '../../src/documents/action-items';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import type { SyncActionItemsData } from '../../src/shared/retrospective';
import { actionItemStore } from '../../src/storage/action-item-store';
import { updateIncident } from '../../src/storage/incident-store';
import { getJson, onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { asApp, lastSeq, productWrites, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from './call-resolver';

interface PageJson {
  id: string;
  title: string;
  version: { number: number };
  body: { storage: { value: string } };
}
interface IssueJson {
  id: string;
  key: string;
  fields: Record<string, any>;
}

const mention = (accountId: string): string => `<ac:link><ri:user ri:account-id="${accountId}"/></ac:link>`;
const td = (inner: string): string => `<td>${inner === '' ? '' : `<p>${inner}</p>`}</td>`;
const row = (cells: string[]): string => `<tr>${cells.map(td).join('')}</tr>`;
const table = (rows: string[][], header = ['Action', 'Type', 'Owner', 'Due', 'Priority', 'Jira']): string =>
  `<h2>Action items</h2><table><tbody><tr>${header.map((h) => `<th><p>${h}</p></th>`).join('')}</tr>${rows.map(row).join('')}</tbody></table>`;
const basic = (user: string) => `Basic ${Buffer.from(`${user}:x`).toString('base64')}`;

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
  const page = () => getJson<PageJson>(sb, `/wiki/api/v2/pages/${pageId}?body-format=storage`);
  const personSaves = async (edit: (storage: string) => string): Promise<void> => {
    const current = await page();
    const res = await sb.http(`/wiki/api/v2/pages/${pageId}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: basic('ben@example.com') },
      body: JSON.stringify({ id: pageId, status: 'current', title: current.title, body: { representation: 'storage', value: edit(current.body.storage.value) }, version: { number: current.version.number + 1 } }),
    });
    expect(res.status).toBe(200);
  };
  const tasks = async (): Promise<IssueJson[]> => {
    const jql = encodeURIComponent('project = OPS AND labels = kaizen-action-item ORDER BY created ASC');
    return (await getJson<{ issues: IssueJson[] }>(sb, `/rest/api/3/search/jql?jql=${jql}&fields=summary,description,assignee,duedate,priority,labels,issuelinks,status&maxResults=100`)).issues;
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
    expect((await page()).body.storage.value).toMatch(/ac:macro-id="crash-row-1".*?<ac:parameter ac:name="key">OPS-\d+<\/ac:parameter>/s);
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
    const moved = await sb.http(`/rest/api/3/issue/${follow!.key}/transitions`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: basic('ben@example.com') }, body: JSON.stringify({ transition: { id: done.id } }) });
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

  it('a viewer may not sync', async () => {
    const answer = RESOLVERS.syncActionItems.response.parse(await callResolver(sb, issuePanel(issue), 'syncActionItems', {}, USERS.viewer));
    expect(answer).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
  });
});
