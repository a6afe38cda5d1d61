import { APP_ACCOUNT_ID, SANDBOX_USERS } from '../core/product';
import { ALL_NAMESPACES, NS, type PageRecord, type SpaceRecord, type StoredBody } from './model';
import type { ConfluenceRepo } from './repo';

/** Titles of the two parent pages Kaizen's admin picks (by id) for incident pages and retrospectives. */
export const SEEDED_PARENT_TITLES = ['Incidents', 'Retrospectives'] as const;
/** Key of the seeded space. */
export const SEEDED_SPACE_KEY = 'OPS';

const SEED_MARKER = 'seeded';

const storage = (value: string): StoredBody => ({ representation: 'storage', value });

/** Whether this store already holds a seeded Confluence (so a restart keeps what is there). */
export function isSeeded(repo: ConfluenceRepo): boolean {
  return repo.store.get<boolean>(NS.meta, SEED_MARKER) === true;
}

/**
 * Wipes every `confluence:` namespace and writes the seed: the users, space `OPS` ("Operations") with its
 * homepage, and under the homepage the pages "Incidents" and "Retrospectives". Ids are allocated from
 * sequences that restart with the wipe, so the seed has the same ids every time.
 */
export function writeSeed(repo: ConfluenceRepo, nowIso: string): void {
  repo.store.transaction(() => {
    for (const ns of ALL_NAMESPACES) repo.store.clearNamespace(ns);

    for (const u of SANDBOX_USERS) {
      repo.putUser({ accountId: u.accountId, displayName: u.displayName, email: u.email, accountType: 'atlassian', timeZone: u.timeZone, canEdit: u.canEdit });
    }
    repo.putUser({ accountId: APP_ACCOUNT_ID, displayName: 'Kaizen', email: '', accountType: 'app', timeZone: 'UTC', canEdit: true });

    const author = SANDBOX_USERS[0]?.accountId ?? APP_ACCOUNT_ID;
    const spaceId = repo.nextId('space');
    const homeId = repo.nextId('content');
    const space: SpaceRecord = {
      id: spaceId,
      key: SEEDED_SPACE_KEY,
      name: 'Operations',
      type: 'global',
      status: 'current',
      authorId: author,
      createdAt: nowIso,
      homepageId: homeId,
      description: 'Incident response and retrospectives.',
    };
    repo.putSpace(space);

    const page = (id: string, title: string, parentId: string | null, body: StoredBody): PageRecord => ({
      id,
      spaceId,
      parentId,
      title,
      status: 'current',
      authorId: author,
      ownerId: author,
      lastOwnerId: null,
      createdAt: nowIso,
      position: Number(repo.nextId('position')),
      version: { number: 1, message: '', minorEdit: false, authorId: author, createdAt: nowIso },
      body,
      privateTo: null,
    });
    const pages = [
      page(homeId, 'Operations Home', null, storage('<h1>Operations</h1><p>Incident pages and retrospectives live under this page.</p>')),
      ...SEEDED_PARENT_TITLES.map((title) => page(repo.nextId('content'), title, homeId, storage(`<p>${title} are created under this page.</p>`))),
    ];
    for (const p of pages) {
      repo.savePage(p);
      repo.putVersion({ ...p.version, pageId: p.id, title: p.title, body: p.body, status: p.status });
    }
    repo.store.put(NS.meta, SEED_MARKER, true);
  });
}
