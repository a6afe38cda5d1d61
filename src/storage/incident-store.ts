/**
 * Incidents in Forge KVS. Concurrency (DESIGN 3.1: "two alerts for the same service processed at the same moment
 * → one incident") is guarded by custom-entity transactions: the incident record is written only if its `version`
 * is the one read, and the alert / group links only if they still point where they pointed — so of two racing
 * consumers exactly one commits, and the other re-reads and joins the winner's incident.
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/
 */
import kvs, { Filter, FilterConditions, ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import { IncidentSchema, TimelineEntrySchema, type Incident, type TimelineEntry } from '../domain/incident';
import { ENTITY, keys } from './kvs-keys';
import { valuesWithPrefix } from './kvs-prefix';

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

export async function loadIncident(id: string): Promise<Incident | undefined> {
  const row = await kvs.entity<IncidentRow>(ENTITY.incident).get(id);
  return row ? IncidentSchema.parse({ ...(row.data as object), version: row.version }) : undefined;
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

/**
 * Writes the incident (new when `expectedVersion` is undefined), its new timeline entries and links, all or nothing.
 * Throws StorageConflictError when another consumer got there first.
 */
export async function commitIncident(incident: Incident, expectedVersion: number | undefined, timeline: TimelineEntry[], links: LinkWrite[]): Promise<Incident> {
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

/** The machine timeline, oldest first. */
export async function loadTimeline(incidentId: string): Promise<TimelineEntry[]> {
  return valuesWithPrefix(keys.timelinePrefix(incidentId), (v) => TimelineEntrySchema.parse(v));
}
