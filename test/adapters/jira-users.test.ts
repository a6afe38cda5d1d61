import { runInInvocation } from '../../sandbox/runtime/invocation';
import { APP_ACCOUNT_ID } from '../../sandbox/core/product';
import { jiraPeopleAsUser, jiraUserNamesAsApp } from '../../src/adapters/jira-users';
import { USERS } from '../resolvers/call-resolver';
import { FUNCTION_KEY, inConsumer, useAdapterSandbox } from './adapter-test-kit';

/** Runs `fn` as a resolver invocation for `accountId`, so `api.asUser()` acts as that person. */
const asUser = <T>(accountId: string, fn: () => Promise<T>): Promise<T> => runInInvocation({ functionKey: FUNCTION_KEY, moduleKey: 'test', moduleType: 'jira:issuePanel', accountId, timeoutMs: 25_000 }, fn);

describe('jira-users (Jira users by account id)', () => {
  const kit = useAdapterSandbox();

  it('names the person behind an event, as the app; an account Jira does not know has no name', async () => {
    expect(await inConsumer(() => jiraUserNamesAsApp.displayNameOf(USERS.ben))).toBe('Ben Carter');
    kit.expectFailure({ method: 'GET', path: /^\/rest\/api\/3\/user$/, status: 404 });
    expect(await inConsumer(() => jiraUserNamesAsApp.displayNameOf('557058:nobody'))).toBeUndefined();
    expect(kit.appRequests().map((e) => e.actor)).toEqual(['app', 'app']);
  });

  it('tells which named people are active people’s accounts in ONE request as the user: unknown ids and the app are not', async () => {
    const active = await asUser(USERS.ben, () => jiraPeopleAsUser.activeAccountIds([USERS.aiko, '557058:nobody', APP_ACCOUNT_ID, USERS.viewer, USERS.aiko]));
    expect([...active].sort()).toEqual([USERS.aiko, USERS.viewer].sort());
    const requests = kit.appRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/rest/api/3/user/bulk', status: 200, actor: USERS.ben });
    // each id once, and a page big enough for all of them (Jira's default page is 10)
    const query = new URLSearchParams(requests[0]!.query);
    expect(query.getAll('accountId')).toEqual([USERS.aiko, '557058:nobody', APP_ACCOUNT_ID, USERS.viewer]);
    expect(query.get('maxResults')).toBe('4');
  });

  it('asks nothing for nobody', async () => {
    expect(await asUser(USERS.ben, () => jiraPeopleAsUser.activeAccountIds([]))).toEqual(new Set());
    expect(kit.appRequests()).toEqual([]);
  });
});
