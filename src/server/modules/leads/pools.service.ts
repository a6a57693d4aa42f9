// 线索池 / 客户公海 administration: the pools, their rules and members, and the leads waiting in them.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordVersion, text } from '../../../shared/schema-parts.js';
import type { AppDeps } from '../../deps.js';
import type { Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../http/pagination.js';
import { normalizeCompanyName, normalizeMobile } from '../../../shared/normalize.js';
import { recordAudit } from '../audit/index.js';
import { can, requirePermission, users, type Actor } from '../identity/index.js';
import { DEFAULT_CLAIM_RULES } from './leads.claim.js';
import { presentLead } from './leads.policy.js';
import { DEFAULT_RECYCLE_RULES } from './leads.recycle.js';
import { LEAD_CURSOR_SHAPES, LEAD_SORTS, listLeads, type LeadSortKey, type LeadView } from './leads.repository.js';
import { leads } from './leads.schema.js';
import { poolMembers, pools, routingRules } from './lead-rules.schema.js';
import { loadLeadPeople } from './routing.service.js';

const days = z.number().int().min(1).max(3650).nullable();

// Strict: pools once had their own time zone here; a client still sending one is told, since the workspace's now counts.
export const ClaimRulesInput = z.strictObject({
  dailyLimit: z.number().int().min(1).max(10_000).nullable(),
  coolDownDays: z.number().int().min(1).max(3650).nullable(),
});
const Thresholds = z.object({ notFollowedUpDays: days, notWonDays: days, notFirstTouchedDays: days });
export const RecycleRulesInput = Thresholds.extend({
  excludeWon: z.boolean(), excludeLocked: z.boolean(), excludeWithOpenDeal: z.boolean(),
  warnDaysAhead: z.number().int().min(0).max(365),
  tierOverrides: z.partialRecord(z.enum(['A', 'B', 'C', 'D']), Thresholds.partial()).optional(),
});

/** Omitted rules take the design's defaults (DEFAULT_CLAIM_RULES, DEFAULT_RECYCLE_RULES); omitted keys inside them too. */
export const CreatePoolInput = z.object({
  name: text(100).min(1),
  description: text(2000).nullable().optional(),
  claimRules: ClaimRulesInput.partial().optional(),
  recycleRules: RecycleRulesInput.partial().optional(),
  holdingLimit: z.number().int().min(1).max(100_000).nullable().optional(),
  isDefault: z.boolean().optional(),
});
export type CreatePoolInput = z.infer<typeof CreatePoolInput>;
/** A patch: given rule keys replace the stored ones, the rest stay. */
export const UpdatePoolInput = CreatePoolInput.partial().extend({ version: recordVersion() });
export type UpdatePoolInput = z.infer<typeof UpdatePoolInput>;
export const ReplacePoolMembersInput = z.object({
  members: z.array(z.object({ userId: z.uuid(), role: z.enum(['member', 'admin']).default('member') })).max(2000),
});
export type ReplacePoolMembersInput = z.infer<typeof ReplacePoolMembersInput>;

export type PoolRow = typeof pools.$inferSelect;
export type PoolRole = 'member' | 'admin';

export interface PoolAccess { pool: PoolRow; role: PoolRole | null; canManage: boolean }

/** Everyone with admin.pools or the 全部 scope oversees every pool; others see the pools they belong to. */
const overseesPools = (actor: Actor) => can(actor, 'admin.pools') || actor.dataScope === 'all';

/** A live pool the actor may see, with their membership; NOT_FOUND for other workspaces' pools and pools they may not see. */
export async function loadPoolAccess(db: Queryable, actor: Actor, poolId: string, forUpdate = false): Promise<PoolAccess> {
  const q = db.select().from(pools).where(and(eq(pools.tenantId, actor.tenantId), eq(pools.id, poolId), isNull(pools.deletedAt)));
  const [pool] = forUpdate ? await q.for('update') : await q;
  if (!pool) throw new AppError('NOT_FOUND');
  const [member] = await db.select({ role: poolMembers.role }).from(poolMembers)
    .where(and(eq(poolMembers.tenantId, actor.tenantId), eq(poolMembers.poolId, poolId), eq(poolMembers.userId, actor.userId)));
  const role = (member?.role as PoolRole | undefined) ?? null;
  if (!role && !overseesPools(actor)) throw new AppError('NOT_FOUND');
  return { pool, role, canManage: can(actor, 'admin.pools') || role === 'admin' };
}

function requireManage(access: PoolAccess) {
  if (!access.canManage) throw new AppError('FORBIDDEN', { permission: 'admin.pools' });
}

function present(pool: PoolRow, extra: { leadCount?: number; memberCount?: number; myRole?: PoolRole | null; canManage?: boolean }) {
  const { tenantId: _t, deletedAt: _d, ...rest } = pool;
  return { ...rest, ...extra };
}

/** The pools the actor may see, each with the leads waiting in it and its member count. */
export async function listPools(deps: AppDeps, actor: Actor) {
  if (!can(actor, 'leads.read') && !can(actor, 'admin.pools')) throw new AppError('FORBIDDEN', { permission: 'leads.read' });
  // Spelled out as pools.* : inside a subquery drizzle would print bare column names that the inner table captures.
  const mine = sql<string | null>`(select m.role from pool_members m where m.tenant_id = pools.tenant_id and m.pool_id = pools.id and m.user_id = ${actor.userId})`;
  const rows = await deps.db.select({
    pool: pools,
    myRole: mine,
    leadCount: sql<number>`(select count(*)::int from leads l where l.tenant_id = pools.tenant_id and l.pool_id = pools.id and l.owner_id is null and l.deleted_at is null)`,
    memberCount: sql<number>`(select count(*)::int from pool_members m where m.tenant_id = pools.tenant_id and m.pool_id = pools.id)`,
  }).from(pools)
    .where(and(eq(pools.tenantId, actor.tenantId), isNull(pools.deletedAt), overseesPools(actor) ? undefined : sql`${mine} is not null`))
    .orderBy(desc(pools.isDefault), asc(pools.name));
  return {
    items: rows.map((r) => present(r.pool, {
      leadCount: r.leadCount, memberCount: r.memberCount, myRole: r.myRole as PoolRole | null,
      canManage: can(actor, 'admin.pools') || r.myRole === 'admin',
    })),
  };
}

/** One pool with its rules, for the pool page and the rule editor. */
export async function getPool(deps: AppDeps, actor: Actor, id: string) {
  const access = await loadPoolAccess(deps.db, actor, id);
  return present(access.pool, { myRole: access.role, canManage: access.canManage });
}

async function assertNameFree(db: Queryable, tenantId: string, name: string, exceptId?: string) {
  const [clash] = await db.select({ id: pools.id }).from(pools).where(and(eq(pools.tenantId, tenantId), eq(pools.name, name), isNull(pools.deletedAt)));
  if (clash && clash.id !== exceptId) throw new AppError('ALREADY_EXISTS', [{ path: 'name', message: `已有名为「${name}」的线索池 / a pool named "${name}" exists` }]);
}

/** Only one default pool per workspace: making one the default unsets the previous one in the same transaction. */
async function clearDefault(db: Queryable, tenantId: string, now: Date) {
  await db.update(pools).set({ isDefault: false, updatedAt: now, version: sql`${pools.version} + 1` })
    .where(and(eq(pools.tenantId, tenantId), eq(pools.isDefault, true), isNull(pools.deletedAt)));
}

/** Creates a pool; rules not given take the design's defaults. */
export async function createPool(deps: AppDeps, actor: Actor, input: CreatePoolInput) {
  requirePermission(actor, 'admin.pools');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    await assertNameFree(tx, actor.tenantId, input.name);
    if (input.isDefault) await clearDefault(tx, actor.tenantId, now);
    const [row] = await tx.insert(pools).values({
      tenantId: actor.tenantId, id: newId(), name: input.name, description: input.description ?? null,
      claimRules: { ...DEFAULT_CLAIM_RULES, ...input.claimRules }, recycleRules: { ...DEFAULT_RECYCLE_RULES, ...input.recycleRules },
      holdingLimit: input.holdingLimit ?? null, isDefault: input.isDefault ?? false, createdAt: now, updatedAt: now,
    }).returning();
    await recordAudit(tx, actor, { entity: 'pool', entityId: row.id, action: 'create', after: present(row, {}) }, now);
    return present(row, { leadCount: 0, memberCount: 0, myRole: null, canManage: true });
  });
}

