// Claiming a lead from its pool (领取), returning one to the pool (放回公海) and moving one there by hand: each is one
// transaction that changes the lead through assignmentFields and writes its ownership-history row.
import { and, eq, isNull, ne, or, sql, gte } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { ERRORS } from '../../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { requirePermission, users, type Actor } from '../identity/index.js';
import { notify } from '../notifications/index.js';
import { assignmentFields, ownershipRow, recycleCheckFor, refuseWhileAwaitingSales, settleOwnerNotices, type AssignmentTarget } from './assignment.js';
import { setRecycleChecks } from './recycle-checks.repository.js';
import { canClaim, DEFAULT_CLAIM_RULES } from './leads.claim.js';
import { isLeadVisible, resolveLeadScope } from './leads.policy.js';
import { getLeadRow, type LeadRow } from './leads.repository.js';
import { leadOwnership, leads, OPEN_LEAD_STATUSES } from './leads.schema.js';
import { getLead } from './leads.service.js';
import { findStartOfDay, leadLabel, type Bilingual, type Tier } from './leads.text.js';
import { poolMembers, pools } from './lead-rules.schema.js';
import { loadLeadSettings, loadRepLoads } from './routing.service.js';

export type ClaimRefusalCode = 'DAILY_LIMIT' | 'HOLDING_LIMIT' | 'COOL_DOWN' | 'TAKEN' | 'CAPACITY' | 'NOT_IN_POOL' | 'ON_LEAVE';

function refuse(code: ClaimRefusalCode, message: Bilingual, availableAt: Date | null = null): never {
  throw new AppError('CLAIM_REFUSED', { code, message, availableAt: availableAt?.toISOString() ?? null }, message.en);
}

const MIN_REASON = 2;
function requireReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (text.length < MIN_REASON) throw new AppError('REASON_REQUIRED', { minLength: MIN_REASON });
  return text;
}

async function loadMemberPoolIds(tx: Tx, actor: Actor): Promise<Set<string>> {
  const rows = await tx.select({ poolId: poolMembers.poolId }).from(poolMembers)
    .where(and(eq(poolMembers.tenantId, actor.tenantId), eq(poolMembers.userId, actor.userId)));
  return new Set(rows.map((r) => r.poolId));
}

async function loadLivePool(tx: Tx, tenantId: string, id: string | null) {
  if (!id) return undefined;
  const [pool] = await tx.select().from(pools).where(and(eq(pools.tenantId, tenantId), eq(pools.id, id), isNull(pools.deletedAt)));
  return pool;
}

