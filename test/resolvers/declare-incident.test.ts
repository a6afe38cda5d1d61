import type { Incident } from '../../src/domain/incident';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { DEFAULT_LEVELS } from '../../src/shared/settings';
import { saveIntakeSettings } from '../../src/storage/settings';
import { getJson, storedIncidents } from '../helpers/incidents';
import { asApp, lastSeq, productWrites, startKaizenSandbox, refusedAppRequests } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issueAction, issuePanel, USERS } from './call-resolver';

type IssueFields = { summary: string; labels: string[]; priority: { name: string }; assignee: { accountId: string } | null; description: unknown; issuetype: { name: string } };

/**
 * "Declare incident" by hand (issue 8 item 3, DESIGN 3.3) through the sandbox: the issue action's resolvers as the
 * platform invokes them, Jira and Confluence validated against Atlassian's documents. An issue made the incident's,
 * a new Incident issue, drills, retries and two people at once, refusals.
 */
describe('declare an incident by hand', () => {
  let sb: TestSandbox;
  let uuidSeq = 0;
  const requestId = () => `0b6f3c1e-2a4d-4e5f-8a7b-${String(++uuidSeq).padStart(12, '0')}`;

  async function newTask(summary: string, labels: string[] = []): Promise<{ id: string; key: string }> {
    const res = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-User': USERS.aiko },
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary, labels } }),
    });
    expect(res.status).toBe(201);
    await sb.idle();
    return (await res.json()) as { id: string; key: string };
  }
  const form = async (issue: { id: string; key: string }, who: string) => RESOLVERS.getDeclareForm.response.parse(await callResolver(sb, issueAction(issue), 'getDeclareForm', {}, who));
  const declare = async (issue: { id: string; key: string }, payload: Record<string, unknown>, who: string) =>
    RESOLVERS.declareIncident.response.parse(await callResolver(sb, issueAction(issue), 'declareIncident', payload, who));
  const request = (over: Record<string, unknown> = {}) => ({ requestId: requestId(), target: 'this-issue', title: 'Checkout is slow for some users', level: 'SEV2', drill: false, ...over });
  const jiraIssue = async (key: string) => (await getJson<{ fields: IssueFields }>(sb, `/rest/api/3/issue/${key}?fields=summary,labels,priority,assignee,description,issuetype`)).fields;
  const incident = (id: string): Incident => storedIncidents(sb).find((i) => i.id === id)!;
  const pageStorage = async (pageId: string) => (await getJson<{ body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${pageId}?body-format=storage`)).body.storage.value;

  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  it('the form shows the issue, that it is no incident yet, and what the caller may do', async () => {
    const task = await newTask('Payments return 502');
    expect(await form(task, USERS.ben)).toEqual({
      ok: true,
      data: { issue: { key: task.key, summary: 'Payments return 502' }, incidentProjectKey: 'OPS', canCreateInProject: true, canEditIssue: true, levels: DEFAULT_LEVELS },
    });
    const viewer = await form(task, USERS.viewer);
    expect(viewer.ok && viewer.data).toMatchObject({ canEditIssue: false, canCreateInProject: false });
  });

  it('makes this issue the incident: one issue edit, the page, the link — three writes, as the same path as an alert', async () => {
    const task = await newTask('Payments return 502', ['payments']);
    const since = lastSeq(sb);
    const answer = await declare(task, request({ title: 'Payments return 502', level: 'SEV2', commander: USERS.aiko, impactStartedAt: '2020-01-01T09:00:00+09:00' }), USERS.ben);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.data).toMatchObject({ outcome: 'declared', issue: { key: task.key }, drill: false });
    expect(answer.data.page?.title).toBe(`${task.key}: Payments return 502`);
    await sb.idle();
    expect(productWrites(sb, since).map((w) => w.operationId)).toEqual(['editIssue', 'createPage', 'createOrUpdateRemoteIssueLink']);

    const fields = await jiraIssue(task.key);
    expect(fields.summary).toBe('[SEV2] Payments return 502');
    expect(fields.labels).toEqual(expect.arrayContaining(['payments', 'kaizen', 'kaizen-declared']));
    expect(fields.labels).not.toContain('kaizen-drill');
    expect(fields.priority.name).toBe('High');
    expect(fields.assignee?.accountId).toBe(USERS.aiko);
    // people's description is theirs: it stays as it was (none)
    expect(fields.description).toBeNull();

    const stored = incident(answer.data.incidentId);
    expect(stored).toMatchObject({ state: 'acknowledged', level: 'SEV2', drill: false, groupKeys: [], impactStartedAt: '2020-01-01T00:00:00.000Z', roles: { commander: USERS.aiko } });
    expect(stored.declared).toMatchObject({ by: { accountId: USERS.ben }, issueId: task.id });
    expect(stored.acknowledgedAt).toBe(stored.detectedAt);
    expect(Object.keys(stored.setByPerson ?? {}).sort()).toEqual(['acknowledgedAt', 'detectedAt', 'impactStartedAt', 'level', 'roles']);
    const storage = await pageStorage(stored.page!.id);
    expect(storage).toContain('Declared');
    expect(storage).toContain('Ben');

    // the panel on that issue now runs the incident
    const panel = RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel(task), 'getIncident', {}, USERS.ben));
    expect(panel.ok && panel.data.incident).toMatchObject({ id: answer.data.incidentId, state: 'acknowledged', level: 'SEV2' });
    // and the form says it is one now
    const again = await form(task, USERS.aiko);
    expect(again.ok && again.data.incident).toEqual({ id: answer.data.incidentId, state: 'acknowledged' });
  });

  it('a double click, a retry and a second person at the same moment make one incident and write nothing twice', async () => {
    const task = await newTask('Search is down');
    const first = request({ title: 'Search is down' });
    const [a, b] = await Promise.all([declare(task, first, USERS.ben), declare(task, first, USERS.ben)]);
    const c = await declare(task, { ...request({ title: 'Search is down (Aiko)' }) }, USERS.aiko);
    await sb.idle();
    // of the two clicks one declares; the other finds it made or still being made; Aiko, later, finds it made
    const clicks = [a, b].map((x) => (x.ok ? x.data.outcome : x.error.code)).sort();
    expect(clicks.filter((o) => o === 'declared')).toHaveLength(1);
    expect(c.ok && c.data.outcome).toBe('already');
    const ids = new Set([a, b, c].map((x) => x.ok && x.data.incidentId));
    expect(ids.size).toBe(1);
    expect(storedIncidents(sb).filter((i) => i.declared?.issueId === task.id)).toHaveLength(1);
    const pages = await getJson<{ results: unknown[] }>(sb, `/wiki/api/v2/pages?title=${encodeURIComponent(`${task.key}: Search is down`)}`);
    expect(pages.results).toHaveLength(1);
    // every answer but the one that made it says who declared it, with the issue and the page
    for (const x of [a, b, c]) if (x.ok && x.data.outcome === 'already') expect(x.data).toMatchObject({ declaredBy: 'Ben Carter', issue: { key: task.key }, page: { title: `${task.key}: Search is down` } });
    const since = lastSeq(sb);
    expect(await declare(task, first, USERS.ben)).toMatchObject({ ok: true, data: { outcome: 'already', issue: { key: task.key } } });
    expect(productWrites(sb, since)).toEqual([]);
  });

  it('a commander Jira does not know is refused before anything is stored, naming the field', async () => {
    const task = await newTask('Cache stampede');
    const since = lastSeq(sb);
    const answer = await declare(task, request({ commander: '557058:nobody-here' }), USERS.ben);
    expect(answer).toMatchObject({ ok: false, error: { code: 'unknown-person', fields: [{ field: 'commander' }] } });
    expect(productWrites(sb, since)).toEqual([]);
    expect(storedIncidents(sb).some((i) => i.declared?.issueId === task.id)).toBe(false);
  });

  it('a commander Jira will not assign there: Jira refuses the edit, nothing is kept, and the issue can be declared again', async () => {
    const task = await newTask('Disk latency on db-2');
    // Vic is an active Jira user, but not assignable in OPS: Jira answers 400 to the one edit
    const refused = await declare(task, request({ commander: USERS.viewer }), USERS.ben);
    expect(refused).toMatchObject({ ok: false, error: { code: 'product-refused' } });
    expect(storedIncidents(sb).some((i) => i.declared?.issueId === task.id)).toBe(false);
    const form2 = await form(task, USERS.ben);
    expect(form2.ok && form2.data.incident).toBeUndefined();
    const again = await declare(task, request({ commander: USERS.aiko }), USERS.ben);
    expect(again).toMatchObject({ ok: true, data: { outcome: 'declared', issue: { key: task.key } } });
    // the only 400 of this test is the refused edit; it is what the product answered, not a request the app got wrong
    const refusedEdits = sb.log.list({ kind: 'product' }).filter((e) => e.caller !== 'http' && e.status === 400);
    expect(refusedEdits.map((e) => e.operationId)).toEqual(['editIssue']);
    sb.log.clear();
  });

  it('creates a new Incident issue for a drill, in Japanese: 演習 on the issue, the page and the panel', async () => {
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja' }));
    try {
      const task = await newTask('負荷試験の準備');
      const since = lastSeq(sb);
      const req = request({ target: 'new-issue', title: '決済 API の障害対応演習', level: 'SEV3', drill: true });
      const answer = await declare(task, req, USERS.aiko);
      expect(answer.ok && answer.data).toMatchObject({ outcome: 'declared', drill: true });
      if (!answer.ok) return;
      await sb.idle();
      expect(productWrites(sb, since).map((w) => w.operationId)).toEqual(['createIssue', 'createPage', 'createOrUpdateRemoteIssueLink']);
      const key = answer.data.issue!.key;
      expect(key).not.toBe(task.key);
      const fields = await jiraIssue(key);
      expect(fields.summary).toBe('[演習][SEV3] 決済 API の障害対応演習');
      expect(fields.issuetype.name).toBe('Incident');
      expect(fields.labels).toEqual(expect.arrayContaining(['kaizen', 'kaizen-declared', 'kaizen-drill']));
      expect(JSON.stringify(fields.description)).toContain('Kaizen からインシデントを宣言しました');
      const stored = incident(answer.data.incidentId);
      expect(stored.declared?.issueId).toBeUndefined();
      const storage = await pageStorage(stored.page!.id);
      expect(storage).toContain('演習');
      expect(storage).toContain('さんがインシデントを宣言');
      const panel = RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel(stored.issue!), 'getIncident', {}, USERS.aiko));
      expect(panel.ok && panel.data.incident).toMatchObject({ id: stored.id, drill: true, level: 'SEV3' });
      // the task it was declared from is left as it was
      expect((await jiraIssue(task.key)).summary).toBe('負荷試験の準備');
      // the same request again answers the same incident, no second issue
      expect(await declare(task, req, USERS.aiko)).toMatchObject({ ok: true, data: { outcome: 'already', incidentId: answer.data.incidentId } });
    } finally {
      await asApp(() => saveIntakeSettings({ pageLanguage: 'en' }));
    }
  });

  it('refuses what it may not do, as the caller, and writes nothing', async () => {
    const task = await newTask('Disk filling up');
    const since = lastSeq(sb);
    expect(await declare(task, request(), USERS.viewer)).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
    expect(await declare(task, request({ target: 'new-issue' }), USERS.viewer)).toMatchObject({ ok: false, error: { code: 'create-not-allowed' } });
    expect(productWrites(sb, since)).toEqual([]);
    expect(storedIncidents(sb).some((i) => i.declared?.issueId === task.id)).toBe(false);
  });

  it('refuses bad input with a message naming the field, and an impact start in the future by its rule', async () => {
    const task = await newTask('Queue backlog');
    const bad = async (payload: Record<string, unknown>) => {
      const answer = await declare(task, payload, USERS.ben);
      return answer.ok ? 'ok' : `${answer.error.code}: ${answer.error.message}`;
    };
    expect(await bad(request({ title: '   ' }))).toMatch(/^bad-request: title: an incident needs a title/);
    expect(await bad(request({ level: 'SEV9' }))).toMatch(/^bad-request: level: expected one of SEV1, SEV2, SEV3, SEV4/);
    expect(await bad(request({ requestId: 'x' }))).toMatch(/^bad-request: requestId:/);
    expect(await bad(request({ color: 'red' }))).toMatch(/unknown field\(s\): color/);
    expect(await bad(request({ title: 'x'.repeat(201) }))).toMatch(/^bad-request: title: a title is at most 200 characters/);
    const future = await declare(task, request({ impactStartedAt: '2999-01-01T00:00:00Z' }), USERS.ben);
    expect(future).toMatchObject({ ok: false, error: { code: 'time-rule', fields: [{ field: 'impactStartedAt', message: 'not-in-future' }] } });
    expect(storedIncidents(sb).some((i) => i.declared?.issueId === task.id)).toBe(false);
  });
});
