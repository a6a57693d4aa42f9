// Routing rules admin: the ordered rules that send each new lead to a team or a pool, and a dry run ("preview") that
// says which rule and rep a lead would get right now, and why.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordVersion, text } from '../../../shared/schema-parts.js';
import type { AppDeps } from '../../deps.js';
import { jsonRecordset, type Queryable } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { updateVersioned } from '../../db/versioned.js';
import { AppError } from '../../http/errors.js';
import { INDUSTRIES, PROVINCES, keysOf } from '../../../shared/dictionaries.js';
import { recordAudit } from '../audit/index.js';
import { can, requirePermission, roles, users, worksLeads, type Actor } from '../identity/index.js';
import { pools, routingRules, routingState } from './lead-rules.schema.js';
import {
  EMPTY_ROUTING_STATE, decideRoute, findRegionOfProvince, type RoutingCondition, type RoutingField, type RoutingRule, type RoutingTarget,
} from './leads.routing.js';
import { TIERS, type Tier } from './leads.text.js';
import { loadLeadSettings, loadRepLoads, readAssignedCounts } from './routing.service.js';

const ROUTING_FIELDS = ['province', 'region', 'industry', 'tier', 'sourceType', 'productLine'] as const satisfies readonly RoutingField[];
const STRATEGIES = ['round_robin', 'weighted', 'least_loaded'] as const;
const REGION_NAMES = [...new Set(PROVINCES.map((p) => findRegionOfProvince(p)).filter(Boolean))] as string[];

/** The values a condition on each field may take; productLine is the workspace's own vocabulary, so free text. */
const KNOWN_VALUES: Partial<Record<RoutingField, readonly string[]>> = {
  province: PROVINCES, region: REGION_NAMES, industry: keysOf(INDUSTRIES), tier: TIERS, sourceType: ['active', 'passive'],
};

const Condition = z.object({
  field: z.enum(ROUTING_FIELDS),
  in: z.array(text(100).min(1, '条件值不能为空 / a value is empty')).min(1, '请至少选择一个值 / choose at least one value').max(200),
}).superRefine((c, ctx) => {
  const known = KNOWN_VALUES[c.field];
  c.in.forEach((v, i) => {
    if (known && !known.includes(v)) ctx.addIssue({ code: 'custom', path: ['in', i], message: `未知取值 / unknown value: ${v}` });
  });
});

const Target = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('team'),
    repIds: z.array(z.uuid()).min(1, '团队至少一人 / a team needs at least one rep').max(200)
      .refine((ids) => new Set(ids).size === ids.length, { message: '成员重复 / a rep is listed twice' }),
    strategy: z.enum(STRATEGIES),
    overflowPoolId: z.uuid().nullish(),
  }),
  z.object({ kind: z.literal('pool'), poolId: z.uuid() }),
]);

const ruleFields = {
  name: text(100).min(1, '请填写规则名称 / name the rule'),
  nameEn: text(100).nullish(),
  isEnabled: z.boolean(),
  conditions: z.array(Condition).max(10)
    .refine((cs) => new Set(cs.map((c) => c.field)).size === cs.length, { message: '同一字段只能设一个条件 / one condition per field' }),
  target: Target,
};

export const CreateRoutingRuleInput = z.object({ ...ruleFields, isEnabled: ruleFields.isEnabled.default(true) });
export type CreateRoutingRuleInput = z.infer<typeof CreateRoutingRuleInput>;
/** Only what is sent changes: no defaults here (isEnabled's would switch a disabled rule back on with any edit). */
export const UpdateRoutingRuleInput = z.object(ruleFields).partial().extend({ version: recordVersion() });
export type UpdateRoutingRuleInput = z.infer<typeof UpdateRoutingRuleInput>;
/** How many routing rules a workspace may have. */
export const MAX_ROUTING_RULES = 200;
export const ReorderRoutingRulesInput = z.object({ ids: z.array(z.uuid()).max(MAX_ROUTING_RULES) });
export const PreviewRouteInput = z.object({
  province: z.string().max(50).nullish(), region: z.string().max(50).nullish(), industry: z.string().max(50).nullish(),
  tier: z.enum(TIERS).nullish(), sourceType: z.enum(['active', 'passive']).nullish(), productLine: z.string().max(50).nullish(),
});
export type PreviewRouteInput = z.infer<typeof PreviewRouteInput>;

