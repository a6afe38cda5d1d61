import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { createDeploymentStore } from '../../src/storage/sql/deployments';
import type { DeploymentRecord } from '../../src/usecases/deployments/deployment-ports';
import { onlyIncident } from '../helpers/incidents';
import { asApp, fixture, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { USERS } from '../resolvers/call-resolver';
import { launchBrowser, openPage, SCREENSHOTS } from './chromium';

/**
 * The incident panel's "Caused by deployment" / 「原因となったデプロイ」 section (issue 10 item 5) in a real browser:
 * the rule's deployment with its pipeline link, a person's choice from the candidates (who chose, what the rule would
 * choose), clearing it, back to the rule — in English and Japanese, light and dark; the viewer sees it without
 * buttons. Screenshots: test-output/screenshots/attribution-*.png (the section alone).
 */
jest.setTimeout(180_000);

const H = 3_600_000;

describe('the attribution section of the incident panel', () => {
  let sb: TestSandbox;
  let browser: Browser;
  let page: Page;
  let issueKey: string;

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'service.json'))).status).toBe(202);
    await sb.idle();
    const incident = onlyIncident(sb);
    issueKey = incident.issue!.key;
    const impact = Date.parse(incident.impactStartedAt);
    const deployment = (id: string, title: string, version: string, offset: number): DeploymentRecord => ({
      id,
      displayTitle: title,
      name: null,
      result: 'SUCCESS',
      environment: 'PRODUCTION',
      outcome: 'success',
      service: 'ec-site',
      version,
      pipelineUrl: `https://github.com/example-corp/ec-site/actions/runs/${id}`,
      startedAt: new Date(impact + offset - 600_000).toISOString(),
      finishedAt: new Date(impact + offset).toISOString(),
      createdAt: null,
      commits: [],
      hotfixFor: [],
      problemSummary: null,
    });
    const store = createDeploymentStore();
    for (const d of [
      deployment('9120', 'Release 2025.06.09 (checkout)', 'v2.14.0', -26 * H),
      deployment('9121', 'Payment retry tuning', 'v2.14.1', -5 * H),
      deployment('9122', 'Release 2025.06.10 (payments)', 'v2.15.0', -1 * H),
    ]) {
      await asApp(() => store.record(d, new Date().toISOString()));
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.dispose();
  });

  const panel = (): FrameLocator => page.frameLocator('[data-testid="frame-incident-panel"]');
  const section = () => panel().locator('[data-testid="attribution-section"]');
  const open = async (user: string, locale: 'en-US' | 'ja-JP', theme: 'light' | 'dark' = 'light') => {
    page = await openPage(browser, { locale, timezoneId: 'Asia/Tokyo' });
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(user)}&locale=${locale}&theme=${theme}&return=${encodeURIComponent(`/browse/${issueKey}`)}`);
    await section().locator('[data-testid="attribution-by"]').waitFor({ timeout: 20_000 });
  };
  /** The section alone, clipped from the full page (the host's sticky header would cover an element capture). */
  const shot = async (name: string) => {
    await page.waitForTimeout(200); // the frame resizes to its content before the capture
    mkdirSync(SCREENSHOTS, { recursive: true });
    const nav = page.locator('.topnav');
    if (await nav.count()) await nav.evaluate((n: HTMLElement) => (n.style.position = 'static'));
    await section().scrollIntoViewIfNeeded();
    const box = (await section().boundingBox())!;
    const scrollY = await page.evaluate(() => window.scrollY);
    const pad = 12;
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, clip: { x: box.x - pad, y: box.y + scrollY - pad, width: box.width + 2 * pad, height: box.height + 2 * pad } });
    if (await nav.count()) await nav.evaluate((n: HTMLElement) => (n.style.position = ''));
  };

  it('English: the rule’s deployment → a person chooses another → back to the rule', async () => {
    await open(USERS.aiko, 'en-US');
    const s = section();
    await expect(s.locator('h2').textContent()).resolves.toBe('Caused by deployment');
    await expect(s.locator('[data-testid="attribution-deployment"]').getAttribute('data-deployment-id')).resolves.toBe('9122');
    await expect(s.locator('[data-testid="attribution-deployment-title"]').textContent()).resolves.toBe('Release 2025.06.10 (payments)');
    await expect(s.locator('[data-testid="attribution-outcome"]').textContent()).resolves.toBe('Succeeded');
    await expect(s.locator('[data-testid="attribution-pipeline"]').getAttribute('href')).resolves.toBe('https://github.com/example-corp/ec-site/actions/runs/9122');
    await expect(s.locator('[data-testid="attribution-deployment"]').textContent()).resolves.toContain('ec-site · Version v2.15.0 · Finished');
    await expect(s.locator('[data-testid="attribution-by"]').getAttribute('data-by')).resolves.toBe('rule');
    await shot('attribution-en-1-rule');

    await s.getByRole('button', { name: 'Choose the deployment that caused this incident' }).click();
    const select = s.locator('[data-testid="attribution-select"]');
    await expect(select.locator('option').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Release 2025\.06\.10 \(payments\) \(ec-site v2\.15\.0\) — /),
      expect.stringMatching(/^Payment retry tuning \(ec-site v2\.14\.1\) — /),
      expect.stringMatching(/^Release 2025\.06\.09 \(checkout\) \(ec-site v2\.14\.0\) — /),
    ]);
    await select.selectOption('9121');
    await shot('attribution-en-2-choosing');
    await s.getByRole('button', { name: 'Save' }).click();
    await s.locator('[data-testid="attribution-deployment"][data-deployment-id="9121"]').waitFor();
    await expect(s.locator('[data-testid="attribution-by"]').textContent()).resolves.toMatch(/^Chosen by Aiko Sato · /);
    await expect(s.locator('[data-testid="attribution-rule-would"]').textContent()).resolves.toBe('Automatic choice: Release 2025.06.10 (payments)');
    await expect(s.locator('[data-testid="attribution-saved"]').textContent()).resolves.toBe('Saved. The metrics count this incident accordingly.');
    expect(onlyIncident(sb).attribution).toMatchObject({ mode: 'manual', deploymentId: '9121', setBy: { accountId: USERS.aiko } });
    await shot('attribution-en-3-chosen');
    // the timeline says who changed it, from what to what
    await panel().getByText('automatic → deployment 9121').waitFor();
  });

  it('Japanese, dark: デプロイ起因ではない → 自動判定に戻す', async () => {
    await open(USERS.ben, 'ja-JP', 'dark');
    const s = section();
    await expect(s.locator('h2').textContent()).resolves.toBe('原因となったデプロイ');
    await expect(s.locator('[data-testid="attribution-deployment-title"]').textContent()).resolves.toBe('Payment retry tuning');
    await expect(s.locator('[data-testid="attribution-by"]').textContent()).resolves.toMatch(/^Aiko Sato が選択 · /);
    await expect(s.locator('[data-testid="attribution-rule-would"]').textContent()).resolves.toBe('自動判定: Release 2025.06.10 (payments)');
    await shot('attribution-ja-1-chosen');
    await s.getByRole('button', { name: 'デプロイ起因ではない' }).click();
    await s.locator('[data-testid="attribution-none"]').waitFor();
    await expect(s.locator('[data-testid="attribution-none"]').textContent()).resolves.toBe('デプロイ起因ではない');
    await expect(s.locator('[data-testid="attribution-by"]').textContent()).resolves.toMatch(/^Ben Carter が選択 · /);
    await shot('attribution-ja-2-none');
    await s.getByRole('button', { name: '自動判定に戻す' }).click();
    await s.locator('[data-testid="attribution-by"][data-by="rule"]').waitFor();
    await expect(s.locator('[data-testid="attribution-deployment"]').getAttribute('data-deployment-id')).resolves.toBe('9122');
    await expect(s.locator('[data-testid="attribution-by"]').textContent()).resolves.toBe('自動判定: 影響開始より前に本番環境へ反映された、同じサービスの最新のデプロイです。');
    expect(onlyIncident(sb).attribution).toBeUndefined();
    await shot('attribution-ja-3-rule');
  });

  it('the viewer sees it without buttons, and why', async () => {
    await open(USERS.viewer, 'en-US');
    const s = section();
    await s.locator('[data-testid="attribution-read-only"]').waitFor();
    await expect(s.getByRole('button').count()).resolves.toBe(0);
    await shot('attribution-en-4-viewer');
  });
});
