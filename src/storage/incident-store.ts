/**
 * Incidents in Forge KVS. Concurrency (DESIGN 3.1: "two alerts for the same service processed at the same moment
 * → one incident") is guarded by custom-entity transactions: the incident record is written only if its `version`
 * is the one read, the alert's own row only if it is still the one read, and the alert / group links only if they
 * still point where they pointed — so of two racing consumers exactly one commits, and the other re-reads and joins
 * the winner's incident. https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/
 *
 * The record is bounded (its size does not grow with its alerts): each alert's state lives in its own
 * `incident-alert` row keyed by (incident, alert), written in the same transaction as the record, which keeps only
 * the alerts' counts by state. Timeline entries are rows of their own too (`tl:<incident>:<seq>`).
 */
import kvs, { Filter, FilterConditions, ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import { IncidentAlertSchema, IncidentSchema, TimelineEntrySchema, type AlertCounts, type Incident, type IncidentAlert, type TimelineEntry } from '../domain/incident';
import { ENTITY, keys } from './kvs-keys';

export class StorageConflictError extends Error {
  constructor(cause: unknown) {
    super('A concurrent write changed the incident first', { cause });
    this.name = 'StorageConflictError';
  }
}

interface IncidentRow {
  state: string;
  openedAt: string;
  version: number;
  data: unknown;
}
interface LinkRow {
  incidentId: string;
  value: string;
}
/** One alert of one incident (entity `incident-alert`); `written` is the incident version whose commit wrote it. */
interface AlertRow {
  incidentId: string;
  state: string;
  lastEventAt: string;
  written: number;
  data: unknown;
}

const AlertRowSchema = z.object({ written: z.number().int(), data: IncidentAlertSchema });

/** An alert as one incident holds it, with the row's `written` so the write back can be made conditional on it. */
export interface HeldAlert {
  alert: IncidentAlert;
  written: number;
}

/** KVS batch reads take at most 25 keys (https://developer.atlassian.com/platform/forge/storage-reference/kvs-batch/). */
export const BATCH_GET_MAX = 25;

/** A link as read, so the write can be made conditional on it being unchanged. */
export interface ReadLink {
  key: string;
  incidentId: string | undefined;
}

export interface LinkWrite {
  link: ReadLink;
  entity: typeof ENTITY.alertLink | typeof ENTITY.groupLink;
  value: string;
}

const TOMBSTONE_DAYS = 7;

/** An incident row as stored. Records written before the alerts moved to rows get their counts from the old map. */
export function incidentFromRow(row: { version: number; data: unknown }): Incident {
  const data = row.data as { alertCounts?: unknown; alerts?: Record<string, { state?: string }> };
  const legacyCounts = (): AlertCounts => {
    const states = Object.values(data.alerts ?? {}).map((a) => a.state);
    return { firing: states.filter((s) => s === 'firing').length, acknowledged: states.filter((s) => s === 'acknowledged').length, resolved: states.filter((s) => s === 'resolved').length };
  };
  return IncidentSchema.parse({ ...data, ...(data.alertCounts === undefined ? { alertCounts: legacyCounts() } : {}), version: row.version });
}

export async function loadIncident(id: string): Promise<Incident | undefined> {
  const row = await kvs.entity<IncidentRow>(ENTITY.incident).get(id);
  return row ? incidentFromRow(row) : undefined;
}

/** This alert as each of the given incidents holds it (one batch read; incidents that do not hold it are absent). */
export async function loadHeldAlerts(incidentIds: readonly string[], alertKey: string): Promise<Map<string, HeldAlert>> {
  const out = new Map<string, HeldAlert>();
  if (incidentIds.length === 0) return out;
  const byKey = new Map(incidentIds.map((id) => [keys.incidentAlert(id, alertKey), id]));
  const result = await kvs.batchGet<unknown>([...byKey.keys()].map((key) => ({ key, entityName: ENTITY.incidentAlert })));
  for (const item of result.successfulKeys) {
    const id = byKey.get(item.key);
    if (!id) continue;
    const row = AlertRowSchema.parse(item.value);
    out.set(id, { alert: row.data, written: row.written });
  }
  return out;
}

export async function readLink(entity: LinkWrite['entity'], key: string): Promise<ReadLink> {
  const row = await kvs.entity<LinkRow>(entity).get(key);
  return { key, incidentId: row?.incidentId };
}

export async function readTombstone(alertKey: string): Promise<{ closedAt: string } | undefined> {
  return z.object({ closedAt: z.string() }).optional().parse(await kvs.get(keys.tombstone(alertKey)));
}

export async function writeTombstone(alertKey: string, closedAt: string): Promise<void> {
  await kvs.set(keys.tombstone(alertKey), { closedAt }, { ttl: { value: TOMBSTONE_DAYS, unit: 'DAYS' } });
}

/** The alert's row to write with the record: `read` is the row as read (undefined: the incident did not hold it). */
export interface AlertWrite {
  alert: IncidentAlert;
  read: HeldAlert | undefined;
}

/**
 * Writes the incident (new when `expectedVersion` is undefined), the alert's row, its new timeline entries and
 * links, all or nothing — at most 1 + 1 + 3 links + 2 timeline entries operations, well within a transaction's 25.
 * Throws StorageConflictError when another consumer got there first.
 */
export async function commitIncident(incident: Incident, expectedVersion: number | undefined, timeline: TimelineEntry[], links: LinkWrite[], alertWrite?: AlertWrite): Promise<Incident> {
  const next: Incident = { ...incident, version: (expectedVersion ?? 0) + 1, timelineCount: incident.timelineCount + timeline.length };
  const { version, ...data } = next;
  const row: IncidentRow = { state: next.state, openedAt: next.impactStartedAt, version, data };
  let tx = kvs.transact().set(next.id, row, {
    entityName: ENTITY.incident,
    conditions:
      expectedVersion === undefined
        ? new Filter<IncidentRow>().and('version', FilterConditions.notExists())
        : new Filter<IncidentRow>().and('version', FilterConditions.equalTo(expectedVersion)),
  });
  if (alertWrite) {
    const { alert, read } = alertWrite;
    const row: AlertRow = { incidentId: next.id, state: alert.state, lastEventAt: alert.lastEventAt, written: version, data: alert };
    tx = tx.set(keys.incidentAlert(next.id, alert.key), row, {
      entityName: ENTITY.incidentAlert,
      conditions: read
        ? new Filter<AlertRow>().and('written', FilterConditions.equalTo(read.written))
        : new Filter<AlertRow>().and('written', FilterConditions.notExists()),
    });
  }
  for (const w of links) {
    tx = tx.set(w.link.key, { incidentId: next.id, value: w.value } satisfies LinkRow, {
      entityName: w.entity,
      conditions: w.link.incidentId
        ? new Filter<LinkRow>().and('incidentId', FilterConditions.equalTo(w.link.incidentId))
        : new Filter<LinkRow>().and('incidentId', FilterConditions.notExists()),
    });
  }
  timeline.forEach((entry, i) => {
    tx = tx.set(keys.timeline(next.id, incident.timelineCount + i), entry);
  });
  try {
    await tx.execute();
  } catch (e) {
    if (e instanceof ForgeKvsAPIError && e.responseDetails.status === 409) throw new StorageConflictError(e);
    throw e;
  }
  return next;
}

/** Read-modify-write of one incident, re-read and re-applied on a conflict (bounded). */
export async function updateIncident(id: string, change: (incident: Incident) => Incident | undefined, timeline: (incident: Incident) => TimelineEntry[] = () => []): Promise<Incident | undefined> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await loadIncident(id);
    if (!current) return undefined;
    const changed = change(current);
    if (!changed) return current;
    try {
      return await commitIncident(changed, current.version, timeline(current), []);
    } catch (e) {
      if (!(e instanceof StorageConflictError)) throw e;
    }
  }
  throw new Error(`Incident ${id} kept changing under 8 attempts to update it`);
}

/** The last `count` machine timeline entries, oldest first: read by key (they are numbered), never the whole timeline. */
export async function loadLatestTimeline(incident: Pick<Incident, 'id' | 'timelineCount'>, count: number): Promise<TimelineEntry[]> {
  const first = Math.max(0, incident.timelineCount - count);
  const wanted = Array.from({ length: incident.timelineCount - first }, (_, i) => keys.timeline(incident.id, first + i));
  const chunks = Array.from({ length: Math.ceil(wanted.length / BATCH_GET_MAX) }, (_, i) => wanted.slice(i * BATCH_GET_MAX, (i + 1) * BATCH_GET_MAX));
  const found = new Map<string, unknown>();
  for (const result of await Promise.all(chunks.map((c) => kvs.batchGet<unknown>(c.map((key) => ({ key })))))) {
    for (const item of result.successfulKeys) found.set(item.key, item.value);
  }
  return wanted.flatMap((key) => (found.has(key) ? [TimelineEntrySchema.parse(found.get(key))] : []));
}
