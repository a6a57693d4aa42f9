// Capturing leads from any channel (manual, import, API, public form): clean → 查重 → score → route → write,
// a batch at a time in one transaction, so a burst of inbound leads costs a handful of statements, not thousands.
import { and, eq, inArray, isNull, or, sql, type AnyColumn } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { equalsAny, inOrder, insertRowsAsJson, type Tx } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { LEAD_SOURCES } from '../../../shared/dictionaries.js';
import type { CreateLeadInput } from '../../../shared/lead-contracts.js';
import { companyEmailDomain, normalizeCompanyName, normalizeEmail, normalizeMobile, normalizePersonName } from '../../../shared/normalize.js';
import { recordAudit } from '../audit/index.js';
import { accounts, contacts } from '../accounts/index.js';
import { requirePermission, users, type Actor } from '../identity/index.js';
import { notifyMany, type NotificationInput } from '../notifications/index.js';
import { assignmentFields, ownershipRow, recycleCheckFor, type AssignmentTarget } from './assignment.js';
import { leadConflicts, leadOwnership, leads, leadScores, leadTouches, OPEN_LEAD_STATUSES, type LeadStatus } from './leads.schema.js';
import { setRecycleChecks, type RecycleCheck } from './recycle-checks.repository.js';
import { findRegionOfProvince } from './leads.routing.js';
import { scoreTotals, type ScorableLead, type ScoreTotals, type ScoringModel } from './leads.scoring.js';
import { isLeadWritable, resolveLeadScope } from './leads.policy.js';
import { addDays, leadLabel, type Bilingual, type SourceType, type Tier } from './leads.text.js';
import { loadLeadSettings, openRouter, type LeadSettings, type RepInfo } from './routing.service.js';
import { loadActiveScoringModel, lockScoringModels, rescoreLeads, scoreRow, statusAfterScore } from './scoring.service.js';

export type CaptureMethod = 'manual' | 'import' | 'api' | 'form';

export interface CaptureContext {
  method: CaptureMethod;
  formId?: string | null;
  /** The sender's event id and a label for the capture touch (a form submission), so a resubmission records nothing new. */
  touch?: { label?: string; eventIdOf: (index: number) => string };
  /** Overrides each input's own onDuplicate (forms and imports fold repeats into the open lead). */
  onDuplicate?: CreateLeadInput['onDuplicate'];
}

export type CaptureOutcome =
  /**
   * touchRecorded (with the sender's event ids, ctx.touch): whether this capture's touch was new; a repeat of the same
   * event records nothing. filled: whether this repeat added anything to the lead (a field it lacked, or another
   * mobile, company… in its notes).
   */
  | { index: number; outcome: 'created' | 'linked'; id: string; ownerId: string | null; poolId: string | null; tier: Tier; score: number; touchRecorded?: boolean }
  | { index: number; outcome: 'merged'; id: string; filled?: boolean; changed?: string[]; touchRecorded?: boolean }
  /** duplicateOfIndex: the earlier input of the same batch this one repeats (its matches are then empty: it is not stored yet). */
  | { index: number; outcome: 'duplicate'; matches: LeadMatch[]; duplicateOfIndex?: number; mergeRefused?: boolean };

export interface LeadMatch {
  kind: 'lead' | 'account' | 'contact';
  id: string;
  name: string;
  /** What it shares with the new lead; 'name' with 'company' makes it possibly the same person under another number. */
  reasons: ('mobile' | 'email' | 'wechat' | 'company' | 'name' | 'domain')[];
  ownerId: string | null;
  poolId?: string | null;
  status?: string;
  accountId?: string;
  /** A lead's owner, so two matches of one name read apart (撞单 shows whose it is). */
  ownerName?: string | null;
  createdAt?: Date;
  /** The lead a merge would fold the new one into, and whether this actor may change it. */
  mergeTarget?: boolean;
  mergeable?: boolean;
}

interface Keys { mobileNorm: string | null; emailNorm: string | null; wechat: string | null; companyNorm: string | null; nameKey: string; domain: string | null }

const sourceTypeOf = (source: string) => LEAD_SOURCES.find((s) => s.key === source)?.sourceType ?? 'passive';

