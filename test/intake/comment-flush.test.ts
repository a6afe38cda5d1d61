import { randomUUID } from 'node:crypto';
import { startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { getJson, onlyIncident } from '../helpers/incidents';
import type { TestSandbox } from '../helpers/test-sandbox';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import { ingestDeps } from '../../src/app/wiring';
import { ingestAlert, type IngestDeps } from '../../src/usecases/ingest-alert';
import { CLAIM_LEASE_SECONDS, flushComments } from '../../src/usecases/flush-comments';
import { loadIncident } from '../../src/storage/incident-store';
import type { IncidentTracker } from '../../src/usecases/ports';
import type { Incident } from '../../src/domain/incident';
import { anAlert } from '../builders/domain';

const consumer = { functionKey: 'alert-consumer-fn', moduleKey: 'alert-consumer', moduleType: 'consumer', accountId: undefined, timeoutMs: 60_000 } as const;
const inConsumer = <T>(fn: () => Promise<T>): Promise<T> => runInInvocation(consumer, fn);

const T0 = new Date('2026-01-05T09:00:00.000Z');

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/**
 * Coalesced comments when flushes and alerts interleave (DESIGN 3.1 step 5): every timeline entry reaches exactly
 * one comment, and an incident gets at most one comment per window. The use cases run inside sandbox invocations
 * against the emulated KVS and Jira, on a clock the test moves; delayed flushes are recorded, and run by the test.
 */
describe('comment flushes that overlap', () => {
  let sb: TestSandbox;
  let base: IngestDeps;
  let windowMinutes: number;
  /** Every comment post the app asked for: when (its clock) and under which dedupe id. */
  let posts: Array<{ at: Date; dedupeId: string }>;
  let scheduled: Array<{ at: Date; delaySeconds: number }>;
  let crashAfterPosting: boolean;

  beforeEach(async () => {
    sb = await startKaizenSandbox();
    base = await inConsumer(() => ingestDeps());
    windowMinutes = base.settings.commentWindowMinutes;
    posts = [];
    scheduled = [];
    crashAfterPosting = false;
  });
  afterEach(async () => {
    expect(sb.router.violations).toEqual([]);
    await sb.dispose();
  });

  const depsAt = (now: Date): IngestDeps => {
    const tracker: IncidentTracker = {
      createIncidentIssue: (input) => base.tracker.createIncidentIssue(input),
      findIssueByIncidentId: (id, project) => base.tracker.findIssueByIncidentId(id, project),
      makeIncidentIssue: (id, input) => base.tracker.makeIncidentIssue(id, input),
      upsertRemoteLink: (key, link) => base.tracker.upsertRemoteLink(key, link),
      setIssueLevel: (key, level, priority) => base.tracker.setIssueLevel(key, level, priority),
      addComment: async (key, body, dedupeId) => {
        posts.push({ at: now, dedupeId });
        await base.tracker.addComment(key, body, dedupeId);
        // the invocation is killed (its timeout) right after Jira took the comment: it never returns
        if (crashAfterPosting) await new Promise(() => {});
      },
    };
    return { ...base, tracker, clock: { now: () => now }, queue: { scheduleCommentFlush: async (_id, delaySeconds) => void scheduled.push({ at: now, delaySeconds }), schedulePageSync: async () => undefined } };
  };

  /** Alert `name` of the same role fires at minute `m` (its timeline entry's title is `name`). */
  const fire = (m: number, name: string) =>
    inConsumer(() => ingestAlert(anAlert({ sourceAlertId: name, title: name, occurredAt: at(m).toISOString(), openedAt: at(m).toISOString() }), randomUUID(), depsAt(at(m))));
  const flush = (m: number, options: { windowEnded?: boolean; current?: Incident } = {}) => inConsumer(() => flushComments(onlyIncident(sb).id, depsAt(at(m)), options));
  const load = () => inConsumer(async () => (await loadIncident(onlyIncident(sb).id))!);

  const comments = async (): Promise<string[]> => {
    const { issue } = onlyIncident(sb);
    const page = await getJson<{ comments: Array<{ body: unknown }> }>(sb, `/rest/api/3/issue/${issue!.key}/comment?maxResults=100`);
    return page.comments.map((c) => JSON.stringify(c.body));
  };
  /** How many comments mention each name. */
  const postedTimes = async (names: string[]): Promise<Record<string, number>> => {
    const bodies = await comments();
    return Object.fromEntries(names.map((n) => [n, bodies.filter((b) => b.includes(n)).length]));
  };
  const expectOnePostPerWindow = () => {
    const times = posts.map((p) => p.at.getTime()).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(windowMinutes * 60_000);
  };

  it('a flush working from a stale record neither posts its entries again nor drops the entries queued since', async () => {
    await fire(0, 'opening-alert');
    await fire(1, 'disk-e1-full'); // the first comment goes out at once
    expect(posts).toHaveLength(1);
    // consumer A writes e2 and keeps its record; its flush is slow
    await fire(2, 'disk-e2-full');
    const staleOfA = await load();
    expect(staleOfA.pendingComment.map((e) => e.title)).toEqual(['disk-e2-full']);
    await fire(3, 'disk-e3-full'); // B queues e3 behind it
    expect(scheduled).toHaveLength(1);

    // the delayed flush for the window's end posts e2 and e3
    await flush(windowMinutes + 2, { windowEnded: true });
    // C queues e4 in the new window
    await fire(windowMinutes + 3, 'disk-e4-full');
    // A's flush finally runs, with the record it had
    await flush(windowMinutes + 3, { current: staleOfA });
    // the flush queued for the new window's end
    await flush(2 * windowMinutes + 3, { windowEnded: true });

    expect(await postedTimes(['disk-e1-full', 'disk-e2-full', 'disk-e3-full', 'disk-e4-full'])).toEqual({ 'disk-e1-full': 1, 'disk-e2-full': 1, 'disk-e3-full': 1, 'disk-e4-full': 1 });
    expect(await comments()).toHaveLength(3);
    expect(new Set(posts.map((p) => p.dedupeId)).size).toBe(posts.length);
    expectOnePostPerWindow();
    const after = await load();
    expect(after.pendingComment).toEqual([]);
    expect(after.commentClaim).toBeUndefined();
  });

  it('two flushes at the same moment post one comment', async () => {
    await fire(0, 'opening-alert');
    await fire(1, 'disk-e1-full');
    await fire(2, 'disk-e2-full');
    await fire(3, 'disk-e3-full');
    const stale = await load();
    const results = await Promise.all([flush(windowMinutes + 1, { windowEnded: true }), flush(windowMinutes + 1, { current: stale }), flush(windowMinutes + 1)]);
    expect(results.filter((r) => r.posted)).toHaveLength(1);
    expect(await postedTimes(['disk-e1-full', 'disk-e2-full', 'disk-e3-full'])).toEqual({ 'disk-e1-full': 1, 'disk-e2-full': 1, 'disk-e3-full': 1 });
    expect(await comments()).toHaveLength(2);
    expectOnePostPerWindow();
  });

  it('a post Jira refuses gives the claim back: the retried flush posts it at once, under the same id, once', async () => {
    await fire(0, 'opening-alert');
    await fire(1, 'disk-e1-full');
    await fire(2, 'disk-e2-full');
    const { issue } = onlyIncident(sb);
    sb.faults.add({ path: `/rest/api/3/issue/${issue!.key}/comment`, method: 'POST', status: 500, count: 1000 });
    await expect(flush(windowMinutes + 1, { windowEnded: true })).rejects.toThrow();
    expect((await load()).commentClaim).toBeDefined();
    sb.faults.clear();
    // the queue redelivers the flush a little later, well within the lease
    expect(await flush(windowMinutes + 2, { windowEnded: true })).toEqual({ posted: true });
    expect(new Set(posts.slice(1).map((p) => p.dedupeId)).size).toBe(1);
    expect(await postedTimes(['disk-e1-full', 'disk-e2-full'])).toEqual({ 'disk-e1-full': 1, 'disk-e2-full': 1 });
    expect(await comments()).toHaveLength(2);
    expect((await load()).commentClaim).toBeUndefined();
  });

  it('a flush killed after posting leaves its claim: the next one after the lease posts it under the same id, once', async () => {
    await fire(0, 'opening-alert');
    await fire(1, 'disk-e1-full');
    await fire(2, 'disk-e2-full');
    crashAfterPosting = true;
    void flush(windowMinutes + 1, { windowEnded: true });
    await waitFor(() => posts.length === 2);
    crashAfterPosting = false;
    expect((await load()).commentClaim).toBeDefined();
    // e3 arrives while the claim is held: it waits for the next window
    await fire(windowMinutes + 2, 'disk-e3-full');
    // within the lease nobody else posts the claimed comment
    expect(await flush(windowMinutes + 3)).toEqual({ posted: false });
    // after it, the claimed comment is posted again under its id: Jira already has it
    const later = windowMinutes + 1 + CLAIM_LEASE_SECONDS / 60 + 1;
    expect(await flush(later)).toEqual({ posted: true });
    expect(posts.map((p) => p.dedupeId)).toEqual([posts[0]!.dedupeId, posts[1]!.dedupeId, posts[1]!.dedupeId]);
    expect(await postedTimes(['disk-e1-full', 'disk-e2-full', 'disk-e3-full'])).toEqual({ 'disk-e1-full': 1, 'disk-e2-full': 1, 'disk-e3-full': 0 });
    expect((await load()).pendingComment.map((e) => e.title)).toEqual(['disk-e3-full']);
    // e3 goes out in the next window
    await flush(windowMinutes + 1 + windowMinutes, { windowEnded: true });
    expect(await postedTimes(['disk-e3-full'])).toEqual({ 'disk-e3-full': 1 });
    expect(await comments()).toHaveLength(3);
  });
});
