import { ConfluenceIncidentPages } from '../../src/adapters/confluence-pages';
import { ProductHttp } from '../../src/adapters/product-http';
import { regionId } from '../../src/documents/regions';
import { readRegion, replaceRegion } from '../../src/documents/storage-regions';
import { RESOLVERS, type ResolverKey } from '../../src/shared/resolver-contract';
import { updateIncident } from '../../src/storage/incident-store';
import { housekeeping } from '../../src/handlers/housekeeping';
import { PAGE_SYNC_WINDOW_SECONDS, pageRegionsFingerprint, syncPageRegions } from '../../src/usecases/sync-page-regions';
import { getJson, onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { asApp, fixture, lastSeq, sendAs, startKaizenSandbox, refusedAppRequests } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from './call-resolver';

interface PageJson {
  id: string;
  title: string;
  version: { number: number };
  body: { storage: { value: string } };
}

const mention = (accountId: string): string => `<ac:link><ri:user ri:account-id="${accountId}"/></ac:link>`;

/**
 * The live page's Roles and Key times regions follow the incident (issue 8 item 4; src/usecases/sync-page-regions.ts):
 * one page write per change outside the window, one delayed write for a burst, nothing for an alert that changes
 * neither, a person's edit kept through a 409, and a page without the regions left alone.
 */
describe('the live page keeps up with roles and key times', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  let pageId: string;
  let incidentId: string;

  async function done(key: ResolverKey, payload: Record<string, unknown>, user: string = USERS.aiko) {
    const answer = RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, payload, user)) as { ok: boolean; error?: unknown };
    if (!answer.ok) throw new Error(`${key} refused: ${JSON.stringify(answer.error)}`);
  }
  const page = () => getJson<PageJson>(sb, `/wiki/api/v2/pages/${pageId}?body-format=storage`);
  /** The app's page writes since `seq`, with the function that made each. */
  const pageWrites = (seq: number) => sb.log.list({ since: seq, kind: 'product' }).filter((e) => e.caller !== 'http' && e.method === 'PUT' && e.path === `/wiki/api/v2/pages/${pageId}` && e.status === 200).map((e) => e.caller);
  const confluenceCalls = (seq: number) => sb.log.list({ since: seq, kind: 'product' }).filter((e) => e.caller !== 'http' && e.path.startsWith('/wiki/'));
  /** A person saves the page over plain HTTP (as Ben), from the version they read. */
  const personSaves = async (edit: (storage: string) => string): Promise<void> => {
    const current = await page();
    const res = await sb.http(`/wiki/api/v2/pages/${pageId}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Basic ${Buffer.from('ben@example.com:x').toString('base64')}` },
      body: JSON.stringify({ id: pageId, status: 'current', title: current.title, body: { representation: 'storage', value: edit(current.body.storage.value) }, version: { number: current.version.number + 1 } }),
    });
    expect(res.status).toBe(200);
  };
  /** The page with Kaizen's two regions emptied: what people own. */
  const peoplesPart = (storage: string): string => [regionId(incidentId, 'roles'), regionId(incidentId, 'key-times')].reduce((s, id) => replaceRegion(s, id, '').storage, storage);

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    const incident = onlyIncident(sb);
    pageId = incident.page!.id;
    incidentId = incident.id;
  });
  afterAll(() => sb.dispose());
  afterEach(async () => {
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
    expect(sb.queues.deadLetters()).toEqual([]);
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  it('setting roles makes one page write: mentions in the Roles region, the person’s text elsewhere unchanged', async () => {
    await personSaves((s) => s.replace('<h2>Impact</h2>', '<h2>Impact</h2><p>Checkout fails for 30 % of EU users &amp; retries</p>'));
    const before = (await page()).body.storage.value;
    const seq = lastSeq(sb);
    await done('setIncidentRoles', { commander: USERS.ben, communicationsLead: USERS.aiko, responders: ['557058:chika-mori', USERS.ben] });
    await sb.idle();

    expect(pageWrites(seq)).toEqual(['resolver-fn']);
    const after = (await page()).body.storage.value;
    const roles = readRegion(after, regionId(incidentId, 'roles'))!;
    expect(roles).toContain(`<td><p>Incident commander</p></td><td><p>${mention(USERS.ben)}</p></td>`);
    expect(roles).toContain(`<td><p>Responders</p></td><td><p>${mention('557058:chika-mori')}, ${mention(USERS.ben)}</p></td>`);
    expect(roles).toContain('<td><p>Scribe</p></td><td><p><em>Not set</em></p></td>');
    expect(peoplesPart(after)).toBe(peoplesPart(before));
    expect(after).toContain('<p>Checkout fails for 30 % of EU users &amp; retries</p>');
    expect(onlyIncident(sb)).toMatchObject({ pageRegionsFingerprint: expect.any(String), pageRegionsWrittenAt: expect.any(String) });
    expect(onlyIncident(sb).pageSyncClaim).toBeUndefined();
  });

  it('two more changes inside the window: no write now, then ONE delayed write with the final state', async () => {
    const seq = lastSeq(sb);
    await done('setKeyTime', { field: 'impactStartedAt', at: '2025-01-01T00:00:00.000Z' }, USERS.ben);
    await done('setIncidentRoles', { scribe: '557058:chika-mori' });
    // the window since the first write has not passed: a delayed sync is queued for its end
    expect(onlyIncident(sb).pageSyncDueAt).toBeDefined();
    await sb.idle();

    expect(pageWrites(seq)).toEqual(['alert-consumer-fn']);
    const storage = (await page()).body.storage.value;
    expect(readRegion(storage, regionId(incidentId, 'roles'))).toContain(`<td><p>Scribe</p></td><td><p>${mention('557058:chika-mori')}</p></td>`);
    const times = readRegion(storage, regionId(incidentId, 'key-times'))!;
    expect(times).toContain('<td><p>Impact started</p></td><td><p>Wed 1 Jan 2025, 00:00:00 UTC</p></td><td><p>Ben Carter</p></td>');
    expect(times).toContain('<td><p>Detected</p></td>');
    expect(times).toMatch(/TTD[^<]*<\/p><\/td><td><p>\d+ d \d+ h<\/p>/);
    expect(onlyIncident(sb).pageSyncDueAt).toBeUndefined();
  });

  it('an alert that changes neither roles nor key times costs no Confluence call', async () => {
    const version = onlyIncident(sb).version;
    const seq = lastSeq(sb);
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-critical.json'))).status).toBe(202);
    await sb.idle();
    expect(onlyIncident(sb).version).toBeGreaterThan(version);
    expect(confluenceCalls(seq)).toEqual([]);
  });

  it('a person’s save between Kaizen’s read and write (409) is kept, and the regions land too', async () => {
    // the scribe changes without a sync (as if an earlier sync had failed), and the window has passed
    await asApp(() => updateIncident(incidentId, (i) => ({ ...i, roles: { ...i.roles!, scribe: USERS.aiko } })));
    const later = new Date(Date.now() + 2 * PAGE_SYNC_WINDOW_SECONDS * 1000);
    // Kaizen's first PUT is refused (429, Retry-After 0); while it waits, Ben saves the page: its retry is stale → 409
    sb.faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 429, count: 1, retryAfterSeconds: 0 });
    const http = new ProductHttp('confluence', { sleep: () => personSaves((s) => s.replace('<h2>Links</h2>', '<h2>Links</h2><p>War room: #inc-checkout</p>')) });
    const seq = lastSeq(sb);
    const outcome = await asApp(() =>
      syncPageRegions(incidentId, { pages: new ConfluenceIncidentPages({ http }), clock: { now: () => later }, queue: { scheduleCommentFlush: async () => undefined, schedulePageSync: async () => undefined } }),
    );
    expect(outcome).toBe('written');
    const requests = sb.log.list({ since: seq, kind: 'product' }).filter((e) => e.path === `/wiki/api/v2/pages/${pageId}`).map((e) => `${e.caller === 'http' ? 'person' : 'kaizen'} ${e.method} ${e.status}`);
    expect(requests).toEqual(['kaizen GET 200', 'kaizen PUT 429', 'person GET 200', 'person PUT 200', 'kaizen PUT 409', 'kaizen GET 200', 'kaizen PUT 200']);
    const storage = (await page()).body.storage.value;
    expect(storage).toContain('<p>War room: #inc-checkout</p>');
    expect(storage).toContain('<p>Checkout fails for 30 % of EU users &amp; retries</p>');
    expect(readRegion(storage, regionId(incidentId, 'roles'))).toContain(`<td><p>Scribe</p></td><td><p>${mention(USERS.aiko)}</p></td>`);
    expect(onlyIncident(sb).pageSyncClaim).toBeUndefined();
  });

  it('two syncs at once write once (a claim); a failed write gives the claim back and queues its retry', async () => {
    const later = new Date(Date.now() + 4 * PAGE_SYNC_WINDOW_SECONDS * 1000);
    const deps = () => ({ pages: new ConfluenceIncidentPages(), clock: { now: () => later }, queue: { scheduleCommentFlush: async () => undefined, schedulePageSync: async () => undefined } });
    await asApp(() => updateIncident(incidentId, (i) => ({ ...i, roles: { ...i.roles!, scribe: USERS.ben } })));

    // every write is refused (409 each round): the sync fails, and its claim is released for the next one
    sb.faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 409, count: 4 });
    await expect(asApp(() => syncPageRegions(incidentId, deps()))).rejects.toMatchObject({ name: 'PageConflictError' });
    expect(onlyIncident(sb).pageSyncClaim).toBeUndefined();
    // the page must catch up even if nothing changes again: one sync is queued for the next window
    expect(onlyIncident(sb).pageSyncDueAt).toBe(new Date(later.getTime() + PAGE_SYNC_WINDOW_SECONDS * 1000).toISOString());

    // that queued sync arrives twice at once (a redelivery): one writes
    const seq = lastSeq(sb);
    const outcomes = await Promise.all([asApp(() => syncPageRegions(incidentId, deps(), { windowEnded: true })), asApp(() => syncPageRegions(incidentId, deps(), { windowEnded: true }))]);
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(1);
    expect(pageWrites(seq)).toEqual(['test']);
    expect(readRegion((await page()).body.storage.value, regionId(incidentId, 'roles'))).toContain(`<td><p>Scribe</p></td><td><p>${mention(USERS.ben)}</p></td>`);
    expect(onlyIncident(sb).pageSyncClaim).toBeUndefined();
  });

  it('a write that fails under a panel action is retried by itself once Confluence is back', async () => {
    sb.faults.add({ path: `/wiki/api/v2/pages/${pageId}`, method: 'PUT', status: 503, count: 20, retryAfterSeconds: 0 });
    await done('setIncidentRoles', { communicationsLead: USERS.ben });
    await sb.idle();
    sb.faults.clear();
    // nothing else changes: the queued retry (or housekeeping) brings the page in step
    await asApp(() => housekeeping());
    await sb.idle();
    expect(readRegion((await page()).body.storage.value, regionId(incidentId, 'roles'))).toContain(`<td><p>Communications lead</p></td><td><p>${mention(USERS.ben)}</p></td>`);
    expect(pageRegionsFingerprint(onlyIncident(sb))).toBe(onlyIncident(sb).pageRegionsFingerprint);
  });

  it('a commander set in Jira itself (the assignee) reaches the Roles region', async () => {
    const seq = lastSeq(sb);
    const res = await sb.http(`/rest/api/3/issue/${issue.key}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-User': USERS.ben },
      body: JSON.stringify({ fields: { assignee: { accountId: '557058:chika-mori' } } }),
    });
    expect(res.status).toBe(204);
    await sb.idle();
    expect(onlyIncident(sb).roles?.commander).toBe('557058:chika-mori');
    expect(pageWrites(seq)).toHaveLength(1);
    expect(readRegion((await page()).body.storage.value, regionId(incidentId, 'roles'))).toContain(`<td><p>Incident commander</p></td><td><p>${mention('557058:chika-mori')}</p></td>`);
  });

  it('at recovery the timeline, roles and key times go out in ONE page write', async () => {
    const seq = lastSeq(sb);
    await done('markRecovered', {});
    await sb.idle();
    expect(pageWrites(seq)).toHaveLength(1);
    const storage = (await page()).body.storage.value;
    expect(readRegion(storage, regionId(incidentId, 'key-times'))).toMatch(/<td><p>Recovered<\/p><\/td><td><p>[^<]+UTC<\/p><\/td><td><p>Aiko Sato<\/p><\/td>/);
    expect(readRegion(storage, regionId(incidentId, 'timeline'))).toMatch(/recovered/i);
  });

  it('a page without the regions (made before them, or people removed them) is left alone: no write, no error', async () => {
    const oldTable = '<table><tbody><tr><td><p>Incident commander</p></td><td><p>Ben (by hand)</p></td></tr></tbody></table>';
    await personSaves((s) => {
      let out = s;
      for (const name of ['roles', 'key-times'] as const) {
        const id = regionId(incidentId, name);
        const start = out.lastIndexOf('<ac:structured-macro', out.indexOf(`ac:macro-id="${id}"`));
        const end = out.indexOf('</ac:structured-macro>', out.indexOf('</ac:rich-text-body>', start)) + '</ac:structured-macro>'.length;
        out = out.slice(0, start) + (name === 'roles' ? oldTable : '') + out.slice(end);
      }
      return out;
    });
    const before = await page();
    expect(readRegion(before.body.storage.value, regionId(incidentId, 'roles'))).toBeUndefined();
    const seq = lastSeq(sb);
    await done('setIncidentRoles', { communicationsLead: USERS.ben });
    await sb.idle();
    expect(pageWrites(seq)).toEqual([]);
    const after = await page();
    expect(after.version.number).toBe(before.version.number);
    expect(after.body.storage.value).toContain(oldTable);
    // what the page should show is recorded: the next change that leaves the regions as they are costs nothing
    const version = onlyIncident(sb).version;
    const next = lastSeq(sb);
    await done('addTimelineNote', { text: 'Still watching' });
    await sb.idle();
    expect(onlyIncident(sb).version).toBeGreaterThan(version);
    expect(confluenceCalls(next)).toEqual([]);
  });
});
