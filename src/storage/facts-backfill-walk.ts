/**
 * The reporting store's backfill walk (src/usecases/backfill-incident-facts.ts): through the whole `by-state-opened`
 * index, one state after the other, oldest first, one query page per run. Where it stands is kept between runs in the
 * key-value store (key `facts-backfill-cursor`: the state and the page cursor), so every incident is looked at once
 * every ceil(n / page) runs; past the last state it starts again from the first, so a row whose write failed is
 * written within one round. A cursor the store no longer takes starts that state again.
 * https://developer.atlassian.com/platform/forge/storage-reference/entities-api-query/
 */
import kvs, { ForgeKvsAPIError, Sort } from '@forge/kvs';
import { z } from 'zod';
import { INCIDENT_STATES, type Incident } from '../domain/incident';
import { incidentFromRow } from './incident-store';
import { ENTITY } from './kvs-keys';

export const FACTS_BACKFILL_CURSOR_KEY = 'facts-backfill-cursor';

const PlaceSchema = z.object({ state: z.enum(INCIDENT_STATES), cursor: z.string().min(1).optional() });
type Place = z.infer<typeof PlaceSchema>;
const IncidentRowSchema = z.object({ version: z.number(), data: z.unknown() });

export interface BackfillPage {
  incidents: Incident[];
  /** Keeps where the walk goes on next run (one KVS write). */
  save(): Promise<void>;
}

/** The next page of at most `limit` (≤ 100) incidents. */
export async function nextBackfillPage(limit: number): Promise<BackfillPage> {
  const stored = PlaceSchema.optional().catch(undefined).parse(await kvs.get(FACTS_BACKFILL_CURSOR_KEY));
  const place: Place = stored ?? { state: INCIDENT_STATES[0] };
  const query = (cursor: string | undefined) => {
    let q = kvs.entity(ENTITY.incident).query().index('by-state-opened', { partition: [place.state] }).sort(Sort.ASC).limit(limit);
    if (cursor) q = q.cursor(cursor);
    return q.getMany();
  };
  let page;
  try {
    page = await query(place.cursor);
  } catch (e) {
    if (!(e instanceof ForgeKvsAPIError) || place.cursor === undefined) throw e;
    page = await query(undefined);
  }
  const incidents: Incident[] = [];
  for (const row of page.results) {
    const value = IncidentRowSchema.safeParse((row as { value?: unknown }).value);
    if (!value.success) continue;
    try {
      incidents.push(incidentFromRow(value.data));
    } catch {
      // a record this version cannot read is left alone, not a reason to stop the others
    }
  }
  const nextState = INCIDENT_STATES[(INCIDENT_STATES.indexOf(place.state) + 1) % INCIDENT_STATES.length]!;
  const next: Place = page.nextCursor ? { state: place.state, cursor: page.nextCursor } : { state: nextState };
  return {
    incidents,
    async save() {
      await kvs.set(FACTS_BACKFILL_CURSOR_KEY, next);
    },
  };
}
