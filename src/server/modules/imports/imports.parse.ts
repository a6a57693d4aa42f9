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
  /** The row number a user sees in Excel for each of `rows` (header row = 1). */
  rowNumbers: number[];
}

// exceljs takes most of a second to load; only XLSX files need it (import and export), so the server does not load it at start.
export const loadExcel = async () => (await import('exceljs')).default;

const invalid = (reason: string) => new AppError('IMPORT_FILE_INVALID', { reason });

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Buffer) => b.length > 8 && b.readUInt32BE(0) === 0xd0cf11e0;

/** Parses CSV (UTF-8 with or without BOM, GBK, UTF-16 "Unicode text") or XLSX (first worksheet). */
export async function parseImportFile(buffer: Buffer): Promise<ParsedFile> {
  if (!buffer.length) throw invalid('empty file');
  if (isZip(buffer)) return parseXlsx(buffer);
  if (isOle(buffer)) throw invalid('legacy .xls is not supported; save as .xlsx or CSV');
  const { text, encoding } = decodeText(buffer);
  return parseCsvText(text, encoding);
}

export function decodeText(buffer: Buffer): { text: string; encoding: FileEncoding } {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: buffer.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gbk' };
  }
}

/** The delimiter the header line uses most: comma, tab (Excel "Unicode text") or semicolon (European Excel). */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(text.indexOf('\n'), 0) || 4096);
  const count = (d: string) => firstLine.split(d).length - 1;
  return [',', '\t', ';'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

export function parseCsvText(text: string, encoding: FileEncoding): ParsedFile {
  if (text.includes('\u0000')) throw invalid('binary content');
  let records: string[][];
  try {
    // Empty lines are kept as records so row numbers match what Excel shows; they are dropped below.
    records = parseCsv(text, { relax_column_count: true, relax_quotes: true, trim: true, bom: true, delimiter: detectDelimiter(text) });
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : 'unreadable CSV');
  }
  return toParsed(records.map((r) => r.map(unescapeCell)), encoding);
}

async function parseXlsx(buffer: Buffer): Promise<ParsedFile> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buffer as never);
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : 'unreadable XLSX');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw invalid('no worksheet');
  const records: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = cellText(cell.value); });
    records[rowNumber - 1] = Array.from(cells, (c) => unescapeCell((c ?? '').trim()));
  });
  return toParsed(Array.from(records, (r) => r ?? []), 'xlsx');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** exceljs reads dates as UTC instants of the wall-clock value typed in Excel. */
const dateText = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
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

function toParsed(records: string[][], encoding: FileEncoding): ParsedFile {
  const isEmpty = (r: string[]) => r.every((c) => c === '');
  const headerIndex = records.findIndex((r) => !isEmpty(r));
  if (headerIndex < 0) throw invalid('no header row');
  const headers = records[headerIndex].map((h) => h.replace(/^\uFEFF/, '').trim());
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const r = records[i];
    if (isEmpty(r)) continue;
    rows.push(r);
    rowNumbers.push(i + 1);
  }
  return { encoding, headers, rows, rowNumbers };
}
