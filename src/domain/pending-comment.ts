/**
 * The coalesced Jira comment's queue (DESIGN 3.1 step 5) as pure functions over the incident record. The queue is
 * bounded: in a window, the first PENDING_COMMENT_KEPT alert entries are kept (texts cut to what a comment line
 * shows), entries about the incident itself (recovered, reopened, a person's acknowledgement) a few more, and the
 * rest only counted — the comment says how many more and where the whole timeline is. Entries are only ever
 * appended or counted, so a flush that claimed the first `n` entries and `m` omitted ({@link claimComment}, one
 * conditional update before posting) can take exactly those away from a record that grew meanwhile
 * ({@link afterPosting}).
 */
import type { Incident, Level, TimelineEntry } from './incident';

/** Alert entries kept per window (one comment shows at most this many lines). */
export const PENDING_COMMENT_KEPT = 20;
/** Entries about the incident itself kept beyond {@link PENDING_COMMENT_KEPT}, so "recovered" reaches the comment. */
export const PENDING_INCIDENT_ENTRIES_EXTRA = 5;

/**
 * What a comment line shows at most (src/documents/comment.ts shows texts on one line, control characters removed,
 * cut to the same length), so the record stays small: with every text at its longest the record is under 200 KiB
 * (pending-comment.test.ts), inside KVS's 240 KiB value limit.
 */
const TEXT_CHARS = 200;
const URL_CHARS = 500;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const cut = (text: string): string => {
  const points = [...text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()];
  return points.length <= TEXT_CHARS ? points.join('') : `${points.slice(0, TEXT_CHARS - 1).join('')}…`;
};

function forComment(entry: TimelineEntry): TimelineEntry {
  const { url, detail, actor, ...rest } = entry;
  return {
    ...rest,
    title: cut(entry.title),
    ...(detail !== undefined ? { detail: cut(detail) } : {}),
    ...(actor !== undefined ? { actor: cut(actor) } : {}),
    ...(url !== undefined && url.length <= URL_CHARS ? { url } : {}),
  };
}

/** Appends entries to the pending comment, keeping it bounded; entries past the bound are counted. */
export function queueForComment(incident: Incident, entries: readonly TimelineEntry[]): Incident {
  let pending = incident.pendingComment;
  let omitted = incident.pendingCommentOmitted;
  for (const entry of entries) {
    const aboutIncident = entry.alertKey === undefined;
    const room = aboutIncident ? PENDING_COMMENT_KEPT + PENDING_INCIDENT_ENTRIES_EXTRA : PENDING_COMMENT_KEPT;
    if (pending.length < room) pending = [...pending, forComment(entry)];
    else omitted = { count: (omitted?.count ?? 0) + 1, lastAt: omitted && omitted.lastAt > entry.at ? omitted.lastAt : entry.at };
  }
  const { pendingCommentOmitted: _old, ...rest } = incident;
  return { ...rest, pendingComment: pending, ...(omitted ? { pendingCommentOmitted: omitted } : {}) };
}

/** Entries left out of a comment: how many, and the time of the latest. */
export interface Omitted {
  count: number;
  lastAt: string;
}

/** What a flush posts: the kept entries and how many more there were. */
export interface PostedComment {
  entries: readonly TimelineEntry[];
  omitted?: Omitted;
}

export const hasPendingComment = (incident: Incident): boolean => incident.pendingComment.length > 0 || (incident.pendingCommentOmitted?.count ?? 0) > 0;

/** A window's comment claimed before posting (see `commentClaim` in ./incident). */
export type CommentClaim = NonNullable<Incident['commentClaim']>;

/** Entries waiting that no flush has claimed yet (a claimed comment is being posted, or was left behind). */
export function hasUnclaimedComment(incident: Incident): boolean {
  const claim = incident.commentClaim;
  return incident.pendingComment.length > (claim?.entries ?? 0) || (incident.pendingCommentOmitted?.count ?? 0) > (claim?.omitted?.count ?? 0);
}

/**
 * Claims the window's comment — every entry waiting now — for posting with `dedupeId`; the window starts at `at`.
 * Entries queued later are appended after the claimed ones and wait for the next window. Undefined when a comment is
 * claimed already or nothing waits.
 */
export function claimComment(incident: Incident, at: string, dedupeId: string): Incident | undefined {
  if (incident.commentClaim || !hasPendingComment(incident)) return undefined;
  const { pendingCommentOmitted: omitted } = incident;
  const level = levelToFollow(incident);
  return { ...incident, commentClaim: { dedupeId, entries: incident.pendingComment.length, ...(omitted ? { omitted } : {}), claimedAt: at, ...(level ? { level } : {}) }, lastCommentAt: at };
}

/**
 * The level the issue's summary prefix and priority should be edited to with the window's comment: the incident's,
 * when the alerts raised it past what the issue shows (`issueLevel`). Never a level a person set: their own action
 * (or their Jira edit) made the issue show it. A raise always queues a timeline entry, so a comment flush follows it;
 * a burst of raises in one window makes one edit, and there are at most three raises (SEV4 → SEV1).
 */
export function levelToFollow(incident: Incident): Level | undefined {
  if (!incident.issue || !incident.issueLevel || incident.setByPerson?.level) return undefined;
  return incident.issueLevel === incident.level ? undefined : incident.level;
}

/** What the claimed comment posts: the same whenever it is read while the claim holds. */
export function claimedComment(incident: Incident): PostedComment | undefined {
  const claim = incident.commentClaim;
  return claim && { entries: incident.pendingComment.slice(0, claim.entries), ...(claim.omitted ? { omitted: claim.omitted } : {}) };
}

/**
 * The record after the claimed comment `dedupeId` went out: exactly the claimed entries and count are taken away,
 * what was queued meanwhile stays for the next window. Undefined (nothing to change) when that claim is not the
 * record's — already cleared, or another flush's.
 */
export function afterPosting(incident: Incident, dedupeId: string): Incident | undefined {
  const claim = incident.commentClaim;
  if (claim?.dedupeId !== dedupeId) return undefined;
  const left = (incident.pendingCommentOmitted?.count ?? 0) - (claim.omitted?.count ?? 0);
  const { pendingCommentOmitted, commentClaim: _posted, ...rest } = incident;
  return {
    ...rest,
    // the issue now shows the claimed level (the flush edited it with the comment)
    ...(claim.level ? { issueLevel: claim.level } : {}),
    pendingComment: incident.pendingComment.slice(claim.entries),
    ...(left > 0 && pendingCommentOmitted ? { pendingCommentOmitted: { count: left, lastAt: pendingCommentOmitted.lastAt } } : {}),
  };
}
