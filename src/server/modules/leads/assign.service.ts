// Assigning leads by hand and re-running the routing rules for leads nobody has yet. Every path locks the routing
// state first (as capture does), then the lead rows, so concurrent routers take turns in one order and a rep's load
// is counted after the previous assignment committed.
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { recordVersion, text } from '../../../shared/schema-parts.js';
import { recordAudit } from '../audit/index.js';
import { scopeOwnerIds } from '../accounts/index.js';
import { requirePermission, type Actor } from '../identity/index.js';
import { notifyMany, type NotificationInput } from '../notifications/index.js';
import { assignmentFields, isAwaitingSales, ownershipRow, recycleCheckFor, settleOwnerNotices, type AssignmentTarget } from './assignment.js';
import { passHandoverOn } from './qualify.service.js';
import { setRecycleChecks } from './recycle-checks.repository.js';
import { leadOwnership, leads, OPEN_LEAD_STATUSES } from './leads.schema.js';
import type { RouteDecision } from './leads.routing.js';
import { DEFAULT_REP_CAPACITY } from './leads.routing.js';
import { leadLabel, type Tier } from './leads.text.js';
import { getLead, loadWritableLead } from './leads.service.js';
import { loadLeadSettings, loadRepLoads, openRouter, type LeadSettings } from './routing.service.js';

export const AssignLeadInput = z.object({
  ownerId: z.uuid(),
  reason: text(500).optional(),
  /** Assign even though the rep is on leave or at capacity: rule admins only. */
  force: z.boolean().default(false),
  /** The version the assigner saw: two managers assigning one lead at once get one success and one VERSION_CONFLICT. */
  version: recordVersion().optional(),
});
export type AssignLeadInput = z.infer<typeof AssignLeadInput>;

type LeadRow = typeof leads.$inferSelect;

/** Writes one change of owner or pool: the lead's columns, its history row; returns the new owner's notice. */
async function applyAssignment(tx: Tx, actor: Actor, lead: LeadRow, target: AssignmentTarget, settings: LeadSettings, now: Date): Promise<NotificationInput | null> {
  const fields = assignmentFields(target, lead.tier as Tier, settings.slaPolicy, now);
  const homePoolId = target.poolId ?? lead.homePoolId;
  await tx.update(leads).set({ ...fields, homePoolId, updatedAt: now, version: sql`${leads.version} + 1` })
    .where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, lead.id)));
  const history = ownershipRow(actor.tenantId, lead.id, { ownerId: lead.ownerId, poolId: lead.poolId }, target, actor.kind === 'user' ? actor.userId : null, now);
  await tx.insert(leadOwnership).values(history);
  await setRecycleChecks(tx, actor.tenantId, [recycleCheckFor(lead.id, target, now)]);
  if (lead.ownerId && lead.ownerId !== target.ownerId) await settleOwnerNotices(tx, now, actor.tenantId, [lead.id]);
  await recordAudit(tx, actor, {
    entity: 'lead', entityId: lead.id, action: target.action === 'to_pool' ? 'route' : target.action,
    before: { ownerId: lead.ownerId, poolId: lead.poolId }, after: { ownerId: target.ownerId, poolId: target.poolId, reason: target.reason.zh },
  }, now);
  if (!target.ownerId || target.ownerId === actor.userId) return null;
  const who = leadLabel(lead);
  return {
    event: 'lead.assigned', userIds: [target.ownerId], entityType: 'lead', entityId: lead.id, dedupeKey: `lead.assigned:${lead.id}:${history.id}`,
    title: `新线索：${who}`, titleEn: `New lead: ${who}`,
    body: `${lead.tier} 级线索分配给你。${target.reason.zh}`, bodyEn: `A tier ${lead.tier} lead was assigned to you. ${target.reason.en}`,
  };
}

/** What a routing decision means for the lead: a rep, a pool, or still nobody. */
function targetOf(d: RouteDecision): AssignmentTarget | null {
  if (d.target.kind === 'rep') return { ownerId: d.target.repId, poolId: null, ruleId: d.ruleId, reason: d.reason, action: 'assign' };
  if (d.target.kind === 'pool') return { ownerId: null, poolId: d.target.poolId, ruleId: d.ruleId, reason: d.reason, action: 'to_pool' };
  return null;
}

const routableOf = (l: LeadRow) => ({
  province: l.province, region: l.region, industry: l.industry, tier: l.tier as Tier, sourceType: l.sourceType as 'active' | 'passive', productLine: l.productLine,
});

/**
 * Hands a lead to a rep in the actor's scope. A rep on leave or at capacity is refused (REP_UNAVAILABLE, with why)
 * unless a rule admin forces it. The SLA clock restarts for the new owner.
 */
