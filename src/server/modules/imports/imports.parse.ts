// Reads an uploaded spreadsheet into header + rows of strings. Excel in China saves CSV as GBK unless asked
// otherwise, so a CSV that is not valid UTF-8 is read as GB18030 (a superset of GBK).
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type ExcelJS from 'exceljs';
import { AppError } from '../../http/errors.js';

export type FileEncoding = 'utf-8' | 'gbk' | 'utf-16le' | 'xlsx';

export interface ParsedFile {
  encoding: FileEncoding;
  headers: string[];
  rows: string[][];
  /** The row number a user sees in Excel for each of `rows` (first line of the file or sheet = 1). */
  rowNumbers: number[];
  /** The row number of the header, as Excel shows it. */
  headerRow: number;
  /** How many rows the file or sheet has, to its last one with anything in it. */
  rowCount: number;
  /** XLSX: the worksheet read, and every worksheet of the workbook in its order. */
  sheet?: string;
  sheets?: string[];
}

/** What a user chose when the automatic choice was wrong; either may be left out. */
export interface ParseOptions {
  /** XLSX: the worksheet to read, by name; else the first visible sheet holding a table. */
  sheet?: string;
  /** The header's row number as Excel shows it (1-based); else the table's first row, title lines passed over. */
  headerRow?: number;
}

// exceljs takes most of a second to load; only XLSX files need it (import and export), so the server does not load it at start.
export const loadExcel = async () => (await import('exceljs')).default;

const invalid = (reason: string) => new AppError('IMPORT_FILE_INVALID', { reason });
const badChoice = (path: 'sheet' | 'headerRow', message: string) => new AppError('VALIDATION_FAILED', [{ path, message }]);

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Buffer) => b.length > 8 && b.readUInt32BE(0) === 0xd0cf11e0;

/** Parses CSV (UTF-8 with or without BOM, GBK, UTF-16 "Unicode text") or XLSX (the chosen or first table worksheet). */
export async function parseImportFile(buffer: Buffer, options: ParseOptions = {}): Promise<ParsedFile> {
  if (!buffer.length) throw invalid('文件是空的 / empty file');
  if (isZip(buffer)) return parseXlsx(buffer, options);
  if (isOle(buffer)) throw invalid('不支持旧版 .xls，请另存为 .xlsx 或 CSV / legacy .xls is not supported; save as .xlsx or CSV');
  if (options.sheet) throw badChoice('sheet', 'CSV 文件没有工作表，请不要指定工作表 / a CSV file has no worksheets; leave the sheet out');
  const { text, encoding } = decodeText(buffer);
  return parseCsvText(text, encoding, options.headerRow);
}

/** The character a decoder puts where bytes are not text in the encoding read; a row holding one is not imported. */
export const UNREADABLE = '\uFFFD';

/**
 * UTF-16 with its BOM, else UTF-8, else GB18030. A UTF-8 file with a few stray bytes (one row pasted from elsewhere)
 * stays UTF-8: its Chinese text decodes and only those bytes do not, where a GBK file decodes as UTF-8 to almost
 * nothing but unreadable characters. Re-reading such a file as GB18030 would garble every row instead of one.
 */
export function decodeText(buffer: Buffer): { text: string; encoding: FileEncoding } {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: buffer.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(buffer);
  let unreadable = 0;
  let readable = 0;
  for (const ch of text) {
    if (ch === UNREADABLE) unreadable++;
    else if (ch.charCodeAt(0) > 0x7f) readable++;
  }
  if (!unreadable || readable >= 10 * unreadable) return { text, encoding: 'utf-8' };
  return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gbk' };
}

/** What an XLSX may unpack to: its XML is read whole, and 100 MB (some 150,000 rows) already takes seconds. */
export const MAX_XLSX_UNPACKED_BYTES = 100 * 2 ** 20;

/**
 * The size a zip's entries unpack to, from its central directory (no unpacking); Infinity for a zip64 archive or a
 * directory that cannot be read, which no spreadsheet worth importing needs.
 */
export function unpackedSize(zip: Buffer): number {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) { end = i; break; }
  }
  if (end < 0) return Infinity;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) return Infinity;
    const size = zip.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

/** The delimiter the header line uses most: comma, tab (Excel "Unicode text") or semicolon (European Excel). */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(text.indexOf('\n'), 0) || 4096);
  const count = (d: string) => firstLine.split(d).length - 1;
  return [',', '\t', ';'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

export function parseCsvText(text: string, encoding: FileEncoding, headerRow?: number): ParsedFile {
  if (text.includes('\u0000')) throw invalid('不是表格文件 / binary content, not a spreadsheet');
  let records: string[][];
  try {
    // Empty lines are kept as records so row numbers match what Excel shows; they are dropped below.
    records = parseCsv(text, { relax_column_count: true, relax_quotes: true, trim: true, bom: true, delimiter: detectDelimiter(text) });
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : 'unreadable CSV');
  }
  return toParsed(records.map((r) => r.map(unescapeCell)), encoding, headerRow);
}

