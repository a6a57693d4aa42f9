// The error report (errors.csv): each refused row as the file had it, under the file's own headers, after its row
// number and why it was refused. The user fixes the values in the report and imports the report with the same mapping.
import type { ExportColumn } from './exports.service.js';
import { importFieldsOf, type ImportEntity } from './imports.fields.js';
import type { ImportRefusedRow, ImportRowError } from './imports.schema.js';

/** Named so that no field's alias matches them: importing the report again maps the file's own columns only. */
export const REPORT_ROW_HEADER = '原行号 Source row';
export const REPORT_ERRORS_HEADER = '未导入原因 Why not imported';
/** Between several errors of one row, in one cell. */
const SEPARATOR = ' | ';

interface ReportRun { entity: string; failed: number; errors: ImportRowError[]; errorsCapped: boolean; mapping: Record<string, string> }
interface StoredCells { headers: string[]; refusedRows: ImportRefusedRow[] }

/** The report's columns and rows; a capped error list ends with a line that says so. */
export function buildErrorReport(run: ReportRun, stored: StoredCells): { columns: ExportColumn[]; rows: Record<string, unknown>[] } {
  // A report imported again brings the two columns of the report before it: this report's own replace them.
  const kept = stored.headers.map((header, index) => ({ header, index, key: `c${index}` }))
    .filter(({ header }) => header !== REPORT_ROW_HEADER && header !== REPORT_ERRORS_HEADER);
  const columns: ExportColumn[] = [
    { key: 'row', header: REPORT_ROW_HEADER }, { key: 'errors', header: REPORT_ERRORS_HEADER }, ...kept.map(({ key, header }) => ({ key, header })),
  ];
  const cellsByRow = new Map(stored.refusedRows.map((r) => [r.row, r.cells]));
  const describe = errorText(run);

  const messagesByRow = new Map<number, string[]>();
  for (const e of run.errors) messagesByRow.set(e.row, [...(messagesByRow.get(e.row) ?? []), describe(e)]);
  const rows: Record<string, unknown>[] = [...messagesByRow].map(([row, messages]) => {
    const cells = cellsByRow.get(row) ?? [];
    return { row, errors: messages.join(SEPARATOR), ...Object.fromEntries(kept.map(({ key, index }) => [key, cells[index] ?? ''])) };
  });
  // A capped report says so on its last line rather than looking complete.
  if (run.errorsCapped) {
    rows.push({
      errors: `只列出了前 ${rows.length} 行；共 ${run.failed} 行未导入，其余的请在原文件中查找。再次导入本文件前请删除这一行 / only the first ${rows.length} rows are listed; ${run.failed} rows were not imported, find the others in the original file. Delete this line before importing this file again`,
    });
  }
  return { columns, rows };
}

/** An error as one line that names its column: the file's header mapped to the field, else the field's name. */
function errorText(run: ReportRun) {
  const headerOf = new Map<string, string>();
  for (const [header, field] of Object.entries(run.mapping)) if (field && !headerOf.has(field)) headerOf.set(field, header);
  const labels = new Map((importFieldsOf(run.entity as ImportEntity) ?? []).map((f) => [f.key, f.label]));
  return (e: ImportRowError) => {
    if (!e.field) return e.message;
    // Some messages start with their field's key ("accountName: 找不到客户…"): the column's name replaces it.
    const message = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
    return `${headerOf.get(e.field) ?? labels.get(e.field) ?? e.field}: ${message}`;
  };
}
