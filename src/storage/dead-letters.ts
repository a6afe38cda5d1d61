/**
 * Kaizen's own dead letters. Forge retries a failing queue event for up to 24 h and then drops it; DESIGN 4 says an
 * accepted alert is never lost, so after a bounded number of retries the consumer keeps the event here, where an
 * admin can see it and replay it.
 */
import kvs from '@forge/kvs';
import { z } from 'zod';
import { keys } from './kvs-keys';
import { valuesWithPrefix } from './kvs-prefix';

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

export async function loadDeadLetter(eventId: string): Promise<DeadLetter | undefined> {
  const raw = await kvs.get(keys.deadLetter(eventId));
  const parsed = DeadLetterSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Removes a letter; answers whether it was there. */
export async function deleteDeadLetter(eventId: string): Promise<boolean> {
  if ((await kvs.get(keys.deadLetter(eventId))) === undefined) return false;
  await kvs.delete(keys.deadLetter(eventId));
  return true;
}

export async function takeDeadLetter(eventId: string): Promise<DeadLetter | undefined> {
  const raw = await kvs.get(keys.deadLetter(eventId));
  if (raw === undefined) return undefined;
  await kvs.delete(keys.deadLetter(eventId));
  return DeadLetterSchema.parse(raw);
}
