import { RESOLVERS } from '../../src/shared/resolver-contract';
import { fixture, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { adminPage, callResolver, USERS } from './call-resolver';

/**
 * The admin page's source list and what was last heard from each. The check is the global ADMINISTER permission,
 * asked as the caller: in the sandbox Aiko is a Jira administrator, Ben (an editor) and Vic (a viewer) are not.
 */
describe('getAdminSources: connection', () => {
  let sb: TestSandbox;
  const sources = async (accountId: string) => RESOLVERS.getAdminSources.response.parse(await callResolver(sb, adminPage, 'getAdminSources', {}, accountId));

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-warning.json'))).status).toBe(202);
    expect((await sendAs(sb, 'pagerduty', fixture('pagerduty', 'ping.json'))).status).toBe(202);
    await sb.idle();
  });
  afterAll(() => sb.dispose());
  afterEach(() => expect(sb.log.list({ kind: 'product' }).filter((e) => e.caller !== 'http' && e.status === 400)).toEqual([]));

  it('refuses people who are not Jira administrators, asking Jira as them', async () => {
    for (const user of [USERS.ben, USERS.viewer]) {
      expect(await sources(user)).toMatchObject({ ok: false, error: { code: 'admin-only' } });
      const check = sb.log.list({ kind: 'product' }).filter((e) => e.path === '/rest/api/3/mypermissions').at(-1);
      expect(check).toMatchObject({ actor: user, status: 200, query: expect.stringContaining('ADMINISTER') });
    }
  });

  it('lists the five sources for an administrator, with what was last heard from each', async () => {
    const answer = await sources(USERS.aiko);
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    const bySource = Object.fromEntries(answer.data.sources.map((s) => [s.source, s]));
    expect(Object.keys(bySource)).toEqual(['mackerel', 'opsgenie', 'alertmanager', 'grafana', 'pagerduty']);
    expect(bySource['mackerel']).toMatchObject({ connection: 'receiving', lastAlertAt: expect.any(String) });
    expect(bySource['pagerduty']).toMatchObject({ connection: 'tested', lastTestAt: expect.any(String) });
    expect(bySource['grafana']).toMatchObject({ connection: 'never' });
    expect(bySource['grafana']).not.toHaveProperty('lastTestAt');
    expect(bySource['grafana']).not.toHaveProperty('lastAlertAt');
  });
});
