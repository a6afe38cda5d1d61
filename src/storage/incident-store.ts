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

/**
 * An incident row as stored. A record written before the alerts moved to rows keeps its alerts in an `alerts` map:
 * they are held from there (`legacyAlerts`) until {@link commitIncident} moves them to their rows, and the counts
 * and last close time are worked out from that map until the first write stores them.
 */
export function incidentFromRow(row: { version: number; data: unknown }): Incident {
  const { alerts, ...data } = row.data as { alertCounts?: unknown; lastResolvedAt?: unknown; alerts?: Record<string, { state?: string; resolvedAt?: string }> };
  const legacy = Object.values(alerts ?? {});
  const legacyCounts = (): AlertCounts => {
    const states = legacy.map((a) => a.state);
    return { firing: states.filter((s) => s === 'firing').length, acknowledged: states.filter((s) => s === 'acknowledged').length, resolved: states.filter((s) => s === 'resolved').length };
  };
  const lastResolvedAt = legacy.reduce<string | undefined>((m, a) => (a.state === 'resolved' && a.resolvedAt && (!m || new Date(a.resolvedAt) > new Date(m)) ? a.resolvedAt : m), undefined);
  return IncidentSchema.parse({
    ...data,
    ...(data.alertCounts === undefined ? { alertCounts: legacyCounts() } : {}),
    ...(data.alertCounts === undefined && data.lastResolvedAt === undefined && lastResolvedAt ? { lastResolvedAt } : {}),
    ...(legacy.length > 0 ? { legacyAlerts: alerts } : {}),
    version: row.version,
  });
}

export async function loadIncident(id: string): Promise<Incident | undefined> {
  const row = await kvs.entity<IncidentRow>(ENTITY.incident).get(id);
  return row ? incidentFromRow(row) : undefined;
}

/**
 * This alert's row on each of the given incidents (one batch read; incidents without its row are absent). A record
 * stored before the alerts moved to rows may hold it in `legacyAlerts` instead: see {@link heldAlertOf}.
 */
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

/**
 * This alert as the incident holds it: its row, or — a record stored before the alerts moved to rows — its entry in
 * the old map, which has no row yet (the commit creates it: write it with `read` undefined).
 */
