import { isUnchanged, type IncidentStatus } from '../../src/shared/incident-status';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { onlyIncident } from '../helpers/incidents';
import { fixture, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, macro, USERS } from './call-resolver';

/** The live status macro on the incident page: read as the user, after checking the user can read the page. */
describe('getIncidentStatus', () => {
  let sb: TestSandbox;
  let incidentId: string;
  let pageId: string;
  const status = async (contentId: string, id: string, accountId: string = USERS.aiko, sinceVersion?: number) =>
    RESOLVERS.getIncidentStatus.response.parse(
      await callResolver(sb, macro(contentId, { 'incident-id': id }), 'getIncidentStatus', { incidentId: id, ...(sinceVersion === undefined ? {} : { sinceVersion }) }, accountId),
    );
  const full = (answer: Awaited<ReturnType<typeof status>>): IncidentStatus => {
    if (!answer.ok || isUnchanged(answer.data)) throw new Error(JSON.stringify(answer));
    return answer.data;
  };

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    for (const file of ['host-warning.json', 'host-critical.json']) {
      expect((await sendAs(sb, 'mackerel', fixture('mackerel', file))).status).toBe(202);
      await sb.idle();
    }
    const incident = onlyIncident(sb);
    incidentId = incident.id;
    pageId = incident.page!.id;
  });
  afterAll(() => sb.dispose());
  afterEach(() => expect(sb.log.list({ kind: 'product' }).filter((e) => e.caller !== 'http' && e.status === 400)).toEqual([]));

  it('shows status, level, start and the latest timeline entries of the incident on its page', async () => {
    const answer = { data: full(await status(pageId, incidentId)) };
    expect(answer.data).toMatchObject({ id: incidentId, state: 'open', level: 'SEV2', impactStartedAt: '2025-06-10T01:23:45.000Z' });
    expect(answer.data.issue?.key).toMatch(/^OPS-\d+$/);
    expect(answer.data.timeline.entries.map((e) => e.kind)).toEqual(['incident-opened', 'alert-escalated']);
    expect(answer.data.timeline.total).toBe(2);
    const check = sb.log.list({ kind: 'product' }).filter((e) => e.path === `/wiki/api/v2/pages/${pageId}`).at(-1);
    expect(check).toMatchObject({ actor: USERS.aiko, method: 'GET', status: 200 });
  });

  it('a poll at the current version answers unchanged after exactly one KVS read and no product call', async () => {
    const { version } = full(await status(pageId, incidentId));
    const kvs0 = sb.kvs.stats();
    const seq0 = sb.log.list().at(-1)?.seq ?? 0;
    expect(await status(pageId, incidentId, USERS.aiko, version)).toEqual({ ok: true, data: { unchanged: true, version } });
    expect(sb.kvs.stats()).toEqual({ reads: kvs0.reads + 1, writes: kvs0.writes });
    expect(sb.log.list({ since: seq0, kind: 'product' })).toEqual([]);
  });

  it('a poll at an older version gets the whole status, checked as the user', async () => {
    const current = full(await status(pageId, incidentId));
    const seq0 = sb.log.list().at(-1)?.seq ?? 0;
    const answer = full(await status(pageId, incidentId, USERS.aiko, current.version - 1));
    expect(answer).toMatchObject({ id: incidentId, version: current.version, times: { impactStartedAt: '2025-06-10T01:23:45.000Z' } });
    expect(answer.times.detectedAt).toEqual(expect.any(String));
    const check = sb.log.list({ since: seq0, kind: 'product' }).filter((e) => e.path === `/wiki/api/v2/pages/${pageId}`);
    expect(check).toEqual([expect.objectContaining({ actor: USERS.aiko, method: 'GET', status: 200 })]);
  });

  it('a changed incident is refused to a user who cannot read the page, whatever version they send', async () => {
    const { version } = full(await status(pageId, incidentId));
    expect(await status('999999', incidentId, USERS.aiko, version - 1)).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
    expect(await status('999999', incidentId, USERS.aiko, version + 1)).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
  });

  it('a negative or fractional version is a bad request', async () => {
    expect(await status(pageId, incidentId, USERS.aiko, -1)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await status(pageId, incidentId, USERS.aiko, 1.5)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('a page the user cannot read is refused before the incident is looked at', async () => {
    expect(await status('999999', incidentId)).toMatchObject({ ok: false, error: { code: 'content-not-visible' } });
  });

  it('an unknown incident id answers incident-not-found', async () => {
    expect(await status(pageId, 'inc-does-not-exist')).toMatchObject({ ok: false, error: { code: 'incident-not-found' } });
  });

  it('an incident id that is not a key is a bad request', async () => {
    expect(await status(pageId, '../../etc')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('a macro context without its page is a bad context', async () => {
    const value = await callResolver(sb, { ...macro(pageId, {}), extension: { type: 'macro' } }, 'getIncidentStatus', { incidentId }, USERS.aiko);
    expect(RESOLVERS.getIncidentStatus.response.parse(value)).toMatchObject({ ok: false, error: { code: 'bad-context' } });
  });
});
