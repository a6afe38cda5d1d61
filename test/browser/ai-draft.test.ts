import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { RESOLVERS, type ResolverKey } from '../../src/shared/resolver-contract';
import { onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from '../resolvers/call-resolver';
import { launchBrowser, openPage, SCREENSHOTS } from './chromium';

/**
 * "Draft summary with AI" in the panel (issue 11 item 6), in English and in Japanese: the button → pending → the
 * proposal labelled as AI-drafted (the panel polls while the consumer asks the sandbox's Forge LLMs) → Insert → the
 * page has the labelled block. Screenshots: test-output/screenshots/ai-draft-{en,ja}-{proposal,inserted}.png.
 */
jest.setTimeout(120_000);

describe('the AI draft from the panel', () => {
  let sb: TestSandbox;
  let browser: Browser;
  let page: Page;
  let issue: { id: string; key: string };
  const resolve = async (key: ResolverKey) => {
    const answer = RESOLVERS[key].response.parse(await callResolver(sb, issuePanel(issue), key, {}, USERS.aiko));
    expect(answer.ok).toBe(true);
  };

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    await resolve('markRecovered');
    await resolve('draftRetrospective');
    await sb.idle();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.dispose();
  });

  const panelShot = async (name: string) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('.topnav').evaluate((n: HTMLElement) => (n.style.position = 'static'));
    await page.waitForTimeout(200); // the frame resizes to its content
    const box = (await page.locator('[data-testid="frame-incident-panel"]').boundingBox())!;
    const scrollY = await page.evaluate(() => window.scrollY);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, clip: { ...box, y: box.y + scrollY } });
  };

  it.each([
    ['en', 'en-US', 'Europe/London', 'Draft summary with AI', 'AI-drafted — review before publishing', 'Insert into the page'],
    ['ja', 'ja-JP', 'Asia/Tokyo', 'AIで要約を下書き', 'AIによる下書き（公開前に確認してください）', 'ページに挿入'],
  ])('%s: button → proposal → insert', async (lang, locale, timezoneId, button, label, insert) => {
    page = await openPage(browser, { locale, timezoneId });
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.aiko)}&locale=${locale}&return=${encodeURIComponent(`/browse/${issue.key}`)}`);
    const panel: FrameLocator = page.frameLocator('[data-testid="frame-incident-panel"]');
    const ai = panel.locator('[data-testid="ai-draft"]');
    await ai.getByRole('button', { name: lang === 'en' ? /Ask an Atlassian-hosted model/ : /Atlassian がホストするモデル/ }).waitFor({ timeout: 20_000 });
    await expect(ai.locator('[data-testid="ai-draft-request"]').textContent()).resolves.toBe(button);
    await ai.locator('[data-testid="ai-draft-request"]').click();
    await ai.locator('[data-testid="ai-draft-proposal"]').waitFor({ timeout: 20_000 });
    await expect(ai.locator('[data-testid="ai-draft-label"]').textContent()).resolves.toBe(label);
    await expect(ai.locator('[data-testid="ai-draft-summary"]').textContent()).resolves.toBe('[Sandbox LLM] summary');
    await panelShot(`ai-draft-${lang}-proposal`);

    await ai.getByRole('button', { name: insert }).or(ai.locator('[data-testid="ai-draft-insert"]')).first().click();
    await ai.locator('[data-testid="ai-draft-inserted"][data-placed="summary"]').waitFor({ timeout: 20_000 });
    await panelShot(`ai-draft-${lang}-inserted`);
    const pageId = onlyIncident(sb).retrospective!.page.id;
    const storage = ((await (await sb.http(`/wiki/api/v2/pages/${pageId}?body-format=storage`, { headers: { 'X-Sandbox-User': 'app', Accept: 'application/json' } })).json()) as { body: { storage: { value: string } } }).body.storage.value;
    // the page is in the page language (English here); each run's pair of blocks is there, each block labelled in its title and its first line
    expect(storage.match(/AI-drafted — review before publishing/g)!.length).toBe(lang === 'en' ? 4 : 8);
    await page.close();
  });

  it('a site without Forge LLMs (the platform refuses the model): the panel shows no AI button', async () => {
    await resolve('discardAiDraft');
    const fault = await sb.http('/__sandbox/llm/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 403 }) });
    expect(fault.status).toBe(201);
    await resolve('requestAiDraft');
    await sb.idle();
    page = await openPage(browser, { locale: 'en-US', timezoneId: 'Europe/London' });
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.aiko)}&locale=en-US&return=${encodeURIComponent(`/browse/${issue.key}`)}`);
    const panel: FrameLocator = page.frameLocator('[data-testid="frame-incident-panel"]');
    // the retrospective section is there with its actions; the AI block answered "unavailable" and shows nothing
    await panel.locator('[data-testid="retro-publish"]').waitFor({ timeout: 20_000 });
    await panel.locator('[data-testid="ai-draft-off"]').waitFor({ state: 'attached', timeout: 20_000 });
    await expect(panel.locator('[data-testid="ai-draft"], [data-testid="ai-draft-request"], [data-testid="ai-draft-unavailable"]').count()).resolves.toBe(0);
    await page.close();
  });
});