/** The engagement the capture itself is: asking for a demo is a demo request, whatever channel carried it. */
const CAPTURE_TOUCH: Record<string, string> = {
  consultation: 'consultation', trial: 'trial_signup', demo_request: 'demo_requested', content_download: 'content_downloaded',
  event_signup: 'event_registered', referral: 'consultation', giveaway: 'form_submitted', other: 'form_submitted',
};

function keysOf(input: CreateLeadInput): Keys {
  return {
    mobileNorm: normalizeMobile(input.mobile), emailNorm: normalizeEmail(input.email), wechat: input.wechat?.trim() || null,
    companyNorm: input.company ? normalizeCompanyName(input.company) : null, nameKey: normalizePersonName(input.name),
    domain: companyEmailDomain(input.email),
  };
}

/** Every open lead, account and contact sharing a key with any input: three statements for the whole batch. */
async function probeDuplicates(tx: Tx, tenantId: string, keys: Keys[]) {
  const mobiles = [...new Set(keys.map((k) => k.mobileNorm).filter(Boolean))] as string[];
  const emails = [...new Set(keys.map((k) => k.emailNorm).filter(Boolean))] as string[];
  const wechats = [...new Set(keys.map((k) => k.wechat).filter(Boolean))] as string[];
  const companies = [...new Set(keys.map((k) => k.companyNorm).filter(Boolean))] as string[];
  const domains = [...new Set(keys.map((k) => k.domain).filter(Boolean))] as string[];
  const anyOf = (col: AnyColumn, values: string[]) => (values.length ? equalsAny(col, values) : undefined);
  const [leadRows, accountRows, contactRows] = await inOrder([
    mobiles.length || emails.length || wechats.length || companies.length
      ? tx.select({ id: leads.id, name: leads.name, company: leads.company, mobileNorm: leads.mobileNorm, emailNorm: leads.emailNorm, wechat: leads.wechat, companyNorm: leads.companyNorm, ownerId: leads.ownerId, ownerName: users.name, poolId: leads.poolId, status: leads.status, createdAt: leads.createdAt })
        .from(leads).leftJoin(users, and(eq(users.tenantId, leads.tenantId), eq(users.id, leads.ownerId))).where(and(eq(leads.tenantId, tenantId), isNull(leads.deletedAt), inArray(leads.status, [...OPEN_LEAD_STATUSES]),
          or(anyOf(leads.mobileNorm, mobiles), anyOf(leads.emailNorm, emails), anyOf(leads.wechat, wechats), anyOf(leads.companyNorm, companies))))
      : [],
    companies.length || domains.length
      ? tx.select({ id: accounts.id, name: accounts.name, nameNorm: accounts.nameNorm, domain: accounts.domain, ownerId: accounts.ownerId })
        .from(accounts).where(and(eq(accounts.tenantId, tenantId), isNull(accounts.deletedAt), or(anyOf(accounts.nameNorm, companies), anyOf(accounts.domain, domains))))
      : [],
    mobiles.length || emails.length
      ? tx.select({ id: contacts.id, name: contacts.name, accountId: contacts.accountId, accountName: accounts.name, mobileNorm: contacts.mobileNorm, emailNorm: contacts.emailNorm, ownerId: accounts.ownerId })
        .from(contacts).innerJoin(accounts, and(eq(accounts.tenantId, contacts.tenantId), eq(accounts.id, contacts.accountId)))
        .where(and(eq(contacts.tenantId, tenantId), isNull(contacts.deletedAt), or(anyOf(contacts.mobileNorm, mobiles), anyOf(contacts.emailNorm, emails))))
      : [],
  ]);
  return { leadRows, accountRows, contactRows };
}

type Probe = Awaited<ReturnType<typeof probeDuplicates>>;

interface Matches {
  /** Open leads with the same mobile, email or WeChat id: the same person. */
  samePerson: Probe['leadRows'];
  /** Open leads of the same company and the same name under another mobile or email: possibly the same person. */
  sameName: Probe['leadRows'];
  /** Every other open lead of the company (sameName first): a colleague, whose owner holds the company. */
  sameCompany: Probe['leadRows'];
  account?: Probe['accountRows'][number];
  contact?: Probe['contactRows'][number];
  all: LeadMatch[];
}

