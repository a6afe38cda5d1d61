import { defaultSettings, type Settings } from '../../src/shared/settings';
import { commitSettings, loadIntakeSettings, loadSettingsRevision, SETTINGS_HISTORY_LIMIT } from '../../src/storage/settings';
import { storedIncidents } from '../helpers/incidents';
import { asApp, fixture, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { adminPage, dataOf, typedCaller, USERS } from './call-resolver';

/**
 * The admin page's settings, through the sandbox: Aiko (a Jira administrator) reads and saves; every check of the
 * site is made as her; a refused save stores nothing; history says who changed what; two saves from one revision
 * cannot both win; a stored value that no longer parses is shown, and intake keeps working with the default.
 */

describe('admin settings', () => {
  let sb: TestSandbox;
  const call = typedCaller(() => sb, adminPage);
  const data = dataOf;
  const storedRow = () => sb.kvsGet<Record<string, unknown>>('settings:intake');

  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb.dispose());
  // no request Kaizen made was one the cloud would refuse as malformed
  afterEach(() => expect(sb.router.violations).toEqual([]));

  it('answers the defaults, revision 0 and no history on a fresh installation', async () => {
    const settings = data(await call('getSettings', {}));
    expect(settings).toEqual({ settings: defaultSettings(), revision: 0, problems: [], history: [] });
  });

  it('lists what the site has, asked as the admin: projects, issue types, priorities, spaces, pages by title', async () => {
    const seq = sb.log.list().at(-1)?.seq ?? 0;
    const options = data(await call('getSettingsOptions', { pageQuery: 'Retrospectives' }));
    expect(options.projects).toEqual([{ key: 'OPS', name: 'Operations' }]);
    expect(options.issueTypes.map((t) => t.name).sort()).toEqual(['Incident', 'Task']);
    expect(options.priorities.map((p) => p.name)).toEqual(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
    expect(options.spaces).toEqual([{ key: 'OPS', name: 'Operations' }]);
    expect(options.pages.map((p) => p.title)).toEqual(['Retrospectives']);
    const reads = sb.log.list({ since: seq, kind: 'product' }).filter((e) => e.path !== '/rest/api/3/mypermissions');
    expect(reads.map((e) => e.path).sort()).toEqual(['/rest/api/3/priority/search', '/rest/api/3/project/OPS', '/rest/api/3/project/search', '/wiki/api/v2/spaces', '/wiki/rest/api/search']);
    for (const e of reads) expect(e).toMatchObject({ actor: USERS.aiko, status: 200 });
  });

  it('refuses a save with three bad fields, answering each field’s message, and stores nothing', async () => {
    const settings = { ...defaultSettings(), jiraProjectKey: 'ops!', groupingWindowMinutes: 0, timeZone: 'Mars/Olympus_Mons' };
    const answer = await call('saveSettings', { settings, revision: 0 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    const fields = answer.ok ? [] : answer.error.fields ?? [];
    expect(fields.map((f) => f.field).sort()).toEqual(['groupingWindowMinutes', 'jiraProjectKey', 'timeZone']);
    expect(fields.find((f) => f.field === 'jiraProjectKey')?.message).toMatch(/project key/);
    expect(fields.find((f) => f.field === 'groupingWindowMinutes')?.message).toBe('The grouping window must be at least 1 minute');
    expect(fields.find((f) => f.field === 'timeZone')?.message).toMatch(/IANA time zone/);
    // each with the code of the rule it breaks, which the page says in the user's language
    expect(Object.fromEntries(fields.map((f) => [f.path, [f.code, f.params]]))).toEqual({
      jiraProjectKey: ['project-key', undefined],
      groupingWindowMinutes: ['window-minutes', { max: '1440' }],
      timeZone: ['time-zone', undefined],
    });
    expect(storedRow()).toBeUndefined();
    expect(data(await call('getSettings', {}))).toMatchObject({ revision: 0, history: [] });
  });

  it('refuses what the site does not have: project, issue type, priority, space-less parent page — each a field problem', async () => {
    const base = defaultSettings();
    const bad: Settings = { ...base, incidentIssueType: 'Bug', priorityByLevel: { ...base.priorityByLevel, SEV1: 'Blocker' }, incidentsParentPageId: '987654321' };
    const answer = await call('saveSettings', { settings: bad, revision: 0 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    const fields = answer.ok ? [] : answer.error.fields ?? [];
    expect(fields.map((f) => f.path).sort()).toEqual(['incidentIssueType', 'incidentsParentPageId', 'priorityByLevel.SEV1']);
    expect(fields.find((f) => f.field === 'incidentIssueType')?.message).toBe('Project OPS has no issue type "Bug" (it has: Task, Incident).');
    // the codes and the names, not found and found, for the page to say in the user's language
    expect(Object.fromEntries(fields.map((f) => [f.path, [f.code, f.params]]))).toEqual({
      incidentIssueType: ['no-issue-type', { project: 'OPS', name: 'Bug', names: 'Task, Incident' }],
      'priorityByLevel.SEV1': ['no-priority', { name: 'Blocker', names: 'Highest, High, Medium, Low, Lowest' }],
      incidentsParentPageId: ['no-page', { id: '987654321' }],
    });

    const noProject = await call('saveSettings', { settings: { ...base, jiraProjectKey: 'NOPE', confluenceSpaceKey: 'NOSPACE' }, revision: 0 });
    expect(noProject.ok ? [] : noProject.error.fields?.map((f) => f.field).sort()).toEqual(['confluenceSpaceKey', 'jiraProjectKey']);
    expect(noProject.ok ? [] : noProject.error.fields?.map((f) => [f.code, f.params]).sort()).toEqual([
      ['no-project', { key: 'NOPE' }],
      ['no-space', { key: 'NOSPACE' }],
    ]);
    expect(storedRow()).toBeUndefined();
  });

  it('refuses a name that only looks like the site\'s (full width, zero-width space, other case): Jira would refuse it on the next alert', async () => {
    const base = defaultSettings();
    for (const incidentIssueType of ['Ｉｎｃｉｄｅｎｔ', 'Incident\u200b', 'incident']) {
      const answer = await call('saveSettings', { settings: { ...base, incidentIssueType, priorityByLevel: { ...base.priorityByLevel, SEV4: 'ｌｏｗ' } }, revision: 0 });
      expect(answer.ok ? [] : answer.error.fields?.map((f) => [f.path, f.code])).toEqual([
        ['incidentIssueType', 'no-issue-type'],
        ['priorityByLevel.SEV4', 'no-priority'],
      ]);
    }
    expect(storedRow()).toBeUndefined();
  });

  it('saves valid settings as the next revision and records who changed what, old → new, only the changed fields', async () => {
    const incidentsPage = data(await call('getSettingsOptions', { pageQuery: 'Incidents' })).pages.find((p) => p.title === 'Incidents')!;
    const next: Settings = { ...defaultSettings(), pageLanguage: 'ja', groupingWindowMinutes: 45, incidentsParentPageId: incidentsPage.id };
    const saved = data(await call('saveSettings', { settings: next, revision: 0 }));
    expect(saved.revision).toBe(1);
    expect(saved.settings).toEqual(next);
    expect(saved.history).toHaveLength(1);
    const entry = saved.history[0]!;
    expect(entry).toMatchObject({ accountId: USERS.aiko, displayName: 'Aiko Sato', revision: 1 });
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
    expect(entry.changes).toEqual([
      { field: 'incidentsParentPageId', to: JSON.stringify(incidentsPage.id) },
      { field: 'pageLanguage', from: '"en"', to: '"ja"' },
      { field: 'groupingWindowMinutes', from: '30', to: '45' },
    ]);
    // intake reads what was saved
    expect(await asApp(() => loadIntakeSettings())).toMatchObject({ pageLanguage: 'ja', groupingWindowMinutes: 45 });

    const second = data(await call('saveSettings', { settings: { ...next, autoResolve: true }, revision: 1 }));
    expect(second.history.map((h) => h.revision)).toEqual([2, 1]); // newest first
    expect(second.history[0]!.changes).toEqual([{ field: 'autoResolve', from: 'false', to: 'true' }]);
  });

  it('refuses a save from a revision that is no longer current', async () => {
    const { revision, settings } = data(await call('getSettings', {}));
    expect(await call('saveSettings', { settings: { ...settings, commentWindowMinutes: 20 }, revision: revision - 1 })).toMatchObject({ ok: false, error: { code: 'settings-changed' } });
    expect(data(await call('getSettings', {})).revision).toBe(revision);
  });

  it('of two saves from the same revision at the same moment, exactly one wins', async () => {
    const { revision, settings } = data(await call('getSettings', {}));
    const [a, b] = await Promise.all([
      call('saveSettings', { settings: { ...settings, retrospectiveDueHours: 48 }, revision }),
      call('saveSettings', { settings: { ...settings, retrospectiveDueHours: 72 }, revision }),
    ]);
    const outcomes = [a, b].map((r) => (r.ok ? 'saved' : r.error.code)).sort();
    expect(outcomes).toEqual(['saved', 'settings-changed']);
    const after = data(await call('getSettings', {}));
    expect(after.revision).toBe(revision + 1);
    expect(after.settings.retrospectiveDueHours).toBe(a.ok ? 48 : 72);
    expect(after.history.filter((h) => h.revision === revision + 1)).toHaveLength(1);
  });

  it('shows a stored value that no longer parses as a problem with its stored text; intake keeps working with the default', async () => {
    const row = storedRow()!;
    sb.kvs.handle('/api/v1/set', { key: 'settings:intake', value: { ...row, groupingWindowMinutes: 'thirty', severityMapping: { mackerel: { critical: 'SEV9' } }, oldSetting: true } });
    const shown = data(await call('getSettings', {}));
    expect(shown.settings.groupingWindowMinutes).toBe(30);
    expect(shown.settings.pageLanguage).toBe('ja'); // the fields that still parse stay in force
    expect(shown.problems).toEqual([
      expect.objectContaining({ field: 'severityMapping', path: 'severityMapping.mackerel.critical', code: 'severity-level', storedValue: '{"mackerel":{"critical":"SEV9"}}' }),
      { field: 'groupingWindowMinutes', path: 'groupingWindowMinutes', message: 'The grouping window must be a whole number of minutes', code: 'window-minutes', params: { max: '1440' }, storedValue: '"thirty"' },
      expect.objectContaining({ field: 'oldSetting', storedValue: 'true' }),
    ]);

    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-critical.json'))).status).toBe(202);
    await sb.idle();
    expect(storedIncidents(sb)).toHaveLength(1);
    expect(storedIncidents(sb)[0]!.language).toBe('ja');

    // saving the form fixes it; the history names the broken text it replaced
    const saved = data(await call('saveSettings', { settings: shown.settings, revision: shown.revision }));
    expect(saved.problems).toEqual([]);
    expect(saved.history[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'groupingWindowMinutes', from: '"thirty"', to: '30' },
        { field: 'oldSetting', from: 'true' },
      ]),
    );
    expect(storedRow()).not.toHaveProperty('oldSetting');
  });

  it(`keeps the newest ${SETTINGS_HISTORY_LIMIT} history entries, each in its own key`, async () => {
    const start = await asApp(() => loadSettingsRevision());
    const { settings } = data(await call('getSettings', {}));
    for (let r = start; r < start + SETTINGS_HISTORY_LIMIT + 5; r++) {
      await asApp(() => commitSettings(settings, r, { at: new Date().toISOString(), accountId: USERS.aiko, displayName: 'Aiko Sato', changes: [] }));
    }
    const end = start + SETTINGS_HISTORY_LIMIT + 5;
    const { history, revision } = data(await call('getSettings', {}));
    expect(revision).toBe(end);
    expect(history.map((h) => h.revision)).toEqual(Array.from({ length: SETTINGS_HISTORY_LIMIT }, (_, i) => end - i));
    expect(sb.store.range('kvs', { prefix: 'settings-history:' })).toHaveLength(SETTINGS_HISTORY_LIMIT);
  });

  it('refuses people who are not Jira administrators before reading or writing anything', async () => {
    for (const user of [USERS.ben, USERS.viewer]) {
      const seq = sb.log.list().at(-1)?.seq ?? 0;
      const before = storedRow();
      expect(await call('saveSettings', { settings: defaultSettings(), revision: 99 }, user)).toMatchObject({ ok: false, error: { code: 'admin-only' } });
      expect(await call('getSettings', {}, user)).toMatchObject({ ok: false, error: { code: 'admin-only' } });
      expect(storedRow()).toEqual(before);
      const calls = sb.log.list({ since: seq, kind: 'product' });
      expect(calls.map((e) => `${e.path} ${e.actor}`)).toEqual([`/rest/api/3/mypermissions ${user}`, `/rest/api/3/mypermissions ${user}`]);
    }
  });
});