/** Reading rules and previewing is for rule admins and for whoever assigns leads by hand. */
function requireRuleReader(actor: Actor) {
  if (!can(actor, 'admin.lead_rules')) requirePermission(actor, 'leads.assign');
}

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', [{ path, message }]);

/**
 * Refuses a name another rule has (case and spaces aside): a lead's reason says which rule routed it, and two rules
 * named alike make that reason ambiguous. Rules are few; the workspace's rows are locked so two saves cannot both pass.
 */
async function assertNameFree(db: Queryable, tenantId: string, name: string, exceptId?: string) {
  const key = name.trim().toLowerCase();
  const rows = await db.select({ id: routingRules.id, name: routingRules.name }).from(routingRules)
    .where(eq(routingRules.tenantId, tenantId)).for('update');
  if (rows.some((r) => r.id !== exceptId && r.name.trim().toLowerCase() === key)) {
    throw invalid('name', `已有名为「${name}」的规则，请换一个名称，线索的分配原因才不会混淆 / A rule named "${name}" exists; choose another name so lead reasons stay clear`);
  }
}

/** Checks the target against the workspace (active reps, live pools) and stores the pool names for the reasons. */
async function resolveTarget(db: Queryable, tenantId: string, target: z.infer<typeof Target>): Promise<RoutingTarget> {
  const poolIds = target.kind === 'pool' ? [target.poolId] : target.overflowPoolId ? [target.overflowPoolId] : [];
  const found = poolIds.length
    ? await db.select({ id: pools.id, name: pools.name }).from(pools).where(and(eq(pools.tenantId, tenantId), inArray(pools.id, poolIds), isNull(pools.deletedAt)))
    : [];
  if (target.kind === 'pool') {
    if (!found.length) throw invalid('target.poolId', '线索池不存在 / no such pool');
    return { kind: 'pool', poolId: target.poolId, poolName: found[0].name };
  }
  const people = await db.select({ id: users.id, name: users.name, worksLeads }).from(users)
    .innerJoin(roles, and(eq(roles.tenantId, users.tenantId), eq(roles.id, users.roleId)))
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, target.repIds), eq(users.status, 'active')));
  const byId = new Map(people.map((u) => [u.id, u]));
  const bad = target.repIds.findIndex((id) => !byId.has(id));
  if (bad >= 0) throw invalid(`target.repIds.${bad}`, '不是本工作区的在职用户 / not an active user of this workspace');
  // A lead routed to someone whose role does not work leads (customer success, marketing) would sit unseen and breach its SLA.
  const idle = target.repIds.findIndex((id) => !byId.get(id)!.worksLeads);
  if (idle >= 0) {
    const name = byId.get(target.repIds[idle])!.name;
    throw invalid(`target.repIds.${idle}`, `${name} 的角色不处理线索（没有接受 SQL 或领取线索的权限）/ ${name}'s role does not work leads (cannot accept SQLs or claim leads)`);
  }
  if (target.overflowPoolId && !found.length) throw invalid('target.overflowPoolId', '溢出池不存在 / no such overflow pool');
  return {
    kind: 'team', repIds: target.repIds, strategy: target.strategy,
    ...(target.overflowPoolId ? { overflowPoolId: target.overflowPoolId, overflowPoolName: found[0].name } : {}),
  };
}

