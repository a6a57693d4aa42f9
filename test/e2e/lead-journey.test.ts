// Browser journey for lead operations: a visitor submits the public form; the lead is scored and routed to a rep;
// the rep lets its first-touch SLA lapse (the clock moves, the worker's jobs run); it is recycled to the pool; the
// other rep claims it; marketing hands it over with the SQL checklist; the rep accepts and converts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureWebBuilt } from './server.js';
import { startInProcessServer, type InProcessServer } from './in-process-server.js';
import { leadForms, leads } from '../../src/server/modules/leads/leads.schema.js';
import { notifications } from '../../src/server/modules/notifications/index.js';
import { users } from '../../src/server/modules/identity/index.js';
import { publicToken } from '../../src/server/modules/leads/forms.service.js';
import { HOUR_MS } from '../../src/server/modules/leads/leads.text.js';

let server: InProcessServer;
let browser: Browser;
const PASSWORD = 'baton-demo-2026';

beforeAll(async () => {
  ensureWebBuilt();
  server = await startInProcessServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(email: string, timezoneId?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

const db = () => server.deps.db;
async function leadByMobile(mobile: string) {
  const [row] = await db().select().from(leads).where(eq(leads.mobileNorm, mobile));
  return row;
}
async function emailOf(userId: string) {
  const [u] = await db().select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u.email;
}

describe('lead journey', () => {
  it('form → scored and routed → SLA breached → recycled → claimed → qualified → converted', async () => {
    const MOBILE = '13866668888';
    // 1 · A visitor fills in the hosted form, no login.
    const [form] = await db().select().from(leadForms).limit(1);
    const visitor = await browser.newPage();
    await visitor.goto(`${server.url}/f/${publicToken(form)}?utm_source=baidu&utm_medium=cpc`);
    // An empty form and a bad mobile are told, in Chinese, next to the field at fault.
    await visitor.click('button[type=submit]');
    await visitor.locator('#err-name').getByText('请填写姓名').waitFor();
    await visitor.fill('#name', '顾晓峰');
    await visitor.fill('#mobile', '12345');
    await visitor.click('button[type=submit]');
    await visitor.locator('#err-mobile').getByText('手机号格式不正确').waitFor();
    expect(await visitor.locator('#err-name').textContent()).toBe('');
    await visitor.fill('#company', '宁波北仑港智能装备有限公司');
    await visitor.fill('#title', '总经理');
    await visitor.fill('#mobile', MOBILE);
    await visitor.selectOption('#industry', 'C');
    await visitor.selectOption('#employeeSize', '1000-4999');
    await visitor.selectOption('#province', '浙江省');
    await visitor.click('button[type=submit]');
    await visitor.getByText('感谢预约').waitFor();
    await visitor.close();

    // 2 · It is scored (fit + the demo request), tiered and routed to one of the East team's reps, with an SLA.
    const captured = await leadByMobile(MOBILE);
    expect(captured).toMatchObject({ captureMethod: 'form', status: 'mql', tier: 'B', slaState: 'on_track', utm: { source: 'baidu', medium: 'cpc' } });
    const firstOwner = captured.ownerId!;
    const firstOwnerEmail = await emailOf(firstOwner);
    const otherRepEmail = firstOwnerEmail === 'rep1@demo.baton.local' ? 'rep2@demo.baton.local' : 'rep1@demo.baton.local';

    const rep = await signIn(firstOwnerEmail);
    await rep.page.goto(`${server.url}/leads/${captured.id}`);
    await rep.page.getByTestId('tier-tag').getByText('B').waitFor();
    expect(captured.assignmentReason?.zh).toContain('华东、华南主动线索');
    await rep.page.getByTestId('lead-owner').waitFor();

    // 3 · Nobody calls. A day later the SLA is breached and the manager is told.
    await server.advance(25 * HOUR_MS);
    const breached = await leadByMobile(MOBILE);
    expect(breached.slaState).toBe('breached');
    const [manager] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'manager@demo.baton.local'));
    const escalations = await db().select().from(notifications).where(and(eq(notifications.userId, manager.id), eq(notifications.entityId, captured.id)));
    expect(escalations.map((n) => n.event)).toContain('lead.sla_breached');
    await rep.page.reload();
    await rep.page.getByTestId('sla-tag').getByText(/超时|违约|breach/i).waitFor();
    await rep.context.close();

    // 4 · Three days untouched: the recycle sweep takes it back to the shared pool.
    await server.advance(48 * HOUR_MS);
    const recycled = await leadByMobile(MOBILE);
    expect(recycled).toMatchObject({ ownerId: null });
    expect(recycled.poolId).toBeTruthy();

    // 5 · The other rep claims it from the pool page.
    const other = await signIn(otherRepEmail);
    await other.page.goto(`${server.url}/pools`);
    const row = other.page.getByTestId('pool-lead-table').locator('tr', { hasText: '顾晓峰' });
    await row.getByTestId('pool-claim').click();
    await expect.poll(async () => (await leadByMobile(MOBILE)).ownerId, { timeout: 10_000 }).not.toBeNull();
    const claimed = await leadByMobile(MOBILE);
    expect(claimed.ownerId).not.toBe(firstOwner);

    // 6 · Marketing finds it from the lead report: the 主动 bar of the week it came in opens the list of the leads that
    // bar counts, and the address keeps that list (a reload shows it again). Then the BANT checklist hands it to sales.
    // This colleague's laptop is in New York: the pages still count and show the workspace's days and times (Shanghai).
    const marketing = await signIn('marketing@demo.baton.local', 'America/New_York');
    await marketing.page.getByTestId('workspace-zone-tag').getByText('Asia/Shanghai（UTC+08:00）').waitFor();
    await marketing.page.goto(`${server.url}/lead-reports`);
    const report = await (await marketing.page.request.get(`${server.url}/api/v1/lead-reports?weeks=12`)).json() as { weekBounds: string[]; bySourceType: { active: number[] } };
    const week = report.weekBounds.findIndex((from, i) => from <= captured.createdAt.toISOString() && captured.createdAt.toISOString() < report.weekBounds[i + 1]);
    expect(report.bySourceType.active[week]).toBeGreaterThan(0);
    const chart = marketing.page.getByTestId('chart-source-type');
    await chart.waitFor();
    await marketing.page.waitForTimeout(600); // the bars grow in
    const box = (await chart.boundingBox())!;
    // The chart's grid: 40 px on the left, 24 on the right, 28 below; 主动 is the bottom of each week's stack.
    await marketing.page.mouse.click(box.x + 40 + ((box.width - 64) * (week + 0.5)) / 12, box.y + box.height - 28 - 3);
    await marketing.page.waitForURL(/\/leads\?/);
    const address = new URL(marketing.page.url()).searchParams;
    expect(Object.fromEntries(address)).toMatchObject({ view: 'all', duplicates: 'exclude', sourceType: 'active', createdFrom: report.weekBounds[week], createdTo: report.weekBounds[week + 1] });
    await marketing.page.reload();
    // The week's Monday 00:00 in Shanghai is Sunday evening in New York; the range shows the workspace's Monday to Sunday.
    const shanghaiDay = (iso: string, back = 0) => new Date(Date.parse(iso) + 8 * HOUR_MS - back).toISOString().slice(0, 10);
    const range = marketing.page.locator('.ant-picker-range input');
    expect(await range.nth(0).inputValue()).toBe(shanghaiDay(report.weekBounds[week]));
    expect(await range.nth(1).inputValue()).toBe(shanghaiDay(report.weekBounds[week + 1], 1));
    const rows = marketing.page.getByTestId('lead-table').getByTestId('lead-link');
    await rows.filter({ hasText: '顾晓峰' }).waitFor();
    expect(await rows.count()).toBe(report.bySourceType.active[week]);
    await rows.filter({ hasText: '顾晓峰' }).click();
    await marketing.page.waitForURL(`${server.url}/leads/${captured.id}`);
    await marketing.page.getByTestId('action-handover').click();
    for (const key of ['budget', 'authority', 'need', 'timeline']) await marketing.page.getByTestId(`handover-item-${key}`).click();
    await marketing.page.getByTestId('handover-save').click();
    await marketing.page.getByText('已移交销售').waitFor();
    await expect.poll(async () => (await leadByMobile(MOBILE)).status, { timeout: 10_000 }).toBe('sql');
    await marketing.context.close();

    // 7 · The rep accepts and converts it into an account and a contact.
    await other.page.goto(`${server.url}/leads/${captured.id}`);
    await other.page.getByTestId('action-accept').click();
    await other.page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => (await leadByMobile(MOBILE)).acceptedAt, { timeout: 10_000 }).not.toBeNull();
    await other.page.getByTestId('action-convert').click();
    await other.page.getByTestId('convert-save').click();
    await other.page.waitForURL(/\/accounts\/[0-9a-f-]{36}/);
    await other.page.getByTestId('account-title').getByText('宁波北仑港智能装备有限公司').waitFor();
    const converted = await leadByMobile(MOBILE);
    expect(converted).toMatchObject({ status: 'converted' });
    expect(converted.convertedAccountId).toBeTruthy();
    await other.context.close();
  });
});
