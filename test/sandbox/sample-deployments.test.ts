import { sql } from '@forge/sql';
import { devSecret } from '../../sandbox/kaizen-profile';
import { SAMPLE_DEPLOYMENTS_MARKER, SAMPLE_SERVICE, sampleDeployments, seedSampleData, type SampleData } from '../../sandbox/sample-data';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import type { Metrics } from '../../src/shared/metrics';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { ATTRIBUTED_DEPLOYMENT_SQL } from '../../src/storage/sql/attribution';
import { asApp, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { REPO_ROOT, type TestSandbox } from '../helpers/test-sandbox';
import { callResolver, dataOf, gadget, USERS } from '../resolvers/call-resolver';

/**
 * The sample deployments a fresh `npm start` sends (sandbox/sample-data.ts, step 3) through the real
 * `deployment-webhook` trigger with CI's development secret: the metrics gadget's default 90 days then show deployment
 * frequency, lead time, a change failure (the recovered sample incident, attributed to v2.4.0), a rolled-back release
 * and a hotfix for that incident's issue (rework).
 */
describe('sample deployments', () => {
  let sb: TestSandbox;
  let sample: SampleData;
  const render = async (): Promise<Metrics> => dataOf(RESOLVERS.getMetrics.response.parse(await callResolver(sb, gadget({ period: 90 }), 'getMetrics', { period: 90 }, USERS.ben)));
  const byRole = (role: string) => sample.deployments.filter((d) => d.role === role);

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    const made = await seedSampleData(sb, REPO_ROOT);
    if (!made) throw new Error('a fresh data directory got no sample data');
    sample = made;
    await sb.idle();
  }, 120_000);
  afterAll(() => sb.dispose());

  it('are all accepted by the trigger: nine releases in the last 90 days, one rolled back, the one before the incident and its hotfix', () => {
    expect(sample.deployments).toHaveLength(9);
    expect(byRole('rolled-back')).toHaveLength(1);
    expect(byRole('change-failure')).toHaveLength(1);
    expect(byRole('hotfix')).toHaveLength(1);
    const ninetyDaysAgo = Date.now() - 90 * 24 * 3_600_000;
    for (const d of sample.deployments) expect(Date.parse(d.finishedAt)).toBeGreaterThan(ninetyDaysAgo);
    expect(sb.queues.deadLetters()).toEqual([]);
    expect(sb.invoker.invocations().filter((r) => r.outcome !== 'ok')).toEqual([]);
  });

  it('give the gadget deployment frequency, lead time, a change fail rate, recovery time, rework and a rolled-back release', async () => {
    const m = await render();
    expect(m.dora.deployments).toBe(9);
    expect(m.dora.deploymentFrequency.perWeek).toBeGreaterThan(0);
    // 13 commits, each first shipped by a sample deployment and carrying its authored time
    expect(m.dora.leadTime).toMatchObject({ count: 13, median: expect.any(Number) });
    // v2.3.0 (rolled back) and v2.4.0 (the recovered incident counts against it)
    expect(m.dora.changeFailRate).toMatchObject({ failed: 2, deployments: 9 });
    expect(m.dora.changeFailRate.rate).toBeGreaterThan(0);
    expect(m.dora.recoveryTime.count).toBe(1);
    expect(m.dora.reworkRate).toMatchObject({ unplanned: 1, deployments: 9 });
    expect(m.releaseProblems.reduce((n, p) => n + p.rolled_back, 0)).toBe(1);
  });

  it('the recovered sample incident is attributed to the release that finished before its impact start', async () => {
    const rows = await asApp(() =>
      sql.prepare<{ deployment_id: string | null }>(`SELECT ${ATTRIBUTED_DEPLOYMENT_SQL} AS deployment_id FROM incident_facts f WHERE f.issue_key = ?`).bindParams(sample.recovered.issueKey).execute(),
    );
    expect(rows.rows).toEqual([{ deployment_id: byRole('change-failure')[0]!.id }]);
  });

  it('are idempotent per id: sent again (as a later start would), they replace their rows and add none', async () => {
    const url = sb.webtriggers.urlOf('deployment-webhook')!;
    const incident = { impactStartedAt: Date.now() - 3_600_000, issueKey: sample.recovered.issueKey };
    for (const { body } of sampleDeployments(incident, Date.now())) {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${devSecret('deployments')}` }, body: JSON.stringify(body) });
      expect(res.status).toBe(202);
    }
    await sb.idle();
    const counted = await asApp(() => sql.prepare<{ n: number }>('SELECT COUNT(*) AS n FROM deployments WHERE service = ?').bindParams(SAMPLE_SERVICE).execute());
    expect(Number(counted.rows[0]!.n)).toBe(9);
  });

  it('a data directory whose sample incidents predate the deployments gets them on its next start, once', async () => {
    sb.store.delete(SAMPLE_DEPLOYMENTS_MARKER.ns, SAMPLE_DEPLOYMENTS_MARKER.key);
    expect(await seedSampleData(sb, REPO_ROOT)).toBeUndefined();
    expect(sb.store.get(SAMPLE_DEPLOYMENTS_MARKER.ns, SAMPLE_DEPLOYMENTS_MARKER.key)).toEqual(expect.any(String));
    expect((await render()).dora.deployments).toBe(9);
  });

  it('the sandbox’s sender list gives the deployment trigger’s bearer header with the development secret', async () => {
    const list = (await (await sb.http('/__sandbox/webtriggers')).json()) as Array<{ key: string; url: string; headers?: Record<string, string> }>;
    expect(list.find((w) => w.key === 'deployment-webhook')).toMatchObject({ url: sb.webtriggers.urlOf('deployment-webhook'), headers: { Authorization: `Bearer ${devSecret('deployments')}` } });
  });
});
