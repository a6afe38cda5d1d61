/**
 * Puts Kaizen's dead-lettered queue events back on the queue (the admin's "replay"). Each letter is removed only
 * after its event is queued again, so a failed replay loses nothing.
 */
import { Queue } from '@forge/events';
import { ALERT_QUEUE } from '../handlers/queue-events';
import { listDeadLetters, takeDeadLetter } from '../storage/dead-letters';

export async function replayDeadLetters(eventIds?: string[]): Promise<{ replayed: string[] }> {
  const queue = new Queue({ key: ALERT_QUEUE });
  const letters = (await listDeadLetters()).filter((l) => !eventIds || eventIds.includes(l.eventId));
  const replayed: string[] = [];
  for (const letter of letters) {
    await queue.push({ body: letter.body });
    await takeDeadLetter(letter.eventId);
    replayed.push(letter.eventId);
  }
  return { replayed };
}
