import { RESOLVERS } from '../../src/shared/resolver-contract';
import { getJson, onlyIncident } from '../helpers/incidents';
import { fixture, lastSeq, productWrites, refusedAppRequests, sendAs } from '../helpers/kaizen-sandbox';
import { startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from '../resolvers/call-resolver';

/**
 * A level the ALERTS raise reaches the Jira issue (DESIGN 3.1): its summary prefix and priority, as the app, in one
 * edit with the window's comment — a person's words in the summary kept, never per alert, never over a person's level.
 */
describe('the issue follows a level the alerts raise', () => {
  let sb: TestSandbox;
  let issueKey: string;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb.dispose());
  afterEach(() => {
    expect(sb.router.violations).toEqual([]);
    expect(sb.queues.deadLetters()).toEqual([]);
    expect(refusedAppRequests(sb)).toEqual([]);
  });

  const send = async (body: string) => {
    expect((await sendAs(sb, 'mackerel', body)).status).toBe(202);
    await sb.idle();
  };
  const issueFields = async () => (await getJson<{ fields: { summary: string; priority: { name: string } } }>(sb, `/rest/api/3/issue/${issueKey}?fields=summary,priority`)).fields;

  it('SEV3 → SEV2: one edit of the summary prefix and priority; a person’s words in the summary kept', async () => {
    await send(fixture('mackerel', 'host-warning.json'));
    issueKey = onlyIncident(sb).issue!.key;
    expect(await issueFields()).toMatchObject({ summary: expect.stringMatching(/^\[SEV3\] /), priority: { name: 'Medium' } });
    // a person rewrites the summary in Jira itself, keeping Kaizen's prefix
    const edited = await sb.http(`/rest/api/3/issue/${issueKey}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-User': USERS.ben },
      body: JSON.stringify({ fields: { summary: '[SEV3] Web CPU — checkout returns 502' } }),
    });
    expect(edited.ok).toBe(true);
    await sb.idle();

    const since = lastSeq(sb);
    await send(fixture('mackerel', 'host-critical.json'));
    expect(onlyIncident(sb)).toMatchObject({ level: 'SEV2', issueLevel: 'SEV2' });
    expect(productWrites(sb, since).map((w) => w.operationId)).toEqual(['addComment', 'editIssue']);
    expect(await issueFields()).toMatchObject({ summary: '[SEV2] Web CPU — checkout returns 502', priority: { name: 'High' } });
  });

  it('the same alert again: no product write', async () => {
    const since = lastSeq(sb);
    await send(fixture('mackerel', 'host-critical.json'));
    expect(productWrites(sb, since)).toEqual([]);
  });

  it('a level a person set is never overwritten: a later critical alert edits nothing', async () => {
    const issue = onlyIncident(sb).issue!;
    const answer = RESOLVERS.setIncidentLevel.response.parse(await callResolver(sb, issuePanel(issue), 'setIncidentLevel', { level: 'SEV3' }, USERS.ben));
    expect(answer.ok).toBe(true);
    await sb.idle();
    expect(await issueFields()).toMatchObject({ summary: '[SEV3] Web CPU — checkout returns 502', priority: { name: 'Medium' } });

    const since = lastSeq(sb);
    // another critical alert of the same role joins the incident
    const other = JSON.parse(fixture('mackerel', 'host-critical.json')) as { alert: { id: string } };
    other.alert.id = '4Ksb2dWqJ8n';
    await send(JSON.stringify(other));
    expect(onlyIncident(sb).level).toBe('SEV3');
    expect(productWrites(sb, since).map((w) => w.operationId)).not.toContain('editIssue');
    expect(await issueFields()).toMatchObject({ summary: '[SEV3] Web CPU — checkout returns 502', priority: { name: 'Medium' } });
  });
});
