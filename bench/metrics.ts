/**
 * The metrics gadget at scale (issue 10, DESIGN 6): 10,000 incident facts and 50,000 deployments written through the
 * real write paths (the incident fact upsert of src/storage/sql/incident-facts.ts, the deployment store of
 * src/storage/sql/deployments.ts, both on @forge/sql → the sandbox's Forge SQL on MariaDB), then the gadget rendered
 * through its resolver: SQL round trips per render (want ≤ 2), each query's time on the sandbox engine (want < 200 ms),
 * rows and bytes returned, and the time to upsert one incident fact. Called from bench/run.ts; also runnable alone:
 * `npx tsx bench/metrics.ts` (`KAIZEN_BENCH_INCIDENTS` / `KAIZEN_BENCH_DEPLOYMENTS` make it smaller).
 */
import { createHash } from 'node:crypto';
import type { Sandbox } from '../sandbox/sandbox';
import { LEVELS } from '../src/shared/vocabulary';
import { MetricsSchema } from '../src/shared/metrics';
import { resultSchema } from '../src/shared/resolver-result';
import { createIncidentFacts } from '../src/storage/sql/incident-facts';
import { createDeploymentStore } from '../src/storage/sql/deployments';
import { deliveryStatement, incidentsStatement, type Statement } from '../src/storage/sql/metrics-queries';
import { metricsPeriod } from '../src/domain/metrics/period';
import { sql } from '@forge/sql';
import type { DeploymentRecord } from '../src/usecases/deployments/deployment-ports';
import type { IncidentFact } from '../src/usecases/sync-incident-facts';
import { asBench, table } from './bench-kit';
import { runAlone } from './run-alone';

const USER = '557058:aiko-sato';
const DAY = 86_400_000;
const SERVICES = ['checkout', 'search', 'payments', 'catalog', 'auth', 'notifications', 'recommendations', 'inventory'];
const AnswerSchema = resultSchema(MetricsSchema);

/** A deterministic pseudo-random stream (the same data every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const inBench = <T>(fn: () => Promise<T>): Promise<T> => asBench(fn, 600_000);

/** Runs `count` jobs, `parallel` at a time; answers each job's time (ms). */
async function pool(count: number, parallel: number, job: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = process.hrtime.bigint();
        await job(i);
        times[i] = Number(process.hrtime.bigint() - t) / 1e6;
      }
    }),
  );
  return times;
}

function incidentFact(i: number, now: number, r: () => number): IncidentFact {
  const impact = now - Math.floor(r() * 365 * DAY);
  const detected = impact + Math.floor(r() * 30 * 60_000);
  const acknowledged = detected + Math.floor(r() * 20 * 60_000);
  const mitigated = acknowledged + Math.floor(r() * 3 * 3_600_000);
  const recovered = mitigated + Math.floor(r() * 6 * 3_600_000);
  const iso = (t: number) => new Date(t).toISOString();
  const service = SERVICES[i % SERVICES.length]!;
  const fields = {
    incidentId: `inc-bench-${i}`,
    issueKey: `OPS-${100_000 + i}`,
    level: LEVELS[Math.floor(r() * LEVELS.length)]!,
    state: 'closed' as const,
    drill: r() < 0.03,
    declared: r() < 0.1,
    impactStartedAt: iso(impact),
    detectedAt: iso(detected),
    acknowledgedAt: iso(acknowledged),
    mitigatedAt: iso(mitigated),
    recoveredAt: iso(recovered),
    closedAt: iso(recovered + 3_600_000),
    service,
    groupKeys: [`mackerel:service:${service}`],
    attributionMode: 'auto' as const,
    attributedDeploymentId: null,
  };
  return { ...fields, fingerprint: createHash('md5').update(JSON.stringify(fields)).digest('hex'), version: 1 };
}

function deployment(i: number, now: number, r: () => number): DeploymentRecord {
  const finished = now - Math.floor(r() * 365 * DAY);
  const iso = (t: number) => new Date(t).toISOString();
  const roll = r();
  const outcome = roll < 0.02 ? 'rolled_back' : roll < 0.03 ? 'partially_incomplete' : roll < 0.06 ? 'failed' : 'success';
  const commits = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, c) => ({
    repoUrl: `https://github.com/example/${SERVICES[i % SERVICES.length]}`,
    commitSha: createHash('sha1').update(`${i}:${c}`).digest('hex'),
    refName: 'main',
    commitMsg: `Change ${i}.${c}`,
    result: 'SUCCESS',
    startedAt: iso(finished - 600_000),
    finishedAt: iso(finished),
    authoredAt: r() < 0.9 ? iso(finished - Math.floor(r() * 10 * DAY)) : null,
  }));
  return {
    id: `deploy-bench-${i}`,
    displayTitle: `Deploy ${i}`,
    name: 'deploy',
    result: outcome === 'failed' ? 'FAILURE' : 'SUCCESS',
    environment: r() < 0.9 ? 'PRODUCTION' : 'STAGING',
    outcome,
    service: SERVICES[i % SERVICES.length]!,
    version: `v${Math.floor(i / 100)}.${i % 100}`,
    pipelineUrl: `https://ci.example.com/pipelines/${i}`,
    startedAt: iso(finished - 600_000),
    finishedAt: iso(finished),
    createdAt: iso(finished - 700_000),
    commits,
    hotfixFor: r() < 0.04 ? [`OPS-${100_000 + Math.floor(r() * 10_000)}`] : [],
    problemSummary: null,
  };
}

export interface MetricsBench {
  seeded: Array<[string, string | number]>;
  renders: Array<[string, string | number]>;
}

