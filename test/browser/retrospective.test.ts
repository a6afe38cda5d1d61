import type { Browser, FrameLocator, Page } from 'playwright-core';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { saveIntakeSettings } from '../../src/storage/settings';
import { onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { asApp, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from '../resolvers/call-resolver';
import { launchBrowser, openPage, screenshot } from './chromium';

/**
 * The retrospective from the panel, in Japanese (issue 9): a recovered incident → Draft in the panel → the page opens
 * with its sections → a person fills the なぜなぜ table and writes 「今後は気を付ける」 (a new version through
 * Confluence's REST, as that person) → Refresh facts → the hint shows in the panel → Publish. Screenshots:
 * test-output/screenshots/retro-*.png.
 */
jest.setTimeout(180_000);

const BEN = `Basic ${Buffer.from('ben@example.com:x').toString('base64')}`;

describe('the retrospective, drafted and published from the panel', () => {
  let sb: TestSandbox;
  let browser: Browser;
  let page: Page;
  let issue: { id: string; key: string };

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    await asApp(() => saveIntakeSettings({ pageLanguage: 'ja' }));
    issue = await openIncidentIssue(sb);
    const recovered = RESOLVERS.markRecovered.response.parse(await callResolver(sb, issuePanel(issue), 'markRecovered', {}, USERS.aiko));
    expect(recovered.ok).toBe(true);
    await sb.idle();
    browser = await launchBrowser();
    page = await openPage(browser, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.dispose();
  });

  const panel = (): FrameLocator => page.frameLocator('[data-testid="frame-incident-panel"]');
  const openIssue = async () => {
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.aiko)}&locale=ja-JP&return=${encodeURIComponent(`/browse/${issue.key}`)}`);
    await panel().locator('[data-testid="retrospective-section"]').waitFor({ timeout: 20_000 });
  };

  it('draft → people write → refresh shows the hint → publish', async () => {
    await openIssue();
    const section = panel().locator('[data-testid="retrospective-section"]');
    // recovered: the draft is offered first, with the 24-hour countdown in Japanese
    await expect(section.locator('[data-testid="retro-none"]').textContent()).resolves.toContain('復旧しました');
    await expect(section.locator('[data-testid="retro-due"]').textContent()).resolves.toMatch(/^期限まであと (23|24) 時間/);
    const draft = section.getByRole('button', { name: 'ポストモーテムを作成' });
    await screenshot(page, 'retro-1-recovered');
    await draft.click();
    await section.locator('[data-testid="retro-status"][data-value="draft"]').waitFor({ timeout: 20_000 });
    await expect(section.locator('[data-testid="retro-done"]').textContent()).resolves.toBe('ポストモーテムのページを作成しました。');
    await section.locator('[data-testid="retro-hints"]').getByText('見つかりませんでした').waitFor();
    await screenshot(page, 'retro-2-drafted');

    // the page opens with its sections
    const retro = onlyIncident(sb).retrospective!;
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.aiko)}&locale=ja-JP&return=${encodeURIComponent(new URL(retro.page.url).pathname)}`);
    for (const h of ['概要', 'なぜなぜ分析', '水平展開', '良かった点', 'アクションアイテム']) await page.getByRole('heading', { name: h, exact: true }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'retro-3-page');

    // Ben fills the なぜなぜ table and a sentence, as a new version through Confluence's REST
    const current = (await (await sb.http(`/wiki/api/v2/pages/${retro.page.id}?body-format=storage`, { headers: { Authorization: BEN, Accept: 'application/json' } })).json()) as { title: string; version: { number: number }; body: { storage: { value: string } } };
    const row = '<tr><td><p>決済 API が 500 を返した</p></td><td><p>ディスクが満杯</p></td><td><p>ログが消えない</p></td><td><p/></td><td><p/></td><td><p/></td><td><p>ローテーション未設定</p></td><td><p>logrotate を設定する</p></td><td><p>再発防止</p></td></tr>';
    const filled = current.body.storage.value
      .replace(/(<h2>なぜなぜ分析<\/h2>(?:(?!<\/table>)[\s\S])*?<\/tr>)/, `$1${row}`)
      .replace(/(<h2>悪かった点<\/h2>|<h3>悪かった点<\/h3>)/, '$1<p>ディスク残量を見る仕組みが無かった。今後は気を付ける。</p>');
    expect(filled).not.toBe(current.body.storage.value);
    const put = await sb.http(`/wiki/api/v2/pages/${retro.page.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: BEN },
      body: JSON.stringify({ id: retro.page.id, status: 'current', title: current.title, body: { representation: 'storage', value: filled }, version: { number: current.version.number + 1 } }),
    });
    expect(put.status).toBe(200);

    // refresh facts in the panel: the hint shows, with its reframing in Japanese
    await openIssue();
    await panel().getByRole('button', { name: 'ポストモーテムの事実情報（Kaizen が管理する部分）を更新' }).click();
    const hint = panel().locator('[data-testid="retro-hint"]');
    await hint.first().waitFor({ timeout: 20_000 });
    expect(await hint.count()).toBe(1);
    await expect(hint.textContent()).resolves.toContain('「気を付け」');
    await expect(hint.textContent()).resolves.toContain('仕組みではなく人の頑張りに頼る対策です。');
    await expect(hint.textContent()).resolves.toContain('人は修正できません');
    await expect(hint.textContent()).resolves.toContain('「悪かった点」より');
    await screenshot(page, 'retro-4-hint');

    // publish: shown as 公開済み, the hint still listed (publish does not refuse because of it)
    await panel().getByRole('button', { name: 'ポストモーテムを公開する' }).click();
    await panel().locator('[data-testid="retro-status"][data-value="published"]').waitFor({ timeout: 20_000 });
    await expect(panel().locator('[data-testid="retro-done"]').textContent()).resolves.toContain('公開しました');
    expect(await panel().locator('[data-testid="retro-hint"]').count()).toBeGreaterThan(0);
    expect(await panel().locator('[data-testid="retro-publish"]').count()).toBe(0);
    expect(onlyIncident(sb).retrospective?.status).toBe('published');
    await screenshot(page, 'retro-5-published');
  });

  it('a viewer sees the retrospective without its buttons, and why', async () => {
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.viewer)}&locale=ja-JP&return=${encodeURIComponent(`/browse/${issue.key}`)}`);
    const section = panel().locator('[data-testid="retrospective-section"]');
    await section.locator('[data-testid="retro-read-only"]').waitFor({ timeout: 20_000 });
    expect(await section.getByRole('button').count()).toBe(0);
    await expect(section.locator('[data-testid="retro-status"]').textContent()).resolves.toBe('公開済み');
  });
});
