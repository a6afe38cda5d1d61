/**
 * Drills (issue 11 item 5, DESIGN 3.6) through the sandbox: the admin resolver starts a run, the drill runner (a queue
 * consumer step) POSTs each alert to the app's own web trigger — signed as its sender, with the drill header — and
 * the real web trigger → queue → incident path opens a drill incident that recovers. A drill never joins a real
 * incident (not even one holding the same alert id) and never moves a metric.
 */
import { randomUUID } from 'node:crypto';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { createEgressFetch } from '../../sandbox/runtime/egress';
import type { Incident } from '../../src/domain/incident';
import { DRILL_HEADER, type DrillRun } from '../../src/domain/drill-plan';
import { saveDrillRun } from '../../src/storage/drill-runs';
import { pushDrillStep, startDrillDeps } from '../../src/app/drills-wiring';
import { startDrill } from '../../src/usecases/drills/start-drill';
import type { PushDrillStep } from '../../src/usecases/drills/drill-ports';
import type { UserAccess } from '../../src/usecases/ui-ports';
import { asApp, fixture, incidentIssues, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { release, seedMetrics } from '../helpers/metrics-seed';
import { alertKeysOf, storedIncidents } from '../helpers/incidents';
import type { TestSandbox } from '../helpers/test-sandbox';
import { adminPage, dataOf, gadget, issuePanel, typedCaller, USERS } from '../resolvers/call-resolver';

/** Mackerel's host-critical fixture (alert 4Ksb2dWqJ7m on web-01, ec-site: web), opened two minutes ago. */
function hostCriticalNow(): string {
  const body = JSON.parse(fixture('mackerel', 'host-critical.json')) as { alert: Record<string, number> };
  const seconds = Math.floor(Date.now() / 1000);
  Object.assign(body.alert, { openedAt: seconds - 120, createdAt: (seconds - 120) * 1000, statusChangedAt: seconds - 60 });
  return JSON.stringify(body);
}

describe('drills: the real intake path, marked, never in a metric', () => {
  let sb: TestSandbox;
  let real: Incident;
  const admin = typedCaller(() => sb, adminPage);
  const metrics = async () => dataOf(await typedCaller(() => sb, gadget())('getMetrics', { period: 30 }));
  const drills = () => storedIncidents(sb).filter((i) => i.drill);
  const runIdsOf = (runs: Array<{ runId: string }>) => runs.map((r) => r.runId);
  let before: Awaited<ReturnType<typeof metrics>>;

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    // a production release of ec-site an hour ago, an open action item, and a real, open incident after the release:
    // drills of ec-site would add incidents, recovery times and a failed deployment's recovery if they counted
    await seedMetrics({ deployments: [release('r1', new Date(Date.now() - 3_600_000).toISOString(), { service: 'ec-site' })], actionItems: [{ issueId: '90001', state: 'open', dueDate: null }] });
    expect((await sendAs(sb, 'mackerel', hostCriticalNow())).status).toBe(202);
    await sb.idle();
    real = storedIncidents(sb)[0]!;
    before = await metrics();
  }, 120_000);
  afterAll(() => sb.dispose());

  it('refuses what it cannot run, with a reason: non-admin, bad speed, unknown scenario or incident, neither or both', async () => {
    const requestId = randomUUID();
    const start = (payload: Record<string, unknown>, user?: string) => admin('startDrill', { requestId, ...payload }, user);
    const codeOf = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => ((await p) as { error?: { code: string } }).error?.code;
    expect(await codeOf(start({ scenarioId: 'disk-full', speed: 'fast' }, USERS.ben))).toBe('admin-only');
    expect(await codeOf(admin('getDrills', {}, USERS.viewer))).toBe('admin-only');
    expect(await codeOf(start({ scenarioId: 'disk-full', speed: 'warp' }))).toBe('drill-bad-speed');
    expect(await codeOf(start({ scenarioId: 'no-such-scenario', speed: 'fast' }))).toBe('drill-unknown-scenario');
    expect(await codeOf(start({ issueKey: 'OPS-999', speed: 'fast' }))).toBe('incident-not-found');
    expect(await codeOf(start({ issueKey: 'not a key', speed: 'fast' }))).toBe('incident-not-found');
    expect(await codeOf(start({ speed: 'fast' }))).toBe('drill-choose-one');
    expect(await codeOf(start({ scenarioId: 'disk-full', issueKey: real.issue!.key, speed: 'fast' }))).toBe('drill-choose-one');
    // nothing was started
    expect(dataOf(await admin('getDrills', {})).runs).toEqual([]);
    // the web trigger takes a drill header only for a running run: an authenticated sender naming none is refused
    const forged = await sendAs(sb, 'mackerel', fixture('mackerel', 'host-critical.json'), { headers: { [DRILL_HEADER]: 'dr-00000000000000000000' } });
    expect(forged.status).toBe(400);
    await sb.idle();
    expect(drills()).toEqual([]);
  });

  it('runs a scenario end to end: one run per request id, each alert through the own web trigger, a drill incident that recovers', async () => {
    const requestId = randomUUID();
    const [first, second] = await Promise.all([admin('startDrill', { requestId, scenarioId: 'web-latency-outage', speed: 'fast' }), admin('startDrill', { requestId, scenarioId: 'web-latency-outage', speed: 'fast' })]);
    const [a, b] = [dataOf(first), dataOf(second)];
    expect(a.runId).toBe(b.runId);
    expect([a.existing, b.existing].sort()).toEqual([false, true]);
    await sb.idle();

    // the runner reached the web trigger through the app's egress, once per alert (5 events), each accepted
    const own = sb.log.list({ kind: 'egress' }).filter((e) => /^\/public\//.test(e.path));
    expect(own.map((e) => e.status)).toEqual([202, 202, 202, 202, 202]);
    const [drill] = drills();
    expect(drills()).toHaveLength(1);
    expect(drill).toMatchObject({ drill: true, state: 'recovered' });
    expect(alertKeysOf(sb, drill!.id).every((k) => k.startsWith(`mackerel:drill:${a.runId}:`))).toBe(true);
    const issue = (await incidentIssues(sb)).find((i) => i.key === drill!.issue!.key)!;
    expect(issue.fields.summary).toMatch(/^\[DRILL\]\[SEV\d\] /);
    expect(issue.fields.labels).toContain('kaizen-drill');

    // the admin page lists the run, done, with its drill incident
    const run = dataOf(await admin('getDrills', {})).runs.find((r) => r.runId === a.runId)!;
    expect(run).toMatchObject({ state: 'done', sent: 5, total: 5, scenarioId: 'web-latency-outage', incidents: [{ issueKey: drill!.issue!.key }] });
    // the real incident did not move: same alerts, still open
    const realNow = storedIncidents(sb).find((i) => i.id === real.id)!;
    expect(realNow).toMatchObject({ state: 'open', alertCounts: real.alertCounts, drill: false });
  });

  it('a drill alert carrying a real open incident’s own alert id opens a drill incident, never joins the real one', async () => {
    const runId = 'dr-0123456789abcdef0123';
    const run: DrillRun = { id: runId, requestId: randomUUID(), startedBy: USERS.aiko, startedAt: new Date().toISOString(), origin: { kind: 'scenario', scenarioId: 'web-latency-outage' }, speed: 'fast', steps: [{ source: 'mackerel', offsetSeconds: 0, alert: { ref: 'x', status: 'firing', severity: 'critical', title: 't', message: 'm', monitor: 'm' } }], nextStep: 0, state: 'running', openedAt: {} };
    await asApp(() => saveDrillRun(run));
    const drillsBefore = drills().length;
    expect((await sendAs(sb, 'mackerel', hostCriticalNow(), { headers: { [DRILL_HEADER]: runId } })).status).toBe(202);
    await sb.idle();
    const opened = drills().filter((d) => alertKeysOf(sb, d.id).includes(`mackerel:drill:${runId}:4Ksb2dWqJ7m`));
    expect(drills()).toHaveLength(drillsBefore + 1);
    expect(opened).toHaveLength(1);
    expect(alertKeysOf(sb, real.id)).toEqual(['mackerel:4Ksb2dWqJ7m']);
    expect(storedIncidents(sb).find((i) => i.id === real.id)).toMatchObject({ alertCounts: real.alertCounts, state: 'open' });
  });

  it('replays a past incident’s alerts, and the drill’s review is the usual retrospective marked as a drill', async () => {
    const started = dataOf(await admin('startDrill', { requestId: randomUUID(), issueKey: real.issue!.key, speed: 'x60' }));
    await sb.idle();
    const run = dataOf(await admin('getDrills', {})).runs.find((r) => r.runId === started.runId)!;
    expect(run).toMatchObject({ state: 'done', replayOf: { issueKey: real.issue!.key } });
    expect(run.incidents).toHaveLength(1);
    const drill = drills().find((d) => d.issue?.key === run.incidents[0]!.issueKey)!;
    expect(drill.title).toContain('CPU');
    expect(alertKeysOf(sb, real.id)).toEqual(['mackerel:4Ksb2dWqJ7m']);

    const panel = typedCaller(() => sb, issuePanel({ id: drill.issue!.id, key: drill.issue!.key }));
    expect(dataOf(await panel('draftRetrospective', {})).outcome).toBe('drafted');
    const pageId = storedIncidents(sb).find((i) => i.id === drill.id)!.retrospective!.page.id;
    const page = (await (await sb.http(`/wiki/api/v2/pages/${pageId}?body-format=storage`, { headers: { 'X-Sandbox-User': 'app' } })).json()) as { body: { storage: { value: string } } };
    expect(page.body.storage.value).toContain('Yes: a drill, excluded from metrics');
    expect(runIdsOf(dataOf(await admin('getDrills', {})).runs)).toContain(started.runId);
  });

  it('moves no metric: TTx, DORA and the action item counts are as before; the drills are counted apart', async () => {
    const after = await metrics();
    const { drills: drillCount, ...incidentsAfter } = after.incidents;
    const { drills: drillsBefore, ...incidentsBefore } = before.incidents;
    expect(drillsBefore).toBe(0);
    expect(drillCount).toBe(drills().length);
    expect(drillCount).toBe(3);
    // what the drills would have moved: the real incident is counted, still open (no TTR), its release failed
    expect(incidentsBefore.count).toBe(1);
    expect(before.actionItems.open).toBe(1);
    expect(incidentsAfter).toEqual(incidentsBefore);
    expect(after.dora).toEqual(before.dora);
    expect(after.actionItems).toEqual(before.actionItems);
  });

  it('a start whose queue push failed is resumed by a retry with the same request id, and the run proceeds to done', async () => {
    const request = { requestId: randomUUID(), scenarioId: 'disk-full', speed: 'fast' as const };
    // the first start's queue push fails (the queue down), after the run was recorded
    let pushes = 0;
    const failingOnce: PushDrillStep = (event, delay) => (pushes++ === 0 ? Promise.reject(new Error('queue unavailable')) : pushDrillStep(event, delay));
    const deps = { ...startDrillDeps({ me: async () => ({ accountId: USERS.aiko }) } as unknown as UserAccess), pushStep: failingOnce };
    await expect(asApp(() => startDrill(request, deps))).rejects.toThrow('queue unavailable');
    await sb.idle();
    const stuck = dataOf(await admin('getDrills', {})).runs.find((r) => r.state === 'running' && r.scenarioId === 'disk-full')!;
    expect(stuck).toMatchObject({ sent: 0 });
    // the admin clicks again (the same request): the run resumes, never a second run
    const retried = dataOf(await admin('startDrill', request));
    expect(retried).toMatchObject({ runId: stuck.runId, existing: true });
    await sb.idle();
    const run = dataOf(await admin('getDrills', {})).runs.find((r) => r.runId === stuck.runId)!;
    expect(run).toMatchObject({ state: 'done', sent: run.total });
    expect(run.incidents).toHaveLength(1);
  });

  it('a run that made no progress for longer than it can wait is marked failed by the housekeeping; its header is refused', async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const alert = (status: 'firing' | 'resolved') => ({ ref: 'x', status, severity: 'critical' as const, title: 't', message: 'm', monitor: 'm' });
    const base = { requestId: randomUUID(), startedBy: USERS.aiko, origin: { kind: 'scenario' as const, scenarioId: 'disk-full' }, nextStep: 0, state: 'running' as const, openedAt: {} };
    // stalled: a fast run started two hours ago that never sent its first alert
    const stalled: DrillRun = { ...base, id: 'dr-00000000000000057a11', startedAt: hoursAgo(2), speed: 'fast', steps: [{ source: 'mackerel', offsetSeconds: 0, alert: alert('firing') }] };
    // waiting: a real-speed run whose next alert is due two hours after its first, sent an hour ago
    const waiting: DrillRun = { ...base, id: 'dr-0000000000000000a17a', startedAt: hoursAgo(1), speed: 'real', nextStep: 1, steps: [{ source: 'mackerel', offsetSeconds: 0, alert: alert('firing') }, { source: 'mackerel', offsetSeconds: 7200, alert: alert('resolved') }] };
    await asApp(async () => {
      await saveDrillRun(stalled);
      await saveDrillRun(waiting);
    });
    expect((await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' })).ok).toBe(true);
    await sb.idle();
    const runs = dataOf(await admin('getDrills', {})).runs;
    expect(runs.find((r) => r.runId === stalled.id)).toMatchObject({ state: 'failed', sent: 0, failure: { detail: expect.stringMatching(/^stalled/) } });
    expect(runs.find((r) => r.runId === waiting.id)).toMatchObject({ state: 'running' });
    expect((await sendAs(sb, 'mackerel', hostCriticalNow(), { headers: { [DRILL_HEADER]: stalled.id } })).status).toBe(400);
  });

  it('egress: the own web trigger is reached only when the manifest declares its Forge host, as on Forge', async () => {
    const url = sb.webtriggers.urlOf('mackerel-webhook')!;
    const refused = await createEgressFetch({ backend: ['https://hooks.slack.com'], emulated: new Map() })(url, { method: 'GET' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/webtrigger\.atlassian\.app.*\*\.webtrigger\.atlassian\.app/s);
    const allowed = await createEgressFetch({ backend: ['https://*.webtrigger.atlassian.app'], emulated: new Map() })(url, { method: 'GET' });
    expect(allowed.status).toBe(405);
  });
});
