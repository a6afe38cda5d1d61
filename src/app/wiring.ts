/**
 * Builds the use cases' dependencies from the real adapters, once per invocation (no customer data kept in module
 * state between invocations: https://developer.atlassian.com/platform/forge/function-reference/nodejs-runtime/).
 */
import { getAppContext } from '@forge/api';
import { Queue } from '@forge/events';
import { randomUUID } from 'node:crypto';
import { createConfluencePages } from '../adapters/confluence-pages';
import { createJiraTracker } from '../adapters/jira-tracker';
import { ALERT_QUEUE, type QueueEvent } from '../handlers/queue-events';
import { loadIntakeSettings } from '../storage/settings';
import type { IngestDeps } from '../usecases/ingest-alert';
import type { WorkQueue } from '../usecases/ports';
import type { PageSyncDeps } from '../usecases/sync-page-regions';
import { createIncidentFacts } from '../storage/sql/incident-facts';
import { slackNotifier } from './notify-wiring';

export const MACRO_MODULE_KEY = 'incident-status';

/** `<appId>/<environmentId>/static/<module>`, the extension key Confluence stores for a Forge macro. */
export function macroExtensionKey(): string {
  const { appAri, environmentAri } = getAppContext();
  return `${appAri.appId}/${environmentAri.environmentId}/static/${MACRO_MODULE_KEY}`;
}

/** What the live page's region sync needs (src/usecases/sync-page-regions.ts): no settings read. */
export function pageSyncDeps(): PageSyncDeps {
  return { pages: createConfluencePages(), clock: { now: () => new Date() }, queue: workQueue() };
}

export async function ingestDeps(): Promise<IngestDeps> {
  return {
    settings: await loadIntakeSettings(),
    tracker: createJiraTracker(),
    pages: createConfluencePages(),
    clock: { now: () => new Date() },
    macroExtensionKey: macroExtensionKey(),
    newIncidentId: () => `inc-${randomUUID()}`,
    queue: workQueue(),
    // the reporting store (Forge SQL): its migrations run at most once per invocation, on the first fact written
    facts: createIncidentFacts(),
    // Slack (DESIGN 3.7): notifications queued on `kaizen-notify` after the work is done, never failing it
    notify: slackNotifier(),
  };
}

function workQueue(): WorkQueue {
  const queue = new Queue({ key: ALERT_QUEUE });
  return {
    scheduleCommentFlush: async (incidentId, delaySeconds) => {
      await queue.push({ body: { kind: 'flush-comments', incidentId } satisfies QueueEvent, delayInSeconds: delaySeconds });
    },
    schedulePageSync: async (incidentId, delaySeconds) => {
      await queue.push({ body: { kind: 'sync-page', incidentId } satisfies QueueEvent, delayInSeconds: delaySeconds });
    },
  };
}
