import { sql } from '@forge/sql';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { RESOLVERS, type ResolverKey, type ResponseOf } from '../../src/shared/resolver-contract';

type DataOf<K extends ResolverKey> = Extract<ResponseOf<K>, { ok: true }>['data'];
import { CREATE_ACTION_ITEMS } from '../../src/storage/sql/migrations';
import { createReportingRows } from '../../src/storage/sql/reporting-rows';
import { retrospectiveRowOf } from '../../src/usecases/reporting-rows';
import { getJson, onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { asApp, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from './call-resolver';

/**
 * The reporting store's `retrospectives` and `action_items` rows (issue 10 item 1) kept in step by the existing code
 * paths, through the sandbox and its MariaDB: a retrospective drafted, then published from the panel; its action items
 * synced to Jira tasks, then moved to done, given a new due date and deleted by people in Jira (the issue-event
 * trigger). Each row drills to its incident. A failed SQL write is logged and never fails the person's action.
 */
interface RetroRow {
  updated_at?: string;
  page_id: string;
  kind: string;
  incident_id: string;
  problem_id: string | null;
  issue_key: string;
  title: string;
  url: string;
  language: string;
  status: string;
  level: string;
  service: string | null;
  drill: number;
  drafted_at: string;
  published_at: string | null;
}
interface ItemRow {
  issue_id: string;
  issue_key: string;
  incident_id: string;
  state: string;
  due_date: string | null;
  drill: number;
}
interface PageJson {
  id: string;
  title: string;
  version: { number: number };
  body: { storage: { value: string } };
}

const basic = (user: string) => `Basic ${Buffer.from(`${user}:x`).toString('base64')}`;
const itemRow = (cells: string[]): string => `<tr>${cells.map((c) => `<td>${c === '' ? '<p/>' : `<p>${c}</p>`}</td>`).join('')}</tr>`;
const sqlTime = (iso: string) => iso.replace('T', ' ').replace('Z', '');

describe('reporting rows: retrospectives and action items', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  let incidentId: string;

  const panelCall = async <K extends 'draftRetrospective' | 'publishRetrospective' | 'syncActionItems' | 'markRecovered'>(key: K): Promise<DataOf<K>> => {
    const answer = RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, {}, USERS.aiko)) as ResponseOf<K>;
    if (!answer.ok) throw new Error(`${key} refused: ${JSON.stringify(answer.error)}`);
    await sb.idle();
    return answer.data as DataOf<K>;
  };
  const retroRows = async (): Promise<RetroRow[]> => (await asApp(() => sql.prepare<RetroRow>('SELECT * FROM retrospectives ORDER BY page_id').execute())).rows;
  const itemRows = async (): Promise<ItemRow[]> => (await asApp(() => sql.prepare<ItemRow>('SELECT issue_id, issue_key, incident_id, state, CAST(due_date AS CHAR) AS due_date, drill FROM action_items ORDER BY issue_key').execute())).rows;
  const byKey = async (key: string) => (await itemRows()).find((r) => r.issue_key === key);

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    incidentId = onlyIncident(sb).id;
    await panelCall('markRecovered');
  }, 600_000);
  afterAll(() => sb.dispose());

  it('a retrospective drafted → its row (draft); published → published with its time; a late draft write never takes it back', async () => {
    expect(await retroRows()).toEqual([]);
    await panelCall('draftRetrospective');
    const incident = onlyIncident(sb);
    const retro = incident.retrospective!;
    expect(await retroRows()).toEqual([
      {
        page_id: retro.page.id,
        kind: 'retrospective',
        incident_id: incidentId,
        problem_id: null,
        issue_key: issue.key,
        title: retro.page.title,
        url: retro.page.url,
        language: incident.language,
        status: 'draft',
        level: incident.level,
        service: null,
        drill: 0,
        drafted_at: sqlTime(retro.draftedAt),
        published_at: null,
        updated_at: expect.any(String),
        // the library's columns (v012): nothing recommended, no labels seen yet
        recommended_at: null,
        recommended_by: null,
        recommended_by_name: null,
        recommended_reason: null,
        labels: null,
      },
    ]);
    // drafting again answers `existing` and writes the same row
    await panelCall('draftRetrospective');
    expect(await retroRows()).toHaveLength(1);

    await panelCall('publishRetrospective');
    const published = onlyIncident(sb).retrospective!;
    expect(await retroRows()).toMatchObject([{ page_id: retro.page.id, status: 'published', published_at: sqlTime(published.publishedAt!), labels: ' kaizen-postmortem ' }]);
    // drill from the row to the incident: the fact row of the same incident
    const joined = (await asApp(() => sql.prepare<{ issue_key: string }>('SELECT f.issue_key FROM retrospectives r JOIN incident_facts f ON f.incident_id = r.incident_id WHERE r.page_id = ?').bindParams(retro.page.id).execute())).rows;
    expect(joined).toEqual([{ issue_key: issue.key }]);

    // a writer holding the record as it was before the publish cannot move the row back
    const stale = retrospectiveRowOf({ ...onlyIncident(sb), retrospective: { ...published, status: 'draft', publishedAt: undefined } })!;
    await asApp(() => createReportingRows().upsertRetrospective(stale));
    expect(await retroRows()).toMatchObject([{ status: 'published', published_at: sqlTime(published.publishedAt!) }]);
  });

  it('action items synced → one row per task (open, due date); done, a new due date and a deletion in Jira follow through the issue-event trigger', async () => {
    // people fill the drafted page's action items table (a new version, as Ben)
    const pageId = onlyIncident(sb).retrospective!.page.id;
    const current = await getJson<PageJson>(sb, `/wiki/api/v2/pages/${pageId}?body-format=storage`);
    const storage = current.body.storage.value;
    const h = storage.indexOf('<h2>Action items</h2>');
    expect(h).toBeGreaterThan(-1);
    const headerEnd = storage.indexOf('</tr>', storage.indexOf('<table', h)) + '</tr>'.length;
    const bodyEnd = storage.indexOf('</tbody>', headerEnd);
    const rows = itemRow(['Add a disk usage alert', 'Detect', '', '2027-01-15', '', '']) + itemRow(['Rotate the logs', 'prevent', '', '', '', '']) + itemRow(['Write the runbook', 'Detect', '', '2027-02-01', '', '']);
    const put = await sb.http(`/wiki/api/v2/pages/${pageId}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: basic('ben@example.com') },
      body: JSON.stringify({ id: pageId, status: 'current', title: current.title, body: { representation: 'storage', value: storage.slice(0, headerEnd) + rows + storage.slice(bodyEnd) }, version: { number: current.version.number + 1 } }),
    });
    expect(put.status).toBe(200);

    const synced = await panelCall('syncActionItems');
    const [disk, logs, runbook] = synced.created;
    expect(synced.created.map((c) => c.action)).toEqual(['Add a disk usage alert', 'Rotate the logs', 'Write the runbook']);
    const records = new Map((await itemRows()).map((r) => [r.issue_key, r]));
    expect(records.size).toBe(3);
    expect(records.get(disk!.key)).toEqual({ issue_id: expect.any(String), issue_key: disk!.key, incident_id: incidentId, state: 'open', due_date: '2027-01-15', drill: 0 });
    expect(records.get(logs!.key)).toMatchObject({ incident_id: incidentId, state: 'open', due_date: null });
    expect(records.get(runbook!.key)).toMatchObject({ incident_id: incidentId, state: 'open', due_date: '2027-02-01' });

    // Ben moves one to Done in Jira
    const transitions = await getJson<{ transitions: Array<{ id: string; to: { statusCategory: { key: string } } }> }>(sb, `/rest/api/3/issue/${disk!.key}/transitions`);
    const done = transitions.transitions.find((t) => t.to.statusCategory.key === 'done')!;
    const moved = await sb.http(`/rest/api/3/issue/${disk!.key}/transitions`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: basic('ben@example.com') }, body: JSON.stringify({ transition: { id: done.id } }) });
    expect(moved.status).toBe(204);
    await sb.idle();
    expect(await byKey(disk!.key)).toMatchObject({ state: 'done', due_date: '2027-01-15' });

    // and gives another a due date
    const dated = await sb.http(`/rest/api/3/issue/${logs!.key}`, { method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: basic('ben@example.com') }, body: JSON.stringify({ fields: { duedate: '2027-03-31' } }) });
    expect(dated.status).toBe(204);
    await sb.idle();
    expect(await byKey(logs!.key)).toMatchObject({ state: 'open', due_date: '2027-03-31' });

    // Aiko deletes the third: never counted again
    const deleted = await sb.http(`/rest/api/3/issue/${runbook!.key}`, { method: 'DELETE', headers: { Authorization: basic('aiko@example.com') } });
    expect(deleted.status).toBe(204);
    await sb.idle();
    expect(await byKey(runbook!.key)).toMatchObject({ state: 'deleted' });
    const open = (await asApp(() => sql.prepare<{ n: string }>("SELECT COUNT(*) AS n FROM action_items WHERE state = 'open' AND drill = 0").execute())).rows;
    expect(open).toEqual([{ n: '1' }]);
  });

  it('a failed SQL write is logged and never fails the action; the next change writes the rows again', async () => {
    const [logs] = (await itemRows()).filter((r) => r.state === 'open');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const rowWarnings = () => warn.mock.calls.filter(([message]) => String(message).startsWith('The reporting store did not take the action item rows'));
    try {
      // the table is gone (as a store refusing every write would be)
      await asApp(() => sql.executeDDL('DROP TABLE action_items'));
      const dated = await sb.http(`/rest/api/3/issue/${logs!.issue_key}`, { method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: basic('ben@example.com') }, body: JSON.stringify({ fields: { duedate: '2027-04-30' } }) });
      expect(dated.status).toBe(204);
      await sb.idle();
      // the record and the incident's tally followed; the row write failed and was logged
      expect(onlyIncident(sb).actionItems?.openDue).toEqual(['2027-04-30']);
      expect(rowWarnings()).toHaveLength(1);
      // the sync, a person's action, answers ok all the same
      const refused = await panelCall('syncActionItems');
      expect(refused.counts).toMatchObject({ total: 2, done: 1, open: 1 });
      expect(rowWarnings()).toHaveLength(2);
    } finally {
      warn.mockRestore();
      await asApp(() => sql.executeDDL(CREATE_ACTION_ITEMS));
    }
    // once the store takes writes again, the next sync writes every task's row
    await panelCall('syncActionItems');
    expect((await itemRows()).map((r) => [r.state, r.due_date]).sort()).toEqual([
      ['deleted', '2027-02-01'],
      ['done', '2027-01-15'],
      ['open', '2027-04-30'],
    ]);
  });
});
