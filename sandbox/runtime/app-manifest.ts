import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The parts of an app's `manifest.yml` the sandbox acts on. The full schema check is @forge/manifest's job
 * (test/manifest.test.ts); here we read only what running the app needs, and fail loudly on what we can't run.
 * Module shapes: https://developer.atlassian.com/platform/forge/manifest-reference/
 */

const fn = z.object({
  key: z.string(),
  handler: z.string().regex(/^[^.]+(\/[^.]+)*\.[A-Za-z_$][\w$]*$/, 'handler must be <file>.<export>'),
  timeoutSeconds: z.number().int().min(1).max(900).optional(),
});

const webtrigger = z.object({
  key: z.string(),
  function: z.string(),
  urlFormat: z.enum(['v1', 'v2']).optional(),
  response: z
    .object({
      type: z.enum(['static', 'dynamic']),
      outputs: z.array(z.object({ key: z.string(), statusCode: z.number().int(), body: z.string().optional(), contentType: z.string().optional() })).optional(),
    })
    .optional(),
});

const consumer = z.object({ key: z.string(), queue: z.string(), function: z.string() });
const scheduledTrigger = z.object({ key: z.string(), function: z.string(), interval: z.enum(['fiveMinute', 'hour', 'day', 'week']) });
const trigger = z.object({
  key: z.string(),
  function: z.string(),
  events: z.array(z.union([z.string(), z.object({ eventType: z.string() }).passthrough()])),
  filter: z.object({ ignoreSelf: z.boolean().optional(), expression: z.string().optional() }).passthrough().optional(),
});
const uiModule = z
  .object({ key: z.string(), resource: z.string().optional(), resolver: z.object({ function: z.string() }).optional(), title: z.unknown().optional() })
  .passthrough();

const entity = z.object({
  name: z.string(),
  attributes: z.record(z.string(), z.object({ type: z.enum(['string', 'integer', 'float', 'boolean', 'any']) })),
  indexes: z.array(z.union([z.string(), z.object({ name: z.string(), range: z.array(z.string()), partition: z.array(z.string()).optional() })])).optional(),
});

const manifestSchema = z.object({
  modules: z
    .object({
      function: z.array(fn).default([]),
      webtrigger: z.array(webtrigger).default([]),
      consumer: z.array(consumer).default([]),
      scheduledTrigger: z.array(scheduledTrigger).default([]),
      trigger: z.array(trigger).default([]),
    })
    .catchall(z.unknown()),
  resources: z.array(z.object({ key: z.string(), path: z.string() })).default([]),
  remotes: z.array(z.object({ key: z.string(), baseUrl: z.string() }).passthrough()).default([]),
  permissions: z
    .object({
      external: z
        .object({ fetch: z.object({ backend: z.array(z.union([z.string(), z.object({ address: z.string() }).passthrough(), z.object({ remote: z.string() }).passthrough()])).default([]) }).passthrough().optional() })
        .passthrough()
        .optional(),
    })
    .passthrough()
    .optional(),
  app: z.object({
    id: z.string(),
    runtime: z.object({ name: z.string() }).passthrough(),
    storage: z.object({ entities: z.array(entity).default([]) }).optional(),
  }).passthrough(),
}).passthrough();

const EGRESS_KEY = 'permissions.external.fetch.backend';

export type ManifestFunction = z.infer<typeof fn>;
export type WebTriggerModule = z.infer<typeof webtrigger>;
export type ConsumerModule = z.infer<typeof consumer>;
export type ScheduledTriggerModule = z.infer<typeof scheduledTrigger>;
export type TriggerModule = z.infer<typeof trigger>;
export type EntityModule = z.infer<typeof entity>;
export type UiModule = z.infer<typeof uiModule> & { type: string };

/** The UI module types the browser host knows how to place. */
export const UI_MODULE_TYPES = ['jira:issuePanel', 'jira:issueGlance', 'jira:issueAction', 'jira:dashboardGadget', 'jira:adminPage', 'jira:projectPage', 'macro'] as const;

export interface AppManifest {
  appId: string;
  appDir: string;
  functions: Map<string, ManifestFunction>;
  webtriggers: WebTriggerModule[];
  consumers: ConsumerModule[];
  scheduledTriggers: ScheduledTriggerModule[];
  triggers: TriggerModule[];
  uiModules: UiModule[];
  resources: Array<{ key: string; path: string }>;
  entities: EntityModule[];
  /**
   * `permissions.external.fetch.backend` as addresses: a string entry as written, `{address}` its address,
   * `{remote}` the remote's `baseUrl` (manifest-reference/permissions/#fetch). The sandbox's egress rule (egress.ts).
   */
  fetchBackend: string[];
  /** The module (of any type) a function serves, for the invocation context. */
  moduleOf(functionKey: string): { key: string; type: string } | undefined;
}

export function loadAppManifest(appDir: string): AppManifest {
  const raw: unknown = parse(readFileSync(join(appDir, 'manifest.yml'), 'utf8'));
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`manifest.yml cannot be run by the sandbox: ${detail}`);
  }
  const m = parsed.data;
  const functions = new Map(m.modules.function.map((f) => [f.key, f]));
  const uiModules: UiModule[] = [];
  for (const type of UI_MODULE_TYPES) {
    const list = m.modules[type];
    if (!Array.isArray(list)) continue;
    for (const item of list) uiModules.push({ ...uiModule.parse(item), type });
  }
  const referenced: Array<{ fn: string; key: string; type: string }> = [
    ...m.modules.webtrigger.map((w) => ({ fn: w.function, key: w.key, type: 'webtrigger' })),
    ...m.modules.consumer.map((c) => ({ fn: c.function, key: c.key, type: 'consumer' })),
    ...m.modules.scheduledTrigger.map((s) => ({ fn: s.function, key: s.key, type: 'scheduledTrigger' })),
    ...m.modules.trigger.map((t) => ({ fn: t.function, key: t.key, type: 'trigger' })),
    ...uiModules.flatMap((u) => (u.resolver ? [{ fn: u.resolver.function, key: u.key, type: u.type }] : [])),
  ];
  for (const r of referenced) {
    if (!functions.has(r.fn)) throw new Error(`manifest.yml: module ${r.key} references unknown function ${r.fn}`);
  }
  return {
    appId: m.app.id,
    appDir,
    functions,
    webtriggers: m.modules.webtrigger,
    consumers: m.modules.consumer,
    scheduledTriggers: m.modules.scheduledTrigger,
    triggers: m.modules.trigger,
    uiModules,
    resources: m.resources,
    entities: m.app.storage?.entities ?? [],
    fetchBackend: (m.permissions?.external?.fetch?.backend ?? []).map((e): string => {
      if (typeof e === 'string') return e;
      if (typeof e.address === 'string') return e.address;
      const remote = m.remotes.find((r) => r.key === e.remote);
      if (!remote) throw new Error(`manifest.yml: ${EGRESS_KEY} names unknown remote ${e.remote}`);
      return remote.baseUrl;
    }),
    moduleOf: (functionKey) => {
      const r = referenced.find((x) => x.fn === functionKey);
      return r ? { key: r.key, type: r.type } : undefined;
    },
  };
}
