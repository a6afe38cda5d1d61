/**
 * Alerts accepted while Forge's queue refused pushes (500 events per minute per installation:
 * https://developer.atlassian.com/platform/forge/limits-async-events/). The web trigger keeps them here — one
 * KVS write — and still answers 202, because senders like Mackerel never retry; consumers and the scheduled
 * trigger push them later. A claim key makes sure one invocation drains an entry, so nothing is queued twice.
 */
import kvs, { WhereConditions } from '@forge/kvs';
import { RateLimitError, type PushEvent } from '@forge/events';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const PREFIX = 'overflow:';
const CLAIM_MINUTES = 10;

const OverflowSchema = z.object({ events: z.array(z.object({ body: z.record(z.string(), z.unknown()) }).passthrough()) });

export async function keepOverflow(events: PushEvent[]): Promise<void> {
  // time-ordered keys: the oldest alerts are queued first
  await kvs.set(`${PREFIX}${String(Date.now()).padStart(15, '0')}:${randomUUID()}`, { events });
}

/**
 * Pushes up to `maxEntries` overflow entries with `push`; stops at the first refusal (the limit still holds) and
 * leaves that entry for later. Returns how many events were queued.
 */
export async function drainOverflow(push: (events: PushEvent[]) => Promise<void>, maxEntries: number): Promise<number> {
  const page = await kvs.query().where('key', WhereConditions.beginsWith(PREFIX)).limit(Math.min(20, maxEntries)).getMany<unknown>();
  let queued = 0;
  for (const entry of page.results) {
    const claim = `overflow-claim:${entry.key.slice(PREFIX.length)}`;
    try {
      await kvs.set(claim, true, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: CLAIM_MINUTES, unit: 'MINUTES' } });
    } catch {
      continue; // another invocation is draining this entry
    }
    const { events } = OverflowSchema.parse(entry.value);
    try {
      await push(events as PushEvent[]);
    } catch (e) {
      await kvs.delete(claim);
      if (e instanceof RateLimitError) break;
      throw e;
    }
    await kvs.delete(entry.key);
    await kvs.delete(claim);
    queued += events.length;
  }
  return queued;
}