async function parseXlsx(buffer: Buffer, options: ParseOptions): Promise<ParsedFile> {
  const unpacked = unpackedSize(buffer);
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
    throw new AppError('IMPORT_FILE_INVALID', {
      reason: Number.isFinite(unpacked)
        ? `工作簿解压后约 ${Math.round(unpacked / 2 ** 20)} MB，超过导入能读的 ${MAX_XLSX_UNPACKED_BYTES / 2 ** 20} MB：请拆分文件，或另存为 CSV 导入 / the workbook unpacks to ${Math.round(unpacked / 2 ** 20)} MB, over the ${MAX_XLSX_UNPACKED_BYTES / 2 ** 20} MB an import reads; split it or save it as CSV`
        : '无法按普通 .xlsx 读取，请重新另存为 .xlsx 或 CSV / the workbook cannot be read as a plain .xlsx; save it again as .xlsx or CSV',
    });
  }
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buffer as never);
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : 'unreadable XLSX');
  }
  const sheets = wb.worksheets.map((w) => w.name);
  let ws: ExcelJS.Worksheet | undefined;
  if (options.sheet) {
    // Excel itself does not tell sheet names apart by case.
    const wanted = options.sheet.trim();
    ws = wb.worksheets.find((w) => w.name === wanted) ?? wb.worksheets.find((w) => w.name.toLowerCase() === wanted.toLowerCase());
    if (!ws) {
      throw badChoice('sheet', `工作簿里没有工作表「${wanted}」，现有：${sheets.map((n) => `「${n}」`).join('、')} / the workbook has no sheet "${wanted}"; its sheets are ${sheets.map((n) => `"${n}"`).join(', ')}`);
    }
  } else {
    // The first sheet a person sees with a table on it: templates often open with a hidden list or a 填写说明 sheet of
    // one column of instructions.
    const visible = wb.worksheets.filter((w) => w.state !== 'hidden' && w.state !== 'veryHidden');
    ws = visible.find((w) => w.actualRowCount >= 2 && w.actualColumnCount >= 2) ?? visible[0];
  }
  if (!ws) throw invalid('工作簿里没有工作表 / no worksheet');
  const records: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = cellText(cell.value); });
    records[rowNumber - 1] = Array.from(cells, (c) => unescapeCell((c ?? '').trim()));
  });
  const named = { zh: `工作表「${ws.name}」`, en: `sheet "${ws.name}"` };
  return { ...toParsed(Array.from(records, (r) => r ?? []), 'xlsx', options.headerRow, named), sheet: ws.name, sheets };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** exceljs reads dates as UTC instants of the wall-clock value typed in Excel. */
const dateText = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  // 15 significant digits, as Excel shows them: 0.1 + 0.2 reads 0.3, not 0.30000000000000004.
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : dateText(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue);
  if ('error' in v) return '';
  return String(v);
}

/** Our exports guard formulas with a leading apostrophe (OWASP); importing them back removes it. */
function unescapeCell(s: string): string {
  return s.length > 1 && s[0] === "'" && /[=+\-@\t\r]/.test(s[1]) ? s.slice(1) : s;
}

/**
 * The header row and the rows under it. Unless the user named the header row, titles above the table (one filled cell
 * each: 「2024 展会线索汇总」) are passed over; a header repeated in one file is numbered (电话, 电话 (2)) so each column
 * can be mapped on its own.
 */
function toParsed(records: string[][], encoding: FileEncoding, headerRow?: number, sheet?: { zh: string; en: string }): ParsedFile {
  const isEmpty = (r: string[]) => r.every((c) => c === '');
  const filled = (r: string[]) => r.filter((c) => c !== '').length;
  let rowCount = records.length;
  while (rowCount > 0 && isEmpty(records[rowCount - 1])) rowCount--;
  const firstIndex = records.findIndex((r) => !isEmpty(r));
  if (firstIndex < 0) throw invalid(sheet ? `${sheet.zh}是空的 / ${sheet.en} is empty` : '找不到表头行 / no header row');
  let headerIndex: number;
  if (headerRow !== undefined) {
    if (!Number.isInteger(headerRow) || headerRow < 1) throw badChoice('headerRow', '表头行应为从 1 开始的行号 / the header row is a row number, counted from 1');
    if (headerRow > rowCount) {
      throw badChoice('headerRow', `表头行 ${headerRow} 超出了范围：${sheet?.zh ?? '文件'}只有 ${rowCount} 行 / header row ${headerRow} is beyond the end: ${sheet?.en ?? 'the file'} has ${rowCount} rows`);
    }
    headerIndex = headerRow - 1;
    if (isEmpty(records[headerIndex])) throw badChoice('headerRow', `第 ${headerRow} 行是空行，不能作表头 / row ${headerRow} is empty and cannot be the header`);
  } else {
    // Title lines (one filled cell each: a title, 导出时间：…) above the first row of several cells are passed over.
    const tableIndex = records.findIndex((r) => filled(r) >= 2);
    headerIndex = tableIndex > firstIndex && records.slice(firstIndex, tableIndex).every((r) => filled(r) <= 1) ? tableIndex : firstIndex;
  }
  const seen = new Map<string, number>();
  const headers = records[headerIndex].map((h) => {
    const name = h.replace(/^\uFEFF/, '').trim();
    if (!name) return name;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const r = records[i];
    if (isEmpty(r)) continue;
    rows.push(r);
    rowNumbers.push(i + 1);
  }
  return { encoding, headers, rows, rowNumbers, headerRow: headerIndex + 1, rowCount };
}
