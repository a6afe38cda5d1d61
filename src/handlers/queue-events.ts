import { z } from 'zod';
import { AlertSchema } from '../domain/alert';

/** What Kaizen puts on its queue (`kaizen-alerts`): parsed again by the consumer (house style 4). */
export const QueueEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alert'), alert: AlertSchema, receivedAt: z.string() }),
  z.object({ kind: z.literal('flush-comments'), incidentId: z.string() }),
]);
export type QueueEvent = z.infer<typeof QueueEventSchema>;

export const ALERT_QUEUE = 'kaizen-alerts';
