/**
 * Coalesced Jira comments (DESIGN 3.1 step 5): timeline entries wait in `pendingComment` (bounded, the rest
 * counted: src/domain/pending-comment.ts); at most one comment per incident per window is posted. When the window
 * has not passed, one delayed flush is queued for its end.
 */
import { createHash } from 'node:crypto';
import { addMinutes, differenceInSeconds } from 'date-fns';
import { renderTimelineComment } from '../documents/comment';
import type { Incident, IntakeSettings } from '../domain/incident';
import { afterPosting, hasPendingComment, pendingOf } from '../domain/pending-comment';
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
 * Posts the pending entries as one comment if the window since the last comment has passed, else queues one
 * delayed flush for the window's end. `windowEnded` is set by that delayed flush: its arrival is the window's end.
 */
export async function flushComments(incidentId: string, deps: CommentDeps, options: { windowEnded?: boolean; current?: Incident } = {}): Promise<{ posted: boolean }> {
  // `current`: the record the caller has just written (saves a read per alert in a storm)
  const incident = options.current ?? (await loadIncident(incidentId));
  if (!incident?.issue || !hasPendingComment(incident)) return { posted: false };
  const now = deps.clock.now();
  const windowEnds = incident.lastCommentAt ? addMinutes(new Date(incident.lastCommentAt), deps.settings.commentWindowMinutes) : now;
  if (windowEnds > now && !options.windowEnded) {
    // a flush for the window's end is already queued: nothing to do (no write, no read)
    if (incident.flushDueAt && new Date(incident.flushDueAt) >= windowEnds) return { posted: false };
    await scheduleFlush(incidentId, windowEnds, deps);
    return { posted: false };
  }
  const posted = pendingOf(incident);
  // the same pending entries always give the same id, so a redelivered flush finds its comment and posts nothing
  const dedupeId = createHash('sha256').update(`${incidentId}\n${JSON.stringify(posted)}`).digest('hex').slice(0, 32);
  const body = renderTimelineComment(posted.entries, incident.language, { windowMinutes: deps.settings.commentWindowMinutes, omitted: posted.omitted });
  await deps.tracker.addComment(incident.issue.key, body, dedupeId);
  // entries queued meanwhile stay pending for the next window
  await updateIncident(incidentId, (i) => ({ ...afterPosting(i, posted), lastCommentAt: now.toISOString(), flushDueAt: undefined }));
  return { posted: true };
}

async function scheduleFlush(incidentId: string, due: Date, deps: CommentDeps): Promise<void> {
  let claimed = false;
  await updateIncident(incidentId, (i) => {
    claimed = !(i.flushDueAt && new Date(i.flushDueAt) >= due);
    return claimed ? { ...i, flushDueAt: due.toISOString() } : undefined;
  });
  if (claimed) await deps.queue.scheduleCommentFlush(incidentId, Math.min(MAX_DELAY_SECONDS, Math.max(1, differenceInSeconds(due, deps.clock.now()) + 1)));
}
