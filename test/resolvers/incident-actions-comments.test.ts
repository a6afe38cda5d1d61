import { regionId } from '../../src/documents/regions';
import { t } from '../../src/i18n/messages';
import { timelineKindName } from '../../src/i18n/names';
import { RESOLVERS, type ResolverKey } from '../../src/shared/resolver-contract';
import { getJson, onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { fixture, lastSeq, productWrites, sendAs, startKaizenSandbox, refusedAppRequests } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from './call-resolver';

/**
 * People's actions reach the issue and the page like alerts do (DESIGN 3.1 steps 5–6, 3.2): their timeline entries
 * join the coalesced Jira comment, and a person's recovery freezes the timeline into the live page — once.
 */
describe('incident actions in the coalesced comment and the live page', () => {
  let sb: TestSandbox;
  let issue: { id: string; key: string };
  const NOTE = 'LB <b>drained</b> & "rolled back" <script>x</script>';

  async function done(key: ResolverKey, payload: Record<string, unknown>) {
    const answer = RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, payload, USERS.aiko)) as { ok: boolean; error?: unknown };
    if (!answer.ok) throw new Error(`${key} refused: ${JSON.stringify(answer.error)}`);
  }
  const comments = async () => (await getJson<{ comments: Array<{ body: unknown }> }>(sb, `/rest/api/3/issue/${issue.key}/comment?maxResults=100`)).comments.map((c) => JSON.stringify(c.body));
  const pageStorage = async () => (await getJson<{ body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${onlyIncident(sb).page!.id}?body-format=storage`)).body.storage.value;

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    // a later alert posts a comment at once: its window is running when the people act
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-critical.json'))).status).toBe(202);
    await sb.idle();
  });
  afterAll(() => sb.dispose());
  afterEach(() => {
    expect(sb.router.violations).toEqual([]);
    expect(sb.queues.deadLetters()).toEqual([]);
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  it('Aiko’s acknowledgement joins the coalesced comment like the panel’s other actions', async () => {
    const before = await comments();
    await done('acknowledgeIncident', {});
    expect(onlyIncident(sb).pendingComment).toEqual([expect.objectContaining({ kind: 'incident-acknowledged', actor: 'Aiko Sato' })]);
    // the window passes (a delayed flush in the sandbox's compressed time)
    await sb.idle();

    const added = (await comments()).slice(before.length);
    expect(added).toHaveLength(1);
    const { language } = onlyIncident(sb);
    expect(added[0]).toContain(JSON.stringify(t(language, 'timeline.withActor', { event: timelineKindName(language, 'incident-acknowledged'), actor: 'Aiko Sato' })));
    expect(onlyIncident(sb).pendingComment).toEqual([]);
  });

  it('level, note and recovery by Aiko go out in one comment; the recovery is frozen into the page; repeating it writes nothing', async () => {
    const before = await comments();
    await done('setIncidentLevel', { level: 'SEV1' });
    await done('addTimelineNote', { text: NOTE });
    await done('markRecovered', {});
    // the window passes (a delayed flush in the sandbox's compressed time)
    await sb.idle();

    const added = (await comments()).slice(before.length);
    expect(added).toHaveLength(1);
    const [comment] = added;
    expect(comment).toContain('SEV2 (major) → SEV1 (critical)');
    // the note as a text node, never as markup
    expect(comment).toContain(JSON.stringify({ type: 'text', text: `: ${NOTE}` }).slice(1, -1));
    expect(comment).not.toMatch(/"type":"(?:strong|html)"[^}]*drained/);
    expect(comment).toMatch(/recovered|復旧/i);
    expect(comment).toContain('Aiko');
    expect(onlyIncident(sb).pendingComment).toEqual([]);

    const incident = onlyIncident(sb);
    expect(incident).toMatchObject({ state: 'recovered', recoveredBy: 'person' });
    expect(incident.timelineFrozenAt).toBe(incident.recoveredAt);
    const storage = await pageStorage();
    const start = storage.indexOf(`ac:macro-id="${regionId(incident.id, 'timeline')}"`);
    expect(start).toBeGreaterThan(-1);
    const region = storage.slice(start, storage.indexOf('</ac:rich-text-body>', start));
    expect(region).toMatch(/recovered|復旧/i);
    expect(region).toContain('Aiko');

    const since = lastSeq(sb);
    const version = onlyIncident(sb).version;
    await done('markRecovered', {});
    await sb.idle();
    // the permission check (a POST that reads) is all it costs
    expect(productWrites(sb, since).filter((w) => w.operationId !== 'getBulkPermissions')).toEqual([]);
    expect(onlyIncident(sb).version).toBe(version);
    expect(await comments()).toHaveLength(before.length + 1);
  });
});
