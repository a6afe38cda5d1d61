import { APP_ACCOUNT_ID, SANDBOX_USERS } from '../core/product';
import type { JiraCatalog } from './model';
import { NS } from './model';
import { TestJira, type As } from './test-request';

const byName = (name: string) => SANDBOX_USERS.find((u) => u.displayName === name)!;
const aiko = byName('Aiko Sato');
const ben = byName('Ben Carter');
const chika = byName('Chika Mori');
const viewer = SANDBOX_USERS.find((u) => !u.canEdit)!;

interface Found {
  users: Array<{ accountId: string; accountType?: string; displayName?: string; html?: string; avatarUrl?: string }>;
  total: number;
  header: string;
}

describe('Jira emulator: user picker and user search', () => {
  let t: TestJira;
  beforeEach(() => {
    t = TestJira.open();
  });
  afterEach(async () => {
    await t.close();
  });

  const picker = (query: string, as: As = ben.accountId): Found => {
    const res = t.call('GET', `/rest/api/3/user/picker?${query}`, { as });
    expect(res.status).toBe(200);
    return res.body as Found;
  };
  const ids = (found: Found): string[] => found.users.map((u) => u.accountId);
  const search = (query: string, as: As = ben.accountId): Array<Record<string, unknown>> => {
    const res = t.call('GET', `/rest/api/3/user/search?${query}`, { as });
    expect(res.status).toBe(200);
    return res.body as Array<Record<string, unknown>>;
  };
  /** Renames a seeded user in the stored catalogue (the searches read the store on every call). */
  const rename = (accountId: string, displayName: string): void => {
    const catalog = t.store.get<JiraCatalog>(NS.config, 'catalog')!;
    t.store.put(NS.config, 'catalog', { ...catalog, users: catalog.users.map((u) => (u.accountId === accountId ? { ...u, displayName } : u)) });
  };

  describe('GET /rest/api/3/user/picker', () => {
    it('finds by the start of the display name, case-insensitively, highlighting the match', () => {
      expect(picker('query=CHI')).toEqual({
        users: [{ accountId: chika.accountId, accountType: 'atlassian', displayName: 'Chika Mori', html: '<strong>Chi</strong>ka Mori - <strong>chi</strong>ka@example.com' }],
        total: 1,
        header: 'Showing 1 of 1 matching users',
      });
    });

    it('finds by the start of any word of the name, and the whole name', () => {
      expect(picker('query=car').users).toEqual([expect.objectContaining({ accountId: ben.accountId, html: 'Ben <strong>Car</strong>ter - ben@example.com' })]);
      expect(picker('query=ben%20car').users[0]?.html).toBe('<strong>Ben Car</strong>ter - ben@example.com');
      expect(picker('query=  aiko sato ').users.map((u) => u.html)).toEqual(['<strong>Aiko Sato</strong> - aiko@example.com']);
    });

    it('does not match inside a word', () => {
      expect(picker('query=arter')).toMatchObject({ users: [], total: 0, header: 'Showing 0 of 0 matching users' });
      expect(picker('query=ika')).toMatchObject({ users: [], total: 0 });
    });

    it('finds by the start of the e-mail address', () => {
      const found = picker('query=vic%40EX');
      expect(ids(found)).toEqual([viewer.accountId]);
      expect(found.users[0]?.html).toBe('Vic Viewer - <strong>vic@ex</strong>ample.com');
      expect(picker('query=example.com').users).toEqual([]);
    });

    it('orders by display name and counts all matches in total, returning maxResults of them', () => {
      // "c" starts Carter, Chika and chika@
      expect(ids(picker('query=c'))).toEqual([ben.accountId, chika.accountId]);
      const one = picker('query=c&maxResults=1');
      expect(one).toMatchObject({ total: 2, header: 'Showing 1 of 2 matching users' });
      expect(ids(one)).toEqual([ben.accountId]);
      expect(picker('query=c&maxResults=0')).toEqual({ users: [], total: 2, header: 'Showing 0 of 2 matching users' });
    });

    it('includes the app account unless excludeConnectUsers', () => {
      expect(picker('query=kai').users).toEqual([{ accountId: APP_ACCOUNT_ID, accountType: 'app', displayName: 'Kaizen', html: '<strong>Kai</strong>zen' }]);
      expect(picker('query=kai&excludeConnectUsers=true').users).toEqual([]);
    });

    it('leaves out excludeAccountIds, comma-separated and repeated', () => {
      expect(ids(picker(`query=c&excludeAccountIds=${ben.accountId}`))).toEqual([chika.accountId]);
      expect(picker(`query=c&excludeAccountIds=${ben.accountId},${chika.accountId}`).total).toBe(0);
      expect(picker(`query=c&excludeAccountIds=${ben.accountId}&excludeAccountIds=${chika.accountId}`).total).toBe(0);
    });

    it('refuses exclude together with excludeAccountIds', () => {
      const res = t.call('GET', `/rest/api/3/user/picker?query=c&exclude=ben&excludeAccountIds=${ben.accountId}`, { as: ben.accountId });
      expect(res.status).toBe(400);
      // exclude alone (usernames, gone for GDPR) is ignored
      expect(ids(picker('query=c&exclude=ben'))).toEqual([ben.accountId, chika.accountId]);
    });

    it('adds avatarUrl only with showAvatar, at avatarSize', () => {
      expect(picker('query=chika').users[0]).not.toHaveProperty('avatarUrl');
      expect(picker('query=chika&showAvatar=true').users[0]?.avatarUrl).toBe(`${t.site.baseUrl}/secure/useravatar?size=16&initials=CM&ownerId=${encodeURIComponent(chika.accountId)}`);
      expect(picker('query=chika&showAvatar=true&avatarSize=large').users[0]?.avatarUrl).toContain('size=48');
      expect(picker('query=chika&showAvatar=true&avatarSize=24x24').users[0]?.avatarUrl).toContain('size=24');
    });

    it('escapes the display name (untrusted) and still highlights the match', () => {
      rename(chika.accountId, '<img src=x onerror=alert(1)> Chika & "Co"');
      const html = picker('query=chi').users[0]?.html;
      expect(html).toBe('&lt;img src=x onerror=alert(1)&gt; <strong>Chi</strong>ka &amp; &quot;Co&quot; - <strong>chi</strong>ka@example.com');
      // a query that is markup itself is matched as text and escaped inside the highlight
      rename(ben.accountId, '<b>Ben</b>');
      expect(picker('query=%3Cb').users).toEqual([expect.objectContaining({ accountId: ben.accountId, displayName: '<b>Ben</b>', html: '<strong>&lt;b</strong>&gt;Ben&lt;/b&gt; - ben@example.com' })]);
      expect(picker('query=ben').users[0]?.html).toBe('&lt;b&gt;<strong>Ben</strong>&lt;/b&gt; - <strong>ben</strong>@example.com');
    });

    it('follows the stored users (a renamed user is found by the new name only)', () => {
      rename(ben.accountId, 'Benjamin Okafor');
      expect(ids(picker('query=oka'))).toEqual([ben.accountId]);
      expect(ids(picker('query=car'))).toEqual([]);
    });

    it('answers a blank query with nobody', () => {
      expect(picker('query=')).toEqual({ users: [], total: 0, header: 'Showing 0 of 0 matching users' });
      expect(picker('query=%20%20').total).toBe(0);
    });

    it('without Browse users and groups, finds exact name or e-mail matches only', () => {
      expect(picker('query=chi', viewer.accountId)).toEqual({ users: [], total: 0, header: 'Showing 0 of 0 matching users' });
      expect(picker('query=chika%20mori', viewer.accountId).users).toEqual([expect.objectContaining({ accountId: chika.accountId, html: '<strong>Chika Mori</strong> - chika@example.com' })]);
      expect(ids(picker('query=BEN%40example.com', viewer.accountId))).toEqual([ben.accountId]);
    });

    it('answers anonymous callers 401', () => {
      expect(t.call('GET', '/rest/api/3/user/picker?query=chi', { as: 'anonymous' })).toMatchObject({ status: 401, body: { errorMessages: [expect.any(String)] } });
    });

    it('lets the app and administrators search too', () => {
      expect(ids(picker('query=chi', 'app'))).toEqual([chika.accountId]);
      expect(ids(picker('query=chi', aiko.accountId))).toEqual([chika.accountId]);
    });
  });

  describe('GET /rest/api/3/user/search', () => {
    it('finds users by query as User objects', () => {
      expect(search('query=chi')).toEqual([
        {
          self: `${t.site.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(chika.accountId)}`,
          accountId: chika.accountId,
          emailAddress: 'chika@example.com',
          avatarUrls: expect.objectContaining({ '48x48': expect.stringContaining('size=48') }),
          displayName: 'Chika Mori',
          active: true,
          timeZone: 'Asia/Tokyo',
          accountType: 'atlassian',
          locale: 'ja_JP',
        },
      ]);
      expect(search('query=MORI').map((u) => u['accountId'])).toEqual([chika.accountId]);
      expect(search('query=ben%40').map((u) => u['accountId'])).toEqual([ben.accountId]);
      expect(search('query=ori')).toEqual([]);
    });

    it('finds a user by exact accountId', () => {
      expect(search(`accountId=${encodeURIComponent(aiko.accountId)}`).map((u) => u['displayName'])).toEqual(['Aiko Sato']);
      expect(search('accountId=557058:aiko')).toEqual([]);
    });

    it('pages with startAt and maxResults', () => {
      // "c" starts Carter, Chika and chika@
      expect(search('query=c').map((u) => u['displayName'])).toEqual(['Ben Carter', 'Chika Mori']);
      expect(search('query=c&startAt=1').map((u) => u['displayName'])).toEqual(['Chika Mori']);
      expect(search('query=c&startAt=0&maxResults=1').map((u) => u['displayName'])).toEqual(['Ben Carter']);
      expect(search('query=c&startAt=5')).toEqual([]);
      expect(t.call('GET', '/rest/api/3/user/search?query=c&startAt=-1', { as: ben.accountId }).status).toBe(400);
      expect(t.call('GET', '/rest/api/3/user/search?query=c&maxResults=-1', { as: ben.accountId }).status).toBe(400);
    });

    it('requires query, accountId or property, and not query with accountId', () => {
      expect(t.call('GET', '/rest/api/3/user/search', { as: ben.accountId }).status).toBe(400);
      expect(t.call('GET', '/rest/api/3/user/search?username=ben', { as: ben.accountId }).status).toBe(400);
      expect(t.call('GET', `/rest/api/3/user/search?query=c&accountId=${encodeURIComponent(ben.accountId)}`, { as: ben.accountId }).status).toBe(400);
    });

    it('checks property queries (no user properties are kept, so a valid one finds nobody)', () => {
      expect(search('property=kaizen.oncall%3Dtrue')).toEqual([]);
      expect(t.call('GET', '/rest/api/3/user/search?property=kaizen', { as: ben.accountId }).status).toBe(400);
    });

    it('answers empty without Browse users and groups, and 401 to anonymous callers', () => {
      expect(search('query=chi', viewer.accountId)).toEqual([]);
      expect(search('query=chika%20mori', viewer.accountId)).toEqual([]);
      expect(t.call('GET', '/rest/api/3/user/search?query=chi', { as: 'anonymous' }).status).toBe(401);
    });

    it('returns the stored name as it is (JSON, not HTML)', () => {
      rename(chika.accountId, '<i>Chika</i>');
      expect(search('query=chi').map((u) => u['displayName'])).toEqual(['<i>Chika</i>']);
      expect(search('query=%3Ci').map((u) => u['displayName'])).toEqual(['<i>Chika</i>']);
    });
  });
});
