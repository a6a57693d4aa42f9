// 撞单 in the database: capture records a pending conflict when a new lead of a company goes to a different rep than
// the company's open lead; a follow-up on either lead, or the hourly sweep once the protection period is over, decides
// it with resolveConflict (leads.conflict.ts). The losing lead is closed as a duplicate and its owner is told why.
import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps } from '../../deps.js';
import { inOrder, type Queryable, type Tx } from '../../db/client.js';
import { decodeCursor, timeCursor, toPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/index.js';
import { scopeOwnerIds } from '../accounts/index.js';
import { requirePermission, users, type Actor } from '../identity/index.js';
import { notifyMany, settleNotifications, type NotificationInput } from '../notifications/index.js';
import { assignmentFields, isAwaitingSales, ownershipRow, recycleCheckFor } from './assignment.js';
import { setRecycleChecks } from './recycle-checks.repository.js';
import { pools } from './lead-rules.schema.js';
import { resolveConflict, type ConflictClaim } from './leads.conflict.js';
import { leadConflicts, leadFollowUps, leadHandovers, leadOwnership, leads, OPEN_LEAD_STATUSES } from './leads.schema.js';
import { leadLabel, type Bilingual, type Tier } from './leads.text.js';
import type { LeadSettings } from './routing.service.js';

type ConflictRow = typeof leadConflicts.$inferSelect;
type LeadRow = typeof leads.$inferSelect;

/** Pending conflicts that involve any of these leads (read without locks; the caller locks the leads, then rereads). */
export async function findPendingConflicts(db: Queryable, tenantId: string, leadIds: string[]): Promise<ConflictRow[]> {
  if (!leadIds.length) return [];
  return db.select().from(leadConflicts).where(and(eq(leadConflicts.tenantId, tenantId), eq(leadConflicts.status, 'pending'),
    or(inArray(leadConflicts.leadId, leadIds), inArray(leadConflicts.existingLeadId, leadIds))));
}

/**
 * Locks leads in id order. Every writer that holds two leads at once (follow-up, sweep) takes them this way, so two
 * of them never wait on each other in a circle.
 */
export async function lockLeadsInOrder(tx: Tx, tenantId: string, ids: string[]): Promise<Map<string, LeadRow>> {
  if (!ids.length) return new Map();
  const rows = await tx.select().from(leads).where(and(eq(leads.tenantId, tenantId), inArray(leads.id, [...new Set(ids)]))).orderBy(asc(leads.id)).for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

const NOT_CONTESTED: Bilingual = { zh: '已不存在争议：一方已结束、无人负责或归属同一人', en: 'No longer contested: one side is closed, unowned, or both have the same owner' };

/**
 * Decides the given conflicts whose leads the caller has locked (lockLeadsInOrder). Pending ones whose windows are
 * still open stay pending; decided ones close the loser; lapsed ones (nobody followed up) send both leads to their pool.
 */
export async function decideConflicts(tx: Tx, actor: Actor, ids: string[], locked: Map<string, LeadRow>, settings: LeadSettings, now: Date) {
  if (!ids.length) return { decided: 0 };
  const rows = await tx.select().from(leadConflicts)
    .where(and(eq(leadConflicts.tenantId, actor.tenantId), inArray(leadConflicts.id, ids), eq(leadConflicts.status, 'pending'))).for('update');
  const leadIds = [...new Set(rows.flatMap((c) => [c.leadId, c.existingLeadId]))];
  const [followUps, owners] = await inOrder([
    leadIds.length ? tx.select({ leadId: leadFollowUps.leadId, at: leadFollowUps.occurredAt, isValid: leadFollowUps.isValid }).from(leadFollowUps)
      .where(and(eq(leadFollowUps.tenantId, actor.tenantId), inArray(leadFollowUps.leadId, leadIds))) : [],
    tx.select({ id: users.id, name: users.name }).from(users)
      .where(and(eq(users.tenantId, actor.tenantId), inArray(users.id, [...new Set([...locked.values()].map((l) => l.ownerId).filter(Boolean))] as string[]))),
  ]);
  const nameOf = new Map(owners.map((u) => [u.id, u.name]));
  const notices: NotificationInput[] = [];
  let decided = 0;
  for (const c of rows) {
    const a = locked.get(c.leadId);
    const b = locked.get(c.existingLeadId);
    const isLive = (l: LeadRow | undefined): l is LeadRow => !!l && OPEN_LEAD_STATUSES.includes(l.status) && !l.deletedAt && !!l.ownerId;
    if (!isLive(a) || !isLive(b) || a.ownerId === b.ownerId) {
      await closeConflict(tx, actor.tenantId, c.id, 'dismissed', null, NOT_CONTESTED, now);
      decided += 1;
      continue;
    }
    // Both protection periods start when the clash arose (capture's decide_by is that plus the protection days):
    // whoever follows up validly first from then on keeps the customer. Ties go to the earlier lead (lower id).
    const claimOf = (l: LeadRow): ConflictClaim => ({
      claimId: l.id, repId: l.ownerId!, repName: nameOf.get(l.ownerId!), claimedAt: c.createdAt,
      followUps: followUps.filter((f) => f.leadId === l.id).map((f) => ({ at: f.at, isValid: f.isValid })),
    });
    const result = resolveConflict([claimOf(b), claimOf(a)], settings.conflictProtectionDays, now, settings.timeZone);
    if (result.status === 'pending') {
      if (result.decideBy && result.decideBy.getTime() !== c.decideBy.getTime()) {
        await tx.update(leadConflicts).set({ decideBy: result.decideBy }).where(and(eq(leadConflicts.tenantId, actor.tenantId), eq(leadConflicts.id, c.id)));
      }
      continue;
    }
    decided += 1;
    if (result.status === 'decided') {
      const winner = locked.get(result.winner!.claimId)!;
      const { claim, reason } = result.losers[0];
      const loser = locked.get(claim.claimId)!;
      await closeLosingLead(tx, actor, loser, winner, reason, now);
      await closeConflict(tx, actor.tenantId, c.id, 'decided', winner.id, reason, now);
      notices.push(conflictNotice(c.id, loser, reason, { zh: `撞单结果：${leadLabel(loser)} 归属 ${nameOf.get(winner.ownerId!)}`, en: `Clash decided: ${leadLabel(loser)} stays with ${nameOf.get(winner.ownerId!)}` }));
    } else {
      const reason = result.losers[0].reason;
      for (const l of [a, b]) {
        notices.push(conflictNotice(c.id, l, reason, { zh: `撞单无人有效跟进：${leadLabel(l)}`, en: `Clash lapsed: ${leadLabel(l)}` }));
        await returnToPool(tx, actor, l, reason, settings, now);
      }
      await closeConflict(tx, actor.tenantId, c.id, 'lapsed', null, reason, now);
    }
  }
  await notifyMany(tx, now, actor.tenantId, notices);
  return { decided };
}

function conflictNotice(conflictId: string, lead: LeadRow, reason: Bilingual, title: Bilingual): NotificationInput {
  return {
    event: 'lead.conflict', userIds: [lead.ownerId!], entityType: 'lead', entityId: lead.id, dedupeKey: `lead.conflict:${conflictId}:${lead.id}`,
    title: title.zh, titleEn: title.en, body: reason.zh, bodyEn: reason.en,
  };
}

async function closeConflict(tx: Tx, tenantId: string, id: string, status: string, winnerLeadId: string | null, reason: Bilingual, now: Date) {
  await tx.update(leadConflicts).set({ status, winnerLeadId, reason, decidedAt: now }).where(and(eq(leadConflicts.tenantId, tenantId), eq(leadConflicts.id, id)));
}

/** The losing claim: closed as a duplicate of the winner with the reason in both languages; out of every queue. */
async function closeLosingLead(tx: Tx, actor: Actor, loser: LeadRow, winner: LeadRow, reason: Bilingual, now: Date) {
  const invalidReason = `撞单：${reason.zh} / Clash: ${reason.en}`;
  const before = { status: loser.status, duplicateOfId: loser.duplicateOfId };
  await tx.update(leads).set({
    status: 'invalid', invalidReason, duplicateOfId: winner.id, slaState: 'none', slaWarnAt: null, slaDueAt: null,
    updatedAt: now, version: sql`${leads.version} + 1`,
  }).where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, loser.id)));
  await setRecycleChecks(tx, actor.tenantId, [{ leadId: loser.id, checkAt: null }]);
  // An SQL awaiting sales that loses is answered as a duplicate: marketing's hand-over does not stay open for ever.
  if (isAwaitingSales(loser)) {
    await tx.update(leadHandovers).set({ outcome: 'rejected', reason: 'duplicate', decidedAt: now })
      .where(and(eq(leadHandovers.tenantId, actor.tenantId), eq(leadHandovers.leadId, loser.id), isNull(leadHandovers.outcome)));
    await settleNotifications(tx, now, actor.tenantId, [loser.id], ['lead.handed_over']);
  }
  loser.status = 'invalid';
  await recordAudit(tx, actor, { entity: 'lead', entityId: loser.id, action: 'conflict_lost', before, after: { status: 'invalid', duplicateOfId: winner.id, invalidReason } }, now);
}

