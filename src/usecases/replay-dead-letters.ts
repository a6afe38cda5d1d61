/**
 * Puts Kaizen's dead-lettered queue events back on the queue (the admin's "replay"). For each letter: hold it (one
 * replay or discard at a time) and re-read it by key — the listing may be stale, and a letter discarded or replayed
 * meanwhile is skipped —, queue its event, then delete the letter with its hold. A failed push gives the letter back
 * untouched, so nothing is lost. A crash after the push and before the delete leaves the letter, held for a while,
 * and a later replay queues it a second time: the requeued event gets a new id, so the consumer cannot tell the two
 * apart and whatever the event does (a note on an incident) happens twice. The hold keeps that to such a crash.
 */
import type { DeadLetter } from '../storage/dead-letters';

/** A letter as held by this replay, re-read after the hold was taken. */
export interface HeldDeadLetter {
  letter: DeadLetter;
}

export interface DeadLetterStore {
  /** Every letter (bounded by the store's scan limit), any order; possibly stale (an eventually consistent listing). */
  list(): Promise<DeadLetter[]>;
  /** Holds the letter and re-reads it by key; undefined when it is gone or another replay holds it. */
  claim(eventId: string): Promise<HeldDeadLetter | undefined>;
  /** Deletes the held letter and its hold together. */
  complete(held: HeldDeadLetter): Promise<void>;
  /** Gives the held letter back untouched. */
  release(held: HeldDeadLetter): Promise<void>;
  /** Removes a letter unless a replay holds it; answers whether it was removed. */
  remove(eventId: string): Promise<boolean>;
}

export interface ReplayDeps {
  letters: Pick<DeadLetterStore, 'list' | 'claim' | 'complete' | 'release'>;
  /** Pushes one event body on Kaizen's alert queue. */
  requeue(body: DeadLetter['body']): Promise<void>;
}

/** Replays the named letters (those still there), or every letter when `eventIds` is undefined. */
export async function replayDeadLetters(eventIds: readonly string[] | undefined, deps: ReplayDeps): Promise<{ replayed: string[] }> {
  const ids = eventIds ? [...new Set(eventIds)] : (await deps.letters.list()).map((l) => l.eventId);
  const replayed: string[] = [];
  for (const id of ids) {
    const held = await deps.letters.claim(id);
    if (!held) continue;
    try {
      await deps.requeue(held.letter.body);
    } catch (e) {
      await deps.letters.release(held);
      throw e;
    }
    await deps.letters.complete(held);
    replayed.push(id);
  }
  return { replayed };
}
