/**
 * Keeps the live page's Roles and Key times regions in step with the incident (DESIGN 3.2; src/documents/
 * response-regions.ts), after people's actions, alerts and Jira edits — as a runbook:
 *
 *   1. the regions as they would render from the record in hand, as one fingerprint; the one stored on the record
 *      (the regions as last put on the page) equal → stop: no read, no call (this runs after every alert of a storm);
 *   2. a delayed sync already queued → stop: it will write the latest state;
 *   3. the last region write less than PAGE_SYNC_WINDOW_SECONDS ago → queue ONE delayed sync for the window's end;
 *   4. claim the write by one conditional update of the latest record (two syncs at once: one writes);
 *   5. write both regions in one page write (`replaceOwnedRegions`: re-read, merge, 409 → re-apply; a region people
 *      removed, or a page made before these regions existed, is left alone);
 *   6. record the fingerprint and the time, and give the claim back; a failed write only gives the claim back.
 */
import { createHash } from 'node:crypto';
import { addSeconds, differenceInSeconds } from 'date-fns';
import type { Incident } from '../domain/incident';
import { renderKeyTimesRegionBody, renderRolesRegionBody, responseRegionUpdates } from '../documents/response-regions';
import { loadIncident, updateIncident } from '../storage/incident-store';
import type { Clock, IncidentPages, WorkQueue } from './ports';

export interface PageSyncDeps {
  pages: IncidentPages;
  clock: Clock;
  queue: WorkQueue;
}

/**
 * At most one region write per incident per window: a burst of changes (people filling in the roles, an alert
 * storm moving key times) costs one write now and one at the window's end with the final state.
 */
export const PAGE_SYNC_WINDOW_SECONDS = 30;

/** How long a claimed write belongs to its sync: longer than the longest invocation that syncs (housekeeping, 300 s). */
export const PAGE_SYNC_CLAIM_SECONDS = 360;

/** Forge's longest queue delay. */
const MAX_DELAY_SECONDS = 900;

export type PageSyncOutcome = 'no-page' | 'unchanged' | 'queued' | 'written' | 'already-so';

/** A hash of the regions as they render from this record (language included): what the page should show. */
export function pageRegionsFingerprint(incident: Incident): string {
  const roles = renderRolesRegionBody(incident.roles, incident.language);
  const keyTimes = renderKeyTimesRegionBody(incident, incident.language);
  return createHash('sha256').update(`${incident.language}\n${roles}\n${keyTimes}`).digest('hex').slice(0, 32);
}

/**
 * `current`: the record the caller has just written (an alert's commit, a person's action), so an unchanged one costs
 * nothing. `windowEnded`: set by the delayed sync, whose arrival is the window's end (queue delays, not the clock,
 * decide it — the sandbox compresses them).
 */
export async function syncPageRegions(incidentId: string, deps: PageSyncDeps, options: { current?: Incident; windowEnded?: boolean } = {}): Promise<PageSyncOutcome> {
  // 1. Already on the page?
  const seen = options.current ?? (await loadIncident(incidentId));
  if (!seen?.page) return 'no-page';
  // (the delayed sync goes on to clear its `pageSyncDueAt` even then, so the next change queues a new one)
  const arrived = !!options.windowEnded && seen.pageSyncDueAt !== undefined;
  if (pageRegionsFingerprint(seen) === seen.pageRegionsFingerprint && !arrived) return 'unchanged';
  const now = deps.clock.now();
  // 2. A delayed sync is queued: it writes whatever the record holds then (one past its time was lost: go on).
  if (!options.windowEnded && seen.pageSyncDueAt && new Date(seen.pageSyncDueAt) > now && !seen.pageSyncClaim) return 'queued';

  // 3–4. Claim the write on the latest record, if its window has passed.
  let claimed: { claimedAt: string } | undefined;
  let wait: Date | undefined;
  const latest = await updateIncident(incidentId, (i) => {
    claimed = undefined;
    wait = undefined;
    if (!i.page) return undefined;
    if (pageRegionsFingerprint(i) === i.pageRegionsFingerprint) return options.windowEnded && i.pageSyncDueAt && !i.pageSyncClaim ? { ...i, pageSyncDueAt: undefined } : undefined;
    // another sync is writing: after its write it queues one more for a change made meanwhile (step 6)
    if (i.pageSyncClaim && differenceInSeconds(now, new Date(i.pageSyncClaim.claimedAt)) < PAGE_SYNC_CLAIM_SECONDS) return undefined;
    const windowEnded = !!options.windowEnded && i.pageSyncDueAt !== undefined;
    if (!windowEnded && windowEndOf(i, now) > now) {
      wait = windowEndOf(i, now);
      return undefined;
    }
    claimed = { claimedAt: now.toISOString() };
    return { ...i, pageSyncClaim: claimed, pageSyncDueAt: undefined };
  });
  if (!latest?.page) return 'no-page';
  if (!claimed) {
    if (!wait) return latest.pageSyncClaim ? 'queued' : 'unchanged';
    await queueSync(incidentId, wait, deps);
    return 'queued';
  }

  // 5. One page write for both regions, rendered from the record claimed.
  const claim = claimed;
  const fingerprint = pageRegionsFingerprint(latest);
  let written: boolean;
  try {
    ({ written } = await deps.pages.replaceOwnedRegions(latest.page.id, responseRegionUpdates(latest)));
  } catch (e) {
    // give the claim back, and queue one sync for the next window: the page must catch up even if nothing changes again
    await updateIncident(incidentId, (i) => (i.pageSyncClaim?.claimedAt === claim.claimedAt ? { ...i, pageSyncClaim: undefined } : undefined)).catch(() => undefined);
    await queueSync(incidentId, addSeconds(now, PAGE_SYNC_WINDOW_SECONDS), deps).catch(() => undefined);
    throw e;
  }

  // 6. What the page shows now; a change made while it was written gets the next window's sync.
  const after = await updateIncident(incidentId, (i) =>
    i.pageSyncClaim?.claimedAt === claim.claimedAt
      ? { ...i, pageSyncClaim: undefined, pageRegionsFingerprint: fingerprint, ...(written ? { pageRegionsWrittenAt: now.toISOString() } : {}) }
      : undefined,
  );
  if (after?.page && pageRegionsFingerprint(after) !== after.pageRegionsFingerprint) await queueSync(incidentId, windowEndOf(after, now), deps);
  return written ? 'written' : 'already-so';
}

const windowEndOf = (incident: Incident, now: Date): Date => (incident.pageRegionsWrittenAt ? addSeconds(new Date(incident.pageRegionsWrittenAt), PAGE_SYNC_WINDOW_SECONDS) : now);

/** Queues one delayed sync for `due`, unless one is queued for then or later already (a conditional update decides). */
async function queueSync(incidentId: string, due: Date, deps: PageSyncDeps): Promise<void> {
  let mine = false;
  await updateIncident(incidentId, (i) => {
    mine = !(i.pageSyncDueAt && new Date(i.pageSyncDueAt) >= due);
    return mine ? { ...i, pageSyncDueAt: due.toISOString() } : undefined;
  });
  if (mine) await deps.queue.schedulePageSync(incidentId, Math.min(MAX_DELAY_SECONDS, Math.max(1, differenceInSeconds(due, deps.clock.now()) + 1)));
}
