// The hand-off between marketing and sales: an MQL goes to sales only with the SQL checklist met; sales accepts it,
// or rejects it with a reason and it returns to marketing's nurturing.
import { and, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { REJECTION_REASONS } from '../../../shared/dictionaries.js';
import type { HandOverInput, RejectLeadInput } from '../../../shared/lead-contracts.js';
import { recordAudit } from '../audit/index.js';
import { can, requirePermission, type Actor } from '../identity/index.js';
import { notifyMany, settleNotifications, type NotificationInput } from '../notifications/index.js';
import { leadHandovers, leadOwnership, leads } from './leads.schema.js';
import { assignmentFields, ownershipRow, recycleCheckFor, settleOwnerNotices, type AssignmentTarget } from './assignment.js';
import { setRecycleChecks } from './recycle-checks.repository.js';
import { getLead, loadWritableLead } from './leads.service.js';
import { findRegionOfProvince } from './leads.routing.js';
import { loadLeadSettings, openRouter } from './routing.service.js';
import { checkChecklist, loadActiveSqlStandard } from './sql-standards.service.js';
import { leadLabel, type SourceType, type Tier } from './leads.text.js';

/** The answers to the standard's own items, in its order. */
function answersTo(standard: { items: { key: string }[] }, checklist: HandOverInput['checklist']): HandOverInput['checklist'] {
  return Object.fromEntries(standard.items.filter((i) => checklist[i.key]).map((i) => [i.key, checklist[i.key]]));
}

/**
 * Hands an MQL to sales as an SQL. Refused without a standard in force, or with the checklist not met (the missing
 * items come back). A lead without an owner is routed now, so an SQL always lands with a salesperson.
 */
// The last rejection's reason stays on the lead after a new hand-over: the reports count it.
export async function handOverLead(deps: AppDeps, actor: Actor, id: string, input: HandOverInput) {
  requirePermission(actor, 'leads.qualify');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const lead = await loadWritableLead(tx, actor, id);
    if (!['mql', 'nurturing', 'new'].includes(lead.status)) throw new AppError('LEAD_STATUS_INVALID', { status: lead.status });
    const standard = await loadActiveSqlStandard(tx, actor.tenantId);
    if (!standard) throw new AppError('SQL_STANDARD_MISSING');
    const check = checkChecklist(standard, input.checklist);
    if (!check.isMet) {
      throw new AppError('SQL_CHECKLIST_INCOMPLETE', { missing: check.missing.map((i) => ({ key: i.key, label: i.label, labelEn: i.labelEn })), checked: check.checked, minChecked: check.minChecked });
    }
    let assignment: Partial<typeof leads.$inferInsert> = {};
    let target: AssignmentTarget | null = null;
    if (!lead.ownerId) {
      const settings = await loadLeadSettings(tx, actor.tenantId);
      const router = await openRouter(tx, actor.tenantId, now, { defaultCapacity: settings.defaultCapacity });
      const d = router.route({ province: lead.province, region: lead.region ?? findRegionOfProvince(lead.province), industry: lead.industry, tier: lead.tier as Tier, sourceType: lead.sourceType as SourceType, productLine: lead.productLine });
      if (d.target.kind !== 'rep') throw new AppError('LEAD_NOT_ROUTABLE', { reason: d.reason });
      await router.save();
      target = { ownerId: d.target.repId, poolId: null, ruleId: d.ruleId, reason: d.reason, action: 'assign' };
      assignment = assignmentFields(target, lead.tier as Tier, settings.slaPolicy, now);
    }
    await updateVersioned(tx, leads, actor.tenantId, id, input.version, {
      // The answers to this standard's items: keys it does not have are not kept with the lead.
      ...assignment, status: 'sql', sqlStandardId: standard.id, sqlChecklist: answersTo(standard, input.checklist), handedOverAt: now, handedOverBy: actor.userId,
      acceptedAt: null, acceptedBy: null, updatedAt: now,
    });
    if (target) {
      await tx.insert(leadOwnership).values(ownershipRow(actor.tenantId, id, lead, target, actor.userId, now));
      await setRecycleChecks(tx, actor.tenantId, [recycleCheckFor(id, target, now)]);
    }
    const ownerId = target?.ownerId ?? lead.ownerId!;
    await tx.insert(leadHandovers).values({ tenantId: actor.tenantId, id: newId(), leadId: id, handedOverAt: now, handedOverBy: actor.userId, ownerId });
    await notifyMany(tx, now, actor.tenantId, [toAcceptNotice(lead, ownerId, now, {
      zh: `${actor.name} 按 SQL 标准 v${standard.version} 移交了该线索，请接受或退回。`, en: `${actor.name} handed this lead over under SQL standard v${standard.version}; accept it or send it back.`,
    })]);
    await recordAudit(tx, actor, { entity: 'lead', entityId: id, action: 'hand_over', before: { status: lead.status }, after: { status: 'sql', sqlStandardVersion: standard.version, ownerId } }, now);
  });
  return getLead(deps, actor, id);
}

