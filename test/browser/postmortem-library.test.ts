import type { FrameLocator } from 'playwright-core';
import { RECOMMENDED_LABEL } from '../../src/shared/library';
import { libraryData, seedLibrary, SPECIAL_TITLES, type SeededPostmortem } from '../helpers/library-seed';
import { USERS } from '../resolvers/call-resolver';
import { hostSessionUrl, screenshot, useBrowserSuite } from './chromium';

/**
 * The postmortem library macro on a Confluence page of the sandbox's browser host (issue 11 item 1): 60 published
 * postmortems, filtered and searched in English, recommended through the UI (a reason is required), then filtered in
 * Japanese. Screenshots: test-output/screenshots/postmortem-library-*.png.
 */
jest.setTimeout(180_000);

describe('the postmortem library in the browser', () => {
  let data: SeededPostmortem[];
  let libraryPath: string;
  const suite = useBrowserSuite({
    sql: true,
    timeout: 300_000,
    seed: async (sb) => {
      data = libraryData(60, Date.now());
      libraryPath = (await seedLibrary(sb, data, { [data[10]!.pageId]: 2 })).path;
    },
  });
  const frame = (): FrameLocator => suite.page.frameLocator('[data-testid="frame-postmortem-library"]');
  const rows = () => frame().locator('[data-testid="library-row"]');
  const open = async (locale: 'en-US' | 'ja-JP') => {
    await suite.page.goto(hostSessionUrl(suite.sb, { user: USERS.ben, locale, path: libraryPath }));
    await rows().first().waitFor({ timeout: 30_000 });
  };
  /** Waits until the list shows `total` postmortems. */
  const total = (n: number) => frame().locator(`[data-testid="library-count"][data-total="${n}"]`).waitFor({ timeout: 15_000 });
  /** Waits until the list shows page `n` of a search (no total), with or without more after it. */
  const searched = (n: number, more: boolean) =>
    frame().locator(`[data-testid="library-count"]:not([data-total])[data-page="${n}"][data-has-more="${more}"]`).waitFor({ timeout: 15_000 });

  it('filters, searches and recommends in English', async () => {
    await open('en-US');
    const shown = data.filter((r) => !r.drill);
    await total(shown.length);
    expect(await frame().getByTestId('locale-text').textContent()).toBe('Postmortem library');
    expect(await rows().count()).toBe(20);
    expect(await rows().first().getByTestId('library-title').textContent()).toBe(`${SPECIAL_TITLES[0]} #0`);
    // hostile titles are text
    expect(await frame().locator('[data-testid="library-list"] script').count()).toBe(0);
    expect(await frame().getByText('<script>alert(1)</script>', { exact: false }).count()).toBe(1);

    await frame().getByTestId('filter-level').selectOption('SEV2');
    await total(shown.filter((r) => r.level === 'SEV2').length);
    expect(await rows().getByTestId('library-level').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')))).toEqual(expect.arrayContaining(['SEV2']));
    expect(new Set(await rows().getByTestId('library-level').evaluateAll((els) => els.map((e) => e.getAttribute('data-value'))))).toEqual(new Set(['SEV2']));

    await frame().getByTestId('filter-clear').click();
    // a search answers no total (it could tell about postmortems the viewer cannot read): "Page X", paged by hasMore
    await frame().getByTestId('filter-search').fill('db_primary');
    await frame().getByTestId('filter-apply').click();
    await searched(1, false);
    expect(await rows().count()).toBe(1);
    expect(await frame().getByTestId('library-count').textContent()).toBe('Page 1');
    const matching = shown.filter((r) => r.title.toLowerCase().includes('postmortem #'));
    await frame().getByTestId('filter-search').fill('Postmortem #');
    await frame().getByTestId('filter-apply').click();
    await searched(1, true);
    await frame().getByTestId('page-next').click();
    await searched(2, true);
    await frame().getByTestId('page-next').click();
    await searched(3, false);
    expect(await rows().count()).toBe(matching.length - 40);
    expect(await frame().getByTestId('page-next').isDisabled()).toBe(true);
    await frame().getByTestId('page-previous').click();
    await searched(2, true);
    await frame().getByTestId('filter-search').fill('');
    await frame().getByTestId('filter-apply').click();
    await total(shown.length);

    // recommend the third row: a reason is required, then it shows first in the recommended view
    const target = rows().nth(2);
    const pageId = await target.getAttribute('data-page-id');
    await target.getByTestId('recommend-open').click();
    await target.getByTestId('recommend-save').click();
    expect(await target.getByTestId('recommend-problem').getAttribute('data-problem')).toBe('reason-required');
    await target.getByTestId('recommend-reason').fill('Shows how a rollback plan saved the night');
    await target.getByTestId('recommend-save').click();
    await frame().getByTestId('recommend-notice').waitFor();
    expect(await frame().getByTestId('recommend-notice').textContent()).toContain(RECOMMENDED_LABEL);
    await frame().getByTestId('filter-sort').selectOption('recommended');
    const first = rows().first();
    await frame().locator(`[data-testid="library-row"][data-page-id="${pageId}"][data-recommended="true"]`).first().waitFor();
    expect(await first.getAttribute('data-page-id')).toBe(pageId);
    expect(await first.getByTestId('library-reason').textContent()).toBe('Recommended by Ben Carter: Shows how a rollback plan saved the night');
    await screenshot(suite.page, 'postmortem-library-en');

    await frame().getByTestId('filter-recommended').check();
    await total(1);
  });

  it('filters in Japanese', async () => {
    await open('ja-JP');
    expect(await frame().getByTestId('locale-text').textContent()).toBe('ポストモーテムライブラリ');
    await frame().getByTestId('filter-release-class').selectOption('rolled_back');
    const expected = data.filter((r) => !r.drill && r.releaseClass === 'rolled_back');
    await total(expected.length);
    expect(await rows().getByTestId('library-release-class').allTextContents()).toEqual(expected.map(() => '切り戻し'));
    expect(await rows().first().getByTestId('library-kind').textContent()).toBe('リリースレビュー');
    expect(await frame().getByTestId('library-count').textContent()).toContain(`${expected.length} 件のポストモーテム`);
    await frame().getByTestId('filter-release-class').selectOption('');
    await frame().getByTestId('filter-sort').selectOption('most-read');
    await frame().locator(`[data-testid="library-row"]:first-child[data-page-id="${data[10]!.pageId}"]`).waitFor();
    expect(await rows().first().getByTestId('library-sessions').textContent()).toBe('読書会 2 回');
    await screenshot(suite.page, 'postmortem-library-ja');

    await frame().getByTestId('filter-search').fill('存在しない');
    await frame().getByTestId('filter-apply').click();
    await frame().getByTestId('library-empty').waitFor();
    expect(await frame().getByTestId('library-empty').textContent()).toContain('条件に一致する公開済みのポストモーテムはありません');
  });
});
