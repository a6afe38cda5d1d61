import type { FrameLocator, Locator } from 'playwright-core';
import { libraryData, seedLibrary, type SeededPostmortem } from '../helpers/library-seed';
import { USERS } from '../resolvers/call-resolver';
import { hostSessionUrl, screenshot, useBrowserSuite } from './chromium';

/**
 * "Start a reading session" from a postmortem library row, in chromium on the sandbox's browser host (issue 11 item
 * 2): in English on an English postmortem, then in Japanese on a Japanese one (the page follows the postmortem's
 * language); the new page's link shows and the row's session count follows. Screenshots:
 * test-output/screenshots/reading-session-start-{en,ja}.png.
 */
jest.setTimeout(180_000);

describe('start a reading session, in the browser', () => {
  let data: SeededPostmortem[];
  let libraryPath: string;
  const suite = useBrowserSuite({
    sql: true,
    timeout: 300_000,
    page: { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' },
    seed: async (sb) => {
      data = libraryData(4, Date.now());
      libraryPath = (await seedLibrary(sb, data)).path;
    },
  });
  const frame = (): FrameLocator => suite.page.frameLocator('[data-testid="frame-postmortem-library"]');
  const row = (pageId: string): Locator => frame().locator(`[data-testid="library-row"][data-page-id="${pageId}"]`);
  const open = async (locale: 'en-US' | 'ja-JP') => {
    await suite.page.goto(hostSessionUrl(suite.sb, { user: USERS.ben, locale, path: libraryPath }));
    await frame().locator('[data-testid="library-row"]').first().waitFor({ timeout: 30_000 });
  };
  const startOn = async (target: Locator) => {
    await target.getByTestId('session-open').click();
    await target.getByTestId('session-form').waitFor();
    await target.getByTestId('session-create').click();
    await target.getByTestId('session-link').waitFor({ timeout: 15_000 });
  };

  it('starts a session from a row in English, then in Japanese, and shows the new page', async () => {
    // seeded rows: a page id ending in 3 is a Japanese postmortem
    const english = data.find((r) => !r.pageId.endsWith('3'))!;
    const japanese = data.find((r) => r.pageId.endsWith('3'))!;

    await open('en-US');
    const en = row(english.pageId);
    expect(await en.getByTestId('session-open').textContent()).toBe('Start a reading session');
    // the time is taken in Ben's profile zone (Europe/London), the one the session macro shows it in — not the browser's (Tokyo)
    await en.getByTestId('session-open').click();
    const zoneNote = await en.getByTestId('session-form').textContent();
    expect(zoneNote).toMatch(/In your profile’s time zone \(GMT(\+1)?\)/);
    expect(zoneNote).not.toContain('JST');
    await en.getByTestId('session-cancel').click();
    await startOn(en);
    expect(await en.getByTestId('session-outcome').getAttribute('data-value')).toBe('created');
    expect(await en.getByTestId('session-started').textContent()).toContain(`Reading session: ${english.title}`);
    // the library read the new row: one session for this postmortem
    await en.locator('[data-testid="library-sessions"][data-count="1"]').waitFor({ timeout: 15_000 });
    await screenshot(suite.page, 'reading-session-start-en');

    await open('ja-JP');
    const ja = row(japanese.pageId);
    await ja.getByTestId('session-open').click();
    expect(await ja.getByTestId('session-form').textContent()).toContain('自分がファシリテーターを務める');
    await ja.getByTestId('session-facilitate').uncheck();
    await ja.getByTestId('session-create').click();
    await ja.getByTestId('session-link').waitFor({ timeout: 15_000 });
    expect(await ja.getByTestId('session-link').textContent()).toContain('読書会ページを開く');
    expect(await ja.getByTestId('session-started').textContent()).toContain(`ポストモーテム読書会: ${japanese.title}`);
    await screenshot(suite.page, 'reading-session-start-ja');
  });
});
