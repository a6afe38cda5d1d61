import { RESOLVERS } from '../../src/shared/resolver-contract';
import { storedIncidents } from '../helpers/incidents';
import { fixture, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, gadget, USERS } from './call-resolver';
import { recentMackerelAlert } from './recent-alerts';

/** The metrics gadget's counts, read from the `by-state-opened` index through the sandbox's KVS. */
describe('getIncidentCounts', () => {
  let sb: TestSandbox;
  const counts = async (period: number, accountId: string = USERS.ben) =>
    RESOLVERS.getIncidentCounts.response.parse(await callResolver(sb, gadget({ period }), 'getIncidentCounts', { period }, accountId));

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    // one incident from 2025 (outside every period), one 2 days old (SEV3), one 20 days old (SEV2)
    const bodies = [
      fixture('mackerel', 'host-warning.json'),
      recentMackerelAlert({ id: 'recentWarn01', role: 'api', hoursAgo: 48, status: 'warning' }),
      recentMackerelAlert({ id: 'recentCrit01', role: 'batch', hoursAgo: 20 * 24, status: 'critical' }),
    ];
    for (const body of bodies) {
      expect((await sendAs(sb, 'mackerel', body)).status).toBe(202);
      await sb.idle();
    }
    expect(storedIncidents(sb)).toHaveLength(3);
  });
  afterAll(() => sb.dispose());
  afterEach(() => expect(sb.log.list({ kind: 'product' }).filter((e) => e.caller !== 'http' && e.status === 400)).toEqual([]));

  it('counts the incidents of the last 7 days by state and level', async () => {
    const answer = await counts(7);
    expect(answer).toMatchObject({ ok: true, data: { period: 7, total: 1, drills: 0, truncated: false } });
    if (!answer.ok) throw new Error('refused');
    expect(answer.data.byState).toEqual({ open: 1, acknowledged: 0, mitigated: 0, recovered: 0, closed: 0 });
    expect(answer.data.byLevel).toEqual({ SEV1: 0, SEV2: 0, SEV3: 1, SEV4: 0 });
    expect(Date.now() - Date.parse(answer.data.since)).toBeGreaterThanOrEqual(7 * 86_400_000 - 60_000);
  });

  it('a longer period counts more', async () => {
    const answer = await counts(30);
    if (!answer.ok) throw new Error('refused');
    expect(answer.data.total).toBe(2);
    expect(answer.data.byLevel).toEqual({ SEV1: 0, SEV2: 1, SEV3: 1, SEV4: 0 });
  });

  it('checks the project as the user (mypermissions as the caller), and a viewer who may browse sees counts', async () => {
    expect((await counts(90, USERS.viewer)).ok).toBe(true);
    const check = sb.log.list({ kind: 'product' }).filter((e) => e.path === '/rest/api/3/mypermissions').at(-1);
    expect(check).toMatchObject({ actor: USERS.viewer, status: 200 });
  });

  it('a period other than 7, 30 or 90 days is a bad request', async () => {
    expect(await counts(14)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});