/** Edits a pool's name, rules or limits (admin.pools or the pool's admins); only admin.pools moves the default. */
export async function updatePool(deps: AppDeps, actor: Actor, id: string, input: UpdatePoolInput) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const access = await loadPoolAccess(tx, actor, id, true);
    requireManage(access);
    const before = access.pool;
    if (input.isDefault !== undefined && input.isDefault !== before.isDefault) requirePermission(actor, 'admin.pools');
    if (input.name !== undefined && input.name !== before.name) await assertNameFree(tx, actor.tenantId, input.name, id);
    if (input.isDefault && !before.isDefault) await clearDefault(tx, actor.tenantId, now);
    const after = await updateVersioned(tx, pools, actor.tenantId, id, input.version, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.claimRules && { claimRules: { ...before.claimRules, ...input.claimRules } }),
      ...(input.recycleRules && { recycleRules: { ...before.recycleRules, ...input.recycleRules } }),
      ...(input.holdingLimit !== undefined && { holdingLimit: input.holdingLimit }),
      ...(input.isDefault !== undefined && { isDefault: input.isDefault }),
      updatedAt: now,
    });
    await recordAudit(tx, actor, { entity: 'pool', entityId: id, action: 'update', before: present(before, {}), after: present(after, {}) }, now);
    return present(after, { myRole: access.role, canManage: true });
  });
}

