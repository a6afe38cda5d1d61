import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FaultInjector } from '../core/faults';
import type { Actor, ProductEmulator } from '../core/product';
import { ProductRouter } from '../core/product-router';
import { RequestLog } from '../core/request-log';
import { loadSpecValidator } from '../openapi/spec-validator';
import { openStore, type Store } from '../store/store';
import { createConfluenceEmulator } from './confluence-emulator';
import { SITE } from './test-kit';

/**
 * The emulator behind the sandbox's real front door: every request is checked against Atlassian's
 * OpenAPI documents by the router, and every answer too (`validateResponses`). A Kaizen-like flow must
 * pass without a single request refused by the spec or a response violating it.
 */

let dir: string;
let store: Store;
let router: ProductRouter;

const jiraStub: ProductEmulator = { product: 'jira', operations: new Set(), handle: () => ({ status: 501 }), seed: () => undefined };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kaizen-confluence-router-'));
  store = openStore(dir);
  const confluence = createConfluenceEmulator({ store, site: SITE, emit: () => undefined });
  router = new ProductRouter({ validator: loadSpecValidator(), emulators: { jira: jiraStub, confluence }, faults: new FaultInjector(), log: new RequestLog(), validateResponses: true });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(method: string, url: string, body?: unknown, actor: Actor = { kind: 'app' }): Promise<{ status: number; body: any; headers: Record<string, string> }> {
  const res = await router.route({ method, url, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), actor, caller: 'test' });
  return { status: res.status, headers: res.headers, body: res.body ? JSON.parse(res.body) : undefined };
}

it('serves a Kaizen incident-page flow through the spec-validating router without a violation', async () => {
  const space = (await send('GET', '/wiki/api/v2/spaces?keys=OPS')).body.results[0];
  const parents = await send('GET', `/wiki/api/v2/spaces/${space.id}/pages?title=Incidents&body-format=storage`);
  expect(parents.status).toBe(200);
  const incidents = parents.body.results[0].id as string;

  const body = { representation: 'storage', value: '<p>Kaizen region</p><ac:structured-macro ac:name="info"><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>' };
  const created = await send('POST', '/wiki/api/v2/pages', { spaceId: space.id, status: 'current', title: 'INC-1 Database outage', parentId: incidents, body });
  expect(created.status).toBe(200);
  const id = created.body.id as string;

  expect((await send('GET', `/wiki/api/v2/pages/${id}?body-format=storage&include-labels=true&include-properties=true&include-versions=true&include-operations=true&include-likes=true&include-favorited-by-current-user-status=true`)).status).toBe(200);
  expect((await send('GET', `/wiki/api/v2/pages/${id}?body-format=view`)).status).toBe(200);
  expect((await send('GET', `/wiki/api/v2/pages/${id}?body-format=atlas_doc_format`)).status).toBe(200);
  const updated = await send('PUT', `/wiki/api/v2/pages/${id}`, { id, status: 'current', title: 'INC-1 Database outage', body: { storage: body }, version: { number: 2, message: 'timeline frozen' } });
  expect(updated.status).toBe(200);
  const stale = await send('PUT', `/wiki/api/v2/pages/${id}`, { id, status: 'current', title: 'INC-1 Database outage', body, version: { number: 2 } });
  expect(stale.status).toBe(409);
  expect((await send('PUT', `/wiki/api/v2/pages/${id}/title`, { status: 'current', title: 'INC-1 Database outage (resolved)' })).status).toBe(200);

  expect((await send('POST', `/wiki/rest/api/content/${id}/label`, [{ prefix: 'global', name: 'kaizen-incident' }])).status).toBe(200);
  expect((await send('GET', `/wiki/rest/api/content/${id}/label`)).status).toBe(200);
  expect((await send('GET', `/wiki/api/v2/pages/${id}/labels`)).body.results[0].name).toBe('kaizen-incident');
  const prop = await send('POST', `/wiki/api/v2/pages/${id}/properties`, { key: 'kaizen', value: { incident: 'INC-1' } });
  expect(prop.status).toBe(200);
  expect((await send('PUT', `/wiki/api/v2/pages/${id}/properties/${prop.body.id}`, { key: 'kaizen', value: { incident: 'INC-1', frozen: true }, version: { number: 2 } })).status).toBe(200);
  expect((await send('GET', `/wiki/api/v2/pages/${id}/properties?key=kaizen`)).body.results).toHaveLength(1);
  expect((await send('GET', `/wiki/api/v2/pages/${id}/properties/${prop.body.id}`)).status).toBe(200);

  for (const url of [
    `/wiki/api/v2/pages?space-id=${space.id}&limit=2&sort=-modified-date`,
    `/wiki/api/v2/pages/${incidents}/children`,
    `/wiki/api/v2/pages/${incidents}/direct-children`,
    `/wiki/api/v2/pages/${id}/ancestors`,
    `/wiki/api/v2/pages/${space.homepageId}/descendants?depth=3`,
    `/wiki/api/v2/pages/${id}/versions?body-format=storage`,
    `/wiki/api/v2/pages/${id}/versions/2`,
    `/wiki/api/v2/spaces/${space.id}?include-operations=true`,
    `/wiki/rest/api/search?cql=${encodeURIComponent('type = page AND label = "kaizen-incident" ORDER BY lastmodified DESC')}&expand=content.space,content.version`,
    `/wiki/rest/api/content/search?cql=${encodeURIComponent(`ancestor = ${incidents} AND text ~ "kaizen"`)}&expand=body.storage,version,ancestors,metadata.labels,space,history`,
  ]) {
    expect({ url, status: (await send('GET', url)).status }).toEqual({ url, status: 200 });
  }
  const check = await send('POST', `/wiki/rest/api/content/${id}/permission/check`, { subject: { type: 'user', identifier: '557058:viewer-vic' }, operation: 'update' });
  expect(check.body).toEqual({ hasPermission: false });
  expect((await send('DELETE', `/wiki/rest/api/content/${id}/label?name=kaizen-incident`)).status).toBe(204);
  expect((await send('DELETE', `/wiki/api/v2/pages/${id}/properties/${prop.body.id}`)).status).toBe(204);
  expect((await send('DELETE', `/wiki/api/v2/pages/${id}`)).status).toBe(204);

  // The cloud answers a stale version with 409 CONFLICT, but Atlassian's document lists only 200/400/401/404 for
  // updatePage, so the response checker reports it as undocumented. That is a gap in the document, not here.
  const undocumentedConflict = (v: { status: number; operationId: string }): boolean => v.status === 409 && v.operationId === 'updatePage';
  expect(router.violations.filter((v) => !undocumentedConflict(v))).toEqual([]);
});
