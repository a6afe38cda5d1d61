import type { Browser, Page } from 'playwright-core';
import { regionId } from '../../src/documents/regions';
import { saveIntakeSettings } from '../../src/storage/settings';
import { onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { asApp, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { issuePanel, typedCaller, USERS } from '../resolvers/call-resolver';
import { launchBrowser, openPage, screenshot } from './chromium';

/**
 * The live page follows the panel (issue 8 item 4): roles and key times set through the real resolvers show on the
 * Japanese incident page in Kaizen's 体制 and 主要な時刻 regions — people as Confluence mentions, times in JST with who
 * set them, TTD / TTA — next to the live status macro. Screenshot: test-output/screenshots/live-page-follows-ja.png.
 */
jest.setTimeout(120_000);

describe('the live page follows roles and key times (ja)', () => {
  let sb: TestSandbox;
  let browser: Browser;
  let page: Page;
  let issue: { id: string; key: string };

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja' }));
    issue = await openIncidentIssue(sb);
    browser = await launchBrowser();
    page = await openPage(browser, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.dispose();
  });

  it('shows the roles as mentions and the key times with who set them, beside the status macro', async () => {
    const call = typedCaller(() => sb, issuePanel(issue));
    const ok = async (answer: Promise<{ ok: boolean; error?: unknown }>) => {
      const a = await answer;
      if (!a.ok) throw new Error(`refused: ${JSON.stringify(a.error)}`);
    };
    await ok(call('setIncidentRoles', { commander: USERS.ben, communicationsLead: USERS.aiko, responders: ['557058:chika-mori'] }, USERS.aiko));
    const detected = onlyIncident(sb).detectedAt;
    await ok(call('setKeyTime', { field: 'impactStartedAt', at: new Date(Date.parse(detected) - 12 * 60_000).toISOString() }, USERS.ben));
    await ok(call('setKeyTime', { field: 'acknowledgedAt', at: new Date(Date.parse(detected) + 3 * 60_000).toISOString() }, USERS.aiko));
    // the second and third changes fall inside the page write window: the delayed sync writes the final state
    await sb.idle();
    const incident = onlyIncident(sb);
    expect(incident.language).toBe('ja');

    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.aiko)}&locale=ja-JP&return=${encodeURIComponent(new URL(incident.page!.url).pathname)}`);
    // the regions are page properties macros, each saying first that Kaizen keeps it
    const roles = page.locator('.page-properties', { hasText: '体制は Jira 課題の Kaizen パネルで設定' });
    const times = page.locator('.page-properties', { hasText: '時刻の設定・修正は Jira 課題の Kaizen パネル' });
    await roles.waitFor();
    // people by name: Confluence's mention of the account id, no lookup by Kaizen
    await expect(roles.locator('tr', { hasText: 'インシデントコマンダー' }).locator('.mention').textContent()).resolves.toBe('@Ben Carter');
    await expect(roles.locator('tr', { hasText: '広報' }).locator('.mention').textContent()).resolves.toBe('@Aiko Sato');
    await expect(roles.locator('tr', { hasText: '対応者' }).locator('.mention').textContent()).resolves.toBe('@Chika Mori');
    await expect(roles.locator('tr', { hasText: '記録係' }).textContent()).resolves.toContain('未設定');

    // the key times table comes first, the durations table (whose labels name the key times too) after it
    const row = (label: string) => times.locator('tr', { hasText: label }).first();
    await expect(row('影響開始').textContent()).resolves.toMatch(/^影響開始\d{4}年\d+月\d+日\(.\) \d\d:\d\d:\d\d JSTBen Carter$/);
    await expect(row('検知').textContent()).resolves.toContain('Kaizen（アラート）');
    await expect(row('確認（対応開始）').textContent()).resolves.toContain('Aiko Sato');
    await expect(row('TTD').textContent()).resolves.toContain('12分');
    await expect(row('TTA').textContent()).resolves.toContain('3分');
    await expect(row('復旧').textContent()).resolves.toContain('未記録');

    // the live status macro is on the same page, in Japanese
    const macro = page.frameLocator('[data-testid="frame-incident-status"]');
    await macro.locator('[data-testid="incident-status"]').waitFor();
    await macro.locator('[data-testid="macro-role-commander"]').getByText('Ben Carter').waitFor({ timeout: 15_000 });
    await screenshot(page, 'live-page-follows-ja');

    // exactly the regions Kaizen owns carry the marks; the page is valid storage as Confluence keeps it
    const storage = ((await (await sb.http(`/wiki/api/v2/pages/${incident.page!.id}?body-format=storage`, { headers: { 'X-Sandbox-User': 'app' } })).json()) as { body: { storage: { value: string } } }).body.storage.value;
    expect(storage).toContain(`ac:macro-id="${regionId(incident.id, 'roles')}"`);
    expect(storage).toContain(`ac:macro-id="${regionId(incident.id, 'key-times')}"`);
    expect(sb.router.violations).toEqual([]);
    expect(sb.queues.deadLetters()).toEqual([]);
  });
});
