import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { gadgetOf } from '../../sandbox/host/gadgets';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { durationText } from '../../src/shared/durations';
import { TTX, type Metrics } from '../../src/shared/metrics';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import type { DeploymentRecord } from '../../src/usecases/deployments/deployment-ports';
import type { IncidentFact } from '../../src/usecases/sync-incident-facts';
import { createDeploymentStore } from '../../src/storage/sql/deployments';
import { createIncidentFacts } from '../../src/storage/sql/incident-facts';
import { CATALOGUES, translate, type Language } from '../../static/shared/i18n/messages';
import { asApp, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';
import { callResolver, dataOf, gadget, USERS } from '../resolvers/call-resolver';
import { recentMackerelAlert } from '../resolvers/recent-alerts';
import { launchBrowser, openPage, SCREENSHOTS } from './chromium';

/**
 * The metrics gadget (issue 10 item 5) in the sandbox's browser host, on data written through the app's own write
 * paths: an alert through its web trigger, incident facts through the reporting store's upsert, deployments through
 * the deployments store (commits with authored times, a rollback, a partially incomplete release, a hotfix). Each
 * view is checked against what `getMetrics` answers for the same filter, in English and Japanese, light and dark;
 * the edit view saves a configuration the view then uses. Screenshots: test-output/screenshots/metrics-gadget-*.png.
 */
jest.setTimeout(240_000);

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const DASHBOARD = '/jira/dashboards/10000';

/** An instant `days` (and hours, minutes) before now, ISO. */
const ago = (days: number, plus = 0): string => new Date(Date.now() - days * DAY + plus).toISOString();

interface Seeded {
  service: string;
  level: IncidentFact['level'];
  daysAgo: number;
  ttd: number;
  tta: number | null;
  ttm: number | null;
  ttr: number | null;
  drill?: boolean;
}

// every figure well inside its period (no item near 30 or 90 days ago), so the test's call and the gadget's agree
const INCIDENTS: Seeded[] = [
  { service: 'checkout', level: 'SEV1', daysAgo: 3.2, ttd: 3 * MIN, tta: 2 * MIN, ttm: 25 * MIN, ttr: 55 * MIN },
  { service: 'checkout', level: 'SEV2', daysAgo: 9.4, ttd: 6 * MIN, tta: 4 * MIN, ttm: 40 * MIN, ttr: 2 * HOUR + 10 * MIN },
  { service: 'checkout', level: 'SEV2', daysAgo: 17.6, ttd: 12 * MIN, tta: 9 * MIN, ttm: 70 * MIN, ttr: 5 * HOUR },
  { service: 'checkout', level: 'SEV3', daysAgo: 24.3, ttd: 20 * MIN, tta: 30 * MIN, ttm: null, ttr: 9 * HOUR },
  { service: 'search', level: 'SEV2', daysAgo: 33.5, ttd: 8 * MIN, tta: 5 * MIN, ttm: 30 * MIN, ttr: 90 * MIN },
  { service: 'search', level: 'SEV3', daysAgo: 41.1, ttd: 25 * MIN, tta: 15 * MIN, ttm: 2 * HOUR, ttr: 6 * HOUR },
  { service: 'search', level: 'SEV4', daysAgo: 48.7, ttd: 45 * MIN, tta: 50 * MIN, ttm: null, ttr: 26 * HOUR },
  { service: 'checkout', level: 'SEV1', daysAgo: 55.2, ttd: 4 * MIN, tta: 1 * MIN, ttm: 20 * MIN, ttr: 75 * MIN },
  { service: 'checkout', level: 'SEV3', daysAgo: 62.8, ttd: 15 * MIN, tta: 10 * MIN, ttm: 45 * MIN, ttr: 3 * HOUR },
  { service: 'payments', level: 'SEV2', daysAgo: 70.4, ttd: 10 * MIN, tta: 6 * MIN, ttm: 50 * MIN, ttr: 4 * HOUR },
  { service: 'search', level: 'SEV3', daysAgo: 77.9, ttd: 30 * MIN, tta: 20 * MIN, ttm: 90 * MIN, ttr: 7 * HOUR },
  { service: 'payments', level: 'SEV4', daysAgo: 1.4, ttd: 35 * MIN, tta: null, ttm: null, ttr: null },
  { service: 'checkout', level: 'SEV2', daysAgo: 12.5, ttd: 5 * MIN, tta: 3 * MIN, ttm: 20 * MIN, ttr: 40 * MIN, drill: true },
];

function factOf(s: Seeded, n: number): IncidentFact {
  const impact = Date.now() - s.daysAgo * DAY;
  const at = (ms: number | null): string | null => (ms === null ? null : new Date(impact + ms).toISOString());
  const detected = impact + s.ttd;
  const acknowledged = s.tta === null ? null : new Date(detected + s.tta).toISOString();
  const recovered = at(s.ttr);
  return {
    incidentId: `seed-incident-${n}`,
    issueKey: `OPS-${900 + n}`,
    level: s.level,
    state: recovered ? 'recovered' : acknowledged ? 'acknowledged' : 'open',
    drill: s.drill ?? false,
    declared: false,
    impactStartedAt: new Date(impact).toISOString(),
    detectedAt: new Date(detected).toISOString(),
    acknowledgedAt: acknowledged,
    mitigatedAt: at(s.ttm),
    recoveredAt: recovered,
    closedAt: null,
    service: s.service,
    groupKeys: [`mackerel:service:${s.service}`],
    attributionMode: 'auto',
    attributedDeploymentId: null,
    fingerprint: `seed-${n}`,
    version: 1,
  };
}

function deploymentOf(n: number, service: string, daysAgo: number, extra: Partial<DeploymentRecord> = {}): DeploymentRecord {
  const finished = Date.now() - daysAgo * DAY;
  return {
    id: `seed-deploy-${service}-${n}`,
    displayTitle: `${service} release ${n}`,
    name: `deploy ${service}`,
    result: 'SUCCESS',
    environment: 'PRODUCTION',
    outcome: 'success',
    service,
    version: `1.${n}.0`,
    pipelineUrl: `https://ci.example.com/${service}/${n}`,
    startedAt: new Date(finished - 12 * MIN).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    createdAt: new Date(finished - 15 * MIN).toISOString(),
    commits: [0, 1].map((c) => ({
      repoUrl: `https://github.com/example/${service}`,
      commitSha: `${service}${n}c${c}`.padEnd(40, '0'),
      refName: 'main',
      commitMsg: `change ${n}.${c}`,
      result: 'SUCCESS',
      startedAt: null,
      finishedAt: null,
      // lead times from ~3 h to ~3 days, varied by deployment and commit
      authoredAt: new Date(finished - ((n * 7 + c * 13) % 70) * HOUR - 3 * HOUR).toISOString(),
    })),
    hotfixFor: [],
    problemSummary: null,
    ...extra,
  };
}

/** Checkout deploys every ~3 days, search weekly; one rollback, one partially incomplete, one that never reached production, one hotfix. */
function deployments(): DeploymentRecord[] {
  const out: DeploymentRecord[] = [];
  for (let n = 0; n < 28; n++) {
    const daysAgo = 1.9 + n * 3.1;
    const extra: Partial<DeploymentRecord> =
      n === 6 ? { outcome: 'rolled_back', result: 'FAILURE', problemSummary: 'Payment form broke in Safari; rolled back' } : n === 12 ? { outcome: 'partially_incomplete', problemSummary: 'Migration step skipped' } : n === 15 ? { outcome: 'failed', result: 'FAILURE' } : {};
    out.push(deploymentOf(n, 'checkout', daysAgo, extra));
  }
  for (let n = 0; n < 12; n++) out.push(deploymentOf(n, 'search', 2.6 + n * 7, n === 5 ? { outcome: 'rolled_back', result: 'FAILURE', problemSummary: 'Index rebuild too slow' } : {}));
  // a hotfix two hours after the SEV2 of 9.4 days ago
  out.push(deploymentOf(99, 'checkout', 9.4 - 2 / 24, { hotfixFor: ['OPS-901'], displayTitle: 'checkout hotfix for OPS-901' }));
  return out;
}

/** A figure as a person reads it in `lang`: Kaizen's duration format, Intl's percentages and numbers. */
const writer = (lang: Language, locale: string) => ({
  duration: (s: number | null) => (s === null ? '—' : durationText(s * 1000, CATALOGUES[lang])),
  percent: (r: number | null) => (r === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(r)),
  number: (v: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v),
});

describe('the metrics gadget', () => {
  let sb: TestSandbox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureMariaDb();
    sb = await startKaizenSandbox();
    // one incident the real way: an alert of today through the Mackerel web trigger
    expect((await sendAs(sb, 'mackerel', recentMackerelAlert({ id: 'gadgetToday1', role: 'batch', hoursAgo: 2, status: 'critical' }))).status).toBe(202);
    await sb.idle();
    // the history: facts through the reporting store's upsert, deployments through the deployments store
    await asApp(async () => {
      const facts = createIncidentFacts();
      for (const [n, s] of INCIDENTS.entries()) await facts.upsert(factOf(s, n));
      const store = createDeploymentStore();
      for (const d of deployments()) expect(await store.record(d, new Date().toISOString())).toBe('inserted');
    });
    browser = await launchBrowser();
    page = await openPage(browser);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.dispose();
  });

  const session = (params: { locale?: 'en-US' | 'ja-JP'; theme?: 'light' | 'dark' }, path = DASHBOARD) =>
    page.goto(`${sb.url}/__sandbox/host/session?user=${encodeURIComponent(USERS.aiko)}&locale=${params.locale ?? 'en-US'}&theme=${params.theme ?? 'light'}&return=${encodeURIComponent(path)}`);
  const frame = (): FrameLocator => page.frameLocator('[data-testid="frame-metrics-gadget"]');
  const card = () => page.locator('[data-testid="gadget-metrics-gadget"]');
  const shot = async (name: string) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForTimeout(150); // the frame's last resize
    // the whole page from its top, cut to the gadget (an element shot scrolls it under the host's sticky header)
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = (await card().boundingBox())!;
    await page.screenshot({ path: join(SCREENSHOTS, `metrics-gadget-${name}.png`), fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: box.height } });
  };
  const savedConfiguration = () => gadgetOf(sb.store, '10000', 'metrics-gadget').configuration;

  /** What getMetrics answers for a filter, asked as the gadget asks it. */
  const metricsFor = async (filter: { period: number; service?: string | null; level?: string | null }): Promise<Metrics> =>
    dataOf(RESOLVERS.getMetrics.response.parse(await callResolver(sb, gadget(filter), 'getMetrics', { period: filter.period, service: filter.service ?? null, level: filter.level ?? null }, USERS.aiko)));

  const textOf = async (testId: string): Promise<string> => ((await frame().locator(`[data-testid="${testId}"]`).first().textContent()) ?? '').trim();
  const waitForFigures = () => frame().locator('[data-testid="gadget-view"][data-state="ok"]').waitFor({ timeout: 30_000 });

  /** Every figure the view shows, against the answer, written as a person reads it in `lang`. */
  async function expectFigures(m: Metrics, lang: Language, locale: string): Promise<void> {
    const { duration, number } = writer(lang, locale);

    expect(await frame().locator('[data-testid="incident-count"]').getAttribute('data-value')).toBe(String(m.incidents.count));
    expect(await textOf('incident-count')).toContain(number(m.incidents.count));
    expect(await frame().locator('[data-testid="drills"]').getAttribute('data-value')).toBe(String(m.incidents.drills));

    // response times: every row the answer has, each median and p90 as text
    const rows = m.level ? m.incidents.byLevel.filter((r) => r.level === m.level) : [{ ...m.incidents.all, level: 'all', count: m.incidents.count }, ...m.incidents.byLevel];
    for (const row of rows) {
      expect(await frame().locator(`[data-testid="ttx-${row.level}-count"]`).getAttribute('data-value')).toBe(String(row.count));
      expect(await textOf(`ttx-${row.level}-count`)).toContain(number(row.count));
      for (const ttx of TTX) {
        expect(await textOf(`ttx-${row.level}-${ttx}-median`)).toBe(duration(row[ttx].median));
        if (row[ttx].p90 !== null) expect(await textOf(`ttx-${row.level}-${ttx}-p90`)).toBe(translate(lang, 'gadget.p90', { value: duration(row[ttx].p90) }));
      }
    }
    // the trend has one column per week of the answer
    expect(await frame().locator('[data-testid="ttx-trend-column"]').count()).toBe(m.incidents.weekly.length);

    // DORA tiles and their bands; without deployments, the message instead
    const d = m.dora;
    if (d.deployments === 0) {
      await frame().locator('[data-testid="dora-empty"]').waitFor();
      expect(await frame().locator('[data-testid="dora-frequency"]').count()).toBe(0);
    } else await expectTiles(m, lang, locale);
    // release problems by class (none: a sentence), action items
    const classes = ['partially_incomplete', 'rolled_back', 'caused_outage'] as const;
    const totals = classes.map((c) => m.releaseProblems.reduce((sum, month) => sum + month[c], 0));
    if (totals.every((n) => n === 0)) expect(await frame().locator('[data-testid="release-empty"]').count()).toBe(1);
    for (const [i, c] of classes.entries()) if (totals.some((n) => n > 0)) expect(await frame().locator(`[data-testid="release-total-${c}"]`).getAttribute('data-value')).toBe(String(totals[i]));
    expect(await frame().locator('[data-testid="actions-open"]').getAttribute('data-value')).toBe(String(m.actionItems.open));
    expect(await frame().locator('[data-testid="actions-overdue"]').getAttribute('data-value')).toBe(String(m.actionItems.overdue));
  }

  async function expectTiles(m: Metrics, lang: Language, locale: string): Promise<void> {
    const d = m.dora;
    const { duration, percent, number } = writer(lang, locale);
    const tiles: Array<[string, string, string | null]> = [
      ['dora-frequency', number(d.deploymentFrequency.perWeek, 1), d.deploymentFrequency.band],
      ['dora-lead-time', duration(d.leadTime.median), d.leadTime.band],
      ['dora-fail-rate', percent(d.changeFailRate.rate), d.changeFailRate.band],
      ['dora-recovery', duration(d.recoveryTime.median), d.recoveryTime.band],
      ['dora-rework', percent(d.reworkRate.rate), null],
    ];
    for (const [tile, value, band] of tiles) {
      expect(await textOf(`${tile}-value`)).toContain(value);
      expect(await frame().locator(`[data-testid="${tile}"]`).getAttribute('data-band')).toBe(band ?? '');
      if (band) expect(await textOf(`${tile}-band`)).toContain(translate(lang, `gadget.band.${band}` as 'gadget.band.elite'));
    }
    expect(await textOf('dora-fail-rate-detail')).toBe(translate(lang, 'gadget.dora.failRate.detail', { failed: number(d.changeFailRate.failed), deployments: number(d.changeFailRate.deployments) }));
    expect(await textOf('dora-rework-no-band')).toBe(translate(lang, 'gadget.dora.noBand'));
    expect(await frame().locator('[data-testid="deploy-trend-column"]').count()).toBe(d.weekly.length);
  }

  it('shows the last 90 days in English: response times by level, DORA with bands, release problems, action items', async () => {
    const m = await metricsFor({ period: 90 });
    // the seeded history is what the answer is about (13 facts, one a drill, and today's alert)
    expect(m.incidents.count).toBe(INCIDENTS.length);
    expect(m.incidents.drills).toBe(1);
    expect(m.dora.deployments).toBeGreaterThan(30);
    expect(m.dora.changeFailRate.failed).toBeGreaterThan(0);
    expect(m.dora.reworkRate.unplanned).toBe(1);

    await session({ locale: 'en-US', theme: 'light' });
    await waitForFigures();
    expect(await textOf('filters')).toBe('Last 90 days·All services·All levels');
    await expectFigures(m, 'en', 'en-US');
    // a chart's figures are also a table
    await frame().locator('[data-testid="ttx-trend-show-table"]').click();
    expect(await frame().locator('[data-testid="ttx-trend-table"] tbody tr').count()).toBe(m.incidents.weekly.length);
    await frame().locator('[data-testid="ttx-trend-show-table"]').click();
    await shot('view-en-light');
  });

  it('shows the same figures in Japanese, in the dark theme', async () => {
    const m = await metricsFor({ period: 90 });
    await session({ locale: 'ja-JP', theme: 'dark' });
    await waitForFigures();
    expect(await textOf('filters')).toBe('過去 90 日間·すべてのサービス·すべての重大度');
    expect(await textOf('dora-rework-no-band')).toBe('この指標には DORA の公表する水準がありません。');
    await expectFigures(m, 'ja', 'ja-JP');
    await shot('view-ja-dark');
  });

  it('the edit view offers the services Kaizen knows, and saves a period, service and level that the view then uses', async () => {
    await session({ locale: 'en-US', theme: 'light' }, `${DASHBOARD}?edit=metrics-gadget`);
    const form = frame().locator('[data-testid="gadget-edit"]');
    await form.waitFor();
    const options = await frame().locator('[data-testid="service-select"] option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['All services', 'checkout', 'search', 'payments']));
    await frame().locator('[data-testid="service-select"]:not([disabled])').waitFor();
    await shot('edit-en-light');

    await frame().locator('[data-testid="period-option-30"]').check();
    await frame().locator('[data-testid="service-select"]').selectOption('checkout');
    await frame().locator('[data-testid="level-select"]').selectOption('SEV2');
    await frame().locator('[data-testid="save-button"]').click();
    await page.waitForURL((url) => url.pathname === DASHBOARD && !url.search.includes('edit'));
    expect(savedConfiguration()).toEqual({ period: 30, service: 'checkout', level: 'SEV2' });

    await waitForFigures();
    const view = frame().locator('[data-testid="gadget-view"]');
    expect([await view.getAttribute('data-period'), await view.getAttribute('data-service'), await view.getAttribute('data-level')]).toEqual(['30', 'checkout', 'SEV2']);
    expect(await textOf('filters')).toBe('Last 30 days·checkout·SEV2');
    const m = await metricsFor({ period: 30, service: 'checkout', level: 'SEV2' });
    expect(m.incidents.count).toBe(INCIDENTS.filter((s) => s.service === 'checkout' && s.level === 'SEV2' && s.daysAgo < 30 && !s.drill).length);
    await expectFigures(m, 'en', 'en-US');
    // filtered to one level, the table has that level's row only
    expect(await frame().locator('[data-testid^="ttx-row-"]').count()).toBe(1);
    await shot('view-filtered-en-light');
  });

  it('Cancel leaves the saved configuration as it was; the edit view in Japanese and dark shows what is saved', async () => {
    await session({ locale: 'ja-JP', theme: 'dark' }, `${DASHBOARD}?edit=metrics-gadget`);
    await frame().locator('[data-testid="service-select"]:not([disabled])').waitFor();
    expect(await frame().locator('[data-testid="period-option-30"]').isChecked()).toBe(true);
    expect(await frame().locator('[data-testid="service-select"]').inputValue()).toBe('checkout');
    expect(await frame().locator('[data-testid="level-select"]').inputValue()).toBe('SEV2');
    expect(await frame().locator('[data-testid="save-button"]').textContent()).toBe('保存');
    await shot('edit-ja-dark');
    await frame().locator('[data-testid="level-select"]').selectOption('');
    await frame().locator('[data-testid="cancel-button"]').click();
    await page.waitForURL((url) => url.pathname === DASHBOARD && !url.search.includes('edit'));
    expect(savedConfiguration()).toEqual({ period: 30, service: 'checkout', level: 'SEV2' });
  });

  it('a service without deployments says how to send them, and a level without incidents says so', async () => {
    await session({ locale: 'en-US', theme: 'light' }, `${DASHBOARD}?edit=metrics-gadget`);
    await frame().locator('[data-testid="service-select"]:not([disabled])').waitFor();
    await frame().locator('[data-testid="period-option-365"]').check();
    await frame().locator('[data-testid="service-select"]').selectOption('payments');
    await frame().locator('[data-testid="level-select"]').selectOption('SEV1');
    await frame().locator('[data-testid="save-button"]').click();
    await page.waitForURL((url) => !url.search.includes('edit'));
    await waitForFigures();
    const m = await metricsFor({ period: 365, service: 'payments', level: 'SEV1' });
    expect([m.incidents.count, m.dora.deployments]).toEqual([0, 0]);
    await frame().locator('[data-testid="ttx-empty"]').waitFor();
    expect(await textOf('dora-empty')).toContain('deployment web trigger');
    // no tiles of dashes: the message says what to do
    expect(await frame().locator('[data-testid="dora-lead-time"]').count()).toBe(0);
    await shot('empty-en-light');
    // the settings link opens Kaizen's admin page through the host's router
    await frame().locator('[data-testid="dora-settings-link"]').click();
    await page.waitForURL((url) => url.pathname === '/jira/settings/apps/kaizen-admin');
    await session({ locale: 'ja-JP', theme: 'light' });
    await waitForFigures();
    expect(await textOf('dora-empty')).toContain('Web トリガー');
    await shot('empty-ja-light');
  });

  it('while getMetrics answers, shows the filters and placeholders, then the figures', async () => {
    // the resolver call held back a moment (the bridge's own request, answered by the real resolver)
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/__sandbox/bridge/*/invoke', async (route) => {
      await held;
      await route.continue().catch(() => undefined); // (unroute may have let it through already)
    });
    try {
      await session({ locale: 'en-US', theme: 'light' });
      await frame().locator('[data-testid="gadget-view"][data-state="loading"] [data-testid="loading"]').waitFor();
      expect(await textOf('filters')).toMatch(/^Last \d+ days·/);
      await shot('loading-en-light');
    } finally {
      release();
      await page.unroute('**/__sandbox/bridge/*/invoke');
    }
    await waitForFigures();
  });

  it('fits a narrow dashboard column: the layout wraps', async () => {
    await session({ locale: 'en-US', theme: 'light' }, `${DASHBOARD}?edit=metrics-gadget`);
    await frame().locator('[data-testid="service-select"]:not([disabled])').waitFor();
    await frame().locator('[data-testid="period-option-90"]').check();
    await frame().locator('[data-testid="service-select"]').selectOption('');
    await frame().locator('[data-testid="level-select"]').selectOption('');
    await frame().locator('[data-testid="save-button"]').click();
    await page.waitForURL((url) => !url.search.includes('edit'));
    for (const [locale, theme, name] of [['en-US', 'light', 'view-narrow-en-light'], ['ja-JP', 'dark', 'view-narrow-ja-dark']] as const) {
      await session({ locale, theme });
      // a narrow dashboard column (Jira's three-column layout): the host's grid made 360 px wide
      await page.locator('.dashboard').evaluate((e) => ((e as HTMLElement).style.gridTemplateColumns = '360px'));
      await waitForFigures();
      await frame().locator('[data-testid="dora-frequency"]').waitFor();
      // nothing wider than the frame (the response-times table scrolls inside its own box)
      const width = await frame().locator('[data-testid="gadget-view"]').evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(width.client).toBeLessThanOrEqual(360);
      expect(width.scroll).toBeLessThanOrEqual(width.client);
      await shot(name);
    }
  });
});
