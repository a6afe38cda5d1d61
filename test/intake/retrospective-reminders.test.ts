import { runInInvocation } from '../../sandbox/runtime/invocation';
import { ingestDeps } from '../../src/app/wiring';
import type { Incident } from '../../src/domain/incident';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { incidentsInState } from '../../src/storage/incident-reads';
import { createIncidentIfAbsent, loadIncident, updateIncident } from '../../src/storage/incident-store';
import type { IncidentTracker } from '../../src/usecases/ports';
import { REMINDER_SCAN_PER_STATE, remindOverdueRetrospectives, type ReminderDeps } from '../../src/usecases/retrospective-reminders';
import { getJson, onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { startKaizenSandbox, refusedAppRequests } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from '../resolvers/call-resolver';

const housekeepingRun = { functionKey: 'housekeeping-fn', moduleKey: 'housekeeping', moduleType: 'scheduledTrigger', accountId: undefined, timeoutMs: 300_000 } as const;
const inHousekeeping = <T>(fn: () => Promise<T>): Promise<T> => runInInvocation(housekeepingRun, fn);
const HOUR = 3_600_000;

/**
 * The 24-hour rule's reminder (issue 9 item 3, DESIGN 3.4): an incident opened by a real alert, its commander named
 * and recovered in the panel, then the reminder use case run as the scheduled trigger runs it, against the emulated
 * KVS and Jira, on a clock the test moves past the due time (and one run of the real trigger, fired by hand).
 */
describe('retrospective overdue reminders', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  let base: ReminderDeps;
  let recoveredAt: number;
  let posts: string[];

  async function panel(key: 'setIncidentRoles' | 'markRecovered', payload: Record<string, unknown>, accountId: string): Promise<void> {
    const answer = RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, payload, accountId));
    if (!answer.ok) throw new Error(`${key} refused: ${JSON.stringify(answer.error)}`);
  }
  const depsAt = (now: Date): ReminderDeps => {
    const tracker: Pick<IncidentTracker, 'addComment'> = {
      addComment: async (key, body, dedupeId) => {
        posts.push(dedupeId);
        await base.tracker.addComment(key, body, dedupeId);
      },
    };
    return { ...base, tracker, clock: { now: () => now } };
  };
  /** One reminder run, `hours` after recovery. */
  const remindAt = (hours: number) => inHousekeeping(() => remindOverdueRetrospectives(depsAt(new Date(recoveredAt + hours * HOUR))));
  /** The reminder comments on the issue, as their bodies' JSON. */
  const reminders = async (): Promise<string[]> => {
    const page = await getJson<{ comments: Array<{ body: unknown }> }>(sb, `/rest/api/3/issue/${issue.key}/comment?maxResults=100`);
    return page.comments.map((c) => JSON.stringify(c.body)).filter((b) => b.includes('etrospective overdue') || b.includes('still overdue'));
  };
  const change = (fn: (i: Incident) => Incident) => runInInvocation({ ...housekeepingRun, functionKey: 'test' }, () => updateIncident(onlyIncident(sb).id, fn));
  const load = () => inHousekeeping(async () => (await loadIncident(onlyIncident(sb).id))!);
  const drafted = (over: Partial<NonNullable<Incident['retrospective']>> = {}) => (i: Incident): Incident => ({
    ...i,
    retrospective: {
      page: { id: '9001', url: 'https://kaizen-sandbox.atlassian.net/wiki/spaces/OPS/pages/9001', title: `${issue.key} Retrospective` },
      status: 'draft',
      draftedAt: new Date(recoveredAt + HOUR).toISOString(),
      draftedBy: { accountId: USERS.ben, displayName: 'Ben Carter', at: new Date(recoveredAt + HOUR).toISOString() },
      linked: true,
      ...over,
    },
  });

  beforeEach(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    base = await inHousekeeping(() => ingestDeps());
    posts = [];
  });
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
    expect(refusedAppRequests(sb)).toEqual([]);
    await sb.dispose();
  });

  const recoverWithCommander = async (): Promise<void> => {
    await panel('setIncidentRoles', { commander: USERS.ben }, USERS.aiko);
    await panel('markRecovered', {}, USERS.ben);
    await sb.idle();
    const incident = onlyIncident(sb);
    expect(incident.state).toBe('recovered');
    recoveredAt = Date.parse(incident.recoveredAt!);
  };

  it('comments once when overdue, naming the commander; not again the same day; once more the next day, 24 hours on', async () => {
    await recoverWithCommander();
    await remindAt(23.9);
    expect(await reminders()).toEqual([]);

    expect(await remindAt(25)).toEqual({ posted: 1, failed: 0 });
    const [first] = await reminders();
    expect(first).toContain(JSON.stringify({ type: 'mention', attrs: { id: USERS.ben } }));
    expect(first).toContain('is 1 h 0 min overdue');
    expect(first).toContain('Draft retrospective');

    await remindAt(26);
    await remindAt(47.9);
    // reminder day 1 has begun (48 h after recovery), but the first reminder is not 24 hours old: at most once a day
    expect(await remindAt(48.5)).toEqual({ posted: 0, failed: 0 });
    expect(await reminders()).toHaveLength(1);

    expect(await remindAt(49.1)).toEqual({ posted: 1, failed: 0 });
    const all = await reminders();
    expect(all).toHaveLength(2);
    expect(all.filter((b) => b.includes('still overdue'))).toHaveLength(1);
    await remindAt(50);
    expect(await reminders()).toHaveLength(2);
    expect(new Set(posts).size).toBe(posts.length);
  });

  it('published: nothing; drafted and not published: the page is linked and the record keeps the reminder time', async () => {
    await recoverWithCommander();
    await change(drafted({ status: 'published', publishedAt: new Date(recoveredAt + 30 * HOUR).toISOString() }));
    await remindAt(31);
    await remindAt(80);
    expect(await reminders()).toEqual([]);

    await change(drafted({ status: 'in-review' }));
    await remindAt(81);
    const [reminder] = await reminders();
    expect(reminder).toContain('https://kaizen-sandbox.atlassian.net/wiki/spaces/OPS/pages/9001');
    expect(reminder).not.toContain('Draft retrospective');
    expect((await load()).retrospective?.overdueRemindedAt).toBe(new Date(recoveredAt + 81 * HOUR).toISOString());
    await remindAt(82);
    expect(await reminders()).toHaveLength(1);
  });

  it('an incident older than the newest 100 of its state is still reminded (the walk through the index moves on)', async () => {
    await recoverWithCommander();
    const old = onlyIncident(sb);
    // 100 incidents opened after it, recovered too, owing nothing (no issue to comment on): the newest page is theirs
    await runInInvocation({ ...housekeepingRun, functionKey: 'test' }, async () => {
      for (let n = 0; n < 100; n++) {
        const at = new Date(Date.parse(old.impactStartedAt) + (n + 1) * 60_000).toISOString();
        const { issue: _issue, version: _version, ...rest } = old;
        expect(await createIncidentIfAbsent({ ...rest, version: 0, id: `newer-${String(n).padStart(3, '0')}`, impactStartedAt: at }, [])).toBe(true);
      }
    });
    const newest = await inHousekeeping(() => incidentsInState('recovered', REMINDER_SCAN_PER_STATE));
    expect(newest.map((i) => i.id)).not.toContain(old.id);

    expect(await remindAt(25)).toEqual({ posted: 1, failed: 0 });
    expect(await reminders()).toHaveLength(1);
    // the next day: the walk is at its tail (the 101st), so this run passes the old incident by; the next starts
    // again from the oldest and reminds it
    expect(await remindAt(49.1)).toEqual({ posted: 0, failed: 0 });
    expect(await remindAt(49.2)).toEqual({ posted: 1, failed: 0 });
    expect(await reminders()).toHaveLength(2);
  });

  it('two runs at once post one comment', async () => {
    await recoverWithCommander();
    const runs = await Promise.all([remindAt(30), remindAt(30), remindAt(30)]);
    expect(runs.reduce((n, r) => n + r.posted, 0)).toBe(1);
    expect(await reminders()).toHaveLength(1);
    expect(posts).toHaveLength(1);
  });

  it('with no commander named it says so and asks for an owner', async () => {
    await panel('markRecovered', {}, USERS.ben);
    await sb.idle();
    recoveredAt = Date.parse(onlyIncident(sb).recoveredAt!);
    await remindAt(25);
    const [reminder] = await reminders();
    expect(reminder).toContain('Nobody was named incident commander');
    expect(reminder).not.toContain('"mention"');
  });

  it('a post Jira refuses is given back: the next run posts it, once', async () => {
    await recoverWithCommander();
    sb.faults.add({ path: `/rest/api/3/issue/${issue.key}/comment`, method: 'POST', status: 500, count: 1000 });
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await remindAt(25)).toEqual({ posted: 0, failed: 1 });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('the retrospective reminder of incident'));
    logged.mockRestore();
    sb.faults.clear();
    expect(await remindAt(25.1)).toEqual({ posted: 1, failed: 0 });
    expect(await reminders()).toHaveLength(1);
    expect(await remindAt(25.2)).toEqual({ posted: 0, failed: 0 });
  });

  it('the scheduled trigger, fired by hand, reminds an overdue incident', async () => {
    await recoverWithCommander();
    // recovered 25 hours ago, as far as the record knows
    await change((i) => ({ ...i, recoveredAt: new Date(Date.now() - 25 * HOUR).toISOString() }));
    expect((await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' })).ok).toBe(true);
    await sb.idle();
    expect(await reminders()).toHaveLength(1);
    expect((await sb.http('/__sandbox/scheduled/housekeeping/run', { method: 'POST' })).ok).toBe(true);
    await sb.idle();
    expect(await reminders()).toHaveLength(1);
  });
});
