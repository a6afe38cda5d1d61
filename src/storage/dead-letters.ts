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

export async function saveDeadLetter(letter: DeadLetter): Promise<void> {
  await kvs.set(keys.deadLetter(letter.eventId), letter);
}

export async function listDeadLetters(limit = 100): Promise<DeadLetter[]> {
  return valuesWithPrefix(keys.deadLetterPrefix, (v) => DeadLetterSchema.parse(v), limit);
}

export async function takeDeadLetter(eventId: string): Promise<DeadLetter | undefined> {
  const raw = await kvs.get(keys.deadLetter(eventId));
  if (raw === undefined) return undefined;
  await kvs.delete(keys.deadLetter(eventId));
  return DeadLetterSchema.parse(raw);
}
