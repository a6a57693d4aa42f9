// Durable background work. A job is a row: it survives a crash, is leased by one worker at a time, and keeps a
// checkpoint so a long run (rescoring a million leads) resumes where it stopped instead of starting over.
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, jsonb, primaryKey, uniqueIndex, index, check } from 'drizzle-orm/pg-core';

export const jobs = pgTable('jobs', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  /** At most one queued or running job per key: a recurring sweep or a rescore cannot be queued twice. */
  dedupeKey: text('dedupe_key'),
  status: text('status').notNull().default('queued'),
  runAt: timestamp('run_at', { withTimezone: true }).notNull(),
  /** A running job whose lease has passed belongs to a worker that died; another worker takes it over. */
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  checkpoint: jsonb('checkpoint').$type<Record<string, unknown>>(),
  progress: jsonb('progress').$type<{ done: number; total?: number }>(),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('jobs_dedupe_uq').on(t.tenantId, t.dedupeKey).where(sql`status in ('queued','running')`),
  index('jobs_due_idx').on(t.runAt).where(sql`status in ('queued','running')`),
  index('jobs_kind_idx').on(t.tenantId, t.kind, t.createdAt),
  check('jobs_status_ck', sql`status in ('queued','running','done','failed')`),
]);
