import type { Incident } from '../../src/domain/incident';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { getJson, onlyIncident, openIncidentIssue, storedIncidents } from '../helpers/incidents';
import { fixture, sendAs, startKaizenSandbox, refusedAppRequests } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, INSTALL_CONTEXT, issuePanel, USERS } from '../resolvers/call-resolver';

/**
 * Jira → incident (issue 8 item 2, DESIGN 3.3): people work the incident issue in Jira itself (the emulated Jira
 * REST, as Ben), the sandbox delivers the issue events Forge would to the `jira-issue-events` trigger, and the
 * incident follows — recorded as done by that Jira user. The panel's own Jira edits (made as the user, so
 * `ignoreSelf` does not filter them) come back as events too and must change nothing.
 */
describe('Jira issue edits bring the incident in step', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };

  /** A request to the emulated Jira as a person, as a browser session or an API token would make it. */
  async function jiraAs(accountId: string, method: string, path: string, body?: unknown): Promise<void> {
    const res = await sb.http(path, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': accountId },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  }
  const transition = (id: string) => jiraAs(USERS.ben, 'POST', `/rest/api/3/issue/${issue.key}/transitions`, { transition: { id } });
  const DONE = '31';
  const IN_PROGRESS = '21';

  async function timeline() {
    const view = RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel(issue), 'getIncident', {}, USERS.ben));
    if (!view.ok || !view.data.incident || !('timeline' in view.data)) throw new Error('no incident view');
    return view.data.timeline.entries;
  }
  /** The incident apart from the coalesced comment's bookkeeping (a panel action's entries flush into a comment). */
  // the bookkeeping of the coalesced comment and of the live page's regions (their delayed flush / sync may land later)
  const apartFromComments = ({ version: _v, pendingComment: _p, pendingCommentOmitted: _o, commentClaim: _c, lastCommentAt: _l, flushDueAt: _f, pageRegionsFingerprint: _rf, pageRegionsWrittenAt: _rw, pageSyncDueAt: _rd, pageSyncClaim: _rc, ...rest }: Incident) => rest;

  async function panel(key: 'setIncidentLevel' | 'closeIncident' | 'reopenIncident' | 'setIncidentRoles' | 'markRecovered', payload: Record<string, unknown>, accountId: string) {
    const answer = RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, payload, accountId));
    if (!answer.ok) throw new Error(`${key} refused: ${JSON.stringify(answer.error)}`);
    return answer.data;
  }
  const productCalls = (method: string, path: string) => sb.log.list({ kind: 'product' }).filter((e) => e.method === method && e.path === path && e.caller !== 'http');
  const triggerFailures = () => sb.events.delivered.filter((d) => d.trigger === 'jira-issue-events' && !d.ok);

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
  });
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
    expect(refusedAppRequests(sb)).toEqual([]);
    expect(triggerFailures()).toEqual([]);
  });

  it('a person moves the issue to Done: the incident is closed at the time of the transition, by that person', async () => {
    const before = Date.now();
    await transition(DONE);
    await sb.idle();
    const after = Date.now();
    const incident: Incident = onlyIncident(sb);
    expect(incident.state).toBe('closed');
    const closedAt = Date.parse(incident.closedAt!);
    expect(closedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(closedAt).toBeLessThanOrEqual(after);
    // the time is Jira's: when its history records the status change
    const { changelog } = await getJson<{ changelog: { histories: Array<{ created: string; items: Array<{ field: string }> }> } }>(sb, `/rest/api/3/issue/${issue.key}?expand=changelog`);
    const statusChange = changelog.histories.filter((h) => h.items.some((i) => i.field === 'status')).at(-1)!;
    expect(Date.parse(statusChange.created.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'))).toBe(closedAt);
    expect((await timeline()).at(-1)).toMatchObject({ kind: 'closed', actor: 'Ben Carter', at: incident.closedAt });
  });

  it('back to In Progress: the incident is reopened, by that person', async () => {
    await transition(IN_PROGRESS);
    await sb.idle();
    const incident = onlyIncident(sb);
    expect(incident.state).not.toBe('closed');
    expect(incident.closedAt).toBeUndefined();
    expect(incident.reopenCount).toBe(1);
    expect((await timeline()).at(-1)).toMatchObject({ kind: 'reopened', actor: 'Ben Carter' });
  });

  it('priority Highest sets SEV1 as the person’s value; a priority no level maps to changes nothing', async () => {
    await jiraAs(USERS.ben, 'PUT', `/rest/api/3/issue/${issue.key}`, { fields: { priority: { name: 'Highest' } } });
    await sb.idle();
    const incident = onlyIncident(sb);
    expect(incident.level).toBe('SEV1');
    expect(incident.setByPerson?.level).toMatchObject({ accountId: USERS.ben, displayName: 'Ben Carter' });
    expect((await timeline()).at(-1)).toMatchObject({ kind: 'level-set', actor: 'Ben Carter', detail: 'SEV3 → SEV1' });

    await jiraAs(USERS.ben, 'PUT', `/rest/api/3/issue/${issue.key}`, { fields: { priority: { name: 'Lowest' } } });
    await sb.idle();
    expect(onlyIncident(sb)).toMatchObject({ version: incident.version, level: 'SEV1' });
  });

  it('the person’s level from Jira is not overridden by a later, more severe alert', async () => {
    await jiraAs(USERS.ben, 'PUT', `/rest/api/3/issue/${issue.key}`, { fields: { priority: { name: 'Low' } } });
    await sb.idle();
    expect(onlyIncident(sb).level).toBe('SEV4');
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-critical.json'))).status).toBe(202);
    await sb.idle();
    expect(onlyIncident(sb).level).toBe('SEV4');
  });

  it('the assignee is the commander: set, then cleared', async () => {
    await jiraAs(USERS.ben, 'PUT', `/rest/api/3/issue/${issue.key}`, { fields: { assignee: { accountId: USERS.aiko } } });
    await sb.idle();
    expect(onlyIncident(sb).roles?.commander).toBe(USERS.aiko);
    expect((await timeline()).at(-1)).toMatchObject({ kind: 'roles-set', actor: 'Ben Carter' });

    await jiraAs(USERS.ben, 'PUT', `/rest/api/3/issue/${issue.key}`, { fields: { assignee: null } });
    await sb.idle();
    expect(onlyIncident(sb).roles?.commander).toBeUndefined();
    expect((await timeline()).at(-1)).toMatchObject({ kind: 'roles-set', actor: 'Ben Carter' });
  });

  it('the panel’s own edits come back as events and change nothing: exactly their own Jira write, their own record and entry', async () => {
    const puts = productCalls('PUT', `/rest/api/3/issue/${issue.id}`).length;
    const deliveredBefore = sb.events.delivered.filter((d) => d.trigger === 'jira-issue-events').length;
    const level = await panel('setIncidentLevel', { level: 'SEV2' }, USERS.aiko);
    expect(level).toMatchObject({ outcome: 'changed', jira: 'updated' });
    const afterLevel = onlyIncident(sb);
    await sb.idle();
    expect(productCalls('PUT', `/rest/api/3/issue/${issue.id}`).length).toBe(puts + 1);
    expect(apartFromComments(onlyIncident(sb))).toEqual(apartFromComments(afterLevel));
    expect(onlyIncident(sb)).toMatchObject({ timelineCount: afterLevel.timelineCount, level: 'SEV2' });
    expect(onlyIncident(sb).setByPerson?.level?.accountId).toBe(USERS.aiko);

    const roles = await panel('setIncidentRoles', { commander: USERS.ben }, USERS.aiko);
    expect(roles).toMatchObject({ outcome: 'changed', jira: 'updated' });
    const afterRoles = onlyIncident(sb);
    await sb.idle();
    expect(apartFromComments(onlyIncident(sb))).toEqual(apartFromComments(afterRoles));

    const transitions = productCalls('POST', `/rest/api/3/issue/${issue.id}/transitions`).length;
    expect(await panel('closeIncident', {}, USERS.aiko)).toMatchObject({ outcome: 'changed', jira: 'updated' });
    const afterClose = onlyIncident(sb);
    await sb.idle();
    expect(productCalls('POST', `/rest/api/3/issue/${issue.id}/transitions`).length).toBe(transitions + 1);
    expect(apartFromComments(onlyIncident(sb))).toEqual(apartFromComments(afterClose));
    expect(onlyIncident(sb)).toMatchObject({ state: 'closed', closedAt: afterClose.closedAt });

    expect(await panel('reopenIncident', {}, USERS.aiko)).toMatchObject({ outcome: 'changed', jira: 'updated' });
    const afterReopen = onlyIncident(sb);
    await sb.idle();
    expect(apartFromComments(onlyIncident(sb))).toEqual(apartFromComments(afterReopen));
    // the round-trip really happened: each of the four Jira writes (made as Aiko) reached the trigger
    expect(sb.events.delivered.filter((d) => d.trigger === 'jira-issue-events' && d.eventType === 'avi:jira:updated:issue').length).toBeGreaterThanOrEqual(deliveredBefore + 4);
  });

  it('a “moved to Done” made before a reopen in the panel but delivered after it closes nothing', async () => {
    await panel('markRecovered', {}, USERS.aiko);
    await sb.idle();
    expect(onlyIncident(sb).state).toBe('recovered');

    // Forge delivers issue events asynchronously: Ben's Done is held back until after Aiko's reopen
    const invoke = sb.invoker.invoke.bind(sb.invoker);
    const held: Array<() => void> = [];
    let holding = true;
    let reopenedTimelineCount = -1;
    sb.invoker.invoke = (fn, args, options) =>
      holding && options?.moduleKey === 'jira-issue-events' ? new Promise((resolve) => held.push(() => void invoke(fn, args, options).then(resolve))) : invoke(fn, args, options);
    try {
      await transition(DONE);
      // wait until its delivery is held
      for (let i = 0; i < 200 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(held).toHaveLength(1);
      holding = false;

      // Aiko reopens: the incident is not closed (the Done has not arrived), Jira is moved out of Done as Aiko
      const delivered = sb.events.delivered.length;
      expect(await panel('reopenIncident', {}, USERS.aiko)).toMatchObject({ outcome: 'changed', jira: 'updated' });
      // that move's own event comes back first and changes nothing
      for (let i = 0; i < 200 && sb.events.delivered.length === delivered; i++) await new Promise((r) => setTimeout(r, 10));
      expect(sb.events.delivered.length).toBe(delivered + 1);
      const reopened = onlyIncident(sb);
      expect(reopened.state).toBe(reopened.acknowledgedAt ? 'acknowledged' : 'open');
      expect(Date.parse(reopened.reopenedAt!)).toBeGreaterThan(Date.now() - 60_000);
      reopenedTimelineCount = reopened.timelineCount;
    } finally {
      holding = false;
      sb.invoker.invoke = invoke;
      // now the late Done arrives
      for (const deliver of held.splice(0)) deliver();
    }
    await sb.idle();

    expect(sb.events.delivered.at(-1)).toMatchObject({ trigger: 'jira-issue-events', ok: true });
    const incident = onlyIncident(sb);
    expect(incident.state).toBe(incident.acknowledgedAt ? 'acknowledged' : 'open');
    expect(incident.closedAt).toBeUndefined();
    // nothing written: no close by Ben after Aiko's reopen (apart from the comment's and page's own bookkeeping)
    expect((await timeline()).at(-1)).toMatchObject({ kind: 'reopened', actor: 'Aiko Sato' });
    expect(incident.timelineCount).toBe(reopenedTimelineCount);
    // the issue is where the later decision left it: out of Done
    const { fields } = await getJson<{ fields: { status: { statusCategory: { key: string } } } }>(sb, `/rest/api/3/issue/${issue.key}?fields=status`);
    expect(fields.status.statusCategory.key).not.toBe('done');
  });

  it('an edit of an issue that is no incident changes nothing', async () => {
    const res = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': USERS.ben },
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Not an incident' } }),
    });
    expect(res.status).toBe(201);
    const other = (await res.json()) as { key: string };
    await sb.idle();
    const before = storedIncidents(sb).map((i) => `${i.id}@${i.version}`);
    await jiraAs(USERS.ben, 'PUT', `/rest/api/3/issue/${other.key}`, { fields: { priority: { name: 'Highest' } } });
    await jiraAs(USERS.ben, 'POST', `/rest/api/3/issue/${other.key}/transitions`, { transition: { id: DONE } });
    await sb.idle();
    expect(storedIncidents(sb).map((i) => `${i.id}@${i.version}`)).toEqual(before);
  });

  it('a malformed event is logged and dropped, never retried forever', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const version = onlyIncident(sb).version;
      const result = await sb.invoker.invoke('jira-issue-event-fn', [{ eventType: 'avi:jira:updated:issue', issue: { key: issue.key, fields: 'broken' } }, { installContext: INSTALL_CONTEXT }], { moduleKey: 'jira-issue-events', moduleType: 'trigger' });
      expect(result.ok).toBe(true);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Dropped a Jira issue event/), expect.anything());
      expect(onlyIncident(sb).version).toBe(version);
    } finally {
      warn.mockRestore();
    }
  });
});
