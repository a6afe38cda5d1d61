/**
 * Alerts accepted while Forge's queue refused pushes (500 events per minute per installation:
 * https://developer.atlassian.com/platform/forge/limits-async-events/). The web trigger keeps them here — one
 * KVS write — and still answers 202, because senders like Mackerel never retry; consumers and the scheduled
 * trigger push them later. A claim key makes sure one invocation drains an entry, so nothing is queued twice.
 */
import kvs, { WhereConditions } from '@forge/kvs';
import { RateLimitError, type PushEvent } from '@forge/events';
import { randomUUID } from 'node:crypto';
import { releaseLease, releasingLease, takeLease } from './lease';
import { z } from 'zod';

const PREFIX = 'overflow:';
const CLAIM_MINUTES = 10;

/** KVS's value limit is 240 KiB (https://developer.atlassian.com/platform/forge/limits-kvs-ce/); kept below it. */
const MAX_ENTRY_BYTES = 200 * 1024;

const EventsSchema = z.array(z.object({ body: z.record(z.string(), z.unknown()) }).passthrough());
/**
 * An entry holds its events as JSON **text**: an alert's payload nests as deep as the sender made it, and KVS
 * refuses values nested deeper than 31 levels — as objects, a body the web trigger accepted would fail here with a
 * 500, and the sender would retry it forever. Entries written before this change held `events` as objects.
 */
const OverflowSchema = z.union([
  z.object({ eventsJson: z.string() }).transform(({ eventsJson }) => EventsSchema.parse(JSON.parse(eventsJson))),
  z.object({ events: EventsSchema }).transform(({ events }) => events),
]);

/** Keeps `events` for later; several KVS entries if their text would pass the value limit. */
export async function keepOverflow(events: PushEvent[]): Promise<void> {
  let group: PushEvent[] = [];
  let bytes = 0;
  const groups: PushEvent[][] = [];
  for (const event of events) {
    // the stored size: the events' JSON, itself written as a JSON string (quotes and backslashes escaped again)
    const size = Buffer.byteLength(JSON.stringify(JSON.stringify(event)), 'utf8');
    if (group.length > 0 && bytes + size > MAX_ENTRY_BYTES) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(event);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  const now = String(Date.now()).padStart(15, '0');
  for (const [i, g] of groups.entries()) {
    // time-ordered keys: the oldest alerts are queued first (and a split chunk in its order)
    await kvs.set(`${PREFIX}${now}:${String(i).padStart(3, '0')}-${randomUUID()}`, { eventsJson: JSON.stringify(g) });
  }
}

/**
 * Pushes up to `maxEntries` overflow entries with `push`; stops at the first refusal (the limit still holds) and
 * leaves that entry for later. Returns how many events were queued.
 */
export async function drainOverflow(push: (events: PushEvent[]) => Promise<void>, maxEntries: number): Promise<number> {
  const page = await kvs.query().where('key', WhereConditions.beginsWith(PREFIX)).limit(Math.min(20, maxEntries)).getMany<unknown>();
  let queued = 0;
  for (const entry of page.results) {
    // one invocation drains an entry (a lease row, exact to the clock: a plain claim key with a TTL could outlive a
    // crashed drainer by up to 48 h, KVS deleting expired keys late — see lease.ts)
    const lease = await takeLease(`overflow:${entry.key.slice(PREFIX.length)}`, CLAIM_MINUTES * 60_000);
    if (!lease) continue; // another invocation is draining this entry
    // re-read by key: the listing may be stale (another drainer may have queued and deleted it already)
    const current = await kvs.get<unknown>(entry.key);
    if (current === undefined) {
      await releaseLease(lease);
      continue;
    }
    const events = OverflowSchema.parse(current);
    try {
      await push(events as PushEvent[]);
    } catch (e) {
      await releaseLease(lease);
      if (e instanceof RateLimitError) break;
      throw e;
    }
    await releasingLease(kvs.transact().delete(entry.key), lease).execute();
    queued += events.length;
  }
  return queued;
}