/**
 * Converting an SQL that awaits sales accepts it on the way (as a rep who accepts and converts at once would): the
 * hand-over is recorded as accepted, marketing is told, the "SQL to accept" notice is settled.
 */
export async function acceptOnConvert(tx: Tx, actor: Actor, lead: LeadForSales, now: Date): Promise<void> {
  requirePermission(actor, 'leads.accept');
  if (lead.ownerId !== actor.userId && !can(actor, 'leads.assign')) throw new AppError('FORBIDDEN', { reason: 'not_owner' });
  await decideHandover(tx, actor, lead, { outcome: 'accepted', reason: null }, now);
  if (lead.handedOverBy) await notifyMany(tx, now, actor.tenantId, [handOffNotice('lead.accepted', lead, actor, lead.handedOverBy)]);
  await settleNotifications(tx, now, actor.tenantId, [lead.id], ['lead.handed_over']);
}

/**
 * A manager reassigning an SQL that awaits sales passes the decision on: the open hand-over is the new owner's to
 * answer (and counts for them), who is told, and the former owner's "SQL to accept" notice is settled.
 */
export async function passHandoverOn(tx: Tx, actor: Actor, lead: LeadForSales, newOwnerId: string, now: Date): Promise<void> {
  await tx.update(leadHandovers).set({ ownerId: newOwnerId })
    .where(and(eq(leadHandovers.tenantId, actor.tenantId), eq(leadHandovers.leadId, lead.id), isNull(leadHandovers.outcome)));
  await settleNotifications(tx, now, actor.tenantId, [lead.id], ['lead.handed_over']);
  await notifyMany(tx, now, actor.tenantId, [toAcceptNotice(lead, newOwnerId, now, {
    zh: `${actor.name} 把这条待确认的 SQL 转给了你，请接受或退回。`, en: `${actor.name} passed this SQL on to you; accept it or send it back.`,
  })]);
}

/** "SQL 待确认" for the salesperson who is to accept or reject the lead, with why it came to them. */
function toAcceptNotice(lead: { id: string; name: string; company: string | null }, ownerId: string, now: Date, body: { zh: string; en: string }): NotificationInput {
  return {
    event: 'lead.handed_over', userIds: [ownerId], entityType: 'lead', entityId: lead.id, dedupeKey: `lead.handed_over:${lead.id}:${now.toISOString()}`,
    title: `SQL 待确认：${leadLabel(lead)}`, titleEn: `SQL to accept: ${leadLabel(lead)}`, body: body.zh, bodyEn: body.en,
  };
}

type LeadForSales = { id: string; name: string; company: string | null; ownerId: string | null; handedOverAt: Date | null; handedOverBy: string | null };

/** Records what sales decided on the lead's open hand-over (a lead has at most one awaiting an answer). */
async function decideHandover(tx: Tx, actor: Actor, lead: { id: string }, decision: { outcome: 'accepted' | 'rejected'; reason: string | null }, now: Date) {
  await tx.update(leadHandovers).set({ ...decision, decidedAt: now, decidedBy: actor.userId })
    .where(and(eq(leadHandovers.tenantId, actor.tenantId), eq(leadHandovers.leadId, lead.id), isNull(leadHandovers.outcome)));
}

async function loadForSales(tx: Tx, actor: Actor, id: string) {
  requirePermission(actor, 'leads.accept');
  const lead = await loadWritableLead(tx, actor, id);
  if (lead.status !== 'sql' || lead.acceptedAt) throw new AppError('LEAD_STATUS_INVALID', { status: lead.status, acceptedAt: lead.acceptedAt });
  // The owner decides; a manager who can assign over the owner may decide for them.
  if (lead.ownerId !== actor.userId && !can(actor, 'leads.assign')) throw new AppError('FORBIDDEN', { reason: 'not_owner' });
  return lead;
}