export async function assignLead(deps: AppDeps, actor: Actor, id: string, input: AssignLeadInput) {
  await applyManualAssignment(deps, actor, id, input);
  return getLead(deps, actor, id);
}

/** assignLead's work in its own transaction, without reading the lead back (a bulk assignment answers with outcomes). */
async function applyManualAssignment(deps: AppDeps, actor: Actor, id: string, input: AssignLeadInput): Promise<void> {
  requirePermission(actor, 'leads.assign');
  if (input.force) requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const settings = await loadLeadSettings(tx, actor.tenantId);
    await openRouter(tx, actor.tenantId, now, { defaultCapacity: settings.defaultCapacity });
    const lead = await loadWritableLead(tx, actor, id);
    if (input.version !== undefined && input.version !== lead.version) throw new AppError('VERSION_CONFLICT');
    if (!OPEN_LEAD_STATUSES.includes(lead.status)) throw new AppError('LEAD_STATUS_INVALID', { status: lead.status });
    if (lead.ownerId === input.ownerId) throw new AppError('VALIDATION_FAILED', [{ path: 'ownerId', message: '此人已是负责人 / already the owner' }]);

    // One read of the person: in post, able to see leads, on leave or not, and what they hold.
    const rep = (await loadRepLoads(tx, actor.tenantId, [input.ownerId], now, settings.defaultCapacity)).get(input.ownerId);
    if (!rep || rep.away === 'disabled') throw new AppError('VALIDATION_FAILED', [{ path: 'ownerId', message: '不是在职用户 / not an active user' }]);
    const name = rep.name ?? '';
    // An owner who cannot open leads would be told of one they cannot see, and it would breach its SLA unseen.
    if (rep.away === 'no_access') {
      throw new AppError('VALIDATION_FAILED', [{ path: 'ownerId', message: `${name} 的角色看不到线索，不能做负责人 / ${name}'s role cannot see leads, so cannot own one` }]);
    }
    const scope = await scopeOwnerIds(tx, actor);
    if (scope && !scope.includes(input.ownerId)) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'ownerId', message: `${name} 不在你管理的范围内 / ${name} is not among the people you manage` }]);
    }

    const capacity = rep.capacity ?? DEFAULT_REP_CAPACITY;
    const why = !rep.isAvailable ? { zh: '休假中', en: 'on leave' } : rep.held >= capacity ? { zh: `库容已满 ${rep.held}/${capacity}`, en: `at capacity ${rep.held}/${capacity}` } : null;
    if (why && !input.force) throw new AppError('REP_UNAVAILABLE', { reason: why, held: rep.held, capacity });

    const note = input.reason ? { zh: `：${input.reason}`, en: `: ${input.reason}` } : { zh: '', en: '' };
    const forced = why ? { zh: `（${why.zh}，强制分配）`, en: ` (${why.en}; forced)` } : { zh: '', en: '' };
    const target: AssignmentTarget = {
      ownerId: input.ownerId, poolId: null, action: lead.ownerId ? 'transfer' : 'assign',
      reason: { zh: `${actor.name} 手动分配给 ${name}${forced.zh}${note.zh}`, en: `Assigned to ${name} by ${actor.name}${forced.en}${note.en}` },
    };
    const notice = await applyAssignment(tx, actor, lead, target, settings, now);
    if (isAwaitingSales(lead)) await passHandoverOn(tx, actor, lead, input.ownerId, now);
    // The owner it was taken from hears of it, unless they moved it themselves. No link: the lead may be out of their sight now.
    const former: NotificationInput | null = lead.ownerId && lead.ownerId !== actor.userId ? {
      event: 'lead.transferred', userIds: [lead.ownerId], dedupeKey: `lead.transferred:${lead.id}:${now.toISOString()}`,
      title: `线索已转给 ${name}：${leadLabel(lead)}`, titleEn: `Lead moved to ${name}: ${leadLabel(lead)}`,
      body: `${actor.name} 把这条线索转给了 ${name}，你无需再跟进${note.zh}`, bodyEn: `${actor.name} moved this lead to ${name}; you need not follow it up${note.en}`,
    } : null;
    const notices = [notice, former].filter((n): n is NotificationInput => n !== null);
    if (notices.length) await notifyMany(tx, now, actor.tenantId, notices);
  });
}

export const AssignLeadsInput = z.object({
  ids: z.array(z.uuid()).min(1).max(200).refine((ids) => new Set(ids).size === ids.length, { message: '有线索重复列出 / a lead is listed twice' }),
  ownerId: z.uuid(),
  reason: text(500).optional(),
  force: z.boolean().default(false),
});
export type AssignLeadsInput = z.infer<typeof AssignLeadsInput>;

export type AssignOutcome = { id: string; error: AppError | null };

/**
 * Assigns several leads to one rep (a manager redistributing a list), each on its own as assignLead would, in the
 * order given: one that cannot move (closed, out of scope, the rep full after the first few) is reported with its
 * reason and does not undo the others. Returns one outcome per lead.
 */