/** Soft-deletes an empty pool; a pool still holding leads, or targeted by a routing rule, is IN_USE. */
export async function deletePool(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.pools');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { pool } = await loadPoolAccess(tx, actor, id, true);
    const [held] = await tx.select({ n: sql<number>`count(*)::int` }).from(leads)
      .where(and(eq(leads.tenantId, actor.tenantId), eq(leads.poolId, id), isNull(leads.deletedAt)));
    const rules = await tx.select({ name: routingRules.name }).from(routingRules).where(and(eq(routingRules.tenantId, actor.tenantId),
      sql`(${routingRules.target}->>'poolId' = ${id} or ${routingRules.target}->>'overflowPoolId' = ${id})`));
    if (held.n || rules.length) throw new AppError('IN_USE', { leads: held.n, routingRules: rules.map((r) => r.name) });
    await tx.delete(poolMembers).where(and(eq(poolMembers.tenantId, actor.tenantId), eq(poolMembers.poolId, id)));
    await tx.update(pools).set({ deletedAt: now, isDefault: false, updatedAt: now }).where(and(eq(pools.tenantId, actor.tenantId), eq(pools.id, id)));
    await recordAudit(tx, actor, { entity: 'pool', entityId: id, action: 'delete', before: { name: pool.name } }, now);
  });
}

async function selectMembers(db: Queryable, tenantId: string, poolId: string) {
  return db.select({ userId: poolMembers.userId, role: poolMembers.role, name: users.name, email: users.email, status: users.status, createdAt: poolMembers.createdAt })
    .from(poolMembers).innerJoin(users, and(eq(users.tenantId, poolMembers.tenantId), eq(users.id, poolMembers.userId)))
    .where(and(eq(poolMembers.tenantId, tenantId), eq(poolMembers.poolId, poolId))).orderBy(desc(poolMembers.role), asc(users.name));
}