async function nameOf(tx: Tx, tenantId: string, userId: string) {
  const [u] = await tx.select({ name: users.name }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return u?.name ?? '其他人';
}

/** Why this actor cannot claim this lead, checked before any rule: gone, taken, not in a pool, or not their pool. */
async function checkClaimable(tx: Tx, actor: Actor, lead: LeadRow | undefined, memberOf: Set<string>) {
  if (!lead) throw new AppError('NOT_FOUND');
  const visible = isLeadVisible(await resolveLeadScope(tx, actor), lead);
  if (lead.ownerId) {
    if (lead.ownerId === actor.userId) refuse('TAKEN', { zh: '你已持有该线索', en: 'You already hold this lead' });
    // Members of the pool it came from just saw it there, so they may learn who took it; nobody else learns it exists.
    if (!visible && !(lead.homePoolId && memberOf.has(lead.homePoolId))) throw new AppError('NOT_FOUND');
    const who = await nameOf(tx, actor.tenantId, lead.ownerId);
    refuse('TAKEN', { zh: `已被 ${who} 领取`, en: `Already claimed by ${who}` });
  }
  if (!lead.poolId || !memberOf.has(lead.poolId)) {
    if (!visible) throw new AppError('NOT_FOUND');
    if (!lead.poolId) refuse('NOT_IN_POOL', { zh: '该线索不在线索池中，不能领取', en: 'This lead is not in a pool, so it cannot be claimed' });
    throw new AppError('POOL_ACCESS_DENIED', { poolId: lead.poolId });
  }
  if (!OPEN_LEAD_STATUSES.includes(lead.status)) throw new AppError('LEAD_STATUS_INVALID', { status: lead.status });
}

/**
 * Every rule a claim must pass, in order, without writing: the lead claimable by this actor at all, then leave,
 * capacity, the pool's holding and daily limits and a former owner's cool-down. Refuses with the first that fails.
 */
async function checkClaim(tx: Tx, actor: Actor, row: LeadRow | undefined, now: Date) {
  const memberOf = await loadMemberPoolIds(tx, actor);
  await checkClaimable(tx, actor, row, memberOf);
  const lead = row!;
  const pool = await loadLivePool(tx, actor.tenantId, lead.poolId);
  if (!pool) throw new AppError('NOT_FOUND');
  const rules = { ...DEFAULT_CLAIM_RULES, ...pool.claimRules };
  const settings = await loadLeadSettings(tx, actor.tenantId);

  const rep = (await loadRepLoads(tx, actor.tenantId, [actor.userId], now, settings.defaultCapacity)).get(actor.userId);
  // A rep on leave is given no leads (routing and assignment skip them): they do not take one either, whose SLA
  // would run out while they are away.
  if (rep?.away === 'leave') refuse('ON_LEAVE', { zh: '你正在休假中，休假结束后才能领取线索', en: 'You are on leave; claim leads once you are back' });
  const capacity = rep?.capacity ?? settings.defaultCapacity;
  if (rep && rep.held >= capacity) {
    refuse('CAPACITY', {
      zh: `库容已满（持有 ${rep.held}/${capacity}），释放或成交客户后才能领取`,
      en: `You hold ${rep.held} of your capacity of ${capacity}; release or win a customer before claiming`,
    });
  }
  const [fromPool] = await tx.select({ n: sql<number>`count(*)::int` }).from(leads).where(and(eq(leads.tenantId, actor.tenantId),
    eq(leads.ownerId, actor.userId), eq(leads.homePoolId, pool.id), isNull(leads.deletedAt), sql`${leads.status} in ('new','cleaning','nurturing','mql','sql','returned')`));
  const claims = await tx.select({ at: leadOwnership.at }).from(leadOwnership).where(and(eq(leadOwnership.tenantId, actor.tenantId),
    eq(leadOwnership.action, 'claim'), eq(leadOwnership.toOwnerId, actor.userId), eq(leadOwnership.fromPoolId, pool.id),
    gte(leadOwnership.at, findStartOfDay(now, settings.timeZone))));
  const releases = await tx.select({ userId: leadOwnership.fromOwnerId, releasedAt: leadOwnership.at }).from(leadOwnership)
    .where(and(eq(leadOwnership.tenantId, actor.tenantId), eq(leadOwnership.leadId, lead.id), eq(leadOwnership.fromOwnerId, actor.userId),
      or(isNull(leadOwnership.toOwnerId), ne(leadOwnership.toOwnerId, actor.userId))));
  const check = canClaim(
    { userId: actor.userId, held: fromPool.n, capacity: pool.holdingLimit ?? Number.POSITIVE_INFINITY },
    { id: lead.id, name: leadLabel(lead) },
    { claimantClaimsAt: claims.map((c) => c.at), releases: releases.map((r) => ({ userId: r.userId!, releasedAt: r.releasedAt })) },
    rules, now, settings.timeZone,
  );
  if (!check.ok) refuse(check.code, check.message, check.availableAt);
  return { pool, settings };
}

/**
 * Whether the actor could claim the lead now, and if not why and from when (the page shows the claim button disabled
 * with the reason, rather than offering a claim certain to be refused). Writes nothing.
 */
export async function checkClaimLead(deps: AppDeps, actor: Actor, id: string): Promise<{ ok: true } | { ok: false; code: string; message: Bilingual; availableAt: string | null }> {
  requirePermission(actor, 'pools.claim');
  try {
    await deps.db.transaction(async (tx) => { await checkClaim(tx, actor, await getLeadRow(tx, actor.tenantId, id, false), deps.clock.now()); });
    return { ok: true };
  } catch (err) {
    if (err instanceof AppError && err.code === 'CLAIM_REFUSED') {
      const d = err.details as { code: string; message: Bilingual; availableAt: string | null };
      return { ok: false, code: d.code, message: d.message, availableAt: d.availableAt };
    }
    // Visible but not theirs to claim (a pool they oversee without belonging to it, a closed lead): said the same way.
    if (err instanceof AppError && err.status < 500 && err.code !== 'NOT_FOUND') {
      return { ok: false, code: err.code, message: { zh: ERRORS[err.code][1], en: ERRORS[err.code][2] }, availableAt: null };
    }
    throw err;
  }
}

/**
 * Claims a pool lead for the actor. The claimant's lock serialises their own claims (daily and holding limits stay
 * exact), the lead's row lock decides a race between claimants: the loser is refused with who took it.
 */
export async function claimLead(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'pools.claim');
  // The answer is the claimed lead with its contact details, so claiming needs leads.read too.
  requirePermission(actor, 'leads.read');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`claim:${actor.tenantId}:${actor.userId}`}, 0))`);
    const lead = await getLeadRow(tx, actor.tenantId, id, true);
    const { pool, settings } = await checkClaim(tx, actor, lead, now);

    const target: AssignmentTarget = {
      ownerId: actor.userId, poolId: null, action: 'claim',
      reason: { zh: `${actor.name} 从线索池「${pool.name}」领取`, en: `Claimed by ${actor.name} from the pool "${pool.name}"` },
    };
    const fields = assignmentFields(target, lead!.tier as Tier, settings.slaPolicy, now);
    const moved = await tx.update(leads).set({ ...fields, homePoolId: pool.id, updatedAt: now, version: sql`${leads.version} + 1` })
      .where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, id), isNull(leads.ownerId), eq(leads.poolId, pool.id))).returning({ id: leads.id });
    if (!moved.length) refuse('TAKEN', { zh: '已被他人领取', en: 'Someone else claimed it first' });
    await tx.insert(leadOwnership).values(ownershipRow(actor.tenantId, id, { ownerId: null, poolId: pool.id }, target, actor.userId, now));
    await setRecycleChecks(tx, actor.tenantId, [recycleCheckFor(id, target, now)]);
    await recordAudit(tx, actor, { entity: 'lead', entityId: id, action: 'claim', before: { ownerId: null, poolId: pool.id }, after: { ownerId: actor.userId, poolId: null } }, now);
  });
  return getLead(deps, actor, id);
}

/** Where a lead leaving its owner goes: its home pool while that lives, else the workspace's default pool. */
async function findReturnPool(tx: Tx, tenantId: string, homePoolId: string | null) {
  const home = await loadLivePool(tx, tenantId, homePoolId);
  if (home) return home;
  const [fallback] = await tx.select().from(pools).where(and(eq(pools.tenantId, tenantId), eq(pools.isDefault, true), isNull(pools.deletedAt)));
  if (!fallback) throw new AppError('POOL_MISSING');
  return fallback;
}

interface PoolMove { lead: LeadRow; pool: typeof pools.$inferSelect; reason: Bilingual; action: 'return' | 'to_pool' }

/** Puts a lead into a pool with its history row, tells the former owner when someone else did it, and audits. */
async function moveIntoPool(tx: Tx, deps: AppDeps, actor: Actor, m: PoolMove, now: Date) {
  const settings = await loadLeadSettings(tx, actor.tenantId);
  const target: AssignmentTarget = { ownerId: null, poolId: m.pool.id, reason: m.reason, action: m.action };
  const fields = assignmentFields(target, m.lead.tier as Tier, settings.slaPolicy, now);
  await tx.update(leads).set({ ...fields, homePoolId: m.pool.id, updatedAt: now, version: sql`${leads.version} + 1` })
    .where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, m.lead.id)));
  await tx.insert(leadOwnership).values(ownershipRow(actor.tenantId, m.lead.id, { ownerId: m.lead.ownerId, poolId: m.lead.poolId }, target, actor.userId, now));
  await setRecycleChecks(tx, actor.tenantId, [recycleCheckFor(m.lead.id, target, now)]);
  await settleOwnerNotices(tx, now, actor.tenantId, [m.lead.id]);
  if (m.lead.ownerId && m.lead.ownerId !== actor.userId) {
    const who = leadLabel(m.lead);
    await notify(tx, now, actor.tenantId, {
      event: 'lead.recycled', userIds: [m.lead.ownerId], entityType: 'lead', entityId: m.lead.id,
      title: `线索已移入公海：${who}`, titleEn: `Lead moved to a pool: ${who}`,
      body: `${actor.name} 将其移入「${m.pool.name}」：${m.reason.zh}`, bodyEn: `${actor.name} moved it to "${m.pool.name}": ${m.reason.en}`,
    });
  }
  await recordAudit(tx, actor, {
    entity: 'lead', entityId: m.lead.id, action: m.action,
    before: { ownerId: m.lead.ownerId, poolId: m.lead.poolId }, after: { ownerId: null, poolId: m.pool.id, reason: m.reason.zh },
  }, now);
  return { id: m.lead.id, ownerId: null, poolId: m.pool.id, poolName: m.pool.name };
}

/** Returns an owned lead to its home pool (or the default pool) with a reason: by its owner, or by someone with leads.assign over the owner. */
export async function returnLead(deps: AppDeps, actor: Actor, id: string, input: { reason?: string }) {
  const reason = requireReason(input.reason);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const lead = await getLeadRow(tx, actor.tenantId, id, true);
    if (!lead || !isLeadVisible(await resolveLeadScope(tx, actor), lead)) throw new AppError('NOT_FOUND');
    // Already back in a pool (a second click, a colleague first): said as such, whoever asks.
    if (!lead.ownerId) throw new AppError('LEAD_STATUS_INVALID', { reason: 'not_owned' });
    requirePermission(actor, lead.ownerId === actor.userId ? 'leads.write' : 'leads.assign');
    if (!OPEN_LEAD_STATUSES.includes(lead.status)) throw new AppError('LEAD_STATUS_INVALID', { status: lead.status });
    refuseWhileAwaitingSales(lead);
    const pool = await findReturnPool(tx, actor.tenantId, lead.homePoolId);
    return moveIntoPool(tx, deps, actor, { lead, pool, reason: { zh: reason, en: reason }, action: 'return' }, now);
  });
}

/** Moves a visible lead (owned, unrouted or in another pool) into a chosen pool by hand (leads.assign), with a reason. */
export async function moveLeadToPool(deps: AppDeps, actor: Actor, id: string, input: { poolId: string; reason?: string }) {
  requirePermission(actor, 'leads.assign');
  const reason = requireReason(input.reason);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const lead = await getLeadRow(tx, actor.tenantId, id, true);
    if (!lead || !isLeadVisible(await resolveLeadScope(tx, actor), lead)) throw new AppError('NOT_FOUND');
    if (!OPEN_LEAD_STATUSES.includes(lead.status)) throw new AppError('LEAD_STATUS_INVALID', { status: lead.status });
    refuseWhileAwaitingSales(lead);
    const pool = await loadLivePool(tx, actor.tenantId, input.poolId);
    if (!pool) throw new AppError('VALIDATION_FAILED', [{ path: 'poolId', message: '线索池不存在 / no such pool' }]);
    if (!lead.ownerId && lead.poolId === pool.id) return { id, ownerId: null, poolId: pool.id, poolName: pool.name };
    return moveIntoPool(tx, deps, actor, { lead, pool, reason: { zh: reason, en: reason }, action: 'to_pool' }, now);
  });
}
