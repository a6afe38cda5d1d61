import { randomUUID } from 'node:crypto';
import { currentInvocation } from './invocation';

/**
 * Installs the two globals Forge's Node runtime wrapper provides, which every @forge/* SDK reads:
 * `__forge_runtime__` (metadata) and `__forge_fetch__(descriptor, path, init)` (all I/O).
 * Shapes: shared/docs/forge-platform.md §9.2; @forge/api out/api/runtime.d.ts `ForgeRuntime`.
 */

export interface FetchDescriptor {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
  contextAri?: string;
}

export type ForgeFetch = (descriptor: FetchDescriptor, path: string, init: RequestInit | undefined) => Promise<Response>;

export interface RuntimeIdentity {
  /** The app's UUID (the last segment of the manifest's `app.id` ARI). */
  appId: string;
  appVersion: string;
  environmentId: string;
  installationId: string;
  cloudId: string;
}

const noopMetrics = {
  counter: () => ({ incr() {}, incrBy() {}, decr() {}, decrBy() {} }),
  timing: () => ({ measure: () => ({ stop() {} }) }),
  gauge: () => ({ set() {} }),
};

export function installForgeGlobals(identity: RuntimeIdentity, forgeFetch: ForgeFetch): void {
  const runtime = {
    // proxy.url/token are what the wrapper would use to reach Atlassian; the sandbox answers in-process instead.
    proxy: { token: 'sandbox-token', url: 'http://sandbox.invalid' },
    contextAri: `ari:cloud:jira::site/${identity.cloudId}`,
    container: { region: 'sandbox', runtime: 'nodejs', handler: 'index' },
    get appContext() {
      const inv = currentInvocation();
      return {
        appId: identity.appId,
        appVersion: identity.appVersion,
        environmentId: identity.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId: inv?.id ?? 'no-invocation',
        installationId: identity.installationId,
        functionKey: inv?.functionKey ?? '',
        moduleType: inv?.moduleType ?? '',
        moduleKey: inv?.moduleKey ?? '',
        permissions: { scopes: [], external: {} },
      };
    },
    /** The invoking user's account id; @forge/api authorize() throws without it. */
    get aaid() {
      return currentInvocation()?.accountId;
    },
    get lambdaContext() {
      const inv = currentInvocation();
      return {
        awsRequestId: inv?.id ?? randomUUID(),
        getRemainingTimeInMillis: () => (inv ? Math.max(0, inv.startedAt + inv.timeoutMs + (inv.paused?.ms ?? 0) - (inv.clock?.now() ?? Date.now())) : 0),
      };
    },
    tracing: { traceId: 'sandbox-trace', spanId: 'sandbox-span' },
    realtime: {},
    metrics: noopMetrics,
    featureFlags: () => false,
  };
  const g = globalThis as Record<string, unknown>;
  g.__forge_runtime__ = runtime;
  g.__forge_fetch__ = forgeFetch;
}
