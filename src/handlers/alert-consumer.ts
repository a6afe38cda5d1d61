/**
 * The queue consumer: parses the event, wires the real adapters, runs one use case. Errors are mapped here once
 * (house style 7): Jira/Confluence rate limits → InvocationError with their Retry-After; anything else → re-thrown
 * so Forge retries; after MAX_RETRIES the event goes to Kaizen's dead letters, where an admin can replay it.
 * https://developer.atlassian.com/platform/forge/runtime-reference/async-events-api/
 */
import { InvocationError, InvocationErrorCode, Queue, type AsyncEvent } from '@forge/events';
import { RateLimitedError } from '../adapters/product-http';
import { ingestDeps } from '../app/wiring';
import { flushComments } from '../usecases/flush-comments';
import { ingestAlert } from '../usecases/ingest-alert';
import { syncPageRegions } from '../usecases/sync-page-regions';
import { recordDeployment } from '../usecases/deployments/record-deployment';
import { createDeploymentStore } from '../storage/sql/deployments';
import { markDeploymentReceived } from '../storage/deployments-status';
import { loadIntakeSettings } from '../storage/settings';
import { saveDeadLetter } from '../storage/dead-letters';
import { ALERT_QUEUE, QueueEventSchema } from './queue-events';
import { drainOverflow } from '../storage/overflow';
import { alertKeyOf, type Alert } from '../domain/alert';
import { ENTITY, keys } from '../storage/kvs-keys';
import { readLink } from '../storage/incident-store';
import { releaseArtifactsLease } from '../usecases/incident-artifacts';
import { runDrillStepDeps } from '../app/drills-wiring';
import { runDrillStep } from '../usecases/drills/run-drill-step';
import { noteDrillIncident } from '../storage/drill-runs';

/** If this event opened an incident whose creation it could not finish, free that work for the replay. */
async function releaseLeaseOf(alert: Alert, eventId: string): Promise<void> {
  const link = await readLink(ENTITY.alertLink, keys.alertLink(alertKeyOf(alert.source, alert.sourceAlertId)));
  if (link.incidentId) await releaseArtifactsLease(link.incidentId, eventId);
}

/** Deliveries before an event is dead-lettered by Kaizen itself (Forge would keep retrying for 24 h, then drop it). */
export const MAX_RETRIES = 4;

export async function alertConsumer(event: AsyncEvent): Promise<InvocationError | void> {
  const parsed = QueueEventSchema.safeParse(event.body);
  if (!parsed.success) {
    // a malformed event can never succeed: keep it for a person instead of retrying it for a day
    await saveDeadLetter({ eventId: event.eventId, body: event.body, error: `Unreadable queue event: ${parsed.error.message}`, attempts: 1, failedAt: new Date().toISOString() });
    return;
  }
  try {
    const body = parsed.data;
    if (body.kind === 'deployment') {
      // the reporting store only (and the settings' production environments): no product call
      const { productionEnvironments } = await loadIntakeSettings();
      await recordDeployment(body.deployment, body.receivedAt, { deployments: createDeploymentStore(), productionEnvironments, markReceived: markDeploymentReceived });
      return;
    }
    if (body.kind === 'drill-step') {
      // a drill's next alert, POSTed to the app's own web trigger (src/usecases/drills/run-drill-step.ts): no product call
      await runDrillStep(body, runDrillStepDeps(), (event.retryContext?.retryCount ?? 0) + 1);
      return;
    }
    const deps = await ingestDeps();
    if (body.kind === 'alert') {
      const result = await ingestAlert(body.alert, event.eventId, deps, body.drill !== undefined);
      // the admin page's drill runs list the incidents their alerts reached
      if (body.drill && result.incidentId) await noteDrillIncident(body.drill.runId, result.incidentId);
    } else if (body.kind === 'sync-page') {
      // the delayed region sync marks the end of the page write window
      await syncPageRegions(body.incidentId, deps, { windowEnded: true });
    } else {
      // the delayed flush marks the end of the coalescing window
      await flushComments(body.incidentId, deps, { windowEnded: true });
    }
    // alerts kept while the queue limit was reached go back on the queue, a little with every event; a failure
    // here is the next event's (or the scheduled trigger's) to retry, not a reason to process this one again
    await drainOverflow((events) => new Queue({ key: ALERT_QUEUE }).push(events).then(() => undefined), 1).catch((e: unknown) => console.warn('Draining the alert overflow failed', e));
  } catch (e) {
    const attempts = (event.retryContext?.retryCount ?? 0) + 1;
    if (attempts <= MAX_RETRIES && e instanceof RateLimitedError) {
      return new InvocationError({ retryAfter: e.retryAfterSeconds, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED });
    }
    if (attempts > MAX_RETRIES) {
      if (parsed.data.kind === 'alert') await releaseLeaseOf(parsed.data.alert, event.eventId);
      await saveDeadLetter({ eventId: event.eventId, body: event.body, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), attempts, failedAt: new Date().toISOString() });
      return;
    }
    throw e;
  }
}
