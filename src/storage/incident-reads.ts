/**
 * Incident reads for the resolvers and the scheduled trigger: the issue → incident link (the app's own issue
 * property, read as the app once the user's right to the issue was checked), the latest timeline entries by key, a
 * bounded list of an incident's alerts, and the incident index by state.
 */
import api, { route } from '@forge/api';
import kvs, { ForgeKvsAPIError, Sort, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { ALERT_STATES, IncidentAlertSchema, type Incident, type IncidentAlert, type IncidentState, type TimelineEntry } from '../domain/incident';
import type { IncidentReads } from '../usecases/ui-ports';
import { ENTITY } from './kvs-keys';
import { incidentFromRow, loadIncident, loadLatestTimeline } from './incident-store';

const JSON_HEADERS = { headers: { Accept: 'application/json' } };
const IncidentPropertySchema = z.object({ value: z.object({ id: z.string() }) });
const AlertRowSchema = z.object({ value: z.object({ data: IncidentAlertSchema }) });
const IncidentRowSchema = z.object({ version: z.number(), data: z.unknown() });

/** Entity query pages hold at most 100 items (https://developer.atlassian.com/platform/forge/storage-reference/entities-api-query/). */
const QUERY_PAGE_MAX = 100;

/**
 * Rows of one state of the `by-state-opened` index, newest or oldest first, opened at or after `sinceIso` when
 * given, each parsed (rows that do not parse are skipped); at most `limit`. `more`: the index holds more.
 */
async function scanState<T>(state: IncidentState, options: { sinceIso?: string; sort?: Sort; limit: number }, parse: (row: unknown) => T | undefined): Promise<{ rows: T[]; more: boolean }> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    let q = kvs.entity(ENTITY.incident).query().index('by-state-opened', { partition: [state] });
    if (options.sinceIso) q = q.where(WhereConditions.greaterThanEqualTo(options.sinceIso));
    q = q.sort(options.sort ?? Sort.ASC).limit(Math.min(QUERY_PAGE_MAX, Math.max(1, options.limit - rows.length)));
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany();
    for (const row of page.results) {
      const parsed = parse(row);
      if (parsed !== undefined) rows.push(parsed);
    }
    cursor = page.nextCursor;
  } while (cursor && rows.length < options.limit);
  return { rows: rows.slice(0, options.limit), more: Boolean(cursor) };
}

/** The incident of an index row; undefined for a row this version cannot read (left alone, never a reason to stop the others). */
function incidentOfRow(row: unknown): Incident | undefined {
  const value = IncidentRowSchema.safeParse((row as { value?: unknown }).value);
  if (!value.success) return undefined;
  try {
    return incidentFromRow(value.data);
  } catch {
    return undefined;
  }
}

/** Incidents in one state, the most recently opened first, at most `limit` (the scheduled trigger's safety net). */
export async function incidentsInState(state: IncidentState, limit: number): Promise<Incident[]> {
  return (await scanState(state, { sort: Sort.DESC, limit }, incidentOfRow)).rows;
}

/**
 * One query page (at most `limit` ≤ 100) of a walk through one state of the `by-state-opened` index, oldest first,
 * from `cursor` (a page cursor kept between runs); a cursor the store no longer takes starts the state again.
 * `nextCursor` is absent at the end of the state. For walks that go on across scheduled runs (the reminders, the
 * reporting store's backfill).
 */
export async function incidentsPageFrom(state: IncidentState, limit: number, cursor: string | undefined): Promise<{ incidents: Incident[]; nextCursor?: string }> {
  const query = (from: string | undefined) => {
    let q = kvs.entity(ENTITY.incident).query().index('by-state-opened', { partition: [state] }).sort(Sort.ASC).limit(limit);
    if (from) q = q.cursor(from);
    return q.getMany();
  };
  let page;
  try {
    page = await query(cursor);
  } catch (e) {
    if (!(e instanceof ForgeKvsAPIError) || cursor === undefined) throw e;
    page = await query(undefined);
  }
  const incidents = page.results.map(incidentOfRow).filter((i): i is Incident => i !== undefined);
  return { incidents, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export const incidentReads: IncidentReads = {
  async incidentIdOfIssue(issueIdOrKey) {
    // the property is the app's own record, read as the app (a resolver checks the user's right to the issue first)
    const res = await api.asApp().requestJira(route`/rest/api/3/issue/${issueIdOrKey}/properties/kaizen-incident`, JSON_HEADERS);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`Reading the incident property of issue ${issueIdOrKey} failed with ${res.status}`);
    return IncidentPropertySchema.parse(await res.json()).value.id;
  },
  load: loadIncident,
  latestTimeline: (incident: Incident, count: number): Promise<TimelineEntry[]> => loadLatestTimeline(incident, count),
  async alertsToShow(incident: Incident, limit: number): Promise<IncidentAlert[]> {
    // one index page per state at most, in display order, until `limit` are found: never every alert of a storm
    const out: IncidentAlert[] = [];
    for (const state of ALERT_STATES) {
      if (out.length >= limit || incident.alertCounts[state] === 0) continue;
      const page = await kvs
        .entity(ENTITY.incidentAlert)
        .query()
        .index('by-incident-state', { partition: [incident.id, state] })
        .sort(Sort.DESC)
        .limit(Math.min(QUERY_PAGE_MAX, limit - out.length))
        .getMany();
      for (const row of page.results) {
        const parsed = AlertRowSchema.safeParse(row);
        if (parsed.success) out.push(parsed.data.value.data);
      }
    }
    // a record from before alerts had rows keeps the rest in its old map until housekeeping or its next write moves them
    const legacy = Object.values(incident.legacyAlerts ?? {}).filter((a) => !out.some((o) => o.key === a.key));
    return [...out, ...legacy].slice(0, limit);
  },
};

/**
 * Incidents whose impact started at or after `sinceIso`, at most `perState` of each state (the `by-state-opened`
 * index, newest first), for the retrospective's related incidents (src/usecases/retrospective/gather-facts.ts).
 */
export async function incidentsOpenedSince(sinceIso: string, perState: number): Promise<Incident[]> {
  const out: Incident[] = [];
  for (const state of ['open', 'acknowledged', 'mitigated', 'recovered', 'closed'] as const satisfies readonly IncidentState[]) {
    out.push(...(await scanState(state, { sinceIso, sort: Sort.DESC, limit: perState }, incidentOfRow)).rows);
  }
  return out;
}
