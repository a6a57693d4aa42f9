import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildAccount, buildUser, buildWorkspace, nextMobile, type TestWorkspace } from '../../../../test/factories.js';
import { buildTestApp, loginAs, type Session } from '../../../../test/app.js';
import { newId } from '../../db/ids.js';
import { accounts, contacts } from '../accounts/index.js';
import { notifications } from '../notifications/index.js';
import { routingRules } from './lead-rules.schema.js';
import { leadHandovers, leads, leadTouches } from './leads.schema.js';
import { createPool } from './pools.service.js';
import { parseCsvText } from '../imports/imports.parse.js';
import { suggestMapping } from '../imports/imports.mapping.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); app = await buildTestApp(deps); });
afterAll(async () => { await app.close(); await deps.close(); });

interface World { ws: TestWorkspace; admin: Session; marketing: Session; rep: Session; rep2: Session; repId: string; rep2Id: string; marketingId: string; manager: Session }

async function world(): Promise<World> {
  const ws = await buildWorkspace(deps);
  const manager = await buildUser(deps, ws, 'sales_manager');
  const rep = await buildUser(deps, ws, 'sales_rep', { managerId: manager.id, name: '张三' });
  const rep2 = await buildUser(deps, ws, 'sales_rep', { managerId: manager.id, name: '李四' });
  const marketing = await buildUser(deps, ws, 'marketing');
  // One rep takes every lead, so each test knows who owns what.
  await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '全部给张三', conditions: [], target: { kind: 'team', repIds: [rep.id], strategy: 'round_robin' } });
  return {
    ws, admin: await loginAs(app, ws.adminEmail), marketing: await loginAs(app, marketing.email), rep: await loginAs(app, rep.email),
    rep2: await loginAs(app, rep2.email), manager: await loginAs(app, manager.email), repId: rep.id, rep2Id: rep2.id, marketingId: marketing.id,
  };
}

const lead = (over: Record<string, unknown> = {}) => ({ name: '陈静', company: `杭州云帆${newId().slice(-6)}科技有限公司`, mobile: nextMobile(), source: 'demo_request', industry: 'I', employeeSize: '100-499', title: 'IT总监', province: '浙江省', ...over });

