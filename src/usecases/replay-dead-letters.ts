/**
 * Puts Kaizen's dead-lettered queue events back on the queue (the admin's "replay"). Each letter is removed only
 * after its event is queued again, so a failed replay loses nothing (a crash in between replays it twice, which
 * the consumer's dedupe absorbs).
 */
import type { DeadLetter } from '../storage/dead-letters';

export interface DeadLetterStore {
  /** Every letter (bounded by the store's scan limit), any order. */
  list(): Promise<DeadLetter[]>;
  load(eventId: string): Promise<DeadLetter | undefined>;
  /** Answers whether the letter was there. */
  remove(eventId: string): Promise<boolean>;
}

export interface ReplayDeps {
  letters: DeadLetterStore;
  /** Pushes one event body on Kaizen's alert queue. */
  requeue(body: DeadLetter['body']): Promise<void>;
}

/** Replays the named letters (those still there), or every letter when `eventIds` is undefined. */
export async function replayDeadLetters(eventIds: readonly string[] | undefined, deps: ReplayDeps): Promise<{ replayed: string[] }> {
  const letters = eventIds
    ? (await Promise.all([...new Set(eventIds)].map((id) => deps.letters.load(id)))).filter((l): l is DeadLetter => l !== undefined)
    : await deps.letters.list();
  const replayed: string[] = [];
  for (const letter of letters) {
    await deps.requeue(letter.body);
    await deps.letters.remove(letter.eventId);
    replayed.push(letter.eventId);
  }
  return { replayed };
}
