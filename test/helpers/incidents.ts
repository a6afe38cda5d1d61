import { IncidentSchema, INCIDENT_STATES, type Incident } from '../../src/domain/incident';
import type { TestSandbox } from './test-sandbox';

/** Every incident the app stored, read from the sandbox's KVS as the app's entity index would. */
export function storedIncidents(sb: TestSandbox): Incident[] {
  const out: Incident[] = [];
  for (const state of INCIDENT_STATES) {
    let cursor: string | undefined;
    do {
      const r = sb.kvs.handle('/api/v1/entity/query', { entityName: 'incident', indexName: 'by-state-opened', partition: [state], limit: 100, ...(cursor ? { cursor } : {}) });
      const body = r.body as { data: Array<{ value: { version: number; data: object } }>; cursor?: string };
      for (const row of body.data) out.push(IncidentSchema.parse({ ...row.value.data, version: row.value.version }));
      cursor = body.cursor;
    } while (cursor);
  }
  return out;
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
