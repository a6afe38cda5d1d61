import { z } from 'zod';
import { AlertSchema } from '../domain/alert';
import { DeploymentRecordSchema } from '../deployments/deployment-record';

/** What Kaizen puts on its queue (`kaizen-alerts`): parsed again by the consumer (house style 4). */
export const QueueEventSchema = z.discriminatedUnion('kind', [
  // `drill`: a drill run's alert (src/usecases/drills), accepted by the web trigger with the run's header
  z.object({ kind: z.literal('alert'), alert: AlertSchema, receivedAt: z.string(), drill: z.object({ runId: z.string() }).optional() }),
  z.object({ kind: z.literal('flush-comments'), incidentId: z.string() }),
  // the delayed sync of the live page's Roles and Key times regions (src/usecases/sync-page-regions.ts)
  z.object({ kind: z.literal('sync-page'), incidentId: z.string() }),
  // a deployment CI reported on the `deployment-webhook` trigger (src/usecases/deployments/record-deployment.ts)
  z.object({ kind: z.literal('deployment'), deployment: DeploymentRecordSchema, receivedAt: z.string() }),
  // one step of a drill run: send its next alert to the app's own web trigger (src/usecases/drills/run-drill-step.ts)
  z.object({ kind: z.literal('drill-step'), runId: z.string(), step: z.number().int().nonnegative(), dueAtMs: z.number().optional() }),
]);
export type QueueEvent = z.infer<typeof QueueEventSchema>;

export const ALERT_QUEUE = 'kaizen-alerts';
