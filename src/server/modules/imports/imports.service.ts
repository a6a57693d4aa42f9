// Import runs: preview a file, start a run (in the background for the web, awaited by the CLI), report
// progress and per-row errors. Each batch commits on its own, so progress survives and a failure is local.
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { can, requirePermission, type Actor } from '../identity/index.js';
import { listCustomFieldDefs } from '../custom-fields/index.js';
import type { ImportRefusedRow, ImportRowError, ImportRowNote } from './imports.schema.js';
import { parseImportFile, UNREADABLE, type ParsedFile, type ParseOptions } from './imports.parse.js';
import { importFieldsOf, importPermissionOf, listImportFields, type ImportEntity } from './imports.fields.js';
import { planColumns, readRow, suggestMapping, type ImportMapping } from './imports.mapping.js';
import { ownerDirectory, prepareRow, type PreparedRow } from './imports.rows.js';
import { writeAccountBatch, writeContactBatch, type WriteContext } from './imports.write.js';
import { prepareLeadRow } from './imports.lead-rows.js';
import { writeLeadBatch } from './imports.lead-write.js';
import * as repo from './imports.repository.js';
import { newId } from '../../db/ids.js';
import { recordAudit } from '../audit/index.js';
import { buildErrorReport } from './imports.error-report.js';

export const BATCH_SIZE = 1000;
/** A run that wrote this many rows refreshes the table's planner statistics when it ends. */
const ANALYZE_AFTER = 5_000;
const PREPARE_SLICE = 100;
/** Stored per run; the counts stay exact beyond it. */
export const MAX_STORED_ERRORS = 1000;
/**
 * A pending or running run that has written nothing for this long was cut off: a batch commits within seconds, and
 * the run records each one. It is then shown as interrupted, with what it wrote kept.
 */
export const STALE_RUN_MS = 2 * 60_000;

/** errorsCapped / notesCapped: the run stored its first MAX_STORED_ERRORS of each and counted the rows. */
export type ImportRunView = Omit<repo.ImportRun, 'tenantId'> & { errorsCapped: boolean; notesCapped: boolean };
export interface ImportFileInput extends ParseOptions { entity: ImportEntity; fileName: string; buffer: Buffer; mapping?: ImportMapping }
export interface RunOptions { batchSize?: number; onProgress?: (run: ImportRunView) => void }

const UNREADABLE_MESSAGE = '本行有无法识别的字符（与文件其余部分的编码不同），未导入：请改正后把文件另存为 UTF-8 再导入这一行 / this row holds characters that cannot be read (another encoding than the rest of the file) and was not imported: fix it, save the file as UTF-8 and import the row again';

// The refused rows' cells stay out of the run as polled: only the error report reads them.
const present = ({ tenantId: _t, refusedRows: _r, ...run }: repo.ImportRun & { refusedRows?: unknown }): ImportRunView =>
  ({ ...run, errorsCapped: run.errors.length >= MAX_STORED_ERRORS, notesCapped: run.notes.length >= MAX_STORED_ERRORS });

const isStale = (run: { status: string; updatedAt: Date }, now: Date) =>
  (run.status === 'pending' || run.status === 'running') && now.getTime() - run.updatedAt.getTime() > STALE_RUN_MS;

/** Marks a run that stopped hearing from its process as interrupted (once: a run that wrote again in between is left). */
async function settleStale<T extends { id: string; status: string; updatedAt: Date; finishedAt: Date | null }>(deps: AppDeps, tenantId: string, run: T): Promise<T> {
  const now = deps.clock.now();
  if (!isStale(run, now)) return run;
  const patch = { status: 'interrupted', finishedAt: now };
  return (await repo.markInterrupted(deps.db, tenantId, run.id, new Date(now.getTime() - STALE_RUN_MS), patch)) ? { ...run, ...patch } : run;
}

/**
 * Reads a file and proposes how its columns map to fields, with the first rows to show beside it, and says which sheet
 * and header row were read so the user can choose others.
 */
