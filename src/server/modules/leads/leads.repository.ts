// Lead SQL: lists in keyset order, single reads, the 查重 probes. No business rules here.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/pg-core';
import { queryRows, renderStatic, type Queryable } from '../../db/client.js';
import { timeCursor } from '../../http/pagination.js';
import { users } from '../identity/index.js';
import { pools } from './lead-rules.schema.js';
import { leadFollowUps, leadOwnership, leads, leadScores, leadSlaOutcomes, leadTouches, OPEN_LEAD_STATUSES } from './leads.schema.js';
import { z } from 'zod';

export type LeadRow = typeof leads.$inferSelect;

export interface LeadFilter {
  q?: string;
  qNorm?: string;
  qMobile?: string;
  status?: string[];
  tier?: string[];
  sourceType?: string[];
  source?: string[];
  channel?: string[];
  /** Leads with no channel (alone, or beside `channel`: either). */
  noChannel?: boolean;
  slaState?: string[];
  /**
   * Leads recorded as another's repeat (a duplicate kept linked, or the losing claim of a 撞单): 'exclude' counts each
   * person once, as the lead report does; 'only' lists the repeats.
   */
  duplicates?: 'exclude' | 'only';
  ownerId?: string[];
  poolId?: string;
  /** Only leads in some pool (公海 view). */
  inPool?: boolean;
  unrouted?: boolean;
  scoreMin?: number;
  scoreMax?: number;
  /** Created at or after this instant. */
  createdFrom?: Date;
  /** Created before this instant (exclusive: a week or a day is [start, next start)). */
  createdTo?: Date;
  visible?: SQL;
}

// Each sort runs on an index of (tenant, value, id): the score sort on lead_scores', joining each lead by its key.
export const LEAD_SORTS = {
  updatedAt: { column: leads.updatedAt, id: leads.id, kind: 'time' },
  createdAt: { column: leads.createdAt, id: leads.id, kind: 'time' },
  score: { column: leadScores.score, id: leadScores.leadId, kind: 'number' },
} as const;
export type LeadSortKey = keyof typeof LEAD_SORTS;

/** What a cursor of each sort kind must hold (decodeCursor): a score is an integer the database's int can hold. */
export const LEAD_CURSOR_SHAPES: Record<'time' | 'number', z.ZodType<[unknown, string]>> = {
  time: timeCursor,
  number: z.tuple([z.number().int().min(-2_147_483_648).max(2_147_483_647), z.uuid()]),
};

const owner = alias(users, 'owner');

export const leadSelection = {
  id: leads.id, name: leads.name, company: leads.company, title: leads.title, mobile: leads.mobile, email: leads.email,
  wechat: leads.wechat, industry: leads.industry, employeeSize: leads.employeeSize, province: leads.province, city: leads.city,
  region: leads.region, productLine: leads.productLine, sourceType: leads.sourceType, source: leads.source, channel: leads.channel,
  campaign: leads.campaign, utm: leads.utm, captureMethod: leads.captureMethod, formId: leads.formId, status: leads.status,
  score: leadScores.score, fitScore: leadScores.fitScore, engagementScore: leadScores.engagementScore, tier: leads.tier,
  scoringModelId: leadScores.scoringModelId, scoredAt: leadScores.scoredAt,
  ownerId: leads.ownerId, ownerName: owner.name, poolId: leads.poolId, poolName: pools.name, assignedAt: leads.assignedAt,
  assignmentReason: leads.assignmentReason, firstTouchedAt: leads.firstTouchedAt, lastFollowUpAt: leads.lastFollowUpAt,
  slaState: leads.slaState, slaWarnAt: leads.slaWarnAt, slaDueAt: leads.slaDueAt, isLocked: leads.isLocked,
  duplicateOfId: leads.duplicateOfId, matchedAccountId: leads.matchedAccountId, matchedContactId: leads.matchedContactId,
  sqlStandardId: leads.sqlStandardId, sqlChecklist: leads.sqlChecklist, handedOverAt: leads.handedOverAt,
  acceptedAt: leads.acceptedAt, rejectionReason: leads.rejectionReason, rejectionNote: leads.rejectionNote, rejectedAt: leads.rejectedAt,
  invalidReason: leads.invalidReason, convertedAt: leads.convertedAt, convertedAccountId: leads.convertedAccountId,
  convertedContactId: leads.convertedContactId, notes: leads.notes, version: leads.version,
  createdAt: leads.createdAt, updatedAt: leads.updatedAt,
};
export type LeadView = { [K in keyof typeof leadSelection]: (typeof leadSelection)[K]['_']['data'] | (K extends 'ownerName' | 'poolName' ? null : never) };

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