function matchesFor(k: Keys, p: Probe): Matches {
  const samePerson = p.leadRows.filter((l) => (k.mobileNorm && l.mobileNorm === k.mobileNorm) || (k.emailNorm && l.emailNorm === k.emailNorm)
    || (k.wechat && l.wechat === k.wechat));
  const isNamesake = (l: { name: string }) => normalizePersonName(l.name) === k.nameKey;
  const ofCompany = p.leadRows.filter((l) => k.companyNorm && l.companyNorm === k.companyNorm && !samePerson.includes(l));
  const sameName = ofCompany.filter(isNamesake);
  const sameCompany = [...sameName, ...ofCompany.filter((l) => !isNamesake(l))];
  // The account of the company named, else the one whose website is the email's company domain.
  const account = (k.companyNorm ? p.accountRows.find((a) => a.nameNorm === k.companyNorm) : undefined)
    ?? (k.domain ? p.accountRows.find((a) => a.domain === k.domain) : undefined);
  const contact = p.contactRows.find((c) => (k.mobileNorm && c.mobileNorm === k.mobileNorm) || (k.emailNorm && c.emailNorm === k.emailNorm));
  const reasonsOf = (r: { mobileNorm?: string | null; emailNorm?: string | null; wechat?: string | null; companyNorm?: string | null }) => [
    ...(k.mobileNorm && r.mobileNorm === k.mobileNorm ? ['mobile' as const] : []),
    ...(k.emailNorm && r.emailNorm === k.emailNorm ? ['email' as const] : []),
    ...(k.wechat && r.wechat === k.wechat ? ['wechat' as const] : []),
    ...(k.companyNorm && r.companyNorm === k.companyNorm ? ['company' as const] : []),
    ...(sameName.some((l) => l === r) ? ['name' as const] : []),
  ];
  const all: LeadMatch[] = [
    ...[...samePerson, ...sameCompany].map((l) => ({ kind: 'lead' as const, id: l.id, name: leadLabel(l), reasons: reasonsOf(l), ownerId: l.ownerId, ownerName: l.ownerName, poolId: l.poolId, status: l.status, createdAt: l.createdAt })),
    ...(account ? [{ kind: 'account' as const, id: account.id, name: account.name, reasons: [account.nameNorm === k.companyNorm ? 'company' as const : 'domain' as const], ownerId: account.ownerId }] : []),
    ...(contact ? [{ kind: 'contact' as const, id: contact.id, name: contact.name, reasons: reasonsOf(contact), ownerId: contact.ownerId, accountId: contact.accountId }] : []),
  ];
  return { samePerson, sameName, sameCompany, account, contact, all };
}

/**
 * Captures a batch of leads in one transaction and returns one outcome per input, in order. A repeat of an open lead
 * (same mobile, email or WeChat id) is refused with the matches, merged into it, or linked to it, as the input asks; it is never
 * silently doubled. Leads of a company someone already holds go to that owner when they can take it.
 */
