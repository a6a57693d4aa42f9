// The recycle sweep (回收): every hour, owned leads whose recycle check is due are kept, warned or sent back to their
// pool by the pool's rules (leads.recycle.ts). Set-based per batch — one read, a few multi-row statements, one
// commit with the checkpoint — so a million due leads cost about two thousand round trips, and a crash mid-run resumes
// without recycling anything twice.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { dateFromEpochMs, epochMs, equalsAny, jsonRecordset, queryBulkRows, queryRows } from '../../db/client.js';
import { runBatchesInOrder } from '../../jobs/batches.js';
import { defineRecurringJob, type JobContext } from '../../jobs/runner.js';
import { recordAudit } from '../audit/index.js';
import { systemActor } from '../identity/index.js';
import { notifyMany, type NotificationInput } from '../notifications/index.js';
import { assignmentFields, ownershipRow, settleOwnerNotices } from './assignment.js';
import { DEFAULT_RECYCLE_RULES, recycleDecision, type RecycleRules } from './leads.recycle.js';
import { OPEN_LEAD_STATUSES, type LeadStatus } from './leads.schema.js';
import { DAY_MS, HOUR_MS, leadLabel, sentenceCase, type Bilingual, type Tier } from './leads.text.js';
import { pools } from './lead-rules.schema.js';
import { loadLeadSettings, type LeadSettings } from './routing.service.js';

export const RECYCLE_JOB = 'leads.recycle';
/**
 * Leads per batch, by database. PostgreSQL runs two batches at once, and at 1M due leads 2,500 took 25 s where 1,000
 * took 28 s. PGlite runs one at a time and pays for each batch's round of statements and commit in its single
 * thread: the same million took 63–71 s at 2,500, 54–55 s at 10,000 and 48 s at 25,000 (every lead due, a copy of the
 * benchmark's data). A batch holds PGlite's one connection while it runs, so requests wait on it: 10,000 keeps that
 * near half a second.
 */
export function recycleBatchSize(deps: Pick<AppDeps, 'database'>): number {
  return deps.database?.kind === 'postgres' ? 2500 : 10_000;
}

export interface RecycleOptions {
  batchSize?: number;
  /** Test hook: runs after a batch is read and planned, before its transaction (to stage a concurrent change). */
  onBatchRead?: (batch: number, ids: string[]) => Promise<void> | void;
  /** Test hook: runs inside each batch's transaction after its writes, before the checkpoint and commit. */
  onBatchWritten?: (batch: number) => Promise<void> | void;
}

export interface RecycleCheckpoint {
  /** Leads due at or before this instant belong to this run; fixed at its start so a resumed run covers the same set. */
  cutoff: string;
  /** Keyset (check_at as the database prints it, lead id) of the last lead handled. */
  after: [string, string] | null;
  checked: number;
  recycled: number;
  warned: number;
}

interface DueRow {
  id: string; ownerId: string | null; homePoolId: string | null; tier: string; status: LeadStatus; isLocked: boolean; isDeleted: boolean;
  /** An SQL handed over and not yet accepted or rejected. */
  awaitsSales: boolean;
  /** Epoch milliseconds (see epochMs); assignedAt falls back to the lead's creation. */
  warnedAt: number | null; assignedAt: number; lastFollowUpAt: number | null; firstTouchedAt: number | null;
  /** The check time as the database prints it (to the microsecond), for the guarded writes and the keyset. */
  checkAt: string;
  /** The lead row's xmin: any write to the lead since the read changes it, so a recycle can be guarded on it alone. */
  leadXmin: string;
}
type DueLead = ReturnType<typeof toDueLead>;
interface PoolRules { id: string; name: string; rules: RecycleRules }