/** Sales takes the SQL: the hand-off is complete and counted as accepted. */
export async function acceptLead(deps: AppDeps, actor: Actor, id: string, input: { version: number }) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const lead = await loadForSales(tx, actor, id);
    await updateVersioned(tx, leads, actor.tenantId, id, input.version, { acceptedAt: now, acceptedBy: actor.userId, updatedAt: now });
    await decideHandover(tx, actor, lead, { outcome: 'accepted', reason: null }, now);
    if (lead.handedOverBy) await notifyMany(tx, now, actor.tenantId, [handOffNotice('lead.accepted', lead, actor, lead.handedOverBy)]);
    await settleNotifications(tx, now, actor.tenantId, [id], ['lead.handed_over']);
    await recordAudit(tx, actor, { entity: 'lead', entityId: id, action: 'accept', after: { acceptedAt: now } }, now);
  });
  return getLead(deps, actor, id);
}

/** Sales sends the SQL back with a reason: it returns to marketing's nurturing, leaves the rep's queue, and is reported. */
export async function rejectLead(deps: AppDeps, actor: Actor, id: string, input: RejectLeadInput) {
  const now = deps.clock.now();
  const reason = REJECTION_REASONS.find((r) => r.key === input.reason)!;
  await deps.db.transaction(async (tx) => {
    const lead = await loadForSales(tx, actor, id);
    const target: AssignmentTarget = {
      ownerId: null, poolId: null, action: 'reject',
      reason: { zh: `销售退回：${reason.zh}${input.note ? `（${input.note}）` : ''}`, en: `Rejected by sales: ${reason.en}${input.note ? ` (${input.note})` : ''}` },
    };
    const settings = await loadLeadSettings(tx, actor.tenantId);
    await updateVersioned(tx, leads, actor.tenantId, id, input.version, {
      ...assignmentFields(target, lead.tier as Tier, settings.slaPolicy, now), status: 'nurturing',
      rejectionReason: input.reason, rejectionNote: input.note ?? null, rejectedAt: now, rejectedBy: actor.userId, updatedAt: now,
    });
    await tx.insert(leadOwnership).values(ownershipRow(actor.tenantId, id, lead, target, actor.userId, now));
    await setRecycleChecks(tx, actor.tenantId, [recycleCheckFor(id, target, now)]);
    await decideHandover(tx, actor, lead, { outcome: 'rejected', reason: input.reason }, now);
    if (lead.handedOverBy) await notifyMany(tx, now, actor.tenantId, [handOffNotice('lead.rejected', lead, actor, lead.handedOverBy, reason)]);
    await settleOwnerNotices(tx, now, actor.tenantId, [id], ['lead.handed_over']);
    await recordAudit(tx, actor, { entity: 'lead', entityId: id, action: 'reject', before: { status: 'sql', ownerId: lead.ownerId }, after: { status: 'nurturing', rejectionReason: input.reason, rejectionNote: input.note } }, now);
  });
  return getLead(deps, actor, id).catch(() => ({ id, status: 'nurturing' as const }));
}

function handOffNotice(event: 'lead.accepted' | 'lead.rejected', lead: { id: string; name: string; company: string | null; handedOverAt: Date | null }, actor: Actor, to: string, reason?: { zh: string; en: string }): NotificationInput {
  const accepted = event === 'lead.accepted';
  return {
    event, userIds: [to], entityType: 'lead', entityId: lead.id, dedupeKey: `${event}:${lead.id}:${lead.handedOverAt?.toISOString()}`,
    title: accepted ? `销售已接受：${leadLabel(lead)}` : `销售退回：${leadLabel(lead)}`,
    titleEn: accepted ? `Accepted by sales: ${leadLabel(lead)}` : `Rejected by sales: ${leadLabel(lead)}`,
    body: accepted ? `${actor.name} 接受了你移交的 SQL。` : `${actor.name} 退回了该线索，原因：${reason!.zh}。线索已回到培育中。`,
    bodyEn: accepted ? `${actor.name} accepted the SQL you handed over.` : `${actor.name} sent it back: ${reason!.en}. The lead is back in nurturing.`,
  };
}
