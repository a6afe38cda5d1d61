import type { Incident } from '../../src/domain/incident';
import { RESOLVERS, type ResolverKey } from '../../src/shared/resolver-contract';
import { getJson, onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { fixture, sendAs, startKaizenSandbox, refusedAppRequests } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from './call-resolver';

type ActionKey = 'setIncidentLevel' | 'setIncidentRoles' | 'setKeyTime' | 'markMitigated' | 'markRecovered' | 'reopenIncident' | 'closeIncident' | 'addTimelineNote';

/** A payload each action accepts (the viewer's refusal must come from the permission check, not the schema). */
const VALID: Record<ActionKey, Record<string, unknown>> = {
  setIncidentLevel: { level: 'SEV2' },
  setIncidentRoles: { scribe: USERS.ben },
  setKeyTime: { field: 'impactStartedAt', at: '2025-06-10T01:00:00.000Z' },
  markMitigated: {},
  markRecovered: {},
  reopenIncident: {},
  closeIncident: {},
  addTimelineNote: { text: 'Looking at the load balancer' },
};

/**
 * The panel's incident actions through the sandbox (issue 8 item 1): an incident opened from a Mackerel alert, acted
 * on by Ben (editor) and Aiko (editor, admin), refused to Vic (viewer) — permission checked as each of them, Jira
 * following as the person who acted, every request validated against Jira's OpenAPI document.
 */
describe('incident actions', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };

  async function call<K extends ActionKey>(key: K, payload: Record<string, unknown>, accountId: string) {
    return RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, payload, accountId));
  }
  async function done<K extends ActionKey>(key: K, payload: Record<string, unknown>, accountId: string) {
    const answer = await call(key, payload, accountId);
    if (!answer.ok) throw new Error(`${key} refused: ${JSON.stringify(answer.error)}`);
    return answer.data;
  }
  const jiraIssue = async () =>
    (await getJson<{ fields: { summary: string; priority: { name: string }; assignee: { accountId: string } | null; status: { statusCategory: { key: string } } } }>(sb, `/rest/api/3/issue/${issue.key}?fields=summary,priority,assignee,status`)).fields;
  const productCalls = (method: string, path: string) => sb.log.list({ kind: 'product' }).filter((e) => e.method === method && e.path === path && e.caller !== 'http');

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
  });
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
    // every request the app made was one the official documents allow
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  it.each(Object.keys(VALID) as ActionKey[])('%s is refused to the viewer (edit-not-allowed), checked as the viewer, nothing written', async (key) => {
    const before = onlyIncident(sb);
    expect(await call(key, VALID[key], USERS.viewer)).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
    expect(onlyIncident(sb).version).toBe(before.version);
    const check = sb.log.list({ kind: 'product' }).filter((e) => e.path === '/rest/api/3/permissions/check').at(-1);
    expect(check).toMatchObject({ method: 'POST', status: 200, actor: USERS.viewer });
  });

  it.each([
    ['setIncidentLevel', { level: 'SEV5' }, /level: expected one of SEV1, SEV2, SEV3, SEV4/],
    ['setIncidentLevel', { level: 'SEV1', colour: 'red' }, /unknown field\(s\): colour/],
    ['setIncidentRoles', {}, /name at least one role/],
    ['setIncidentRoles', { commander: 'Aiko Sato' }, /commander: expected a Jira account id/],
    ['setIncidentRoles', { responders: Array.from({ length: 21 }, (_, i) => `557058:r${i}`) }, /responders: at most 20 responders/],
    ['setKeyTime', { field: 'startedAt', at: '2025-06-10T01:00:00Z' }, /field: expected one of impactStartedAt/],
    ['setKeyTime', { field: 'detectedAt', at: 'yesterday' }, /at: expected an ISO 8601 date-time/],
    ['markMitigated', { at: 1749518625 }, /at: expected an ISO 8601 date-time/],
    ['addTimelineNote', { text: '   ' }, /text: a note needs some text/],
    ['addTimelineNote', { text: 'x'.repeat(2001) }, /text: a note is at most 2000 characters/],
    ['closeIncident', { now: true }, /unknown field\(s\): now/],
  ] as const)('%s with bad payload #%# is a bad request whose message says what is wrong', async (key, payload, message) => {
    const version = onlyIncident(sb).version;
    const answer = await call(key, payload, USERS.ben);
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    if (!answer.ok) expect(answer.error.message).toMatch(message);
    expect(onlyIncident(sb).version).toBe(version);
  });

  it('an editor sets the level: the person’s, on the timeline, and Jira’s summary prefix and priority follow in one edit as the editor', async () => {
    const edits = productCalls('PUT', `/rest/api/3/issue/${issue.id}`).length;
    const data = await done('setIncidentLevel', { level: 'SEV1' }, USERS.ben);
    expect(data).toMatchObject({ outcome: 'changed', jira: 'updated', incident: { level: 'SEV1', setByPerson: { level: { accountId: USERS.ben, displayName: 'Ben Carter' } } } });
    expect(data.timeline.entries.at(-1)).toMatchObject({ kind: 'level-set', actor: 'Ben Carter', detail: 'SEV3 → SEV1' });
    const fields = await jiraIssue();
    expect(fields.summary).toMatch(/^\[SEV1\] Mackerel: /);
    expect(fields.priority.name).toBe('Highest');
    const put = productCalls('PUT', `/rest/api/3/issue/${issue.id}`);
    expect(put.length).toBe(edits + 1);
    expect(put.at(-1)).toMatchObject({ status: 204, actor: USERS.ben });
    // the same level again: nothing to write, nothing sent to Jira
    expect(await done('setIncidentLevel', { level: 'SEV1' }, USERS.aiko)).toMatchObject({ outcome: 'unchanged' });
    expect(productCalls('PUT', `/rest/api/3/issue/${issue.id}`).length).toBe(edits + 1);
  });

  it('a level a person set survives a later, more severe alert through the real web trigger; the alert’s entry keeps its severity', async () => {
    await done('setIncidentLevel', { level: 'SEV4' }, USERS.aiko);
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-critical.json'))).status).toBe(202);
    await sb.idle();
    const stored = onlyIncident(sb);
    expect(stored.level).toBe('SEV4');
    const view = RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel(issue), 'getIncident', {}, USERS.ben));
    if (!view.ok || !view.data.incident || !('timeline' in view.data)) throw new Error('no incident');
    expect(view.data.incident.level).toBe('SEV4');
    expect(view.data.timeline.entries.at(-1)).toMatchObject({ kind: 'alert-escalated', severity: 'critical' });
    expect((await jiraIssue()).summary).toMatch(/^\[SEV4\] /);
  });

  it('roles: the commander becomes the Jira assignee (as the editor); the roles show in the view', async () => {
    const data = await done('setIncidentRoles', { commander: USERS.aiko, scribe: USERS.ben, responders: [USERS.ben, USERS.aiko] }, USERS.ben);
    expect(data).toMatchObject({ outcome: 'changed', jira: 'updated', incident: { roles: { commander: USERS.aiko, scribe: USERS.ben, responders: [USERS.ben, USERS.aiko] } } });
    expect((await jiraIssue()).assignee?.accountId).toBe(USERS.aiko);
    // a role not named is left as it is; no commander change → no Jira write
    const puts = productCalls('PUT', `/rest/api/3/issue/${issue.id}`).length;
    const next = await done('setIncidentRoles', { communicationsLead: USERS.aiko }, USERS.aiko);
    expect(next.incident.roles).toEqual({ commander: USERS.aiko, communicationsLead: USERS.aiko, scribe: USERS.ben, responders: [USERS.ben, USERS.aiko] });
    expect(next.jira).toBeUndefined();
    expect(productCalls('PUT', `/rest/api/3/issue/${issue.id}`).length).toBe(puts);
  });

  it('roles: a person Jira does not know is refused naming the role, asked once and as the editor; nothing is written', async () => {
    const before = onlyIncident(sb);
    const lookups = () => productCalls('GET', '/rest/api/3/user/bulk');
    const asked = lookups().length;
    const gone = '557058:left-the-company';
    const never = '5b10ac8d82e05b22cc7d4ef5';
    const answer = await call('setIncidentRoles', { scribe: gone, responders: [USERS.ben, USERS.aiko, never] }, USERS.ben);
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'unknown-person',
        fields: [
          { field: 'scribe', path: 'scribe', params: { accountId: gone } },
          { field: 'responders', path: 'responders.2', params: { accountId: never } },
        ],
      },
    });
    if (!answer.ok) expect(answer.error.message).toMatch(/scribe \(557058:left-the-company\).*responders\.2/);
    expect(onlyIncident(sb).version).toBe(before.version);
    // one request for both, as Ben; the people already in a role (Ben, Aiko) are not asked about again
    expect(lookups()).toHaveLength(asked + 1);
    const lookup = lookups().at(-1)!;
    expect(lookup).toMatchObject({ status: 200, actor: USERS.ben });
    expect(new URLSearchParams(lookup.query).getAll('accountId').sort()).toEqual([never, gone].sort());

    // a person Jira knows passes the same check
    const chika = '557058:chika-mori';
    const data = await done('setIncidentRoles', { responders: [USERS.ben, USERS.aiko, chika] }, USERS.ben);
    expect(data.incident.roles?.responders).toEqual([USERS.ben, USERS.aiko, chika]);
    // removing a responder names nobody new: no look-up at all
    const count = lookups().length;
    await done('setIncidentRoles', { responders: [USERS.ben, USERS.aiko] }, USERS.ben);
    expect(lookups()).toHaveLength(count);
  });

  it('key times: a backdate within the rules is stored as the person’s; out of order or in the future is refused naming the rule', async () => {
    const data = await done('setKeyTime', { field: 'impactStartedAt', at: '2025-06-10T10:00:00+09:00' }, USERS.ben);
    expect(data.incident.times.impactStartedAt).toBe('2025-06-10T01:00:00.000Z');
    expect(data.incident.setByPerson?.impactStartedAt?.displayName).toBe('Ben Carter');
    expect(data.timeline.entries.at(-1)).toMatchObject({ kind: 'time-set', actor: 'Ben Carter' });

    const version = onlyIncident(sb).version;
    const outOfOrder = await call('setKeyTime', { field: 'detectedAt', at: '2025-06-10T00:59:00Z' }, USERS.ben);
    expect(outOfOrder).toMatchObject({ ok: false, error: { code: 'time-rule', fields: [{ field: 'impactStartedAt', message: 'impact-before-detected' }, { field: 'detectedAt', message: 'impact-before-detected' }] } });
    if (!outOfOrder.ok) expect(outOfOrder.error.message).toContain('impact start must be at or before detected');
    const future = await call('setKeyTime', { field: 'acknowledgedAt', at: new Date(Date.now() + 3_600_000).toISOString() }, USERS.ben);
    expect(future).toMatchObject({ ok: false, error: { code: 'time-rule', fields: [{ field: 'acknowledgedAt', message: 'not-in-future' }] } });
    const early = await call('markMitigated', { at: '2025-06-10T00:00:00Z' }, USERS.ben);
    expect(early).toMatchObject({ ok: false, error: { code: 'time-rule', fields: [{ field: 'impactStartedAt' }, { field: 'mitigatedAt', message: 'mitigated-after-impact' }] } });
    expect(onlyIncident(sb).version).toBe(version);
  });

  it('two people acting at the same moment both land: one sets the level while the other adds a note (and two notes at once)', async () => {
    const before = onlyIncident(sb);
    const [level, note] = await Promise.all([done('setIncidentLevel', { level: 'SEV2' }, USERS.aiko), done('addTimelineNote', { text: 'Scaling out web-02 <b>now</b>' }, USERS.ben)]);
    expect(level.outcome).toBe('changed');
    expect(note.outcome).toBe('changed');
    const [n1, n2] = await Promise.all([done('addTimelineNote', { text: 'note one' }, USERS.aiko), done('addTimelineNote', { text: 'note two' }, USERS.ben)]);
    expect([n1.outcome, n2.outcome]).toEqual(['changed', 'changed']);
    const after: Incident = onlyIncident(sb);
    expect(after.level).toBe('SEV2');
    expect(after.timelineCount).toBe(before.timelineCount + 4);
    const view = await done('addTimelineNote', { text: 'and a third' }, USERS.ben);
    const kinds = view.timeline.entries.slice(-5).map((e) => `${e.kind}:${e.actor}:${e.detail ?? ''}`);
    expect(kinds).toEqual(expect.arrayContaining(['level-set:Aiko Sato:SEV4 → SEV2', 'note:Ben Carter:Scaling out web-02 <b>now</b>', 'note:Aiko Sato:note one', 'note:Ben Carter:note two', 'note:Ben Carter:and a third']));
  });

  it('mark mitigated, mark recovered, close (Jira moves to a done-category status as the editor), then reopen', async () => {
    expect(await done('markMitigated', {}, USERS.ben)).toMatchObject({ outcome: 'changed', incident: { state: 'mitigated', setByPerson: { mitigatedAt: { accountId: USERS.ben } } } });
    const recovered = await done('markRecovered', { at: '2025-06-10T02:00:00Z' }, USERS.aiko);
    expect(recovered.incident).toMatchObject({ state: 'recovered', times: { recoveredAt: '2025-06-10T02:00:00.000Z' } });
    expect(onlyIncident(sb).recoveredBy).toBe('person');

    const closed = await done('closeIncident', {}, USERS.ben);
    expect(closed).toMatchObject({ outcome: 'changed', jira: 'updated', incident: { state: 'closed' } });
    expect((await jiraIssue()).status.statusCategory.key).toBe('done');
    expect(productCalls('POST', `/rest/api/3/issue/${issue.id}/transitions`).at(-1)).toMatchObject({ status: 204, actor: USERS.ben });
    await sb.idle();
    // the issue event of that transition finds the incident closed already: no loop, no second write
    const closedVersion = onlyIncident(sb).version;
    expect(await done('closeIncident', {}, USERS.aiko)).toMatchObject({ outcome: 'unchanged' });
    expect(await call('markMitigated', {}, USERS.ben)).toMatchObject({ ok: false, error: { code: 'state-rule' } });
    expect(onlyIncident(sb).version).toBe(closedVersion);

    const reopened = await done('reopenIncident', {}, USERS.aiko);
    expect(reopened).toMatchObject({ outcome: 'changed', jira: 'updated', incident: { state: 'open', reopenCount: 1 } });
    expect(reopened.incident.times.recoveredAt).toBeUndefined();
    expect(reopened.incident.times.closedAt).toBeUndefined();
    expect((await jiraIssue()).status.statusCategory.key).not.toBe('done');
    expect(reopened.timeline.entries.at(-1)).toMatchObject({ kind: 'reopened', actor: 'Aiko Sato' });
  });

  it('every action is in the contract', () => {
    for (const key of Object.keys(VALID)) expect(Object.keys(RESOLVERS)).toContain(key as ResolverKey);
  });
});
