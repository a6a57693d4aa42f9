import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { newTestDeps } from '../../../../test/db.js';
import { buildAccount, buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { accounts, contacts, auditLog, customFieldDefs } from '../../db/schema.js';
import { newId } from '../../db/ids.js';
import { withCreditCheckChar } from '../../../shared/normalize.js';
import type { AppDeps } from '../../deps.js';
import { drainImports, getImport, getImportErrorReport, previewImport, runImport, startImport } from './imports.service.js';

let deps: AppDeps & { close(): Promise<void> };
beforeAll(async () => { deps = await newTestDeps(); });
afterAll(async () => { await drainImports(); await deps.close(); });

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const uniq = () => newId().slice(-6).replace(/[^0-9a-f]/g, '0');

async function accountsOf(ws: TestWorkspace) {
  return deps.db.select().from(accounts).where(eq(accounts.tenantId, ws.tenantId));
}

describe('importing accounts', () => {
  it('creates the good rows, reports the bad one by its row number and field, and a re-run creates nothing', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    const file = csv([
      '客户名称,所属行业,人员规模,年营业额,省份,客户级别,标签',
      `甲${u}科技有限公司,制造业,320,"1,200万",广东,A类,"重点，华南"`,
      `乙${u}信息技术有限公司,Manufacturing,,1.2亿,浙江省,B,`,
      `丙${u}网络有限公司,I,5000 人以上,,北京,,`,
      `X,,,,,,`,
    ]);
    const run = await runImport(deps, ws.admin, { entity: 'account', fileName: 'a.csv', buffer: file });
    expect(run).toMatchObject({ status: 'completed', total: 4, processed: 4, created: 3, updated: 0, skipped: 0, failed: 1 });
    expect(run.errors).toEqual([expect.objectContaining({ row: 5, field: 'name', code: 'INVALID', message: expect.stringContaining('客户名称至少 2 个字 /') })]);

    const rows = await accountsOf(ws);
    expect(rows).toHaveLength(3);
    const jia = rows.find((r) => r.name.startsWith('甲'))!;
    expect(jia).toMatchObject({ industry: 'C', employeeSize: '100-499', annualRevenue: '12000000.00', province: '广东省', level: 'A',
      tags: ['重点', '华南'], ownerId: ws.admin.userId, createdBy: ws.admin.userId, lifecycleStage: 'prospect', version: 1 });
    expect(jia.nameNorm).toBe(`甲${u}科技`);
    const audits = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.action, 'import.create')));
    expect(audits).toHaveLength(3);
    const jiaAudit = audits.find((a) => a.entityId === jia.id)!;
    expect(jiaAudit).toMatchObject({ accountId: jia.id, actorId: ws.admin.userId, actorKind: 'user' });
    expect(jiaAudit.changes).toMatchObject({ name: { from: null, to: jia.name }, industry: { from: null, to: 'C' }, tags: { from: null, to: ['重点', '华南'] } });
    expect(Object.keys(jiaAudit.changes!)).not.toContain('nameNorm');
    expect(Object.keys(jiaAudit.changes!)).not.toContain('creditCode');

    const again = await runImport(deps, ws.admin, { entity: 'account', fileName: 'a.csv', buffer: file });
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 3, failed: 1 });
    expect(await accountsOf(ws)).toHaveLength(3);
  });

  it('updates an existing account matched by credit code or name: fills fields, never wipes, bumps the version', async () => {
    const ws = await buildWorkspace(deps);
    const code = withCreditCheckChar(`91110000${uniq().toUpperCase().replace(/[^0-9A-F]/g, '1')}ABC`.slice(0, 17).replace(/[IOSVZ]/g, '1'));
    const existing = await buildAccount(deps, ws.admin, { name: `北京丁${uniq()}科技有限公司`, creditCode: code, city: '北京', notes: '老备注' });
    const file = csv([
      '公司名称,统一社会信用代码,城市,备注,需求',
      `北京丁新名称科技股份有限公司,${code},,,要 CRM`,
      `${existing.name.replace('有限公司', '（有限公司）')},,,,`,
    ]);
    const run = await runImport(deps, ws.admin, { entity: 'account', fileName: 'b.csv', buffer: file });
    // Row 3 names the old name, which row 2 just gave up: it matches nothing and becomes a new account.
    expect(run).toMatchObject({ created: 1, updated: 1, skipped: 0, failed: 0 });
    const [row] = await deps.db.select().from(accounts).where(and(eq(accounts.tenantId, ws.tenantId), eq(accounts.id, existing.id)));
    expect(row).toMatchObject({ name: '北京丁新名称科技股份有限公司', city: '北京', notes: '老备注', needs: '要 CRM', version: 2 });
    const [audit] = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.action, 'import.update')));
    expect(audit.changes).toMatchObject({ needs: { from: null, to: '要 CRM' } });
  });

  it('treats a later row of the same file naming the same company as an update of it', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    const file = csv(['客户名称,城市,标签', `戊${u}有限公司,杭州,a`, `戊${u}股份有限公司,,b`, `戊${u}有限公司,杭州,`]);
    const run = await runImport(deps, ws.admin, { entity: 'account', fileName: 'c.csv', buffer: file });
    // Row 3 renames it and adds a tag, row 4 names it as row 2 did: the file's last word on the name wins.
    expect(run).toMatchObject({ created: 1, updated: 2, skipped: 0, failed: 0 });
    const rows = await accountsOf(ws);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: `戊${u}有限公司`, city: '杭州', tags: ['a', 'b'] });
    const again = await runImport(deps, ws.admin, { entity: 'account', fileName: 'c.csv', buffer: csv(['客户名称,城市', `戊${u}有限公司,杭州`]) });
    expect(again).toMatchObject({ created: 0, skipped: 1 });
  });

  it('imports a GBK file with Chinese text', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    const file = iconv.encode(`企业名称,行业,省,客户阶段,客户来源,备注\r\n己${u}汽车零部件有限公司,汽车,江苏,成交客户,展会,老客户续约\r\n`, 'gbk');
    const preview = await previewImport(deps, ws.admin, 'account', file);
    expect(preview).toMatchObject({ encoding: 'gbk', totalRows: 1, mapping: { 企业名称: 'name', 行业: 'industry', 省: 'province' } });
    const run = await runImport(deps, ws.admin, { entity: 'account', fileName: '客户.csv', buffer: file });
    expect(run).toMatchObject({ created: 1, failed: 0 });
    expect((await accountsOf(ws))[0]).toMatchObject({
      name: `己${u}汽车零部件有限公司`, industry: 'saas:automotive', province: '江苏省', lifecycleStage: 'customer', source: 'event', notes: '老客户续约',
    });
  });

  it('imports an XLSX and resolves the owner by email or name', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep', { name: `李${uniq()}` });
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Accounts');
    const u = uniq();
    sheet.addRows([['Account Name', 'Account Owner', 'Employees', 'Rating'], [`Acme ${u} Ltd`, rep.email, 120, 'Hot'], [`Beta ${u} Inc`, rep.actor.name, 8, 'Cold'], [`Gamma ${u} Co`, '不存在的人', 1, 'Warm']]);
    const run = await runImport(deps, ws.admin, { entity: 'account', fileName: 'sf.xlsx', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(run).toMatchObject({ created: 2, failed: 1 });
    expect(run.errors[0]).toMatchObject({ row: 4, field: 'owner', code: 'OWNER_NOT_FOUND' });
    const rows = await accountsOf(ws);
    expect(rows.map((r) => [r.ownerId, r.employeeSize, r.level]).sort()).toEqual([[rep.id, '1-49', 'C'], [rep.id, '100-499', 'A']].sort());
  });

  it('writes a batch all or nothing: a failing transaction leaves none of its rows and the run goes on', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    const poison = `毒${u}有限公司`;
    // A trigger stands in for any database failure in the middle of a batch.
    await deps.db.execute(sql.raw(`
      create or replace function import_test_fail_${u}() returns trigger language plpgsql as $$
      begin if new.name = '${poison}' then raise exception 'forced failure'; end if; return new; end $$`));
    await deps.db.execute(sql.raw(`create trigger import_test_fail_${u} before insert on accounts for each row execute function import_test_fail_${u}()`));
    try {
      const file = csv(['客户名称', `一${u}有限公司`, `二${u}有限公司`, `三${u}有限公司`, poison, `五${u}有限公司`]);
      const run = await runImport(deps, ws.admin, { entity: 'account', fileName: 'd.csv', buffer: file }, { batchSize: 2 });
      expect(run).toMatchObject({ status: 'completed', processed: 5, created: 3, failed: 2 });
      expect(run.errors.map((e) => [e.row, e.code])).toEqual([[4, 'BATCH_FAILED'], [5, 'BATCH_FAILED']]);
      expect(run.errors[0].message).toContain('forced failure');
      expect((await accountsOf(ws)).map((r) => r.name).sort()).toEqual([`一${u}有限公司`, `二${u}有限公司`, `五${u}有限公司`].sort());
    } finally {
      await deps.db.execute(sql.raw(`drop trigger import_test_fail_${u} on accounts`));
      await deps.db.execute(sql.raw(`drop function import_test_fail_${u}()`));
    }
  });

  it('keeps counts exact but stores at most 1,000 errors', async () => {
    const ws = await buildWorkspace(deps);
    const file = csv(['客户名称,所属行业', ...Array.from({ length: 1200 }, (_, i) => `坏行${i}有限公司,火星产业`)]);
    const run = await runImport(deps, ws.admin, { entity: 'account', fileName: 'e.csv', buffer: file });
    expect(run).toMatchObject({ failed: 1200, created: 0 });
    expect(run.errors).toHaveLength(1000);
    expect(run.errors[0]).toMatchObject({ row: 2, field: 'industry', code: 'UNKNOWN_VALUE' });
  });

  it('requires required custom fields on new accounts and validates custom values', async () => {
    const ws = await buildWorkspace(deps);
    await deps.db.insert(customFieldDefs).values([
      { tenantId: ws.tenantId, id: newId(), entity: 'account', key: 'erp', label: 'ERP 系统', type: 'select', options: ['SAP', '用友'], isRequired: true },
      { tenantId: ws.tenantId, id: newId(), entity: 'account', key: 'since', label: '合作开始', type: 'date' },
    ]);
    const u = uniq();
    const file = csv(['客户名称,ERP 系统,合作开始', `庚${u}有限公司,sap,2024/3/1`, `辛${u}有限公司,,`, `壬${u}有限公司,金蝶,`]);
    const run = await runImport(deps, ws.admin, { entity: 'account', fileName: 'f.csv', buffer: file });
    expect(run).toMatchObject({ created: 1, failed: 2 });
    expect(run.errors.map((e) => [e.row, e.field])).toEqual([[3, 'custom.erp'], [4, 'custom.erp']]);
    expect((await accountsOf(ws))[0].custom).toEqual({ erp: 'SAP', since: '2024-03-01' });
  });

  it('fills fields the importer may not edit into new accounts but never changes them on stored ones', async () => {
    const ws = await buildWorkspace(deps);
    const marketer = await buildUser(deps, ws, 'marketing');
    const stored = await buildAccount(deps, ws.admin, { name: `保护${uniq()}有限公司`, annualRevenue: '100.00' });
    const u = uniq();
    const file = csv(['客户名称,年营业额,城市', `${stored.name},999,苏州`, `新${u}有限公司,500,无锡`]);
    const run = await runImport(deps, marketer.actor, { entity: 'account', fileName: 'm.csv', buffer: file });
    expect(run).toMatchObject({ created: 1, updated: 1, failed: 0 });
    const rows = await accountsOf(ws);
    expect(rows.find((r) => r.id === stored.id)).toMatchObject({ annualRevenue: '100.00', city: '苏州' });
    expect(rows.find((r) => r.name === `新${u}有限公司`)).toMatchObject({ annualRevenue: '500.00', ownerId: marketer.id });
  });

  it('runs in the background from startImport and is visible only in its own workspace', async () => {
    const ws = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    const started = await startImport(deps, ws.admin, { entity: 'account', fileName: 'g.csv', buffer: csv(['客户名称', `癸${uniq()}有限公司`]) });
    expect(started.status).toBe('pending');
    await drainImports();
    expect(await getImport(deps, ws.admin, started.id)).toMatchObject({ status: 'completed', created: 1 });
    await expect(getImport(deps, other.admin, started.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses users without the import permission and a mapping without the name', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const buffer = csv(['客户名称', '某某有限公司']);
    await expect(runImport(deps, rep.actor, { entity: 'account', fileName: 'h.csv', buffer })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(runImport(deps, ws.admin, { entity: 'account', fileName: 'h.csv', buffer, mapping: { 客户名称: 'city' } }))
      .rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

// PGlite has one connection, so two writers cannot interleave there: this case exists in the PostgreSQL run only.
if (process.env.TEST_DATABASE_URL) describe('concurrent writers', () => {
  it('turns a row another transaction inserted meanwhile into an update, never a 500', async () => {
    const ws = await buildWorkspace(deps);
    const name = `并发${uniq()}科技有限公司`;
    const other = await deps.database.pool!.connect();
    try {
      await other.query('begin');
      await other.query('insert into accounts (tenant_id, id, name, name_norm, city) values ($1, $2, $3, $4, $5)',
        [ws.tenantId, newId(), name, name.replace('有限公司', ''), '北京']);
      const importing = runImport(deps, ws.admin, { entity: 'account', fileName: 'p.csv', buffer: csv(['客户名称,城市', `${name},北京`]) });
      await new Promise((r) => setTimeout(r, 500));
      await other.query('commit');
      const run = await importing;
      expect(run).toMatchObject({ created: 0, skipped: 1, failed: 0 });
      expect((await accountsOf(ws)).filter((a) => a.name === name)).toHaveLength(1);
    } finally {
      other.release();
    }
  });
});

describe('importing contacts', () => {
  it('links contacts to accounts by company name, reports unknown companies and creates no duplicates on re-run', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    const acme = await buildAccount(deps, ws.admin, { name: `北京子${u}科技有限公司` });
    const mobile = `139${String(parseInt(u, 16) % 100000000).padStart(8, '0')}`;
    const file = csv([
      'First Name,Last Name,Email,Mobile Phone Number,Job Title,Associated Company,决策角色',
      `磊,王,,+86 ${mobile},CTO,北京子${u}科技（有限公司）,"拍板方,评估"`,
      `Ada,Lovelace,ada-${u}@example.com,,VP,北京子${u}科技股份有限公司,`,
      `敏,李,,,采购,北京子${u}科技有限公司,`,
      `无,名,,,,不存在${u}公司,`,
    ]);
    const run = await runImport(deps, ws.admin, { entity: 'contact', fileName: 'c.csv', buffer: file });
    expect(run).toMatchObject({ created: 3, failed: 1 });
    expect(run.errors).toEqual([expect.objectContaining({ row: 5, field: 'accountName', code: 'ACCOUNT_NOT_FOUND' })]);
    const rows = await deps.db.select().from(contacts).where(eq(contacts.tenantId, ws.tenantId));
    expect(rows).toHaveLength(3);
    expect(rows.every((c) => c.accountId === acme.id)).toBe(true);
    expect(rows.find((c) => c.name === '王磊')).toMatchObject({ mobileNorm: mobile, title: 'CTO', buyingRoles: ['decision_maker', 'evaluator'] });
    expect(rows.find((c) => c.name === 'Ada Lovelace')).toMatchObject({ emailNorm: `ada-${u}@example.com` });
    const audits = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.action, 'import.create'), eq(auditLog.entity, 'contact')));
    expect(audits.map((a) => a.accountId)).toEqual([acme.id, acme.id, acme.id]);

    const again = await runImport(deps, ws.admin, { entity: 'contact', fileName: 'c.csv', buffer: file });
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 3, failed: 1 });
    const changed = await runImport(deps, ws.admin, { entity: 'contact', fileName: 'c2.csv', buffer: csv(['手机,职务,所属客户,姓名', `${mobile},CEO,北京子${u}科技有限公司,王磊`]) });
    expect(changed).toMatchObject({ created: 0, updated: 1 });
    expect(await deps.db.select().from(contacts).where(eq(contacts.tenantId, ws.tenantId))).toHaveLength(3);
  });

  it('keeps the cells of each refused row, refused on reading or on writing, for the error report', async () => {
    const ws = await buildWorkspace(deps);
    const u = uniq();
    await buildAccount(deps, ws.admin, { name: `报告${u}科技有限公司` });
    const file = csv([
      '姓名,手机,所属客户,决策角色,备注,备注',
      `王磊,13900007101,报告${u}科技有限公司,拍板方,老客户,`,
      `李娜,,不存在${u}公司,,展会,第二天`,
      `张伟,,报告${u}科技有限公司,老板,,`,
    ]);
    // Two batches: row 3 is refused when its batch is written (no such account), row 4 when it is read.
    const run = await runImport(deps, ws.admin, { entity: 'contact', fileName: 'r.csv', buffer: file }, { batchSize: 2 });
    expect(run).toMatchObject({ created: 1, failed: 2 });
    const report = await getImportErrorReport(deps, ws.admin, run.id);
    expect(report.columns.map((c) => c.header)).toEqual(['原行号 Source row', '未导入原因 Why not imported', '姓名', '手机', '所属客户', '决策角色', '备注', '备注 (2)']);
    expect(report.rows).toEqual([
      { row: 3, errors: expect.stringMatching(new RegExp(`^所属客户: 找不到客户「不存在${u}公司」`)), c0: '李娜', c1: '', c2: `不存在${u}公司`, c3: '', c4: '展会', c5: '第二天' },
      { row: 4, errors: expect.stringMatching(/^决策角色: 无法识别的决策角色「老板」/), c0: '张伟', c1: '', c2: `报告${u}科技有限公司`, c3: '老板', c4: '', c5: '' },
    ]);
  });
});
