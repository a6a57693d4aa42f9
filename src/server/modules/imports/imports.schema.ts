import { pgTable, uuid, text, timestamp, integer, jsonb, primaryKey } from 'drizzle-orm/pg-core';

export interface ImportRowError { row: number; field?: string; code: string; message: string }
/** What happened to a row that was imported, where it is worth saying: merged into which lead, a value left blank. */
export type ImportRowNote = ImportRowError;
/** A refused row's cells as the file had them, so the error report hands the row back to be fixed and imported again. */
export interface ImportRefusedRow { row: number; cells: string[] }

/**
 * One import run: its progress and per-row error report survive a restart. status: pending, running, completed,
 * failed (the database went away), interrupted (the process stopped mid-run; what was written stays).
 */
export const importRuns = pgTable('import_runs', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  entity: text('entity').notNull(),
  fileName: text('file_name').notNull(),
  status: text('status').notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  errors: jsonb('errors').$type<ImportRowError[]>().notNull().default([]),
  notes: jsonb('notes').$type<ImportRowNote[]>().notNull().default([]),
  mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
  /** The file's header row as read (a repeated header numbered), the column names of the refused rows' cells. */
  headers: jsonb('headers').$type<string[]>().notNull().default([]),
  /** The refused rows of the stored errors (so as capped as they are), each with its cells. */
  refusedRows: jsonb('refused_rows').$type<ImportRefusedRow[]>().notNull().default([]),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** Written with every batch: a pending or running run not heard of for a while was cut off (the process died). */
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.id] })]);
