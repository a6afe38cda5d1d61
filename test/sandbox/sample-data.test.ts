import type { Incident } from '../../src/domain/incident';
import { listDeadLetters } from '../../src/storage/dead-letters';
import { isUnchanged } from '../../src/shared/incident-status';
import { SAMPLE_MARKER, SAMPLE_NOTES, SAMPLE_PEOPLE, seedSampleData, type SampleData } from '../../sandbox/sample-data';
import { SAMPLE_LEARNING_MARKER, SAMPLE_LIBRARY_TITLE, SAMPLE_RECOMMENDATION, SAMPLE_SLACK_CHANNEL, sampleLearningLinks } from '../../sandbox/sample-learning';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { getJson, storedIncidents } from '../helpers/incidents';
import { asApp, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { REPO_ROOT, type TestSandbox } from '../helpers/test-sandbox';
import { dataOf, issuePanel, macro, typedCaller, type ModuleCall } from '../resolvers/call-resolver';

const { aiko, ben, chika } = SAMPLE_PEOPLE;
const MINUTE = 60_000;

/**
 * The sample data a fresh `npm start` makes (issue 8 item 5; sandbox/sample-data.ts), made here the way sandbox/cli.ts
 * makes it: today's open sample incident, and a recovered one opened by a Mackerel alert through the web trigger, run
 * by the seeded people through the panel's real resolvers and recovered by Mackerel's `ok` — so its panel and its
 * live page show level, roles, notes and key times; then Slack, its published retrospective, the library page and a
 * recommendation (sandbox/sample-learning.ts, issue 11).
 */
describe('sample data', () => {
  let sb: TestSandbox;
  let sample: SampleData;
  let recovered: Incident;
  let open: Incident;
  const panel = () => typedCaller(() => sb, issuePanel(recovered.issue!));

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    const made = await seedSampleData(sb, REPO_ROOT);
    if (!made) throw new Error('a fresh data directory got no sample data');
    sample = made;
    await sb.idle();
    const byId = new Map(storedIncidents(sb).map((i) => [i.id, i]));
    open = byId.get(sample.open.incidentId)!;
    recovered = byId.get(sample.recovered.incidentId)!;
  }, 60_000);
  afterAll(() => sb.dispose());

  it('makes two incidents, each with its Jira issue: the open sample and a recovered one', () => {
    const all = storedIncidents(sb);
    expect(all).toHaveLength(2);
    expect(open).toMatchObject({ state: 'open', issue: { key: sample.open.issueKey } });
    expect(recovered).toMatchObject({ state: 'recovered', issue: { key: sample.recovered.issueKey } });
    expect(sample.open.issueKey).not.toBe(sample.recovered.issueKey);
    // the open one is untouched by people, as before
    expect(open.setByPerson).toBeUndefined();
    expect(open.roles).toBeUndefined();
  });

  it('the recovered one went the whole way: acknowledged, SEV2, roles, key times set by people; recovered by its alert', () => {
    expect(recovered).toMatchObject({
      level: 'SEV2',
      roles: { commander: ben, communicationsLead: aiko, responders: [chika] },
      recoveredBy: 'alerts',
      alertCounts: { firing: 0, acknowledged: 0, resolved: 1 },
      setByPerson: {
        level: { accountId: aiko, displayName: 'Aiko Sato' },
        roles: { accountId: aiko },
        acknowledgedAt: { accountId: aiko },
        impactStartedAt: { accountId: ben },
        mitigatedAt: { accountId: ben, displayName: 'Ben Carter' },
      },
    });
    const at = (iso: string | undefined): number => Date.parse(iso ?? 'missing');
    // impact began ten minutes before the monitor detected it; acknowledged four minutes after
    expect(at(recovered.detectedAt) - at(recovered.impactStartedAt)).toBe(10 * MINUTE);
    expect(at(recovered.acknowledgedAt) - at(recovered.detectedAt)).toBe(4 * MINUTE);
    // in order: impact → detected → acknowledged → mitigated → recovered, all in the past
    const times = [recovered.impactStartedAt, recovered.detectedAt, recovered.acknowledgedAt, recovered.mitigatedAt, recovered.recoveredAt].map(at);
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(at(recovered.recoveredAt)).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('its panel shows the level, roles, key times and the people’s notes on the timeline', async () => {
    const data = dataOf(await panel()('getIncident', {}, chika));
    if (!data.incident) throw new Error('the recovered sample issue shows no incident');
    expect(data.incident).toMatchObject({ state: 'recovered', level: 'SEV2', roles: { commander: ben, communicationsLead: aiko, responders: [chika] } });
    expect(data.incident.times).toMatchObject({ mitigatedAt: expect.any(String), recoveredAt: expect.any(String), acknowledgedAt: expect.any(String) });
    expect(data.incident.page?.url).toMatch(/^http/);
    const entries = data.timeline.entries;
    expect(entries.filter((e) => e.kind === 'note').map((e) => [e.actor, e.detail])).toEqual(
      SAMPLE_NOTES.map((n) => [{ aiko: 'Aiko Sato', ben: 'Ben Carter', chika: 'Chika Mori' }[n.by], n.text]),
    );
    const kinds = entries.map((e) => e.kind);
    for (const kind of ['incident-opened', 'incident-acknowledged', 'level-set', 'roles-set', 'time-set', 'mitigated', 'alert-resolved', 'recovered'] as const) expect(kinds).toContain(kind);
    // the recovery (from the alert) comes after the last note
    expect(kinds.lastIndexOf('recovered')).toBeGreaterThan(kinds.lastIndexOf('note'));
    // the alert came in at its warning threshold (SEV3 by the default mapping); Aiko raised it
    expect(entries.find((e) => e.kind === 'level-set')).toMatchObject({ actor: 'Aiko Sato', detail: 'SEV3 → SEV2' });
  });

  it('its live page exists and its status macro shows the same incident', async () => {
    const pageId = recovered.page?.id;
    if (!pageId) throw new Error('the recovered sample incident has no page');
    const page = await getJson<{ id: string; title: string }>(sb, `/wiki/api/v2/pages/${pageId}`);
    expect(page).toMatchObject({ id: pageId, title: recovered.page!.title });
    const answer = dataOf(
      await typedCaller(() => sb, macro(pageId, { 'incident-id': recovered.id }))('getIncidentStatus', { incidentId: recovered.id }, ben),
    );
    if (isUnchanged(answer)) throw new Error('a first load answered unchanged');
    expect(answer).toMatchObject({ state: 'recovered', level: 'SEV2', roles: { commander: ben, communicationsLead: aiko, responders: [chika] }, issue: { key: sample.recovered.issueKey } });
    expect(answer.times).toMatchObject({ mitigatedAt: recovered.mitigatedAt, recoveredAt: recovered.recoveredAt, impactStartedAt: recovered.impactStartedAt });
  });

  it('Jira followed as the people: [SEV2] summary and priority, Ben the assignee; the open sample issue exists too', async () => {
    const fields = (await getJson<{ fields: { summary: string; priority: { name: string }; assignee: { accountId: string } | null } }>(sb, `/rest/api/3/issue/${sample.recovered.issueKey}?fields=summary,priority,assignee`)).fields;
    expect(fields.summary).toMatch(/^\[SEV2\] /);
    expect(fields.priority.name).toBe('High');
    expect(fields.assignee?.accountId).toBe(ben);
    // the level (summary and priority) and the commander (assignee): two edits, each as Aiko, who made them
    const edits = sb.log.list({ kind: 'product' }).filter((e) => e.method === 'PUT' && e.path === `/rest/api/3/issue/${recovered.issue!.id}`);
    expect(edits.map((e) => e.actor)).toEqual([aiko, aiko]);
    expect((await getJson<{ key: string }>(sb, `/rest/api/3/issue/${sample.open.issueKey}?fields=summary`)).key).toBe(sample.open.issueKey);
    expect(open.page?.id).toEqual(expect.any(String));
  });

  it('learning: Ben published the retrospective (commented), Slack got every announcement, the library lists it recommended', async () => {
    const { learning } = sample;
    expect(recovered.retrospective).toMatchObject({ status: 'published', page: { id: learning.retrospective.pageId }, publishedBy: { accountId: ben } });
    const comments = await getJson<{ comments: Array<{ body: unknown }> }>(sb, `/rest/api/3/issue/${sample.recovered.issueKey}/comment`);
    expect(JSON.stringify(comments.comments.map((c) => c.body))).toContain('Retrospective published');

    // Aiko's #incidents webhook (saved on the admin page) got both incidents, the raise, the recovery and the publication
    const messages = sb.slack.messages(learning.slackWebhook);
    expect(new Set(messages.map((m) => m.channel))).toEqual(new Set([SAMPLE_SLACK_CHANNEL]));
    const headers = messages.map((m) => (m.body as { blocks: Array<{ text?: { text: string } }> }).blocks[0]!.text!.text);
    for (const [kind, key] of [['Incident opened', sample.open.issueKey], ['Incident opened', sample.recovered.issueKey], ['Level raised', sample.recovered.issueKey], ['Recovered', sample.recovered.issueKey], ['Retrospective published', sample.recovered.issueKey]]) {
      expect(headers.filter((h) => h.includes(`${kind}: ${key} `))).toHaveLength(1);
    }
    expect(messages).toHaveLength(5);

    // the library page: under the OPS home, the Forge macro as Confluence stores it, created by the app
    const page = await getJson<{ title: string; parentId: string; authorId: string; body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${learning.library.pageId}?body-format=storage`);
    expect(page).toMatchObject({ title: SAMPLE_LIBRARY_TITLE, authorId: '557058:kaizen-app' });
    expect(page.body.storage.value).toMatch(/<ac:adf-attribute key="extension-key">[^/<]+\/sandbox-development\/static\/postmortem-library<\/ac:adf-attribute>/);
    expect(page.body.storage.value).toContain('<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>');
    expect(sampleLearningLinks(sb)).toMatchObject({ libraryPath: learning.library.path, slackPath: '/__sandbox/slack' });

    // the macro on that page lists the postmortem to Chika, recommended by Aiko with her reason
    const library: ModuleCall = { moduleKey: 'postmortem-library', moduleType: 'macro', extension: { type: 'macro', content: { id: learning.library.pageId, type: 'page' }, space: { id: '1', key: 'OPS' }, config: {}, isEditing: false } };
    const listed = dataOf(await typedCaller(() => sb, library)('listPostmortems', {}, chika));
    expect(listed.rows).toEqual([expect.objectContaining({ pageId: learning.retrospective.pageId, kind: 'retrospective', level: 'SEV2', recommended: expect.objectContaining({ accountId: aiko, reason: SAMPLE_RECOMMENDATION }) })]);
    expect(learning.recommended).toBe(true);
  });

  it('left no dead letters, no refused request and no OpenAPI violation', async () => {
    expect(sb.queues.deadLetters()).toEqual([]);
    expect((await asApp(() => listDeadLetters())).length).toBe(0);
    expect(sb.router.violations).toEqual([]);
    expect(sb.log.list({ kind: 'product' }).filter((e) => e.caller !== 'http' && e.status >= 400)).toEqual([]);
    expect(sb.invoker.invocations().filter((r) => r.outcome !== 'ok')).toEqual([]);
  });

  it('a data directory made before the learning sample gets it on its next start, without a second page or message', async () => {
    sb.store.delete(SAMPLE_LEARNING_MARKER.ns, SAMPLE_LEARNING_MARKER.key);
    const slackBefore = sb.slack.messages().length;
    expect(await seedSampleData(sb, REPO_ROOT)).toBeUndefined();
    expect(sampleLearningLinks(sb)).toMatchObject({ libraryPath: sample.learning.library.path });
    const pages = await getJson<{ results: unknown[] }>(sb, `/wiki/api/v2/pages?title=${encodeURIComponent(SAMPLE_LIBRARY_TITLE)}`);
    expect(pages.results).toHaveLength(1);
    expect(sb.slack.messages()).toHaveLength(slackBefore);
  });

  it('is made once per data directory: again, or after a restart, it makes nothing', async () => {
    expect(sb.store.get(SAMPLE_MARKER.ns, SAMPLE_MARKER.key)).toEqual(expect.any(String));
    expect(await seedSampleData(sb, REPO_ROOT)).toBeUndefined();
    await sb.close();
    sb = await startKaizenSandbox({ dataDir: sb.dataDir });
    expect(await seedSampleData(sb, REPO_ROOT)).toBeUndefined();
    await sb.idle();
    expect(storedIncidents(sb).map((i) => i.id).sort()).toEqual([sample.open.incidentId, sample.recovered.incidentId].sort());
  });
});
