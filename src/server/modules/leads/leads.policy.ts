// Who may see and change a lead: the data scope over owners, pool membership for pool leads, and field masking.
import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { maskValue } from '../../../shared/mask.js';
import { scopeOwnerIds, presentFields } from '../accounts/index.js';
import { can, type Actor } from '../identity/index.js';
import { poolMembers, pools } from './lead-rules.schema.js';
import { leads } from './leads.schema.js';

export interface LeadScope {
  /** Owners whose leads the actor sees; null = every lead (全部). */
  ownerIds: string[] | null;
  /** Pools the actor belongs to: their unowned leads are visible (to claim). */
  poolIds: string[];
  /** Unrouted leads (no owner, no pool) wait for someone who can assign them. */
  seesUnrouted: boolean;
  /** Pools the actor administers: their leads may be changed (marked invalid, assigned) without claiming them first. */
  adminPoolIds: string[];
}

/** The actor's lead scope, cached on the actor for one request. */
export async function resolveLeadScope(db: Queryable, actor: Actor): Promise<LeadScope> {
  const cache = actor as Actor & { _leadScope?: LeadScope };
  if (cache._leadScope) return cache._leadScope;
  const ownerIds = await scopeOwnerIds(db, actor);
  if (ownerIds !== null && can(actor, 'admin.pools')) {
    // Whoever administers pools oversees every pool (the pool pages list them all): its leads are theirs to open and
    // act on as a pool admin's, not listed in a pool and then "not found" on the lead's own page.
    const all = (await db.select({ id: pools.id }).from(pools).where(and(eq(pools.tenantId, actor.tenantId), isNull(pools.deletedAt)))).map((r) => r.id);
    cache._leadScope = { ownerIds, poolIds: all, seesUnrouted: can(actor, 'leads.assign'), adminPoolIds: all };
    return cache._leadScope;
  }
  const memberships = ownerIds === null ? [] : await db.select({ poolId: poolMembers.poolId, role: poolMembers.role }).from(poolMembers)
    .where(and(eq(poolMembers.tenantId, actor.tenantId), eq(poolMembers.userId, actor.userId)));
  cache._leadScope = {
    ownerIds, poolIds: memberships.map((r) => r.poolId), seesUnrouted: can(actor, 'leads.assign'),
    adminPoolIds: memberships.filter((r) => r.role === 'admin').map((r) => r.poolId),
  };
  return cache._leadScope;
}

/** SQL condition for the leads the scope covers; undefined = no restriction. */
export function leadVisibleCondition(scope: LeadScope): SQL | undefined {
  if (scope.ownerIds === null) return undefined;
  const parts: SQL[] = [];
  if (scope.ownerIds.length) parts.push(inArray(leads.ownerId, scope.ownerIds));
  if (scope.poolIds.length) parts.push(and(isNull(leads.ownerId), inArray(leads.poolId, scope.poolIds))!);
  if (scope.seesUnrouted) parts.push(and(isNull(leads.ownerId), isNull(leads.poolId))!);
  return parts.length ? or(...parts) : eq(leads.id, '00000000-0000-0000-0000-000000000000');
}

export function isLeadVisible(scope: LeadScope, row: { ownerId: string | null; poolId: string | null }): boolean {
  if (scope.ownerIds === null) return true;
  if (row.ownerId) return scope.ownerIds.includes(row.ownerId);
  if (row.poolId) return scope.poolIds.includes(row.poolId);
  return scope.seesUnrouted;
}

/**
 * Whether the actor may change a lead they can see. A pool's members see its leads in order to claim them; until they
 * do, only someone who assigns leads, sees every lead, or administers the pool may change one (a member marking a
 * shared lead invalid would take it from everyone).
 */
export function isLeadWritable(scope: LeadScope, actor: Actor, row: { ownerId: string | null; poolId: string | null }): boolean {
  if (!isLeadVisible(scope, row)) return false;
  if (row.ownerId || !row.poolId || scope.ownerIds === null || can(actor, 'leads.assign')) return true;
  return scope.adminPoolIds.includes(row.poolId);
}

/**
 * The lead as this actor may see it: role field permissions first, then contact details masked while the lead sits
 * in a pool, so members see who it is but only the one who claims it gets the number (掉公海后号码脱敏).
 */
export function presentLead<T extends { ownerId: string | null; poolId: string | null; mobile?: string | null; email?: string | null; wechat?: string | null }>(actor: Actor, row: T): T {
  const out = presentFields(actor, 'lead', row as unknown as Record<string, unknown>) as unknown as T;
  if (row.ownerId || !row.poolId || actor.dataScope === 'all') return out;
  return { ...out, mobile: maskValue('mobile', out.mobile) as string | null, email: maskValue('email', out.email) as string | null, wechat: maskValue('wechat', out.wechat) as string | null };
}
