import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { saveIntakeSettings } from '../../src/storage/settings';
import { createDeploymentStore } from '../../src/storage/sql/deployments';
import type { DeploymentRecord } from '../../src/usecases/deployments/deployment-ports';
import { release } from '../helpers/metrics-seed';
import { en } from '../../static/shared/i18n/en';
import { ja } from '../../static/shared/i18n/ja';
import { storedIncidents } from '../helpers/incidents';
import { asApp, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { launchBrowser, openPage, SCREENSHOTS } from './chromium';

/**
 * "Report a release problem" from an issue's action menu, in Debian's chromium on the sandbox's browser host (issue
 * 10 item 4): in Japanese, a rolled-back release picked from the recent production deployments → the light review
 * page, linked on the issue, in Japanese; in English, an outage of a service typed by hand, a time in the future
 * refused next to its field, then the incident declared. Screenshots: test-output/screenshots/release-problem-*.png.
 */
jest.setTimeout(240_000);

const AIKO = '557058:aiko-sato';
const BEN = '557058:ben-carter';
const H = 3_600_000;

describe('report a release problem, in the browser', () => {
  let sb: TestSandbox;
  let browser: Browser;
  let page: Page;
  const now = Date.now();

  const deployment = (id: string, finishedOffsetMs: number, over: Partial<DeploymentRecord> = {}): DeploymentRecord => release(id, new Date(now + finishedOffsetMs).toISOString(), { version: id, ...over });

  async function newTask(summary: string): Promise<string> {
    const res = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sandbox-User': AIKO },
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary } }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { key: string }).key;
  }

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    const store = createDeploymentStore();
    const receivedAt = new Date().toISOString();
    for (const d of [deployment('v1.4.0', -26 * H), deployment('v1.4.1', -3 * H, { displayTitle: 'checkout 2026-12 hotfix train' }), deployment('2.8.0', -1 * H, { service: 'search', displayTitle: 'Search ranking update' })]) {
      await asApp(() => store.record(d, receivedAt));
    }
    browser = await launchBrowser();
    page = await openPage(browser, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.dispose();
  });

  const dialog = (): FrameLocator => page.frameLocator('[data-testid="frame-report-release-problem"]');
  const openIssue = async (key: string, user: string, locale: 'ja-JP' | 'en-US', theme: 'light' | 'dark' = 'light') => {
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(user)}&locale=${locale}&theme=${theme}&return=${encodeURIComponent(`/browse/${key}`)}`);
    await page.locator('[data-testid="issue-summary"]').waitFor();
  };
  const openAction = async () => {
    await page.locator('[data-testid="action-report-release-problem"]').click();
    await dialog().locator('[data-testid="release-form"]').waitFor({ timeout: 20_000 });
  };
  const shot = async (name: string) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForTimeout(250);
    await page.screenshot({ path: join(SCREENSHOTS, `release-problem-${name}.png`) });
  };

  it('in Japanese: a rolled-back release picked from the recent deployments → the light review page, linked on the issue', async () => {
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja' }));
    const key = await newTask('checkout 12月リリース');
    await openIssue(key, AIKO, 'ja-JP');
    expect(await page.locator('[data-testid="action-report-release-problem"]').textContent()).toBe('リリース障害を報告（Kaizen）');
    await openAction();
    expect(await dialog().locator('[data-testid="locale-text"]').textContent()).toBe(ja['release.title']);
    // the three classes, each with its meaning; the newest production deployment first
    for (const c of ['partially_incomplete', 'rolled_back', 'caused_outage'] as const) await dialog().getByRole('radio', { name: ja[`release.class.${c}`], exact: true }).waitFor();
    const options = await dialog().getByRole('combobox', { name: ja['release.field.deployment'] }).locator('option').allTextContents();
    expect(options).toHaveLength(4);
    expect(options[0]).toContain('Search ranking update · search 2.8.0');
    expect(options[1]).toContain('checkout 2026-12 hotfix train · checkout v1.4.1');
    expect(options[3]).toBe(ja['release.deployment.none']);
    await shot('1-form-ja');

    // nothing chosen: each missing answer is said next to its field, nothing is sent
    await dialog().locator('[data-testid="release-submit"]').click();
    await dialog().locator('[data-testid="release-class-problem"]').waitFor();
    expect(await dialog().locator('[data-testid="release-summary-problem"]').textContent()).toBe(ja['release.summaryRequired']);

    await dialog().getByRole('radio', { name: ja['release.class.rolled_back'], exact: true }).check();
    await dialog().getByRole('combobox', { name: ja['release.field.deployment'] }).selectOption('v1.4.1');
    await dialog().getByRole('textbox', { name: ja['release.field.summary'] }).fill('v1.4.1 を切り戻し。決済 API が 502 を返した');
    await dialog().getByLabel(ja['release.field.occurredAt']).fill('2026-12-02T10:30');
    // each answered field's message is gone
    expect(await dialog().locator('[data-testid="release-class-problem"]').count()).toBe(0);
    expect(await dialog().locator('[data-testid="release-summary-problem"]').count()).toBe(0);
    await shot('2-filled-ja');

    await dialog().locator('[data-testid="release-submit"]').click();
    await dialog().locator('[data-testid="release-done"]').waitFor({ timeout: 20_000 });
    expect(await dialog().locator('[data-testid="release-outcome"]').textContent()).toBe(ja['release.done.review']);
    const title = (await dialog().locator('[data-testid="release-done"] .kz-subtle').textContent())!.replace(/^ — /, '');
    expect(title).toMatch(/^リリースレビュー（切り戻し）: checkout v1\.4\.1 — v1\.4\.1 を切り戻し。決済 API が 502 を返した \[[0-9a-f]{8}\]$/);
    await shot('3-done-ja');

    // the issue links the page and says it in a comment; the page is in Japanese, under Retrospectives
    await openIssue(key, AIKO, 'ja-JP');
    expect(await page.locator('[data-testid="remote-link"]').allTextContents()).toContain(title);
    expect(await page.locator('[data-testid="comment"]').last().textContent()).toContain('Aiko Sato さんがリリース障害（切り戻し）を報告しました');
    const href = (await page.locator('[data-testid="remote-link"] a', { hasText: title }).getAttribute('href'))!;
    await page.goto(new URL(href, sb.url).toString());
    await page.locator('h2', { hasText: '予定していた内容' }).waitFor({ timeout: 20_000 });
    for (const heading of ['実際に起きたこと', 'なぜなぜ分析', '再発防止策', 'アクションアイテム']) expect(await page.locator('h2', { hasText: heading }).count()).toBe(1);
    expect(await page.content()).toContain('2026年12月2日(水) 10:30:00 JST');
    await shot('4-page-ja');
    await asApp(() => saveIntakeSettings({ pageLanguage: 'en' }));
  });

  it('in English: an outage of a service typed by hand; a future time is refused by its field; then the incident is declared', async () => {
    const key = await newTask('Payments release 2026.12.2');
    await openIssue(key, BEN, 'en-US');
    await openAction();
    await dialog().getByRole('radio', { name: en['release.class.caused_outage'] }).check();
    // an outage asks for the incident's level; the button says it declares one
    await dialog().getByRole('combobox', { name: en['release.field.level'] }).selectOption('SEV2');
    expect(await dialog().locator('[data-testid="release-submit"]').textContent()).toBe(en['release.submitOutage']);
    await dialog().getByRole('combobox', { name: en['release.field.deployment'] }).selectOption({ label: en['release.deployment.none'] });
    await dialog().getByRole('textbox', { name: en['release.field.service'] }).fill('payments');
    await dialog().getByRole('textbox', { name: en['release.field.version'] }).fill('2026.12.2');
    await dialog().getByRole('textbox', { name: en['release.field.summary'] }).fill('Card payments failed after the 2026.12.2 release');
    await dialog().getByLabel(en['release.field.occurredAt']).fill('2999-01-01T00:00');
    await dialog().locator('[data-testid="release-submit"]').click();
    await dialog().locator('[data-testid="release-occurred-problem"]').waitFor({ timeout: 15_000 });
    expect(await dialog().locator('[data-testid="release-occurred-problem"]').textContent()).toBe(en['release.occurredAtFuture']);
    expect(storedIncidents(sb).some((i) => i.title === 'Card payments failed after the 2026.12.2 release')).toBe(false);
    await shot('5-future-en');

    await dialog().getByLabel(en['release.field.occurredAt']).fill('2026-12-02T08:15');
    await dialog().locator('[data-testid="release-submit"]').click();
    await dialog().locator('[data-testid="release-done"]').waitFor({ timeout: 20_000 });
    expect(await dialog().locator('[data-testid="release-outcome"]').textContent()).toBe(en['release.done.outage']);
    const link = dialog().locator('[data-testid="release-incident-link"]');
    const incidentKey = (await link.textContent())!.replace('Open ', '');
    expect(incidentKey).not.toBe(key);
    await shot('6-done-en');
    const incident = storedIncidents(sb).find((i) => i.issue?.key === incidentKey)!;
    expect(incident).toMatchObject({ title: 'Card payments failed after the 2026.12.2 release', level: 'SEV2', declared: { by: { accountId: BEN } } });
  });

  it('in the dark theme, for a viewer who may not report: the reason, no form', async () => {
    const key = await newTask('Release notes 2026.12');
    await openIssue(key, '557058:viewer-vic', 'en-US', 'dark');
    await page.locator('[data-testid="action-report-release-problem"]').click();
    await dialog().locator('[data-testid="release-not-allowed"]').waitFor({ timeout: 20_000 });
    expect(await dialog().locator('[data-testid="release-form"]').count()).toBe(0);
    await shot('7-viewer-dark-en');
    // and the form itself in the dark theme, for an editor
    await openIssue(key, BEN, 'en-US', 'dark');
    await openAction();
    await dialog().getByRole('radio', { name: en['release.class.partially_incomplete'] }).check();
    await shot('8-form-dark-en');
  });
});