export async function captureLeads(deps: AppDeps, actor: Actor, inputs: CreateLeadInput[], ctx: CaptureContext): Promise<CaptureOutcome[]> {
  requirePermission(actor, ctx.method === 'import' ? 'leads.import' : 'leads.write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const settings = await loadLeadSettings(tx, actor.tenantId);
    // Shared with other scorers, exclusive with activation: a capture never scores with a model being replaced.
    await lockScoringModels(tx, actor.tenantId, 'shared');
    const model = await loadActiveScoringModel(tx, actor.tenantId);
    // Captures queue on the workspace's routing lock from before 查重 to the commit: a capture running beside this one
    // has committed its leads before this probe reads, so the same person captured twice at once (an import run twice,
    // a double submit) is found, not doubled.
    const router = await openRouter(tx, actor.tenantId, now, { defaultCapacity: settings.defaultCapacity });
    const keys = inputs.map(keysOf);
    const probe = await probeDuplicates(tx, actor.tenantId, keys);
    // A repeat is merged only into a lead this actor may change: a rep cannot write into a colleague's lead this way.
    const scope = probe.leadRows.length ? await resolveLeadScope(tx, actor) : null;
    const canMerge = (row: { ownerId: string | null; poolId: string | null }) => !scope || isLeadWritable(scope, actor, row);
    const { plans, touches, merged } = planCapture(actor.tenantId, inputs, keys, probe, model, ctx, now, canMerge);
    // The holders chooseTarget may send a lead to, whether or not a rule names them, with their load and leave.
    await router.include(plans.flatMap((p) => (p.kind === 'new' ? holderOf(p.m, p.input)?.ownerId ?? [] : [])));
    // A company's first lead in this batch makes its owner the company's holder for the batch's later rows.
    const batchHolders = new Map<string, Holder>();

    const outcomes: CaptureOutcome[] = [];
    const newLeads: (typeof leads.$inferInsert)[] = [];
    const scores: ReturnType<typeof scoreRow>[] = [];
    const checks: RecycleCheck[] = [];
    const ownership: ReturnType<typeof ownershipRow>[] = [];
    const conflicts: (typeof leadConflicts.$inferInsert)[] = [];
    const notices: NotificationInput[] = [];

    for (const plan of plans) {
      if (plan.kind !== 'new') { outcomes.push(plan.outcome); continue; }
      const { index, input, k, m, id, existing, profile, score, region, status } = plan;
      const target = chooseTarget(actor, input, m, router, { ...profile, region, tier: score.tier, productLine: input.productLine },
        k.companyNorm ? batchHolders.get(k.companyNorm) : undefined);
      if (target.ownerId && k.companyNorm && !batchHolders.has(k.companyNorm)) {
        batchHolders.set(k.companyNorm, { ownerId: target.ownerId, what: input.company ?? '', kind: { zh: '线索', en: 'a lead' } });
      }
      const fields = assignmentFields(target, score.tier, settings.slaPolicy, now);
      newLeads.push({
        tenantId: actor.tenantId, id, name: input.name, company: input.company ?? null, companyNorm: k.companyNorm, title: input.title ?? null,
        mobile: input.mobile ?? null, mobileNorm: k.mobileNorm, email: input.email ?? null, emailNorm: k.emailNorm, wechat: input.wechat ?? null,
        industry: input.industry ?? null, employeeSize: input.employeeSize ?? null, province: input.province ?? null, city: input.city ?? null,
        region, productLine: input.productLine ?? null, sourceType: profile.sourceType, source: input.source, channel: input.channel ?? null,
        campaign: input.campaign ?? null, utm: input.utm ?? {}, captureMethod: ctx.method, formId: ctx.formId ?? null, status,
        mqlAt: status === 'mql' ? now : null, tier: score.tier, ...fields, homePoolId: target.poolId ?? null,
        duplicateOfId: existing ? existing.id : null, matchedAccountId: m.account?.id ?? m.contact?.accountId ?? null, matchedContactId: m.contact?.id ?? null,
        notes: input.notes ?? null, createdBy: actor.kind === 'user' ? actor.userId : null, createdAt: now, updatedAt: now,
      });
      scores.push(scoreRow(actor.tenantId, id, score, now));
      if (target.ownerId) checks.push(recycleCheckFor(id, target, now));
      // An unrouted lead has no owner to record yet; why it is unrouted stays on the lead (assignment_reason).
      if (target.ownerId || target.poolId) ownership.push(ownershipRow(actor.tenantId, id, { ownerId: null, poolId: null }, target, actor.kind === 'user' ? actor.userId : null, now));
      const rival = target.ownerId ? rivalOf(m, target.ownerId) : undefined;
      if (rival) conflicts.push(conflictRow(actor.tenantId, id, rival.id, settings, now));
      if (target.ownerId && target.ownerId !== actor.userId) notices.push(assignedNotice(id, input, target, score.tier));
      outcomes.push({ index, outcome: existing ? 'linked' : 'created', id, ownerId: target.ownerId, poolId: target.poolId, tier: score.tier, score: score.total });
    }

    await router.save();
    await insertRowsAsJson(tx, leads, newLeads);
    await insertRowsAsJson(tx, leadScores, scores);
    await setRecycleChecks(tx, actor.tenantId, checks);
    await insertRowsAsJson(tx, leadOwnership, ownership);
    const recorded = new Set(await insertRowsAsJson(tx, leadTouches, touches, { onConflictDoNothing: true, returning: ctx.touch ? 'event_id' : undefined }));
    if (conflicts.length) await tx.insert(leadConflicts).values(conflicts);
    // A public form is anonymous: knowing someone's mobile must not let a visitor write an email, a title or notes into
    // the lead a rep works. Its repeat adds the touch (with what was typed on it), nothing else.
    const changed = ctx.method === 'form' ? new Map<number, MergeChange>() : await mergeIntoLeads(tx, actor.tenantId, merged, now);
    const filled = new Set([...changed.values()].map((c) => c.id));
    for (const o of outcomes) {
      if (o.outcome === 'merged') {
        o.filled = changed.has(o.index);
        o.changed = Object.keys(changed.get(o.index)?.after ?? {});
      }
      if (ctx.touch && o.outcome !== 'duplicate') o.touchRecorded = recorded.has(ctx.touch.eventIdOf(o.index));
    }
    // A merge that filled the profile (an import adding title and industry) or recorded a touch changes the score.
    const rescored = [...new Set(merged.filter((m) => ctx.touch || filled.has(m.id)).map((m) => m.id))];
    if (rescored.length) await rescoreLeads(tx, actor.tenantId, rescored, model, now);
    if (notices.length) await notifyMany(tx, now, actor.tenantId, notices);
    await recordAudit(tx, actor, [
      ...newLeads.map((l, k) => ({ entity: 'lead', entityId: l.id, action: 'create', after: { name: l.name, company: l.company, source: l.source, ownerId: l.ownerId, poolId: l.poolId, score: scores[k].score, tier: l.tier } })),
      ...[...changed.values()].map((c) => ({ entity: 'lead', entityId: c.id, action: 'merge_capture', before: c.before, after: c.after })),
    ], now);
    return outcomes;
  });
}