/** Nobody followed up in time: the lead goes to its home pool (or the default pool); without a pool it stays put. */
async function returnToPool(tx: Tx, actor: Actor, lead: LeadRow, reason: Bilingual, settings: LeadSettings, now: Date) {
  const [pool] = await tx.select({ id: pools.id }).from(pools)
    .where(and(eq(pools.tenantId, actor.tenantId), sql`${pools.deletedAt} is null`, lead.homePoolId ? or(eq(pools.id, lead.homePoolId), eq(pools.isDefault, true)) : eq(pools.isDefault, true)))
    .orderBy(sql`${pools.id} = ${lead.homePoolId ?? null}::uuid desc nulls last`).limit(1);
  if (!pool) return;
  const target = { ownerId: null, poolId: pool.id, reason, action: 'recycle' as const };
  await tx.update(leads).set({ ...assignmentFields(target, lead.tier as Tier, settings.slaPolicy, now), updatedAt: now, version: sql`${leads.version} + 1` })
    .where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, lead.id)));
  await tx.insert(leadOwnership).values(ownershipRow(actor.tenantId, lead.id, { ownerId: lead.ownerId, poolId: lead.poolId }, target, actor.kind === 'user' ? actor.userId : null, now));
  await setRecycleChecks(tx, actor.tenantId, [recycleCheckFor(lead.id, target, now)]);
  await recordAudit(tx, actor, { entity: 'lead', entityId: lead.id, action: 'recycle', before: { ownerId: lead.ownerId }, after: { poolId: pool.id, reason: reason.zh } }, now);
  Object.assign(lead, { ownerId: null, poolId: pool.id });
}

