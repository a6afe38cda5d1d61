import { fetch as forgeFetch } from '@forge/api';
import { createEgressFetch } from '../../sandbox/runtime/egress';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import type { SlackMessage, SlackWebhook } from '../../sandbox/slack/slack-receiver';
import { startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';

/**
 * The sandbox's Slack incoming-webhook receiver (sandbox/slack) and external egress as Forge enforces it
 * (sandbox/runtime/egress.ts), reached the way the app will reach them: `fetch` from @forge/api inside an invocation.
 */
const WEBHOOK = 'https://hooks.slack.com/services/T0KAIZEN01/B0INCIDENT1/abcdefghijklmnopqrstuvwx';
const asApp = <T>(fn: () => Promise<T>): Promise<T> => runInInvocation({ functionKey: 'slack-test', moduleKey: 'slack-test', moduleType: 'test', accountId: undefined, timeoutMs: 25_000 }, fn);
const post = (url: string, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  asApp(async () => {
    const res = await forgeFetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, text: await res.text(), retryAfter: res.headers.get('retry-after') };
  });
const message = { text: '[SEV2] OPS-12 Checkout errors', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'SEV2 OPS-12' } }, { type: 'divider' }] };

describe('Slack incoming webhooks in the sandbox', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb?.dispose());
  beforeEach(() => sb.reset());

  const inspected = async (): Promise<{ webhooks: Array<SlackWebhook & { messages: SlackMessage[] }>; messages: SlackMessage[] }> => (await sb.http('/__sandbox/slack')).json() as never;

  it("records a valid message the app's fetch posts, and answers `ok` as Slack does", async () => {
    expect(await post(WEBHOOK, message)).toEqual({ status: 200, text: 'ok', retryAfter: null });
    const seen = await inspected();
    expect(seen.messages).toEqual([expect.objectContaining({ webhook: 'T0KAIZEN01/B0INCIDENT1', channel: '#webhook-b0incident1', body: message })]);
    expect(seen.webhooks[0]).toMatchObject({ webhook: 'T0KAIZEN01/B0INCIDENT1', messages: [expect.objectContaining({ body: message })] });
    // the call is in the request log, its secret masked
    expect(sb.log.list({ kind: 'egress' })).toEqual([expect.objectContaining({ target: 'hooks.slack.com', method: 'POST', path: '/services/T0KAIZEN01/B0INCIDENT1/****', status: 200, caller: 'slack-test' })]);
  });

  it('refuses each Slack rule with Slack’s status and error string, recording nothing', async () => {
    const cases: Array<[unknown, number, string]> = [
      ['{not json', 400, 'invalid_payload'],
      [{}, 400, 'no_text'],
      [{ text: 'x', blocks: 'divider' }, 400, 'invalid_blocks_format'],
      [{ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, 400, 'invalid_blocks'],
      [{ blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'not plain' } }] }, 400, 'invalid_blocks'],
      [{ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }, 400, 'invalid_blocks'],
      [{ attachments: Array.from({ length: 101 }, () => ({ text: 'a' })) }, 400, 'too_many_attachments'],
    ];
    for (const [body, status, error] of cases) expect([body, await post(WEBHOOK, body)]).toEqual([body, { status, text: error, retryAfter: null }]);
    // malformed webhooks
    expect(await post('https://hooks.slack.com/services/T0KAIZEN01/B0INCIDENT1/short', message)).toMatchObject({ status: 403, text: 'invalid_token' });
    expect(await post('https://hooks.slack.com/services/T0KAIZEN01/B0INCIDENT1/ABCDEFGHIJKLMNOPQRSTUVWX', message)).toMatchObject({ status: 403, text: 'invalid_token' });
    expect(await post('https://hooks.slack.com/services/nope/B0INCIDENT1/abcdefghijklmnopqrstuvwx', message)).toMatchObject({ status: 404, text: 'no_team' });
    expect(await post('https://hooks.slack.com/services/T0KAIZEN01', message)).toMatchObject({ status: 404, text: 'no_service' });
    expect((await inspected()).messages).toEqual([]);
  });

  it('answers a revoked, archived or prohibited webhook as Slack does', async () => {
    const register = async (body: unknown) => (await sb.http('/__sandbox/slack/webhooks', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<SlackWebhook>;
    const made = await register({ channel: '#incidents' });
    expect(made.url).toMatch(/^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{10}\/B[A-Z0-9]{10}\/[A-Za-z0-9]{24}$/);
    expect(await post(made.url, message)).toMatchObject({ status: 200 });
    expect((await inspected()).messages).toEqual([expect.objectContaining({ channel: '#incidents' })]);
    for (const [state, status, error] of [['revoked', 404, 'no_service'], ['channel_is_archived', 410, 'channel_is_archived'], ['action_prohibited', 403, 'action_prohibited'], ['channel_not_found', 404, 'channel_not_found']] as const) {
      await register({ url: made.url, state });
      expect([state, await post(made.url, message)]).toEqual([state, { status, text: error, retryAfter: null }]);
    }
    expect((await inspected()).messages).toHaveLength(1);
  });

  it('injects 429 with Retry-After and 500 for the next N posts to a webhook', async () => {
    const fault = (body: unknown) => sb.http('/__sandbox/slack/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await fault({ webhook: WEBHOOK, status: 429, count: 2, retryAfterSeconds: 7 })).status).toBe(201);
    expect((await fault({ status: 418 })).status).toBe(400);
    expect(await post(WEBHOOK, message)).toEqual({ status: 429, text: 'rate_limited', retryAfter: '7' });
    expect(await post(WEBHOOK, message)).toEqual({ status: 429, text: 'rate_limited', retryAfter: '7' });
    expect(await post(WEBHOOK, message)).toMatchObject({ status: 200 });
    await fault({ webhook: 'T0KAIZEN01/B0INCIDENT1', status: 500 });
    // another webhook is not affected
    expect(await post('https://hooks.slack.com/services/T0KAIZEN01/B0OTHER0001/abcdefghijklmnopqrstuvwx', message)).toMatchObject({ status: 200 });
    expect(await post(WEBHOOK, message)).toEqual({ status: 500, text: 'rollup_error', retryAfter: null });
    expect(await post(WEBHOOK, message)).toMatchObject({ status: 200 });
    const seen = await inspected();
    expect(seen.messages.map((m) => m.webhook)).toEqual(['T0KAIZEN01/B0INCIDENT1', 'T0KAIZEN01/B0OTHER0001', 'T0KAIZEN01/B0INCIDENT1']);
    await sb.http('/__sandbox/reset', { method: 'POST' });
    expect((await inspected()).messages).toEqual([]);
  });

  it('accepts a post at the sandbox port too (curl), as at hooks.slack.com', async () => {
    const res = await sb.http('/services/T0KAIZEN01/B0INCIDENT1/abcdefghijklmnopqrstuvwx', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
    expect([res.status, await res.text()]).toEqual([200, 'ok']);
  });

  it('refuses a host the manifest does not declare with a 403, as Forge does, naming the manifest key', async () => {
    const res = await post('https://example.com/hook', message);
    expect(res.status).toBe(403);
    expect(res.text).toContain('URL not included in the external fetch backend permissions: https://example.com/hook');
    expect(res.text).toContain('permissions.external.fetch.backend');
    // protocol counts: the declared entry is https
    expect((await post('http://hooks.slack.com/services/T0KAIZEN01/B0INCIDENT1/abcdefghijklmnopqrstuvwx', message)).status).toBe(403);
    expect(sb.log.list({ kind: 'egress' }).map((e) => [e.target, e.status])).toEqual([['example.com', 403], ['hooks.slack.com', 403]]);
    expect((await inspected()).messages).toEqual([]);
  });
});

describe('the egress rule', () => {
  const slack = () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });
  const emulated = new Map([['hooks.slack.com', slack]]);
  const call = (backend: string[], url: string) => createEgressFetch({ backend, emulated })(url, { method: 'POST', body: '{}' });

  it('matches protocol and host (a path on an entry grants the host), strings and {address} alike', async () => {
    expect((await call(['https://hooks.slack.com'], 'https://hooks.slack.com/services/a')).status).toBe(200);
    expect((await call(['hooks.slack.com'], 'https://hooks.slack.com/services/a')).status).toBe(200);
    expect((await call(['https://hooks.slack.com/services/only-this'], 'https://hooks.slack.com/other')).status).toBe(200);
    expect((await call(['https://slack.com'], 'https://hooks.slack.com/services/a')).status).toBe(403);
  });

  it('a wildcard covers subdomains, never its parent; `*` allows everything', async () => {
    expect((await call(['*.slack.com'], 'https://hooks.slack.com/services/a')).status).toBe(200);
    expect((await call(['*.hooks.slack.com'], 'https://hooks.slack.com/services/a')).status).toBe(403);
    expect((await call(['*'], 'https://hooks.slack.com/services/a')).status).toBe(200);
  });

  it('refuses a declared host the sandbox does not emulate: nothing reaches the internet', async () => {
    await expect(call(['https://api.example.com'], 'https://api.example.com/v1')).rejects.toThrow(/api\.example\.com is declared in permissions\.external\.fetch\.backend, but the sandbox does not emulate it/);
    await expect(call(['*'], 'https://api.example.com/v1')).rejects.toThrow(TypeError);
  });
});
