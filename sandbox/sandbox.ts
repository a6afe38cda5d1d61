import { createServer, type Server } from 'node:http';
import { setTimeout } from 'node:timers';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createConfluenceEmulator } from './confluence/confluence-emulator';
import type { SandboxAppProfile } from './core/app-profile';
import { FaultInjector } from './core/faults';
import type { ProductEvent, SiteInfo } from './core/product';
import { ProductRouter } from './core/product-router';
import { credentialStringsIn } from './core/log-redaction';
import { RequestLog } from './core/request-log';
import { isLive, type StoredRecord } from './kvs/record';
import { KVS_SPACE, SECRET_SPACE } from './kvs/space';
import { createJiraEmulator } from './jira/jira-emulator';
import { declaredLlmFamilies, LlmService } from './llm/llm-service';
import { createKvsService, type KvsService } from './kvs/kvs-service';
import { loadSpecValidator } from './openapi/spec-validator';
import { loadAppManifest, type AppManifest } from './runtime/app-manifest';
import { createEgressFetch, installEgress } from './runtime/egress';
import { createForgeFetch } from './runtime/forge-fetch';
import { installForgeGlobals, type RuntimeIdentity } from './runtime/forge-globals';
import { installAppTimers } from './runtime/app-timers';
import { Invoker } from './runtime/invoker';
import { runInInvocation } from './runtime/invocation';
import { ProductEventBus } from './runtime/product-events';
import { QueueService, type QueueOptions } from './runtime/queues';
import { Scheduler } from './runtime/scheduler';
import { WebTriggerService } from './runtime/webtriggers';
import { createHttpHandler } from './server/http-handler';
import { SLACK_HOST, SlackReceiver } from './slack/slack-receiver';
import { createSqlService, type SqlService } from './sql/sql-service';
import { openStore, type Store } from './store/store';

export interface SandboxOptions {
  /** The app's root (manifest.yml, src/, static/). */
  appDir: string;
  /** Where the persistent store lives. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  specsDir?: string;
  /** Multiplies queue delays, retry backoff and schedule intervals (tests compress time). */
  timeScale?: number;
  /**
   * Whether every store commit is flushed to the disk before it returns (default true). Tests turn it off: a
   * restart of the sandbox still sees every committed write (see StoreOptions.sync); only a crash of the machine
   * could lose the last ones.
   */
  syncWrites?: boolean;
  /**
   * Compresses the app's own waits inside an invocation (its retry backoff) by this factor, while charging the full
   * wait to the invocation's time (its timeout and remaining time): see runtime/app-timers.ts. Default 1: real time.
   */
  appTimeScale?: number;
  queue?: Partial<Omit<QueueOptions, 'timeScale'>>;
  /** Check every product response against the OpenAPI documents (tests turn this on). */
  validateResponses?: boolean;
  /** Run scheduled triggers on their interval (off in tests, which fire them explicitly). */
  runSchedules?: boolean;
  profile?: SandboxAppProfile;
  /**
   * Work the app keeps in KVS for later, which `idle` waits for too: Kaizen keeps alerts that met the queue's
   * rate limit under `overflow:` and drains them from its consumers and its five-minute `housekeeping` trigger
   * (src/storage/overflow.ts). `idle` runs that trigger while such keys remain and the queue is quiet.
   */
  backlog?: { kvsPrefix: string; scheduledTrigger: string };
}

const KAIZEN_BACKLOG = { kvsPrefix: 'overflow:', scheduledTrigger: 'housekeeping' } as const;

export interface Sandbox {
  readonly url: string;
  readonly port: number;
  readonly manifest: AppManifest;
  readonly store: Store;
  readonly kvs: KvsService;
  /** Forge SQL (sandbox/sql): MariaDB under `<dataDir>/mariadb`, started on the first SQL call. */
  readonly sql: SqlService;
  /** Slack's incoming webhooks (sandbox/slack): what the app's `fetch` to hooks.slack.com reaches. */
  readonly slack: SlackReceiver;
  /** Forge LLMs for @forge/llm (sandbox/llm): validated prompts answered with a marked, deterministic placeholder. */
  readonly llm: LlmService;
  readonly router: ProductRouter;
  readonly queues: QueueService;
  readonly webtriggers: WebTriggerService;
  readonly scheduler: Scheduler;
  readonly events: ProductEventBus;
  readonly invoker: Invoker;
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  readonly profile: SandboxAppProfile | undefined;
  /** Back to the seeded state: products re-seeded, KVS, queues, logs and faults emptied; web trigger URLs kept. */
  reset(): Promise<void>;
  /**
   * Waits until queues and product events are drained and the app's backlog in KVS (see `backlog`) is queued and
   * processed (with `dueOnly`, delayed queue events are not waited for). Rejects after `timeoutMs`.
   */
  idle(timeoutMs?: number, dueOnly?: boolean): Promise<void>;
  close(): Promise<void>;
}

