import { sql } from '@forge/sql';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import type { Incident } from '../../src/domain/incident';
import type { Attribution } from '../../src/shared/attribution';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { updateIncident } from '../../src/storage/incident-store';
import { ATTRIBUTED_DEPLOYMENT_SQL } from '../../src/storage/sql/attribution';
import { createAttributionReads } from '../../src/storage/sql/attribution-reads';
import { createDeploymentStore } from '../../src/storage/sql/deployments';
import { createIncidentFacts } from '../../src/storage/sql/incident-facts';
import { attributeOutageToDeployment } from '../../src/usecases/attribution/set-attribution';
import type { DeploymentRecord } from '../../src/usecases/deployments/deployment-ports';
import { release } from '../helpers/metrics-seed';
import { loadLatestTimeline } from '../../src/storage/incident-store';
import { getJson, onlyIncident, storedIncidents } from '../helpers/incidents';
import { asApp, fixture, refusedAppRequests, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from './call-resolver';

/**
 * Attribution (issue 10 item 5, DESIGN 3.5) through the sandbox: an incident opened by a Mackerel service alert
 * (service `ec-site`) counts against the latest successful production deployment of `ec-site` before its impact
 * start — the rule's SQL (src/storage/sql/attribution.ts) on the sandbox's MariaDB; a person may choose another, say
 * none caused it, or go back to the rule; their choice survives later alerts and fact syncs; the fact row follows.
 */
const H = 3_600_000;

describe('attribution', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  let impact: number;

  const at = (offsetMs: number): string => new Date(impact + offsetMs).toISOString();
  const deployment = (id: string, finishedOffsetMs: number, over: Partial<DeploymentRecord> = {}): DeploymentRecord => release(id, at(finishedOffsetMs), { service: 'ec-site', ...over });

  async function call<K extends 'getAttribution' | 'setAttribution'>(key: K, payload: Record<string, unknown>, user: string) {
    return RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, payload, user));
  }
  async function attribution(user: string = USERS.viewer): Promise<Attribution> {
    const answer = await call('getAttribution', {}, user);
    if (!answer.ok) throw new Error(`getAttribution refused: ${JSON.stringify(answer.error)}`);
    return answer.data;
  }
  async function set(payload: Record<string, unknown>, user: string = USERS.ben): Promise<Attribution> {
    const answer = await call('setAttribution', payload, user);
    if (!answer.ok) throw new Error(`setAttribution refused: ${JSON.stringify(answer.error)}`);
    await sb.idle();
    return answer.data;
  }
  let incidentId: string;
  const incident = (): Incident => storedIncidents(sb).find((i) => i.id === incidentId)!;
  /** The fact row's attribution columns, and the deployment the metrics' SQL counts it against. */
  const factRow = async () => {
    const query = `SELECT f.attribution_mode, f.attributed_deployment_id, ${ATTRIBUTED_DEPLOYMENT_SQL} AS counted FROM incident_facts f WHERE f.incident_id = ?`;
    const rows = (await asApp(() => sql.prepare<{ attribution_mode: string; attributed_deployment_id: string | null; counted: string | null }>(query).bindParams(incident().id).execute())).rows;
    return rows[0];
  };
  const ids = (list: Array<{ id: string }>) => list.map((d) => d.id);

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'service.json'))).status).toBe(202);
    await sb.idle();
    const opened = onlyIncident(sb);
    issue = { id: opened.issue!.id, key: opened.issue!.key };
    incidentId = opened.id;
    impact = Date.parse(opened.impactStartedAt);
    const store = createDeploymentStore();
    const receivedAt = new Date().toISOString();
    const all = [
      deployment('old', -3 * H),
      deployment('rolled-back', -2 * H, { outcome: 'rolled_back', problemSummary: 'Rolled back: checkout errors' }),
      deployment('latest', -1 * H),
      // none of these is the rule's: failed, staging, another service, after impact start
      deployment('failed', -0.5 * H, { result: 'FAILURE', outcome: 'failed' }),
      deployment('staging', -0.3 * H, { environment: 'STAGING' }),
      deployment('other-service', -0.2 * H, { service: 'search' }),
      deployment('after', 0.2 * H),
      deployment('no-link', -4 * H, { pipelineUrl: 'javascript:alert(1)', displayTitle: null, name: null }),
    ];
    for (const d of all) await asApp(() => store.record(d, receivedAt));
  }, 600_000);
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  it('the rule: the latest successful production deployment of the same service before impact start (seen by the viewer)', async () => {
    const since = sb.log.list().at(-1)?.seq ?? 0;
    const a = await attribution(USERS.viewer);
    // one SQL statement: the candidates, the rule's pick and a chosen deployment
    expect(sb.log.list({ kind: 'sql' }).filter((e) => e.caller !== 'test' && e.seq > since)).toHaveLength(1);
    expect(a.mode).toBe('auto');
    expect(a.service).toBe('ec-site');
    expect(a.deployment).toMatchObject({ id: 'latest', title: 'Release latest', service: 'ec-site', version: 'v-latest', environment: 'PRODUCTION', outcome: 'success', finishedAt: at(-H), pipelineUrl: 'https://ci.example.com/pipelines/latest' });
    expect(a.auto?.id).toBe('latest');
    expect(a.setBy).toBeUndefined();
    // candidates: the service's production deployments that reached production before impact start, newest first
    expect(ids(a.candidates)).toEqual(['latest', 'rolled-back', 'old', 'no-link']);
    // a title falls back to the id; a pipeline URL that is not http(s) is never a link
    expect(a.candidates.at(-1)).toMatchObject({ id: 'no-link', title: 'no-link', pipelineUrl: null });
    // the metrics' SQL counts the fact row against the same deployment
    expect(await factRow()).toEqual({ attribution_mode: 'auto', attributed_deployment_id: null, counted: 'latest' });
  });

  it('the viewer may not change it (edit-not-allowed, nothing written)', async () => {
    const before = incident().version;
    expect(await call('setAttribution', { mode: 'none' }, USERS.viewer)).toMatchObject({ ok: false, error: { code: 'edit-not-allowed' } });
    expect(incident().version).toBe(before);
  });

  it('an unknown or non-production deployment id is refused as unknown-deployment; manual without an id is a bad request', async () => {
    const before = incident().version;
    for (const deploymentId of ['no-such-deployment', 'staging']) {
      const answer = await call('setAttribution', { mode: 'manual', deploymentId }, USERS.ben);
      expect(answer).toMatchObject({ ok: false, error: { code: 'unknown-deployment', fields: [{ field: 'deploymentId', params: { deploymentId } }] } });
    }
    expect(await call('setAttribution', { mode: 'manual' }, USERS.ben)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(incident().version).toBe(before);
    expect(incident().attribution).toBeUndefined();
  });

  it("a person's choice: counted against it, with who and when, on the timeline; it sticks through later alerts and fact syncs", async () => {
    const a = await set({ mode: 'manual', deploymentId: 'old' });
    expect(a).toMatchObject({ mode: 'manual', deployment: { id: 'old' }, auto: { id: 'latest' }, setBy: { accountId: USERS.ben } });
    expect(incident().attribution).toMatchObject({ mode: 'manual', deploymentId: 'old', setBy: { accountId: USERS.ben } });
    const [entry] = await asApp(() => loadLatestTimeline(incident(), 1));
    expect(entry).toMatchObject({ kind: 'attribution-set', actorAccountId: USERS.ben, change: { field: 'attribution', from: { mode: 'auto' }, to: { mode: 'manual', deploymentId: 'old' } } });
    expect(await factRow()).toEqual({ attribution_mode: 'manual', attributed_deployment_id: 'old', counted: 'old' });
    // the coalesced Jira comment says it in words, with who did it
    const comments = JSON.stringify(await getJson(sb, `/rest/api/3/issue/${issue.key}/comment`));
    expect(comments).toContain('"text":"Causing deployment set (by Ben Carter)"');
    expect(comments).toContain('"text":"automatic → deployment old"');
    // the same choice again writes nothing
    const version = incident().version;
    await set({ mode: 'manual', deploymentId: 'old' });
    expect(incident().version).toBe(version);

    // a later alert of the same service joins the incident: the machine never changes a person's choice
    const later = JSON.parse(fixture('mackerel', 'service.json')) as { alert: { id: string; status: string } };
    later.alert.id = '4LaPqR8sT2w';
    expect((await sendAs(sb, 'mackerel', JSON.stringify(later))).status).toBe(202);
    await sb.idle();
    expect(storedIncidents(sb)).toHaveLength(1);
    expect(incident().version).toBeGreaterThan(version);
    expect(incident().attribution).toMatchObject({ mode: 'manual', deploymentId: 'old' });
    // and the facts backfill, forced to rewrite the row, writes the choice again
    await asApp(() => updateIncident(incident().id, ({ factsFingerprint: _, ...i }) => i));
    await asApp(() => sql.prepare('UPDATE incident_facts SET attribution_mode = ?, attributed_deployment_id = NULL, fingerprint = ? WHERE incident_id = ?').bindParams('auto', 'stale', incident().id).execute());
    expect((await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' })).ok).toBe(true);
    await sb.idle();
    expect((await attribution()).deployment?.id).toBe('old');
    expect(await factRow()).toMatchObject({ attribution_mode: 'manual', attributed_deployment_id: 'old', counted: 'old' });
  });

  it('a deployment that is not a candidate (another service) may be chosen and is listed with the candidates', async () => {
    const a = await set({ mode: 'manual', deploymentId: 'other-service' }, USERS.aiko);
    expect(a).toMatchObject({ mode: 'manual', deployment: { id: 'other-service', service: 'search' }, setBy: { accountId: USERS.aiko } });
    expect(ids(a.candidates)).toEqual(['latest', 'rolled-back', 'old', 'no-link', 'other-service']);
    expect(await factRow()).toEqual({ attribution_mode: 'manual', attributed_deployment_id: 'other-service', counted: 'other-service' });
  });

  it('clear → none: counted against no deployment', async () => {
    const a = await set({ mode: 'none' });
    expect(a).toMatchObject({ mode: 'none', deployment: null, auto: { id: 'latest' }, setBy: { accountId: USERS.ben } });
    expect(incident().attribution).toEqual({ mode: 'none', setBy: expect.objectContaining({ accountId: USERS.ben }) });
    expect(await factRow()).toEqual({ attribution_mode: 'none', attributed_deployment_id: null, counted: null });
  });

  it('back to the rule: the choice is removed and the rule decides again', async () => {
    const a = await set({ mode: 'auto' });
    expect(a.mode).toBe('auto');
    expect(a.deployment?.id).toBe('latest');
    expect(a.setBy).toBeUndefined();
    expect(incident().attribution).toBeUndefined();
    expect(await factRow()).toEqual({ attribution_mode: 'auto', attributed_deployment_id: null, counted: 'latest' });
    const [entry] = await asApp(() => loadLatestTimeline(incident(), 1));
    expect(entry?.change).toEqual({ field: 'attribution', from: { mode: 'none' }, to: { mode: 'auto' } });
  });

  it('backdating impact start changes what the rule finds (and what the metrics count)', async () => {
    const answer = RESOLVERS.setKeyTime.response.parse(await callResolver(sb, issuePanel(issue), 'setKeyTime', { field: 'impactStartedAt', at: at(-2.5 * H) }, USERS.ben));
    expect(answer.ok).toBe(true);
    await sb.idle();
    const a = await attribution();
    expect(a.deployment?.id).toBe('old');
    expect(ids(a.candidates)).toEqual(['old', 'no-link']);
    expect(await factRow()).toEqual({ attribution_mode: 'auto', attributed_deployment_id: null, counted: 'old' });
  });

  it('an incident whose service is not known: the rule picks none; a person chooses from any service\'s production deployments', async () => {
    // a host alert (no service group key) opens a second incident
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-warning.json'))).status).toBe(202);
    await sb.idle();
    const hostIncident = storedIncidents(sb).find((i) => i.id !== incident().id)!;
    const hostIssue = { id: hostIncident.issue!.id, key: hostIncident.issue!.key };
    const answer = RESOLVERS.getAttribution.response.parse(await callResolver(sb, issuePanel(hostIssue), 'getAttribution', {}, USERS.ben));
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    expect(answer.data).toMatchObject({ mode: 'auto', service: null, deployment: null, auto: null });
    // newest first, never failed, staging or after impact start (this incident's impact start)
    const hostImpact = Date.parse(hostIncident.impactStartedAt);
    expect(hostImpact).toBe(impact - H); // the fixtures: the host alert opened an hour before the service alert
    expect(ids(answer.data.candidates)).toEqual(['rolled-back', 'old', 'no-link']);
    for (const c of answer.data.candidates) {
      expect(c.environment).toBe('PRODUCTION');
      expect(c.outcome).not.toBe('failed');
      expect(Date.parse(c.finishedAt)).toBeLessThan(hostImpact);
    }
  });

  it('"caused an outage" reported by a person: counted against that deployment as their choice', async () => {
    const reads = createAttributionReads();
    const deps = { update: updateIncident, clock: { now: () => new Date() }, reads, facts: createIncidentFacts() };
    const aiko = { accountId: USERS.aiko, displayName: 'Aiko Sato' };
    expect(await asApp(() => attributeOutageToDeployment(incident().id, 'nope', aiko, deps))).toBe('unknown-deployment');
    expect(await asApp(() => attributeOutageToDeployment(incident().id, 'rolled-back', aiko, deps))).toBe('changed');
    expect(await asApp(() => attributeOutageToDeployment(incident().id, 'rolled-back', aiko, deps))).toBe('unchanged');
    expect(incident().attribution).toMatchObject({ mode: 'manual', deploymentId: 'rolled-back', setBy: { accountId: USERS.aiko } });
    expect(await attribution()).toMatchObject({ mode: 'manual', deployment: { id: 'rolled-back' }, setBy: { accountId: USERS.aiko } });
    expect(await factRow()).toEqual({ attribution_mode: 'manual', attributed_deployment_id: 'rolled-back', counted: 'rolled-back' });
  });
});