export async function previewImport(deps: AppDeps, actor: Actor, entity: ImportEntity, file: Buffer, options: ParseOptions = {}) {
  requirePermission(actor, importPermissionOf(entity));
  const parsed = await parseImportFile(file, options);
  const defs = await customFieldsOf(deps, actor.tenantId, entity);
  return {
    encoding: parsed.encoding,
    sheet: parsed.sheet ?? null,
    sheets: parsed.sheets ?? [],
    headerRow: parsed.headerRow,
    rowCount: parsed.rowCount,
    headers: parsed.headers,
    mapping: suggestMapping(entity, parsed.headers, defs),
    fields: listImportFields(entity, defs),
    sampleRows: parsed.rows.slice(0, 5),
    totalRows: parsed.rows.length,
  };
}

/** Leads take no custom fields on capture, so an import offers none. */
const customFieldsOf = (deps: AppDeps, tenantId: string, entity: ImportEntity) =>
  (entity === 'lead' ? Promise.resolve([]) : listCustomFieldDefs(deps.db, tenantId, entity));

const REQUIRED_COLUMNS: Record<ImportEntity, [key: string, zh: string, en: string][]> = {
  account: [['name', '客户名称', 'account name']],
  contact: [['accountName', '所属客户', 'account'], ['name', '姓名', 'name']],
  lead: [['name', '姓名', 'name']],
};

