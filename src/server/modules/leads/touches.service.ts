// Recording touches (行为): engagement events from forms, email, events and the website, single or in batches,
// idempotent by the sender's event id. A touch on a lead rescores it in the same transaction, so it may become MQL.
import { and, asc, desc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { inOrder, type Tx } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { normalizeEmail, normalizeMobile } from '../../../shared/normalize.js';
import { recordAudit, type AuditEntry } from '../audit/index.js';
import { accounts, contacts, scopeOwnerIds } from '../accounts/index.js';
import { requirePermission, type Actor } from '../identity/index.js';
import { isLeadWritable, leadVisibleCondition, resolveLeadScope } from './leads.policy.js';
import { leads, leadTouches, OPEN_LEAD_STATUSES } from './leads.schema.js';
import { loadActiveScoringModel, lockScoringModels, rescoreLeads } from './scoring.service.js';
import { instant } from '../../../shared/schema-parts.js';

export const MAX_TOUCH_BATCH = 1000;
const MAX_PROPERTIES_BYTES = 4096;
/** Senders' clocks drift; a touch further ahead than this is a bug on their side, not a future event. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** One engagement event. `type` is one of TOUCH_TYPES or a workspace's own type (lower-case letters and _). */
export const TouchEventInput = z.object({
  eventId: z.string().trim().min(1, '请提供事件 ID / eventId is required').max(200),
  type: z.string().regex(/^[a-z_]{2,40}$/, '类型须为 2–40 个小写字母或下划线 / type must be 2–40 lower-case letters or _'),
  label: z.string().trim().max(100).optional(),
  occurredAt: instant(),
  leadId: z.uuid().transform((v) => v.toLowerCase()).optional(),
  contactId: z.uuid().transform((v) => v.toLowerCase()).optional(),
  mobile: z.string().trim().max(40).optional(),
  email: z.string().trim().max(200).optional(),
  properties: z.record(z.string(), z.unknown()).optional()
    .refine((p) => !p || Buffer.byteLength(JSON.stringify(p)) <= MAX_PROPERTIES_BYTES, { message: 'properties 不能超过 4 KB / properties must be at most 4 KB' }),
}).refine((e) => Boolean(e.leadId || e.contactId || e.mobile || e.email), {
  message: '请提供 leadId、contactId、手机或邮箱之一 / give a leadId, a contactId, a mobile or an email', path: ['leadId'],
});
export type TouchEventInput = z.infer<typeof TouchEventInput>;

export type TouchOutcome = {
  index: number;
  eventId: string | null;
  outcome: 'recorded' | 'duplicate' | 'unmatched' | 'invalid';
  leadId?: string;
  contactId?: string;
  error?: string;
};

/** Validates raw events one by one: a bad event is reported as 'invalid' and does not spoil the batch. */
export function parseTouchEvents(raw: unknown[], now: Date): { valid: { index: number; event: TouchEventInput }[]; invalid: TouchOutcome[] } {
  const valid: { index: number; event: TouchEventInput }[] = [];
  const invalid: TouchOutcome[] = [];
  raw.forEach((item, index) => {
    const eventId = typeof (item as { eventId?: unknown })?.eventId === 'string' ? (item as { eventId: string }).eventId : null;
    const parsed = TouchEventInput.safeParse(item);
    if (!parsed.success) {
      invalid.push({ index, eventId, outcome: 'invalid', error: parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ') });
    } else if (new Date(parsed.data.occurredAt).getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      invalid.push({ index, eventId, outcome: 'invalid', error: 'occurredAt: 发生时间不能晚于现在 / occurredAt cannot be in the future' });
    } else {
      valid.push({ index, event: parsed.data });
    }
  });
  return { valid, invalid };
}

/** Records a batch of raw events as the actor and returns one outcome per event, in order. */
export async function recordTouches(deps: AppDeps, actor: Actor, raw: unknown[]): Promise<TouchOutcome[]> {
  requirePermission(actor, 'leads.write');
  const now = deps.clock.now();
  const { valid, invalid } = parseTouchEvents(raw, now);
  const recorded = valid.length ? await deps.db.transaction((tx) => recordTouchesInTx(tx, actor, valid, now)) : [];
  return [...invalid, ...recorded].sort((a, b) => a.index - b.index);
}

/** Where an event lands, or why it cannot land on the lead it names. */
interface Target { leadId?: string; contactId?: string; refused?: string }

/**
 * A touch raises the lead's score, and the score its tier, SLA and routing: it is recorded on a lead the actor may
 * change, as any other edit. A pool lead is claimed first (an API key, which sees the whole workspace, may record on it).
 */
const POOL_LEAD_REFUSED = '线索在线索池中，领取后才能记录互动 / the lead sits in a pool: claim it before recording its touches';

/**
 * Records validated events in the caller's transaction (the caller has authorised the actor) and rescores the leads
 * they touch. A fixed handful of statements for the whole batch, however many events it holds.
 */
export async function recordTouchesInTx(tx: Tx, actor: Actor, events: { index: number; event: TouchEventInput }[], now: Date): Promise<TouchOutcome[]> {
  const tenantId = actor.tenantId;
  const outcomes: TouchOutcome[] = [];
  const eventIds = [...new Set(events.map((e) => e.event.eventId))];
  const existing = new Set((await tx.select({ eventId: leadTouches.eventId }).from(leadTouches)
    .where(and(eq(leadTouches.tenantId, tenantId), inArray(leadTouches.eventId, eventIds)))).map((r) => r.eventId));

  const fresh: typeof events = [];
  for (const e of events) {
    // A repeat, whether stored earlier or earlier in this batch, changes nothing.
    if (existing.has(e.event.eventId)) { outcomes.push({ index: e.index, eventId: e.event.eventId, outcome: 'duplicate' }); continue; }
    existing.add(e.event.eventId);
    fresh.push(e);
  }
  const targets = await resolveTargets(tx, actor, fresh.map((e) => e.event));

  const rows: (typeof leadTouches.$inferInsert)[] = [];
  const rowIndex = new Map<string, { index: number; target: Target }>();
  fresh.forEach((e, i) => {
    const target = targets[i];
    if (target.refused) { outcomes.push({ index: e.index, eventId: e.event.eventId, outcome: 'invalid', error: target.refused }); return; }
    if (!target.leadId && !target.contactId) { outcomes.push({ index: e.index, eventId: e.event.eventId, outcome: 'unmatched' }); return; }
    rowIndex.set(e.event.eventId, { index: e.index, target });
    rows.push({
      tenantId, id: newId(), eventId: e.event.eventId, leadId: target.leadId ?? null, contactId: target.contactId ?? null,
      type: e.event.type, label: e.event.label ?? null, occurredAt: new Date(e.event.occurredAt), properties: e.event.properties ?? {}, createdAt: now,
    });
  });
  if (!rows.length) return outcomes;

  const leadIds = [...new Set(rows.map((r) => r.leadId).filter(Boolean))] as string[];
  // Lock the leads (in id order, as the rescore job does) before reading their touches: two batches touching one lead
  // then score it one after the other, and the later score counts both touches.
  await lockScoringModels(tx, tenantId, 'shared');
  if (leadIds.length) await tx.select({ id: leads.id }).from(leads).where(and(eq(leads.tenantId, tenantId), inArray(leads.id, leadIds))).orderBy(asc(leads.id)).for('update');
  // A concurrent request may have stored the same event id since the check above: it keeps it, this one reports a duplicate.
  const stored = new Set((await tx.insert(leadTouches).values(rows).onConflictDoNothing().returning({ eventId: leadTouches.eventId })).map((r) => r.eventId));
  const touchedLeads = new Set<string>();
  const audit = new Map<string, AuditEntry & { after: { touches: number; types: string[] } }>();
  for (const row of rows) {
    const { index, target } = rowIndex.get(row.eventId)!;
    if (!stored.has(row.eventId)) { outcomes.push({ index, eventId: row.eventId, outcome: 'duplicate' }); continue; }
    outcomes.push({ index, eventId: row.eventId, outcome: 'recorded', ...target });
    if (target.leadId) touchedLeads.add(target.leadId);
    const entityId = (target.leadId ?? target.contactId)!;
    const entry = audit.get(entityId) ?? { entity: target.leadId ? 'lead' : 'contact', entityId, action: 'touch', after: { touches: 0, types: [] } };
    entry.after.touches += 1;
    if (!entry.after.types.includes(row.type)) entry.after.types.push(row.type);
    audit.set(entityId, entry);
  }
  if (touchedLeads.size) await rescoreLeads(tx, tenantId, [...touchedLeads], await loadActiveScoringModel(tx, tenantId), now);
  await recordAudit(tx, actor, [...audit.values()], now);
  return outcomes;
}

/**
 * What each event is about, within what the actor may see: the lead or contact it names, or the open lead (oldest
 * first) and failing that the contact with its mobile or email. Three reads for the batch.
 */
async function resolveTargets(tx: Tx, actor: Actor, events: TouchEventInput[]): Promise<Target[]> {
  const tenantId = actor.tenantId;
  const keysOf = (e: TouchEventInput) => ({ mobile: normalizeMobile(e.mobile), email: normalizeEmail(e.email) });
  const byKey = events.filter((e) => !e.leadId && !e.contactId).map(keysOf);
  const leadIds = [...new Set(events.map((e) => e.leadId).filter(Boolean))] as string[];
  const contactIds = [...new Set(events.filter((e) => !e.leadId).map((e) => e.contactId).filter(Boolean))] as string[];
  const mobiles = [...new Set(byKey.map((k) => k.mobile).filter(Boolean))] as string[];
  const emails = [...new Set(byKey.map((k) => k.email).filter(Boolean))] as string[];
  const anyOf = (parts: (SQL | undefined)[]) => or(...parts.filter(Boolean));
  const scope = await resolveLeadScope(tx, actor);
  const leadScope = leadVisibleCondition(scope);
  const ownerIds = await scopeOwnerIds(tx, actor);

  const [leadRows, keyedLeads, contactRows] = await inOrder([
    leadIds.length
      ? tx.select({ id: leads.id, ownerId: leads.ownerId, poolId: leads.poolId }).from(leads)
        .where(and(eq(leads.tenantId, tenantId), inArray(leads.id, leadIds), isNull(leads.deletedAt), leadScope))
      : [],
    mobiles.length || emails.length
      ? tx.select({ id: leads.id, mobileNorm: leads.mobileNorm, emailNorm: leads.emailNorm, ownerId: leads.ownerId, poolId: leads.poolId }).from(leads)
        .where(and(eq(leads.tenantId, tenantId), isNull(leads.deletedAt), inArray(leads.status, [...OPEN_LEAD_STATUSES]), leadScope,
          anyOf([mobiles.length ? inArray(leads.mobileNorm, mobiles) : undefined, emails.length ? inArray(leads.emailNorm, emails) : undefined])))
        .orderBy(asc(leads.createdAt), asc(leads.id))
      : [],
    contactIds.length || mobiles.length || emails.length
      ? tx.select({ id: contacts.id, mobileNorm: contacts.mobileNorm, emailNorm: contacts.emailNorm }).from(contacts)
        .innerJoin(accounts, and(eq(accounts.tenantId, contacts.tenantId), eq(accounts.id, contacts.accountId)))
        .where(and(eq(contacts.tenantId, tenantId), isNull(contacts.deletedAt),
          // A contact is visible with its account: owned or served by someone in the actor's scope (accounts.policy).
          ownerIds === null ? undefined : or(inArray(accounts.ownerId, ownerIds), inArray(accounts.csOwnerId, ownerIds)),
          anyOf([contactIds.length ? inArray(contacts.id, contactIds) : undefined,
            mobiles.length ? inArray(contacts.mobileNorm, mobiles) : undefined, emails.length ? inArray(contacts.emailNorm, emails) : undefined])))
      : [],
  ]);
  const knownLeads = new Map(leadRows.map((r) => [r.id, r]));
  const knownContacts = new Set(contactRows.map((r) => r.id));
  const onLead = (lead: { id: string; ownerId: string | null; poolId: string | null }): Target =>
    (isLeadWritable(scope, actor, lead) ? { leadId: lead.id } : { refused: POOL_LEAD_REFUSED });
  return events.map((e): Target => {
    if (e.leadId) { const lead = knownLeads.get(e.leadId); return lead ? onLead(lead) : {}; }
    if (e.contactId) return knownContacts.has(e.contactId) ? { contactId: e.contactId } : {};
    const k = keysOf(e);
    const lead = keyedLeads.find((l) => k.mobile && l.mobileNorm === k.mobile) ?? keyedLeads.find((l) => k.email && l.emailNorm === k.email);
    if (lead) return onLead(lead);
    const contact = contactRows.find((c) => k.mobile && c.mobileNorm === k.mobile) ?? contactRows.find((c) => k.email && c.emailNorm === k.email);
    return contact ? { contactId: contact.id } : {};
  });
}

/** A lead's touches, newest first, for the lead detail; the caller has checked the lead is visible. */
export async function listLeadTouches(deps: Pick<AppDeps, 'db'>, tenantId: string, leadId: string, limit = 200) {
  return deps.db.select({ id: leadTouches.id, eventId: leadTouches.eventId, type: leadTouches.type, label: leadTouches.label, occurredAt: leadTouches.occurredAt, properties: leadTouches.properties })
    .from(leadTouches).where(and(eq(leadTouches.tenantId, tenantId), eq(leadTouches.leadId, leadId)))
    .orderBy(desc(leadTouches.occurredAt), desc(leadTouches.id)).limit(limit);
}
