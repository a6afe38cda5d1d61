import { runInNewContext } from 'node:vm';
import { SANDBOX_USERS } from '../core/product';
import type { UiModule } from '../runtime/app-manifest';
import type { Frame, HostEnv } from './frames';
import { bootstrapScript, injectIntoHead } from './resources';

/**
 * The bootstrap the host injects into every frame, run in a bare VM context with a fake window: the exact
 * `callBridge(name, payload)` names of @forge/bridge 7.2 (shared/docs/forge-platform.md §7.6), what each resolves
 * with, and the messages it sends the host page. The real thing in a browser is the Playwright suite's job.
 */

const ORIGIN = 'http://host.test';
const env: HostEnv = { appId: 'app', environmentId: 'sandbox-development', environmentType: 'DEVELOPMENT', cloudId: 'cloud', installContext: 'ari:cloud:jira::site/cloud' };
const frame: Frame = {
  id: 'frame-1',
  localId: 'local-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  module: { key: 'panel', type: 'jira:issuePanel', resource: 'ui' } as UiModule,
  resource: 'ui',
  extension: { type: 'jira:issuePanel', issue: { key: 'OPS-1</script>' } },
  user: SANDBOX_USERS[1]!,
  locale: 'en-US',
  colorMode: 'dark',
  siteUrl: ORIGIN,
};

type Listener = (e: { source: unknown; origin: string; data: unknown }) => void;

function load(answers: Record<string, { status: number; body: unknown }>) {
  const posted: Array<{ msg: Record<string, unknown>; origin: string }> = [];
  const fetched: Array<{ url: string; init: { body: string; credentials: string } }> = [];
  const listeners: Listener[] = [];
  const parent = { postMessage: (msg: Record<string, unknown>, origin: string) => posted.push({ msg, origin }) };
  const attrs: Record<string, string> = {};
  const win: Record<string, unknown> = {
    location: { origin: ORIGIN },
    parent,
    addEventListener: (type: string, fn: Listener) => type === 'message' && listeners.push(fn),
    getComputedStyle: () => ({ marginTop: '0', marginBottom: '0' }),
  };
  const document = {
    addEventListener: () => {},
    documentElement: { setAttribute: (k: string, v: string) => (attrs[k] = v) },
    querySelector: () => null,
    createElement: () => ({ setAttribute: () => {} }),
    head: { appendChild: () => {} },
  };
  const fetch = async (url: string, init: { body: string; credentials: string }) => {
    fetched.push({ url, init });
    const op = url.split('/').pop()!;
    const a = answers[op] ?? { status: 404, body: { error: `no ${op}` } };
    return { ok: a.status < 400, status: a.status, text: async () => JSON.stringify(a.body) };
  };
  win['window'] = win;
  runInNewContext(bootstrapScript(frame, env), { window: win, document, fetch, URL, setTimeout });
  const callBridge = (win['__bridge'] as { callBridge: (name: string, payload?: unknown) => Promise<unknown> }).callBridge;
  const fromHost = (data: unknown, source: unknown = parent, origin = ORIGIN) => listeners.forEach((fn) => fn({ source, origin, data: { source: 'kaizen-sandbox-host', ...(data as object) } }));
  return { callBridge, posted, fetched, fromHost, attrs };
}

