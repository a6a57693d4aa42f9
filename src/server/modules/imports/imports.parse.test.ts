import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { MAX_XLSX_UNPACKED_BYTES, parseImportFile, UNREADABLE, unpackedSize } from './imports.parse.js';

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('parseImportFile', () => {
  it('reads UTF-8 with a BOM, trims cells and keeps Excel row numbers across blank lines', async () => {
    const file = Buffer.from('\uFEFF客户名称, 城市 \r\n 北京字节跳动科技有限公司 ,北京\r\n\r\n"上海,某某有限公司",上海\r\n', 'utf8');
    const parsed = await parseImportFile(file);
    expect(parsed.encoding).toBe('utf-8');
    expect(parsed.headers).toEqual(['客户名称', '城市']);
    expect(parsed.rows).toEqual([['北京字节跳动科技有限公司', '北京'], ['上海,某某有限公司', '上海']]);
    expect(parsed.rowNumbers).toEqual([2, 4]);
  });

  it('reads GBK as Excel in China saves it', async () => {
    const file = iconv.encode('客户名称,所属行业,省份\r\n杭州阿里巴巴网络技术有限公司,互联网,浙江\r\n', 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow();
    const parsed = await parseImportFile(file);
    expect(parsed.encoding).toBe('gbk');
    expect(parsed.headers).toEqual(['客户名称', '所属行业', '省份']);
    expect(parsed.rows[0]).toEqual(['杭州阿里巴巴网络技术有限公司', '互联网', '浙江']);
  });

  it('reads tab-separated UTF-16 ("Unicode text")', async () => {
    const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('客户名称\t城市\n华为技术有限公司\t深圳\n', 'utf16le')]);
    const parsed = await parseImportFile(file);
    expect(parsed.encoding).toBe('utf-16le');
    expect(parsed.rows).toEqual([['华为技术有限公司', '深圳']]);
  });

  it('reads the first worksheet of an XLSX: numbers, dates, rich text and formula results as text', async () => {
    const file = await xlsx([
      ['客户名称', '员工人数', '成立日期', '备注', '合计'],
      [{ richText: [{ text: '腾讯' }, { text: '科技有限公司' }] }, 320, new Date(Date.UTC(2024, 0, 5)), '  要点  ', { formula: '1+1', result: 2 }],
      [],
      ['手机号', 13800138000, null, null, null],
    ]);
    const parsed = await parseImportFile(file);
    expect(parsed.encoding).toBe('xlsx');
    expect(parsed.headers).toEqual(['客户名称', '员工人数', '成立日期', '备注', '合计']);
    expect(parsed.rows[0]).toEqual(['腾讯科技有限公司', '320', '2024-01-05', '要点', '2']);
    expect(parsed.rows[1].slice(0, 2)).toEqual(['手机号', '13800138000']);
    expect(parsed.rowNumbers).toEqual([2, 4]);
  });

  it('removes the apostrophe our exports put before formula characters', async () => {
    const parsed = await parseImportFile(Buffer.from("备注\n'=1+1\n'普通\n"));
    expect(parsed.rows).toEqual([['=1+1'], ["'普通"]]);
  });

  it('refuses an empty, binary or legacy .xls file with IMPORT_FILE_INVALID', async () => {
    for (const file of [Buffer.alloc(0), Buffer.from([0, 1, 2, 3, 0, 0]), Buffer.from('d0cf11e0a1b11ae1000000', 'hex'), Buffer.from('\n\n,,\n')]) {
      await expect(parseImportFile(file)).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID' });
    }
  });

  it('refuses a broken XLSX (a zip that is not a workbook)', async () => {
    await expect(parseImportFile(Buffer.from('504b0304000000000000', 'hex'))).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID' });
  });

  it('keeps a UTF-8 file with one stray byte as UTF-8: only that row is unreadable, not every row re-read as GBK', async () => {
    const file = Buffer.concat([
      Buffer.from('Name,Company\r\n李贡献,北京乱码有限公司\r\n王芳,上海测试科技有限公司\r\n', 'utf8'),
      Buffer.from([0x4a, 0x6f, 0x73, 0xe9]), Buffer.from(',Acme\r\n', 'utf8'),
    ]);
    const parsed = await parseImportFile(file);
    expect(parsed.encoding).toBe('utf-8');
    expect(parsed.rows.slice(0, 2)).toEqual([['李贡献', '北京乱码有限公司'], ['王芳', '上海测试科技有限公司']]);
    expect(parsed.rows[2][0]).toBe(`Jos${UNREADABLE}`);
  });

  it('measures what an XLSX unpacks to without unpacking it, and refuses one too large to read', async () => {
    const book = await xlsx([['客户名称'], ...Array.from({ length: 2000 }, (_, i) => [`第${i}号测试有限公司`])]);
    expect(unpackedSize(book)).toBeGreaterThan(book.length);
    expect(unpackedSize(book)).toBeLessThan(MAX_XLSX_UNPACKED_BYTES);
    expect((await parseImportFile(book)).rows).toHaveLength(2000);
    // A zip whose one entry says it unpacks to 500 MB (a zip bomb states its size the same way).
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const local = Buffer.alloc(30); local.writeUInt32LE(0x04034b50, 0);
    const central = Buffer.alloc(46); central.writeUInt32LE(0x02014b50, 0); central.writeUInt32LE(500 * 2 ** 20, 24); central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22); end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(local.length, 16);
    const bomb = Buffer.concat([local, central, name, end]);
    expect(unpackedSize(bomb)).toBe(500 * 2 ** 20);
    await expect(parseImportFile(bomb)).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID', details: { reason: expect.stringContaining('500 MB') } });
  });

  it('passes over a title row, numbers a repeated header, and reads 0.1 + 0.2 as 0.3', async () => {
    const parsed = await parseImportFile(Buffer.from('2024 展会线索汇总,,\r\n姓名,电话,电话\r\n双列甲,010-66668888,13900007101\r\n'));
    expect(parsed.headers).toEqual(['姓名', '电话', '电话 (2)']);
    expect(parsed.rows).toEqual([['双列甲', '010-66668888', '13900007101']]);
    expect(parsed.rowNumbers).toEqual([3]);
    expect((await parseImportFile(await xlsx([['金额'], [0.1 + 0.2]]))).rows).toEqual([['0.3']]);
    const titled = await parseImportFile(Buffer.from('客户线索导出,,\r\n导出时间：2026-11-29,,\r\n\r\n姓名,手机,公司\r\n王磊,13812345678,\r\n'));
    expect(titled.headers).toEqual(['姓名', '手机', '公司']);
    expect(titled.rowNumbers).toEqual([5]);
  });

  it('reads the first visible sheet with a table, not a hidden list or a one-column instructions sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const lists = wb.addWorksheet('lists', { state: 'hidden' });
    lists.addRow(['行业', '省份']); lists.addRow(['制造业', '广东省']);
    const help = wb.addWorksheet('填写说明');
    help.addRow(['请按模板填写']); help.addRow(['手机必填']);
    const data = wb.addWorksheet('线索');
    data.addRow(['姓名', '手机']); data.addRow(['王磊', '13812345678']);
    const parsed = await parseImportFile(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.headers).toEqual(['姓名', '手机']);
    expect(parsed.rows).toEqual([['王磊', '13812345678']]);
  });

  it('reads the sheet the user names, with its header on the row the user names', async () => {
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet('华东');
    first.addRow(['姓名', '手机']); first.addRow(['王磊', '13812345678']);
    const second = wb.addWorksheet('华南 线索');
    second.addRow(['2024 展会', '深圳站']); second.addRow(['负责人：李娜', '日期：2024-05-01']); second.addRow(['姓名', '手机']); second.addRow(['陈静', '13912345678']);
    const book = Buffer.from(await wb.xlsx.writeBuffer());

    const auto = await parseImportFile(book);
    expect(auto).toMatchObject({ sheet: '华东', sheets: ['华东', '华南 线索'], headerRow: 1, rowCount: 2, headers: ['姓名', '手机'] });
    // Two-cell title lines are taken for the table: the user names the sheet and its header row instead.
    const guessed = await parseImportFile(book, { sheet: '华南 线索' });
    expect(guessed.headers).toEqual(['2024 展会', '深圳站']);
    const chosen = await parseImportFile(book, { sheet: '华南 线索', headerRow: 3 });
    expect(chosen).toMatchObject({ sheet: '华南 线索', headerRow: 3, rowCount: 4, headers: ['姓名', '手机'], rows: [['陈静', '13912345678']], rowNumbers: [4] });
    // Excel does not tell sheet names apart by case, nor does the choice.
    const en = new ExcelJS.Workbook();
    en.addWorksheet('Notes').addRow(['x']);
    en.addWorksheet('Leads').addRow(['Name', 'Mobile']);
    expect((await parseImportFile(Buffer.from(await en.xlsx.writeBuffer()), { sheet: ' leads ' })).sheet).toBe('Leads');
  });

  it('reads a CSV from the header row the user names, passing over the lines above it', async () => {
    const file = Buffer.from('导出人,张三\r\n导出时间,2026-11-29\r\n\r\n姓名,手机\r\n王磊,13812345678\r\n\r\n');
    expect((await parseImportFile(file)).headers).toEqual(['导出人', '张三']);
    const parsed = await parseImportFile(file, { headerRow: 4 });
    expect(parsed).toMatchObject({ headerRow: 4, rowCount: 5, headers: ['姓名', '手机'], rows: [['王磊', '13812345678']], rowNumbers: [5] });
    expect(parsed.sheet).toBeUndefined();
  });

  it('refuses a sheet the workbook does not have, naming the sheets it has', async () => {
    const book = await xlsx([['姓名', '手机']]);
    const err = await parseImportFile(book, { sheet: 'Sheet9' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'sheet', message: expect.stringContaining('「客户」') }] });
    expect((err as { details: { message: string }[] }).details[0].message).toContain('no sheet "Sheet9"; its sheets are "客户"');
    await expect(parseImportFile(Buffer.from('姓名,手机\n'), { sheet: '客户' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'sheet' }] });
  });

  it('refuses a header row beyond the end, saying how many rows there are, and an empty one', async () => {
    const file = Buffer.from('姓名,手机\r\n王磊,13812345678\r\n\r\n李娜,13912345678\r\n\r\n\r\n');
    const beyond = await parseImportFile(file, { headerRow: 9 }).catch((e: unknown) => e);
    expect(beyond).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'headerRow', message: expect.stringContaining('文件只有 4 行') }] });
    expect((beyond as { details: { message: string }[] }).details[0].message).toContain('the file has 4 rows');
    await expect(parseImportFile(file, { headerRow: 3 })).rejects.toMatchObject({ details: [{ path: 'headerRow', message: expect.stringContaining('第 3 行是空行') }] });
    await expect(parseImportFile(await xlsx([['姓名', '手机'], ['王磊', '138']]), { headerRow: 3 }))
      .rejects.toMatchObject({ details: [{ path: 'headerRow', message: expect.stringContaining('工作表「客户」只有 2 行') }] });
  });
});