export async function assignLeads(deps: AppDeps, actor: Actor, input: AssignLeadsInput): Promise<AssignOutcome[]> {
  requirePermission(actor, 'leads.assign');
  if (input.force) requirePermission(actor, 'admin.lead_rules');
  const outcomes: AssignOutcome[] = [];
  for (const id of input.ids) {
    try {
      await applyManualAssignment(deps, actor, id, { ownerId: input.ownerId, reason: input.reason, force: input.force });
      outcomes.push({ id, error: null });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      outcomes.push({ id, error: err });
    }
  }
  return outcomes;
}

/** Runs the routing rules again for a lead nobody owns; LEAD_NOT_ROUTABLE if it has an owner or is closed. */
export async function rerouteLead(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'leads.assign');
  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const settings = await loadLeadSettings(tx, actor.tenantId);
    const router = await openRouter(tx, actor.tenantId, now, { defaultCapacity: settings.defaultCapacity });
    const lead = await loadWritableLead(tx, actor, id);
    if (lead.ownerId || !OPEN_LEAD_STATUSES.includes(lead.status)) throw new AppError('LEAD_NOT_ROUTABLE', { ownerId: lead.ownerId, status: lead.status });
    const decision = router.route(routableOf(lead));
    const target = targetOf(decision);
    if (target && !(target.poolId && target.poolId === lead.poolId)) {
      const notice = await applyAssignment(tx, actor, lead, target, settings, now);
      if (notice) await notifyMany(tx, now, actor.tenantId, [notice]);
    } else {
      // Still nowhere to go (or back to the same pool): only the explanation changes, and the audit says who asked.
      await tx.update(leads).set({ assignmentReason: decision.reason, assignmentRuleId: decision.ruleId, updatedAt: now, version: sql`${leads.version} + 1` })
        .where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, id)));
      await recordAudit(tx, actor, {
        entity: 'lead', entityId: id, action: 'reroute',
        before: { poolId: lead.poolId, assignmentReason: lead.assignmentReason }, after: { poolId: lead.poolId, assignmentReason: decision.reason },
      }, now);
    }
    await router.save();
    return { kind: decision.target.kind, ruleId: decision.ruleId, reason: decision.reason };
  });
  return { decision: outcome, lead: await getLead(deps, actor, id) };
}

export interface RouteUnroutedResult { total: number; toRep: number; toPool: number; stillUnrouted: number }

/**
 * Routes every open lead of the workspace that has neither owner nor pool, a batch per transaction. Leads another
 * worker is routing are skipped (SKIP LOCKED), never routed twice.
 */
export async function routeUnroutedLeads(deps: AppDeps, actor: Actor, opts: { batchSize?: number } = {}): Promise<RouteUnroutedResult> {
  requirePermission(actor, 'leads.assign');
  const batchSize = opts.batchSize ?? 200;
  const result: RouteUnroutedResult = { total: 0, toRep: 0, toPool: 0, stillUnrouted: 0 };
  // Keyset on the id alone: ids are time-ordered and exact, where a timestamp read back into JS loses microseconds.
  let after: string | null = null;
  for (;;) {
    const now = deps.clock.now();
    const batch: { n: number; last: LeadRow | undefined } = await deps.db.transaction(async (tx) => {
      const settings = await loadLeadSettings(tx, actor.tenantId);
      const router = await openRouter(tx, actor.tenantId, now, { defaultCapacity: settings.defaultCapacity });
      const rows = await tx.select().from(leads).where(and(
        eq(leads.tenantId, actor.tenantId), isNull(leads.ownerId), isNull(leads.poolId), isNull(leads.deletedAt),
        inArray(leads.status, [...OPEN_LEAD_STATUSES]),
        after ? gt(leads.id, after) : undefined,
      )).orderBy(asc(leads.id)).limit(batchSize).for('update', { skipLocked: true });
      const notices: NotificationInput[] = [];
      for (const lead of rows) {
        const decision = router.route(routableOf(lead));
        const target = targetOf(decision);
        result.total += 1;
        if (!target) {
          result.stillUnrouted += 1;
          await tx.update(leads).set({ assignmentReason: decision.reason, assignmentRuleId: decision.ruleId })
            .where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, lead.id)));
          continue;
        }
        if (target.ownerId) result.toRep += 1; else result.toPool += 1;
        const notice = await applyAssignment(tx, actor, lead, target, settings, now);
        if (notice) notices.push(notice);
      }
      await router.save();
      await notifyMany(tx, now, actor.tenantId, notices);
      return { n: rows.length, last: rows[rows.length - 1] };
    });
    if (batch.last) after = batch.last.id;
    if (batch.n < batchSize) break;
  }
  return result;
}
