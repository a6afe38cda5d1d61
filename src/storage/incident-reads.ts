/**
 * Incident reads for the resolvers: the issue → incident link (the app's own issue property, read as the app once the
 * user's right to the issue was checked), the latest timeline entries by key, and the incident index by state.
 */
import api, { route } from '@forge/api';
import kvs, { WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { LevelSchema, TimelineEntrySchema, type Incident, type TimelineEntry } from '../domain/incident';
import type { IncidentIndex, IncidentReads } from '../usecases/ui-ports';
import { ENTITY, keys } from './kvs-keys';
import { loadIncident } from './incident-store';

const JSON_HEADERS = { headers: { Accept: 'application/json' } };
const IncidentPropertySchema = z.object({ value: z.object({ id: z.string() }) });
const IndexRowSchema = z.object({ value: z.object({ data: z.object({ level: LevelSchema, drill: z.boolean() }) }) });

/** KVS batch reads take at most 25 keys (https://developer.atlassian.com/platform/forge/storage-reference/kvs-batch/). */
const BATCH_GET_MAX = 25;

export const incidentReads: IncidentReads = {
  async incidentIdOfIssue(issueIdOrKey) {
    // the property is the app's own record, read as the app (a resolver checks the user's right to the issue first)
    const res = await api.asApp().requestJira(route`/rest/api/3/issue/${issueIdOrKey}/properties/kaizen-incident`, JSON_HEADERS);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`Reading the incident property of issue ${issueIdOrKey} failed with ${res.status}`);
    return IncidentPropertySchema.parse(await res.json()).value.id;
  },
  load: loadIncident,
  async latestTimeline(incident: Incident, count: number): Promise<TimelineEntry[]> {
    // timeline keys are numbered 0…timelineCount-1, so the latest ones are read by key, without paging through all
    const first = Math.max(0, incident.timelineCount - count);
    const wanted = Array.from({ length: incident.timelineCount - first }, (_, i) => keys.timeline(incident.id, first + i));
    const chunks = Array.from({ length: Math.ceil(wanted.length / BATCH_GET_MAX) }, (_, i) => wanted.slice(i * BATCH_GET_MAX, (i + 1) * BATCH_GET_MAX));
    const found = new Map<string, unknown>();
    for (const result of await Promise.all(chunks.map((c) => kvs.batchGet<unknown>(c.map((key) => ({ key })))))) {
      for (const item of result.successfulKeys) found.set(item.key, item.value);
    }
    return wanted.flatMap((key) => (found.has(key) ? [TimelineEntrySchema.parse(found.get(key))] : []));
  },
};

export const incidentIndex: IncidentIndex = {
  async inState(state, sinceIso, limit) {
    const rows: Array<Pick<Incident, 'level' | 'drill'>> = [];
    let cursor: string | undefined;
    do {
      let q = kvs.entity(ENTITY.incident).query().index('by-state-opened', { partition: [state] }).where(WhereConditions.greaterThanEqualTo(sinceIso)).limit(100);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany();
      for (const row of page.results) {
        const parsed = IndexRowSchema.safeParse(row);
        if (parsed.success) rows.push(parsed.data.value.data);
      }
      cursor = page.nextCursor;
    } while (cursor && rows.length < limit);
    return { rows: rows.slice(0, limit), truncated: Boolean(cursor) };
  },
};
