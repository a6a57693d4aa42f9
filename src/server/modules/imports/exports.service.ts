// Spreadsheet export: CSV with a UTF-8 BOM (Excel in China otherwise reads it as GBK) or XLSX, streamed, with
// every text cell that a spreadsheet would run as a formula defused (OWASP "CSV injection").
import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { DEFAULT_TIME_ZONE } from '../../../shared/schema-parts.js';
import { loadExcel } from './imports.parse.js';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportColumn {
  key: string;
  header: string;
  /** Turns the stored value into what a person reads (dictionary key → label, owner id → name). */
  format?: (value: unknown, row: Record<string, unknown>) => unknown;
}

export type ExportRows = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const FORMULA_START = /^[=+\-@\t\r]/;

/** "=HYPERLINK(…)" → "'=HYPERLINK(…)": shown as typed, never evaluated. */
export function escapeFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** 2026-11-29 08:30:00 in the workspace's time zone. */
function dateFormatIn(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f;
}

/** A cell as written: numbers stay numbers, times read in the workspace's zone, everything else becomes safe text. */
export function exportCell(v: unknown, timeZone = DEFAULT_TIME_ZONE): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : dateFormatIn(timeZone).format(v);
  if (Array.isArray(v)) return escapeFormula(v.map((x) => String(x)).join(', '));
  if (typeof v === 'object') return escapeFormula(JSON.stringify(v));
  return escapeFormula(String(v));
}

async function* cells(columns: ExportColumn[], rows: ExportRows, timeZone: string): AsyncGenerator<(string | number)[]> {
  for await (const row of rows) {
    yield columns.map((c) => exportCell(c.format ? c.format(row[c.key], row) : row[c.key], timeZone));
  }
}

/** Pages through a keyset list to the end, so exports see exactly what the list shows: same scope, same masking. */
export async function* allPages<T>(next: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await next(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export interface ExportFile { contentType: string; extension: ExportFormat; body: Readable }

/** Streams rows as CSV or XLSX; the header row uses each column's header, times read in `timeZone`. */
export function exportRows(format: ExportFormat, columns: ExportColumn[], rows: ExportRows, timeZone = DEFAULT_TIME_ZONE): ExportFile {
  const body = format === 'csv' ? csvStream(columns, rows, timeZone) : xlsxStream(columns, rows, timeZone);
  return { contentType: EXPORT_CONTENT_TYPES[format], extension: format, body };
}

function csvStream(columns: ExportColumn[], rows: ExportRows, timeZone: string): Readable {
  const out = stringify({ bom: true, record_delimiter: 'windows' });
  void (async () => {
    try {
      out.write(columns.map((c) => exportCell(c.header)));
      for await (const record of cells(columns, rows, timeZone)) {
        if (!out.write(record)) await once(out, 'drain');
      }
      out.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

function xlsxStream(columns: ExportColumn[], rows: ExportRows, timeZone: string): Readable {
  const out = new PassThrough();
  void (async () => {
    try {
      const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      const ws = wb.addWorksheet('Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = columns.map((c) => ({ key: c.key, width: Math.min(40, Math.max(10, c.header.length * 2 + 2)) }));
      const header = ws.addRow(columns.map((c) => exportCell(c.header)));
      header.font = { bold: true };
      header.commit();
      for await (const record of cells(columns, rows, timeZone)) ws.addRow(record).commit();
      ws.commit();
      await wb.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** The whole export in memory, for small files and tests. */
export async function exportRowsToBuffer(format: ExportFormat, columns: ExportColumn[], rows: ExportRows, timeZone?: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of exportRows(format, columns, rows, timeZone).body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
