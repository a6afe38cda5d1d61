import type { FrameLocator } from 'playwright-core';
import { hostSessionUrl, screenshot, useBrowserSuite } from './chromium';

/**
 * The admin page's Slack tab (issue 11 item 3) in chromium on the sandbox's browser host: a bad URL's message next to
 * its field, a saved webhook shown only as its masked hint, a test message reaching the sandbox's Slack receiver, and
 * the tab in Japanese. Screenshots: test-output/screenshots/admin-slack-{en,ja}.png.
 */
jest.setTimeout(60_000);

const AIKO = '557058:aiko-sato';
const HOOK = 'https://hooks.slack.com/services/T0KAIZEN01/B0BROWSER01/abcdefghijklmnopqrstuvwx';

describe('the admin page’s Slack notifications', () => {
  const suite = useBrowserSuite();

  const openSlackTab = async (locale: 'en-US' | 'ja-JP'): Promise<FrameLocator> => {
    await suite.page.goto(hostSessionUrl(suite.sb, { user: AIKO, locale, theme: 'light', path: '/jira/settings/apps/kaizen-admin' }));
    const admin = suite.page.frameLocator('[data-testid="frame-kaizen-admin"]');
    await admin.locator('[data-testid="admin-page"]').waitFor({ timeout: 20_000 });
    await admin.locator('[data-testid="tab-slack"]').click();
    await admin.locator('[data-testid="slack-settings"]').waitFor();
    return admin;
  };

  const shot = async (name: string) => {
    await suite.page.evaluate(() => window.scrollTo(0, 0)); // the host's sticky header stays at the top of the capture
    await suite.page.waitForTimeout(150); // let the frame resize to its content before the full-page capture (as admin-page.test.ts)
    await screenshot(suite.page, name);
  };

  it('validates, saves without ever showing the URL again, and sends a test message (en), then reads in Japanese', async () => {
    const admin = await openSlackTab('en-US');
    expect(await admin.locator('[data-testid="slack-title"]').textContent()).toBe('Slack notifications');
    const input = admin.locator('[data-testid="slack-url-default"]');
    await input.fill('https://hooks.example.com/services/T0/B0/x');
    await admin.locator('[data-testid="slack-url-default-error"]').waitFor();
    expect(await admin.locator('[data-testid="slack-url-default-error"]').textContent()).toMatch(/A Slack incoming-webhook URL/);

    await input.fill(HOOK);
    expect(await admin.locator('[data-testid="slack-url-default-error"]').count()).toBe(0);
    await admin.locator('[data-testid="slack-event-retrospective-overdue"]').uncheck();
    await admin.locator('[data-testid="slack-save"]').click();
    await admin.locator('[data-testid="slack-saved"]').waitFor();
    expect(await admin.locator('[data-testid="slack-webhook-default-state"]').textContent()).toBe('Set (…/B0BROWSER01/••••uvwx) · by Aiko Sato');
    expect(await input.inputValue()).toBe('');
    expect(await admin.locator('body').innerHTML()).not.toContain('abcdefghijklmnopqrstuvwx');

    await admin.locator('[data-testid="slack-test-default"]').click();
    await admin.locator('[data-testid="slack-test-default-result"][data-sent="true"]').waitFor();
    const [test] = suite.sb.slack.messages(HOOK);
    expect(JSON.stringify(test!.body)).toContain('Kaizen will post Incident opened, Level raised, Recovered, Retrospective published here for every level without a webhook of its own.');
    await shot('admin-slack-en');

    const ja = await openSlackTab('ja-JP');
    expect(await ja.locator('[data-testid="slack-title"]').textContent()).toBe('Slack 通知');
    expect(await ja.locator('[data-testid="slack-webhook-default-state"]').textContent()).toBe('設定済み（…/B0BROWSER01/••••uvwx） · 設定者: Aiko Sato');
    expect(await ja.locator('[data-testid="slack-event-retrospective-overdue"]').isChecked()).toBe(false);
    await ja.locator('[data-testid="slack-url-SEV1"]').fill('http://hooks.slack.com/x');
    await ja.locator('[data-testid="slack-url-SEV1-error"]').waitFor();
    expect(await ja.locator('[data-testid="slack-url-SEV1-error"]').textContent()).toMatch(/Incoming Webhook URL を入力してください/);
    await shot('admin-slack-ja');
  });
});
