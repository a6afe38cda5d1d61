import type { FrameLocator } from 'playwright-core';
import { hostSessionUrl, screenshot, useBrowserSuite } from './chromium';

/**
 * Drills from the admin page, in Debian's chromium on the sandbox's browser host: Aiko runs a scenario in English and
 * in Japanese (the run list follows until the drill incident is there), then opens the drill incident, whose panel
 * starts with the DRILL / 演習 banner. Screenshots: test-output/screenshots/drill-*.png.
 */
jest.setTimeout(120_000);

const AIKO = '557058:aiko-sato';
const ADMIN_PATH = '/jira/settings/apps/kaizen-admin';

describe('drills on the admin page', () => {
  const suite = useBrowserSuite();

  const go = async (path: string, locale: 'en-US' | 'ja-JP') => suite.page.goto(hostSessionUrl(suite.sb, { user: AIKO, locale, theme: 'light', path }));
  const shot = async (name: string) => {
    await suite.page.locator('[data-testid="flag"]').evaluateAll((all) => all.forEach((f) => f.remove()));
    await suite.page.waitForTimeout(150);
    await screenshot(suite.page, name);
  };

  /** Runs the scenario from the Drills tab and waits for its row to show the drill incident; answers its key. */
  const runScenario = async (locale: 'en-US' | 'ja-JP', scenario: string, texts: { tab: string; start: string; done: RegExp; x10: RegExp; fast: RegExp }): Promise<string> => {
    await go(ADMIN_PATH, locale);
    const admin: FrameLocator = suite.page.frameLocator('[data-testid="frame-kaizen-admin"]');
    await admin.locator('[data-testid="tab-drills"]').click();
    expect(await admin.locator('[data-testid="tab-drills"]').textContent()).toBe(texts.tab);
    const form = admin.locator('[data-testid="drill-form"]');
    await form.waitFor();
    await form.locator('[data-testid="drill-scenario"]').selectOption(scenario);
    // the scenario's hint follows the speed
    const hint = form.locator('[data-testid="drill-scenario-field"] .kz-field__help');
    await form.locator('[data-testid="drill-speed"]').selectOption('x10');
    expect(await hint.textContent()).toMatch(texts.x10);
    await form.locator('[data-testid="drill-speed"]').selectOption('fast');
    expect(await hint.textContent()).toMatch(texts.fast);
    const start = form.locator('[data-testid="drill-start"]');
    expect(await start.textContent()).toBe(texts.start);
    // a double click starts one run (the form's request id)
    await start.dblclick();
    const link = admin.locator('[data-testid="drill-run"]').first().locator('[data-testid="drill-incident-link"]').first();
    await link.waitFor({ timeout: 30_000 });
    await admin.locator('[data-testid="drill-run"][data-state="done"]').first().waitFor({ timeout: 30_000 });
    expect(await admin.locator('[data-testid="drill-run"]').first().textContent()).toMatch(texts.done);
    // "its drill incident appears below" has gone: the incident is there (the notice shows only while it is coming)
    expect(await form.locator('[data-testid="drill-started"]').count()).toBe(0);
    return (await link.textContent())!;
  };

  it('runs a scenario from the Drills tab in English: one run for a double click, listed with its drill incident', async () => {
    const key = await runScenario('en-US', 'disk-full', { tab: 'Drills', start: 'Start drill', done: /Database disk full \(Alertmanager\).*Done \(4 of 4 sent\)/, x10: /alert events over about .+, at ×10\.$/, fast: /within seconds, as fast as possible\.$/ });
    expect(key).toMatch(/^OPS-\d+$/);
    expect(suite.sb.store.range('kvs', { prefix: 'drill-run:' })).toHaveLength(1);
    await shot('drill-admin-en');
  });

  it('runs one in Japanese', async () => {
    const key = await runScenario('ja-JP', 'payment-errors', { tab: '障害対応演習', start: '演習を始める', done: /決済エラーの多発（Grafana）.*完了（4 件中 4 件送信）/, x10: /10倍速で約 .+かけて \d+ 件のアラートを送ります。$/, fast: /最速で、数秒のうちに \d+ 件のアラートを送ります。$/ });
    expect(key).toMatch(/^OPS-\d+$/);
    expect(suite.sb.store.range('kvs', { prefix: 'drill-run:' })).toHaveLength(2);
    await shot('drill-admin-ja');
  });

  it('the drill incident’s panel starts with the DRILL banner (演習 in Japanese)', async () => {
    const admin = suite.page.frameLocator('[data-testid="frame-kaizen-admin"]');
    const key = (await admin.locator('[data-testid="drill-run"]').first().locator('[data-testid="drill-incident-link"]').first().textContent())!;
    for (const [locale, title] of [['en-US', 'DRILL'], ['ja-JP', '演習']] as const) {
      await go(`/browse/${key}`, locale);
      const panel = suite.page.frameLocator('[data-testid="frame-incident-panel"]');
      const banner = panel.locator('[data-testid="drill-banner"]');
      await banner.waitFor({ timeout: 20_000 });
      expect(await banner.locator('strong').textContent()).toBe(title);
      // it comes first, above the incident's details
      expect(await panel.locator('[data-testid="incident-panel"] [data-testid="drill-banner"] ~ * [data-testid="incident-title"]').count()).toBe(1);
      await shot(`drill-panel-${locale === 'en-US' ? 'en' : 'ja'}`);
    }
    // the summary says so too
    expect(await suite.page.locator('h1').first().textContent()).toMatch(/^\[演習\]|^\[DRILL\]/);
  });
});