/** The rules in order, each with rep and pool names and how many leads each rep got from it. */
export async function listRoutingRules(deps: AppDeps, actor: Actor) {
  requireRuleReader(actor);
  const rows = await deps.db.select().from(routingRules).where(eq(routingRules.tenantId, actor.tenantId)).orderBy(asc(routingRules.position), asc(routingRules.id));
  const counts = await readAssignedCounts(deps.db, actor.tenantId);
  const repIds = [...new Set(rows.flatMap((r) => [...(r.target.kind === 'team' ? r.target.repIds : []), ...Object.keys(counts[r.id] ?? {})]))];
  const poolIds = [...new Set(rows.map((r) => (r.target.kind === 'pool' ? r.target.poolId : r.target.overflowPoolId)).filter(Boolean))] as string[];
  const [people, poolRows] = await Promise.all([
    repIds.length ? deps.db.select({ id: users.id, name: users.name, status: users.status }).from(users).where(and(eq(users.tenantId, actor.tenantId), inArray(users.id, repIds))) : [],
    poolIds.length ? deps.db.select({ id: pools.id, name: pools.name, deletedAt: pools.deletedAt }).from(pools).where(and(eq(pools.tenantId, actor.tenantId), inArray(pools.id, poolIds))) : [],
  ]);
  const person = new Map(people.map((p) => [p.id, p]));
  const pool = new Map(poolRows.map((p) => [p.id, p]));
  const poolView = (id: string | null | undefined) => (id ? { id, name: pool.get(id)?.name ?? null, isDeleted: !pool.get(id) || !!pool.get(id)!.deletedAt } : null);
  return rows.map((r) => {
    const ruleCounts = counts[r.id] ?? {};
    const team = r.target.kind === 'team' ? r.target.repIds : [];
    const countIds = [...new Set([...team, ...Object.keys(ruleCounts)])];
    return {
      id: r.id, position: r.position, name: r.name, nameEn: r.nameEn, isEnabled: r.isEnabled, conditions: r.conditions, target: r.target,
      version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt,
      reps: team.map((id) => ({ id, name: person.get(id)?.name ?? null, isActive: person.get(id)?.status === 'active' })),
      pool: poolView(r.target.kind === 'pool' ? r.target.poolId : r.target.overflowPoolId),
      assignedCounts: countIds.map((id) => ({ repId: id, name: person.get(id)?.name ?? null, assigned: ruleCounts[id] ?? 0, isInTeam: team.includes(id) })),
    };
  });
}

async function getRule(deps: AppDeps, actor: Actor, id: string) {
  const rule = (await listRoutingRules(deps, actor)).find((r) => r.id === id);
  if (!rule) throw new AppError('NOT_FOUND');
  return rule;
}

/** Adds a rule at the end of the order. */
export async function createRoutingRule(deps: AppDeps, actor: Actor, input: CreateRoutingRuleInput) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  const id = newId();
  await deps.db.transaction(async (tx) => {
    await assertNameFree(tx, actor.tenantId, input.name);
    const target = await resolveTarget(tx, actor.tenantId, input.target);
    const [{ last, count }] = await tx.select({ last: sql<number>`coalesce(max(${routingRules.position}), 0)::int`, count: sql<number>`count(*)::int` })
      .from(routingRules).where(eq(routingRules.tenantId, actor.tenantId));
    // Every capture walks the rules in order, and the order is saved as one list: a bound keeps both workable.
    if (count >= MAX_ROUTING_RULES) {
      throw invalid('name', `最多 ${MAX_ROUTING_RULES} 条分配规则：请合并或删除不再用的规则 / at most ${MAX_ROUTING_RULES} routing rules: merge or delete rules no longer used`);
    }
    const row = {
      tenantId: actor.tenantId, id, position: last + 1, name: input.name, nameEn: input.nameEn ?? null, isEnabled: input.isEnabled,
      conditions: input.conditions as RoutingCondition[], target, createdAt: now, updatedAt: now,
    };
    await tx.insert(routingRules).values(row);
    await recordAudit(tx, actor, { entity: 'routing_rule', entityId: id, action: 'create', after: { name: row.name, position: row.position, isEnabled: row.isEnabled, conditions: row.conditions, target } }, now);
  });
  return getRule(deps, actor, id);
}

/** Edits a rule if it is still at the version the editor saw. */
export async function updateRoutingRule(deps: AppDeps, actor: Actor, id: string, input: UpdateRoutingRuleInput) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(routingRules).where(and(eq(routingRules.tenantId, actor.tenantId), eq(routingRules.id, id))).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    if (input.name !== undefined) await assertNameFree(tx, actor.tenantId, input.name, id);
    const { version, target, conditions, nameEn, ...rest } = input;
    const patch: Partial<typeof routingRules.$inferInsert> = { ...rest, updatedAt: now };
    if (nameEn !== undefined) patch.nameEn = nameEn;
    if (conditions) patch.conditions = conditions as RoutingCondition[];
    if (target) patch.target = await resolveTarget(tx, actor.tenantId, target);
    const after = await updateVersioned(tx, routingRules, actor.tenantId, id, version, patch);
    const view = (r: typeof before) => ({ name: r.name, nameEn: r.nameEn, isEnabled: r.isEnabled, conditions: r.conditions, target: r.target });
    await recordAudit(tx, actor, { entity: 'routing_rule', entityId: id, action: 'update', before: view(before), after: view(after) }, now);
  });
  return getRule(deps, actor, id);
}