type CapturePlan =
  | { kind: 'done'; outcome: CaptureOutcome }
  | {
    kind: 'new'; index: number; input: CreateLeadInput; k: Keys; m: Matches; id: string; existing?: { id: string };
    profile: ScorableLead & { sourceType: SourceType }; score: ScoreTotals; region: string | null; status: LeadStatus;
  };

/**
 * What each input comes to before routing: refused, merged into an open lead, or a new lead with its id, score and
 * capture touch, waiting for a target; with the touches to record and the merges to apply.
 */
function planCapture(tenantId: string, inputs: CreateLeadInput[], keys: Keys[], probe: Probe, model: ScoringModel, ctx: CaptureContext, now: Date,
  canMerge: (row: { ownerId: string | null; poolId: string | null }) => boolean) {
  const touches: (typeof leadTouches.$inferInsert)[] = [];
  const merged: { index: number; id: string; input: CreateLeadInput }[] = [];
  const seen = new Map<string, { id: string; index: number }>();
  const plans = inputs.map((input, index): CapturePlan => {
    const k = keys[index];
    const m = matchesFor(k, probe);
    // A repeat inside the same batch folds into the first occurrence.
    const inBatch = (k.mobileNorm && seen.get(`m:${k.mobileNorm}`)) || (k.emailNorm && seen.get(`e:${k.emailNorm}`))
      || (k.wechat && seen.get(`w:${k.wechat}`)) || undefined;
    const onDuplicate = ctx.onDuplicate ?? input.onDuplicate;
    // A namesake at the same company is asked about where a person decides (refuse shows the matches; the one who
    // saw them may merge, or keep both linked). Forms, imports and integrations that merge repeats leave it a lead of
    // its own: two 王伟 at one firm are common enough that a machine must not fold them together.
    const namesake = onDuplicate !== 'merge' || ctx.method === 'manual' ? m.sameName[0] : undefined;
    const stored = inBatch ? undefined : m.samePerson[0] ?? namesake;
    const existing = inBatch ? { id: inBatch.id } : stored;
    if (existing && onDuplicate !== 'link') {
      const mergeable = !stored || canMerge(stored);
      if (onDuplicate === 'refuse' || !mergeable) {
        const matches = m.all.map((x) => (x.kind === 'lead' && x.id === stored?.id ? { ...x, mergeTarget: true, mergeable } : x));
        return { kind: 'done', outcome: { index, outcome: 'duplicate', matches, ...(inBatch ? { duplicateOfIndex: inBatch.index } : {}), ...(mergeable ? {} : { mergeRefused: true }) } };
      }
      merged.push({ index, id: existing.id, input });
      // A repeat counts as engagement only with the sender's event id, so re-running an import changes nothing.
      if (ctx.touch) touches.push(captureTouch(tenantId, existing.id, input.source, ctx, index, now, ctx.method === 'form' ? input : undefined));
      return { kind: 'done', outcome: { index, outcome: 'merged', id: existing.id } };
    }
    const id = newId();
    if (k.mobileNorm) seen.set(`m:${k.mobileNorm}`, { id, index });
    if (k.emailNorm) seen.set(`e:${k.emailNorm}`, { id, index });
    if (k.wechat) seen.set(`w:${k.wechat}`, { id, index });
    const sourceType = input.sourceType ?? sourceTypeOf(input.source);
    const profile = { industry: input.industry, employeeSize: input.employeeSize, province: input.province, title: input.title, sourceType };
    const touch = captureTouch(tenantId, id, input.source, ctx, index, now);
    touches.push(touch);
    // Stored scores keep no explanation lines (a lead's page works them out again), so only the numbers are computed.
    const score = scoreTotals(model, profile, [{ type: touch.type, at: now.getTime() }], now);
    return { kind: 'new', index, input, k, m, id, existing, profile, score, region: findRegionOfProvince(input.province), status: statusAfterScore('new', score) };
  });
  return { plans, touches, merged };
}

