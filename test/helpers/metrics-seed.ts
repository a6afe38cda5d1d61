/**
 * Seeds the reporting store for the metrics tests through the app's own write paths: incident facts through
 * `createIncidentFacts().upsert` and deployments through `createDeploymentStore().record` (as the intake and the
 * deployment web trigger write them); release problems reported by people and action items with parameterised
 * INSERTs (their stores are not what these tests are about). Times are ISO strings the test writes out.
 */
import { sql } from '@forge/sql';
import { createDeploymentStore } from '../../src/storage/sql/deployments';
import { createIncidentFacts, toSqlDateTime } from '../../src/storage/sql/incident-facts';
import type { DeploymentCommit, DeploymentRecord } from '../../src/usecases/deployments/deployment-ports';
import type { IncidentFact } from '../../src/usecases/sync-incident-facts';
import { asApp } from './kaizen-sandbox';

/** A fact: SEV3 of service `checkout`, recovered, every span 0 unless given; the id doubles as the issue key. */
export function fact(id: string, over: Partial<IncidentFact> & { impactStartedAt: string }): IncidentFact {
  return {
    incidentId: id,
    issueKey: id,
    level: 'SEV3',
    state: 'recovered',
    drill: false,
    declared: false,
    detectedAt: over.impactStartedAt,
    acknowledgedAt: null,
    mitigatedAt: null,
    recoveredAt: null,
    closedAt: null,
    service: 'checkout',
    groupKeys: [],
    attributionMode: 'auto',
    attributedDeploymentId: null,
    fingerprint: id.padEnd(32, '0').slice(0, 32),
    version: 1,
    ...over,
  };
}

/** A successful PRODUCTION deployment of `checkout`, started a minute before it finished, no commits. */
export function deployment(id: string, over: Partial<DeploymentRecord> & { finishedAt: string }): DeploymentRecord {
  return {
    id,
    displayTitle: null,
    name: null,
    result: 'SUCCESS',
    environment: 'PRODUCTION',
    outcome: 'success',
    service: 'checkout',
    version: null,
    pipelineUrl: null,
    startedAt: new Date(Date.parse(over.finishedAt) - 60_000).toISOString(),
    createdAt: null,
    commits: [],
    hotfixFor: [],
    problemSummary: null,
    ...over,
  };
}

/** A titled release of `checkout` (`Release <id>`, version `v-<id>`, a pipeline URL), started 10 minutes before it finished. */
export function release(id: string, finishedAt: string, over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return deployment(id, {
    displayTitle: `Release ${id}`,
    version: `v-${id}`,
    pipelineUrl: `https://ci.example.com/pipelines/${id}`,
    startedAt: new Date(Date.parse(finishedAt) - 600_000).toISOString(),
    finishedAt,
    ...over,
  });
}

export const commit = (sha: string, authoredAt: string | null, repoUrl = 'https://github.com/example/checkout'): DeploymentCommit => ({
  repoUrl,
  commitSha: sha,
  refName: 'main',
  commitMsg: null,
  result: 'SUCCESS',
  startedAt: null,
  finishedAt: null,
  authoredAt,
});

export interface PersonProblem {
  id: string;
  class: 'partially_incomplete' | 'rolled_back' | 'caused_outage';
  occurredAt: string;
  deploymentId?: string | null;
  service?: string | null;
  drill?: boolean;
}

export interface ActionItemRow {
  issueId: string;
  state: 'open' | 'done';
  dueDate: string | null;
  drill?: boolean;
}

export async function seedMetrics(data: { facts?: IncidentFact[]; deployments?: DeploymentRecord[]; problems?: PersonProblem[]; actionItems?: ActionItemRow[] }): Promise<void> {
  await asApp(async () => {
    const facts = createIncidentFacts();
    for (const f of data.facts ?? []) await facts.upsert(f);
    const store = createDeploymentStore();
    for (const d of data.deployments ?? []) await store.record(d, d.finishedAt);
    for (const p of data.problems ?? []) {
      await sql
        .prepare(
          `INSERT INTO release_problems (problem_id, class, deployment_id, service, version, summary, source, reported_by, occurred_at, reported_at, issue_key, incident_id, review_page_id, review_page_url, drill)
           VALUES (?, ?, ?, ?, NULL, ?, 'person', ?, ?, ?, NULL, NULL, NULL, NULL, ?)`,
        )
        .bindParams(p.id, p.class, p.deploymentId ?? null, p.service ?? 'checkout', `Problem ${p.id}`, '557058:aiko-sato', toSqlDateTime(p.occurredAt), toSqlDateTime(p.occurredAt), p.drill ? 1 : 0)
        .execute();
    }
    for (const a of data.actionItems ?? []) {
      await sql
        .prepare('INSERT INTO action_items (issue_id, issue_key, incident_id, state, due_date, drill, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .bindParams(a.issueId, `OPS-${a.issueId}`, 'incident-x', a.state, a.dueDate, a.drill ? 1 : 0, toSqlDateTime(new Date().toISOString()))
        .execute();
    }
  });
}

/** Empties the reporting store's tables these tests write (between data sets). */
export async function clearMetrics(): Promise<void> {
  await asApp(async () => {
    for (const table of ['incident_facts', 'deployments', 'deployment_commits', 'deployment_hotfixes', 'commit_leads', 'release_problems', 'action_items']) await sql.prepare(`DELETE FROM ${table}`).execute();
  });
}
