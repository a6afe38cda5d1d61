import { ALERT_STATES, IncidentAlertSchema, INCIDENT_STATES, type Incident, type IncidentAlert } from '../../src/domain/incident';
import { incidentFromRow } from '../../src/storage/incident-store';
import { fixture, sendAs } from './kaizen-sandbox';
import type { TestSandbox } from './test-sandbox';

/** Every incident the app stored, read from the sandbox's KVS as the app's entity index would. */
export function storedIncidents(sb: Pick<TestSandbox, 'kvs'>): Incident[] {
  const out: Incident[] = [];
  for (const state of INCIDENT_STATES) {
    let cursor: string | undefined;
    do {
      const r = sb.kvs.handle('/api/v1/entity/query', { entityName: 'incident', indexName: 'by-state-opened', partition: [state], limit: 100, ...(cursor ? { cursor } : {}) });
      const body = r.body as { data: Array<{ value: { version: number; data: object } }>; cursor?: string };
      for (const row of body.data) out.push(incidentFromRow(row.value));
      cursor = body.cursor;
    } while (cursor);
  }
  return out;
}

/** Every alert an incident holds (its `incident-alert` rows), read from the sandbox's KVS by the app's index. */
export function alertsOf(sb: TestSandbox, incidentId: string): IncidentAlert[] {
  const out: IncidentAlert[] = [];
  for (const state of ALERT_STATES) {
    let cursor: string | undefined;
    do {
      const r = sb.kvs.handle('/api/v1/entity/query', { entityName: 'incident-alert', indexName: 'by-incident-state', partition: [incidentId, state], limit: 100, ...(cursor ? { cursor } : {}) });
      const body = r.body as { data: Array<{ value: { data: unknown } }>; cursor?: string };
      for (const row of body.data) out.push(IncidentAlertSchema.parse(row.value.data));
      cursor = body.cursor;
    } while (cursor);
  }
  return out;
}

export const alertKeysOf = (sb: TestSandbox, incidentId: string): string[] => alertsOf(sb, incidentId).map((a) => a.key).sort();

/** The size of the incident's stored record: the UTF-8 bytes of its JSON, as KVS measures a value against 240 KiB. */
export function incidentRecordBytes(sb: TestSandbox, incidentId: string): number {
  const r = sb.kvs.handle('/api/v1/entity/get', { entityName: 'incident', key: incidentId });
  if (r.status !== 200) throw new Error(`no incident ${incidentId}`);
  return Buffer.byteLength(JSON.stringify((r.body as { value: unknown }).value), 'utf8');
}

export function onlyIncident(sb: TestSandbox): Incident {
  const all = storedIncidents(sb);
  if (all.length !== 1) throw new Error(`expected exactly one incident, found ${all.length}: ${all.map((i) => i.title).join(', ')}`);
  return all[0]!;
}

export async function getJson<T = Record<string, unknown>>(sb: TestSandbox, path: string): Promise<T> {
  const res = await sb.http(path, { headers: { 'X-Sandbox-User': 'app', Accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** A fresh incident opened by a real Mackerel warning through the web trigger: its Jira issue's id and key. */
export async function openIncidentIssue(sb: TestSandbox): Promise<{ id: string; key: string }> {
  const res = await sendAs(sb, 'mackerel', fixture('mackerel', 'host-warning.json'));
  if (res.status !== 202) throw new Error(`the sample alert was answered ${res.status}`);
  await sb.idle();
  const incident = onlyIncident(sb);
  return { id: incident.issue!.id, key: incident.issue!.key };
}