function filterConditions(tenantId: string, f: LeadFilter): (SQL | undefined)[] {
  const q = f.q?.trim();
  return [
    eq(leads.tenantId, tenantId),
    isNull(leads.deletedAt),
    f.visible,
    q ? or(
      f.qNorm ? sql`${leads.companyNorm} like ${'%' + escapeLike(f.qNorm) + '%'}` : undefined,
      sql`${leads.name} like ${'%' + escapeLike(q) + '%'}`,
      f.qMobile ? eq(leads.mobileNorm, f.qMobile) : undefined,
      q.includes('@') ? eq(leads.emailNorm, q.toLowerCase()) : undefined,
    ) : undefined,
    f.status?.length ? inArray(leads.status, f.status as LeadRow['status'][]) : undefined,
    f.tier?.length ? inArray(leads.tier, f.tier) : undefined,
    f.sourceType?.length ? inArray(leads.sourceType, f.sourceType) : undefined,
    f.source?.length ? inArray(leads.source, f.source) : undefined,
    f.channel?.length || f.noChannel
      ? or(f.channel?.length ? inArray(leads.channel, f.channel) : undefined, f.noChannel ? isNull(leads.channel) : undefined)
      : undefined,
    f.duplicates === 'exclude' ? isNull(leads.duplicateOfId) : f.duplicates === 'only' ? sql`${leads.duplicateOfId} is not null` : undefined,
    f.slaState?.length ? inArray(leads.slaState, f.slaState) : undefined,
    f.ownerId?.length ? inArray(leads.ownerId, f.ownerId) : undefined,
    f.poolId ? and(eq(leads.poolId, f.poolId), isNull(leads.ownerId)) : undefined,
    f.inPool === true ? sql`${leads.poolId} is not null` : f.inPool === false ? isNull(leads.poolId) : undefined,
    f.unrouted === true ? and(isNull(leads.ownerId), isNull(leads.poolId)) : f.unrouted === false ? sql`(${leads.ownerId} is not null or ${leads.poolId} is not null)` : undefined,
    f.scoreMin != null ? gte(leadScores.score, f.scoreMin) : undefined,
    f.scoreMax != null ? lte(leadScores.score, f.scoreMax) : undefined,
    f.createdFrom ? gte(leads.createdAt, f.createdFrom) : undefined,
    f.createdTo ? lt(leads.createdAt, f.createdTo) : undefined,
  ];
}

const listSelection = Object.fromEntries(
  Object.entries(leadSelection).map(([key, column]) => [key, sql`${column}`.as(key)]),
) as { [K in keyof typeof leadSelection]: SQL.Aliased<unknown> };

const TIME_FIELDS = ['scoredAt', 'assignedAt', 'firstTouchedAt', 'lastFollowUpAt', 'slaWarnAt', 'slaDueAt', 'handedOverAt', 'acceptedAt', 'rejectedAt', 'convertedAt', 'createdAt', 'updatedAt'] as const;

/** Drizzle reads timestamps as text on both drivers when rows come raw; they become Dates here, once. */
function withDates(row: Record<string, unknown>): LeadView {
  for (const f of TIME_FIELDS) {
    const v = row[f];
    if (typeof v === 'string') row[f] = new Date(v);
  }
  return row as unknown as LeadView;
}

// The select and joins of the list and the detail never change: rendered to text once (renderStatic). Every lead has
// its lead_scores row (written with it), so the inner join hides nothing and lets the score sort drive.
const viewFrom = renderStatic(new QueryBuilder().select(listSelection).from(leads)
  .innerJoin(leadScores, and(eq(leadScores.tenantId, leads.tenantId), eq(leadScores.leadId, leads.id)))
  .leftJoin(owner, and(eq(owner.tenantId, leads.tenantId), eq(owner.id, leads.ownerId)))
  .leftJoin(pools, and(eq(pools.tenantId, leads.tenantId), eq(pools.id, leads.poolId))));

