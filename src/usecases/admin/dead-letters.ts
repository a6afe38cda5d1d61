/**
 * The admin page's dead letters: what failed (the source and the alert's title, read from the queued event), why,
 * after how many attempts, newest first; and discarding one for good.
 */
import { z } from 'zod';
import { SourceIdSchema } from '../../shared/vocabulary';
import type { DeadLetterView } from '../../shared/admin';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { DeadLetter } from '../../storage/dead-letters';
import type { DeadLetterStore } from '../replay-dead-letters';

/** How many letters the page lists; the count says how many there are. */
export const DEAD_LETTERS_SHOWN = 100;

export interface DeadLetterListing {
  newestFirst(limit: number): Promise<{ letters: DeadLetter[]; count: number; truncated: boolean }>;
}

/** Only what the view needs from a queued alert event; anything else (a flush, an unreadable event) has no summary. */
const AlertEventSchema = z.object({ kind: z.literal('alert'), alert: z.object({ source: z.string(), title: z.string() }) });
/** A deployment CI reported: its title, else its name, else its id (src/handlers/deployment-webhook.ts). */
const DeploymentEventSchema = z.object({ kind: z.literal('deployment'), deployment: z.object({ id: z.string(), displayTitle: z.string().nullable(), name: z.string().nullable() }) });

export function deadLetterView(letter: DeadLetter): DeadLetterView {
  const event = AlertEventSchema.safeParse(letter.body);
  const source = event.success ? SourceIdSchema.safeParse(event.data.alert.source) : undefined;
  const deployment = DeploymentEventSchema.safeParse(letter.body);
  const summary = event.success ? event.data.alert.title : deployment.success ? (deployment.data.deployment.displayTitle ?? deployment.data.deployment.name ?? deployment.data.deployment.id) : undefined;
  return {
    id: letter.eventId,
    ...(source?.success ? { source: source.data } : {}),
    ...(summary !== undefined ? { summary } : {}),
    failedAt: letter.failedAt,
    reason: letter.error,
    attempts: letter.attempts,
  };
}

export async function listDeadLetterViews(deps: { listing: DeadLetterListing }): Promise<ResolverResult<{ count: number; items: DeadLetterView[]; truncated: boolean }>> {
  const { letters, count, truncated } = await deps.listing.newestFirst(DEAD_LETTERS_SHOWN);
  return ok({ count, items: letters.map(deadLetterView), truncated });
}

export async function discardDeadLetter(eventId: string, deps: { letters: Pick<DeadLetterStore, 'remove'> }): Promise<ResolverResult<{ discarded: string }>> {
  if (!(await deps.letters.remove(eventId))) return fail('not-found', 'This dead letter is gone (replayed or discarded already).');
  return ok({ discarded: eventId });
}
