import { sql } from '@forge/sql';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { ATTRIBUTED_DEPLOYMENT_SQL } from '../../src/storage/sql/attribution';
import { createDeploymentStore } from '../../src/storage/sql/deployments';
import { createIncidentFacts } from '../../src/storage/sql/incident-facts';
import type { DeploymentRecord } from '../../src/usecases/deployments/deployment-ports';
import { asApp, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { clearMetrics, commit, deployment, fact } from '../helpers/metrics-seed';
import type { TestSandbox } from '../helpers/test-sandbox';

/**
 * The two things the gadget reads as stored columns instead of working them out per render (src/storage/sql/
 * attribution.ts, src/storage/sql/deployments.ts): the deployment each incident counts against and its finish
 * (`counted_deployment_id`, `counted_deployment_finished_at`) and each
 * commit's first production deployment (`commit_leads`). After every write below — deployments arriving out of order,
 * one changing its outcome, its time and its service, a tie, incidents written before and after — the stored values
 * must equal the rule evaluated from scratch.
 */
describe('stored attribution and first deployments follow every write', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    await asApp(() => createIncidentFacts().migrate());
  }, 600_000);
  afterAll(() => sb.dispose());
  beforeEach(() => clearMetrics());

  const store = () => createDeploymentStore();
  /** Each report received after the one before (the web trigger's time of arrival), whatever its finish. */
  let received = Date.parse('2026-12-01T00:00:00.000Z');
  const record = (d: DeploymentRecord) => asApp(() => store().record(d, new Date((received += 1000)).toISOString()));
  const rows = async <T>(query: string): Promise<T[]> => (await asApp(() => sql.prepare<T>(query).execute())).rows as T[];

  /**
   * Every incident: [id, stored deployment, the rule now (a person's choice as it is)], and the stored finish against
   * that deployment's while it counts.
   */
  const picks = () =>
    rows<{ incident_id: string; stored: string | null; rule: string | null; stored_finish: string | null; rule_finish: string | null }>(
      `SELECT x.incident_id, x.stored, x.rule, x.stored_finish,
        (SELECT d.finished_at FROM deployments d WHERE d.deployment_id = x.rule AND d.environment = 'PRODUCTION' AND d.outcome <> 'failed') AS rule_finish
       FROM (SELECT f.incident_id, f.counted_deployment_id AS stored, ${ATTRIBUTED_DEPLOYMENT_SQL} AS rule, f.counted_deployment_finished_at AS stored_finish FROM incident_facts f) x
       ORDER BY x.incident_id`,
    );
  const expectPicks = async (expected: Record<string, string | null>) => {
    const all = await picks();
    expect(all.map((r) => [r.incident_id, r.stored, r.stored_finish])).toEqual(all.map((r) => [r.incident_id, r.rule, r.rule_finish]));
    expect(Object.fromEntries(all.map((r) => [r.incident_id, r.stored]))).toEqual(expected);
  };

  /** `commit_leads` as stored, and as worked out from every deployment now: [sha, first deployment, lead seconds]. */
  const leads = async () => {
    const stored = await rows<{ commit_sha: string; deployment_id: string; lead_seconds: number | string | null }>('SELECT commit_sha, deployment_id, lead_seconds FROM commit_leads ORDER BY commit_sha');
    const fresh = await rows<{ commit_sha: string; deployment_id: string; lead_seconds: number | string | null }>(`SELECT x.commit_sha, x.deployment_id,
        TIMESTAMPDIFF(SECOND, (SELECT MAX(a.authored_at) FROM deployment_commits a WHERE a.repo_hash = x.repo_hash AND a.commit_sha = x.commit_sha), x.finished_at) AS lead_seconds FROM (
        SELECT c.repo_hash, c.commit_sha, d.deployment_id, d.finished_at, ROW_NUMBER() OVER (PARTITION BY c.repo_hash, c.commit_sha ORDER BY d.finished_at, d.deployment_id) AS k
        FROM deployment_commits c JOIN deployments d ON d.deployment_id = c.deployment_id WHERE d.environment = 'PRODUCTION' AND d.outcome <> 'failed') x
      WHERE x.k = 1 ORDER BY x.commit_sha`);
    const norm = (r: { commit_sha: string; deployment_id: string; lead_seconds: number | string | null }) => [r.commit_sha, r.deployment_id, r.lead_seconds === null ? null : Number(r.lead_seconds)];
    expect(stored.map(norm)).toEqual(fresh.map(norm));
    return stored.map(norm);
  };

  it('the attribution pick: deployments out of order, a failed one, a moved one, a tie, another service', async () => {
    const facts = createIncidentFacts();
    // incidents first: no deployment yet, so no pick
    await asApp(async () => {
      await facts.upsert(fact('I1', { impactStartedAt: '2026-11-02T12:00:00.000Z' }));
      await facts.upsert(fact('I2', { impactStartedAt: '2026-11-04T12:00:00.000Z' }));
      await facts.upsert(fact('I3', { impactStartedAt: '2026-11-06T12:00:00.000Z' }));
      await facts.upsert(fact('S1', { service: 'search', impactStartedAt: '2026-11-06T12:00:00.000Z' }));
      await facts.upsert(fact('N1', { service: null, impactStartedAt: '2026-11-06T12:00:00.000Z' }));
      // a person cleared one
      await facts.upsert(fact('X1', { impactStartedAt: '2026-11-06T12:00:00.000Z', attributionMode: 'none' }));
    });
    await expectPicks({ I1: null, I2: null, I3: null, S1: null, N1: null, X1: null });

    // the latest deployment arrives first, then an earlier one: each incident takes the latest before it
    await record(deployment('D3', { finishedAt: '2026-11-05T10:00:00.000Z' }));
    await expectPicks({ X1: null, I1: null, I2: null, I3: 'D3', S1: null, N1: null });
    await record(deployment('D1', { finishedAt: '2026-11-01T10:00:00.000Z' }));
    // a person counts M1 against D1 (only a recorded deployment can be chosen: setAttribution refuses others)
    await asApp(() => facts.upsert(fact('M1', { impactStartedAt: '2026-11-06T12:00:00.000Z', attributionMode: 'manual', attributedDeploymentId: 'D1' })));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D1', I2: 'D1', I3: 'D3', S1: null, N1: null });
    await record(deployment('D2', { finishedAt: '2026-11-03T10:00:00.000Z' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D1', I2: 'D2', I3: 'D3', S1: null, N1: null });

    // D2 never reached production after all: its incident goes back to D1; then it did
    await record(deployment('D2', { finishedAt: '2026-11-03T10:00:00.000Z', result: 'FAILURE', outcome: 'failed' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D1', I2: 'D1', I3: 'D3', S1: null, N1: null });
    await record(deployment('D2', { finishedAt: '2026-11-03T10:00:00.000Z' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D1', I2: 'D2', I3: 'D3', S1: null, N1: null });

    // D2's finish corrected to after I3's impact start: I2 back to D1, I3 keeps D3 (D3 is still the latest before it)
    await record(deployment('D2', { finishedAt: '2026-11-07T10:00:00.000Z' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D1', I2: 'D1', I3: 'D3', S1: null, N1: null });

    // a tie: D4 finished at D3's instant; the greater id is the latest
    await record(deployment('D4', { finishedAt: '2026-11-05T10:00:00.000Z' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D1', I2: 'D1', I3: 'D4', S1: null, N1: null });

    // D4 was a search deployment: checkout's I3 back to D3, search's S1 takes it; a staging one changes nothing
    await record(deployment('D4', { finishedAt: '2026-11-05T10:00:00.000Z', service: 'search' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D1', I2: 'D1', I3: 'D3', S1: 'D4', N1: null });
    await record(deployment('T1', { finishedAt: '2026-11-05T11:00:00.000Z', environment: 'STAGING' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D1', I2: 'D1', I3: 'D3', S1: 'D4', N1: null });

    // an incident written (or its impact start moved) after the deployments: picked on write
    await asApp(async () => {
      await facts.upsert(fact('I4', { impactStartedAt: '2026-11-08T00:00:00.000Z' }));
      await facts.upsert(fact('I1', { impactStartedAt: '2026-11-05T12:00:00.000Z', version: 2 }));
    });
    await expectPicks({ M1: 'D1', X1: null, I1: 'D3', I2: 'D1', I3: 'D3', I4: 'D2', S1: 'D4', N1: null });

    // the chosen deployment D1 moves, then never reached production: M1 keeps its choice, its stored finish follows
    // (then none: it counts against nothing); I2 has no counted deployment before it any more
    await record(deployment('D1', { finishedAt: '2026-11-01T08:00:00.000Z' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D3', I2: 'D1', I3: 'D3', I4: 'D2', S1: 'D4', N1: null });
    await record(deployment('D1', { finishedAt: '2026-11-01T08:00:00.000Z', result: 'FAILURE', outcome: 'failed' }));
    await expectPicks({ M1: 'D1', X1: null, I1: 'D3', I2: null, I3: 'D3', I4: 'D2', S1: 'D4', N1: null });
    expect((await picks()).find((r) => r.incident_id === 'M1')?.stored_finish).toBeNull();
  });

  it('the first production deployment of each commit, and its lead time', async () => {
    const authored = '2026-11-01T00:00:00.000Z';
    // B ships c1 and c2 first in the report order, A (earlier) arrives later: c1's first becomes A
    await record(deployment('B', { finishedAt: '2026-11-03T00:00:00.000Z', commits: [commit('c1', authored), commit('c2', null)] }));
    expect(await leads()).toEqual([
      ['c1', 'B', 172_800],
      ['c2', 'B', null],
    ]);
    await record(deployment('A', { finishedAt: '2026-11-02T00:00:00.000Z', commits: [commit('c1', authored)] }));
    expect(await leads()).toEqual([
      ['c1', 'A', 86_400],
      ['c2', 'B', null],
    ]);
    // A never reached production: c1 back to B; A to staging with a new commit: no lead for it
    await record(deployment('A', { finishedAt: '2026-11-02T00:00:00.000Z', result: 'FAILURE', outcome: 'failed', commits: [commit('c1', authored)] }));
    await record(deployment('S', { finishedAt: '2026-11-02T00:00:00.000Z', environment: 'STAGING', commits: [commit('c3', authored)] }));
    expect(await leads()).toEqual([
      ['c1', 'B', 172_800],
      ['c2', 'B', null],
    ]);
    // B resent without c2 and A back in production: c2 has no lead any more, c1 is A's again
    await record(deployment('B', { finishedAt: '2026-11-03T00:00:00.000Z', commits: [commit('c1', authored)] }));
    await record(deployment('A', { finishedAt: '2026-11-02T00:00:00.000Z', commits: [commit('c1', authored)] }));
    expect(await leads()).toEqual([['c1', 'A', 86_400]]);
    // a commit first reported without its authored time gets its lead from a later report that has it
    await record(deployment('E', { finishedAt: '2026-11-04T00:00:00.000Z', commits: [commit('c4', null)] }));
    await record(deployment('F', { finishedAt: '2026-11-05T00:00:00.000Z', environment: 'STAGING', commits: [commit('c4', authored)] }));
    expect(await leads()).toEqual([
      ['c1', 'A', 86_400],
      ['c4', 'E', 3 * 86_400],
    ]);
  });
  describe('a write that fails half-way is redone in full by its retry (the queue redelivers the same report)', () => {
    /** Records `d`, the statement containing `failing` failing once (the sandbox's injected database failure), then the retry. */
    const recordWithRetry = async (d: DeploymentRecord, failing: string): Promise<void> => {
      sb.sql.failNext(failing);
      await expect(record(d)).rejects.toThrow(/Injected failure/);
      await record(d);
    };

    it.each([
      ['the re-pick of its incidents', 'UPDATE incident_facts f'],
      ['the hash', 'UPDATE deployments SET body_hash'],
      ['the leads', 'INSERT INTO commit_leads'],
    ])('moved to another service, failing at %s: the incidents it left pick again', async (_what, failing) => {
      const facts = createIncidentFacts();
      await asApp(() => facts.upsert(fact('I1', { impactStartedAt: '2026-11-06T12:00:00.000Z' })));
      const commits = [commit('c1', '2026-11-01T00:00:00.000Z')];
      await record(deployment('D1', { finishedAt: '2026-11-05T10:00:00.000Z', commits }));
      await expectPicks({ I1: 'D1' });
      await recordWithRetry(deployment('D1', { finishedAt: '2026-11-05T10:00:00.000Z', service: 'search', commits }), failing);
      await expectPicks({ I1: null });
      // and moved after its incident: the same
      await record(deployment('D2', { finishedAt: '2026-11-05T11:00:00.000Z', commits }));
      await expectPicks({ I1: 'D2' });
      await recordWithRetry(deployment('D2', { finishedAt: '2026-11-07T10:00:00.000Z', commits }), failing);
      await expectPicks({ I1: null });
      expect(await leads()).toEqual([['c1', 'D1', 4 * 86_400 + 36_000]]);
    });

    it('a commit dropped by a resend whose leads step failed loses its lead', async () => {
      const authored = '2026-11-01T00:00:00.000Z';
      await record(deployment('B', { finishedAt: '2026-11-03T00:00:00.000Z', commits: [commit('c1', authored), commit('c2', authored)] }));
      await recordWithRetry(deployment('B', { finishedAt: '2026-11-03T00:00:00.000Z', commits: [commit('c1', authored)] }), 'DELETE FROM commit_leads');
      expect(await leads()).toEqual([['c1', 'B', 172_800]]);
    });

    it('a new deployment whose first attempt failed after its children leaves none of them when corrected', async () => {
      const first = deployment('H', { finishedAt: '2026-11-03T00:00:00.000Z', hotfixFor: ['OPS-1'], outcome: 'rolled_back', commits: [commit('c9', '2026-11-01T00:00:00.000Z')] });
      sb.sql.failNext('INSERT INTO commit_leads');
      await expect(record(first)).rejects.toThrow(/Injected failure/);
      // CI reports it again corrected before the retry: no hotfix, a success, no commits of its own
      await record(deployment('H', { finishedAt: '2026-11-03T00:00:00.000Z' }));
      expect(await rows('SELECT issue_key FROM deployment_hotfixes')).toEqual([]);
      expect(await rows("SELECT problem_id FROM release_problems WHERE problem_id = 'ci:H'")).toEqual([]);
      expect(await rows('SELECT commit_sha FROM deployment_commits')).toEqual([]);
      expect(await leads()).toEqual([]);
    });

    it('an older report delivered after a newer one changes nothing', async () => {
      const store = createDeploymentStore();
      await asApp(() => store.record(deployment('D', { finishedAt: '2026-11-05T10:00:00.000Z', service: 'b' }), '2026-11-05T10:02:00.000Z'));
      expect(await asApp(() => store.record(deployment('D', { finishedAt: '2026-11-05T10:00:00.000Z', service: 'a' }), '2026-11-05T10:01:00.000Z'))).toBe('unchanged');
      expect(await rows('SELECT service FROM deployments')).toEqual([{ service: 'b' }]);
    });
  });
  it("the housekeeping's safety net: a stored pick that missed a deployment (a race on TiDB) is set again; a person's choice is kept", async () => {
    const facts = createIncidentFacts();
    await record(deployment('D1', { finishedAt: '2026-11-05T10:00:00.000Z' }));
    await asApp(async () => {
      await facts.upsert(fact('I1', { impactStartedAt: '2026-11-06T12:00:00.000Z' }));
      await facts.upsert(fact('M1', { impactStartedAt: '2026-11-06T12:00:00.000Z', attributionMode: 'manual', attributedDeploymentId: 'D1' }));
    });
    // the race: the fact's insert picked before D1 was visible, and D1's update ran before the fact existed
    await asApp(() => sql.prepare("UPDATE incident_facts SET counted_deployment_id = NULL, counted_deployment_finished_at = NULL WHERE incident_id = 'I1'").execute());
    expect(await asApp(() => facts.reconcileAttribution('2026-11-06T00:00:00.000Z'))).toBe(1);
    await expectPicks({ I1: 'D1', M1: 'D1' });
    // nothing to do: nothing written
    expect(await asApp(() => facts.reconcileAttribution('2026-11-06T00:00:00.000Z'))).toBe(0);
  });
});