interface Holder { ownerId: string; what: string; kind: Bilingual }

/**
 * Who already holds the customer: the owner of its account (by company name, or the account of a contact with the
 * same mobile or email), else the owner of an open lead of the company, else whoever got the company's first lead
 * earlier in the same batch.
 */
function holderOf(m: Matches, input: CreateLeadInput, inBatch?: Holder): Holder | undefined {
  const heldLead = m.sameCompany.find((l) => l.ownerId);
  if (m.account?.ownerId) return { ownerId: m.account.ownerId, what: m.account.name, kind: { zh: '客户', en: 'an account' } };
  if (m.contact?.ownerId) return { ownerId: m.contact.ownerId, what: m.contact.accountName, kind: { zh: '客户', en: 'an account' } };
  if (heldLead) return { ownerId: heldLead.ownerId!, what: heldLead.company ?? input.company ?? '', kind: { zh: '线索', en: 'a lead' } };
  return inBatch;
}

const AWAY: Record<NonNullable<RepInfo['away']> | 'full', Bilingual> = {
  disabled: { zh: '已停用', en: 'disabled' }, leave: { zh: '请假中', en: 'on leave' },
  no_access: { zh: '角色看不到线索', en: 'role cannot see leads' }, full: { zh: '库容已满', en: 'at capacity' },
};

/**
 * Where a new lead goes: to its enterer when asked; to whoever holds the company, when that person can take it (in
 * post, able to see leads, under capacity); otherwise by the routing rules, saying why the holder was passed over.
 */
function chooseTarget(
  actor: Actor, input: CreateLeadInput, m: Matches, router: Awaited<ReturnType<typeof openRouter>>, routable: Parameters<typeof router.route>[0], inBatch?: Holder,
): AssignmentTarget {
  if (input.assignToMe && actor.kind === 'user') {
    return { ownerId: actor.userId, poolId: null, reason: { zh: `${actor.name} 本人录入并跟进`, en: `Entered and kept by ${actor.name}` }, action: 'assign' };
  }
  const holder = holderOf(m, input, inBatch);
  const rep = holder ? router.reps.get(holder.ownerId) : undefined;
  if (holder && rep?.isAvailable && rep.held < (rep.capacity ?? Infinity)) {
    rep.held += 1;
    return {
      ownerId: holder.ownerId, poolId: null, action: 'assign',
      reason: { zh: `同一公司「${holder.what}」已有${holder.kind.zh}，分给其负责人，避免撞单`, en: `The company "${holder.what}" already has ${holder.kind.en}; sent to its owner to avoid a clash` },
    };
  }
  const d = router.route(routable);
  const why = holder && rep ? AWAY[rep.away ?? 'full'] : undefined;
  const reason = holder && rep && why ? {
    zh: `同一公司「${holder.what}」的负责人 ${rep.name} ${why.zh}，改按规则分配：${d.reason.zh}`,
    en: `${rep.name}, who holds the company "${holder.what}", is ${why.en}; routed by the rules instead: ${d.reason.en}`,
  } : d.reason;
  if (d.target.kind === 'rep') return { ownerId: d.target.repId, poolId: null, ruleId: d.ruleId, reason, action: 'assign' };
  if (d.target.kind === 'pool') return { ownerId: null, poolId: d.target.poolId, ruleId: d.ruleId, reason, action: 'to_pool' };
  return { ownerId: null, poolId: null, ruleId: d.ruleId, reason, action: 'assign' };
}

