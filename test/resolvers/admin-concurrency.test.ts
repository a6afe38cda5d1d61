import { createHash, createHmac } from 'node:crypto';
import { sourceCredentials } from '../../src/adapters/admin-wiring';
import type { SourceId } from '../../src/domain/alert';
import { defaultSettings } from '../../src/shared/settings';
import { parseAndNormalise } from '../../src/sources/registry';
import { loadIntakeSettings } from '../../src/storage/settings';
import { releaseLease, takeLease } from '../../src/storage/lease';
import { retireSourceSecret, setSourceHeaders } from '../../src/usecases/admin/source-secret-actions';
import { asApp, fixture, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { adminPage, dataOf, typedCaller, USERS } from './call-resolver';

/**
 * The admin page's backend under the conditions Forge really has, through the sandbox: KVS deletes expired keys up
 * to 48 h late (and they stay readable), `kvs.query` listings may be stale, two admins act at the same moment, a
 * process dies half-way. None of these may block the page, lose a secret, or replay a letter twice.
 */
const fingerprint = (secret: string) => `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;

describe('admin backend under concurrency and crashes', () => {
  let sb: TestSandbox;
  const call = typedCaller(() => sb, adminPage);
  const data = dataOf;
  const kvsSet = (key: string, value: unknown) => expect(sb.kvs.handle('/api/v1/set', { key, value }).status).toBeLessThan(300);
  const entitySet = (entityName: string, key: string, value: unknown) => expect(sb.kvs.handle('/api/v1/entity/set', { entityName, key, value }).status).toBeLessThan(300);
  const sourceView = async (source: SourceId) => data(await call('getAdminSources', {})).sources.find((s) => s.source === source)!;

  beforeAll(async () => {
    sb = await startKaizenSandbox({ profile: {} });
  });
  afterAll(async () => {
    await sb.idle();
    await sb.dispose();
  });

  describe('settings (H1, L4)', () => {
    it('a saver that died mid-save blocks nobody: a claim KVS has not deleted yet is not in the way', async () => {
      const { revision, settings } = data(await call('getSettings', {}));
      // the previous scheme's claim for the next revision, left by a saver that died; KVS keeps expired keys readable for up to 48 h
      kvsSet(`settings-claim:${revision + 1}`, { at: new Date().toISOString(), accountId: USERS.ben });
      const saved = await call('saveSettings', { settings: { ...settings, commentWindowMinutes: 25 }, revision });
      expect(saved).toMatchObject({ ok: true, data: { revision: revision + 1 } });
      // the revision is the custom-entity row the save's transaction was conditional on
      expect(sb.store.range('kvs-entity:settings-revision')).toHaveLength(1);
    });

    it('an installation that saved before the revision row existed keeps its revision; of two saves from it, one wins', async () => {
      await sb.reset();
      kvsSet('settings:revision', 7);
      const { revision, settings } = data(await call('getSettings', {}));
      expect(revision).toBe(7);
      const [a, b] = await Promise.all([
        call('saveSettings', { settings: { ...settings, retrospectiveDueHours: 48 }, revision }),
        call('saveSettings', { settings: { ...settings, retrospectiveDueHours: 72 }, revision }),
      ]);
      expect([a, b].map((r) => (r.ok ? 'saved' : r.error.code)).sort()).toEqual(['saved', 'settings-changed']);
      expect(data(await call('getSettings', {})).revision).toBe(8);
      expect(await call('saveSettings', { settings, revision: 7 })).toMatchObject({ ok: false, error: { code: 'settings-changed' } });
    });

    it('a stored key named like an Object.prototype member (constructor, toString) is an unknown setting, not a crash of intake', async () => {
      kvsSet('settings:intake', { ...defaultSettings(), pageLanguage: 'ja', constructor: 1, toString: 'x' });
      expect(await asApp(() => loadIntakeSettings())).toMatchObject({ pageLanguage: 'ja' });
      const shown = data(await call('getSettings', {}));
      expect(shown.problems.map((p) => p.field).sort()).toEqual(['constructor', 'toString']);
    });
  });

  describe('source secrets (H1, M3, L1, L3)', () => {
    beforeAll(() => sb.reset());

    it('a credential change that died holding the lock blocks nobody: a lock key KVS has not deleted yet is not in the way', async () => {
      // the previous scheme's lock, left by a change that died a minute ago: past its TTL, but KVS deletes expired
      // keys up to 48 h late and they stay readable meanwhile
      kvsSet('source-secret-lock:mackerel', { at: new Date(Date.now() - 60_000).toISOString() });
      const generated = data(await call('generateSourceSecret', { source: 'mackerel' }));
      expect((await sourceView('mackerel')).secrets.map((s) => s.fingerprint)).toEqual([generated.fingerprint]);
    });

    it('a lease whose time is up is taken over (its `until` decides, not when KVS deletes a row), and released after the change', async () => {
      entitySet('lease', 'source-credential:mackerel', { owner: 'a-crashed-invocation', until: Date.now() - 1_000 });
      const second = data(await call('generateSourceSecret', { source: 'mackerel' }));
      expect((await sourceView('mackerel')).secrets[0]!.fingerprint).toBe(second.fingerprint);
      expect(sb.store.range('kvs-entity:lease')).toHaveLength(0);
    });

    it('waits for another admin’s change of the same source instead of overwriting it; two at once both land', async () => {
      entitySet('lease', 'source-credential:opsgenie', { owner: 'another-admin', until: Date.now() + 60_000 });
      // the other admin's change finishes while this one is waiting (after its third look at the lease)
      const handle = sb.kvs.handle.bind(sb.kvs);
      let looks = 0;
      let writtenMeanwhile: number | undefined;
      const spy = jest.spyOn(sb.kvs, 'handle').mockImplementation((path: string, body: unknown) => {
        const answer = handle(path, body);
        if (path === '/api/v1/entity/get' && (body as { key?: string }).key === 'source-credential:opsgenie' && ++looks === 3) {
          writtenMeanwhile = sb.store.range('kvs-secret').length;
          handle('/api/v1/entity/delete', { entityName: 'lease', key: 'source-credential:opsgenie' });
        }
        return answer;
      });
      const first = await call('generateSourceSecret', { source: 'opsgenie' }).finally(() => spy.mockRestore());
      expect(writtenMeanwhile).toBe(1); // mackerel's only: nothing written while the other admin held the lease
      expect(first.ok).toBe(true);
      const [a, b] = await Promise.all([call('generateSourceSecret', { source: 'opsgenie' }), call('generateSourceSecret', { source: 'opsgenie' })]);
      // exactly one rotation fits (two secrets at most); the other is refused, never silently dropped
      const outcomes = [a, b].map((r) => (r.ok ? 'generated' : r.error.code)).sort();
      expect(outcomes).toEqual(['generated', 'secret-limit']);
      const second = [a, b].find((r) => r.ok)!;
      expect((await sourceView('opsgenie')).secrets.map((s) => s.fingerprint)).toEqual([data(second).fingerprint, data(first).fingerprint]);
    });

    it('a lease that passed to someone else is not released by its former holder', async () => {
      const mine = (await asApp(() => takeLease('test:one', 1)))!;
      await new Promise((r) => setTimeout(r, 5));
      const theirs = await asApp(() => takeLease('test:one', 60_000));
      expect(theirs).toBeDefined();
      await asApp(() => releaseLease(mine));
      expect(await asApp(() => takeLease('test:one', 60_000))).toBeUndefined(); // still theirs
      await asApp(() => releaseLease(theirs!));
      expect(sb.store.range('kvs-entity:lease')).toHaveLength(0);
    });

    it('Grafana: rotating a credential stored without requireTimestamp keeps accepting the old, timestamp-less signature', async () => {
      const old = 'grafana-secret-stored-before-the-field-0123';
      // as an earlier Kaizen stored it: one secret, no requireTimestamp
      expect(sb.kvs.handle('/api/v1/secret/set', { key: 'source-secret:grafana', value: { secrets: [old] } }).status).toBeLessThan(300);
      const body = fixture('grafana', 'firing.json');
      const bodyOnly = () =>
        fetch(sb.webtriggers.urlOf('grafana-webhook')!, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Grafana-Alerting-Signature': createHmac('sha256', old).update(body).digest('hex') },
          body,
        }).then((r) => r.status);
      expect(await bodyOnly()).toBe(202);
      expect(data(await call('generateSourceSecret', { source: 'grafana' })).rotated).toBe(true);
      expect(await sourceView('grafana')).toMatchObject({ requireTimestamp: false });
      expect(await bodyOnly()).toBe(202); // the sender has not been switched to the new secret yet
    });

    it('a pasted secret is trimmed before its length is checked, and stored trimmed', async () => {
      expect(await call('pasteSourceSecret', { source: 'pagerduty', secret: `      ${'s'.repeat(12)}      ` })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      const secret = 'pagerduty-signing-secret-0123456789';
      expect(data(await call('pasteSourceSecret', { source: 'pagerduty', secret: `  ${secret}\n` }))).toMatchObject({ fingerprint: fingerprint(secret) });
    });

    it('a retire that died between its writes leaves every accepted secret with its own date, and the next retire completes it', async () => {
      // PagerDuty with no secret, then two pasted
      sb.kvs.handle('/api/v1/secret/delete', { key: 'source-secret:pagerduty' });
      data(await call('pasteSourceSecret', { source: 'pagerduty', secret: 'pagerduty-signing-secret-first-0123456789' }));
      data(await call('pasteSourceSecret', { source: 'pagerduty', secret: 'pagerduty-signing-secret-rotated-9876543210' }));
      const before = (await sourceView('pagerduty')).secrets;
      expect(before).toHaveLength(2);
      // secret storage refuses the write: the change dies after its first (metadata) write
      const handle = sb.kvs.handle.bind(sb.kvs);
      const spy = jest.spyOn(sb.kvs, 'handle').mockImplementation((path: string, body: unknown) =>
        path === '/api/v1/secret/set' ? { status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message: 'injected' } } : handle(path, body),
      );
      jest.spyOn(console, 'error').mockImplementationOnce(() => undefined); // the resolver logs the failure
      try {
        expect(await call('retireSourceSecret', { source: 'pagerduty', fingerprint: before[1]!.fingerprint })).toMatchObject({ ok: false, error: { code: 'internal' } });
      } finally {
        spy.mockRestore();
      }
      // both still accepted, both still dated as they were (none shown as undated, 1970)
      expect((await sourceView('pagerduty')).secrets).toEqual(before);
      const retired = data(await call('retireSourceSecret', { source: 'pagerduty', fingerprint: before[1]!.fingerprint }));
      expect(retired.sources.find((s) => s.source === 'pagerduty')!.secrets).toEqual([before[0]]);
    });

    it('retiring a secret and naming headers answer fingerprints or nothing — never the credential with its secrets', async () => {
      const first = data(await call('generateSourceSecret', { source: 'alertmanager' }));
      const second = data(await call('generateSourceSecret', { source: 'alertmanager' }));
      const deps = { credentials: sourceCredentials };
      const retired = await asApp(() => retireSourceSecret('alertmanager', first.fingerprint, deps));
      expect(retired).toEqual({ ok: true, data: [{ fingerprint: second.fingerprint, createdAt: expect.any(String), createdBy: 'Aiko Sato' }] });
      const named = await asApp(() => setSourceHeaders({ source: 'opsgenie', headerName: 'X-Ops-Secret' }, deps));
      expect(named).toEqual({ ok: true, data: undefined });
      expect(JSON.stringify([retired, named])).not.toContain(second.secret);
      expect(JSON.stringify([retired, named])).not.toContain(first.secret);
    });
  });

  describe('dead letters (M5)', () => {
    const alertBody = () => {
      const alerts = parseAndNormalise('mackerel', fixture('mackerel', 'host-critical.json'), { receivedAt: new Date().toISOString() });
      if (!alerts.ok) throw new Error('fixture does not parse');
      return { kind: 'alert', alert: alerts.payload[0]!, receivedAt: new Date().toISOString() };
    };
    const letter = (eventId: string) => kvsSet(`dlq:${eventId}`, { eventId, body: alertBody(), error: 'HTTP 500', attempts: 5, failedAt: new Date().toISOString() });
    /** Each event body the app pushed on a queue, as JSON text. */
    const pushes: string[] = [];

    beforeAll(async () => {
      await sb.reset();
      const publish = sb.queues.publish.bind(sb.queues);
      jest.spyOn(sb.queues, 'publish').mockImplementation((request: unknown) => {
        for (const e of (request as { payload: Array<{ body: unknown }> }).payload) pushes.push(JSON.stringify(e.body));
        return publish(request);
      });
    });
    afterAll(() => jest.restoreAllMocks());
    beforeEach(() => {
      pushes.length = 0;
    });

    it('"replay all" re-reads each letter by key: one discarded after the (stale) listing is not requeued', async () => {
      letter('ev-a');
      letter('ev-b');
      // the listing answers as it was, and ev-b is discarded right after it (on Forge, a listing may also simply lag)
      const handle = sb.kvs.handle.bind(sb.kvs);
      const spy = jest.spyOn(sb.kvs, 'handle').mockImplementation((path: string, body: unknown) => {
        const answer = handle(path, body);
        if (path === '/api/v1/query' && JSON.stringify(body).includes('dlq:')) handle('/api/v1/delete', { key: 'dlq:ev-b' });
        return answer;
      });
      try {
        expect(data(await call('replayDeadLetters', {}))).toEqual({ replayed: ['ev-a'] });
      } finally {
        spy.mockRestore();
      }
      expect(pushes).toHaveLength(1);
      await sb.idle();
    });

    it('two replays at the same moment queue each letter once', async () => {
      for (const id of ['ev-c', 'ev-d', 'ev-e']) letter(id);
      const [a, b] = await Promise.all([call('replayDeadLetters', {}), call('replayDeadLetters', {})]);
      const replayed = [...data(a).replayed, ...data(b).replayed].sort();
      expect(replayed).toEqual(['ev-c', 'ev-d', 'ev-e']);
      expect(pushes).toHaveLength(3);
      expect(data(await call('getDeadLetters', {})).count).toBe(0);
      expect(sb.store.range('kvs-entity:lease')).toHaveLength(0);
      await sb.idle();
    });

    it('a replay whose push fails leaves the letter, free for the next replay', async () => {
      letter('ev-f');
      jest.spyOn(sb.queues, 'publish').mockImplementationOnce(() => ({ status: 500, body: { message: 'queue down' } }));
      jest.spyOn(console, 'error').mockImplementationOnce(() => undefined); // the resolver logs the failure
      expect(await call('replayDeadLetters', { ids: ['ev-f'] })).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(data(await call('getDeadLetters', {})).items.map((i) => i.id)).toEqual(['ev-f']);
      expect(data(await call('replayDeadLetters', { ids: ['ev-f'] }))).toEqual({ replayed: ['ev-f'] });
      await sb.idle();
    });
  });
});