function checkMapping(entity: ImportEntity, headers: string[], mapping: ImportMapping, customKeys: Set<string>) {
  const known = new Set(importFieldsOf(entity).map((f) => f.key));
  const issues: { path: string; message: string }[] = [];
  for (const [header, field] of Object.entries(mapping)) {
    if (field && !known.has(field) && !(field.startsWith('custom.') && customKeys.has(field.slice(7)))) {
      issues.push({ path: `mapping.${header}`, message: `未知字段「${field}」 / unknown field "${field}"` });
    }
  }
  const mapped = new Set(Object.entries(mapping).filter(([h, f]) => f && headers.includes(h)).map(([, f]) => f));
  for (const [key, zh, en] of REQUIRED_COLUMNS[entity]) {
    const ok = mapped.has(key) || (key === 'name' && entity !== 'account' && (mapped.has('firstName') || mapped.has('lastName')));
    if (!ok) issues.push({ path: 'mapping', message: `请为「${zh}」选择一列 / map a column to ${en}` });
  }
  if (entity === 'lead' && !['mobile', 'email', 'wechat'].some((f) => mapped.has(f))) {
    issues.push({ path: 'mapping', message: '请为「手机」「邮箱」或「微信」选择一列 / map a column to the mobile, email or WeChat id' });
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', issues);
}

async function createRun(deps: AppDeps, actor: Actor, input: ImportFileInput) {
  requirePermission(actor, importPermissionOf(input.entity));
  const parsed = await parseImportFile(input.buffer, { sheet: input.sheet, headerRow: input.headerRow });
  const defs = await customFieldsOf(deps, actor.tenantId, input.entity);
  const mapping = input.mapping ?? suggestMapping(input.entity, parsed.headers, defs);
  checkMapping(input.entity, parsed.headers, mapping, new Set(defs.map((d) => d.key)));
  const now = deps.clock.now();
  const run = await repo.insertRun(deps.db, {
    tenantId: actor.tenantId, id: newId(), entity: input.entity, fileName: input.fileName.slice(0, 255), status: 'pending',
    total: parsed.rows.length, mapping, headers: parsed.headers, createdBy: actor.kind === 'system' ? null : actor.userId, createdAt: now, updatedAt: now,
  });
  await recordAudit(deps.db, actor, { entity: 'import_run', entityId: run.id, action: 'create', after: { entity: run.entity, fileName: run.fileName, total: run.total } }, now);
  return { run, parsed, mapping };
}

const inflight = new Set<Promise<unknown>>();

/** Checks the file and mapping, records a pending run and imports it in the background; returns the run at once. */
export async function startImport(deps: AppDeps, actor: Actor, input: ImportFileInput): Promise<ImportRunView> {
  const { run, parsed, mapping } = await createRun(deps, actor, input);
  const job = processRun(deps, actor, run, parsed, mapping, {});
  inflight.add(job);
  void job.finally(() => inflight.delete(job));
  return present(run);
}

/** Imports a file to the end (the CLI, tests); returns the finished run. */
export async function runImport(deps: AppDeps, actor: Actor, input: ImportFileInput, opts: RunOptions = {}): Promise<ImportRunView> {
  const { run, parsed, mapping } = await createRun(deps, actor, input);
  return processRun(deps, actor, run, parsed, mapping, opts);
}

/** Resolves when every background import of this process has finished (graceful shutdown, tests). */
export async function drainImports(): Promise<void> {
  while (inflight.size) await Promise.allSettled([...inflight]);
}

const ENTITIES: ImportEntity[] = ['account', 'contact', 'lead'];

/** The entities whose imports the actor may run and see; FORBIDDEN when none. */
function importableEntities(actor: Actor): ImportEntity[] {
  const allowed = ENTITIES.filter((e) => can(actor, importPermissionOf(e)));
  // Any one of the import permissions opens the list; the refusal names them all.
  if (!allowed.length) throw new AppError('FORBIDDEN', { permission: ENTITIES.map(importPermissionOf).filter((p, i, all) => all.indexOf(p) === i) });
  return allowed;
}

export async function getImport(deps: AppDeps, actor: Actor, id: string): Promise<ImportRunView> {
  const allowed = importableEntities(actor);
  const run = await repo.getRun(deps.db, actor.tenantId, id);
  // A run of an entity the actor may not import is as invisible as another workspace's.
  if (!run || !allowed.includes(run.entity as ImportEntity)) throw new AppError('NOT_FOUND');
  return present(await settleStale(deps, actor.tenantId, run));
}

/** The run's error report: each refused row as the file had it, with why, to be fixed and imported again. */
export async function getImportErrorReport(deps: AppDeps, actor: Actor, id: string) {
  const run = await getImport(deps, actor, id);
  return { run, ...buildErrorReport(run, await repo.getRefusedRows(deps.db, actor.tenantId, id)) };
}

/** Newest runs first, of the entities the actor may import. */
export async function listImports(deps: AppDeps, actor: Actor, limit = 50) {
  const runs = await repo.listRuns(deps.db, actor.tenantId, limit, importableEntities(actor));
  return Promise.all(runs.map(async (r) => { const { tenantId: _t, ...run } = await settleStale(deps, actor.tenantId, r); return run; }));
}

/** The index in `rows` of the row Excel numbers `row`; row numbers ascend, so a binary search finds it. */
function indexOfRow(rowNumbers: number[], row: number): number {
  let lo = 0;
  let hi = rowNumbers.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rowNumbers[mid] === row) return mid;
    if (rowNumbers[mid] < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The innermost message of a driver error; Drizzle's own wraps the whole statement and its parameters. */
function rootMessage(err: unknown): string {
  let e: unknown = err;
  while (e && typeof e === 'object' && (e as { cause?: unknown }).cause) e = (e as { cause?: unknown }).cause;
  return (e instanceof Error ? e.message : String(e)).slice(0, 200);
}

async function isDatabaseUp(deps: AppDeps): Promise<boolean> {
  try {
    await repo.getRun(deps.db, '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000');
    return true;
  } catch {
    return false;
  }
}

async function processRun(
  deps: AppDeps, actor: Actor, run: repo.ImportRun, parsed: ParsedFile, mapping: ImportMapping, opts: RunOptions,
): Promise<ImportRunView> {
  const { tenantId, id } = run;
  const state = { processed: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
  const errors: ImportRowError[] = [];
  const notes: ImportRowNote[] = [];
  // The cells of each row with a stored error, so the report can hand the row back; capped with the errors.
  const refusedRows: ImportRefusedRow[] = [];
  const kept = new Set<number>();
  const keepRefusedRows = (stored: ImportRowError[]) => {
    for (const e of stored) {
      if (kept.has(e.row)) continue;
      kept.add(e.row);
      const i = indexOfRow(parsed.rowNumbers, e.row);
      if (i >= 0) refusedRows.push({ row: e.row, cells: parsed.rows[i].slice(0, parsed.headers.length) });
    }
  };
  const finish = async (status: 'completed' | 'failed') => {
    const now = deps.clock.now();
    const patch = { ...state, errors, notes, refusedRows, status, finishedAt: now, updatedAt: now };
    await repo.updateRun(deps.db, tenantId, id, patch);
    await recordAudit(deps.db, actor, { entity: 'import_run', entityId: id, action: status === 'completed' ? 'complete' : 'fail', after: { ...state } }, now);
    return present({ ...run, ...patch });
  };
  try {
    await repo.updateRun(deps.db, tenantId, id, { status: 'running', updatedAt: deps.clock.now() });
    const entity = run.entity as ImportEntity;
    const defs = await customFieldsOf(deps, tenantId, entity);
    const owners = ownerDirectory(await repo.listActiveUsers(deps.db, tenantId));
    const columns = planColumns(parsed.headers, mapping);
    const isPerson = actor.kind !== 'system';
    const ctx: WriteContext = { actor, defs, defaultOwnerId: isPerson ? actor.userId : null, createdBy: isPerson ? actor.userId : null };
    const write = { account: writeAccountBatch, contact: writeContactBatch, lead: writeLeadBatch }[entity];
    const size = Math.max(1, opts.batchSize ?? BATCH_SIZE);
    const table = ({ account: 'accounts', contact: 'contacts', lead: 'leads' } as const)[entity];
    let written = 0;

    // Rows are checked a slice at a time, yielding between slices, so on PostgreSQL the next batch is checked
    // while the database writes the current one.
    const prepare = async (from: number, to: number) => {
      const valid: PreparedRow[] = [];
      const errs: ImportRowError[] = [];
      for (let i = from; i < to; i++) {
        if ((i - from) % PREPARE_SLICE === PREPARE_SLICE - 1) await new Promise((r) => setImmediate(r));
        if (parsed.rows[i].some((cell) => cell.includes(UNREADABLE))) {
          errs.push({ row: parsed.rowNumbers[i], code: 'UNREADABLE_TEXT', message: UNREADABLE_MESSAGE });
          continue;
        }
        const raw = readRow(columns, parsed.rows[i]);
        const r = entity === 'lead' ? prepareLeadRow(parsed.rowNumbers[i], raw) : prepareRow({ entity, defs, owners }, parsed.rowNumbers[i], raw);
        if (r.ok) valid.push(r.value);
        else errs.push(...r.errors);
      }
      return { valid, errors: errs, end: to };
    };
    const total = parsed.rows.length;
    let next: ReturnType<typeof prepare> | undefined = total ? prepare(0, Math.min(size, total)) : undefined;
    while (next) {
      const { valid, errors: batchErrors, end } = await next;
      const writing = valid.length ? write(deps, ctx, valid).then((out) => ({ out }), (err: unknown) => ({ err })) : undefined;
      next = end < total ? prepare(end, Math.min(end + size, total)) : undefined;
      let dbUp = true;
      let notesGrew = false;
      const result = await writing;
      if (result && 'out' in result) {
        const { out } = result;
        written += out.created + out.updated;
        state.created += out.created;
        state.updated += out.updated;
        state.skipped += out.skipped;
        batchErrors.push(...out.errors);
        const batchNotes = [...(out.notes ?? [])].sort((a, b) => a.row - b.row).slice(0, Math.max(0, MAX_STORED_ERRORS - notes.length));
        notes.push(...batchNotes);
        notesGrew = batchNotes.length > 0;
      } else if (result) {
        const reason = rootMessage(result.err);
        for (const r of valid) {
          batchErrors.push({ row: r.row, code: 'BATCH_FAILED', message: `本批数据写入失败，本批均未导入 / this batch could not be written and none of it was imported: ${reason}` });
        }
        dbUp = await isDatabaseUp(deps);
      }
      state.failed += new Set(batchErrors.map((e) => e.row)).size;
      state.processed = end;
      batchErrors.sort((a, b) => a.row - b.row);
      const stored = batchErrors.slice(0, MAX_STORED_ERRORS - errors.length);
      errors.push(...stored);
      keepRefusedRows(stored);
      if (!dbUp) return await finish('failed');
      // The lists are written only when they grew: a long run does not rewrite a thousand entries every batch.
      await repo.updateRun(deps.db, tenantId, id, {
        ...state, ...(stored.length ? { errors, refusedRows } : {}), ...(notesGrew ? { notes } : {}), status: 'running', updatedAt: deps.clock.now(),
      });
      opts.onProgress?.(present({ ...run, ...state, errors, notes, status: 'running' }));
    }
    if (written >= ANALYZE_AFTER) await repo.analyzeTable(deps.db, table);
    return await finish('completed');
  } catch {
    // The database went away between batches: what was committed stays, and the run says it stopped.
    try { return await finish('failed'); } catch { return present({ ...run, ...state, errors, status: 'failed' }); }
  }
}