/** Another rep's open lead for the same company: 撞单, decided later by the first valid follow-up. */
function rivalOf(m: Matches, ownerId: string) {
  return m.sameCompany.find((l) => l.ownerId && l.ownerId !== ownerId);
}

function conflictRow(tenantId: string, leadId: string, existingLeadId: string, settings: LeadSettings, now: Date) {
  return { tenantId, id: newId(), leadId, existingLeadId, status: 'pending', decideBy: addDays(now, settings.conflictProtectionDays), createdAt: now };
}

/**
 * The touch recording the capture: the sender's event (a form submission) or one derived from the source. A public
 * form's repeat keeps what the visitor typed on the touch (`submitted`), since it is not written into the lead.
 */
function captureTouch(tenantId: string, leadId: string, source: string, ctx: CaptureContext, index: number, now: Date, submitted?: CreateLeadInput) {
  const id = newId();
  const type = CAPTURE_TOUCH[source] ?? 'form_submitted';
  const typed = submitted && Object.fromEntries(Object.entries({
    name: submitted.name, company: submitted.company, title: submitted.title, mobile: submitted.mobile, email: submitted.email,
    wechat: submitted.wechat, notes: submitted.notes,
  }).filter(([, v]) => v));
  return {
    tenantId, id, leadId, occurredAt: now, createdAt: now, properties: { captureMethod: ctx.method, ...(typed ? { submitted: typed } : {}) },
    eventId: ctx.touch ? ctx.touch.eventIdOf(index) : `capture:${id}`, type, label: ctx.touch?.label ?? null,
  };
}

function assignedNotice(leadId: string, input: CreateLeadInput, target: AssignmentTarget, tier: Tier): NotificationInput {
  const who = leadLabel(input);
  return {
    event: 'lead.assigned', userIds: [target.ownerId!], entityType: 'lead', entityId: leadId, dedupeKey: `lead.assigned:${leadId}`,
    title: `新线索：${who}`, titleEn: `New lead: ${who}`,
    body: `${tier} 级线索分配给你。${target.reason.zh}`, bodyEn: `A tier ${tier} lead was assigned to you. ${target.reason.en}`,
  };
}

/** The profile fields a repeat fills when the open lead lacks them; never overwritten once recorded. */
const MERGE_FILLS = ['company', 'title', 'mobile', 'email', 'wechat', 'industry', 'employeeSize', 'province', 'city'] as const;
type MergeField = (typeof MERGE_FILLS)[number];

interface MergeChange { id: string; before: Record<string, unknown>; after: Record<string, unknown> }

/**
 * Folds repeat submissions into their open leads: fills what a lead lacked, never overwrites what a rep recorded, and
 * keeps another name, mobile, email, WeChat, company or title as a line of its notes (once). The leads are read in
 * one statement and only those that change are written; repeats are applied in input order, so a second repeat of
 * the same lead in one batch sees the first. Returns what each repeat (by input index) changed, before and after; a
 * plain repeat leaves the lead (and its version) alone.
 */