const SEEDED_MARKER = 'sandbox-meta';

/** Starts the sandbox: store, emulators, the Forge globals, the app's modules and the HTTP server. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const appDir = resolve(options.appDir);
  const manifest = loadAppManifest(appDir);
  const store = openStore(resolve(options.dataDir), { sync: options.syncWrites ?? true });
  const timeScale = options.timeScale ?? 1;
  const identity: RuntimeIdentity = {
    appId: manifest.appId.split('/').pop() ?? manifest.appId,
    appVersion: '1.0.0',
    environmentId: 'sandbox-development',
    installationId: 'sandbox-installation',
    cloudId: 'sandbox-cloud-0001',
  };
  const installContext = `ari:cloud:jira::site/${identity.cloudId}`;
  const site: SiteInfo = { baseUrl: 'http://127.0.0.1', cloudId: identity.cloudId };

  const log = new RequestLog();
  const faults = new FaultInjector();
  const appTimeScale = options.appTimeScale ?? 1;
  if (appTimeScale < 1) installAppTimers();
  const invoker = new Invoker(manifest, undefined, appTimeScale);
  const events = new ProductEventBus(manifest.triggers, invoker, installContext, timeScale);
  const emit = (e: ProductEvent): void => events.emit(e);
  const jira = createJiraEmulator({ store, site, emit });
  const confluence = createConfluenceEmulator({ store, site, emit });
  const router = new ProductRouter({
    validator: loadSpecValidator(options.specsDir ? { specsDir: options.specsDir } : {}),
    emulators: { jira, confluence },
    faults,
    log,
    validateResponses: options.validateResponses ?? false,
  });
  const kvs = createKvsService({ store, entities: manifest.entities.map((e) => ({ ...e, indexes: e.indexes ?? [] })) });
  // the app's secrets (KVS secret storage) are blanked wherever a request put them, before the log keeps it
  // (read again only when the secret store changed: every request the log keeps asks for them)
  let secrets: { at: number; strings: string[] } | undefined;
  log.redactSecretsFrom(() => {
    const at = store.changes(SECRET_SPACE.ns);
    if (secrets?.at !== at) secrets = { at, strings: store.range<StoredRecord>(SECRET_SPACE.ns).flatMap((e) => secretStringsOf(safeJson(e.value.v))) };
    return secrets.strings;
  });
  const queues = new QueueService(
    store,
    manifest.consumers,
    invoker,
    { concurrency: 8, maxAttempts: 5, duplicateDeliveryRate: 0, eventsPerMinute: 500, ...options.queue, timeScale },
    installContext,
  );
  const webtriggers = new WebTriggerService(store, manifest.webtriggers, invoker, log, () => site.baseUrl, installContext);
  const scheduler = new Scheduler(manifest.scheduledTriggers, invoker, identity.cloudId, installContext, timeScale, options.runSchedules ?? false);
  const sql = createSqlService({ dir: join(resolve(options.dataDir), 'mariadb'), log });
  const llm = new LlmService({ declaredFamilies: declaredLlmFamilies(appDir), log });
  installForgeGlobals(identity, createForgeFetch({ kvs, router, queues, webtriggers, sql, llm, installationId: () => identity.installationId }));
  const slack = new SlackReceiver(store);
  const emulated = new Map([[SLACK_HOST, (r: { method: string; url: URL; headers: Record<string, string>; body: string | undefined }) => slack.handle({ ...r, path: r.url.pathname + r.url.search })]]);
  installEgress(createEgressFetch({ backend: manifest.fetchBackend, emulated, log }));

  const backlog = options.backlog ?? KAIZEN_BACKLOG;
  const drainTrigger = manifest.scheduledTriggers.some((t) => t.key === backlog.scheduledTrigger) ? backlog.scheduledTrigger : undefined;
  const backlogEntries = (): number => {
    const now = Date.now();
    return store.range<StoredRecord>(KVS_SPACE.ns, { prefix: backlog.kvsPrefix }).filter((e) => isLive(e.value, now)).length;
  };

  const seed = async (): Promise<void> => {
    jira.seed();
    confluence.seed();
    store.put(SEEDED_MARKER, 'seededAt', new Date().toISOString());
    if (options.profile?.seed) {
      await runInInvocation({ functionKey: 'sandbox-profile', moduleKey: 'sandbox-profile', moduleType: 'sandbox', accountId: undefined, timeoutMs: 60_000 }, () => options.profile!.seed!());
    }
  };

  let server: Server | undefined;
  const sandbox: Sandbox = {
    get url() {
      return site.baseUrl;
    },
    get port() {
      return (server?.address() as AddressInfo | null)?.port ?? 0;
    },
    manifest,
    store,
    kvs,
    sql,
    slack,
    llm,
    router,
    queues,
    webtriggers,
    scheduler,
    events,
    invoker,
    log,
    faults,
    profile: options.profile,
    async reset() {
      queues.stop();
      const ids = store.range<string>('webtrigger-ids');
      store.clearAll();
      // and the queue's events-per-minute window: a reset sandbox accepts a full minute's worth again
      queues.clear();
      for (const { key, value } of ids) store.put('webtrigger-ids', key, value);
      log.clear();
      faults.clear();
      slack.clearFaults();
      llm.reset();
      invoker.clearRecords();
      router.violations.length = 0;
      await sql.reset();
      await seed();
      queues.start();
    },
    async idle(timeoutMs = 30_000, dueOnly = false) {
      // a consumer may cause product events, and a trigger may push events: settle both until quiet; then the
      // app's backlog (alerts kept while the queue refused them) is drained through its own trigger, and so on
      const deadline = Date.now() + timeoutMs;
      let settledRounds = 0;
      while (settledRounds < 20) {
        await queues.idle(Math.max(1, deadline - Date.now()), dueOnly);
        await events.idle();
        const s = queues.status();
        if (!((s.pending === 0 || dueOnly) && s.inFlight === 0)) {
          settledRounds++;
          continue;
        }
        const left = backlogEntries();
        if (left === 0 || !drainTrigger) return;
        if (Date.now() >= deadline) throw new Error(`not idle after ${timeoutMs} ms: ${left} ${backlog.kvsPrefix} entries still wait to be queued`);
        await scheduler.runNow(drainTrigger);
        // no progress means the queue's rate window is still full: wait a slice of its (scaled) minute
        if (backlogEntries() >= left) await new Promise((r) => setTimeout(r, Math.max(10, Math.min(1_000, 6_000 * timeScale))));
      }
    },
    async close() {
      scheduler.stop();
      queues.stop();
      // deliveries already running finish before the store closes under them
      for (let i = 0; i < 600 && queues.busy; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await sql.close();
      await store.close();
    },
  };

  server = createServer(
    createHttpHandler(sandbox, appDir, {
      appId: identity.appId,
      environmentId: identity.environmentId,
      environmentType: 'DEVELOPMENT',
      cloudId: identity.cloudId,
      installContext,
    }),
  );
  await new Promise<void>((resolvePromise, reject) => {
    server!.once('error', reject);
    server!.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  site.baseUrl = `http://${options.host && options.host !== '0.0.0.0' ? options.host : 'localhost'}:${port}`;

  if (!store.get(SEEDED_MARKER, 'seededAt')) await seed();
  // Load the app's handlers now, so a broken entry fails at start-up rather than on the first alert.
  for (const key of manifest.functions.keys()) invoker.handlerOf(key);
  queues.start();
  scheduler.start();
  return sandbox;
}

/** A secret stored as a bare string, or the credential-named strings of a record (`{secrets: [...]}`). */
function secretStringsOf(value: unknown): string[] {
  return typeof value === 'string' ? [value] : credentialStringsIn(value);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
