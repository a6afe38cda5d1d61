import type { SourceId } from '../../src/domain/alert';
import { parseAndNormalise } from '../../src/sources/registry';
import { storedIncidents } from '../helpers/incidents';
import { fixture, incidentIssues, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { adminPage, dataOf, typedCaller, USERS } from './call-resolver';

/**
 * Dead letters on the admin page, made for real: Jira answers 500 to every create until the consumer gives up and
 * Kaizen keeps the event; the admin sees it (source, the alert's title, why, how many attempts), replays it once
 * Jira is back (the incident is created), or discards one for good.
 */
// the consumer's own retries of a 500 wait in real time (src/adapters/retry-policy.ts) before the queue's retries
jest.setTimeout(120_000);

describe('admin dead letters', () => {
  let sb: TestSandbox;
  const call = typedCaller(() => sb, adminPage);
  const data = dataOf;
  const titleOf = (source: SourceId, file: string): string => {
    const alerts = parseAndNormalise(source, fixture(source, file), { receivedAt: new Date().toISOString() });
    if (!alerts.ok) throw new Error('fixture does not parse');
    return alerts.payload[0]!.title;
  };
  /** Sends alerts while Jira refuses every issue create, and waits until the consumer has given up on them. */
  const storedLetters = () => sb.store.range('kvs', { prefix: 'dlq:' }).length;
  const deadLetter = async (...alerts: Array<[SourceId, string]>) => {
    const expected = storedLetters() + alerts.length;
    sb.faults.add({ path: '/rest/api/3/issue', method: 'POST', status: 500, count: 10_000 });
    for (const [source, file] of alerts) expect((await sendAs(sb, source, fixture(source, file))).status).toBe(202);
    // the queue's retries are delayed events: wait for the consumer to give up on each, not only for a quiet queue
    const deadline = Date.now() + 100_000;
    await sb.idle(100_000);
    while (storedLetters() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    sb.faults.clear();
    expect(storedLetters()).toBe(expected);
  };

  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb.dispose());

  it('lists nothing on a fresh installation', async () => {
    expect(data(await call('getDeadLetters', {}))).toEqual({ count: 0, items: [], truncated: false });
  });

  it('lists a real dead letter with its source, the alert’s title, the reason and the attempts; a replay after Jira recovers creates the incident', async () => {
    await deadLetter(['pagerduty', 'triggered.json']);
    expect(await incidentIssues(sb)).toHaveLength(0);
    const listed = data(await call('getDeadLetters', {}));
    expect(listed).toMatchObject({ count: 1, truncated: false });
    const letter = listed.items[0]!;
    expect(letter).toMatchObject({ source: 'pagerduty', summary: titleOf('pagerduty', 'triggered.json'), reason: expect.stringMatching(/500/), attempts: 5 });
    expect(Date.now() - Date.parse(letter.failedAt)).toBeLessThan(120_000);

    // a viewer or an editor cannot replay it
    expect(await call('replayDeadLetters', { ids: [letter.id] }, USERS.ben)).toMatchObject({ ok: false, error: { code: 'admin-only' } });
    expect(data(await call('getDeadLetters', {})).count).toBe(1);

    expect(data(await call('replayDeadLetters', { ids: [letter.id, 'no-such-letter'] }))).toEqual({ replayed: [letter.id] });
    await sb.idle();
    expect(await incidentIssues(sb)).toHaveLength(1);
    expect(storedIncidents(sb)[0]).toMatchObject({ issue: expect.anything(), page: expect.anything() });
    expect(data(await call('getDeadLetters', {}))).toEqual({ count: 0, items: [], truncated: false });
  });

  it('lists several newest first; discarding one removes it for good (not-found the second time); replaying all replays the rest', async () => {
    await sb.reset(); // a clean site: these alerts would otherwise join the incident the replay above opened
    await deadLetter(['mackerel', 'host-critical.json'], ['alertmanager', 'firing.json']);
    const listed = data(await call('getDeadLetters', {}));
    expect(listed.count).toBe(2);
    expect(listed.items.map((i) => i.source).sort()).toEqual(['alertmanager', 'mackerel']);
    expect(listed.items[0]!.failedAt >= listed.items[1]!.failedAt).toBe(true); // newest first

    const discarded = listed.items.find((i) => i.source === 'mackerel')!;
    expect(data(await call('discardDeadLetter', { id: discarded.id }))).toEqual({ discarded: discarded.id });
    expect(await call('discardDeadLetter', { id: discarded.id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(data(await call('getDeadLetters', {})).items.map((i) => i.source)).toEqual(['alertmanager']);

    const issuesBefore = (await incidentIssues(sb)).length;
    const replayed = data(await call('replayDeadLetters', {}));
    expect(replayed.replayed).toEqual([listed.items.find((i) => i.source === 'alertmanager')!.id]);
    await sb.idle();
    expect(await incidentIssues(sb)).toHaveLength(issuesBefore + 1); // the alertmanager alert; the discarded Mackerel one is gone
    expect(data(await call('getDeadLetters', {})).count).toBe(0);
  });
});
