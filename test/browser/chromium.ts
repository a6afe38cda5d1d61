import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureMariaDb } from '../../sandbox/sql/mariadb-server';
import { startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { REPO_ROOT, type TestSandbox } from '../helpers/test-sandbox';

/** Debian's chromium, which browser tests drive through playwright-core (no browser download: none is possible here). */
export const CHROMIUM = process.env.KAIZEN_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');

/** A Japanese font, so screenshots of the Japanese UI show text rather than empty boxes. */
const hasJapaneseFont = (): boolean => {
  try {
    return execSync('fc-list :lang=ja', { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
};

/** Installs Debian's chromium (and a Japanese font) when missing, as root from Debian's packages, once per machine. */
export function ensureChromium(): void {
  const packages = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(hasJapaneseFont() ? [] : ['fonts-ipafont-gothic'])];
  if (packages.length === 0) return;
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`, { stdio: 'inherit', timeout: 600_000 });
  if (!existsSync(CHROMIUM)) throw new Error(`chromium was not installed at ${CHROMIUM}`);
}

export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  const { chromium } = await import('playwright-core');
  // The flags keep chromium from reaching for Google's hosts, which this machine's closed network refuses.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface PageOptions {
  locale?: string;
  timezoneId?: string;
}

/** A page at the host's usual size whose script errors show in the test output. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The browser host's sign-in address: `user` in `locale` (and `theme`, when given), landing on `path`. */
export function hostSessionUrl(sb: Pick<TestSandbox, 'url'>, at: { user: string; locale: string; theme?: string; path: string }): string {
  return `${sb.url}/__sandbox/host/session?user=${encodeURIComponent(at.user)}&locale=${at.locale}${at.theme ? `&theme=${at.theme}` : ''}&return=${encodeURIComponent(at.path)}`;
}

export interface BrowserSuite {
  sb: TestSandbox;
  browser: Browser;
  page: Page;
}

/**
 * One describe block's sandbox and browser: in beforeAll MariaDB when `sql` (the reporting store), a fresh Kaizen
 * sandbox, `seed` on it, chromium and one page; in afterAll both closed. The fields are there once beforeAll has run.
 */
export function useBrowserSuite(options: { sql?: boolean; seed?: (sb: TestSandbox) => Promise<void>; page?: PageOptions; timeout?: number } = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    if (options.sql) ensureMariaDb();
    suite.sb = await startKaizenSandbox();
    await options.seed?.(suite.sb);
    suite.browser = await launchBrowser();
    suite.page = await openPage(suite.browser, options.page);
  }, options.timeout);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.sb?.dispose();
  });
  return suite;
}
