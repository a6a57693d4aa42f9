// Public capture forms: one per campaign/channel, reachable by a token, no login. Submissions go through the same
// capture pipeline as every other lead, folding repeats into the open lead and recording the submission as a touch.
import { randomBytes, createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { newId } from '../../db/ids.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { LEAD_SOURCES } from '../../../shared/dictionaries.js';
import type { FormLocale, PublicFormSubmission } from '../../../shared/lead-contracts.js';
import { recordAudit } from '../audit/index.js';
import { requirePermission, systemActor, type Actor } from '../identity/index.js';
import { captureLeads } from './capture.service.js';
import { leadForms } from './leads.schema.js';


export interface LeadFormInput {
  name: string; title?: string | null; source: string; sourceType?: 'active' | 'passive'; channel?: string | null; campaign?: string | null;
  productLine?: string | null; fields: string[]; successMessage?: string | null; locale?: FormLocale; isEnabled?: boolean;
}

// The token carries the workspace (32 hex) so a public request is looked up inside one tenant, like API keys.
const TOKEN_RE = /^lf_([0-9a-f]{32})_([A-Za-z0-9_-]{16,64})$/;
const toUuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function publicToken(form: { tenantId: string; token: string }): string {
  return `lf_${form.tenantId.replace(/-/g, '')}_${form.token}`;
}

function present(form: typeof leadForms.$inferSelect) {
  const { token: _secret, ...rest } = form;
  return { ...rest, publicToken: publicToken(form), path: `/f/${publicToken(form)}` };
}

export async function listLeadForms(deps: AppDeps, actor: Actor) {
  requirePermission(actor, 'leads.read');
  const rows = await deps.db.select().from(leadForms).where(eq(leadForms.tenantId, actor.tenantId)).orderBy(asc(leadForms.createdAt));
  return { items: rows.map(present) };
}

/** Creates a form for a campaign or channel; marketing and admins (admin.lead_rules). */
export async function createLeadForm(deps: AppDeps, actor: Actor, input: LeadFormInput) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  const sourceType = input.sourceType ?? LEAD_SOURCES.find((s) => s.key === input.source)?.sourceType ?? 'passive';
  const [row] = await deps.db.transaction(async (tx) => {
    const inserted = await tx.insert(leadForms).values({
      tenantId: actor.tenantId, id: newId(), name: input.name, title: input.title ?? null, token: randomBytes(18).toString('base64url'), sourceType, source: input.source,
      channel: input.channel ?? null, campaign: input.campaign ?? null, productLine: input.productLine ?? null, fields: input.fields,
      successMessage: input.successMessage ?? null, locale: input.locale ?? 'zh-CN', isEnabled: input.isEnabled ?? true, createdBy: actor.userId, createdAt: now, updatedAt: now,
    }).returning();
    await recordAudit(tx, actor, { entity: 'lead_form', entityId: inserted[0].id, action: 'create', after: { name: input.name, source: input.source, channel: input.channel, locale: input.locale ?? 'zh-CN' } }, now);
    return inserted;
  });
  return present(row);
}

export async function updateLeadForm(deps: AppDeps, actor: Actor, id: string, input: Partial<LeadFormInput> & { version: number }) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  const { version, ...fields } = input;
  const row = await deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(leadForms).where(and(eq(leadForms.tenantId, actor.tenantId), eq(leadForms.id, id)));
    if (!before) throw new AppError('NOT_FOUND');
    const after = await updateVersioned(tx, leadForms, actor.tenantId, id, version, { ...fields, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'lead_form', entityId: id, action: 'update', before: { ...before, token: undefined }, after: { ...after, token: undefined } }, now);
    return after;
  });
  return present(row);
}

async function findFormByToken(deps: AppDeps, token: string) {
  const m = TOKEN_RE.exec(token);
  if (!m) throw new AppError('FORM_NOT_FOUND');
  const [form] = await deps.db.select().from(leadForms).where(and(eq(leadForms.tenantId, toUuid(m[1])), eq(leadForms.token, m[2])));
  if (!form || !form.isEnabled) throw new AppError('FORM_NOT_FOUND');
  return form;
}

/** What the public page needs to render the form; nothing about the workspace beyond it (not even marketing's own name for the form, unless it has no title). */
export async function describePublicForm(deps: AppDeps, token: string) {
  const form = await findFormByToken(deps, token);
  return { title: form.title ?? form.name, fields: form.fields, successMessage: form.successMessage, locale: form.locale as FormLocale };
}

/**
 * Takes a public submission. A filled honeypot is accepted silently and dropped (a bot learns nothing); a repeat
 * submission (same event id) records nothing new; a returning person's submission merges into their open lead.
 */
export async function submitPublicForm(deps: AppDeps, token: string, input: PublicFormSubmission) {
  const form = await findFormByToken(deps, token);
  if (input.website) return { ok: true, message: form.successMessage };
  const { website: _honeypot, eventId, utm, ...sent } = input;
  // Only what the form asks is taken: a visitor cannot add a product line (which routes) or fields the page never showed.
  const asked = new Set<string>(['name', ...form.fields]);
  const lead = { ...Object.fromEntries(Object.entries(sent).filter(([k]) => asked.has(k))), utm } as Omit<PublicFormSubmission, 'website' | 'eventId'>;
  const eventKey = eventId ?? createHash('sha256').update(JSON.stringify([lead.mobile, lead.email, lead.name, deps.clock.now().toISOString().slice(0, 16)])).digest('hex').slice(0, 32);
  const actor = systemActor(form.tenantId, `表单「${form.name}」`);
  const [outcome] = await captureLeads(deps, actor, [{
    ...lead, source: form.source as never, sourceType: form.sourceType as 'active' | 'passive', channel: form.channel, campaign: form.campaign ?? lead.utm?.campaign ?? null,
    productLine: form.productLine, onDuplicate: 'merge', assignToMe: false,
  }], { method: 'form', formId: form.id, onDuplicate: 'merge', touch: { label: `提交表单「${form.name}」`, eventIdOf: () => `form:${form.id}:${eventKey}` } });
  // Counted once per submission: the same one sent twice (a double click, a retry) records its touch once, and counts once.
  if (outcome.outcome !== 'duplicate' && outcome.touchRecorded) {
    await deps.db.update(leadForms).set({ submissions: sql`${leadForms.submissions} + 1` }).where(and(eq(leadForms.tenantId, form.tenantId), eq(leadForms.id, form.id)));
  }
  return { ok: true, message: form.successMessage };
}