export function heldAlertOf(incident: Incident, rows: ReadonlyMap<string, HeldAlert>, alertKey: string): IncidentAlert | undefined {
  return rows.get(incident.id)?.alert ?? incident.legacyAlerts?.[alertKey];
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

type TransactionBuilder = ReturnType<typeof kvs.transact>;

/** KVS transactions take at most 25 operations (https://developer.atlassian.com/platform/forge/limits-kvs-ce/). */
const TRANSACTION_MAX_OPS = 25;

/**
 * Writes the incident (new when `expectedVersion` is undefined), the alert's row, its new timeline entries and
 * links, all or nothing — at most 1 + 1 + 3 links + 2 timeline entries operations, well within a transaction's 25.
 * Throws StorageConflictError when another consumer got there first.
 *
 * A record stored before the alerts moved to rows has its old map moved to rows by its writes: the written alert's
 * entry becomes its row, and the rest of the map fills the transaction's room; what does not fit is moved right
 * after, each batch with the record's version checked (another writer carries the map on, so nothing is lost).
 */
export async function commitIncident(incident: Incident, expectedVersion: number | undefined, timeline: TimelineEntry[], links: LinkWrite[], alertWrite?: AlertWrite): Promise<Incident> {
  const room = TRANSACTION_MAX_OPS - 1 - (alertWrite ? 1 : 0) - links.length - timeline.length;
  const { moved, left } = takeLegacyAlerts(incident.legacyAlerts, alertWrite?.alert.key, room);
  const next = withLegacyAlerts({ ...incident, version: (expectedVersion ?? 0) + 1, timelineCount: incident.timelineCount + timeline.length }, left);
  let tx = kvs.transact().set(next.id, incidentRowOf(next), {
    entityName: ENTITY.incident,
    conditions:
      expectedVersion === undefined
        ? new Filter<IncidentRow>().and('version', FilterConditions.notExists())
        : new Filter<IncidentRow>().and('version', FilterConditions.equalTo(expectedVersion)),
  });
  if (alertWrite) {
    const { alert, read } = alertWrite;
    const row: AlertRow = { incidentId: next.id, state: alert.state, lastEventAt: alert.lastEventAt, written: next.version, data: alert };
    tx = tx.set(keys.incidentAlert(next.id, alert.key), row, {
      entityName: ENTITY.incidentAlert,
      conditions: read
        ? new Filter<AlertRow>().and('written', FilterConditions.equalTo(read.written))
        : new Filter<AlertRow>().and('written', FilterConditions.notExists()),
    });
  }
  tx = withMovedAlerts(tx, next, moved);
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
  await execute(tx);
  return moveLegacyAlerts(next);
}

const incidentRowOf = (incident: Incident): IncidentRow => {
  const { version, legacyAlerts, ...data } = incident;
  // the old map keeps its stored name while alerts are left in it
  return { state: incident.state, openedAt: incident.impactStartedAt, version, data: { ...data, ...(legacyAlerts ? { alerts: legacyAlerts } : {}) } };
};

/** Splits the old map: the written alert's entry (its row is the commit's) and up to `room` more leave it. */
function takeLegacyAlerts(legacy: Incident['legacyAlerts'], writtenKey: string | undefined, room: number): { moved: IncidentAlert[]; left: Record<string, IncidentAlert> } {
  const rest = Object.values(legacy ?? {}).filter((a) => a.key !== writtenKey);
  const moved = rest.slice(0, Math.max(0, room));
  return { moved, left: Object.fromEntries(rest.slice(moved.length).map((a) => [a.key, a])) };
}

const withLegacyAlerts = (incident: Incident, left: Record<string, IncidentAlert>): Incident => {
  const { legacyAlerts: _old, ...rest } = incident;
  return Object.keys(left).length > 0 ? { ...rest, legacyAlerts: left } : rest;
};

/** Rows for alerts moved out of the old map: none exists yet (a key is in the map or in a row, never both). */
function withMovedAlerts(tx: TransactionBuilder, incident: Incident, moved: readonly IncidentAlert[]): TransactionBuilder {
  for (const alert of moved) {
    const row: AlertRow = { incidentId: incident.id, state: alert.state, lastEventAt: alert.lastEventAt, written: incident.version, data: alert };
    tx = tx.set(keys.incidentAlert(incident.id, alert.key), row, { entityName: ENTITY.incidentAlert, conditions: new Filter<AlertRow>().and('written', FilterConditions.notExists()) });
  }
  return tx;
}

/** Moves what is left of a just-written record's old map to rows, a transaction's worth at a time. */
async function moveLegacyAlerts(written: Incident): Promise<Incident> {
  let incident = written;
  while (incident.legacyAlerts) {
    const { moved, left } = takeLegacyAlerts(incident.legacyAlerts, undefined, TRANSACTION_MAX_OPS - 1);
    const next = withLegacyAlerts({ ...incident, version: incident.version + 1 }, left);
    const tx = kvs.transact().set(next.id, incidentRowOf(next), { entityName: ENTITY.incident, conditions: new Filter<IncidentRow>().and('version', FilterConditions.equalTo(incident.version)) });
    try {
      await execute(withMovedAlerts(tx, next, moved));
    } catch (e) {
      // another writer changed the record first: it carries the rest of the map and moves it
      if (e instanceof StorageConflictError) return incident;
      throw e;
    }
    incident = next;
  }
  return incident;
}

async function execute(tx: TransactionBuilder): Promise<void> {
  try {
    await tx.execute();
  } catch (e) {
    if (e instanceof ForgeKvsAPIError && e.responseDetails.status === 409) throw new StorageConflictError(e);
    throw e;
  }
}

/** Read-modify-write of one incident, re-read and re-applied on a conflict (bounded). */
/** Stores a new incident with its first timeline entries, only if no record has its id: false when one had. */
export async function createIncidentIfAbsent(incident: Incident, timeline: TimelineEntry[]): Promise<boolean> {
  try {
    await commitIncident(incident, undefined, timeline, []);
    return true;
  } catch (e) {
    if (e instanceof StorageConflictError) return false;
    throw e;
  }
}

/**
 * Removes an incident that never got its Jira issue (a declaration Jira refused), with its timeline rows, if it is
 * still the version read: false when someone changed it meanwhile (then it is theirs to finish).
 */
export async function removeIncidentIfBare(incident: Incident): Promise<boolean> {
  if (incident.issue) return false;
  let tx = kvs.transact().delete(incident.id, { entityName: ENTITY.incident, conditions: new Filter<IncidentRow>().and('version', FilterConditions.equalTo(incident.version)) });
  for (let n = 0; n < incident.timelineCount && n < TRANSACTION_MAX_OPS - 1; n++) tx = tx.delete(keys.timeline(incident.id, n));
  try {
    await execute(tx);
    return true;
  } catch (e) {
    if (e instanceof StorageConflictError) return false;
    throw e;
  }
}

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

/** Moves a record's old alert map (a record stored before the alerts moved to rows) to rows now: any write does. */
export async function moveLegacyAlertsToRows(id: string): Promise<void> {
  await updateIncident(id, (i) => (i.legacyAlerts ? i : undefined));
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
