import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { newTestDeps } from '../../../../test/db.js';
import { buildUser, buildWorkspace, nextMobile } from '../../../../test/factories.js';
import { buildTestApp, loginAs, type Session } from '../../../../test/app.js';
import type { AppDeps } from '../../deps.js';
import { drainImports, STALE_RUN_MS } from './imports.service.js';
import { insertRun } from './imports.repository.js';
import { newId } from '../../db/ids.js';

let deps: AppDeps & { close(): Promise<void> };
let app: FastifyInstance;
beforeAll(async () => { deps = await newTestDeps(); app = await buildTestApp(deps); });
afterAll(async () => { await drainImports(); await app.close(); await deps.close(); });

/** A multipart/form-data body as a browser's FormData sends it. */
function form(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = `----baton${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (s: Session, url: string, body: ReturnType<typeof form>) => s.request({ method: 'POST', url, ...body });

describe('import routes', () => {
  it('previews, imports in the background, reports progress and serves the error report as CSV', async () => {
    const ws = await buildWorkspace(deps);
    const s = await loginAs(app, ws.adminEmail);
    const u = randomUUID().slice(0, 6);
    const content = iconv.encode(`客户名称,省份\r\n路由${u}科技有限公司,上海\r\n路由${u}二号有限公司,火星\r\n`, 'gbk');

    const preview = await upload(s, '/api/v1/imports/preview', form({ entity: 'account' }, { name: '客户.csv', content }));
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ encoding: 'gbk', headers: ['客户名称', '省份'], mapping: { 客户名称: 'name', 省份: 'province' }, totalRows: 2 });
    expect(preview.json().fields).toContainEqual({ key: 'name', label: '客户名称', labelEn: 'Account name', required: true });

    // The file part comes first here: field order must not matter.
    const started = await upload(s, '/api/v1/imports', form({ entity: 'accounts', mapping: JSON.stringify({ 客户名称: 'name', 省份: 'province' }) }, { name: '客户.csv', content }));
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ status: 'pending', total: 2, fileName: '客户.csv' });
    await drainImports();

    const run = await s.get(`/api/v1/imports/${started.json().id}`);
    expect(run.json()).toMatchObject({ status: 'completed', created: 1, failed: 1, errors: [{ row: 3, field: 'province', code: 'UNKNOWN_VALUE' }] });
    const list = await s.get('/api/v1/imports');
    expect(list.json().items[0]).toMatchObject({ id: started.json().id, created: 1 });
    expect(list.json().items[0].errors).toBeUndefined();

    const report = await s.get(`/api/v1/imports/${started.json().id}/errors.csv`);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body.charCodeAt(0)).toBe(0xfeff);
    expect(report.body).toContain(`3,"省份: 无法识别的省份「火星」 / unknown province ""火星""",路由${u}二号有限公司,火星`);
  });

  it('hands back each refused row as the file had it in errors.csv, which imports once its values are fixed', async () => {
    const ws = await buildWorkspace(deps);
    const s = await loginAs(app, ws.adminEmail);
    const u = randomUUID().slice(0, 6);
    const mapping = JSON.stringify({ 客户名称: 'name', 省份: 'province', 客户级别: 'level', 备注: 'notes' });
    // A title above the header, a column the mapping leaves out, a note a spreadsheet would take for a formula.
    const content = iconv.encode([
      '华东客户,,,,',
      '客户名称,省份,客户级别,备注,内部编号',
      `回填${u}科技有限公司,上海,A,,K-001`,
      `回填${u}二号有限公司,火星,Z,-急-,K-002`,
      `X,江苏,B,"含,逗号",K-003`,
    ].join('\r\n'), 'gbk');
    const started = await upload(s, '/api/v1/imports', form({ entity: 'account', mapping }, { name: '客户.csv', content }));
    await drainImports();
    const run = (await s.get(`/api/v1/imports/${started.json().id}`)).json();
    expect(run).toMatchObject({ created: 1, failed: 2 });
    // The cells stay out of the run as polled; only the report carries them.
    expect(run.refusedRows).toBeUndefined();

    const report = (await s.get(`/api/v1/imports/${started.json().id}/errors.csv`)).body;
    expect(report.charCodeAt(0)).toBe(0xfeff);
    const lines = report.slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      '原行号 Source row,未导入原因 Why not imported,客户名称,省份,客户级别,备注,内部编号',
      `4,"省份: 无法识别的省份「火星」 / unknown province ""火星"" | 客户级别: 无法识别的客户级别「Z」 / unknown level ""Z""",回填${u}二号有限公司,火星,Z,'-急-,K-002`,
      expect.stringMatching(new RegExp(`^5,客户名称: .+,X,江苏,B,"含,逗号",K-003$`)),
    ]);

    // Fixed in the report itself and imported with the same mapping: both rows go in, the note as it was typed.
    const fixed = report.replace(',火星,Z,', ',浙江,A,').replace(',X,江苏,', `,回填${u}三号有限公司,江苏,`);
    const again = await upload(s, '/api/v1/imports', form({ entity: 'account', mapping }, { name: '客户-errors.csv', content: Buffer.from(fixed, 'utf8') }));
    expect(again.statusCode).toBe(202);
    await drainImports();
    expect((await s.get(`/api/v1/imports/${again.json().id}`)).json()).toMatchObject({ status: 'completed', total: 2, created: 2, failed: 0, errors: [] });
    const found = (await s.get(`/api/v1/accounts?q=${encodeURIComponent(`回填${u}`)}`)).json().items as { name: string; province: string; level: string; notes: string | null }[];
    expect(found.map((a) => a.name).sort()).toEqual([`回填${u}三号有限公司`, `回填${u}二号有限公司`, `回填${u}科技有限公司`]);
    expect(found.find((a) => a.name === `回填${u}二号有限公司`)).toMatchObject({ province: '浙江省', level: 'A', notes: '-急-' });
  });

  it('says when a run was cut off, says when its error list is capped, and audits each run', async () => {
    const ws = await buildWorkspace(deps);
    const s = await loginAs(app, ws.adminEmail);
    // A run whose process died: it wrote its last batch longer ago than any batch takes.
    const silent = new Date(Date.now() - STALE_RUN_MS - 60_000);
    const cut = await insertRun(deps.db, { tenantId: ws.tenantId, id: newId(), entity: 'lead', fileName: '线索.csv', status: 'running', total: 12000, processed: 5000, createdAt: silent, updatedAt: silent });
    const alive = await insertRun(deps.db, { tenantId: ws.tenantId, id: newId(), entity: 'lead', fileName: '进行中.csv', status: 'running', total: 100, createdAt: new Date(), updatedAt: new Date() });
    expect((await s.get(`/api/v1/imports/${cut.id}`)).json()).toMatchObject({ status: 'interrupted', processed: 5000, finishedAt: expect.any(String) });
    expect((await s.get(`/api/v1/imports/${alive.id}`)).json()).toMatchObject({ status: 'running', finishedAt: null });
    // Someone who may import nothing is told which permissions would open the list.
    const cs = await loginAs(app, (await buildUser(deps, ws, 'customer_success')).email);
    const refused = await cs.get('/api/v1/imports');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().details).toEqual({ permission: ['accounts.import', 'leads.import'] });
    const listed = (await s.get('/api/v1/imports')).json().items as { id: string; status: string; tenantId?: string }[];
    expect(listed.find((r) => r.id === cut.id)).toMatchObject({ status: 'interrupted' });
    expect(listed[0].tenantId).toBeUndefined();

    // 1,005 rows without a name: the first 1,000 errors are kept, the count is exact, and both the run and its report say so.
    const rows = Array.from({ length: 1005 }, () => `,${nextMobile()}`);
    const started = await upload(s, '/api/v1/imports', form({ entity: 'lead' }, { name: '无名.csv', content: Buffer.from(['姓名,手机', ...rows].join('\r\n')) }));
    expect(started.statusCode).toBe(202);
    await drainImports();
    const run = (await s.get(`/api/v1/imports/${started.json().id}`)).json();
    expect(run).toMatchObject({ status: 'completed', failed: 1005, errorsCapped: true });
    expect(run.errors).toHaveLength(1000);
    const report = (await s.get(`/api/v1/imports/${started.json().id}/errors.csv`)).body.trim().split('\r\n');
    expect(report).toHaveLength(1 + 1000 + 1);
    expect(report[1]).toMatch(/^2,"?姓名: .*,13\d{9}$/);
    expect(report.at(-1)).toMatch(/^,"?只列出了前 1000 行；共 1005 行未导入/);

    // A run from before the cells were kept still lists its refused rows and why.
    const old = await insertRun(deps.db, { tenantId: ws.tenantId, id: newId(), entity: 'lead', fileName: '旧.csv', status: 'completed', total: 1, failed: 1,
      mapping: { 姓名: 'name' }, errors: [{ row: 7, field: 'name', code: 'REQUIRED', message: '请填写姓名 / the name is required' }], createdAt: new Date(), updatedAt: new Date() });
    expect((await s.get(`/api/v1/imports/${old.id}/errors.csv`)).body.slice(1).trim().split('\r\n'))
      .toEqual(['原行号 Source row,未导入原因 Why not imported', '7,姓名: 请填写姓名 / the name is required']);

    const audit = (await s.get(`/api/v1/audit?entity=import_run&entityId=${started.json().id}`)).json().items as { action: string; changes: Record<string, { to: unknown }> }[];
    expect(audit.map((a) => a.action).sort()).toEqual(['complete', 'create']);
    expect(audit.find((a) => a.action === 'complete')!.changes.failed.to).toBe(1005);
    expect(audit.find((a) => a.action === 'create')!.changes.fileName.to).toBe('无名.csv');
  });

  it('answers 400 for a missing file, a bad entity, a bad mapping or a body that is not multipart', async () => {
    const ws = await buildWorkspace(deps);
    const s = await loginAs(app, ws.adminEmail);
    const content = Buffer.from('客户名称\n某公司\n');
    const noFile = await upload(s, '/api/v1/imports/preview', form({ entity: 'account' }));
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file' }] });
    expect((await upload(s, '/api/v1/imports', form({ entity: 'deal' }, { name: 'a.csv', content }))).json()).toMatchObject({ details: [{ path: 'entity' }] });
    expect((await upload(s, '/api/v1/imports', form({ entity: 'account', mapping: '[1' }, { name: 'a.csv', content }))).json()).toMatchObject({ details: [{ path: 'mapping' }] });
    // Two files in one form: told to send one, not that the file is too large.
    const twoFiles = form({ entity: 'account' }, { name: 'a.csv', content });
    const second = Buffer.from(`--${twoFiles.headers['content-type'].split('boundary=')[1]}\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    const body = Buffer.concat([second, content, Buffer.from('\r\n'), twoFiles.payload]);
    const two = await s.request({ method: 'POST', url: '/api/v1/imports/preview', payload: body, headers: twoFiles.headers });
    expect(two.statusCode).toBe(400);
    expect(two.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file', message: expect.stringContaining('一次只能上传一个文件') }] });
    const json = await s.post('/api/v1/imports', { entity: 'account' });
    expect(json.statusCode).toBe(400);
    const garbage = await upload(s, '/api/v1/imports/preview', form({ entity: 'account' }, { name: 'a.xls', content: Buffer.from('d0cf11e0a1b11ae1000000', 'hex') }));
    expect(garbage.json()).toMatchObject({ code: 'IMPORT_FILE_INVALID' });
  });

  it('previews and imports the sheet and header row the user chooses, and refuses an unknown sheet or a row past the end', async () => {
    const ws = await buildWorkspace(deps);
    const s = await loginAs(app, ws.adminEmail);
    const u = randomUUID().slice(0, 6);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRows([['填写说明', '每行一个客户'], ['客户名称必填', '省份可选']]);
    const data = wb.addWorksheet('客户清单');
    data.addRows([['华东区客户', '2026 年'], ['导出人：张三', '审核：李四'], ['客户名称', '省份'], [`选表${u}科技有限公司`, '上海'], [`选表${u}二号有限公司`, '江苏']]);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const file = { name: '客户.xlsx', content };

    // Left to itself the reader takes the instructions sheet, which has two columns.
    const guessed = await upload(s, '/api/v1/imports/preview', form({ entity: 'account' }, file));
    expect(guessed.json()).toMatchObject({ encoding: 'xlsx', sheet: '说明', sheets: ['说明', '客户清单'], headerRow: 1, headers: ['填写说明', '每行一个客户'] });
    const chosen = await upload(s, '/api/v1/imports/preview', form({ entity: 'account', sheet: '客户清单', headerRow: '3' }, file));
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toMatchObject({ sheet: '客户清单', headerRow: 3, rowCount: 5, headers: ['客户名称', '省份'], mapping: { 客户名称: 'name', 省份: 'province' }, totalRows: 2 });

    const started = await upload(s, '/api/v1/imports', form({ entity: 'account', sheet: '客户清单', headerRow: '3' }, file));
    expect(started.statusCode).toBe(202);
    await drainImports();
    expect((await s.get(`/api/v1/imports/${started.json().id}`)).json()).toMatchObject({ status: 'completed', total: 2, created: 2, failed: 0 });

    const noSheet = await upload(s, '/api/v1/imports/preview', form({ entity: 'account', sheet: 'Sheet1' }, file));
    expect(noSheet.statusCode).toBe(400);
    expect(noSheet.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'sheet', message: expect.stringContaining('its sheets are "说明", "客户清单"') }] });
    const pastEnd = await upload(s, '/api/v1/imports', form({ entity: 'account', sheet: '客户清单', headerRow: '40' }, file));
    expect(pastEnd.statusCode).toBe(400);
    expect(pastEnd.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'headerRow', message: expect.stringContaining('工作表「客户清单」只有 5 行') }] });
    for (const bad of ['0', '-1', 'abc', '2.5']) {
      const res = await upload(s, '/api/v1/imports/preview', form({ entity: 'account', headerRow: bad }, file));
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().details, bad).toEqual([{ path: 'headerRow', message: expect.stringContaining('counted from 1') }]);
    }
    const csvPastEnd = await upload(s, '/api/v1/imports/preview', form({ entity: 'account', headerRow: '7' }, { name: 'a.csv', content: Buffer.from('客户名称,省份\r\n某公司,上海\r\n') }));
    expect(csvPastEnd.json()).toMatchObject({ details: [{ path: 'headerRow', message: expect.stringContaining('the file has 2 rows') }] });
  });

  it('imports leads with entity lead, and answers 403 to a sales rep without leads.import', async () => {
    const ws = await buildWorkspace(deps);
    const s = await loginAs(app, ws.adminEmail);
    const content = iconv.encode(`姓名,手机,线索来源\r\n路由线索${randomUUID().slice(0, 6)},${nextMobile()},预约演示\r\n无手机,,咨询\r\n`, 'gbk');
    const preview = await upload(s, '/api/v1/imports/preview', form({ entity: 'lead' }, { name: '线索.csv', content }));
    expect(preview.json()).toMatchObject({ encoding: 'gbk', mapping: { 姓名: 'name', 手机: 'mobile', 线索来源: 'source' }, totalRows: 2 });
    const started = await upload(s, '/api/v1/imports', form({ entity: 'leads' }, { name: '线索.csv', content }));
    expect(started.statusCode).toBe(202);
    await drainImports();
    const run = await s.get(`/api/v1/imports/${started.json().id}`);
    expect(run.json()).toMatchObject({ entity: 'lead', status: 'completed', created: 1, failed: 1, errors: [{ row: 3, field: 'mobile', code: 'REQUIRED' }] });

    const rep = await buildUser(deps, ws, 'sales_rep');
    const sr = await loginAs(app, rep.email);
    expect((await upload(sr, '/api/v1/imports/preview', form({ entity: 'lead' }, { name: 'a.csv', content }))).statusCode).toBe(403);
    expect((await upload(sr, '/api/v1/imports', form({ entity: 'lead' }, { name: 'a.csv', content }))).statusCode).toBe(403);
    expect((await sr.get(`/api/v1/imports/${started.json().id}`)).statusCode).toBe(403);
  });

  it('keeps runs inside their workspace', async () => {
    const a = await buildWorkspace(deps);
    const b = await buildWorkspace(deps);
    const sa = await loginAs(app, a.adminEmail);
    const sb = await loginAs(app, b.adminEmail);
    const started = await upload(sa, '/api/v1/imports', form({ entity: 'account' }, { name: 'a.csv', content: Buffer.from(`客户名称\n隔离${randomUUID().slice(0, 6)}有限公司\n`) }));
    await drainImports();
    expect((await sb.get(`/api/v1/imports/${started.json().id}`)).statusCode).toBe(404);
    expect((await sb.get(`/api/v1/imports/${started.json().id}/errors.csv`)).statusCode).toBe(404);
  });
});