export async function runMetricsBench(sb: Sandbox): Promise<MetricsBench> {
  const incidents = Number(process.env.KAIZEN_BENCH_INCIDENTS ?? 10_000);
  const deployments = Number(process.env.KAIZEN_BENCH_DEPLOYMENTS ?? 50_000);
  const now = Date.now();
  const r = random(42);
  const facts = createIncidentFacts();
  const store = createDeploymentStore();
  await inBench(() => facts.migrate());

  const incidentRows = Array.from({ length: incidents }, (_, i) => incidentFact(i, now, r));
  let t = process.hrtime.bigint();
  const upsertMs = await inBench(() => pool(incidents, 8, (i) => facts.upsert(incidentRows[i]!)));
  const incidentsSeedS = Number(process.hrtime.bigint() - t) / 1e9;
  const deploymentRows = Array.from({ length: deployments }, (_, i) => deployment(i, now, r));
  const sqlBefore = sb.sql.stats().calls;
  t = process.hrtime.bigint();
  const recordMs = await inBench(() => pool(deployments, 8, async (i) => void (await store.record(deploymentRows[i]!, new Date().toISOString()))));
  const deploymentsSeedS = Number(process.hrtime.bigint() - t) / 1e9;
  const perDeployment = (sb.sql.stats().calls - sqlBefore) / Math.max(1, deployments);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const at = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? 0;

  const seeded: Array<[string, string | number]> = [
    ['incident facts upserted (10 % with drills/declared mixed in)', incidents],
    ['deployments recorded (1–4 commits each, 10 % staging, 6 % failed or problems, 4 % hotfixes)', deployments],
    ['seeding incidents took (s, 8 at a time)', incidentsSeedS.toFixed(1)],
    ['seeding deployments took (s, 8 at a time)', deploymentsSeedS.toFixed(1)],
    ['one incident fact upsert: median / p90 (ms, under 8-way load)', `${at(upsertMs, 0.5).toFixed(1)} / ${at(upsertMs, 0.9).toFixed(1)}`],
    ['one deployment record: median / p90 (ms) · SQL calls each', `${at(recordMs, 0.5).toFixed(1)} / ${at(recordMs, 0.9).toFixed(1)} · ${perDeployment.toFixed(1)}`],
  ];

  const renders: Array<[string, string | number]> = [];
  const cases: Array<[string, Record<string, unknown>]> = [
    ['30 days', { period: 30 }],
    ['90 days', { period: 90 }],
    ['365 days', { period: 365 }],
    ['365 days, service checkout', { period: 365, service: 'checkout' }],
    ['90 days, SEV2', { period: 90, level: 'SEV2' }],
  ];
  for (const [label, payload] of cases) {
    const seq0 = sb.log.list().at(-1)?.seq ?? 0;
    const t0 = process.hrtime.bigint();
    const extension = { type: 'jira:dashboardGadget', gadgetConfiguration: payload, dashboard: { id: '10000' }, gadget: { id: '10001' } };
    const result = await sb.invoker.invoke(
      'resolver-fn',
      [{ call: { functionKey: 'getMetrics', payload }, context: { localId: 'bench', moduleKey: 'metrics-gadget', extension } }, { installContext: 'ari:cloud:jira::site/sandbox-cloud-0001', principal: { accountId: USER } }],
      { moduleKey: 'metrics-gadget', moduleType: 'jira:dashboardGadget', accountId: USER },
    );
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!result.ok) throw result.error;
    const answer = AnswerSchema.parse(result.value);
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    // the app's metric queries (the runner's migration check is counted apart)
    const sqlCalls = sb.log.list({ since: seq0, kind: 'sql' });
    const migrations = sqlCalls.filter((e) => /__migrations/.test(e.requestBody ?? ''));
    const queries = sqlCalls.filter((e) => !migrations.includes(e));
    const d = answer.data;
    // the same two statements again, one after the other: each one's own time on the engine
    const period = metricsPeriod(new Date(), payload['period'] as number);
    const q = { from: period.from, to: period.to, service: (payload['service'] as string | undefined) ?? null, level: (payload['level'] as 'SEV2' | undefined) ?? null, today: period.to.slice(0, 10) };
    const alone: number[] = [];
    for (const statement of [incidentsStatement(q), deliveryStatement(q)] as Statement[]) {
      const seq = sb.log.list().at(-1)?.seq ?? 0;
      await inBench(() => sql.prepare(statement.text).bindParams(...statement.params).execute());
      alone.push(sb.log.list({ since: seq, kind: 'sql' }).at(-1)?.durationMs ?? NaN);
    }
    renders.push([
      label,
      `${queries.length} queries (${queries.map((q) => `${q.durationMs} ms, ${q.rows ?? 0} rows, ${((q.responseBytes ?? 0) / 1024).toFixed(1)} KiB`).join(' + ')})` +
        `${migrations.length ? ` + ${migrations.length} migration checks` : ''} · each alone ${alone.map((t) => `${t} ms`).join(' + ')} · resolver ${ms.toFixed(0)} ms · ${d.incidents.count} incidents, ${d.dora.deployments} deployments`,
    ]);
  }
  return { seeded, renders };
}

export function printMetricsBench(b: MetricsBench): void {
  table('Metrics gadget: seeding the reporting store through the real write paths', b.seeded);
  table('Metrics gadget: one render through getMetrics (want ≤ 2 SQL queries, each < 200 ms; the resolver runs both at once, then each alone)', b.renders);
}

if (require.main === module) {
  runAlone('metrics', async (sb) => printMetricsBench(await runMetricsBench(sb)));
}
