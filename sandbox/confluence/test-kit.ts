import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ACCOUNT_ID, type Actor, type ProductEmulator, type ProductEvent, type ProductRequest, type ProductResponse } from '../core/product';
import { openStore, type Store } from '../store/store';
import { createConfluenceEmulator } from './confluence-emulator';

/**
 * Test kit for the Confluence emulator: a store in a temp dir, a controllable clock, captured events, a
 * request builder that takes method and path template from Atlassian's OpenAPI documents, and a check
 * that every answer with a documented schema conforms to it.
 */

export const APP: Actor = { kind: 'app' };
export const AIKO: Actor = { kind: 'user', accountId: '557058:aiko-sato' };
export const BEN: Actor = { kind: 'user', accountId: '557058:ben-carter' };
export const VIEWER: Actor = { kind: 'user', accountId: '557058:viewer-vic' };
export const ANONYMOUS: Actor = { kind: 'anonymous' };
export { APP_ACCOUNT_ID };

interface SpecOperation {
  method: string;
  template: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  spec: 'v1' | 'v2';
}

const specsDir = process.env['KAIZEN_SPECS_DIR'] ?? path.resolve(__dirname, '../../../shared/specs');
const docs = {
  v2: JSON.parse(readFileSync(path.join(specsDir, 'confluence-v2.patched.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string; responses?: SpecOperation['responses'] }>>; components: unknown },
  v1: JSON.parse(readFileSync(path.join(specsDir, 'confluence-v1.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string; responses?: SpecOperation['responses'] }>>; components: unknown },
};

/** By operationId; where v1 reuses a v2 operationId (`getSpaces`), the v2 operation wins. */
const operations = new Map<string, SpecOperation>();
for (const spec of ['v2', 'v1'] as const) {
  for (const [template, item] of Object.entries(docs[spec].paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op && typeof op === 'object' && op.operationId && !operations.has(op.operationId)) operations.set(op.operationId, { method: method.toUpperCase(), template, responses: op.responses ?? {}, spec });
    }
  }
}

export interface CallInit {
  path?: Record<string, string>;
  query?: Record<string, string | string[]> | URLSearchParams;
  body?: unknown;
  actor?: Actor;
}

export function buildRequest(operationId: string, init: CallInit = {}): ProductRequest {
  const op = operations.get(operationId);
  if (!op) throw new Error(`Unknown operationId ${operationId}`);
  const pathParams = init.path ?? {};
  const p = op.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = pathParams[name];
    if (v === undefined) throw new Error(`Missing path parameter ${name} for ${operationId}`);
    return encodeURIComponent(v);
  });
  let query: URLSearchParams;
  if (init.query instanceof URLSearchParams) query = init.query;
  else {
    query = new URLSearchParams();
    for (const [k, v] of Object.entries(init.query ?? {})) for (const item of Array.isArray(v) ? v : [v]) query.append(k, item);
  }
  return {
    product: 'confluence',
    method: op.method,
    path: p,
    query,
    headers: {},
    body: init.body,
    rawBody: init.body === undefined ? undefined : JSON.stringify(init.body),
    operationId,
    pathTemplate: op.template,
    pathParams,
    actor: init.actor ?? APP,
  };
}

/** Ajv over each document's components; `nullable` is understood by Ajv natively. */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const f of ['int32', 'int64', 'double', 'float', 'binary', 'byte']) ajv.addFormat(f, true);
ajv.addSchema({ $id: 'confluence-v2', components: docs.v2.components });
ajv.addSchema({ $id: 'confluence-v1', components: docs.v1.components });
const validators = new Map<string, ValidateFunction>();

/** Rewrites local `#/components/...` refs to point into the registered document. */
function rebase(schema: unknown, id: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rebase(s, id));
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${id}${v}` : rebase(v, id)]),
    );
  }
  return schema;
}

/** Errors of the response against its documented schema; `[]` when it conforms or the status documents none. */
export function schemaErrors(operationId: string, res: ProductResponse): string[] {
  const op = operations.get(operationId);
  const schema = op?.responses[String(res.status)]?.content?.['application/json']?.schema;
  if (!op || !schema) return [];
  const key = `${operationId}:${res.status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rebase(schema, op.spec === 'v2' ? 'confluence-v2' : 'confluence-v1') as object);
    validators.set(key, validate);
  }
  if (validate(res.body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

export interface Kit {
  dir: string;
  store: Store;
  emulator: ProductEmulator;
  events: ProductEvent[];
  clock: { now: Date; advance(ms: number): void };
  /** Calls the emulator and fails the test if a documented response schema is not met. */
  call(operationId: string, init?: CallInit): Promise<ProductResponse & { body: any }>;
  /** Closes and reopens the store in the same directory with a fresh emulator (a sandbox restart). */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export const SITE = { baseUrl: 'http://127.0.0.1:4010', cloudId: 'sandbox-cloud' };

export async function createKit(): Promise<Kit> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kaizen-confluence-'));
  const clock = {
    now: new Date('2025-06-01T09:00:00.000Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const events: ProductEvent[] = [];
  const make = (store: Store): ProductEmulator => createConfluenceEmulator({ store, site: SITE, emit: (e) => events.push(e), now: () => clock.now });
  const kit: Kit = {
    dir,
    store: openStore(dir),
    emulator: undefined as unknown as ProductEmulator,
    events,
    clock,
    async call(operationId, init) {
      // Each call happens a second after the previous one, so timestamps order writes.
      clock.advance(1000);
      const res = await kit.emulator.handle(buildRequest(operationId, init));
      const errors = schemaErrors(operationId, res);
      if (errors.length > 0) throw new Error(`${operationId} ${res.status} does not match its documented schema: ${errors.join('; ')}\n${JSON.stringify(res.body)}`);
      return res as ProductResponse & { body: any };
    },
    async reopen() {
      await kit.store.close();
      kit.store = openStore(dir);
      kit.emulator = make(kit.store);
    },
    async close() {
      await kit.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  kit.emulator = make(kit.store);
  return kit;
}

/** The seeded space and parents, looked up through the API (never hard-coded ids). */
export async function seeded(kit: Kit): Promise<{ spaceId: string; homepageId: string; incidentsId: string; retrosId: string }> {
  const spaces = await kit.call('getSpaces', { query: { keys: 'OPS' } });
  const space = spaces.body.results[0];
  const pages = await kit.call('getPagesInSpace', { path: { id: space.id }, query: { limit: '250' } });
  const byTitle = (t: string): string => pages.body.results.find((p: { title: string }) => p.title === t).id;
  return { spaceId: space.id, homepageId: space.homepageId, incidentsId: byTitle('Incidents'), retrosId: byTitle('Retrospectives') };
}

export const storage = (value: string): { representation: 'storage'; value: string } => ({ representation: 'storage', value });
