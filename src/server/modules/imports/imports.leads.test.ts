import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import iconv from 'iconv-lite';
import { and, eq, sql } from 'drizzle-orm';
import { newTestDeps } from '../../../../test/db.js';
import { buildAccount, buildContact, buildLead, buildUser, buildWorkspace, nextMobile, storedLeads, type TestWorkspace } from '../../../../test/factories.js';
import { getLead } from '../leads/leads.service.js';
import { createDepartment } from '../identity/index.js';
import { newId } from '../../db/ids.js';
import type { AppDeps } from '../../deps.js';
import { leadOwnership, leads, leadTouches } from '../leads/index.js';
import { routingRules } from '../leads/lead-rules.schema.js';
import { getImport, listImports, previewImport, runImport } from './imports.service.js';

let deps: AppDeps & { close(): Promise<void> };
beforeAll(async () => { deps = await newTestDeps(); });
afterAll(async () => { await deps.close(); });

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const uniq = () => newId().slice(-6).replace(/[^0-9a-f]/g, '0');
const leadsOf = (ws: TestWorkspace) => storedLeads(deps.db, ws.tenantId);

/** Two reps taking leads round-robin, so the test can see each imported lead routed. */
async function withTeam(ws: TestWorkspace) {
  const a = await buildUser(deps, ws, 'sales_rep');
  const b = await buildUser(deps, ws, 'sales_rep');
  await deps.db.insert(routingRules).values({
    tenantId: ws.tenantId, id: newId(), position: 1, name: '导入团队', conditions: [], target: { kind: 'team', repIds: [a.id, b.id], strategy: 'round_robin' },
  });
  return [a.id, b.id];
}

