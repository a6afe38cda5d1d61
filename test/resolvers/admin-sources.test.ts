import { createHash, createHmac, randomBytes } from 'node:crypto';
import { devSecret } from '../../sandbox/kaizen-profile';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { SOURCE_IDS, type SourceId } from '../../src/domain/alert';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { sources } from '../../src/sources/registry';
import { fixture, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { adminPage, callResolver, dataOf, typedCaller, USERS } from './call-resolver';

/**
 * Connecting a source from the admin page, end to end through the sandbox: the admin generates a secret (or pastes
 * PagerDuty's), a real sender signs a real alert with it and posts it to the URL the page shows → 202; a rotation
 * makes both secrets work; retiring the old one makes it 401. The secrets appear in one answer only, never in
 * plain storage or the app's logs.
 */
const FIRING: Record<SourceId, string> = {
  mackerel: 'host-critical.json',
  opsgenie: 'create.json',
  alertmanager: 'firing.json',
  grafana: 'firing.json',
  pagerduty: 'triggered.json',
};

const fingerprint = (secret: string) => `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;

/** Posts `source`'s firing fixture to `url` as the real sender would with `secret` (Mackerel: `?token=`, as its URL setting allows). */
async function sendSigned(url: string, source: SourceId, secret: string, headerName?: string): Promise<number> {
  const body = fixture(source, FIRING[source]);
  const target = new URL(url);
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (source === 'mackerel') {
    target.searchParams.set('token', secret);
  } else {
    const auth = sources[source].auth;
    const signed = sources[source].signAsSender(body, secret, Date.now());
    const rename = (name: string) => (headerName && auth.kind !== 'basic-or-query-token' && name.toLowerCase() === auth.headerName.toLowerCase() ? headerName : name);
    for (const [name, values] of Object.entries(signed.headers)) for (const v of values) headers.append(rename(name), v);
  }
  return (await fetch(target, { method: 'POST', headers, body })).status;
}

describe('admin sources: connect, rotate, retire — end to end', () => {
  let sb: TestSandbox;
  const logged: string[] = [];
  const answers: string[] = [];
  const call = typedCaller(() => sb, adminPage, (key, raw) => {
    if (key !== 'generateSourceSecret') answers.push(JSON.stringify(raw));
  });
  const data = dataOf;
  const sourceView = async (source: SourceId) => data(await call('getAdminSources', {})).sources.find((s) => s.source === source)!;
  const secretsMade: string[] = [];

  beforeAll(async () => {
    ensureMariaDb(); // the deployments the test posts are written to the reporting store
    // a fresh installation: no development secrets (the profile's seed is not run)
    sb = await startKaizenSandbox({ profile: {} });
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[level].bind(console);
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        original(...args);
      });
    }
  });
  afterAll(async () => {
    await sb.idle();
    jest.restoreAllMocks();
    await sb.dispose();
  });

  it('lists the five sources with their web trigger URL (webTrigger.getUrl), no secret yet, and what each sender lets the admin set', async () => {
    const listed = data(await call('getAdminSources', {})).sources;
    expect(listed.map((s) => s.source)).toEqual([...SOURCE_IDS]);
    for (const s of listed) {
      expect(s.url).toBe(sb.webtriggers.urlOf(`${s.source}-webhook`));
      expect(s).toMatchObject({ connection: 'never', secrets: [] });
    }
    const by = Object.fromEntries(listed.map((s) => [s.source, s]));
    expect(by['pagerduty']).toMatchObject({ secretGeneratedBy: 'sender', headerConfigurable: false, defaultHeaderName: 'X-PagerDuty-Signature' });
    expect(by['opsgenie']).toMatchObject({ secretGeneratedBy: 'kaizen', headerConfigurable: true, headerName: 'X-Kaizen-Token' });
    expect(by['grafana']).toMatchObject({ headerConfigurable: true, timestampHeaderName: 'X-Grafana-Alerting-Timestamp', requireTimestamp: false });
    expect(by['mackerel']).not.toHaveProperty('headerName');
    // with no secret, every request is refused
    expect(await sendSigned(by['mackerel']!.url!, 'mackerel', 'a-guess-0123456789abcdef')).toBe(401);
  });

  it.each(SOURCE_IDS)('%s: first secret → 202; rotation → both accepted; third → secret-limit; old retired → 401', async (source) => {
    const url = (await sourceView(source)).url!;
    const makeSecret = async (): Promise<{ secret: string; rotated?: boolean }> => {
      if (source === 'pagerduty') {
        // PagerDuty makes the signing secret; the admin pastes it
        const secret = randomBytes(48).toString('base64');
        const pasted = data(await call('pasteSourceSecret', { source, secret }));
        expect(pasted).toEqual({ fingerprint: fingerprint(secret), createdAt: expect.any(String), createdBy: 'Aiko Sato' });
        return { secret };
      }
      const generated = data(await callGenerate(source));
      expect(generated.fingerprint).toBe(fingerprint(generated.secret));
      expect(Buffer.from(generated.secret, 'base64url')).toHaveLength(32);
      return { secret: generated.secret, rotated: generated.rotated };
    };
    const callGenerate = (s: SourceId) => call('generateSourceSecret', { source: s });

    const first = await makeSecret();
    secretsMade.push(first.secret);
    if (first.rotated !== undefined) expect(first.rotated).toBe(false);
    expect(await sendSigned(url, source, first.secret)).toBe(202);
    expect(await sendSigned(url, source, `${first.secret}x`)).toBe(401);

    const second = await makeSecret();
    secretsMade.push(second.secret);
    if (second.rotated !== undefined) expect(second.rotated).toBe(true);
    expect(await sendSigned(url, source, first.secret)).toBe(202);
    expect(await sendSigned(url, source, second.secret)).toBe(202);
    const rotating = await sourceView(source);
    expect(rotating.secrets.map((s) => s.fingerprint)).toEqual([fingerprint(second.secret), fingerprint(first.secret)]); // newest first
    expect(rotating.secrets[0]).toMatchObject({ createdBy: 'Aiko Sato', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const third =
      source === 'pagerduty' ? await call('pasteSourceSecret', { source, secret: randomBytes(48).toString('base64') }) : await callGenerate(source);
    expect(third).toMatchObject({ ok: false, error: { code: 'secret-limit' } });

    const retired = data(await call('retireSourceSecret', { source, fingerprint: fingerprint(first.secret) }));
    expect(retired.sources.find((s) => s.source === source)!.secrets.map((s) => s.fingerprint)).toEqual([fingerprint(second.secret)]);
    expect(await sendSigned(url, source, first.secret)).toBe(401);
    expect(await sendSigned(url, source, second.secret)).toBe(202);

    expect(await call('retireSourceSecret', { source, fingerprint: fingerprint(second.secret) })).toMatchObject({ ok: false, error: { code: 'last-secret' } });
    expect(await call('retireSourceSecret', { source, fingerprint: fingerprint(first.secret) })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await sendSigned(url, source, second.secret)).toBe(202);
  });

  it('Deployments (CI): listed apart with its web trigger URL; generate → bearer 202; rotation → both; retired → 401; heard from once a deployment arrived', async () => {
    const listed = data(await call('getAdminSources', {}));
    expect(listed.sources.map((s) => s.source)).toEqual([...SOURCE_IDS]);
    const url = sb.webtriggers.urlOf('deployment-webhook')!;
    expect(listed.deployments).toEqual({ source: 'deployments', url, connection: 'never', secrets: [], secretGeneratedBy: 'kaizen', headerName: 'Authorization', defaultHeaderName: 'Authorization', headerConfigurable: false });
    const post = async (secret: string, id: string) =>
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
          body: JSON.stringify({ id, startedDate: '2026-12-01T10:00:00Z', finishedDate: '2026-12-01T10:05:00Z', deploymentCommits: [{ repoUrl: 'https://github.com/example/shop', commitSha: 'abc1234', startedDate: '2026-12-01T10:00:00Z', finishedDate: '2026-12-01T10:05:00Z' }] }),
        })
      ).status;
    expect(await post('a-guess-0123456789abcdef', 'd-0')).toBe(401);

    const first = data(await call('generateSourceSecret', { source: 'deployments' }));
    secretsMade.push(first.secret);
    expect(first).toMatchObject({ source: 'deployments', fingerprint: fingerprint(first.secret), rotated: false });
    expect(await post(first.secret, 'd-1')).toBe(202);
    const second = data(await call('generateSourceSecret', { source: 'deployments' }));
    secretsMade.push(second.secret);
    expect(second.rotated).toBe(true);
    expect(await post(first.secret, 'd-2')).toBe(202);
    expect(await post(second.secret, 'd-3')).toBe(202);
    expect(await call('generateSourceSecret', { source: 'deployments' })).toMatchObject({ ok: false, error: { code: 'secret-limit' } });
    // Kaizen makes CI's secret: there is nothing to paste, and no header to name
    expect(await call('pasteSourceSecret', { source: 'deployments' as SourceId, secret: randomBytes(32).toString('base64') })).toMatchObject({ ok: false, error: { code: 'bad-request' } });

    const retired = data(await call('retireSourceSecret', { source: 'deployments', fingerprint: fingerprint(first.secret) }));
    expect(retired.deployments.secrets.map((s) => s.fingerprint)).toEqual([fingerprint(second.secret)]);
    expect(await post(first.secret, 'd-4')).toBe(401);
    expect(await post(second.secret, 'd-5')).toBe(202);
    expect(await call('retireSourceSecret', { source: 'deployments', fingerprint: fingerprint(second.secret) })).toMatchObject({ ok: false, error: { code: 'last-secret' } });

    await sb.idle();
    expect(data(await call('getAdminSources', {})).deployments).toMatchObject({ connection: 'receiving', lastAlertAt: expect.any(String) });
  });

  it('Grafana: generating turns on the signed timestamp (X-Grafana-Alerting-Timestamp, required), which the web trigger enforces', async () => {
    expect(await sourceView('grafana')).toMatchObject({ timestampHeaderName: 'X-Grafana-Alerting-Timestamp', requireTimestamp: true });
    // a body-only signature (Grafana without a timestamp header configured) never expires once captured: refused…
    const secret = secretsMade[7]!; // grafana's current (second) secret
    const body = fixture('grafana', FIRING.grafana);
    const bodyOnly = () =>
      fetch(sb.webtriggers.urlOf('grafana-webhook')!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Grafana-Alerting-Signature': createHmac('sha256', secret).update(body).digest('hex') },
        body,
      }).then((r) => r.status);
    expect(await bodyOnly()).toBe(401);
    // …until the admin turns the requirement off (the page says what that costs)
    expect(data(await call('setSourceHeaders', { source: 'grafana', requireTimestamp: false })).sources.find((s) => s.source === 'grafana')).toMatchObject({ requireTimestamp: false });
    expect(await bodyOnly()).toBe(202);
  });

  it('who makes the secret decides how it arrives: no generating PagerDuty’s, no pasting Kaizen’s', async () => {
    expect(await call('generateSourceSecret', { source: 'pagerduty' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('pasteSourceSecret', { source: 'mackerel', secret: 'a-human-chosen-secret-123' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('pasteSourceSecret', { source: 'pagerduty', secret: 'short' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('Opsgenie: the admin names the custom header; the old name then no longer authenticates', async () => {
    const secret = secretsMade[3]!; // opsgenie's current (second) secret
    const url = (await sourceView('opsgenie')).url!;
    expect(await sendSigned(url, 'opsgenie', secret)).toBe(202);
    const changed = data(await call('setSourceHeaders', { source: 'opsgenie', headerName: 'X-Ops-Secret' })).sources.find((s) => s.source === 'opsgenie');
    expect(changed).toMatchObject({ headerName: 'X-Ops-Secret', defaultHeaderName: 'X-Kaizen-Token' });
    expect(await sendSigned(url, 'opsgenie', secret)).toBe(401);
    expect(await sendSigned(url, 'opsgenie', secret, 'X-Ops-Secret')).toBe(202);
    // header names are validated; senders without a configurable header refuse one
    expect(await call('setSourceHeaders', { source: 'opsgenie', headerName: 'X Ops: Secret' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('setSourceHeaders', { source: 'mackerel', headerName: 'X-Token' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('setSourceHeaders', { source: 'opsgenie', requireTimestamp: true })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('shows the connection once alerts arrived', async () => {
    await sb.idle();
    expect(await sourceView('mackerel')).toMatchObject({ connection: 'receiving', lastAlertAt: expect.any(String) });
  });

  it('never shows, stores in plain KVS or logs a secret outside the one generate answer', async () => {
    expect(secretsMade).toHaveLength((SOURCE_IDS.length + 1) * 2); // the alert sources' and the deployments'
    const plain = JSON.stringify([...sb.store.range('kvs'), ...sb.manifest.entities.flatMap((e) => sb.store.range(`kvs-entity:${e.name}`))]);
    const shown = answers.join('\n');
    const logs = logged.join('\n');
    for (const secret of secretsMade) {
      expect(shown).not.toContain(secret);
      expect(plain).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    // …while secret storage does hold the current ones (so the check above looked at the right thing)
    expect(JSON.stringify(sb.store.range('kvs-secret'))).toContain(secretsMade[1]!);
  });

  it('refuses people who are not Jira administrators, and changes nothing', async () => {
    const before = JSON.stringify(sb.store.range('kvs-secret'));
    for (const user of [USERS.ben, USERS.viewer]) {
      expect(await call('getAdminSources', {}, user)).toMatchObject({ ok: false, error: { code: 'admin-only' } });
      expect(await call('generateSourceSecret', { source: 'mackerel' }, user)).toMatchObject({ ok: false, error: { code: 'admin-only' } });
      expect(await call('retireSourceSecret', { source: 'mackerel', fingerprint: 'sha256:000000000000' }, user)).toMatchObject({ ok: false, error: { code: 'admin-only' } });
    }
    expect(JSON.stringify(sb.store.range('kvs-secret'))).toBe(before);
  });
});

describe('the sandbox’s development secrets', () => {
  it('are seeded as the admin page stores secrets, so the page shows their fingerprints and senders still get 202', async () => {
    const sb = await startKaizenSandbox();
    try {
      const answer = RESOLVERS.getAdminSources.response.parse(await callResolver(sb, adminPage, 'getAdminSources', {}, USERS.aiko));
      if (!answer.ok) throw new Error(JSON.stringify(answer));
      for (const s of answer.data.sources) {
        const source = s.source;
        if (source === 'deployments') throw new Error('deployments is listed apart from the alert sources');
        expect(s.secrets).toEqual([{ fingerprint: fingerprint(devSecret(source)), createdAt: expect.any(String), createdBy: 'Kaizen sandbox' }]);
        expect(await sendSigned(s.url!, source, devSecret(source))).toBe(202);
      }
      await sb.idle();
    } finally {
      await sb.dispose();
    }
  });
});