/** One page of leads in keyset order (sort value, id); returns limit+1 rows so the caller knows if more follow. */
export async function listLeads(db: Queryable, tenantId: string, f: LeadFilter, sort: LeadSortKey, direction: 'asc' | 'desc', limit: number, after?: [unknown, string]): Promise<LeadView[]> {
  const s = LEAD_SORTS[sort];
  const cmp = direction === 'desc' ? sql`<` : sql`>`;
  const keyset = after ? sql`(${s.column}, ${s.id}) ${cmp} (${after[0]}, ${after[1]}::uuid)` : undefined;
  const order = direction === 'desc' ? sql`${s.column} desc, ${s.id} desc` : sql`${s.column} asc, ${s.id} asc`;
  const query = sql`${viewFrom} where ${and(...filterConditions(tenantId, f), keyset)} order by ${order} limit ${limit}`;
  const rows = await queryRows<Record<string, unknown>>(db, query);
  return rows.map(withDates);
}

export async function countLeads(db: Queryable, tenantId: string, f: LeadFilter, cap: number): Promise<number> {
  const from = db.select({ one: sql`1` }).from(leads);
  const scored = f.scoreMin != null || f.scoreMax != null
    ? from.innerJoin(leadScores, and(eq(leadScores.tenantId, leads.tenantId), eq(leadScores.leadId, leads.id))) : from;
  const inner = scored.where(and(...filterConditions(tenantId, f))).limit(cap + 1);
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inner.as('capped'));
  return row.n;
}

/** One lead in the list's shape. */
export async function getLeadView(db: Queryable, tenantId: string, id: string): Promise<LeadView | undefined> {
  const [row] = await queryRows<Record<string, unknown>>(db, sql`${viewFrom} where ${and(eq(leads.tenantId, tenantId), eq(leads.id, id), isNull(leads.deletedAt))}`);
  return row ? withDates(row) : undefined;
}

export async function getLeadRow(db: Queryable, tenantId: string, id: string, forUpdate = false): Promise<LeadRow | undefined> {
  const q = db.select().from(leads).where(and(eq(leads.tenantId, tenantId), eq(leads.id, id), isNull(leads.deletedAt)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** A lead's id, name and company, to name it (a linked duplicate), deleted or not. */
export async function getLeadName(db: Queryable, tenantId: string, id: string) {
  const [row] = await db.select({ id: leads.id, name: leads.name, company: leads.company }).from(leads).where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)));
  return row;
}

export interface LeadDedupeKeys { mobileNorm: string | null; emailNorm: string | null; wechat?: string | null; companyNorm: string | null }

/** Open leads sharing a mobile, email or WeChat id (the same person), or the same normalised company. */
export async function findLeadMatches(db: Queryable, tenantId: string, k: LeadDedupeKeys, excludeId?: string) {
  const probes = [
    k.mobileNorm ? eq(leads.mobileNorm, k.mobileNorm) : undefined,
    k.emailNorm ? eq(leads.emailNorm, k.emailNorm) : undefined,
    k.wechat ? eq(leads.wechat, k.wechat) : undefined,
    k.companyNorm ? eq(leads.companyNorm, k.companyNorm) : undefined,
  ].filter(Boolean) as SQL[];
  if (!probes.length) return [];
  return db.select({
    id: leads.id, name: leads.name, company: leads.company, mobileNorm: leads.mobileNorm, emailNorm: leads.emailNorm, wechat: leads.wechat,
    companyNorm: leads.companyNorm, status: leads.status, ownerId: leads.ownerId, ownerName: owner.name, poolId: leads.poolId,
    poolName: pools.name, lastFollowUpAt: leads.lastFollowUpAt, updatedAt: leads.updatedAt, createdAt: leads.createdAt,
  }).from(leads)
    .leftJoin(owner, and(eq(owner.tenantId, leads.tenantId), eq(owner.id, leads.ownerId)))
    .leftJoin(pools, and(eq(pools.tenantId, leads.tenantId), eq(pools.id, leads.poolId)))
    .where(and(eq(leads.tenantId, tenantId), isNull(leads.deletedAt), inArray(leads.status, [...OPEN_LEAD_STATUSES]), or(...probes),
      excludeId ? ne(leads.id, excludeId) : undefined))
    .orderBy(asc(leads.createdAt)).limit(20);
}

