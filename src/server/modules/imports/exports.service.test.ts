import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { escapeFormula, exportRowsToBuffer } from './exports.service.js';

const columns = [{ key: 'name', header: '客户名称' }, { key: 'revenue', header: '年营业额' }, { key: 'tags', header: '标签' }];
const rows = [
  { name: '=HYPERLINK("http://evil","点我")', revenue: 1200, tags: ['重点', '+1'] },
  { name: '@SUM(A1)', revenue: -5, tags: [] },
  { name: '-2+3', revenue: null, tags: ['a'] },
  { name: '\tTAB', revenue: 0, tags: ['b'] },
  { name: '普通客户 = 安全', revenue: 1.5, tags: ['c'] },
];

describe('formula injection', () => {
  it('prefixes = + - @ tab and CR with an apostrophe and leaves other text alone', () => {
    expect(['=1+1', '+1', '-1', '@x', '\tx', '\rx', 'a=b', '客户'].map(escapeFormula))
      .toEqual(["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", 'a=b', '客户']);
  });

  it('writes CSV with a UTF-8 BOM, defused text and plain numbers', async () => {
    const buf = await exportRowsToBuffer('csv', columns, rows);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(buf.toString('utf8'), { bom: true }) as string[][];
    expect(records[0]).toEqual(['客户名称', '年营业额', '标签']);
    expect(records[1]).toEqual(['\'=HYPERLINK("http://evil","点我")', '1200', '重点, +1']);
    expect(records[2]).toEqual(["'@SUM(A1)", '-5', '']);
    expect(records[3][0]).toBe("'-2+3");
    expect(records[4][0]).toBe("'\tTAB");
    expect(records[5][0]).toBe('普通客户 = 安全');
  });

  it('writes XLSX with text cells that are never formulas and numbers that stay numbers', async () => {
    const buf = await exportRowsToBuffer('xlsx', columns, (async function* () { yield* rows; })());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '客户名称', '年营业额', '标签']);
    expect(ws.getCell('A2').value).toBe('\'=HYPERLINK("http://evil","点我")');
    expect(ws.getCell('A2').formula).toBeUndefined();
    expect(ws.getCell('B2').value).toBe(1200);
    expect(ws.getCell('B3').value).toBe(-5);
    expect(ws.getCell('A3').value).toBe("'@SUM(A1)");
  });
});
