import { runInNewContext } from 'node:vm';
import { startTestSandbox, type TestSandbox } from '../../test/helpers/test-sandbox';
import { createIssue, frameIds, page, BEN } from './host-test-kit';

/**
 * The real @forge/bridge against the host: the frame document's inline bootstrap (as served) defines
 * `__bridge`, then @forge/bridge is loaded and its public API is called — its calls reach the sandbox's bridge
 * endpoints and the fixture's resolver. Only the browser is faked (a bare window that records postMessage).
 */

/** The part of @forge/bridge used here, typed locally so the type check does not need the package. */
interface ForgeBridge {
  invoke(functionKey: string, payload?: Record<string, unknown>): Promise<unknown>;
  view: { getContext(): Promise<Record<string, unknown> & { localId: string }>; submit(p?: unknown): Promise<void>; close(p?: unknown): Promise<void>; emitReadyEvent(): Promise<void> };
  router: { getUrl(location: Record<string, unknown>): Promise<URL> };
  events: { emit(event: string, payload?: unknown): Promise<void> };
  showFlag(options: Record<string, unknown>): unknown;
}

const hasBridge = ((): boolean => {
  try {
    require.resolve('@forge/bridge');
    return true;
  } catch {
    return false;
  }
})();

(hasBridge ? describe : describe.skip)('@forge/bridge 7 on the sandbox host', () => {
  let sb: TestSandbox;
  let posted: Array<Record<string, unknown>>;
  let bridge: ForgeBridge;
  let key: string;

  beforeAll(async () => {
    sb = await startTestSandbox();
    key = (await createIssue(sb, { summary: 'Bridge' })).key;
    const [frameId] = frameIds((await page(sb, `/browse/${key}`, BEN)).html, 'fixture-panel');
    const html = await (await sb.http(`/__sandbox/frame/${frameId!}`)).text();
    const bootstrap = /<head[^>]*><script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    posted = [];
    const win: Record<string, unknown> = {
      location: { origin: sb.url },
      parent: { postMessage: (msg: Record<string, unknown>) => posted.push(msg) },
      addEventListener: () => {},
    };
    win['window'] = win;
    const document = { addEventListener: () => {}, documentElement: { setAttribute: () => {} }, querySelector: () => null };
    const fetchSandbox = (url: string, init: RequestInit) => fetch(`${sb.url}${url}`, init);
    runInNewContext(bootstrap, { window: win, document, fetch: fetchSandbox, URL, setTimeout });
    (globalThis as Record<string, unknown>)['__bridge'] = win['__bridge'];
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after __bridge exists, as in a frame
      bridge = require('@forge/bridge') as ForgeBridge;
    });
  });
  afterAll(async () => {
    delete (globalThis as Record<string, unknown>)['__bridge'];
    await sb.dispose();
  });

  it('invoke reaches the resolver with the registered context', async () => {
    const value = (await bridge.invoke('whoami', { n: 1 })) as { payload: unknown; context: { accountId: string; extension: { issue: { key: string } } } };
    expect(value.payload).toEqual({ n: 1 });
    expect(value.context.accountId).toBe(BEN);
    expect(value.context.extension.issue.key).toBe(key);
    await expect(bridge.invoke('fail')).rejects.toThrow('fixture resolver failed: <b>on purpose</b>');
  });

  it('view.getContext, submit, close, router.getUrl, events and showFlag work as @forge/bridge expects', async () => {
    const ctx = await bridge.view.getContext();
    expect(ctx).toMatchObject({ accountId: BEN, locale: 'en-US', moduleKey: 'fixture-panel', extension: { type: 'jira:issuePanel', issue: { key } } });
    await expect(bridge.view.submit({ a: 1 })).resolves.toBeUndefined();
    await expect(bridge.view.close()).resolves.toBeUndefined();
    const url = await bridge.router.getUrl({ target: 'issue', issueKey: key });
    expect(url.href).toBe(`${sb.url}/browse/${key}`);
    await bridge.events.emit('kaizen:refresh', { id: 1 });
    bridge.showFlag({ id: 'saved', title: 'Saved', appearance: 'success' });
    await bridge.view.emitReadyEvent();
    expect(posted.map((m) => m['type'])).toEqual(expect.arrayContaining(['submit', 'close', 'emit', 'showFlag', 'ready']));
    expect(posted.find((m) => m['type'] === 'emit' && m['event'] === 'EXTENSION_READY')).toMatchObject({ payload: { localId: ctx.localId } });
  });
});
