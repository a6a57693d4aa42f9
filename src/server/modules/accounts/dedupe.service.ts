import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { extractDomain, normalizeCompanyName, normalizeCreditCode, normalizeEmail, normalizeMobile } from '../../../shared/normalize.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../identity/index.js';
import { accounts, contacts } from './accounts.schema.js';
import { findAccountMatches } from './accounts.repository.js';
import { isVisible, scopeOwnerIds } from './accounts.policy.js';

export type MatchReason = 'credit_code' | 'name' | 'domain' | 'similar_name';

export interface AccountMatch {
  id: string; name: string; creditCode: string | null; domain: string | null; ownerId: string | null; ownerName: string | null;
  updatedAt: Date; reasons: MatchReason[]; similarity: number; canOpen: boolean;
  /** Same credit code or same normalised name: the same company, never created twice. */
  isHard: boolean;
}

export interface AccountKeys { name?: string | null; creditCode?: string | null; website?: string | null }

export function accountDedupeKeys(k: AccountKeys) {
  return {
    nameNorm: k.name ? normalizeCompanyName(k.name) : null,
    creditCode: normalizeCreditCode(k.creditCode),
    domain: extractDomain(k.website),
  };
}

/** 查重 for accounts: every live account that matches, with owner and whether the actor may open it. */
export async function findAccountDuplicates(db: Queryable, actor: Actor, k: AccountKeys, excludeId?: string): Promise<AccountMatch[]> {
  const rows = await findAccountMatches(db, actor.tenantId, accountDedupeKeys(k), excludeId);
  const scope = await scopeOwnerIds(db, actor);
  return rows.map((r) => {
    const reasons: MatchReason[] = [];
    if (r.by_code) reasons.push('credit_code');
    if (r.by_name) reasons.push('name');
    if (r.by_domain) reasons.push('domain');
    if (!r.by_name && r.similarity >= 0.5) reasons.push('similar_name');
    return {
      id: r.id, name: r.name, creditCode: r.credit_code, domain: r.domain, ownerId: r.owner_id, ownerName: r.owner_name,
      updatedAt: r.updated_at, reasons, similarity: Math.round(r.similarity * 100) / 100,
      canOpen: isVisible(scope, { ownerId: r.owner_id, csOwnerId: r.cs_owner_id }), isHard: r.by_code || r.by_name,
    };
  });
}

/**
 * Refuses a create or edit that would duplicate an account: identical ones always, similar ones unless the
 * user has seen them and chosen to go on (allowSimilar).
 */
export async function assertNoAccountDuplicate(db: Queryable, actor: Actor, k: AccountKeys, allowSimilar: boolean, excludeId?: string) {
  const matches = await findAccountDuplicates(db, actor, k, excludeId);
  const hard = matches.some((m) => m.isHard);
  if (hard || (matches.length && !allowSimilar)) throw new AppError('ACCOUNT_DUPLICATE', { matches, canOverride: !hard });
}

export interface ContactMatch {
  id: string; name: string; accountId: string; accountName: string; mobile: string | null; email: string | null;
  reasons: ('mobile' | 'email')[]; canOpen: boolean;
}

/** 查重 for contacts: same mobile (any written form) or same email. */
export async function findContactDuplicates(db: Queryable, actor: Actor, k: { mobile?: string | null; email?: string | null }, excludeId?: string): Promise<ContactMatch[]> {
  const mobileNorm = normalizeMobile(k.mobile);
  const emailNorm = normalizeEmail(k.email);
  if (!mobileNorm && !emailNorm) return [];
  const rows = await db.select({
    id: contacts.id, name: contacts.name, accountId: contacts.accountId, accountName: accounts.name, mobile: contacts.mobile, email: contacts.email,
    mobileNorm: contacts.mobileNorm, emailNorm: contacts.emailNorm, ownerId: accounts.ownerId, csOwnerId: accounts.csOwnerId,
  }).from(contacts)
    .innerJoin(accounts, and(eq(accounts.tenantId, contacts.tenantId), eq(accounts.id, contacts.accountId)))
    .where(and(
      eq(contacts.tenantId, actor.tenantId), isNull(contacts.deletedAt),
      excludeId ? sql`${contacts.id} <> ${excludeId}` : undefined,
      or(mobileNorm ? eq(contacts.mobileNorm, mobileNorm) : undefined, emailNorm ? eq(contacts.emailNorm, emailNorm) : undefined),
    )).limit(10);
  const scope = await scopeOwnerIds(db, actor);
  return rows.map((r) => ({
    id: r.id, name: r.name, accountId: r.accountId, accountName: r.accountName, mobile: r.mobile, email: r.email,
    reasons: [...(mobileNorm && r.mobileNorm === mobileNorm ? ['mobile' as const] : []), ...(emailNorm && r.emailNorm === emailNorm ? ['email' as const] : [])],
    canOpen: isVisible(scope, r),
  }));
}
