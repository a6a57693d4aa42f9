// Browser journey: a sales rep creates an account, is warned about a duplicate, adds a decision maker, switches
// language. Runs the real server on a fresh PGlite folder and real Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureWebBuilt, startTestServer, type TestServer } from './server.js';

// The brief's 杭州云栈数据科技有限公司 is already in the demo seed (a hard duplicate), so the journey creates a
// company the seed does not have and then types it the way a hurried rep would.
const ACCOUNT = '杭州澜图智能科技有限公司';
const ACCOUNT_VARIANT = '杭州澜图智能科技（有限公司）';

let server: TestServer | undefined;
let baseUrl: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // BATON_E2E_URL runs the journey against an already running instance (e.g. `vite preview` in development).
  if (process.env.BATON_E2E_URL) baseUrl = process.env.BATON_E2E_URL;
  else {
    ensureWebBuilt();
    server = await startTestServer();
    baseUrl = server.url;
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the web app as served', () => {
  // Baton's own server (not an instance given by BATON_E2E_URL, such as vite preview, which serves assets its own way).
  it.runIf(!process.env.BATON_E2E_URL)('sends its hashed assets compressed and cacheable for good, and the page itself revalidated', async () => {
    const html = await fetch(baseUrl);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())![1];
    // fetch decodes the body itself; the headers say what came over the wire.
    const asset = await fetch(baseUrl + script, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await asset.text()).length).toBeGreaterThan(Number(asset.headers.get('content-length')));
  });
});

describe('sales rep journey', () => {
  it('creates an account, sees the duplicate warning, adds a decision maker, switches to English', async () => {
    try {
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('login-email').fill('rep1@demo.baton.local');
      await page.getByTestId('login-password').fill('baton-demo-2026');
      await page.getByTestId('login-submit').click();
      // A rep starts on the leads; the menu takes them to the accounts.
      await page.waitForURL('**/leads');
      await page.getByTestId('side-menu').getByText('客户').click();
      await page.waitForURL('**/accounts');
      await page.getByTestId('account-table').waitFor();

      // Create the account.
      await page.getByTestId('new-account').click();
      await page.getByTestId('account-name').fill(ACCOUNT);
      await page.getByTestId('account-save').click();
      await page.waitForURL(/\/accounts\/[0-9a-f-]{36}/);
      await expect(page.getByTestId('account-title').textContent()).resolves.toBe(ACCOUNT);

      // The same company typed differently is caught while typing.
      await page.goto(`${baseUrl}/accounts/new`);
      await page.getByTestId('account-name').fill(ACCOUNT_VARIANT);
      const warning = page.getByTestId('duplicate-alert');
      await warning.waitFor();
      await expect(warning.getByTestId('duplicate-match').first().textContent()).resolves.toContain(ACCOUNT);
      // Cancelling a form with typing in it asks first.
      await page.getByTestId('account-cancel').click();
      await page.getByRole('button', { name: /放\s*弃/ }).click();
      await page.waitForURL('**/accounts');
      await warning.waitFor({ state: 'detached' });

      // The list lives in its address: a search survives a reload, and the link could be sent to a colleague.
      await page.getByTestId('account-search').fill(ACCOUNT);
      await page.getByTestId('account-search').press('Enter');
      await page.waitForURL((u) => u.searchParams.get('q') === ACCOUNT);
      await page.reload();
      await page.getByTestId('account-table').getByRole('link', { name: ACCOUNT }).waitFor();
      await expect(page.getByTestId('account-search').inputValue()).resolves.toBe(ACCOUNT);

      // Open the account and add 王磊, the decision maker, who supports us.
      await page.getByTestId('account-table').getByRole('link', { name: ACCOUNT }).click();
      await page.waitForURL(/\/accounts\/[0-9a-f-]{36}/);
      await page.getByRole('tab', { name: /联系人/ }).click();
      await page.getByTestId('add-contact').click();
      const form = page.getByTestId('contact-form');
      await form.getByTestId('contact-name').fill('王磊');
      await form.getByRole('checkbox', { name: '拍板方' }).check();
      await form.getByText('支持', { exact: true }).click();
      await page.getByTestId('contact-save').click();
      await form.waitFor({ state: 'detached' });
      const row = page.getByTestId('account-contacts').getByRole('row', { name: /王磊/ });
      await row.waitFor();
      await expect(row.getByTestId('buying-role').textContent()).resolves.toBe('拍板方');
      await expect(row.textContent()).resolves.toContain('支持');

      // Switch to English: the menu follows.
      await page.getByTestId('lang-switch').getByText('English').click();
      const menu = page.getByTestId('side-menu');
      await menu.getByText('Accounts', { exact: true }).waitFor();
      await expect(menu.textContent()).resolves.toContain('Accounts');
      await page.getByRole('tab', { name: /Contacts/ }).waitFor();
    } catch (e) {
      if (server) console.error(`server output (last 4000 characters):\n${server.output().slice(-4000)}`);
      throw e;
    } finally {
      await page.screenshot({ path: '/tmp/baton-journey.png', fullPage: true }).catch(() => undefined);
    }
  });
});
