/**
 * Kaizen's own dead letters. Forge retries a failing queue event for up to 24 h and then drops it; DESIGN 4 says an
 * accepted alert is never lost, so after a bounded number of retries the consumer keeps the event here, where an
 * admin can see it and replay it.
 */
import kvs from '@forge/kvs';
import { z } from 'zod';
import { keys } from './kvs-keys';
import { valuesWithPrefix } from './kvs-prefix';
import { releaseLease, releasingLease, takeLease, type Lease } from './lease';

export const DeadLetterSchema = z.object({
  eventId: z.string(),
  body: z.record(z.string(), z.unknown()),
  error: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

/** How many letters a listing reads at most; beyond it the count is a lower bound and the listing says `truncated`. */
export const DEAD_LETTER_SCAN_LIMIT = 1000;

export async function saveDeadLetter(letter: DeadLetter): Promise<void> {
  await kvs.set(keys.deadLetter(letter.eventId), letter);
}

/** Letters in key order (not time order), at most `limit`; a row that no longer parses is skipped, not fatal. */
export async function listDeadLetters(limit = 100): Promise<DeadLetter[]> {
  const rows = await valuesWithPrefix(keys.deadLetterPrefix, (v) => DeadLetterSchema.safeParse(v), limit);
  return rows.flatMap((r) => (r.success ? [r.data] : []));
}

/** The newest `limit` letters (by failure time), how many there are, and whether the listing left some out. */
export async function listDeadLettersNewestFirst(limit: number): Promise<{ letters: DeadLetter[]; count: number; truncated: boolean }> {
  const all = await listDeadLetters(DEAD_LETTER_SCAN_LIMIT);
  const newestFirst = [...all].sort((a, b) => b.failedAt.localeCompare(a.failedAt) || a.eventId.localeCompare(b.eventId));
  const letters = newestFirst.slice(0, limit);
  return { letters, count: all.length, truncated: all.length >= DEAD_LETTER_SCAN_LIMIT || letters.length < all.length };
}

/**
 * How long a replay holds a letter: far longer than the replay takes, so that a replay which crashed after queueing
 * the event (and before deleting the letter) is not followed by a second push of it for this long.
 */
const CLAIM_MS = 15 * 60_000;

/** A letter held by one replay (or discard) at a time, as re-read by key after the hold was taken. */
export interface ClaimedDeadLetter {
  letter: DeadLetter;
  lease: Lease;
}

/**
 * Holds the letter (a `lease` row, src/storage/lease.ts) and re-reads it by key — a strongly consistent read, unlike
 * the listing (`kvs.query` is eventually consistent on Forge). Undefined when it is gone (replayed or discarded) or
 * another replay holds it.
 */
export async function claimDeadLetter(eventId: string): Promise<ClaimedDeadLetter | undefined> {
  // gone already (discarded, replayed, or never there): no hold to take and give back
  if ((await kvs.get(keys.deadLetter(eventId))) === undefined) return undefined;
  const lease = await takeLease(`dead-letter:${eventId}`, CLAIM_MS);
  if (!lease) return undefined;
  const letter = DeadLetterSchema.safeParse(await kvs.get(keys.deadLetter(eventId)));
  if (letter.success) return { letter: letter.data, lease };
  await releaseLease(lease);
  return undefined;
}

/** The claimed letter is done with (its event queued again, or discarded): deletes it and its hold together. */
export async function completeDeadLetter(claim: ClaimedDeadLetter): Promise<void> {
  await releasingLease(kvs.transact().delete(keys.deadLetter(claim.letter.eventId)), claim.lease).execute();
}

/** Gives the letter back untouched (its replay failed): the next replay may take it at once. */
export async function unclaimDeadLetter(claim: ClaimedDeadLetter): Promise<void> {
  await releaseLease(claim.lease);
}

/** Removes a letter, unless a replay holds it; answers whether it was removed. */
export async function deleteDeadLetter(eventId: string): Promise<boolean> {
  const claim = await claimDeadLetter(eventId);
  if (!claim) return false;
  await completeDeadLetter(claim);
  return true;
}
