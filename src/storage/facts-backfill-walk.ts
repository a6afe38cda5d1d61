/**
 * The reporting store's backfill walk (src/usecases/backfill-incident-facts.ts): through the whole `by-state-opened`
 * index, one state after the other, oldest first, one query page per run. Where it stands is kept between runs in the
 * key-value store (key `facts-backfill-cursor`: the state and the page cursor), so every incident is looked at once
 * every ceil(n / page) runs; past the last state it starts again from the first, so a row whose write failed is
 * written within one round. A cursor the store no longer takes starts that state again.
 * https://developer.atlassian.com/platform/forge/storage-reference/entities-api-query/
 */
import kvs from '@forge/kvs';
import { z } from 'zod';
import { INCIDENT_STATES, type Incident } from '../domain/incident';
import { incidentsPageFrom } from './incident-reads';

export const FACTS_BACKFILL_CURSOR_KEY = 'facts-backfill-cursor';

const PlaceSchema = z.object({ state: z.enum(INCIDENT_STATES), cursor: z.string().min(1).optional() });
type Place = z.infer<typeof PlaceSchema>;

export interface BackfillPage {
  incidents: Incident[];
  /** Keeps where the walk goes on next run (one KVS write). */
  save(): Promise<void>;
}

/** The next page of at most `limit` (≤ 100) incidents. */
export async function nextBackfillPage(limit: number): Promise<BackfillPage> {
  const stored = PlaceSchema.optional().catch(undefined).parse(await kvs.get(FACTS_BACKFILL_CURSOR_KEY));
  const place: Place = stored ?? { state: INCIDENT_STATES[0] };
  const page = await incidentsPageFrom(place.state, limit, place.cursor);
  const incidents = page.incidents;
  const nextState = INCIDENT_STATES[(INCIDENT_STATES.indexOf(place.state) + 1) % INCIDENT_STATES.length]!;
  const next: Place = page.nextCursor ? { state: place.state, cursor: page.nextCursor } : { state: nextState };
  return {
    incidents,
    async save() {
      await kvs.set(FACTS_BACKFILL_CURSOR_KEY, next);
    },
  };
}
