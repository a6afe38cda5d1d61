import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FaultInjector } from '../core/faults';
import { SANDBOX_USERS, type Actor, type ProductEmulator } from '../core/product';
import { ProductRouter } from '../core/product-router';
import { RequestLog } from '../core/request-log';
import { loadSpecValidator } from '../openapi/spec-validator';
import { openStore } from '../store/store';
import { createConfluenceEmulator } from './confluence-emulator';
import { ANONYMOUS, APP, APP_ACCOUNT_ID, BEN, createKit, SITE, VIEWER, type Kit } from './test-kit';

/** GET /wiki/rest/api/user (v1 getUser): the seeded users by account id, as Kaizen's status macro asks for them. */

let kit: Kit;
beforeEach(async () => {
  kit = await createKit();
});
afterEach(async () => kit.close());

const BEN_ID = '557058:ben-carter';

describe('getUser', () => {
  it('answers a seeded user with the v1 User shape', async () => {
    const res = await kit.call('getUser', { actor: VIEWER, query: { accountId: BEN_ID } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      type: 'known',
      accountId: BEN_ID,
      accountType: 'atlassian',
      publicName: 'Ben Carter',
      profilePicture: { path: '/wiki/aa-avatar/default.png', width: 48, height: 48, isDefault: true },
      displayName: 'Ben Carter',
      isExternalCollaborator: false,
      _expandable: { operations: '', personalSpace: '' },
      _links: { self: `${SITE.baseUrl}/wiki/rest/api/user?accountId=${encodeURIComponent(BEN_ID)}`, base: `${SITE.baseUrl}/wiki`, context: '/wiki' },
    });
  });

  it('names every seeded user, to the app and to each user', async () => {
    for (const u of SANDBOX_USERS) {
      for (const actor of [APP, BEN, VIEWER]) {
        const res = await kit.call('getUser', { actor, query: { accountId: u.accountId } });
        expect({ id: u.accountId, status: res.status, name: res.body.displayName }).toEqual({ id: u.accountId, status: 200, name: u.displayName });
      }
    }
    const app = await kit.call('getUser', { actor: BEN, query: { accountId: APP_ACCOUNT_ID } });
    expect(app.body).toMatchObject({ accountId: APP_ACCOUNT_ID, accountType: 'app', displayName: 'Kaizen' });
  });

  it('shows the email only to its owner (Atlassian hides it from others and from apps by default)', async () => {
    expect((await kit.call('getUser', { actor: BEN, query: { accountId: BEN_ID } })).body.email).toBe('ben@example.com');
    expect((await kit.call('getUser', { actor: VIEWER, query: { accountId: BEN_ID } })).body).not.toHaveProperty('email');
    expect((await kit.call('getUser', { actor: APP, query: { accountId: BEN_ID } })).body).not.toHaveProperty('email');
  });

  it('expands operations and personalSpace (there is none) and drops them from _expandable', async () => {
    const editor = await kit.call('getUser', { actor: VIEWER, query: { accountId: BEN_ID, expand: 'operations,personalSpace,isExternalCollaborator' } });
    expect(editor.body.operations).toEqual([
      { operation: 'use', targetType: 'application' },
      { operation: 'read', targetType: 'page' },
      { operation: 'create', targetType: 'page' },
      { operation: 'update', targetType: 'page' },
    ]);
    expect(editor.body).not.toHaveProperty('personalSpace');
    expect(editor.body._expandable).toEqual({});
    const viewer = await kit.call('getUser', { actor: BEN, query: { accountId: '557058:viewer-vic', expand: 'operations' } });
    expect(viewer.body.operations).toEqual([
      { operation: 'use', targetType: 'application' },
      { operation: 'read', targetType: 'page' },
    ]);
    expect(viewer.body._expandable).toEqual({ personalSpace: '' });
  });

  it('is 404 for an unknown account and 401 for an anonymous caller, in the v1 error shape', async () => {
    const unknown = await kit.call('getUser', { actor: BEN, query: { accountId: '557058:nobody' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, message: 'No user found with accountId: 557058:nobody' });
    const anonymous = await kit.call('getUser', { actor: ANONYMOUS, query: { accountId: BEN_ID } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, data: { authorized: false } });
  });
});

describe('getUser through the spec-validating router', () => {
  it('answers the macro request as the user with no spec violation, and refuses what the document forbids', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kaizen-confluence-user-'));
    const store = openStore(dir);
    try {
      const jira: ProductEmulator = { product: 'jira', operations: new Set(), handle: () => ({ status: 501 }), seed: () => undefined };
      const confluence = createConfluenceEmulator({ store, site: SITE, emit: () => undefined });
      const router = new ProductRouter({ validator: loadSpecValidator(), emulators: { jira, confluence }, faults: new FaultInjector(), log: new RequestLog(), validateResponses: true });
      const send = async (url: string, actor: Actor): Promise<{ status: number; body: any }> => {
        const res = await router.route({ method: 'GET', url, headers: { accept: 'application/json' }, body: undefined, actor, caller: 'test' });
        return { status: res.status, body: res.body ? JSON.parse(res.body) : undefined };
      };
      const asBen: Actor = { kind: 'user', accountId: BEN_ID };

      const ok = await send(`/wiki/rest/api/user?accountId=${encodeURIComponent(BEN_ID)}`, { kind: 'user', accountId: '557058:aiko-sato' });
      expect(ok).toMatchObject({ status: 200, body: { accountId: BEN_ID, displayName: 'Ben Carter' } });
      expect((await send(`/wiki/rest/api/user?accountId=${encodeURIComponent(BEN_ID)}&expand=operations,personalSpace`, asBen)).status).toBe(200);
      expect((await send('/wiki/rest/api/user?accountId=557058%3Anobody', asBen)).status).toBe(404);
      expect((await send(`/wiki/rest/api/user?accountId=${encodeURIComponent(BEN_ID)}`, { kind: 'anonymous' })).status).toBe(401);
      expect(router.violations).toEqual([]);

      // accountId is required and expand is an enum: the router refuses these before the emulator sees them.
      expect((await send('/wiki/rest/api/user', asBen)).status).toBe(400);
      expect((await send(`/wiki/rest/api/user?accountId=${encodeURIComponent(BEN_ID)}&expand=groups`, asBen)).status).toBe(400);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
