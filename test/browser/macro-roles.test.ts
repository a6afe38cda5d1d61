import type { Browser, Page } from 'playwright-core';
import { onlyIncident, openIncidentIssue } from '../helpers/incidents';
import { startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { issuePanel, typedCaller, USERS } from '../resolvers/call-resolver';
import { launchBrowser, openPage, screenshot } from './chromium';

/**
 * The live status macro names the incident's roles: a commander set through the real `setIncidentRoles` resolver
 * (as Aiko, from the issue panel) shows on the incident page as "Ben Carter", which the macro asked Confluence for
 * as the viewing user (GET /wiki/rest/api/user), not as Ben's raw account id. Screenshot: test-output/screenshots/.
 */
jest.setTimeout(120_000);

describe('the status macro names the roles', () => {
  let sb: TestSandbox;
  let browser: Browser;
  let page: Page;
  let issue: { id: string; key: string };

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    issue = await openIncidentIssue(sb);
    browser = await launchBrowser();
    page = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.dispose();
  });

  it('shows the commander set by the resolver by display name, looked up as the viewing user', async () => {
    const call = typedCaller(() => sb, issuePanel(issue));
    const answer = await call('setIncidentRoles', { commander: USERS.ben }, USERS.aiko);
    if (!answer.ok) throw new Error(`setIncidentRoles refused: ${JSON.stringify(answer.error)}`);
    await sb.idle();
    const incident = onlyIncident(sb);
    expect(incident.page).toBeDefined();

    const pagePath = new URL(incident.page!.url).pathname;
    await page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.viewer)}&locale=en-US&return=${encodeURIComponent(pagePath)}`);
    const macro = page.frameLocator('[data-testid="frame-incident-status"]');
    await macro.locator('[data-testid="incident-status"]').waitFor();
    const commander = macro.locator('[data-testid="macro-role-commander"]');
    await commander.getByText('Ben Carter').waitFor({ timeout: 15_000 });
    expect(await commander.textContent()).toBe('Ben Carter');
    expect(await commander.locator(`[data-account-id="${USERS.ben}"]`).count()).toBe(1);
    await screenshot(page, 'macro-roles');

    // asked of Confluence as the person looking at the page (requestConfluence), answered and spec-valid
    const lookups = sb.log.list({ kind: 'product' }).filter((e) => e.path === '/wiki/rest/api/user');
    expect(lookups.length).toBeGreaterThan(0);
    for (const e of lookups) expect(e).toMatchObject({ method: 'GET', status: 200, actor: USERS.viewer });
    expect(sb.router.violations).toEqual([]);
  });
});
