import { sql } from '@forge/sql';
import { createHash } from 'node:crypto';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import type { Incident } from '../../src/domain/incident';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { updateIncident } from '../../src/storage/incident-store';
import { createIncidentFacts } from '../../src/storage/sql/incident-facts';
import { MIGRATIONS } from '../../src/storage/sql/migrations';
import { factFingerprint, incidentFactOf } from '../../src/usecases/sync-incident-facts';
import { fixture, asApp, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { onlyIncident, openIncidentIssue, storedIncidents } from '../helpers/incidents';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issueAction, issuePanel, USERS } from '../resolvers/call-resolver';

/**
 * The reporting store (issue 10 item 1): every change to an incident upserts its row in Forge SQL (the sandbox's
 * MariaDB behind the real @forge/sql), idempotently and never backwards; a storm's repeats cost no SQL call; the
 * scheduled backfill writes the rows of incidents that exist in KVS only.
 */
interface FactRow {
  incident_id: string;
  issue_key: string | null;
  level: string;
  state: string;
  drill: number;
  declared: number;
  impact_started_at: string;
  detected_at: string;
  acknowledged_at: string | null;
  mitigated_at: string | null;
  recovered_at: string | null;
  closed_at: string | null;
  service: string | null;
  group_keys: string;
  attribution_mode: string;
  attributed_deployment_id: string | null;
  fingerprint: string;
  version: string;
}

