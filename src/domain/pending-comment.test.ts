import { anIncident, T0, minutesAfter } from '../../test/builders/domain';
import type { TimelineEntry } from './incident';
import { GROUP_KEYS_KEPT } from './transitions';
import { afterPosting, claimComment, claimedComment, hasPendingComment, hasUnclaimedComment, PENDING_COMMENT_KEPT, PENDING_INCIDENT_ENTRIES_EXTRA, queueForComment } from './pending-comment';

const alertEntry = (n: number, over: Partial<TimelineEntry> = {}): TimelineEntry => ({ at: minutesAfter(T0, n), kind: 'alert-opened', alertKey: `mackerel:a${n}`, source: 'mackerel', title: `alert ${n}`, ...over });
const recovered = (n: number): TimelineEntry => ({ at: minutesAfter(T0, n), kind: 'recovered', title: 'CPU' });

describe('the bounded comment queue', () => {
  it(`keeps the first ${PENDING_COMMENT_KEPT} alert entries of a window and counts the rest`, () => {
    const queued = queueForComment(anIncident(), Array.from({ length: 100 }, (_, n) => alertEntry(n)));
    expect(queued.pendingComment.map((e) => e.title)).toEqual(Array.from({ length: PENDING_COMMENT_KEPT }, (_, n) => `alert ${n}`));
    expect(queued.pendingCommentOmitted).toEqual({ count: 100 - PENDING_COMMENT_KEPT, lastAt: minutesAfter(T0, 99) });
    expect(hasPendingComment(queued)).toBe(true);
  });

  it('keeps entries about the incident itself past the alert bound, so "recovered" reaches the comment', () => {
    const full = queueForComment(anIncident(), Array.from({ length: 30 }, (_, n) => alertEntry(n)));
    const withRecovery = queueForComment(full, [recovered(31)]);
    expect(withRecovery.pendingComment.at(-1)!.kind).toBe('recovered');
    const flooded = queueForComment(withRecovery, Array.from({ length: 20 }, (_, n) => recovered(40 + n)));
    expect(flooded.pendingComment).toHaveLength(PENDING_COMMENT_KEPT + PENDING_INCIDENT_ENTRIES_EXTRA);
  });

  it('cuts texts to what a comment line shows and drops a URL too long to link', () => {
    const [kept] = queueForComment(anIncident(), [alertEntry(1, { title: '障'.repeat(5_000), detail: 'x'.repeat(2_000), url: `https://e.example/${'a'.repeat(600)}` })]).pendingComment;
    expect([...kept!.title]).toHaveLength(200);
    expect(kept!.detail!.endsWith('…')).toBe(true);
    expect(kept!.url).toBeUndefined();
  });

  it('after posting, exactly what was claimed is taken away: what was queued meanwhile stays pending', () => {
    const atFlush = queueForComment(anIncident(), Array.from({ length: 25 }, (_, n) => alertEntry(n)));
    const claimed = claimComment(atFlush, minutesAfter(T0, 30), 'c1')!;
    expect(claimed).toMatchObject({ lastCommentAt: minutesAfter(T0, 30), commentClaim: { dedupeId: 'c1', entries: PENDING_COMMENT_KEPT, omitted: { count: 5 } } });
    expect(claimedComment(claimed)).toEqual({ entries: atFlush.pendingComment, omitted: atFlush.pendingCommentOmitted });
    expect(hasUnclaimedComment(claimed)).toBe(false);
    const meanwhile = queueForComment(claimed, [alertEntry(30), recovered(31)]);
    // the claimed comment reads the same while entries are queued behind it
    expect(claimedComment(meanwhile)).toEqual(claimedComment(claimed));
    expect(hasUnclaimedComment(meanwhile)).toBe(true);
    const left = afterPosting(meanwhile, 'c1')!;
    expect(left.pendingComment.map((e) => e.kind)).toEqual(['recovered']);
    expect(left.pendingCommentOmitted).toEqual({ count: 1, lastAt: minutesAfter(T0, 30) });
    expect(left.commentClaim).toBeUndefined();
    expect(afterPosting(claimed, 'c1')).toMatchObject({ pendingComment: [] });
    expect(afterPosting(claimed, 'c1')!.pendingCommentOmitted).toBeUndefined();
    expect(hasPendingComment(afterPosting(claimed, 'c1')!)).toBe(false);
  });

  it('a comment is claimed once: a second claim, or clearing a claim that is not the record\'s, changes nothing', () => {
    const claimed = claimComment(queueForComment(anIncident(), [alertEntry(1)]), minutesAfter(T0, 5), 'c1')!;
    expect(claimComment(claimed, minutesAfter(T0, 6), 'c2')).toBeUndefined();
    expect(afterPosting(claimed, 'c2')).toBeUndefined();
    const cleared = afterPosting(claimed, 'c1')!;
    expect(afterPosting(cleared, 'c1')).toBeUndefined();
    expect(claimComment(anIncident(), minutesAfter(T0, 5), 'c3')).toBeUndefined();
  });
});

describe('the incident record stays within one KVS value whatever the storm', () => {
  it('the worst case — longest texts of JSON-escaped characters, every group key kept, the queue full — is under 200 KiB', () => {
    const worst = '\u0001'.repeat(5_000); // each escapes to 6 bytes of JSON
    const key = (n: number) => `mackerel:${String(n).padStart(3, '0')}${'\u0001'.repeat(509)}`; // ids over 512 chars are hashed
    let incident = anIncident({ title: worst.slice(0, 500), groupKeys: Array.from({ length: GROUP_KEYS_KEPT }, (_, n) => key(n)) });
    const entry = (n: number, kind: TimelineEntry['kind']): TimelineEntry => ({
      at: minutesAfter(T0, n),
      kind,
      ...(kind === 'recovered' ? {} : { alertKey: key(n), source: 'mackerel' as const, severity: 'critical' as const }),
      title: worst,
      detail: worst,
      actor: worst,
      url: `https://example.com/${'a'.repeat(480)}`,
    });
    incident = queueForComment(incident, [...Array.from({ length: 1_000 }, (_, n) => entry(n, 'alert-opened')), ...Array.from({ length: 50 }, (_, n) => entry(n, 'recovered'))]);
    expect(incident.pendingComment).toHaveLength(PENDING_COMMENT_KEPT + PENDING_INCIDENT_ENTRIES_EXTRA);
    // a comment being posted keeps its entries in the same bounded queue, so a claim adds only its marker
    incident = queueForComment(claimComment(incident, T0, 'f'.repeat(32))!, [entry(2_000, 'alert-opened'), entry(2_001, 'recovered')]);
    expect(incident.pendingComment).toHaveLength(PENDING_COMMENT_KEPT + PENDING_INCIDENT_ENTRIES_EXTRA);
    expect(Buffer.byteLength(JSON.stringify(incident), 'utf8')).toBeLessThan(200 * 1024);
  });
});
