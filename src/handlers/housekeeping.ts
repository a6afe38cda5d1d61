/**
 * The five-minute scheduled trigger: a safety net for coalesced comments whose delayed flush was lost (a queue
 * event dropped or dead-lettered): any open incident with pending entries past their window is flushed.
 * https://developer.atlassian.com/platform/forge/events-reference/scheduled-trigger/
 */
import kvs, { Sort } from '@forge/kvs';
import { ingestDeps } from '../app/wiring';
import { IncidentSchema } from '../domain/incident';
import { ENTITY } from '../storage/kvs-keys';
import { flushComments } from '../usecases/flush-comments';
import { Queue } from '@forge/events';
import { drainOverflow } from '../storage/overflow';
import { ALERT_QUEUE } from './queue-events';

const ACTIVE_STATES = ['open', 'acknowledged', 'mitigated', 'recovered'] as const;
const MAX_INCIDENTS_PER_RUN = 200;

export async function housekeeping(): Promise<{ statusCode: number }> {
  const queue = new Queue({ key: ALERT_QUEUE });
  await drainOverflow((events) => queue.push(events).then(() => undefined), 20);
  const deps = await ingestDeps();
  const now = deps.clock.now();
  let seen = 0;
  for (const state of ACTIVE_STATES) {
    let cursor: string | undefined;
    do {
      let q = kvs.entity<{ version: number; data: unknown }>(ENTITY.incident).query().index('by-state-opened', { partition: [state] }).sort(Sort.DESC).limit(50);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany();
      for (const row of page.results) {
        const incident = IncidentSchema.safeParse({ ...(row.value.data as object), version: row.value.version });
        if (!incident.success || incident.data.pendingComment.length === 0) continue;
        if (incident.data.flushDueAt && new Date(incident.data.flushDueAt) > now) continue;
        await flushComments(incident.data.id, deps);
      }
      seen += page.results.length;
      cursor = page.nextCursor;
    } while (cursor && seen < MAX_INCIDENTS_PER_RUN);
  }
  return { statusCode: 204 };
}