describe('incident facts in the reporting store (Forge SQL)', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };

  const rows = async (): Promise<FactRow[]> => (await asApp(() => sql.prepare<FactRow>('SELECT * FROM incident_facts ORDER BY impact_started_at, incident_id').execute())).rows;
  const rowOf = async (id: string): Promise<FactRow | undefined> => (await rows()).find((r) => r.incident_id === id);
  /** The app's own SQL calls (the test's reads are made as `test`). */
  const appSql = (sinceSeq = 0) => sb.log.list({ kind: 'sql' }).filter((e) => e.caller !== 'test' && e.seq > sinceSeq);
  const writes = (sinceSeq = 0) => appSql(sinceSeq).filter((e) => /"query":"INSERT INTO incident_facts/.test(e.requestBody ?? ''));
  const lastSeq = () => sb.log.list().at(-1)?.seq ?? 0;
  const incident = (id: string): Incident => storedIncidents(sb).find((i) => i.id === id)!;
  const runHousekeeping = async () => {
    expect((await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' })).ok).toBe(true);
    await sb.idle();
  };

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    await sb.idle();
  }, 600_000);
  afterAll(() => sb.dispose());

  it('an alert opens an incident → one fact row with its issue key, level, state and key times (DATETIME(3), UTC)', async () => {
    const opened = onlyIncident(sb);
    const all = await rows();
    expect(all).toHaveLength(1);
    const row = all[0]!;
    expect(row).toMatchObject({ incident_id: opened.id, issue_key: issue.key, level: opened.level, state: 'open', drill: 0, declared: 0, acknowledged_at: null, closed_at: null });
    expect(row.impact_started_at).toBe(opened.impactStartedAt.replace('T', ' ').replace('Z', ''));
    expect(JSON.parse(row.group_keys)).toEqual(opened.groupKeys);
    expect(Number(row.version)).toBeLessThanOrEqual(opened.version);
    expect(opened.factsFingerprint).toBe(row.fingerprint);
    // the migrations ran once, through the DDL endpoint; the runner lists them
    const applied = (await asApp(() => sql.executeDDL<{ name: string }>('SELECT name FROM __migrations'))).rows.map((r) => r.name);
    expect([...new Set(applied)]).toEqual(MIGRATIONS.map((m) => m.name));
    // nobody chose its deployment: the rule's (the columns of v006)
    expect(row).toMatchObject({ attribution_mode: 'auto', attributed_deployment_id: null });
  });

  it('a storm of repeats of the same alert makes no further SQL call', async () => {
    const since = lastSeq();
    for (let n = 0; n < 10; n++) expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-warning.json'))).status).toBe(202);
    await sb.idle();
    expect(appSql(since)).toEqual([]);
  });

  it("a person's level change → the row follows, in one upsert (and a repeat of the same change writes nothing)", async () => {
    const since = lastSeq();
    const answer = RESOLVERS.setIncidentLevel.response.parse(await callResolver(sb, issuePanel(issue), 'setIncidentLevel', { level: 'SEV1' }, USERS.ben));
    expect(answer.ok).toBe(true);
    await sb.idle();
    const id = onlyIncident(sb).id;
    expect(await rowOf(id)).toMatchObject({ level: 'SEV1' });
    expect(writes(since)).toHaveLength(1);
    const costs = appSql(since).map((e) => e.path);
    console.log(`SQL calls for one incident change (first in the invocation): ${costs.length} — ${costs.join(', ')}`);
    const again = lastSeq();
    await callResolver(sb, issuePanel(issue), 'setIncidentLevel', { level: 'SEV1' }, USERS.ben);
    await sb.idle();
    expect(appSql(again)).toEqual([]);
  });

  it('an older version never overwrites a newer one; the same version again changes nothing', async () => {
    const current = onlyIncident(sb);
    const row = (await rowOf(current.id))!;
    const older = incidentFactOf({ ...current, level: 'SEV4', state: 'closed', version: Number(row.version) - 1 });
    const facts = createIncidentFacts();
    await asApp(() => facts.upsert(older));
    expect(await rowOf(current.id)).toEqual(row);
    await asApp(() => facts.upsert({ ...older, version: Number(row.version) }));
    expect(await rowOf(current.id)).toEqual(row);
    // a newer one applies
    await asApp(() => facts.upsert({ ...older, version: Number(row.version) + 1000 }));
    expect(await rowOf(current.id)).toMatchObject({ level: 'SEV4', state: 'closed', version: String(Number(row.version) + 1000) });
    // and then the record's own (lower) version cannot move it back
    await asApp(() => facts.upsert(incidentFactOf(current)));
    expect(await rowOf(current.id)).toMatchObject({ level: 'SEV4', version: String(Number(row.version) + 1000) });
    // put the row back as the record has it (deleted, then written at the record's version)
    await asApp(() => sql.prepare('DELETE FROM incident_facts WHERE incident_id = ?').bindParams(current.id).execute());
    await asApp(() => facts.upsert(incidentFactOf(current)));
    expect(await rowOf(current.id)).toMatchObject({ level: 'SEV1', version: String(current.version) });
  });

  it("a person's attribution is part of the row and its fingerprint; the rule's leaves the fingerprint as it was", async () => {
    const current = onlyIncident(sb);
    const setBy = { accountId: USERS.ben, at: '2026-12-02T10:00:00.000Z' };
    // the rule's: hashed as absent, so incidents stored before attribution existed keep their fingerprints
    const { attributionMode: _m, attributedDeploymentId: _d, fingerprint: _f, version: _v, ...before } = incidentFactOf(current);
    expect(factFingerprint(current)).toBe(createHash('sha256').update(JSON.stringify(before)).digest('hex').slice(0, 32));
    const manual = { ...current, attribution: { mode: 'manual' as const, deploymentId: 'deploy-7', setBy } };
    const none = { ...current, attribution: { mode: 'none' as const, setBy } };
    expect(new Set([factFingerprint(current), factFingerprint(manual), factFingerprint(none)]).size).toBe(3);
    expect(factFingerprint({ ...manual, attribution: { ...manual.attribution, deploymentId: 'deploy-8' } })).not.toBe(factFingerprint(manual));
    // a newer version carries the columns; an older one never takes them back
    const facts = createIncidentFacts();
    const version = Number((await rowOf(current.id))!.version);
    await asApp(() => facts.upsert(incidentFactOf({ ...manual, version: version + 1 })));
    expect(await rowOf(current.id)).toMatchObject({ attribution_mode: 'manual', attributed_deployment_id: 'deploy-7' });
    await asApp(() => facts.upsert(incidentFactOf({ ...none, version })));
    expect(await rowOf(current.id)).toMatchObject({ attribution_mode: 'manual', attributed_deployment_id: 'deploy-7' });
    await asApp(() => facts.upsert(incidentFactOf({ ...none, version: version + 2 })));
    expect(await rowOf(current.id)).toMatchObject({ attribution_mode: 'none', attributed_deployment_id: null });
    // the row as the record has it again
    await asApp(() => sql.prepare('DELETE FROM incident_facts WHERE incident_id = ?').bindParams(current.id).execute());
    await asApp(() => facts.upsert(incidentFactOf(current)));
    expect(await rowOf(current.id)).toMatchObject({ attribution_mode: 'auto', attributed_deployment_id: null, version: String(current.version) });
  });

  it('the backfill writes the row of an incident whose fact was never written, and a second run writes nothing', async () => {
    const id = onlyIncident(sb).id;
    // as an incident stored before the reporting store existed: no row, no fingerprint on the record
    await asApp(() => sql.prepare('DELETE FROM incident_facts WHERE incident_id = ?').bindParams(id).execute());
    await asApp(() => updateIncident(id, ({ factsFingerprint: _, ...i }) => i));
    expect(await rowOf(id)).toBeUndefined();
    expect(incident(id).factsFingerprint).toBeUndefined();
    const since = lastSeq();
    await runHousekeeping();
    expect(await rowOf(id)).toMatchObject({ incident_id: id, issue_key: issue.key, level: 'SEV1', fingerprint: incident(id).factsFingerprint });
    expect(writes(since)).toHaveLength(1);
    const again = lastSeq();
    await runHousekeeping();
    expect(writes(again)).toEqual([]);
  });

  it('a declared drill is flagged on its row (drill, declared) and excluded by a drill filter', async () => {
    const res = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-User': USERS.aiko },
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Game day' } }),
    });
    expect(res.status).toBe(201);
    await sb.idle();
    const task = (await res.json()) as { id: string; key: string };
    const payload = { requestId: '0b6f3c1e-2a4d-4e5f-8a7b-000000000fac', target: 'new-issue', title: 'Game day: payments down', level: 'SEV3', drill: true };
    const answer = RESOLVERS.declareIncident.response.parse(await callResolver(sb, issueAction(task), 'declareIncident', payload, USERS.aiko));
    expect(answer.ok && answer.data).toMatchObject({ outcome: 'declared', drill: true });
    if (!answer.ok) return;
    await sb.idle();
    const row = await rowOf(answer.data.incidentId);
    expect(row).toMatchObject({ drill: 1, declared: 1, level: 'SEV3', state: 'acknowledged', issue_key: answer.data.issue!.key });
    expect(row!.acknowledged_at).not.toBeNull();
    const real = (await asApp(() => sql.prepare<{ n: string }>('SELECT COUNT(*) AS n FROM incident_facts WHERE drill = ?').bindParams(0).execute())).rows;
    expect(real).toEqual([{ n: '1' }]);
  });
});