describe('lead capture and lists', () => {
  it('merges a repeat only into a lead the user may change, names whose it is, and says when a merge added nothing', async () => {
    const w = await world();
    const first = (await w.marketing.post('/api/v1/leads', lead({ name: '郑凯', title: 'CIO' }))).json().lead;
    expect(first.ownerId).toBe(w.repId);
    // 李四 may not write into 张三's lead: refused with the matches, the merge target marked as not his to change.
    const foreign = await w.rep2.post('/api/v1/leads', lead({ name: '郑凯', mobile: first.mobile, company: '别家科技有限公司', onDuplicate: 'merge' }));
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json()).toMatchObject({ code: 'LEAD_MERGE_NOT_ALLOWED' });
    expect(foreign.json().details.matches).toEqual([expect.objectContaining({ id: first.id, ownerName: '张三', mergeTarget: true, mergeable: false })]);
    const untouched = (await w.rep.get(`/api/v1/leads/${first.id}`)).json();
    expect(untouched).toMatchObject({ company: first.company, version: first.version, notes: null });
    // Asked first (refuse), the owner sees the same match, his to merge.
    const asked = await w.rep.post('/api/v1/leads', lead({ name: '郑凯', mobile: first.mobile }));
    expect(asked.json().details.matches).toEqual([expect.objectContaining({ id: first.id, mergeTarget: true, mergeable: true })]);
    // His own merge keeps another company and title in the notes; the same merge again adds nothing, and says so.
    const input = lead({ name: '郑凯', mobile: first.mobile, company: '别家科技有限公司', title: 'CTO', onDuplicate: 'merge' });
    const merged = await w.rep.post('/api/v1/leads', input);
    expect(merged.json()).toMatchObject({ outcome: 'merged', filled: true, lead: { id: first.id, company: first.company, title: 'CIO' } });
    expect(merged.json().lead.notes).toBe('另填公司 / other company: 别家科技有限公司\n另填职位 / other title: CTO');
    expect((await w.rep.post('/api/v1/leads', input)).json()).toMatchObject({ outcome: 'merged', filled: false });
  });

  it('filters on being in a pool or not, and on being routed or not', async () => {
    const w = await world();
    const owned = (await w.marketing.post('/api/v1/leads', lead())).json().lead;
    const pooled = (await w.marketing.post('/api/v1/leads', lead())).json().lead;
    const pool = await createPool(deps, w.ws.admin, { name: '公共线索池', isDefault: true });
    await deps.db.update(leads).set({ ownerId: null, poolId: pool.id }).where(and(eq(leads.tenantId, w.ws.tenantId), eq(leads.id, pooled.id)));
    await deps.db.delete(routingRules).where(eq(routingRules.tenantId, w.ws.tenantId));
    const unrouted = (await w.marketing.post('/api/v1/leads', lead())).json().lead;
    const ids = async (q: string) => ((await w.admin.get(`/api/v1/leads?view=all&${q}`)).json().items as { id: string }[]).map((l) => l.id).sort();
    expect(await ids('inPool=true')).toEqual([pooled.id]);
    expect(await ids('inPool=false')).toEqual([owned.id, unrouted.id].sort());
    expect(await ids('unrouted=true')).toEqual([unrouted.id]);
    expect(await ids('unrouted=false')).toEqual([owned.id, pooled.id].sort());
  });

  it('filters on a channel holding a comma, written \\, in the list, and on having no channel', async () => {
    const w = await world();
    const comma = (await w.marketing.post('/api/v1/leads', lead({ channel: '线下活动,北京' }))).json().lead;
    const web = (await w.marketing.post('/api/v1/leads', lead({ channel: '官网' }))).json().lead;
    const none = (await w.marketing.post('/api/v1/leads', lead())).json().lead;
    const ids = async (q: Record<string, string>) =>
      ((await w.admin.get(`/api/v1/leads?${new URLSearchParams({ view: 'all', ...q })}`)).json().items as { id: string }[]).map((l) => l.id).sort();
    expect(await ids({ channel: '线下活动\\,北京' })).toEqual([comma.id]);
    expect(await ids({ channel: '线下活动\\,北京,官网' })).toEqual([comma.id, web.id].sort());
    // Unescaped, the comma separates two channels neither of which exists.
    expect(await ids({ channel: '线下活动,北京' })).toEqual([]);
    expect(await ids({ noChannel: 'true' })).toEqual([none.id]);
    expect(await ids({ noChannel: 'true', channel: '官网' })).toEqual([web.id, none.id].sort());
    // The filter offers the channels recent visible leads came by, busiest first; another rep, who sees none, gets none.
    await w.marketing.post('/api/v1/leads', lead({ channel: '官网' }));
    expect((await w.admin.get('/api/v1/lead-channels')).json().items).toEqual([{ channel: '官网', count: 2 }, { channel: '线下活动,北京', count: 1 }]);
    expect((await w.rep2.get('/api/v1/lead-channels')).json().items).toEqual([]);
  });

  it('creates a lead that is scored, routed, notified and visible to its owner only', async () => {
    const w = await world();
    const res = await w.marketing.post('/api/v1/leads', lead());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.outcome).toBe('created');
    expect(body.lead).toMatchObject({ ownerId: w.repId, sourceType: 'active', region: '华东' });
    expect(body.lead.scoreSummary.zh).toMatch(/行业/);
    expect(body.lead.ownership[0].reason).toContain('全部给张三');

    const mine = (await w.rep.get('/api/v1/leads?view=my')).json();
    expect(mine.items.map((l: { id: string }) => l.id)).toEqual([body.lead.id]);
    expect((await w.rep2.get('/api/v1/leads')).json().items).toHaveLength(0);
    expect((await w.rep2.get(`/api/v1/leads/${body.lead.id}`)).statusCode).toBe(404);
    expect((await w.manager.get('/api/v1/leads?view=team')).json().items).toHaveLength(1);

    const [n] = await deps.db.select().from(notifications).where(and(eq(notifications.tenantId, w.ws.tenantId), eq(notifications.userId, w.repId)));
    expect(n.event).toBe('lead.assigned');
  });

  it('answers a duplicate with 409 and the match, and bad input with field errors', async () => {
    const w = await world();
    const first = lead({ mobile: '13900001111' });
    await w.marketing.post('/api/v1/leads', first);
    const dup = await w.marketing.post('/api/v1/leads', lead({ mobile: '+86 139 0000 1111' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'LEAD_DUPLICATE' });
    expect(dup.json().details.matches[0]).toMatchObject({ kind: 'lead', reasons: ['mobile'] });
    const bad = await w.marketing.post('/api/v1/leads', { name: '', source: 'nope', mobile: '123' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['name', 'source', 'mobile']));
    // A dictionary field names the values it takes.
    const province = await w.marketing.post('/api/v1/leads', lead({ province: '火星' }));
    expect(province.statusCode).toBe(400);
    expect(province.json().details).toEqual([{ path: 'province', message: expect.stringContaining('浙江省') }]);
  });

  it('takes a batch with per-item outcomes, filters and pages the list', async () => {
    const w = await world();
    const items = [lead(), lead({ source: 'content_download', industry: null, title: null }), { name: 'x' }, lead()];
    const res = await w.marketing.post('/api/v1/leads/batch', { leads: items });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toEqual({ created: 3, invalid: 1 });
    expect(res.json().results[2]).toMatchObject({ outcome: 'invalid', errors: [expect.objectContaining({ path: 'source' })] });
    const passive = (await w.marketing.get('/api/v1/leads?sourceType=passive')).json();
    expect(passive.items).toHaveLength(1);
    const page1 = (await w.marketing.get('/api/v1/leads?limit=2&sort=-score')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (await w.marketing.get(`/api/v1/leads?limit=2&sort=-score&cursor=${page1.nextCursor}`)).json();
    expect(page2.items).toHaveLength(1);
    expect(page1.items[1].score).toBeGreaterThanOrEqual(page2.items[0].score);
    expect((await w.marketing.get('/api/v1/leads?cursor=garbage')).statusCode).toBe(400);
    // A filter value the list does not know is refused, not answered with an empty page that looks like "no leads".
    expect((await w.marketing.get('/api/v1/leads?tier=A,B&status=nurturing,mql&slaState=none&sourceType=active')).statusCode).toBe(200);
    for (const bad of ['tier=A,Z', 'status=open', 'sourceType=inbound', 'slaState=late', 'scoreMin=90&scoreMax=10']) {
      const res = await w.marketing.get(`/api/v1/leads?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: bad.split('=')[0] })] });
    }
  });

  it('exports the leads the list shows, in the importer\'s own columns, for those allowed to export', async () => {
    const w = await world();
    await w.marketing.post('/api/v1/leads', lead({ name: '周敏', source: 'content_download', utm: { source: 'baidu', campaign: '秋季峰会' } }));
    await w.marketing.post('/api/v1/leads', lead({ name: '吴昊' }));
    const res = await w.marketing.get('/api/v1/leads/export?sourceType=passive');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const file = parseCsvText(res.body, 'utf-8');
    expect(file.rows).toHaveLength(1);
    const row = Object.fromEntries(file.headers.map((h, k) => [h, file.rows[0][k]]));
    expect(row).toMatchObject({ 姓名: '周敏', 线索来源: '资料下载', 来源类型: '被动', utm_source: 'baidu', utm_campaign: '秋季峰会', 行业: '信息传输、软件和信息技术服务业', 状态: expect.any(String), 负责人: '张三' });
    // The importer maps every profile column back by itself.
    const mapping = suggestMapping('lead', file.headers);
    expect(Object.values(mapping)).toEqual(expect.arrayContaining(['name', 'company', 'mobile', 'source', 'sourceType', 'utmSource', 'industry', 'province']));
    // Reps have no leads.export; a wrong filter is a 400 as on the list.
    expect((await w.rep.get('/api/v1/leads/export')).statusCode).toBe(403);
    expect((await w.marketing.get('/api/v1/leads/export?tier=Z')).statusCode).toBe(400);
  });

  it('edits with optimistic concurrency and rescores on a profile change', async () => {
    const w = await world();
    const created = (await w.marketing.post('/api/v1/leads', lead({ industry: 'A', employeeSize: '1-49' }))).json().lead;
    const res = await w.rep.patch(`/api/v1/leads/${created.id}`, { industry: 'C', employeeSize: '1000-4999', version: created.version });
    expect(res.statusCode).toBe(200);
    expect(res.json().score).toBeGreaterThan(created.score);
    expect((await w.rep.patch(`/api/v1/leads/${created.id}`, { title: '经理', version: created.version })).statusCode).toBe(409);
    // An edit that sends nothing changes nothing: same version.
    expect((await w.rep.patch(`/api/v1/leads/${created.id}`, { version: res.json().version })).json().version).toBe(res.json().version);
    // Clearing the only way to reach the lead is refused, whether sent empty or null; adding an email first allows it.
    for (const mobile of ['', null]) {
      const cleared = await w.rep.patch(`/api/v1/leads/${created.id}`, { mobile, version: res.json().version });
      expect(cleared.statusCode).toBe(400);
      expect(cleared.json().details).toEqual([expect.objectContaining({ path: 'mobile', message: expect.stringContaining('至少保留一项') })]);
    }
    // Another open lead's mobile would make the same person twice: refused on the field, naming that lead.
    const other = (await w.marketing.post('/api/v1/leads', lead({ name: '孙立', company: '宁波港联物流有限公司' }))).json().lead;
    const twice = await w.rep.patch(`/api/v1/leads/${created.id}`, { mobile: other.mobile, version: res.json().version });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().details).toEqual([expect.objectContaining({ path: 'mobile', message: expect.stringContaining('孙立（宁波港联物流有限公司）') })]);
    // The same for a WeChat id, now a key of its own.
    const wechat = `wx_${Date.now()}`;
    const byWechat = (await w.marketing.post('/api/v1/leads', lead({ name: '周航', company: '宁波港联物流有限公司', wechat }))).json().lead;
    const sameWechat = await w.rep.patch(`/api/v1/leads/${created.id}`, { wechat, version: res.json().version });
    expect(sameWechat.json().details).toEqual([expect.objectContaining({ path: 'wechat', message: expect.stringContaining(`${byWechat.name}（宁波港联物流有限公司）`) })]);
    const swapped = await w.rep.patch(`/api/v1/leads/${created.id}`, { mobile: '', email: 'chen.jing@yunfan.cn', version: res.json().version });
    expect(swapped.json()).toMatchObject({ mobile: null, email: 'chen.jing@yunfan.cn' });
    const invalid = await w.rep.post(`/api/v1/leads/${created.id}/invalid`, { reason: '空号', version: swapped.json().version });
    expect(invalid.json()).toMatchObject({ status: 'invalid', invalidReason: '空号' });
  });
});

describe('public form', () => {
  it('takes only the fields the form asks, and its own product line', async () => {
    const w = await world();
    const form = (await w.marketing.post('/api/v1/lead-forms', { name: '邮件订阅', source: 'content_download', productLine: 'basic', fields: ['email'] })).json();
    const email = `sub-${newId().slice(-8)}@example.cn`;
    const res = await app.inject({ method: 'POST', url: `/api/v1/public/forms/${form.publicToken}/submissions`, remoteAddress: '10.9.9.9',
      payload: { name: '吴昊', email, mobile: nextMobile(), company: '借道科技有限公司', productLine: 'enterprise', notes: 'x'.repeat(2000) } });
    expect(res.statusCode).toBe(201);
    const [stored] = await deps.db.select().from(leads).where(and(eq(leads.tenantId, w.ws.tenantId), eq(leads.emailNorm, email)));
    expect(stored).toMatchObject({ name: '吴昊', mobile: null, company: null, notes: null, productLine: 'basic' });
  });

  it('does not let an anonymous visitor write into a rep’s lead by giving its mobile: the repeat adds a touch, nothing else', async () => {
    const w = await world();
    const form = (await w.marketing.post('/api/v1/lead-forms', { name: '预约演示', source: 'demo_request', fields: ['mobile', 'email', 'title'] })).json();
    const held = (await w.rep.post('/api/v1/leads', lead({ name: '金晶', assignToMe: true }))).json().lead;
    const before = (await w.rep.get(`/api/v1/leads/${held.id}`)).json();
    const res = await app.inject({ method: 'POST', url: `/api/v1/public/forms/${form.publicToken}/submissions`, remoteAddress: '10.7.7.7',
      payload: { name: '攻击者 请把报价发到 attacker@evil.example', mobile: held.mobile, email: 'attacker@evil.example', title: '采购总监', eventId: 'ev-1' } });
    expect(res.statusCode).toBe(201);
    const after = (await w.rep.get(`/api/v1/leads/${held.id}`)).json();
    expect(after).toMatchObject({ email: before.email, title: before.title, notes: before.notes, version: before.version });
    const touches = await deps.db.select().from(leadTouches).where(and(eq(leadTouches.tenantId, w.ws.tenantId), eq(leadTouches.leadId, held.id)));
    const touch = touches.find((t) => (t.properties as { captureMethod?: string }).captureMethod === 'form')!;
    expect(touch.properties).toMatchObject({ captureMethod: 'form', submitted: { email: 'attacker@evil.example', title: '采购总监' } });
  });


  it('works without JavaScript: the browser posts the page, which answers with the values and what to correct, then the thank-you', async () => {
    const w = await world();
    const form = (await w.marketing.post('/api/v1/lead-forms', { name: '展会报名', source: 'event_signup', channel: '展会', fields: ['company', 'mobile', 'industry'] })).json();
    const pageUrl = `/f/${form.publicToken}`;
    // The campaign link's UTM parameters ride on the page as hidden fields, with the page's own event id.
    const page = await app.inject({ method: 'GET', url: `${pageUrl}?utm_source=baidu&utm_campaign=${encodeURIComponent('双11')}` });
    expect(page.body).toContain(`<form id="f" method="post" action="${pageUrl}#msg" novalidate>`);
    expect(page.body).toContain('<input type="hidden" name="utm_source" value="baidu">');
    expect(page.body).toContain('<input type="hidden" name="utm_campaign" value="双11">');
    const eventId = /name="eventId" value="([^"]+)"/.exec(page.body)![1];

    const post = (fields: Record<string, string>, remoteAddress = '10.6.6.6') => app.inject({
      method: 'POST', url: pageUrl, remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString(),
    });
    const mobile = nextMobile();
    const blank = await post({ name: '', company: '无联系方式', mobile: '' });
    expect(blank.body).toContain('<div class="ferr" id="err-name">请填写姓名</div>');
    // The form asks for a mobile only: the visitor is not told about an email or WeChat it never showed.
    expect(blank.body).toContain('<div class="ferr" id="err-mobile">请至少留下一种联系方式</div>');
    const sent = { name: '', company: '苏州<精密>机械有限公司', mobile: '1380013', industry: 'C', utm_source: 'baidu', utm_campaign: '双11', eventId };
    const refused = await post(sent);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('<div class="ferr" id="err-name">请填写姓名</div>');
    expect(refused.body).toContain('<div class="ferr" id="err-mobile">手机号格式不正确</div>');
    // What the visitor typed is kept (escaped), the chosen industry still chosen, the UTM and event id carried on.
    expect(refused.body).toContain('value="苏州&#60;精密&#62;机械有限公司"');
    expect(refused.body).toContain('<option value="C" selected>');
    expect(refused.body).toContain(`name="eventId" value="${eventId}"`);
    expect(refused.body).toContain('<input type="hidden" name="utm_source" value="baidu">');

    const done = await post({ ...sent, name: '郑凯', mobile });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('提交成功，我们会尽快与您联系。');
    expect(done.body).toContain('<button type="submit" disabled>');
    // Posting the page again (a reload that resends) records nothing new.
    expect((await post({ ...sent, name: '郑凯', mobile })).statusCode).toBe(200);
    const stored = await deps.db.select().from(leads).where(and(eq(leads.tenantId, w.ws.tenantId), eq(leads.mobileNorm, mobile)));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ name: '郑凯', company: '苏州<精密>机械有限公司', industry: 'C', captureMethod: 'form', channel: '展会', utm: { source: 'baidu', campaign: '双11' } });
    const touches = await deps.db.select().from(leadTouches).where(and(eq(leadTouches.tenantId, w.ws.tenantId), eq(leadTouches.leadId, stored[0].id)));
    expect(touches).toHaveLength(1);

    // Text that cannot be stored is refused on its field, in the page, like any other mistake.
    const nul = await post({ name: '郑\u0000凯', mobile: nextMobile() }, '10.6.6.9');
    expect(nul.statusCode).toBe(400);
    expect(nul.headers['content-type']).toContain('text/html');
    expect(nul.body).toMatch(/<div class="ferr" id="err-name">[^<]+<\/div>/);
    // A bot filling the honeypot is thanked and dropped; an unknown form is a page saying so.
    const bot = await post({ name: 'bot', mobile: nextMobile(), website: 'http://spam' }, '10.6.6.7');
    expect(bot.body).toContain('提交成功');
    expect(await deps.db.select().from(leads).where(and(eq(leads.tenantId, w.ws.tenantId), eq(leads.name, 'bot')))).toHaveLength(0);
    const missing = await app.inject({ method: 'POST', url: '/f/lf_nope', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('表单不存在或已停用');
    // Five posts a minute from one address; the sixth is told, in the page, to wait.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post({ name: `访客${i}`, mobile: nextMobile() }, '10.6.6.8')).statusCode);
    const sixth = await post({ name: '访客5', mobile: nextMobile() }, '10.6.6.8');
    expect([...statuses, sixth.statusCode]).toEqual([200, 200, 200, 200, 200, 429]);
    expect(sixth.headers['content-type']).toContain('text/html');
    expect(sixth.body).toContain('提交太频繁，请稍后再试');
  });
  it('speaks English to visitors when the form is set to English', async () => {
    const w = await world();
    const form = (await w.marketing.post('/api/v1/lead-forms', { name: '海外展会', title: 'Book a Baton demo', source: 'demo_request', locale: 'en', fields: ['company', 'mobile', 'email', 'industry', 'province'] })).json();
    expect(form.locale).toBe('en');
    const page = (await app.inject({ method: 'GET', url: `/f/${form.publicToken}` })).body;
    expect(page).toContain('<html lang="en">');
    for (const words of ['<label for="name">Name *</label>', '<label for="company">Company</label>', '>Submit</button>', 'Fill in at least one of: Mobile, Email', '>Manufacturing</option>', '>Zhejiang</option>', 'Thank you. We will be in touch soon.']) {
      expect(page).toContain(words);
    }
    // The page's own words are English; the stored values stay the keys the scoring rules know.
    expect(page).toContain('<option value="浙江省">Zhejiang</option>');
    expect(page).not.toMatch(/提交|姓名|请选择|至少填写/);
    // A Chinese form is unchanged, and a language Baton does not speak is refused on the field.
    const zh = (await app.inject({ method: 'GET', url: `/f/${(await w.marketing.post('/api/v1/lead-forms', { name: '白皮书', source: 'content_download' })).json().publicToken}` })).body;
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('>提交</button>');
    const french = await w.marketing.patch(`/api/v1/lead-forms/${form.id}`, { locale: 'fr', version: form.version });
    expect(french.statusCode).toBe(400);
    expect(french.json().details).toEqual([expect.objectContaining({ path: 'locale' })]);
    const back = await w.marketing.patch(`/api/v1/lead-forms/${form.id}`, { locale: 'zh-CN', version: form.version });
    expect(back.json().locale).toBe('zh-CN');
  });

  it('captures a lead with no login, records the touch once, ignores a bot and rate-limits', async () => {
    const w = await world();
    const form = (await w.marketing.post('/api/v1/lead-forms', { name: '白皮书下载', source: 'content_download', channel: '官网', fields: ['company', 'mobile', 'title'] })).json();
    expect(form.publicToken).toMatch(/^lf_/);
    const url = `/api/v1/public/forms/${form.publicToken}`;
    expect((await app.inject({ method: 'GET', url })).json()).toMatchObject({ title: '白皮书下载' });
    const page = await app.inject({ method: 'GET', url: `/f/${form.publicToken}` });
    expect(page.body).toContain('<h1>白皮书下载</h1>');
    // The form page may be embedded in a campaign page; the staff app and the API may not be framed by anyone.
    expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' });
    expect(page.headers['x-frame-options']).toBeUndefined();
    const api = await app.inject({ method: 'GET', url });
    expect(api.headers).toMatchObject({ 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'", 'x-content-type-options': 'nosniff' });
    // A mangled, overlong token is an unknown form, answered in the app's own shape.
    const mangled = await app.inject({ method: 'POST', url: `${url}x${'y'.repeat(60)}/submissions`, payload: { name: '甲', mobile: nextMobile() } });
    expect(mangled.statusCode).toBe(404);
    expect(mangled.json()).toMatchObject({ code: 'FORM_NOT_FOUND' });
    // A page title replaces marketing's own name for the form, which visitors then never see.
    const titled = (await w.marketing.patch(`/api/v1/lead-forms/${form.id}`, { title: '免费领取《制造业数字化白皮书》', version: form.version })).json();
    expect(titled.title).toBe('免费领取《制造业数字化白皮书》');
    const retitled = await app.inject({ method: 'GET', url: `/f/${form.publicToken}` });
    expect(retitled.body).toContain('<h1>免费领取《制造业数字化白皮书》</h1>');
    expect(retitled.body).not.toContain('白皮书下载');
    expect((await app.inject({ method: 'GET', url })).json()).toEqual({ title: '免费领取《制造业数字化白皮书》', fields: ['company', 'mobile', 'title'], successMessage: null, locale: 'zh-CN' });
    // A form with no contact field could never be submitted: refused on create and on edit, and the form keeps its fields.
    const noContact = await w.marketing.post('/api/v1/lead-forms', { name: '只留公司', source: 'content_download', fields: ['company'] });
    expect(noContact.statusCode).toBe(400);
    expect(noContact.json().details).toEqual([expect.objectContaining({ path: 'fields', message: expect.stringContaining('至少保留手机、邮箱、微信中的一项') })]);
    expect((await w.marketing.patch(`/api/v1/lead-forms/${form.id}`, { fields: ['company', 'title'], version: titled.version })).statusCode).toBe(400);
    expect((await w.marketing.patch(`/api/v1/lead-forms/${form.id}`, { fields: ['mobile', 'mobile'], version: titled.version })).json().details)
      .toEqual([expect.objectContaining({ path: 'fields', message: expect.stringContaining('重复') })]);

    const mobile = nextMobile();
    const submit = (payload: object) => app.inject({ method: 'POST', url: `${url}/submissions`, payload, remoteAddress: '10.1.1.1' });
    expect((await submit({ name: '周敏', company: '南京某制造有限公司', mobile, eventId: 'e-1', utm: { source: 'baidu' } })).statusCode).toBe(201);
    expect((await submit({ name: '周敏', mobile, eventId: 'e-1' })).statusCode).toBe(201);
    expect((await submit({ name: 'bot', mobile: nextMobile(), website: 'http://spam' })).statusCode).toBe(201);
    // A bot sending only the honeypot gets the same success, not the list of fields it missed.
    const bare = await app.inject({ method: 'POST', url: `${url}/submissions`, payload: { website: 'http://spam' }, remoteAddress: '10.3.3.3' });
    expect(bare.statusCode).toBe(201);
    expect(bare.json()).toEqual({ ok: true, message: null });
    const rows = await deps.db.select().from(leads).where(eq(leads.tenantId, w.ws.tenantId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ captureMethod: 'form', sourceType: 'passive', channel: '官网', utm: { source: 'baidu' } });
    const touches = await deps.db.select().from(leadTouches).where(eq(leadTouches.tenantId, w.ws.tenantId));
    expect(touches).toHaveLength(1);
    // The same submission sent twice counts once, as it records one touch; the bot's does not count.
    const listed = (await w.marketing.get('/api/v1/lead-forms')).json().items.find((f: { id: string }) => f.id === form.id);
    expect(listed.submissions).toBe(1);

    // A proxy's X-Forwarded-For is not believed unless BATON_TRUST_PROXY names it: a bot cannot rotate its way past the limit.
    const spoofed = (i: number) => app.inject({ method: 'POST', url: `${url}/submissions`, payload: { name: `x${i}`, mobile: nextMobile() }, remoteAddress: '10.2.2.2', headers: { 'x-forwarded-for': `10.9.8.${i}` } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await spoofed(i)).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    // A submission refused for its fields still spends an attempt: malformed bodies cannot probe the form for ever.
    const malformed = (i: number) => app.inject({ method: 'POST', url: `${url}/submissions`, payload: { name: `y${i}`, mobile: '12' }, remoteAddress: '10.4.4.4' });
    const refused = [];
    for (let i = 0; i < 6; i++) refused.push((await malformed(i)).statusCode);
    expect(refused).toEqual([400, 400, 400, 400, 400, 429]);
    // Five real submissions a minute from one address (the bot's honeypot answers are not counted: they write nothing).
    await submit({ name: 'a', mobile: nextMobile() });
    await submit({ name: 'b', mobile: nextMobile() });
    expect((await submit({ name: 'c', mobile: nextMobile() })).statusCode).toBe(201);
    expect((await submit({ name: 'd', mobile: nextMobile() })).statusCode).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/forms/lf_nope' })).statusCode).toBe(404);
  });
});

describe('SQL standard, hand-over, accept, reject, convert', () => {
  async function signedStandard(w: World) {
    const draft = (await w.marketing.post('/api/v1/sql-standards', {
      name: 'BANT', minChecked: 4, items: ['budget', 'authority', 'need', 'timeline'].map((key) => ({ key, label: `${key} 项`, labelEn: key, required: true })),
    })).json();
    expect((await w.marketing.post(`/api/v1/sql-standards/${draft.id}/sign`, { side: 'marketing' })).json().status).toBe('draft');
    expect((await w.rep.post(`/api/v1/sql-standards/${draft.id}/sign`, { side: 'marketing' })).statusCode).toBe(403);
    const signed = await w.manager.post(`/api/v1/sql-standards/${draft.id}/sign`, { side: 'sales' });
    expect(signed.json().status).toBe('active');
    return draft;
  }

  it('does not propose the standard in force again unchanged', async () => {
    const w = await world();
    await signedStandard(w);
    const same = await w.marketing.post('/api/v1/sql-standards', {
      name: 'BANT', minChecked: 4, items: ['budget', 'authority', 'need', 'timeline'].map((key) => ({ key, label: `${key} 项`, labelEn: key, required: true })),
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().details).toEqual([expect.objectContaining({ path: 'items', message: expect.stringContaining('与生效中的 v1 完全相同') })]);
    const changed = await w.marketing.post('/api/v1/sql-standards', {
      name: 'BANT', minChecked: 3, items: ['budget', 'authority', 'need', 'timeline'].map((key) => ({ key, label: `${key} 项`, labelEn: key, required: key !== 'timeline' })),
    });
    expect(changed.statusCode).toBe(201);
  });
  const bant = { budget: { checked: true }, authority: { checked: true }, need: { checked: true }, timeline: { checked: true } };

  it('refuses a hand-over without a standard in force or with the checklist unmet', async () => {
    const w = await world();
    const l = (await w.marketing.post('/api/v1/leads', lead())).json().lead;
    const none = await w.marketing.post(`/api/v1/leads/${l.id}/hand-over`, { checklist: bant, version: l.version });
    expect(none.json().code).toBe('SQL_STANDARD_MISSING');
    await signedStandard(w);
    const partial = await w.marketing.post(`/api/v1/leads/${l.id}/hand-over`, { checklist: { budget: { checked: true } }, version: l.version });
    expect(partial.statusCode).toBe(422);
    expect(partial.json().details.missing.map((m: { key: string }) => m.key)).toEqual(['authority', 'need', 'timeline']);
  });

  it('keeps one draft open: a new proposal withdraws the one waiting, which can no longer be signed', async () => {
    const w = await world();
    const propose = async (name: string) => (await w.marketing.post('/api/v1/sql-standards', {
      name, minChecked: 1, items: [{ key: 'budget', label: '预算', labelEn: 'Budget', required: true }],
    })).json();
    const v1 = await propose('v1');
    await w.marketing.post(`/api/v1/sql-standards/${v1.id}/sign`, { side: 'marketing' });
    const v2 = await propose('v2');
    const late = await w.manager.post(`/api/v1/sql-standards/${v1.id}/sign`, { side: 'sales' });
    expect(late.statusCode).toBe(409);
    await w.marketing.post(`/api/v1/sql-standards/${v2.id}/sign`, { side: 'marketing' });
    expect((await w.manager.post(`/api/v1/sql-standards/${v2.id}/sign`, { side: 'sales' })).json().status).toBe('active');
    const versions = (await w.marketing.get('/api/v1/sql-standards')).json().items as { name: string; status: string }[];
    expect(Object.fromEntries(versions.map((v) => [v.name, v.status]))).toEqual({ v1: 'retired', v2: 'active' });
    const audit = await w.admin.get(`/api/v1/audit?entity=sql_standard&entityId=${v1.id}`);
    expect(audit.json().items.map((e: { action: string }) => e.action)).toContain('withdraw');
  });

  it('withdraws a draft on request, leaves the standard in force alone, and refuses a checklist that stops nothing', async () => {
    const w = await world();
    const active = await signedStandard(w);
    const draft = (await w.marketing.post('/api/v1/sql-standards', {
      name: 'BANT+', minChecked: 1, items: [{ key: 'budget', label: '预算', labelEn: 'Budget', required: true }],
    })).json();
    expect((await w.rep.post(`/api/v1/sql-standards/${draft.id}/withdraw`)).statusCode).toBe(403);
    expect((await w.marketing.post(`/api/v1/sql-standards/${draft.id}/withdraw`)).json().status).toBe('retired');
    const again = await w.marketing.post(`/api/v1/sql-standards/${active.id}/withdraw`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SQL_STANDARD_NOT_DRAFT');
    const versions = (await w.marketing.get('/api/v1/sql-standards')).json().items as { id: string; status: string }[];
    expect(versions.find((v) => v.id === active.id)!.status).toBe('active');
    const empty = await w.marketing.post('/api/v1/sql-standards', {
      name: '空标准', minChecked: 0, items: [{ key: 'budget', label: '预算', labelEn: 'Budget', required: false }],
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details).toEqual([expect.objectContaining({ path: 'minChecked' })]);
  });

  it('hands over, accepts and converts into account + contact, attaching to an existing account', async () => {
    const w = await world();
    await signedStandard(w);
    const existing = await buildAccount(deps, w.ws.admin, { name: '苏州精工机械有限公司', ownerId: w.rep2Id });
    const l = (await w.marketing.post('/api/v1/leads', lead({ company: '苏州精工机械（有限公司）' }))).json().lead;
    // The company is rep2's account, so the lead goes to rep2 rather than by the rules.
    expect(l).toMatchObject({ matchedAccountId: existing.id, ownerId: w.rep2Id });
    const handed = (await w.marketing.post(`/api/v1/leads/${l.id}/hand-over`, { checklist: { ...bant, junk: { checked: false, note: '无关' } }, version: l.version })).json();
    expect(handed.status).toBe('sql');
    // Only the standard's own items are kept with the lead.
    expect(Object.keys(handed.sqlChecklist).sort()).toEqual(['authority', 'budget', 'need', 'timeline']);
    const acceptRes = await w.rep2.post(`/api/v1/leads/${l.id}/accept`, { version: handed.version });
    expect(acceptRes.statusCode, acceptRes.body).toBe(200);
    const accepted = acceptRes.json();
    expect(accepted.acceptedAt).toBeTruthy();
    const converted = await w.rep2.post(`/api/v1/leads/${l.id}/convert`, { version: accepted.version, contact: { buyingRoles: ['decision_maker'] } });
    expect(converted.statusCode).toBe(200);
    expect(converted.json()).toMatchObject({ status: 'converted', convertedAccountId: existing.id });
    const [contact] = await deps.db.select().from(contacts).where(and(eq(contacts.tenantId, w.ws.tenantId), eq(contacts.id, converted.json().convertedContactId)));
    expect(contact).toMatchObject({ accountId: existing.id, name: '陈静', buyingRoles: ['decision_maker'] });
  });

  it('answers every hand-over: converting accepts it, a reassignment passes it on, and it cannot be returned or closed unanswered', async () => {
    const w = await world();
    await signedStandard(w);
    const handOver = async () => {
      const l = (await w.marketing.post('/api/v1/leads', lead())).json().lead;
      return (await w.marketing.post(`/api/v1/leads/${l.id}/hand-over`, { checklist: bant, version: l.version })).json();
    };
    const handovers = (id: string) => deps.db.select().from(leadHandovers).where(and(eq(leadHandovers.tenantId, w.ws.tenantId), eq(leadHandovers.leadId, id)));
    const unread = (userId: string, id: string) => deps.db.select().from(notifications).where(and(eq(notifications.tenantId, w.ws.tenantId),
      eq(notifications.userId, userId), eq(notifications.entityId, id), eq(notifications.event, 'lead.handed_over'), isNull(notifications.readAt)));

    // Converted straight away: the hand-over counts as accepted, marketing hears so, the rep's "to accept" is settled.
    const first = await handOver();
    expect(await unread(w.repId, first.id)).toHaveLength(1);
    expect((await w.rep.post(`/api/v1/leads/${first.id}/convert`, { version: first.version })).statusCode).toBe(200);
    expect(await handovers(first.id)).toEqual([expect.objectContaining({ outcome: 'accepted', ownerId: w.repId })]);
    expect(await unread(w.repId, first.id)).toHaveLength(0);
    const told = await deps.db.select().from(notifications).where(and(eq(notifications.tenantId, w.ws.tenantId), eq(notifications.userId, w.marketingId), eq(notifications.entityId, first.id)));
    expect(told.map((n) => n.event)).toContain('lead.accepted');

    // Returned, moved to a pool or marked invalid while awaiting sales: refused, saying to accept or reject it first.
    const second = await handOver();
    await createPool(deps, w.ws.admin, { name: '公海', isDefault: true });
    const returned = await w.rep.post(`/api/v1/leads/${second.id}/return`, { reason: '不想跟了' });
    expect(returned.statusCode).toBe(409);
    expect(returned.json().details.reason.zh).toContain('请先接受，或用「退回」说明原因');
    expect((await w.rep.post(`/api/v1/leads/${second.id}/invalid`, { reason: '空号无效', version: second.version })).statusCode).toBe(409);
    expect((await handovers(second.id))[0].outcome).toBeNull();

    // Reassigned by the manager: the open hand-over is the new owner's to answer, and they are asked.
    const moved = await w.manager.post(`/api/v1/leads/${second.id}/assign`, { ownerId: w.rep2Id, version: second.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await handovers(second.id)).toEqual([expect.objectContaining({ outcome: null, ownerId: w.rep2Id })]);
    expect(await unread(w.repId, second.id)).toHaveLength(0);
    expect(await unread(w.rep2Id, second.id)).toHaveLength(1);
    expect((await w.rep2.post(`/api/v1/leads/${second.id}/accept`, { version: moved.json().version })).statusCode).toBe(200);
    expect((await handovers(second.id))[0]).toMatchObject({ outcome: 'accepted', ownerId: w.rep2Id });
  });

  it('converts all or nothing: a stale version leaves no account behind', async () => {
    const w = await world();
    await signedStandard(w);
    const l = (await w.marketing.post('/api/v1/leads', lead({ company: '成都回滚测试有限公司' }))).json().lead;
    const handed = (await w.marketing.post(`/api/v1/leads/${l.id}/hand-over`, { checklist: bant, version: l.version })).json();
    const stale = await w.rep.post(`/api/v1/leads/${l.id}/convert`, { version: handed.version - 1 });
    expect(stale.statusCode).toBe(409);
    const made = await deps.db.select().from(accounts).where(and(eq(accounts.tenantId, w.ws.tenantId), eq(accounts.name, '成都回滚测试有限公司')));
    expect(made).toHaveLength(0);
    const ok = await w.rep.post(`/api/v1/leads/${l.id}/convert`, { version: handed.version });
    expect(ok.json().status).toBe('converted');
  });

  it('rejects with a reason: the lead returns to nurturing without an owner, and marketing is told why', async () => {
    const w = await world();
    await signedStandard(w);
    const l = (await w.marketing.post('/api/v1/leads', lead())).json().lead;
    const handed = (await w.marketing.post(`/api/v1/leads/${l.id}/hand-over`, { checklist: bant, version: l.version })).json();
    const unreadAbout = async (event: string) => (await deps.db.select().from(notifications).where(and(eq(notifications.tenantId, w.ws.tenantId),
      eq(notifications.event, event), eq(notifications.entityId, l.id), isNull(notifications.readAt)))).length;
    expect(await unreadAbout('lead.handed_over')).toBe(1);
    expect((await w.rep2.post(`/api/v1/leads/${l.id}/reject`, { reason: 'no_budget', version: handed.version })).statusCode).toBe(404);
    const res = await w.rep.post(`/api/v1/leads/${l.id}/reject`, { reason: 'no_budget', note: '明年再说', version: handed.version });
    expect(res.statusCode).toBe(200);
    const after = (await w.marketing.get(`/api/v1/leads/${l.id}`)).json();
    expect(after).toMatchObject({ status: 'nurturing', ownerId: null, rejectionReason: 'no_budget', rejectionNote: '明年再说' });
    expect(after.ownership[0]).toMatchObject({ action: 'reject', reason: expect.stringContaining('没有预算') });
    const told = await deps.db.select().from(notifications).where(and(eq(notifications.tenantId, w.ws.tenantId), eq(notifications.event, 'lead.rejected')));
    expect(told[0].userId).toBe(w.marketingId);
    // The rep's "SQL 待确认" notice is settled: it no longer asks for an answer that was given.
    expect(await unreadAbout('lead.handed_over')).toBe(0);
  });

  it('counts every hand-over in the report: rejected, handed over again and accepted is two SQLs, one accepted, one rejection', async () => {
    const w = await world();
    await signedStandard(w);
    const l = (await w.marketing.post('/api/v1/leads', lead())).json().lead;
    const first = (await w.marketing.post(`/api/v1/leads/${l.id}/hand-over`, { checklist: bant, version: l.version })).json();
    const ownerOf = (x: { ownerId: string }) => (x.ownerId === w.rep2Id ? w.rep2 : w.rep);
    expect((await ownerOf(first).post(`/api/v1/leads/${l.id}/reject`, { reason: 'no_budget', version: first.version })).statusCode).toBe(200);
    const rejected = (await w.marketing.get(`/api/v1/leads/${l.id}`)).json();
    const againRes = await w.marketing.post(`/api/v1/leads/${l.id}/hand-over`, { checklist: bant, version: rejected.version });
    expect(againRes.statusCode, againRes.body).toBe(200);
    const again = againRes.json();
    const accepted = await ownerOf(again).post(`/api/v1/leads/${l.id}/accept`, { version: again.version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const r = (await w.admin.get('/api/v1/lead-reports?weeks=1')).json();
    expect({ sql: r.sqlToAccepted.sql[0], accepted: r.sqlToAccepted.accepted[0], rate: r.sqlToAccepted.rate[0] }).toEqual({ sql: 2, accepted: 1, rate: 50 });
    expect(r.rejectionReasons).toEqual([{ reason: 'no_budget', count: 1 }]);
    // The rep who rejected it still sees that rejection in their own report, though the lead left them.
    const mine = (await ownerOf(first).get('/api/v1/lead-reports?weeks=1')).json();
    expect(mine.rejectionReasons).toEqual([{ reason: 'no_budget', count: 1 }]);
    expect(mine.sqlToAccepted.sql[0]).toBeGreaterThanOrEqual(1);
  });

  it('reports the week: sources, MQL→SQL, SQL→accepted and rejection reasons', async () => {
    const w = await world();
    await signedStandard(w);
    const hot = () => lead({ industry: 'C', employeeSize: '1000-4999', title: '总经理' });
    const a = (await w.marketing.post('/api/v1/leads', hot())).json().lead;
    const b = (await w.marketing.post('/api/v1/leads', hot())).json().lead;
    await w.marketing.post('/api/v1/leads', lead({ source: 'giveaway', channel: '展会', industry: null, title: null }));
    expect(a.status).toBe('mql');
    const ha = (await w.marketing.post(`/api/v1/leads/${a.id}/hand-over`, { checklist: bant, version: a.version })).json();
    const hb = (await w.marketing.post(`/api/v1/leads/${b.id}/hand-over`, { checklist: bant, version: b.version })).json();
    await w.rep.post(`/api/v1/leads/${a.id}/accept`, { version: ha.version });
    await w.rep.post(`/api/v1/leads/${b.id}/reject`, { reason: 'timeline_far', version: hb.version });
    const r = (await w.marketing.get('/api/v1/lead-reports?weeks=4')).json();
    const last = r.weeks.length - 1;
    expect(r.bySourceType.active[last]).toBe(2);
    expect(r.bySourceType.passive[last]).toBe(1);
    expect(r.byChannel.find((c: { channel: string }) => c.channel === '展会').counts[last]).toBe(1);
    expect(r.mqlToSql).toMatchObject({ mql: expect.arrayContaining([2]), sql: expect.arrayContaining([2]) });
    expect(r.sqlToAccepted.rate[last]).toBe(50);
    expect(r.rejectionReasons).toEqual([{ reason: 'timeline_far', count: 1 }]);
    expect((await w.rep2.get('/api/v1/lead-reports')).json().bySourceType.active.every((n: number) => n === 0)).toBe(true);
    // A bar opens the leads it counts: the list with the week's bounds (createdTo exclusive) and the bar's key.
    expect(r.weekBounds).toHaveLength(r.weeks.length + 1);
    const week = `createdFrom=${r.weekBounds[last]}&createdTo=${r.weekBounds[last + 1]}`;
    const listed = async (filter: string) => (await w.marketing.get(`/api/v1/leads?view=all&withTotal=true&${filter}`)).json().total;
    expect(await listed(`sourceType=active&${week}`)).toBe(r.bySourceType.active[last]);
    expect(await listed(`channel=${encodeURIComponent('展会')}&${week}`)).toBe(1);
    expect(await listed(`createdFrom=${r.weekBounds[last - 1]}&createdTo=${r.weekBounds[last]}`)).toBe(0);
    expect(await listed(`createdTo=${encodeURIComponent(a.createdAt)}`)).toBe(0);
  });
});
