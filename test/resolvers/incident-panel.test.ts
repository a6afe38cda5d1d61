import { RESOLVERS } from '../../src/shared/resolver-contract';
import { DEFAULT_LEVELS } from '../../src/shared/settings';
import { onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { startKaizenSandbox, refusedAppRequests } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from './call-resolver';

/**
 * The issue panel's resolvers through the sandbox: an incident opened from a Mackerel alert, read and acknowledged
 * as different people, with the permission checks made as those people.
 */
/**
 * KVS reads of one getIncident for an incident with one firing alert: the incident, its alerts, its timeline and —
 * since the panel shows the admin's level names — the settings row (read in parallel with the alerts and timeline).
 */
const GET_INCIDENT_KVS_READS = 4;

describe('issue panel resolvers', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };

  const getIncident = async (accountId: string, on = issue) => RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel(on), 'getIncident', {}, accountId));
  const acknowledge = async (accountId: string, on = issue) => RESOLVERS.acknowledgeIncident.response.parse(await callResolver(sb, issuePanel(on), 'acknowledgeIncident', {}, accountId));

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
  });
  afterAll(() => sb.dispose());
  afterEach(() => {
    expect(sb.router.violations).toEqual([]);
    // every request the app made was one the official documents allow
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  it('getIncident shows the incident of the issue: level, state, key times, alerts, timeline and the live page', async () => {
    const answer = await getIncident(USERS.aiko);
    if (!answer.ok || !answer.data.incident) throw new Error(`unexpected ${JSON.stringify(answer)}`);
    const { incident, timeline } = answer.data as Extract<typeof answer.data, { timeline: unknown }>;
    expect(incident).toMatchObject({ level: 'SEV3', state: 'open', drill: false, issue: { key: issue.key } });
    expect(incident.times.impactStartedAt).toBe('2025-06-10T01:23:45.000Z');
    expect(incident.times.acknowledgedAt).toBeUndefined();
    expect(incident.alerts).toHaveLength(1);
    expect(incident.alertTotal).toBe(1);
    expect(incident.alerts[0]).toMatchObject({ source: 'mackerel', state: 'firing', severity: 'warning' });
    expect(incident.page?.url).toMatch(/^http/);
    expect(timeline.entries.map((e) => e.kind)).toEqual(['incident-opened']);
    expect(timeline.total).toBe(1);
    // bookkeeping never reaches the browser
    expect(JSON.stringify(answer)).not.toMatch(/appliedEventIds|pendingComment|artifactsLease/);
  });

  it('a viewer who may browse the issue sees the incident too', async () => {
    const answer = await getIncident(USERS.viewer);
    expect(answer.ok && answer.data.incident?.state).toBe('open');
  });

  it('getIncident answers the level names the admin set (defaults while unset), for one more KVS read', async () => {
    const defaults = await getIncident(USERS.aiko);
    expect(defaults.ok && 'levels' in defaults.data && defaults.data.levels).toEqual(DEFAULT_LEVELS);

    const row = sb.kvsGet<Record<string, unknown>>('settings:intake');
    const levels = { ...DEFAULT_LEVELS, SEV2: { name: { en: 'Major outage', ja: '大規模障害' }, description: { en: 'Customers cannot pay.', ja: 'お客様が決済できない。' } } };
    sb.kvs.handle('/api/v1/set', { key: 'settings:intake', value: { ...row, levels } });
    try {
      const reads0 = sb.kvs.stats().reads;
      const answer = await getIncident(USERS.ben);
      const reads = sb.kvs.stats().reads - reads0;
      expect(answer.ok && 'levels' in answer.data && answer.data.levels.SEV2).toEqual(levels.SEV2);
      // the incident, its issue link, its alerts and timeline as before, plus the settings row (read alongside them)
      expect(reads).toBe(GET_INCIDENT_KVS_READS);
    } finally {
      if (row) sb.kvs.handle('/api/v1/set', { key: 'settings:intake', value: row });
      else sb.kvs.handle('/api/v1/delete', { key: 'settings:intake' });
    }
  });

  it('an issue that is not an incident answers incident: null', async () => {
    const res = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-User': USERS.aiko },
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Rotate the TLS certificate' } }),
    });
    expect(res.status).toBe(201);
    const task = (await res.json()) as { id: string; key: string };
    await sb.idle();
    expect(await getIncident(USERS.aiko, task)).toEqual({ ok: true, data: { incident: null } });
  });

  it('an issue the user cannot see is refused, not revealed', async () => {
    const answer = await getIncident(USERS.aiko, { id: '99999', key: 'OPS-9999' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'issue-not-visible' } });
  });

  it('a context without an issue is a bad context', async () => {
    const value = await callResolver(sb, { ...issuePanel(issue), extension: { type: 'jira:issuePanel' } }, 'getIncident', {}, USERS.aiko);
    expect(RESOLVERS.getIncident.response.parse(value)).toMatchObject({ ok: false, error: { code: 'bad-context' } });
  });

  it('the viewer may not acknowledge: refused with edit-not-allowed, checked as the viewer, nothing changes', async () => {
    const answer = await acknowledge(USERS.viewer);
    expect(answer).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
    expect(onlyIncident(sb).state).toBe('open');
    const checks = sb.log.list({ kind: 'product' }).filter((e) => e.path === '/rest/api/3/permissions/check');
    expect(checks.at(-1)).toMatchObject({ method: 'POST', status: 200 });
  });

  it('an editor acknowledges: state acknowledged, acknowledgedAt set, a timeline entry names the person', async () => {
    const before = Date.now();
    const answer = await acknowledge(USERS.aiko);
    expect(answer).toMatchObject({ ok: true, data: { outcome: 'acknowledged', state: 'acknowledged' } });
    const stored = onlyIncident(sb);
    expect(stored.state).toBe('acknowledged');
    expect(Date.parse(stored.acknowledgedAt!)).toBeGreaterThanOrEqual(before - 1000);

    // the next load shows the new state
    const next = await getIncident(USERS.ben);
    if (!next.ok || !next.data.incident) throw new Error('no incident');
    const { incident, timeline } = next.data as Extract<typeof next.data, { timeline: unknown }>;
    expect(incident.state).toBe('acknowledged');
    expect(incident.times.acknowledgedAt).toBe(stored.acknowledgedAt);
    expect(timeline.entries.at(-1)).toMatchObject({ kind: 'incident-acknowledged', actor: 'Aiko Sato' });
    expect(timeline.total).toBe(2);
  });

  it('acknowledging again changes nothing and says so', async () => {
    const version = onlyIncident(sb).version;
    expect(await acknowledge(USERS.ben)).toMatchObject({ ok: true, data: { outcome: 'already-acknowledged', state: 'acknowledged' } });
    expect(onlyIncident(sb).version).toBe(version);
  });

  it('acknowledging a non-incident issue answers incident-not-found', async () => {
    const res = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-User': USERS.aiko },
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Not an incident' } }),
    });
    const task = (await res.json()) as { id: string; key: string };
    await sb.idle();
    expect(await acknowledge(USERS.aiko, task)).toMatchObject({ ok: false, error: { code: 'incident-not-found' } });
  });

  it('a payload that is not an object is a bad request', async () => {
    const value = await callResolver(sb, issuePanel(issue), 'getMetrics', { period: 12 }, USERS.aiko);
    expect(RESOLVERS.getMetrics.response.parse(value)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});