/** Pending conflicts past their decide-by time, oldest first (lead_conflicts_pending_idx). */
export async function listDueConflicts(db: Queryable, tenantId: string, now: Date, limit: number) {
  return db.select().from(leadConflicts)
    .where(and(eq(leadConflicts.tenantId, tenantId), eq(leadConflicts.status, 'pending'), lte(leadConflicts.decideBy, now)))
    .orderBy(asc(leadConflicts.decideBy), asc(leadConflicts.id)).limit(limit);
}

export interface ConflictListQuery { status: 'pending' | 'decided' | 'all'; leadId?: string; limit: number; cursor?: string }

/** Conflicts involving a lead owned by someone in the actor's scope, newest first, each with the outcome and why. */
export async function listLeadConflicts(deps: AppDeps, actor: Actor, q: ConflictListQuery) {
  requirePermission(actor, 'leads.read');
  const scope = await scopeOwnerIds(deps.db, actor);
  const newer = alias(leads, 'newer');
  const older = alias(leads, 'older');
  const newerOwner = alias(users, 'newer_owner');
  const olderOwner = alias(users, 'older_owner');
  const after = decodeCursor(q.cursor, timeCursor);
  const rows = await deps.db.select({
    id: leadConflicts.id, status: leadConflicts.status, decideBy: leadConflicts.decideBy, decidedAt: leadConflicts.decidedAt,
    createdAt: leadConflicts.createdAt, winnerLeadId: leadConflicts.winnerLeadId, reason: leadConflicts.reason,
    lead: { id: newer.id, name: newer.name, company: newer.company, status: newer.status, ownerId: newer.ownerId, ownerName: newerOwner.name },
    existingLead: { id: older.id, name: older.name, company: older.company, status: older.status, ownerId: older.ownerId, ownerName: olderOwner.name },
  }).from(leadConflicts)
    .innerJoin(newer, and(eq(newer.tenantId, leadConflicts.tenantId), eq(newer.id, leadConflicts.leadId)))
    .innerJoin(older, and(eq(older.tenantId, leadConflicts.tenantId), eq(older.id, leadConflicts.existingLeadId)))
    .leftJoin(newerOwner, and(eq(newerOwner.tenantId, newer.tenantId), eq(newerOwner.id, newer.ownerId)))
    .leftJoin(olderOwner, and(eq(olderOwner.tenantId, older.tenantId), eq(olderOwner.id, older.ownerId)))
    .where(and(
      eq(leadConflicts.tenantId, actor.tenantId),
      q.status === 'pending' ? eq(leadConflicts.status, 'pending') : q.status === 'decided' ? sql`${leadConflicts.status} <> 'pending'` : undefined,
      q.leadId ? or(eq(leadConflicts.leadId, q.leadId), eq(leadConflicts.existingLeadId, q.leadId)) : undefined,
      scope ? (scope.length ? or(inArray(newer.ownerId, scope), inArray(older.ownerId, scope)) : sql`false`) : undefined,
      after ? sql`(${leadConflicts.createdAt}, ${leadConflicts.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
    ))
    .orderBy(desc(leadConflicts.createdAt), desc(leadConflicts.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
}