/** Everything that happened to a lead, newest first, for its detail page. */
export async function listLeadHistory(db: Queryable, tenantId: string, leadId: string) {
  const fromUser = alias(users, 'from_user');
  const toUser = alias(users, 'to_user');
  const fromPool = alias(pools, 'from_pool');
  const toPool = alias(pools, 'to_pool');
  const [touches, followUps, ownership] = await Promise.all([
    db.select({ id: leadTouches.id, eventId: leadTouches.eventId, type: leadTouches.type, label: leadTouches.label, occurredAt: leadTouches.occurredAt, properties: leadTouches.properties })
      .from(leadTouches).where(and(eq(leadTouches.tenantId, tenantId), eq(leadTouches.leadId, leadId))).orderBy(desc(leadTouches.occurredAt), desc(leadTouches.id)).limit(200),
    db.select({ id: leadFollowUps.id, userId: leadFollowUps.userId, userName: users.name, method: leadFollowUps.method, content: leadFollowUps.content, isValid: leadFollowUps.isValid, occurredAt: leadFollowUps.occurredAt, nextStep: leadFollowUps.nextStep })
      .from(leadFollowUps).leftJoin(users, and(eq(users.tenantId, leadFollowUps.tenantId), eq(users.id, leadFollowUps.userId)))
      .where(and(eq(leadFollowUps.tenantId, tenantId), eq(leadFollowUps.leadId, leadId))).orderBy(desc(leadFollowUps.occurredAt), desc(leadFollowUps.id)).limit(200),
    db.select({
      id: leadOwnership.id, action: leadOwnership.action, fromOwnerId: leadOwnership.fromOwnerId, fromOwnerName: fromUser.name,
      toOwnerId: leadOwnership.toOwnerId, toOwnerName: toUser.name, fromPoolId: leadOwnership.fromPoolId, fromPoolName: fromPool.name,
      toPoolId: leadOwnership.toPoolId, toPoolName: toPool.name, reason: leadOwnership.reason, reasonEn: leadOwnership.reasonEn, at: leadOwnership.at,
    }).from(leadOwnership)
      .leftJoin(fromUser, and(eq(fromUser.tenantId, leadOwnership.tenantId), eq(fromUser.id, leadOwnership.fromOwnerId)))
      .leftJoin(toUser, and(eq(toUser.tenantId, leadOwnership.tenantId), eq(toUser.id, leadOwnership.toOwnerId)))
      .leftJoin(fromPool, and(eq(fromPool.tenantId, leadOwnership.tenantId), eq(fromPool.id, leadOwnership.fromPoolId)))
      .leftJoin(toPool, and(eq(toPool.tenantId, leadOwnership.tenantId), eq(toPool.id, leadOwnership.toPoolId)))
      .where(and(eq(leadOwnership.tenantId, tenantId), eq(leadOwnership.leadId, leadId))).orderBy(desc(leadOwnership.at), desc(leadOwnership.id)).limit(200),
  ]);
  return { touches, followUps, ownership };
}

/**
 * How many open leads each rep holds: the rep's folded load plus the changes the leads triggers appended since
 * (migrations 0008 and 0010), one index range per rep however many leads they hold.
 */
export async function countHeldLeads(db: Queryable, tenantId: string, repIds: string[]): Promise<Map<string, number>> {
  if (!repIds.length) return new Map();
  const rows = await queryRows<{ userId: string; n: number }>(db, sql`
    select user_id as "userId", sum(n)::int as n from (
      select user_id, held as n from rep_lead_loads where tenant_id = ${tenantId} and user_id in ${repIds}
      union all
      select user_id, delta from lead_load_changes where tenant_id = ${tenantId} and user_id in ${repIds}
    ) loads group by user_id`);
  return new Map(rows.map((r) => [r.userId, r.n]));
}

/**
 * Folds the workspace's appended load changes into rep_lead_loads, so reading a load stays a few rows. Routing calls
 * it holding the routing lock, which makes it the only writer of rep_lead_loads: no two folds wait on each other.
 */
export async function foldLeadLoadChanges(db: Queryable, tenantId: string): Promise<void> {
  await db.execute(sql`
    with moved as (
      delete from lead_load_changes where tenant_id = ${tenantId} returning user_id, delta
    )
    insert into rep_lead_loads (tenant_id, user_id, held)
    select ${tenantId}::uuid, user_id, sum(delta)::int from moved group by user_id
    on conflict (tenant_id, user_id) do update set held = rep_lead_loads.held + excluded.held`);
}

export interface SlaOutcome { leadId: string; assignedAt: Date; ownerId: string | null; dueAt: Date; outcome: 'met' | 'breached' }

/**
 * Keeps decided first-touch SLAs (one per assignment). The first decision stands: a breach the sweep recorded is not
 * turned into anything else by a late first touch.
 */
export async function recordSlaOutcomes(db: Queryable, tenantId: string, rows: SlaOutcome[], now: Date): Promise<void> {
  if (!rows.length) return;
  await db.insert(leadSlaOutcomes).values(rows.map((r) => ({ tenantId, ...r, decidedAt: now }))).onConflictDoNothing();
}
