/**
 * Coalesced Jira comments (DESIGN 3.1 step 5): timeline entries wait in `pendingComment` (bounded, the rest
 * counted: src/domain/pending-comment.ts); at most one comment per incident per window is posted. When the window
 * has not passed, one delayed flush is queued for its end.
 */
import { createHash } from 'node:crypto';
import { addMinutes, differenceInSeconds } from 'date-fns';
import { renderTimelineComment } from '../documents/comment';
import type { Incident, IntakeSettings } from '../domain/incident';
import { afterPosting, claimComment, claimedComment, hasPendingComment, hasUnclaimedComment, type CommentClaim } from '../domain/pending-comment';
import { loadIncident, updateIncident } from '../storage/incident-store';
import type { Clock, IncidentTracker, WorkQueue } from './ports';

export interface CommentDeps {
  tracker: IncidentTracker;
  clock: Clock;
  settings: IntakeSettings;
  queue: WorkQueue;
}

/** Forge's longest queue delay. */
const MAX_DELAY_SECONDS = 900;

/**
 * How long a claimed comment belongs to the flush that claimed it: longer than the longest invocation that flushes
 * (housekeeping, 300 s), so two flushes never post it at once. After it a later flush (or housekeeping) posts it.
 */
export const CLAIM_LEASE_SECONDS = 360;
/** The claim time of a claim given back (its post failed): any flush may take it over. */
const RELEASED = new Date(0).toISOString();

/**
 * Posts the pending entries as one comment if the window since the last comment has passed, else queues one
 * delayed flush for the window's end. `windowEnded` is set by that delayed flush: its arrival is the window's end.
 *
 * The window is claimed before posting, by one conditional update of the latest record (src/domain/pending-comment.ts
 * claimComment): of two flushes at once, or one working from a stale record, exactly one claims, so each entry goes
 * out in exactly one comment and a window has at most one. The claim's dedupe id is kept on the record: a flush that
 * crashed after posting leaves the claim, and the next one posts it again under the same id, which Jira dedupes.
 */
export async function flushComments(incidentId: string, deps: CommentDeps, options: { windowEnded?: boolean; current?: Incident } = {}): Promise<{ posted: boolean }> {
  // `current`: the record the caller has just written (saves a read per alert in a storm); only used to do nothing
  const seen = options.current ?? (await loadIncident(incidentId));
  if (!seen?.issue || !hasPendingComment(seen)) return { posted: false };
  const now = deps.clock.now();
  // a flush for the window's end is already queued: nothing to do (no write, no read)
  if (!seen.commentClaim && !windowPassed(seen, now, deps, options) && flushQueuedFor(seen, now, deps)) return { posted: false };

  let claim: CommentClaim | undefined;
  const latest = await updateIncident(incidentId, (i) => {
    claim = undefined;
    if (!i.issue) return undefined;
    if (i.commentClaim) {
      // another flush is posting it; or it crashed, and once the lease has passed the claim is taken over
      if (differenceInSeconds(now, new Date(i.commentClaim.claimedAt)) < CLAIM_LEASE_SECONDS) return undefined;
      claim = { ...i.commentClaim, claimedAt: now.toISOString() };
      return { ...i, commentClaim: claim };
    }
    if (!windowPassed(i, now, deps, options)) return undefined;
    // the claim's version is unique to it: its comment's dedupe id
    const claimed = claimComment(i, now.toISOString(), createHash('sha256').update(`${incidentId}\n${i.version}`).digest('hex').slice(0, 32));
    claim = claimed?.commentClaim;
    return claimed && { ...claimed, flushDueAt: undefined };
  });
  if (!latest?.issue) return { posted: false };
  if (!claim) {
    // not this flush's to post: the entries waiting get a flush at the window's end
    await queueFlushIfNeeded(latest, now, deps);
    return { posted: false };
  }
  const posted = claimedComment(latest)!;
  const body = renderTimelineComment(posted.entries, latest.language, { windowMinutes: deps.settings.commentWindowMinutes, omitted: posted.omitted });
  const { dedupeId } = claim;
  try {
    await deps.tracker.addComment(latest.issue.key, body, dedupeId);
    // a level the alerts raised: the issue's summary prefix and priority follow in one edit, once per window — unless
    // a person set the level meanwhile (their own edit made the issue show it)
    if (claim.level && !(await loadIncident(incidentId))?.setByPerson?.level) {
      await deps.tracker.setIssueLevel(latest.issue.key, claim.level, deps.settings.priorityByLevel[claim.level]);
    }
  } catch (e) {
    // this flush no longer posts it: its retry (or the next flush) may take the claim at once, under the same id
    await updateIncident(incidentId, (i) => (i.commentClaim?.dedupeId === dedupeId ? { ...i, commentClaim: { ...i.commentClaim, claimedAt: RELEASED } } : undefined)).catch(() => undefined);
    throw e;
  }
  const after = await updateIncident(incidentId, (i) => afterPosting(i, dedupeId));
  // entries queued while it was posted wait for the next window
  if (after) await queueFlushIfNeeded(after, now, deps);
  return { posted: true };
}

const windowEndOf = (incident: Incident, now: Date, deps: CommentDeps): Date => (incident.lastCommentAt ? addMinutes(new Date(incident.lastCommentAt), deps.settings.commentWindowMinutes) : now);

/**
 * The window since the last comment has passed, by the clock or because the flush queued for its end arrived
 * (`windowEnded`; only while one is queued — `flushDueAt` is cleared by the claim that ends the window).
 */
function windowPassed(incident: Incident, now: Date, deps: CommentDeps, options: { windowEnded?: boolean }): boolean {
  return windowEndOf(incident, now, deps) <= now || (!!options.windowEnded && incident.flushDueAt !== undefined);
}

const flushQueuedFor = (incident: Incident, now: Date, deps: CommentDeps): boolean => !!incident.flushDueAt && new Date(incident.flushDueAt) >= windowEndOf(incident, now, deps);

/** Entries no flush has claimed wait for the window's end: one delayed flush is queued for it, unless one is. */
async function queueFlushIfNeeded(incident: Incident, now: Date, deps: CommentDeps): Promise<void> {
  // a claim being posted: its flush queues the next window's when it is done (a crashed one: housekeeping)
  if (incident.commentClaim || !hasUnclaimedComment(incident) || flushQueuedFor(incident, now, deps)) return;
  const due = windowEndOf(incident, now, deps);
  await scheduleFlush(incident.id, due > now ? due : now, deps);
}

async function scheduleFlush(incidentId: string, due: Date, deps: CommentDeps): Promise<void> {
  let claimed = false;
  await updateIncident(incidentId, (i) => {
    claimed = !(i.flushDueAt && new Date(i.flushDueAt) >= due);
    return claimed ? { ...i, flushDueAt: due.toISOString() } : undefined;
  });
  if (claimed) await deps.queue.scheduleCommentFlush(incidentId, Math.min(MAX_DELAY_SECONDS, Math.max(1, differenceInSeconds(due, deps.clock.now()) + 1)));
}
