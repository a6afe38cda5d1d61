import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { markActionItemRows } from '../../src/documents/action-items';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import type { SyncActionItemsData } from '../../src/shared/retrospective';
import { createReadingSessionStore } from '../../src/storage/sql/reading-sessions';
import { createReportingRows } from '../../src/storage/sql/reporting-rows';
import { sql } from '@forge/sql';
import { getJson } from '../helpers/incidents';
import { asApp, lastSeq, productWrites, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { basicAuth, mention, personSavesPage, readPage, type IssueJson } from '../helpers/product-json';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, USERS, type ModuleCall } from './call-resolver';

/**
 * Reading sessions (issue 11 item 2) through the sandbox: "Start a reading session" from the library as the platform
 * invokes it (a page from the template under the postmortem's page, in its language, recorded in the reporting
 * store on MariaDB), refused as the caller's rights and the postmortem's state say; and the session macro's "Sync
 * TODOs to Jira" — the action items sync keyed by the session: tasks made once, keys written back, people's edits kept.
 */
jest.setTimeout(60_000);

const td = (inner: string): string => `<td>${inner === '' ? '' : `<p>${inner}</p>`}</td>`;
/** The session's TODO table as a person fills it (English headers). */
const todoTable = (rows: string[][]): string =>
  `<table><tbody><tr>${['Action', 'Type', 'Owner', 'Due', 'Priority', 'Jira'].map((h) => `<th><p>${h}</p></th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</tbody></table>`;
/** The page with its last table (the TODO table) replaced. */
const withTodos = (storage: string, table: string): string => storage.slice(0, storage.lastIndexOf('<table>')) + table + storage.slice(storage.lastIndexOf('</table>') + '</table>'.length);

const sessionMacro = (pageId: string): ModuleCall => ({
  moduleKey: 'reading-session',
  moduleType: 'macro',
  extension: { type: 'macro', content: { id: pageId, type: 'page' }, space: { id: '1', key: 'OPS' }, config: {}, isEditing: false },
});
const libraryMacro = sessionMacro('1');

describe('reading sessions', () => {
  let sb: TestSandbox;
  let spaceId: string;
  let issueKey: string;
  const postmortems: Record<'en' | 'ja' | 'draft' | 'private', { id: string; title: string; url: string }> = {} as never;

  const start = async (payload: Record<string, unknown>, user: string = USERS.ben) => RESOLVERS.startReadingSession.response.parse(await callResolver(sb, { ...libraryMacro, moduleKey: 'postmortem-library' }, 'startReadingSession', payload, user));
  const started = async (payload: Record<string, unknown>, user?: string) => {
    const answer = await start(payload, user);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    return answer.data;
  };
  const syncTodos = async (pageId: string, user: string = USERS.ben) => RESOLVERS.syncReadingSessionTodos.response.parse(await callResolver(sb, sessionMacro(pageId), 'syncReadingSessionTodos', {}, user));
  const synced = async (pageId: string): Promise<SyncActionItemsData> => {
    const answer = await syncTodos(pageId);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    return answer.data;
  };
  const page = (id: string) => readPage(sb, id);
  const personSaves = (id: string, edit: (storage: string) => string) => personSavesPage(sb, id, edit);
  const sessionTasks = async (sessionPageId: string): Promise<IssueJson[]> => {
    const jql = encodeURIComponent(`issue.property[kaizen-action-item].readingSessionId = "${sessionPageId}" ORDER BY created ASC`);
    return (await getJson<{ issues: IssueJson[] }>(sb, `/rest/api/3/search/jql?jql=${jql}&fields=summary,description,assignee,duedate,labels,issuelinks&maxResults=100`)).issues;
  };
  /** A page in the space (as a person: Ben, or private to Aiko), e.g. one a person made by hand. */
  const handMade = async (title: string, storage: string, privateToAiko = false): Promise<string> => {
    const res = await sb.http(`/wiki/api/v2/pages${privateToAiko ? '?private=true' : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: basicAuth(privateToAiko ? 'aiko@example.com' : 'ben@example.com') },
      body: JSON.stringify({ spaceId, status: 'current', title, body: { representation: 'storage', value: storage } }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  };
  const codeOf = (answer: Awaited<ReturnType<typeof start>>) => (answer.ok ? 'ok' : answer.error.code);
  /** A postmortem page (as the app, or private to Aiko) with its row in the reporting store. */
  const postmortem = async (title: string, language: 'en' | 'ja', status: string, privateToAiko = false) => {
    const res = await sb.http(`/wiki/api/v2/pages${privateToAiko ? '?private=true' : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(privateToAiko ? { Authorization: basicAuth('aiko@example.com') } : { 'X-Sandbox-User': 'app' }) },
      body: JSON.stringify({ spaceId, status: 'current', title, body: { representation: 'storage', value: '<p>What happened.</p>' } }),
    });
    expect(res.status).toBe(200);
    const created = (await res.json()) as { id: string; _links: { webui: string } };
    const url = `http://localhost/wiki${created._links.webui}`;
    const at = '2026-11-30T10:00:00.000Z';
    await asApp(() =>
      createReportingRows().upsertRetrospective({ pageId: created.id, kind: 'retrospective', incidentId: 'inc-1', problemId: null, issueKey, title, url, language, status, level: 'SEV2', service: 'checkout', drill: false, draftedAt: at, publishedAt: status === 'published' ? at : null }),
    );
    return { id: created.id, title, url };
  };

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    spaceId = (await getJson<{ results: Array<{ id: string }> }>(sb, '/wiki/api/v2/spaces?keys=OPS')).results[0]!.id;
    const issue = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': 'app' },
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Incident' }, summary: 'Checkout returned 502' } }),
    });
    expect(issue.status).toBe(201);
    issueKey = ((await issue.json()) as { key: string }).key;
    postmortems.en = await postmortem(`${issueKey}: Checkout returned 502 <script>alert(1)</script>`, 'en', 'published');
    postmortems.ja = await postmortem(`${issueKey}: 決済APIの502エラー`, 'ja', 'published');
    postmortems.draft = await postmortem('OPS-99: Still a draft', 'en', 'draft');
    postmortems.private = await postmortem('OPS-98: Restricted postmortem', 'en', 'published', true);
  });
  afterAll(() => sb?.dispose());
  afterEach(() => expect(sb.log.list({ kind: 'product' }).filter((e) => e.caller !== 'http' && e.status === 400)).toEqual([]));

  it('starts a session in the postmortem’s language under its page, records it, and answers a retry with the same page', async () => {
    const requestId = '1b7c0a52-4a3e-4c55-9d0a-6f1f6f3f0e01';
    const en = await started({ requestId, postmortemPageId: postmortems.en.id, startsAt: '2026-12-10T15:00:00+09:00' });
    expect(en.outcome).toBe('created');
    expect(en.session).toMatchObject({ language: 'en', startsAt: '2026-12-10T06:00:00.000Z', facilitatorAccountId: USERS.ben, postmortemPageId: postmortems.en.id, title: `Reading session: ${postmortems.en.title} (2026-12-10)` });
    const made = await page(en.session.pageId);
    expect(made.parentId).toBe(postmortems.en.id);
    const storage = made.body.storage.value;
    // the session macro first, then the template; the hostile title is text
    expect(storage.indexOf('/static/reading-session</ac:adf-attribute>')).toBeGreaterThan(-1);
    expect(storage.indexOf('/static/reading-session')).toBeLessThan(storage.indexOf('<h2>Session</h2>'));
    expect(storage).toContain('Checkout returned 502 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(storage).not.toContain('<script>');
    expect(storage).toContain(`<ri:user ri:account-id="${USERS.ben}"/>`);
    expect(await asApp(() => createReadingSessionStore().session(en.session.pageId))).toMatchObject({ postmortemPageId: postmortems.en.id, createdBy: USERS.ben, facilitatorAccountId: USERS.ben });

    // a double click / retry: the same page, no Confluence write
    const seq = lastSeq(sb);
    const again = await started({ requestId, postmortemPageId: postmortems.en.id, startsAt: '2026-12-10T15:00:00+09:00' });
    expect(again).toEqual({ ...en, outcome: 'already' });
    expect(productWrites(sb, seq)).toEqual([]);
    // another request for the same postmortem and day finds that page
    const sameDay = await started({ requestId: '1b7c0a52-4a3e-4c55-9d0a-6f1f6f3f0e02', postmortemPageId: postmortems.en.id, startsAt: '2026-12-10T16:00:00+09:00' });
    expect(sameDay).toMatchObject({ outcome: 'existing', session: { pageId: en.session.pageId } });

    // once the space has the admin's reading sessions parent (settings: the page titled "Reading sessions"), sessions go there
    const parent = await sb.http('/wiki/api/v2/pages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': 'app' },
      body: JSON.stringify({ spaceId, status: 'current', title: 'Reading sessions', body: { representation: 'storage', value: '<p>Sessions.</p>' } }),
    });
    expect(parent.status).toBe(200);
    const parentId = ((await parent.json()) as { id: string }).id;

    // Japanese: the page in Japanese, no facilitator yet, the start time defaulting to now
    const ja = await started({ requestId: '1b7c0a52-4a3e-4c55-9d0a-6f1f6f3f0e03', postmortemPageId: postmortems.ja.id, facilitatorAccountId: null, participantAccountIds: [USERS.aiko] }, USERS.aiko);
    expect(ja).toMatchObject({ outcome: 'created', session: { language: 'ja', facilitatorAccountId: null } });
    expect(ja.session.title).toMatch(/^ポストモーテム読書会: OPS-\d+: 決済APIの502エラー \(\d{4}-\d{2}-\d{2}\)$/);
    const jaPage = await page(ja.session.pageId);
    expect(jaPage.parentId).toBe(parentId);
    const jaStorage = jaPage.body.storage.value;
    expect(jaStorage).toContain('<h2>開催概要</h2>');
    expect(jaStorage).toContain('<td><p><em>未設定</em></p></td>');
    expect(jaStorage).toContain(`<ri:user ri:account-id="${USERS.aiko}"/>`);
  });

  it('is refused to who cannot read the postmortem or create pages in its space, and for an unpublished postmortem', async () => {
    const payload = (postmortemPageId: string, n: number) => ({ requestId: `2c8d1b63-5b4f-4d66-8e1b-7a2a7a4a1f0${n}`, postmortemPageId, startsAt: '2026-12-11T10:00:00Z' });
    const seq = lastSeq(sb);
    expect(codeOf(await start(payload(postmortems.private.id, 1)))).toBe('content-not-visible');
    expect(codeOf(await start(payload(postmortems.draft.id, 2)))).toBe('not-published');
    expect(codeOf(await start(payload(postmortems.en.id, 3), USERS.viewer))).toBe('page-create-not-allowed');
    const bad = await start({ ...payload(postmortems.en.id, 4), startsAt: 'tomorrow' });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('startsAt') });
    expect(productWrites(sb, seq)).toEqual([]);
    // Aiko can read her restricted postmortem: her session is made
    const restricted = await started(payload(postmortems.private.id, 5), USERS.aiko);
    expect(restricted.outcome).toBe('created');
    // the session macro names the postmortem only to who may read it
    const viewAs = async (user: string) => RESOLVERS.getReadingSession.response.parse(await callResolver(sb, sessionMacro(restricted.session.pageId), 'getReadingSession', {}, user));
    expect(await viewAs(USERS.aiko)).toMatchObject({ ok: true, data: { postmortem: { pageId: postmortems.private.id } } });
    expect(await viewAs(USERS.ben)).toMatchObject({ ok: true, data: { postmortem: null } });
  });

  it('two postmortems whose long titles agree but at their end (release reviews’ tags) get a session each, the same day', async () => {
    const review = (tag: string) => {
      const head = 'Release review (rolled back): checkout v1.2.0 — ';
      const end = ` [${tag}]`;
      return head + 'the canary passed but the new cache key broke sessions for some users; '.repeat(4).slice(0, 250 - head.length - end.length) + end;
    };
    const a = await postmortem(review('1a2b3c4d'), 'en', 'published');
    const b = await postmortem(review('5e6f7a8b'), 'en', 'published');
    expect(a.title).toHaveLength(250);
    const startsAt = '2026-12-12T10:00:00Z';
    const first = await started({ requestId: '5a0b4e96-8e7c-4a99-9b4e-ad5dad7d4c01', postmortemPageId: a.id, startsAt });
    const second = await started({ requestId: '5a0b4e96-8e7c-4a99-9b4e-ad5dad7d4c02', postmortemPageId: b.id, startsAt });
    expect([first.outcome, second.outcome]).toEqual(['created', 'created']);
    expect(second.session.pageId).not.toBe(first.session.pageId);
    // cut in the middle: the start and the tag stay, and the postmortem's page keeps it unique
    expect(first.session.title).toMatch(new RegExp(`^Reading session: Release review \\(rolled back\\): checkout v1\\.2\\.0 — .*….* \\[1a2b3c4d\\] \\(2026-12-12, page ${a.id}\\)$`));
    expect(second.session.title).toContain('[5e6f7a8b] (2026-12-12, page ');
    expect(first.session.title.length).toBeLessThanOrEqual(255);
    const store = createReadingSessionStore();
    expect(await asApp(() => store.session(first.session.pageId))).toMatchObject({ postmortemPageId: a.id });
    expect(await asApp(() => store.session(second.session.pageId))).toMatchObject({ postmortemPageId: b.id });
    // a second request for b the same day finds b's page
    expect(await started({ requestId: '5a0b4e96-8e7c-4a99-9b4e-ad5dad7d4c03', postmortemPageId: b.id, startsAt: '2026-12-12T11:00:00Z' })).toMatchObject({ outcome: 'existing', session: { pageId: second.session.pageId } });
  });

  it('a page with the session’s title that is not this postmortem’s session is never taken over: refused, nothing written', async () => {
    const titleOn = (date: string) => `Reading session: ${postmortems.en.title} (${date})`;
    const store = createReadingSessionStore();
    const refusedOn = async (date: string, n: number, user?: string) => {
      const seq = lastSeq(sb);
      const answer = await start({ requestId: `6b1c5fa7-9f8d-4baa-8c5f-be6ebe8e5d0${n}`, postmortemPageId: postmortems.en.id, startsAt: `${date}T10:00:00Z` }, user);
      expect(answer.ok ? null : answer.error).toMatchObject({ code: 'session-title-taken', message: expect.stringContaining('Nothing was created') });
      expect(productWrites(sb, seq)).toEqual([]);
    };
    // made by hand
    const byHand = await handMade(titleOn('2026-12-13'), '<p>Our own notes.</p>');
    await refusedOn('2026-12-13', 1);
    expect(await asApp(() => store.session(byHand))).toBeUndefined();

    // a copy of another postmortem's session page (its macro names that postmortem)
    const other = await started({ requestId: '6b1c5fa7-9f8d-4baa-8c5f-be6ebe8e5d02', postmortemPageId: postmortems.ja.id, startsAt: '2026-12-14T10:00:00Z' });
    const copy = await handMade(titleOn('2026-12-14'), (await page(other.session.pageId)).body.storage.value);
    await refusedOn('2026-12-14', 3);
    expect(await asApp(() => store.session(copy))).toBeUndefined();

    // a page Ben cannot read, even one that looks like this postmortem's session: its title and link are not shown to him
    const en = await started({ requestId: '6b1c5fa7-9f8d-4baa-8c5f-be6ebe8e5d04', postmortemPageId: postmortems.en.id, startsAt: '2026-12-15T10:00:00Z' });
    const hidden = await handMade(titleOn('2026-12-16'), (await page(en.session.pageId)).body.storage.value, true);
    await refusedOn('2026-12-16', 5);
    expect(await asApp(() => store.session(hidden))).toBeUndefined();
  });

  it('a start that crashed after making its page and before recording it: the next start takes that page, one session', async () => {
    const first = await started({ requestId: '7c2d6ab8-af9e-4cbb-9d6a-cf7fcf9f6e01', postmortemPageId: postmortems.en.id, startsAt: '2026-12-17T10:00:00Z' });
    // as if the row had never been written
    await asApp(() => sql.prepare('DELETE FROM reading_sessions WHERE session_page_id = ?').bindParams(first.session.pageId).execute());
    const seq = lastSeq(sb);
    const retry = await started({ requestId: '7c2d6ab8-af9e-4cbb-9d6a-cf7fcf9f6e02', postmortemPageId: postmortems.en.id, startsAt: '2026-12-17T11:00:00Z' }, USERS.aiko);
    expect(retry).toMatchObject({ outcome: 'existing', session: { pageId: first.session.pageId, postmortemPageId: postmortems.en.id } });
    expect(productWrites(sb, seq)).toEqual([]);
    expect(await asApp(() => createReadingSessionStore().session(first.session.pageId))).toMatchObject({ postmortemPageId: postmortems.en.id, createdBy: USERS.aiko });
  });

  it('tasks made for who cannot read the postmortem say nothing of it: no link, no mention, no relation to its incident', async () => {
    const { session } = await started({ requestId: '8d3e7bc9-b0af-4dcc-8e7b-d08ad0a07f01', postmortemPageId: postmortems.private.id, startsAt: '2026-12-18T10:00:00Z' }, USERS.aiko);
    await personSaves(session.pageId, (s) => withTodos(s, todoTable([['Review our own gateway timeouts', 'Detect', mention(USERS.ben), '', '', '']])));
    const answer = await syncTodos(session.pageId, USERS.ben);
    expect(answer.ok && answer.data.created.map((c) => c.action)).toEqual(['Review our own gateway timeouts']);
    const [task] = await sessionTasks(session.pageId);
    expect(task!.fields['issuelinks']).toEqual([]);
    const links = await getJson<Array<{ globalId: string; object: { url: string; title: string } }>>(sb, `/rest/api/3/issue/${task!.key}/remotelink`);
    expect(links.map((l) => l.globalId)).toEqual([`kaizen-reading-session-${session.pageId}`]);
    const description = JSON.stringify(task!.fields['description']);
    expect(description).toContain('A TODO from the reading session ');
    // (the session's own title, which Ben can read on the session page, names it; the postmortem's link does not come)
    expect(description).not.toContain('Postmortem we read');
    expect(description).not.toContain(postmortems.private.url);
    // Aiko, who can read it, gets the link and the relation on the tasks she makes
    await personSaves(session.pageId, (s) => withTodos(s, todoTable([['Review our own gateway timeouts', 'Detect', mention(USERS.ben), '', '', task!.key], ['Share our canary checklist', '', '', '', '', '']])));
    const hers = await syncTodos(session.pageId, USERS.aiko);
    expect(hers.ok && hers.data.created.map((c) => c.action)).toEqual(['Share our canary checklist']);
    const second = (await sessionTasks(session.pageId))[1]!;
    expect(second.fields['issuelinks']).toMatchObject([{ type: { name: 'Relates' }, outwardIssue: { key: issueKey } }]);
    expect(JSON.stringify(second.fields['description'])).toContain('Postmortem we read');
  });

  it('syncs the TODO table into Jira tasks once, keys written back, a person’s edits between syncs kept, and shows it in the macro', async () => {
    const { session } = await started({ requestId: '3d9e2c74-6c5a-4e77-9f2c-8b3b8b5b2a01', postmortemPageId: postmortems.en.id, startsAt: '2026-12-20T10:00:00Z' });
    await personSaves(session.pageId, (s) =>
      withTodos(s, todoTable([
        ['Add a 502 alert for our gateway', 'Detect', mention(USERS.ben), '2027-01-15', 'High', ''],
        ['Copy their rollback runbook', 'Process', 'ben@example.com', '', '', ''],
        ['Ask Nobody', 'Detect', 'Nobody Atall', '', '', ''],
      ])),
    );
    const first = await synced(session.pageId);
    expect(first.created.map((c) => c.action)).toEqual(['Add a 502 alert for our gateway', 'Copy their rollback runbook']);
    expect(first.problems.map((p) => [p.row, p.code])).toEqual([[3, 'unknown-owner']]);
    const made = await sessionTasks(session.pageId);
    expect(made.map((t) => t.fields['summary'])).toEqual(['Add a 502 alert for our gateway', 'Copy their rollback runbook']);
    expect(made[0]!.fields).toMatchObject({ assignee: { accountId: USERS.ben }, duedate: '2027-01-15', labels: expect.arrayContaining(['kaizen-reading-session', 'kaizen-detect']) });
    // linked to the postmortem's incident issue, the session page and the postmortem
    expect(made[0]!.fields['issuelinks']).toMatchObject([{ type: { name: 'Relates' }, outwardIssue: { key: issueKey } }]);
    const links = await getJson<Array<{ globalId: string; object: { url: string } }>>(sb, `/rest/api/3/issue/${made[0]!.key}/remotelink`);
    expect(links.map((l) => [l.globalId, l.object.url])).toEqual([
      [`kaizen-reading-session-${session.pageId}`, session.url],
      [`kaizen-postmortem-${postmortems.en.id}`, postmortems.en.url],
    ]);
    expect(JSON.stringify(made[0]!.fields['description'])).toContain('A TODO from the reading session ');
    let storage = (await page(session.pageId)).body.storage.value;
    for (const t of made) expect(storage).toContain(`<ac:parameter ac:name="key">${t.key}</ac:parameter>`);

    // a person edits between syncs: a discussion note, and a new due date on the first TODO
    await personSaves(session.pageId, (s) => s.replace('<h2>Participants</h2>', '<p>Ben: we would copy their canary.</p><h2>Participants</h2>').replace('2027-01-15', '2027-02-01'));
    const seq = lastSeq(sb);
    const second = await synced(session.pageId);
    expect(second.created).toEqual([]);
    expect(second.updated.map((u) => u.key)).toEqual([made[0]!.key]);
    expect(productWrites(sb, seq).filter((w) => w.operationId === 'createIssues')).toEqual([]);
    expect((await sessionTasks(session.pageId)).map((t) => [t.key, t.fields['duedate']])).toEqual([[made[0]!.key, '2027-02-01'], [made[1]!.key, null]]);
    storage = (await page(session.pageId)).body.storage.value;
    expect(storage).toContain('<p>Ben: we would copy their canary.</p>');

    // the macro's view: the postmortem link, the start, the tasks
    const view = RESOLVERS.getReadingSession.response.parse(await callResolver(sb, sessionMacro(session.pageId), 'getReadingSession', {}, USERS.viewer));
    expect(view).toMatchObject({ ok: true, data: { session: { pageId: session.pageId, startsAt: '2026-12-20T10:00:00.000Z' }, postmortem: { pageId: postmortems.en.id, url: postmortems.en.url }, tasks: { total: 2, done: 0 } } });
    // a viewer may read it but not sync it; on any other page the macro shows no session
    const refused = await syncTodos(session.pageId, USERS.viewer);
    expect(refused.ok ? null : refused.error.code).toBe('session-edit-not-allowed');
    expect(RESOLVERS.getReadingSession.response.parse(await callResolver(sb, sessionMacro(postmortems.en.id), 'getReadingSession', {}, USERS.ben))).toEqual({ ok: true, data: { session: null } });
  });

  it('a crash after the tasks were made and before the keys were written: the retry makes no second task', async () => {
    const { session } = await started({ requestId: '4eaf3d85-7d6b-4f88-8a3d-9c4c9c6c3b01', postmortemPageId: postmortems.ja.id, startsAt: '2026-12-21T10:00:00Z' });
    let n = 0;
    // rows marked by the sync that crashed (step b done), then its key write fails
    await personSaves(session.pageId, (s) => markActionItemRows(withTodos(s, todoTable([['Crash TODO one', '検知', '', '', '', ''], ['Crash TODO two', '', '', '', '', '']])), () => `crash-${++n}`, 'ja').storage);
    sb.faults.add({ path: `/wiki/api/v2/pages/${session.pageId}`, method: 'PUT', status: 500, count: 1000 });
    const failed = await syncTodos(session.pageId);
    sb.faults.clear();
    expect(failed.ok).toBe(false);
    expect(await sessionTasks(session.pageId)).toHaveLength(2);
    const retry = await synced(session.pageId);
    expect(retry.created).toEqual([]);
    const tasks = await sessionTasks(session.pageId);
    expect(tasks).toHaveLength(2);
    expect(JSON.stringify(tasks[0]!.fields['description'])).toContain('次のポストモーテム読書会で決めた TODO です');
    const storage = (await page(session.pageId)).body.storage.value;
    for (const t of tasks) expect(storage).toContain(`<ac:parameter ac:name="key">${t.key}</ac:parameter>`);
  });
});
