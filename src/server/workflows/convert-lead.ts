// Convert a lead (线索转化): an SQL becomes an account and a contact in one step, all or nothing.
// Steps: 1 lock the lead · 2 find or create the account (查重 first) · 3 find or create the contact · 4 close the lead
// with links to what it became. Each step runs in the one transaction, so a failure at any step undoes the others —
// the compensation is the rollback. (A deal is added as step 3b once the deals module exists.)
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { recordVersion } from '../../shared/schema-parts.js';
import type { AppDeps } from '../deps.js';
import type { Tx } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { normalizeCompanyName } from '../../shared/normalize.js';
import { BUYING_ROLES, keysOf } from '../../shared/dictionaries.js';
import { accounts, contacts, createAccount, createContact, getAccount } from '../modules/accounts/index.js';
import { recordAudit } from '../modules/audit/index.js';
import { requirePermission, type Actor } from '../modules/identity/index.js';
import { leadOwnership, leads } from '../modules/leads/leads.schema.js';
import { loadWritableLead, getLead } from '../modules/leads/leads.service.js';
import { isAwaitingSales, ownershipRow } from '../modules/leads/assignment.js';
import { acceptOnConvert } from '../modules/leads/qualify.service.js';
import { setRecycleChecks } from '../modules/leads/recycle-checks.repository.js';

export const ConvertLeadInput = z.object({
  version: recordVersion(),
  /** Attach to this account instead of the one 查重 finds or a new one. */
  accountId: z.uuid().optional(),
  /** Create the account even though similar (not identical) ones exist. */
  allowSimilar: z.boolean().default(false),
  account: z.object({
    name: z.string().trim().min(2).max(200).optional(),
    level: z.enum(['A', 'B', 'C']).optional(),
    segment: z.enum(['KA', 'mid', 'SMB']).optional(),
  }).default({}),
  contact: z.object({
    buyingRoles: z.array(z.enum(keysOf(BUYING_ROLES))).max(5).default([]),
    isPrimary: z.boolean().default(true),
  }).default({ buyingRoles: [], isPrimary: true }),
});
export type ConvertLeadInput = z.infer<typeof ConvertLeadInput>;

/** Converts an SQL into account + contact; returns the lead with links to both. */
export async function convertLead(deps: AppDeps, actor: Actor, leadId: string, input: ConvertLeadInput) {
  requirePermission(actor, 'leads.convert');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const inTx: AppDeps = { ...deps, db: tx as unknown as AppDeps['db'] };
    // 1 · lock the lead
    const lead = await loadWritableLead(tx, actor, leadId);
    if (lead.status !== 'sql') throw new AppError('CONVERT_INVALID', { reason: 'not_sql', status: lead.status });
    if (lead.ownerId !== actor.userId && actor.dataScope === 'self') throw new AppError('FORBIDDEN', { reason: 'not_owner' });
    // An SQL still awaiting sales is accepted by converting it: its hand-over is answered, not left open.
    if (isAwaitingSales(lead)) await acceptOnConvert(tx, actor, lead, now);
    const companyName = input.account.name ?? lead.company;
    if (!companyName) throw new AppError('VALIDATION_FAILED', [{ path: 'account.name', message: '线索没有公司名称，请填写客户名称 / the lead has no company; give the account a name' }]);

    // 2 · the account: chosen, matched by 查重, or new
    const accountId = input.accountId ?? lead.matchedAccountId ?? await findAccountByName(tx, actor.tenantId, companyName)
      ?? (await createAccount(inTx, actor, {
        name: companyName, industry: lead.industry, employeeSize: lead.employeeSize, province: lead.province, city: lead.city,
        level: input.account.level ?? null, segment: input.account.segment ?? null, lifecycleStage: 'opportunity', source: sourceOf(lead.source),
        ownerId: lead.ownerId ?? actor.userId, tags: [], custom: {}, allowSimilar: input.allowSimilar, notes: lead.notes,
      })).id;
    await getAccount(inTx, actor, accountId);

    // 3 · the contact: the one with this mobile or email, or new on the account
    const contactId = lead.matchedContactId ?? await findContact(tx, actor.tenantId, lead.mobileNorm, lead.emailNorm)
      ?? (await createContact(inTx, actor, {
        accountId, name: lead.name, title: lead.title, mobile: lead.mobile, email: lead.email, wechat: lead.wechat,
        buyingRoles: input.contact.buyingRoles, isPrimary: input.contact.isPrimary, custom: {},
      })).id;

    // 4 · close the lead, keeping the links
    const [after] = await tx.update(leads).set({
      status: 'converted', convertedAt: now, convertedAccountId: accountId, convertedContactId: contactId,
      acceptedAt: lead.acceptedAt ?? now, acceptedBy: lead.acceptedBy ?? actor.userId,
      slaState: lead.slaState === 'on_track' || lead.slaState === 'warning' ? 'met' : lead.slaState,
      version: lead.version + 1, updatedAt: now,
    }).where(and(eq(leads.tenantId, actor.tenantId), eq(leads.id, leadId), eq(leads.version, input.version))).returning({ id: leads.id });
    if (!after) throw new AppError('VERSION_CONFLICT');
    // 已成交: the sweep has nothing left to check.
    await setRecycleChecks(tx, actor.tenantId, [{ leadId, checkAt: null }]);
    await tx.insert(leadOwnership).values(ownershipRow(actor.tenantId, leadId, lead, {
      ownerId: lead.ownerId, poolId: null, action: 'convert', reason: { zh: '转化为客户与联系人', en: 'Converted to an account and a contact' },
    }, actor.userId, now));
    await recordAudit(tx, actor, { entity: 'lead', entityId: leadId, accountId, action: 'convert', before: { status: lead.status }, after: { status: 'converted', accountId, contactId } }, now);
  });
  return getLead(deps, actor, leadId);
}

async function findAccountByName(tx: Tx, tenantId: string, name: string): Promise<string | undefined> {
  const [row] = await tx.select({ id: accounts.id }).from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.nameNorm, normalizeCompanyName(name)), isNull(accounts.deletedAt)));
  return row?.id;
}

async function findContact(tx: Tx, tenantId: string, mobileNorm: string | null, emailNorm: string | null): Promise<string | undefined> {
  for (const [col, value] of [[contacts.mobileNorm, mobileNorm], [contacts.emailNorm, emailNorm]] as const) {
    if (!value) continue;
    const [row] = await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.tenantId, tenantId), eq(col, value), isNull(contacts.deletedAt)));
    if (row) return row.id;
  }
  return undefined;
}

/** Lead sources map onto the account's source dictionary where they mean the same; the rest become 'other'. */
function sourceOf(leadSource: string): string {
  const map: Record<string, string> = { referral: 'referral', event_signup: 'event', content_download: 'content', consultation: 'website', trial: 'trial', demo_request: 'website' };
  return map[leadSource] ?? 'other';
}