// Built property by property (a spread of the row costs more than the rest of the planning at a million leads).
function toDueLead(r: DueRow) {
  return {
    id: r.id, ownerId: r.ownerId, homePoolId: r.homePoolId, tier: r.tier, status: r.status, isLocked: r.isLocked, isDeleted: r.isDeleted,
    awaitsSales: r.awaitsSales, checkAt: r.checkAt, leadXmin: r.leadXmin, recycleWarnedAt: dateFromEpochMs(r.warnedAt),
    assignedAt: dateFromEpochMs(r.assignedAt), lastFollowUpAt: dateFromEpochMs(r.lastFollowUpAt), firstTouchedAt: dateFromEpochMs(r.firstTouchedAt),
  };
}

/**
 * Due leads in (check_at, lead id) order, the order of lead_recycle_checks_due_idx: each batch starts where the last one
 * stopped, and handled leads leave the due range, so no batch rescans what came before. Read with queryBulkRows: a
 * worst-case pass reads every lead there is, so only what the decision needs is read (names are read for the notices).
 */
async function readDueBatch(db: Queryable, tenantId: string, cutoff: string, after: [string, string] | null, size: number) {
  const rows = await queryBulkRows<DueRow>(db, sql`
    select l.id, l.owner_id as "ownerId", l.home_pool_id as "homePoolId", l.tier, l.status, l.is_locked as "isLocked",
      l.deleted_at is not null as "isDeleted", l.status = 'sql' and l.accepted_at is null as "awaitsSales", ${epochMs(sql`c.warned_at`)} as "warnedAt",
      ${epochMs(sql`coalesce(l.assigned_at, l.created_at)`)} as "assignedAt", ${epochMs(sql`l.last_follow_up_at`)} as "lastFollowUpAt",
      ${epochMs(sql`l.first_touched_at`)} as "firstTouchedAt", c.check_at::text as "checkAt", l.xmin::text as "leadXmin"
    from lead_recycle_checks c join leads l on l.tenant_id = c.tenant_id and l.id = c.lead_id
    where c.tenant_id = ${tenantId} and c.check_at <= ${cutoff}::timestamptz
      ${after ? sql`and (c.check_at, c.lead_id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by c.check_at, c.lead_id
    limit ${size}`, sql`q."checkAt"::timestamptz, q.id`);
  return rows.map(toDueLead);
}

interface DueBatch { number: number; size: number; after: [string, string]; now: Date; plan: Plan }

interface Plan {
  recycles: { lead: DueLead; pool: PoolRules; reason: Bilingual }[];
  /** The next check per lead in epoch milliseconds (null = nothing left to check), and whether to warn its owner now. */
  checks: { id: string; checkAt: string; next: number | null; warn: boolean }[];
  warnings: Map<string, { lead: DueLead; dueAt: Date; reason: Bilingual }>;
}

function planBatch(rows: DueLead[], poolById: Map<string, PoolRules>, fallback: PoolRules | undefined, settings: LeadSettings, now: Date): Plan {
  const plan: Plan = { recycles: [], checks: [], warnings: new Map() };
  for (const lead of rows) {
    const pool = (lead.homePoolId && poolById.get(lead.homePoolId)) || fallback;
    const isOpen = OPEN_LEAD_STATUSES.includes(lead.status) || lead.status === 'converted';
    // Nowhere to recycle to, nobody to take it from, or closed: stop checking until an assignment sets a new check.
    if (!pool || !lead.ownerId || !isOpen || lead.isDeleted) {
      plan.checks.push({ id: lead.id, checkAt: lead.checkAt, next: null, warn: false });
      continue;
    }
    // An SQL awaiting sales stays with its owner until they accept or reject it (recycled, marketing's hand-over
    // would have no answer and the pool an SQL nobody was asked to decide); it is looked at again in a day.
    if (lead.awaitsSales) {
      plan.checks.push({ id: lead.id, checkAt: lead.checkAt, next: now.getTime() + DAY_MS, warn: false });
      continue;
    }
    // hasOpenDeal is false until deals exist; the excludeWithOpenDeal switch then has nothing to exclude.
    const d = recycleDecision({
      kind: 'lead', tier: lead.tier, ownerId: lead.ownerId, assignedAt: lead.assignedAt,
      lastFollowUpAt: lead.lastFollowUpAt, firstTouchedAt: lead.firstTouchedAt,
      isWon: lead.status === 'converted', isLocked: lead.isLocked, hasOpenDeal: false,
    }, pool.rules, now, settings.timeZone);
    if (d.action === 'recycle') {
      plan.recycles.push({ lead, pool, reason: d.reason });
    } else if (d.action === 'warn') {
      // Once per due date: a warning already sent inside this warning window is not repeated.
      const isWarned = !!lead.recycleWarnedAt && lead.recycleWarnedAt >= d.warnAt!;
      plan.checks.push({ id: lead.id, checkAt: lead.checkAt, next: d.dueAt!.getTime(), warn: !isWarned });
      if (!isWarned) plan.warnings.set(lead.id, { lead, dueAt: d.dueAt!, reason: d.reason });
    } else {
      const next = d.warnAt ? d.warnAt.getTime() : null;
      plan.checks.push({ id: lead.id, checkAt: lead.checkAt, next, warn: false });
    }
  }
  return plan;
}

/**
 * Moves the planned leads to their pools, ends their recycle checks and writes their history rows in one statement.
 * The update is guarded by the lead row's xmin and the check time the plan read: a lead someone changed meanwhile (a
 * follow-up, a new owner, a lock, a rescore), or one a crashed run already recycled, is left alone for the next pass, and
 * only leads actually moved get a history row.
 */
async function applyRecycles(tx: Tx, tenantId: string, plan: Plan, settings: LeadSettings, now: Date): Promise<Set<string>> {
  if (!plan.recycles.length) return new Set();
  const rows = plan.recycles.map(({ lead, pool, reason }) => {
    const target = { ownerId: null, poolId: pool.id, reason, action: 'recycle' as const };
    const f = assignmentFields(target, lead.tier as Tier, settings.slaPolicy, now);
    const h = ownershipRow(tenantId, lead.id, { ownerId: lead.ownerId, poolId: null }, target, null, now);
    return {
      id: lead.id, leadXmin: lead.leadXmin, checkAt: lead.checkAt,
      poolId: f.poolId, assignmentRuleId: f.assignmentRuleId, assignmentReason: f.assignmentReason, slaState: f.slaState,
      slaWarnAt: f.slaWarnAt, slaDueAt: f.slaDueAt,
      historyId: h.id, fromOwnerId: h.fromOwnerId, fromPoolId: h.fromPoolId, toPoolId: h.toPoolId, reason: h.reason, reasonEn: h.reasonEn,
    };
  });
  const moved = await queryRows<{ id: string }>(tx, sql`
    with r as (
      select * from ${jsonRecordset(rows)} as r(
        id uuid, "leadXmin" text, "checkAt" text,
        "poolId" uuid, "assignmentRuleId" uuid, "assignmentReason" jsonb, "slaState" text, "slaWarnAt" timestamptz, "slaDueAt" timestamptz,
        "historyId" uuid, "fromOwnerId" uuid, "fromPoolId" uuid, "toPoolId" uuid, reason text, "reasonEn" text)
    ), moved as (
      update leads l set owner_id = null, pool_id = r."poolId", home_pool_id = r."poolId", assigned_at = null,
        assignment_rule_id = r."assignmentRuleId", assignment_reason = r."assignmentReason", sla_state = r."slaState",
        sla_warn_at = r."slaWarnAt", sla_due_at = r."slaDueAt",
        updated_at = ${now.toISOString()}::timestamptz, version = l.version + 1
      from r, lead_recycle_checks c
      where l.tenant_id = ${tenantId}::uuid and l.id = r.id and l.xmin = r."leadXmin"::xid
        and c.tenant_id = l.tenant_id and c.lead_id = l.id and c.check_at = r."checkAt"::timestamptz
      returning l.id
    ), ended as (
      delete from lead_recycle_checks c using moved m where c.tenant_id = ${tenantId}::uuid and c.lead_id = m.id
    )
    insert into lead_ownership (tenant_id, id, lead_id, action, from_owner_id, to_owner_id, from_pool_id, to_pool_id, rule_id, reason, reason_en, actor_id, at)
    select ${tenantId}::uuid, r."historyId", r.id, 'recycle', r."fromOwnerId", null, r."fromPoolId", r."toPoolId", null, r.reason, r."reasonEn", null,
      ${now.toISOString()}::timestamptz
    from moved m join r on r.id = m.id
    returning lead_id as id`);
  return new Set(moved.map((m) => m.id));
}

/**
 * Writes the next check time (and the warning mark) of kept and warned leads, or ends the check of leads with nothing
 * left to check; guarded by the check time read, so a lead reassigned meanwhile keeps its new check.
 */
async function applyChecks(tx: Tx, tenantId: string, plan: Plan, now: Date): Promise<Set<string>> {
  if (!plan.checks.length) return new Set();
  const hit = await queryRows<{ id: string }>(tx, sql`
    with r as (
      select * from ${jsonRecordset(plan.checks)} as r(id uuid, "checkAt" text, next float8, warn boolean)
    ), moved as (
      update lead_recycle_checks c set check_at = to_timestamp(r.next / 1000),
        warned_at = case when r.warn then ${now.toISOString()}::timestamptz else c.warned_at end
      from r where c.tenant_id = ${tenantId}::uuid and c.lead_id = r.id and c.check_at = r."checkAt"::timestamptz and r.next is not null
      returning c.lead_id
    ), ended as (
      delete from lead_recycle_checks c using r
      where c.tenant_id = ${tenantId}::uuid and c.lead_id = r.id and c.check_at = r."checkAt"::timestamptz and r.next is null
      returning c.lead_id
    )
    select lead_id as id from moved union all select lead_id as id from ended`);
  return new Set(hit.map((h) => h.id));
}

/** The notices of a batch's recycled and warned leads, named as they are now (read only for those: a worst-case pass tells nobody). */
async function noticesFor(tx: Tx, tenantId: string, plan: Plan, recycled: Set<string>, checked: Set<string>): Promise<NotificationInput[]> {
  const recycles = plan.recycles.filter((r) => recycled.has(r.lead.id));
  const warnings = [...plan.warnings].filter(([id]) => checked.has(id));
  const ids = [...recycles.map((r) => r.lead.id), ...warnings.map(([id]) => id)];
  if (!ids.length) return [];
  const rows = await queryRows<{ id: string; name: string; company: string | null }>(tx, sql`
    select id, name, company from leads where tenant_id = ${tenantId} and ${equalsAny(sql`id`, ids, 'uuid')}`);
  const names = new Map(rows.map((r) => [r.id, leadLabel(r)]));
  const describe = (lead: DueLead) => names.get(lead.id) ?? lead.id;
  const out: NotificationInput[] = [];
  for (const { lead, pool, reason } of recycles) {
    out.push({
      event: 'lead.recycled', userIds: [lead.ownerId!], entityType: 'lead', entityId: lead.id,
      dedupeKey: `lead.recycled:${lead.id}:${lead.checkAt}`,
      title: `线索已收回公海：${describe(lead)}`, titleEn: `Lead returned to the pool: ${describe(lead)}`,
      body: `${reason.zh}，已放回「${pool.name}」`, bodyEn: `${sentenceCase(reason.en)}; now in "${pool.name}"`,
    });
  }
  for (const [id, w] of warnings) {
    out.push({
      event: 'lead.recycle_warning', userIds: [w.lead.ownerId!], entityType: 'lead', entityId: id,
      dedupeKey: `lead.recycle_warning:${id}:${w.dueAt.toISOString()}`,
      title: `线索即将收回：${describe(w.lead)}`, titleEn: `Lead about to be recycled: ${describe(w.lead)}`,
      body: `${w.reason.zh}，请尽快跟进`, bodyEn: `${sentenceCase(w.reason.en)}; follow it up soon`,
    });
  }
  return out;
}

async function loadPoolRules(db: Queryable, tenantId: string) {
  const rows = await db.select({ id: pools.id, name: pools.name, rules: pools.recycleRules, isDefault: pools.isDefault }).from(pools)
    .where(and(eq(pools.tenantId, tenantId), isNull(pools.deletedAt)));
  const byId = new Map(rows.map((p) => [p.id, { id: p.id, name: p.name, rules: { ...DEFAULT_RECYCLE_RULES, ...p.rules } }]));
  const fallback = rows.find((p) => p.isDefault);
  return { byId, fallback: fallback ? byId.get(fallback.id) : undefined };
}

/** Runs (or resumes) one recycle pass over the workspace's due leads; returns the totals. */
export async function runRecycleSweep(ctx: JobContext, opts: RecycleOptions = {}): Promise<RecycleCheckpoint> {
  const { deps, tenantId } = ctx;
  const size = opts.batchSize ?? (Number(ctx.payload.batchSize) || recycleBatchSize(deps));
  let cp: RecycleCheckpoint = (ctx.checkpoint as RecycleCheckpoint | null)
    ?? { cutoff: deps.clock.now().toISOString(), after: null, checked: 0, recycled: 0, warned: 0 };
  const settings = await loadLeadSettings(deps.db, tenantId);
  const { byId, fallback } = await loadPoolRules(deps.db, tenantId);
  const actor = systemActor(tenantId, '线索回收 / lead recycle');
  let cursor = cp.after;
  let count = 0;
  let isLast = false;
  // Batches in (check_at, lead id) order, each its own transaction with the checkpoint (runBatchesInOrder: two at once
  // on PostgreSQL). A batch's writes to its own leads may overlap the batch before it; notices (which can queue the
  // shared webhook delivery job), audit rows and the checkpoint wait their turn.
  await runBatchesInOrder<DueBatch, { recycled: Set<string>; checked: Set<string> }>(deps, {
    async next() {
      if (isLast) return null;
      const rows = await readDueBatch(deps.db, tenantId, cp.cutoff, cursor, size);
      if (!rows.length) return null;
      isLast = rows.length < size;
      const last = rows[rows.length - 1];
      cursor = [last.checkAt, last.id];
      const now = deps.clock.now();
      const batch: DueBatch = { number: ++count, size: rows.length, after: cursor, now, plan: planBatch(rows, byId, fallback, settings, now) };
      await opts.onBatchRead?.(batch.number, rows.map((r) => r.id));
      return batch;
    },
    async work(tx, batch) {
      const recycled = await applyRecycles(tx, tenantId, batch.plan, settings, batch.now);
      await settleOwnerNotices(tx, batch.now, tenantId, [...recycled]);
      const checked = await applyChecks(tx, tenantId, batch.plan, batch.now);
      return { recycled, checked };
    },
    async finish(tx, batch, { recycled, checked }) {
      const { plan, now } = batch;
      const notices = await noticesFor(tx, tenantId, plan, recycled, checked);
      if (notices.length) await notifyMany(tx, now, tenantId, notices);
      await recordAudit(tx, actor, plan.recycles.filter((r) => recycled.has(r.lead.id)).map((r) => ({
        entity: 'lead', entityId: r.lead.id, action: 'recycle',
        before: { ownerId: r.lead.ownerId, poolId: null }, after: { ownerId: null, poolId: r.pool.id, reason: r.reason.zh },
      })), now);
      await opts.onBatchWritten?.(batch.number);
      const next: RecycleCheckpoint = {
        cutoff: cp.cutoff, after: batch.after, checked: cp.checked + batch.size,
        recycled: cp.recycled + recycled.size, warned: cp.warned + notices.filter((n) => n.event === 'lead.recycle_warning').length,
      };
      await ctx.saveCheckpoint(tx, next as unknown as Record<string, unknown>, { done: next.checked });
      cp = next;
    },
  });
  return cp;
}

defineRecurringJob(RECYCLE_JOB, HOUR_MS, {
  async run(ctx) { await runRecycleSweep(ctx); },
  // Each batch's checkpoint extends the lease; five minutes covers one slow batch with room to spare.
  leaseSeconds: 300,
  maxAttempts: 5,
});