/** Deletes a rule; leads it routed keep their reason, and its round-robin cursor is dropped. */
export async function deleteRoutingRule(deps: AppDeps, actor: Actor, id: string) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [gone] = await tx.delete(routingRules).where(and(eq(routingRules.tenantId, actor.tenantId), eq(routingRules.id, id))).returning();
    if (!gone) throw new AppError('NOT_FOUND');
    await tx.update(routingState).set({
      state: sql`${routingState.state} #- array['cursors', ${id}]::text[] #- array['credits', ${id}]::text[]`,
      assignedCounts: sql`${routingState.assignedCounts} - ${id}::text`,
    }).where(eq(routingState.tenantId, actor.tenantId));
    await recordAudit(tx, actor, { entity: 'routing_rule', entityId: id, action: 'delete', before: { name: gone.name, position: gone.position, conditions: gone.conditions, target: gone.target } }, now);
  });
}

/** Rewrites the order in one transaction; `ids` must list every rule of the workspace exactly once. */
export async function reorderRoutingRules(deps: AppDeps, actor: Actor, ids: string[]) {
  requirePermission(actor, 'admin.lead_rules');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const rows = await tx.select({ id: routingRules.id, position: routingRules.position }).from(routingRules)
      .where(eq(routingRules.tenantId, actor.tenantId)).orderBy(asc(routingRules.position), asc(routingRules.id)).for('update');
    const have = new Set(rows.map((r) => r.id));
    if (ids.length !== rows.length || new Set(ids).size !== ids.length || ids.some((id) => !have.has(id))) {
      throw invalid('ids', '请按新顺序列出全部规则，每条一次 / list every rule exactly once, in the new order');
    }
    await tx.execute(sql`
      update routing_rules r set position = o.position, updated_at = ${now}
      from ${jsonRecordset(ids.map((id, i) => ({ id, position: i + 1 })))} as o(id uuid, position int)
      where r.tenant_id = ${actor.tenantId} and r.id = o.id`);
    await recordAudit(tx, actor, { entity: 'routing_rule', entityId: actor.tenantId, action: 'reorder', before: { order: rows.map((r) => r.id) }, after: { order: ids } }, now);
  });
  return listRoutingRules(deps, actor);
}

/** Where a lead with these fields would go now (rule, rep or pool, and why), without routing anything. */
export async function previewRoute(deps: AppDeps, actor: Actor, lead: PreviewRouteInput) {
  requireRuleReader(actor);
  const now = deps.clock.now();
  const rows = await deps.db.select().from(routingRules)
    .where(and(eq(routingRules.tenantId, actor.tenantId), eq(routingRules.isEnabled, true))).orderBy(asc(routingRules.position), asc(routingRules.id));
  const rules: RoutingRule[] = rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.nameEn ?? undefined, conditions: r.conditions, target: r.target }));
  const [settings, [stateRow]] = await Promise.all([
    loadLeadSettings(deps.db, actor.tenantId),
    deps.db.select({ state: routingState.state }).from(routingState).where(eq(routingState.tenantId, actor.tenantId)),
  ]);
  const repIds = [...new Set(rules.flatMap((r) => (r.target.kind === 'team' ? r.target.repIds : [])))];
  const reps = await loadRepLoads(deps.db, actor.tenantId, repIds, now, settings.defaultCapacity);
  const routable = { ...lead, tier: (lead.tier ?? null) as Tier | null, sourceType: lead.sourceType ?? null, region: lead.region ?? findRegionOfProvince(lead.province) };
  const decision = decideRoute(rules, routable, [...reps.values()], stateRow?.state ?? EMPTY_ROUTING_STATE);
  const rule = rows.find((r) => r.id === decision.ruleId);
  const t = decision.target;
  const poolId = t.kind === 'pool' ? t.poolId : null;
  const [poolRow] = poolId ? await deps.db.select({ name: pools.name }).from(pools).where(and(eq(pools.tenantId, actor.tenantId), eq(pools.id, poolId))) : [];
  return {
    rule: rule ? { id: rule.id, name: rule.name, nameEn: rule.nameEn, position: rule.position } : null,
    target: {
      kind: t.kind,
      repId: t.kind === 'rep' ? t.repId : null, repName: t.kind === 'rep' ? reps.get(t.repId)?.name ?? null : null,
      poolId, poolName: poolRow?.name ?? null,
    },
    reason: decision.reason,
    reps: [...reps.values()].map((r) => ({ id: r.id, name: r.name, held: r.held, capacity: r.capacity, weight: r.weight, isAvailable: r.isAvailable })),
  };
}