describe('importing leads', () => {
  it('imports a GBK file with Chinese headers: scored, routed, bad rows reported by row and field; a re-run adds nothing', async () => {
    const ws = await buildWorkspace(deps);
    const reps = await withTeam(ws);
    const u = uniq();
    const [m1, m2] = [nextMobile(), nextMobile()];
    const file = iconv.encode([
      '姓名,公司名称,职位,手机号,邮箱,行业,人数,省份,城市,线索来源,渠道,活动,utm_source,备注',
      `王磊,广州甲${u}科技有限公司,总经理,+86 ${m1},,制造业,320,广东,广州,预约演示,官网,春季发布会,baidu,想看演示`,
      `李娜,乙${u}有限公司,经理,12345,,,,,,咨询,,,,`,
      `,丙${u}有限公司,,${m2},,,,,,,,,,`,
      `赵六,丁${u}有限公司,,,zhao-${u}@example.com,,,,,百度推广,,,,`,
      `钱七,戊${u}有限公司,,,,,,,,,,,,`,
    ].join('\r\n') + '\r\n', 'gbk');

    const preview = await previewImport(deps, ws.admin, 'lead', file);
    expect(preview).toMatchObject({ encoding: 'gbk', totalRows: 5, mapping: {
      姓名: 'name', 公司名称: 'company', 职位: 'title', 手机号: 'mobile', 邮箱: 'email', 行业: 'industry', 人数: 'employeeSize', 省份: 'province',
      城市: 'city', 线索来源: 'source', 渠道: 'channel', 活动: 'campaign', utm_source: 'utmSource', 备注: 'notes',
    } });
    expect(preview.fields).toContainEqual({ key: 'name', label: '姓名', labelEn: 'Name', required: true });

    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: '线索.csv', buffer: file });
    expect(run).toMatchObject({ entity: 'lead', status: 'completed', total: 5, processed: 5, created: 2, updated: 0, skipped: 0, failed: 3 });
    expect(run.errors.map((e) => [e.row, e.field, e.code])).toEqual([[3, 'mobile', 'INVALID'], [4, 'name', 'REQUIRED'], [6, 'mobile', 'REQUIRED']]);
    expect(run.errors[0].message).toBe('手机号格式不正确 / invalid mobile number');

    const rows = await leadsOf(ws);
    expect(rows).toHaveLength(2);
    const wang = rows.find((r) => r.name === '王磊')!;
    expect(wang).toMatchObject({
      company: `广州甲${u}科技有限公司`, mobileNorm: m1, title: '总经理', industry: 'C', employeeSize: '100-499', province: '广东省', city: '广州',
      region: '华南', source: 'demo_request', sourceType: 'active', channel: '官网', campaign: '春季发布会', utm: { source: 'baidu' },
      notes: '想看演示', captureMethod: 'import', createdBy: ws.admin.userId,
    });
    expect(wang.score).toBeGreaterThan(0);
    expect((await getLead(deps, ws.admin, wang.id)).scoreExplanation.length).toBeGreaterThan(0);
    expect(rows.find((r) => r.name === '赵六')).toMatchObject({ source: 'other', sourceType: 'passive', channel: '百度推广', emailNorm: `zhao-${u}@example.com` });
    expect(new Set(rows.map((r) => r.ownerId))).toEqual(new Set(reps));
    expect(rows.every((r) => r.assignmentReason?.zh.includes('导入团队'))).toBe(true);

    const again = await runImport(deps, ws.admin, { entity: 'lead', fileName: '线索.csv', buffer: file });
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 2, failed: 3 });
    expect(await leadsOf(ws)).toHaveLength(2);
  });

  it('reads a HubSpot export: split names, picklist sources mapped, the original source kept as the channel', async () => {
    const ws = await buildWorkspace(deps);
    await withTeam(ws);
    const u = uniq();
    const m = nextMobile();
    const file = csv([
      'First Name,Last Name,Email,Phone Number,Company Name,Job Title,Industry,Number of Employees,State/Region,City,Original Source,Original Source Drill-Down 1,Lifecycle Stage',
      `Ada,Lovelace,ada-${u}@example.com,,Acme ${u} Ltd,CTO,Computer Software,1200,Shanghai,Shanghai,Organic Search,GOOGLE,lead`,
      `磊,王,,${m},华${u}科技有限公司,采购经理,,,Guangdong,深圳,Paid Search,,subscriber`,
      `Grace,Hopper,grace-${u}@example.com,,,,,,,,Referrals,,lead`,
      `Alan,Turing,alan-${u}@example.com,,,,,,,,Offline Sources,,lead`,
      `Bob,Smith,bob-${u}@example.com,,,,,,,,Something New,,lead`,
    ]);
    const preview = await previewImport(deps, ws.admin, 'lead', file);
    expect(preview.mapping).toEqual({
      'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Phone Number': 'mobile', 'Company Name': 'company', 'Job Title': 'title',
      Industry: 'industry', 'Number of Employees': 'employeeSize', 'State/Region': 'province', City: 'city', 'Original Source': 'source',
      'Original Source Drill-Down 1': 'channel',
    });
    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'hubspot.csv', buffer: file });
    expect(run).toMatchObject({ created: 5, failed: 0 });
    const byName = new Map((await leadsOf(ws)).map((r) => [r.name, r]));
    expect(byName.get('Ada Lovelace')).toMatchObject({ source: 'consultation', channel: 'GOOGLE', industry: 'saas:enterprise-software', employeeSize: '1000-4999', province: '上海市' });
    expect(byName.get('王磊')).toMatchObject({ source: 'consultation', channel: 'Paid Search', mobileNorm: m, province: '广东省' });
    expect(byName.get('Grace Hopper')).toMatchObject({ source: 'referral', sourceType: 'active', channel: 'Referrals' });
    expect(byName.get('Alan Turing')).toMatchObject({ source: 'event_signup', channel: 'Offline Sources' });
    expect(byName.get('Bob Smith')).toMatchObject({ source: 'other', channel: 'Something New' });
    expect([...byName.values()].every((r) => r.ownerId && r.score! > 0)).toBe(true);
  });

  it('merges a row into the open lead it repeats: filling a gap is an update, a plain repeat is skipped', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    const mobile = nextMobile();
    const stored = await buildLead(deps, ws.admin, { mobile, company: null, title: null });
    const file = csv([
      '姓名,手机,邮箱,微信,公司,职位',
      `李娜,+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)},,,补${u}有限公司,`,
      `周九,,zhou-${u}@example.com,,,`,
      `周九,,ZHOU-${u}@example.com,,,总监`,
      `周九,,zhou-${u}@example.com,,,总监`,
      `吴十,,,wx_${u},,`,
      `吴十,,,wx_${u},,`,
    ]);
    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'm.csv', buffer: file });
    expect(run).toMatchObject({ created: 2, updated: 2, skipped: 2, failed: 0 });
    const rows = await leadsOf(ws);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.id === stored.id)).toMatchObject({ company: `补${u}有限公司` });
    expect(rows.find((r) => r.name === '周九')).toMatchObject({ title: '总监' });

    const again = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'm.csv', buffer: file });
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 6, failed: 0 });
    expect(await leadsOf(ws)).toHaveLength(3);
  });

  it('says on each merged or skipped row which lead it went into, and keeps another name or mobile in the lead’s notes', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    const [m1, m2, m3] = [nextMobile(), nextMobile(), nextMobile()];
    const stored = await buildLead(deps, ws.admin, { name: '张三', mobile: m1, email: `zs-${u}@example.com`, company: `已有${u}有限公司` });
    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'n.csv', buffer: csv([
      '姓名,手机,邮箱,行业',
      `张三,${m2},zs-${u}@example.com,`, // the stored lead's email with another mobile: noted on the lead
      `重复甲,${m3},,新能源`, // an unknown industry: the person is kept, the text noted
      `重复乙,${m3},,`, // the same mobile under another name: folded into row 3, the name noted
      `张三,${m1},,`,
    ]) });
    expect(run).toMatchObject({ created: 1, updated: 2, skipped: 1, failed: 0 });
    const label = `张三（已有${u}有限公司）`;
    expect(run.notes.map((n) => [n.row, n.code])).toEqual([[2, 'MERGED'], [3, 'KEPT_IN_NOTES'], [4, 'MERGED'], [5, 'REPEAT']]);
    expect(run.notes[0].message).toContain(`并入已有线索「${label}」，更新了：备注`);
    expect(run.notes[2].message).toContain('并入第 3 行的线索，更新了：备注');
    expect(run.notes[3].message).toContain(`与已有线索「${label}」相同，未改动`);
    const rows = await leadsOf(ws);
    expect(rows.find((r) => r.id === stored.id)!.notes).toContain(`另留手机 / other mobile: ${m2}`);
    expect(rows.find((r) => r.name === '重复甲')!.notes).toBe('行业 / Industry: 新能源\n另填姓名 / other name: 重复乙');
    // The merge's audit row holds what it changed.
    const audit = await deps.db.execute(sql`select changes from audit_log where tenant_id = ${ws.tenantId} and entity_id = ${stored.id} and action = 'merge_capture'`);
    expect(JSON.stringify((audit as unknown as { rows: unknown[] }).rows)).toContain(`另留手机 / other mobile: ${m2}`);
  });

  it('rescores a lead whose profile a row fills in, as a new lead with that profile would be scored', async () => {
    const ws = await buildWorkspace(deps);
    const mobile = nextMobile();
    await runImport(deps, ws.admin, { entity: 'lead', fileName: 'a.csv', buffer: csv(['姓名,手机,线索来源', `评分甲,${mobile},其他`]) });
    const [before] = await leadsOf(ws);
    const fresh = nextMobile();
    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'b.csv', buffer: csv([
      '姓名,手机,职位,行业,人数,线索来源', `评分甲,${mobile},CEO,软件和信息技术服务业,1000-4999,其他`, `评分乙,${fresh},CEO,软件和信息技术服务业,1000-4999,其他`,
    ]) });
    expect(run).toMatchObject({ created: 1, updated: 1, failed: 0 });
    const after = await leadsOf(ws);
    const [filled, created] = [after.find((l) => l.id === before.id)!, after.find((l) => l.name === '评分乙')!];
    expect(filled.score).toBeGreaterThan(before.score!);
    expect({ score: filled.score, fit: filled.fitScore, tier: filled.tier }).toEqual({ score: created.score, fit: created.fitScore, tier: created.tier });
  });

  it('sends a file’s leads of one company to one rep, and a lead of an existing customer’s contact to the account owner', async () => {
    const ws = await buildWorkspace(deps);
    const reps = await withTeam(ws);
    const holder = await buildUser(deps, ws, 'sales_rep');
    const account = await buildAccount(deps, ws.admin, { ownerId: holder.id });
    const contactMobile = nextMobile();
    await buildContact(deps, ws.admin, account.id, { name: '宋佳', mobile: contactMobile });
    const u = uniq();
    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'c.csv', buffer: csv([
      '姓名,手机,公司', ...['甲', '乙', '丙', '丁'].map((n) => `同司${n},${nextMobile()},同司撞单${u}科技有限公司`), `宋佳,${contactMobile},`,
    ]) });
    expect(run).toMatchObject({ created: 5, failed: 0 });
    const rows = await leadsOf(ws);
    const sameCompany = rows.filter((l) => l.name.startsWith('同司'));
    expect(new Set(sameCompany.map((l) => l.ownerId)).size).toBe(1);
    expect(reps).toContain(sameCompany[0].ownerId);
    expect(sameCompany.filter((l) => l.assignmentReason?.zh.includes('已有线索，分给其负责人'))).toHaveLength(3);
    const ofContact = rows.find((l) => l.name === '宋佳')!;
    expect(ofContact).toMatchObject({ ownerId: holder.id, matchedAccountId: account.id });
    expect(ofContact.assignmentReason?.zh).toContain(`「${account.name}」已有客户，分给其负责人`);
  });

  it('imports a UTF-8 file with one stray byte: the other rows as written, the bad row reported', async () => {
    const ws = await buildWorkspace(deps);
    const [m1, m2] = [nextMobile(), nextMobile()];
    const file = Buffer.concat([Buffer.from(`姓名,手机,公司\r\n李贡献,${m1},北京乱码有限公司\r\n`, 'utf8'), Buffer.from([0x4a, 0x6f, 0x73, 0xe9]), Buffer.from(`,${m2},Acme\r\n`, 'utf8')]);
    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'u.csv', buffer: file });
    expect(run).toMatchObject({ created: 1, failed: 1, errors: [{ row: 3, code: 'UNREADABLE_TEXT' }] });
    expect((await leadsOf(ws))[0]).toMatchObject({ name: '李贡献', company: '北京乱码有限公司' });
  });

  it('sends a lead whose email is at a customer’s domain to the account owner; a public mail address matches nothing', async () => {
    const ws = await buildWorkspace(deps);
    await withTeam(ws);
    const holder = await buildUser(deps, ws, 'sales_rep');
    const u = uniq();
    const account = await buildAccount(deps, ws.admin, { ownerId: holder.id, website: `https://www.zijin-${u}.cn/about` });
    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'd.csv', buffer: csv([
      '姓名,邮箱', `陈工,chen@zijin-${u}.cn`, `吴工,WU@ZIJIN-${u}.CN`, `私人,zijin-${u}@qq.com`,
    ]) });
    expect(run).toMatchObject({ created: 3, failed: 0 });
    const rows = await leadsOf(ws);
    for (const name of ['陈工', '吴工']) {
      const lead = rows.find((l) => l.name === name)!;
      expect(lead).toMatchObject({ ownerId: holder.id, matchedAccountId: account.id });
      expect(lead.assignmentReason?.zh).toContain(`「${account.name}」已有客户`);
    }
    expect(rows.find((l) => l.name === '私人')).toMatchObject({ matchedAccountId: null });
    expect(rows.find((l) => l.name === '私人')!.ownerId).not.toBe(holder.id);
  });

  it('reads a full-width email as its ASCII form', async () => {
    const ws = await buildWorkspace(deps);
    const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'w.csv', buffer: csv(['姓名,邮箱', '全角,ｆｕｌｌ＠ｅｘａｍｐｌｅ．ｃｏｍ']) });
    expect(run).toMatchObject({ created: 1, failed: 0 });
    expect((await leadsOf(ws))[0]).toMatchObject({ email: 'full@example.com', emailNorm: 'full@example.com' });
  });

  it('does not merge a row into a lead the importer may not change: the row is reported and the lead left alone', async () => {
    const ws = await buildWorkspace(deps);
    const east = await createDepartment(deps, ws.admin, { name: '华东', parentId: ws.rootDepartmentId });
    const west = await createDepartment(deps, ws.admin, { name: '西南', parentId: ws.rootDepartmentId });
    const manager = await buildUser(deps, ws, 'sales_manager', { departmentId: east.id });
    const theirs = await buildUser(deps, ws, 'sales_rep', { departmentId: west.id });
    const mobile = nextMobile();
    const held = await buildLead(deps, theirs.actor, { mobile, company: null, assignToMe: true });
    const run = await runImport(deps, manager.actor, { entity: 'lead', fileName: 'x.csv', buffer: csv(['姓名,手机,公司', `李娜,${mobile},覆盖${uniq()}有限公司`]) });
    expect(run).toMatchObject({ created: 0, updated: 0, failed: 1 });
    expect(run.errors).toEqual([expect.objectContaining({ row: 2, code: 'LEAD_DUPLICATE', message: expect.stringContaining('你不能合并到其中') })]);
    expect((await storedLeads(deps.db, ws.tenantId, [held.id]))[0].company).toBeNull();
  });

  it('writes a batch all or nothing: a failing batch leaves no lead, touch or ownership row, and the run goes on', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    const poison = `毒${u}`;
    await deps.db.execute(sql.raw(`
      create or replace function import_lead_fail_${u}() returns trigger language plpgsql as $$
      begin if new.name = '${poison}' then raise exception 'forced failure'; end if; return new; end $$`));
    await deps.db.execute(sql.raw(`create trigger import_lead_fail_${u} before insert on leads for each row execute function import_lead_fail_${u}()`));
    try {
      const names = [`一${u}`, `二${u}`, `三${u}`, poison, `五${u}`];
      const file = csv(['姓名,手机', ...names.map((n) => `${n},${nextMobile()}`)]);
      const run = await runImport(deps, ws.admin, { entity: 'lead', fileName: 'f.csv', buffer: file }, { batchSize: 2 });
      expect(run).toMatchObject({ status: 'completed', processed: 5, created: 3, failed: 2 });
      expect(run.errors.map((e) => [e.row, e.code])).toEqual([[4, 'BATCH_FAILED'], [5, 'BATCH_FAILED']]);
      expect(run.errors[0].message).toContain('forced failure');
      const rows = await leadsOf(ws);
      expect(rows.map((r) => r.name).sort()).toEqual([`一${u}`, `二${u}`, `五${u}`].sort());
      expect(await deps.db.select().from(leadTouches).where(eq(leadTouches.tenantId, ws.tenantId))).toHaveLength(3);
      // No routing rule here, so the leads stay unrouted: no ownership rows, from the failed batch or any other.
      expect(await deps.db.select().from(leadOwnership).where(eq(leadOwnership.tenantId, ws.tenantId))).toHaveLength(0);
    } finally {
      await deps.db.execute(sql.raw(`drop trigger import_lead_fail_${u} on leads`));
      await deps.db.execute(sql.raw(`drop function import_lead_fail_${u}()`));
    }
  });

  it('refuses a user without leads.import, and a mapping with no name or no way to reach the person', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const buffer = csv(['姓名,手机', `某某,${nextMobile()}`]);
    await expect(runImport(deps, rep.actor, { entity: 'lead', fileName: 'r.csv', buffer })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(previewImport(deps, rep.actor, 'lead', buffer)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(runImport(deps, ws.admin, { entity: 'lead', fileName: 'r.csv', buffer, mapping: { 手机: 'mobile' } }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(runImport(deps, ws.admin, { entity: 'lead', fileName: 'r.csv', buffer, mapping: { 姓名: 'name' } }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const marketer = await buildUser(deps, ws, 'marketing');
    const run = await runImport(deps, marketer.actor, { entity: 'lead', fileName: 'r.csv', buffer });
    expect(run).toMatchObject({ created: 1 });
    expect(await getImport(deps, marketer.actor, run.id)).toMatchObject({ entity: 'lead' });
    expect((await listImports(deps, marketer.actor)).map((r) => r.id)).toContain(run.id);
    const [row] = await deps.db.select().from(leads).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.name, '某某')));
    expect(row).toMatchObject({ source: 'other', createdBy: marketer.id });
  });
});