describe('the frame bootstrap (window.__bridge)', () => {
  it('inlines the context safely and is what injectIntoHead puts first in <head>', () => {
    const script = bootstrapScript(frame, env);
    expect(script).not.toContain('OPS-1</script>');
    expect(script).toContain('OPS-1\\u003c/script\\u003e');
    expect(injectIntoHead('<!doctype html><html><head lang="x"><title>t</title></head></html>', 'B', '/r/')).toBe('<!doctype html><html><head lang="x"><script>B</script><base href="/r/"><title>t</title></head></html>');
    expect(injectIntoHead('<html><header>x</header></html>', 'B', '/r/')).toBe('<html><head><script>B</script><base href="/r/"></head><header>x</header></html>');
    expect(injectIntoHead('<p>bare</p>', 'B', '/r/')).toBe('<head><script>B</script><base href="/r/"></head><p>bare</p>');
  });

  it('answers getContext with the registered FullContext and invoke through the server', async () => {
    const b = load({ invoke: { status: 200, body: { value: { ok: 1 } } } });
    expect(await b.callBridge('getContext')).toMatchObject({ accountId: SANDBOX_USERS[1]!.accountId, localId: 'local-1', locale: 'en-US', moduleKey: 'panel', theme: { colorMode: 'dark' }, extension: frame.extension });
    expect(await b.callBridge('invoke', { functionKey: 'getIncident', payload: { a: 1 } })).toEqual({ ok: 1 });
    expect(b.fetched[0]!.url).toBe('/__sandbox/bridge/frame-1/invoke');
    expect(b.fetched[0]!.init.credentials).toBe('omit');
    expect(JSON.parse(b.fetched[0]!.init.body)).toEqual({ functionKey: 'getIncident', payload: { a: 1 } });
  });

  it('rejects with the server error message, and rejects calls it does not emulate', async () => {
    const b = load({ invoke: { status: 500, body: { error: 'Resolver exploded' } } });
    await expect(b.callBridge('invoke', { functionKey: 'x' })).rejects.toThrow('Resolver exploded');
    await expect(b.callBridge('requestTeamworkGraph', {})).rejects.toThrow(/does not emulate the bridge call requestTeamworkGraph/);
  });

  it('resolves fetchProduct with the response fields @forge/bridge builds a Response from', async () => {
    const answer = { body: '{"accountId":"x"}', headers: { 'content-type': 'application/json' }, status: 200, statusText: 'OK' };
    const b = load({ fetch: { status: 200, body: answer } });
    const init = { body: null, headers: [['x-atlassian-token', 'no-check']] };
    expect(await b.callBridge('fetchProduct', { product: 'jira', restPath: '/rest/api/3/myself', fetchRequestInit: init, isMultipartFormData: false })).toEqual(answer);
    expect(JSON.parse(b.fetched[0]!.init.body)).toEqual({ product: 'jira', restPath: '/rest/api/3/myself', fetchRequestInit: init });
  });

  it('tells the host page about submit, close, flags, modals, navigation and events, and relays events back', async () => {
    const b = load({ submit: { status: 200, body: { ok: true } }, modal: { status: 200, body: { frameId: 'modal-1', src: '/__sandbox/frame/modal-1' } }, url: { status: 200, body: { url: '/browse/OPS-2' } } });
    expect(await b.callBridge('submit', { x: 1 })).toBe(true);
    expect(await b.callBridge('close', { y: 2 })).toBe(true);
    b.callBridge('showFlag', { id: 'f1', title: 'Saved', type: 'success', actions: [{ text: 'Undo', onClick: () => {} }] });
    let closedWith: unknown;
    expect(await b.callBridge('openModal', { resource: null, size: 'large', title: 'M', context: { k: 1 }, onClose: (p: unknown) => (closedWith = p) })).toBe(true);
    await b.callBridge('navigate', { target: 'issue', issueKey: 'OPS-2', type: 'new-tab' });
    expect(await b.callBridge('getUrl', { target: 'issue', issueKey: 'OPS-2' })).toBe(`${ORIGIN}/browse/OPS-2`);
    await b.callBridge('emit', { event: 'incident-updated', payload: { id: 'i1' } });
    const types = b.posted.map((p) => p.msg['type']);
    expect(types).toEqual(['submit', 'close', 'showFlag', 'openModal', 'navigate', 'emit']);
    expect(b.posted.every((p) => p.origin === ORIGIN && p.msg['frameId'] === 'frame-1' && p.msg['source'] === 'kaizen-sandbox-frame')).toBe(true);
    expect(b.posted[2]!.msg['flag']).toEqual({ id: 'f1', title: 'Saved', description: '', appearance: 'success', isAutoDismiss: false, actions: [{ text: 'Undo' }] });
    expect(b.posted[3]!.msg).toMatchObject({ modalFrameId: 'modal-1', size: 'large', title: 'M' });
    expect(b.posted[4]!.msg).toMatchObject({ url: `${ORIGIN}/browse/OPS-2`, newTab: true });

    const got: unknown[] = [];
    const sub = (await b.callBridge('on', { event: 'incident-updated', callback: (p: unknown) => got.push(p) })) as { unsubscribe(): void };
    b.fromHost({ type: 'event', event: 'incident-updated', payload: { id: 'i1' } });
    b.fromHost({ type: 'event', event: 'incident-updated', payload: { id: 'forged' } }, { postMessage() {} }); // not the parent
    b.fromHost({ type: 'modalClosed', modalFrameId: 'modal-1', payload: { done: true } });
    b.fromHost({ type: 'theme', colorMode: 'light' });
    sub.unsubscribe();
    b.fromHost({ type: 'event', event: 'incident-updated', payload: { id: 'late' } });
    expect(got).toEqual([{ id: 'i1' }]);
    expect(closedWith).toEqual({ done: true });
    expect(((await b.callBridge('getContext')) as { theme: { colorMode: string } }).theme.colorMode).toBe('light');
  });

  it('applies the colour mode once theming is enabled, and gives a minimal history', async () => {
    const b = load({});
    expect(b.attrs['data-color-mode']).toBeUndefined();
    await b.callBridge('enableTheming');
    expect(b.attrs['data-color-mode']).toBe('dark');
    expect(b.attrs['data-theme']).toContain('light:light');
    const h = (await b.callBridge('createHistory')) as { location: { pathname: string }; push(p: string): void; listen(fn: (l: { pathname: string }) => void): () => void };
    const seen: string[] = [];
    h.listen((l) => seen.push(l.pathname));
    h.push('/sources?x=1');
    expect(h.location).toMatchObject({ pathname: '/sources', search: '?x=1' });
    expect(seen).toEqual(['/sources']);
    expect(b.posted.at(-1)!.msg).toMatchObject({ type: 'history', action: 'push', path: '/sources?x=1' });
  });
});