async function mergeIntoLeads(tx: Tx, tenantId: string, merged: { index: number; id: string; input: CreateLeadInput }[], now: Date) {
  const changes = new Map<number, MergeChange>();
  if (!merged.length) return changes;
  const rows = await tx.select({
    id: leads.id, name: leads.name, company: leads.company, companyNorm: leads.companyNorm, title: leads.title, mobile: leads.mobile, mobileNorm: leads.mobileNorm,
    email: leads.email, emailNorm: leads.emailNorm, wechat: leads.wechat, industry: leads.industry, employeeSize: leads.employeeSize,
    province: leads.province, city: leads.city, notes: leads.notes,
  }).from(leads).where(and(eq(leads.tenantId, tenantId), inArray(leads.id, [...new Set(merged.map((m) => m.id))]))).for('update');
  const current = new Map(rows.map((r) => [r.id, r]));
  const written = new Map<string, Record<string, unknown>>();
  for (const { index, id, input } of merged) {
    const lead = current.get(id);
    if (!lead) continue;
    const change = mergeChange(lead, input);
    if (!change) continue;
    changes.set(index, { id, ...change });
    Object.assign(lead, change.after, normsOf(change.after));
    written.set(id, { ...written.get(id), ...change.after, ...normsOf(change.after) });
  }
  for (const [id, values] of written) {
    await tx.update(leads).set({ ...values, updatedAt: now, version: sql`${leads.version} + 1` }).where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)));
  }
  return changes;
}

type MergeTarget = Record<MergeField | 'name' | 'companyNorm' | 'mobileNorm' | 'emailNorm' | 'notes', string | null> & { name: string };

/** What one repeat changes in its lead, before and after, or null. */
function mergeChange(lead: MergeTarget, input: CreateLeadInput) {
  const given: Record<MergeField, string | null | undefined> = {
    company: input.company, title: input.title, mobile: input.mobile, email: input.email, wechat: input.wechat, industry: input.industry,
    employeeSize: input.employeeSize, province: input.province, city: input.city,
  };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const f of MERGE_FILLS) {
    if (given[f] && !lead[f]) { before[f] = null; after[f] = given[f]; }
  }
  // What differs is compared on the form that decides sameness (normalised) and noted as it was given.
  const others: [stored: string | null, key: string | null, shown: string | null | undefined, label: string][] = [
    [normalizePersonName(lead.name), normalizePersonName(input.name), input.name, '另填姓名 / other name'],
    [lead.mobileNorm, normalizeMobile(input.mobile), normalizeMobile(input.mobile), '另留手机 / other mobile'],
    [lead.emailNorm, normalizeEmail(input.email), normalizeEmail(input.email), '另留邮箱 / other email'],
    [lead.wechat, input.wechat?.trim() || null, input.wechat, '另留微信 / other WeChat'],
    [lead.companyNorm, input.company ? normalizeCompanyName(input.company) : null, input.company, '另填公司 / other company'],
    [lead.title, input.title ?? null, input.title, '另填职位 / other title'],
  ];
  const lines = others.filter(([stored, key, shown]) => stored && key && shown && stored !== key).map(([, , shown, label]) => `${label}: ${shown}`)
    .filter((line) => !(lead.notes ?? '').includes(line));
  if (lines.length) { before.notes = lead.notes; after.notes = [lead.notes, ...lines].filter(Boolean).join('\n'); }
  return Object.keys(after).length ? { before, after } : null;
}

/** The normalised keys of filled contact fields, so 查重 finds the lead by them. */
function normsOf(after: Record<string, unknown>) {
  return {
    ...('company' in after ? { companyNorm: normalizeCompanyName(String(after.company)) } : {}),
    ...('mobile' in after ? { mobileNorm: normalizeMobile(String(after.mobile)) } : {}),
    ...('email' in after ? { emailNorm: normalizeEmail(String(after.email)) } : {}),
  };
}

/** One lead through the capture pipeline; a refused duplicate becomes LEAD_DUPLICATE with the matches. */
export async function createLead(deps: AppDeps, actor: Actor, input: CreateLeadInput, ctx: CaptureContext = { method: 'manual' }) {
  const [outcome] = await captureLeads(deps, actor, [input], ctx);
  if (outcome.outcome === 'duplicate') throw new AppError(outcome.mergeRefused ? 'LEAD_MERGE_NOT_ALLOWED' : 'LEAD_DUPLICATE', { matches: outcome.matches, canOverride: true });
  return outcome;
}