/** A pool's members and admins. */
export async function listPoolMembers(deps: AppDeps, actor: Actor, poolId: string) {
  await loadPoolAccess(deps.db, actor, poolId);
  return { items: await selectMembers(deps.db, actor.tenantId, poolId) };
}

/** Replaces a pool's members with the given set, in one transaction (admin.pools or the pool's admins). */
export async function replacePoolMembers(deps: AppDeps, actor: Actor, poolId: string, input: ReplacePoolMembersInput) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const access = await loadPoolAccess(tx, actor, poolId, true);
    requireManage(access);
    const ids = input.members.map((m) => m.userId);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (dupes.length) throw new AppError('VALIDATION_FAILED', [{ path: 'members', message: `成员重复 / listed twice: ${[...new Set(dupes)].join(', ')}` }]);
    const known = ids.length ? await loadLeadPeople(tx, actor.tenantId, ids) : [];
    const unknown = ids.filter((id) => !known.some((k) => k.id === id));
    if (unknown.length) throw new AppError('VALIDATION_FAILED', unknown.map((id) => ({ path: 'members', message: `用户不存在 / no such user: ${id}` })));
    // A member who cannot see leads could neither see the pool's leads nor claim one.
    const blind = known.filter((k) => !k.seesLeads);
    if (blind.length) {
      throw new AppError('VALIDATION_FAILED', blind.map((k) => ({ path: 'members', message: `${k.name} 的角色看不到线索，不能加入线索池 / ${k.name}'s role cannot see leads, so cannot be in a lead pool` })));
    }
    const before = await selectMembers(tx, actor.tenantId, poolId);
    await tx.delete(poolMembers).where(and(eq(poolMembers.tenantId, actor.tenantId), eq(poolMembers.poolId, poolId)));
    if (input.members.length) {
      const since = new Map(before.map((m) => [m.userId, m.createdAt]));
      await tx.insert(poolMembers).values(input.members.map((m) => ({ tenantId: actor.tenantId, poolId, userId: m.userId, role: m.role, createdAt: since.get(m.userId) ?? now })));
    }
    await recordAudit(tx, actor, {
      entity: 'pool', entityId: poolId, action: 'replace_members',
      before: { members: before.map((m) => `${m.userId}:${m.role}`) }, after: { members: input.members.map((m) => `${m.userId}:${m.role}`) },
    }, now);
    return { items: await selectMembers(tx, actor.tenantId, poolId) };
  });
}

export interface PoolLeadQuery { q?: string; tier?: string[]; sort: LeadSortKey; direction: 'asc' | 'desc'; limit: number; cursor?: string }


/** The leads waiting in a pool, one keyset page at a time; contact details stay masked until someone claims them. */
export async function listPoolLeadsPage(deps: AppDeps, actor: Actor, poolId: string, query: PoolLeadQuery): Promise<Page<LeadView>> {
  requirePermission(actor, 'leads.read');
  await loadPoolAccess(deps.db, actor, poolId);
  const shape = LEAD_CURSOR_SHAPES[LEAD_SORTS[query.sort].kind];
  const after = decodeCursor(query.cursor, shape);
  const q = query.q?.trim();
  // Pool access was checked above, so no owner-scope condition: the pool's unowned leads are the whole list.
  const rows = await listLeads(deps.db, actor.tenantId, {
    poolId, tier: query.tier, q,
    qNorm: q ? normalizeCompanyName(q) : undefined, qMobile: q && /\d{7,}/.test(q) ? normalizeMobile(q) ?? undefined : undefined,
  }, query.sort, query.direction, query.limit + 1, after);
  const hasMore = rows.length > query.limit;
  const items = hasMore ? rows.slice(0, query.limit) : rows;
  const last = items[items.length - 1];
  const sortValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  return {
    items: items.map((r) => presentLead(actor, r)),
    nextCursor: hasMore ? encodeCursor([sortValue(last[query.sort]), last.id]) : null,
  };
}
