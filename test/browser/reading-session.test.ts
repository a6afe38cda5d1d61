import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { createLibraryPage, libraryData, seedPages, seedRows, type SeededPostmortem } from '../helpers/library-seed';
import type { TestSandbox } from '../helpers/test-sandbox';
import { USERS } from '../resolvers/call-resolver';
import { launchBrowser, openPage, screenshot } from './chromium';

/**
 * "Start a reading session" from a postmortem library row, in chromium on the sandbox's browser host (issue 11 item
 * 2): in English on an English postmortem, then in Japanese on a Japanese one (the page follows the postmortem's
 * language); the new page's link shows and the row's session count follows. Screenshots:
 * test-output/screenshots/reading-session-start-{en,ja}.png.
 */
jest.setTimeout(180_000);

describe('start a reading session, in the browser', () => {
  let sb: TestSandbox;
  let browser: Browser;
  let page: Page;
  let data: SeededPostmortem[];
  let libraryPath: string;
  const frame = (): FrameLocator => page.frameLocator('[data-testid="frame-postmortem-library"]');
  const row = (pageId: string): Locator => frame().locator(`[data-testid="library-row"][data-page-id="${pageId}"]`);
  const open = async (locale: 'en-US' | 'ja-JP') => {
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.ben)}&locale=${locale}&return=${encodeURIComponent(libraryPath)}`);
    await frame().locator('[data-testid="library-row"]').first().waitFor({ timeout: 30_000 });
  };
  const startOn = async (target: Locator) => {
    await target.getByTestId('session-open').click();
    await target.getByTestId('session-form').waitFor();
    await target.getByTestId('session-create').click();
    await target.getByTestId('session-link').waitFor({ timeout: 15_000 });
  };

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    data = libraryData(4, Date.now());
    seedPages(sb, data);
    await seedRows(data);
    libraryPath = (await createLibraryPage(sb)).path;
    browser = await launchBrowser();
    page = await openPage(browser, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.dispose();
  });

  it('starts a session from a row in English, then in Japanese, and shows the new page', async () => {
    // seeded rows: a page id ending in 3 is a Japanese postmortem
    const english = data.find((r) => !r.pageId.endsWith('3'))!;
    const japanese = data.find((r) => r.pageId.endsWith('3'))!;

    await open('en-US');
    const en = row(english.pageId);
    expect(await en.getByTestId('session-open').textContent()).toBe('Start a reading session');
    await startOn(en);
    expect(await en.getByTestId('session-outcome').getAttribute('data-value')).toBe('created');
    expect(await en.getByTestId('session-started').textContent()).toContain(`Reading session: ${english.title}`);
    // the library read the new row: one session for this postmortem
    await en.locator('[data-testid="library-sessions"][data-count="1"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'reading-session-start-en');

    await open('ja-JP');
    const ja = row(japanese.pageId);
    await ja.getByTestId('session-open').click();
    expect(await ja.getByTestId('session-form').textContent()).toContain('自分がファシリテーターを務める');
    await ja.getByTestId('session-facilitate').uncheck();
    await ja.getByTestId('session-create').click();
    await ja.getByTestId('session-link').waitFor({ timeout: 15_000 });
    expect(await ja.getByTestId('session-link').textContent()).toContain('読書会ページを開く');
    expect(await ja.getByTestId('session-started').textContent()).toContain(`ポストモーテム読書会: ${japanese.title}`);
    await screenshot(page, 'reading-session-start-ja');
  });
});
