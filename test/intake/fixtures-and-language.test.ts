import { SOURCE_IDS } from '../../src/domain/alert';
import { saveIntakeSettings } from '../../src/storage/settings';
import { listDeadLetters } from '../../src/storage/dead-letters';
import { asApp, fixture, fixtureFiles, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { getJson, onlyIncident, storedIncidents } from '../helpers/incidents';
import type { TestSandbox } from '../helpers/test-sandbox';


describe('every fixture shape through the whole path', () => {
  it.each(SOURCE_IDS)('%s: every shape is processed by the consumer without an error or a dead letter', async (source) => {
    const sb = await startKaizenSandbox();
    try {
      // closing notifications last, as senders send them (a resolve first would, rightly, open nothing)
      const closing = /ok|resolved|close/;
      const files = [...fixtureFiles(source)].sort((a, b) => Number(closing.test(a)) - Number(closing.test(b)));
      for (const file of files) expect({ file, status: (await sendAs(sb, source, fixture(source, file))).status }).toEqual({ file, status: 202 });
      await sb.idle(60_000);
      const failed = sb.invoker.invocations().filter((i) => i.outcome !== 'ok');
      expect(failed).toEqual([]);
      expect(await asApp(() => listDeadLetters())).toEqual([]);
      expect(sb.router.violations).toEqual([]);
      // each source's firing fixtures open at least one incident with an issue, a page and the link between them
      const incidents = storedIncidents(sb);
      expect(incidents.length).toBeGreaterThan(0);
      for (const i of incidents) expect(i).toMatchObject({ issue: expect.anything(), page: expect.anything(), linked: true });
    } finally {
      await sb.dispose();
    }
  });
});

describe('page language', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb.dispose());

  it('writes the live page from the Japanese response template when the admin chose Japanese', async () => {
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja' }));
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-critical.json'))).status).toBe(202);
    await sb.idle();
    const incident = onlyIncident(sb);
    expect(incident.language).toBe('ja');
    const page = await getJson<{ body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${incident.page!.id}?body-format=storage`);
    for (const heading of ['概要', '影響', '体制', '対応記録', '対応中のアクション', '関連リンク', '次回更新予定']) expect(page.body.storage.value).toContain(heading);
    expect(page.body.storage.value).not.toContain('>Impact<');
  });

  it('opens a drill from a test notification when the admin turned that on, marked on the issue in the page language', async () => {
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja', testOpensDrill: true }));
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'sample.json'))).status).toBe(202);
    await sb.idle();
    const drill = storedIncidents(sb).find((i) => i.drill);
    expect(drill).toMatchObject({ drill: true, issue: expect.anything(), page: expect.anything() });
    const issue = await getJson<{ fields: { summary: string; labels: string[] } }>(sb, `/rest/api/3/issue/${drill!.issue!.key}?fields=summary,labels`);
    expect(issue.fields.summary).toMatch(/^\[演習\]\[SEV\d\] Mackerel: /);
    const page = await getJson<{ body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${drill!.page!.id}?body-format=storage`);
    expect(page.body.storage.value).toContain('Kaizen インシデント状況');
  });
});
