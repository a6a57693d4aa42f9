import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { users } from '../identity/index.js';
import { pools, routingRules, routingState } from './lead-rules.schema.js';
import { DEFAULT_CLAIM_RULES } from './leads.claim.js';
import { DEFAULT_RECYCLE_RULES } from './leads.recycle.js';
import {
  CreateRoutingRuleInput, createRoutingRule, deleteRoutingRule, listRoutingRules, previewRoute, reorderRoutingRules, updateRoutingRule, UpdateRoutingRuleInput,
} from './routing-rules.service.js';
import { updateRepSettings } from './lead-settings.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

async function buildPool(ws: TestWorkspace, name = `池${newId().slice(-6)}`) {
  const id = newId();
  await deps.db.insert(pools).values({ tenantId: ws.tenantId, id, name, claimRules: DEFAULT_CLAIM_RULES, recycleRules: DEFAULT_RECYCLE_RULES });
  return id;
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const detailsOf = (p: Promise<unknown>) => p.then(() => null, (e: AppError) => e.details as { path: string }[]);

describe('routing rules admin', () => {
  it('creates rules in order, lists them with names and per-rep counts, previews without routing', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep', { name: '华东甲' });
    const b = await buildUser(deps, ws, 'sales_rep', { name: '华东乙' });
    const poolId = await buildPool(ws, '华南池');
    const east = await createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse({
      name: '华东团队', conditions: [{ field: 'region', in: ['华东'] }], target: { kind: 'team', repIds: [a.id, b.id], strategy: 'round_robin' },
    }));
    const south = await createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse({
      name: '华南入池', conditions: [{ field: 'province', in: ['广东省'] }], target: { kind: 'pool', poolId },
    }));
    expect([east.position, south.position]).toEqual([1, 2]);
    expect(south.pool).toMatchObject({ id: poolId, name: '华南池' });

    await buildLead(deps, ws.admin, { province: '浙江省' });
    await buildLead(deps, ws.admin, { province: '上海市' });
    await buildLead(deps, ws.admin, { province: '江苏省' });
    const [listed] = await listRoutingRules(deps, ws.admin);
    expect(listed.reps.map((r) => r.name)).toEqual(['华东甲', '华东乙']);
    const counts = Object.fromEntries(listed.assignedCounts.map((c) => [c.name, c.assigned]));
    expect(counts).toEqual({ 华东甲: 2, 华东乙: 1 });

    const before = await deps.db.select().from(routingState).where(eq(routingState.tenantId, ws.tenantId));
    const preview = await previewRoute(deps, ws.admin, { province: '浙江省' });
    expect(preview.rule?.id).toBe(east.id);
    expect(preview.target).toMatchObject({ kind: 'rep', repId: b.id, repName: '华东乙' });
    expect(preview.reason.zh).toContain('轮询分配给 华东乙');
    const after = await deps.db.select().from(routingState).where(eq(routingState.tenantId, ws.tenantId));
    expect(after[0].state).toEqual(before[0].state);

    const toPool = await previewRoute(deps, ws.admin, { province: '广东省' });
    expect(toPool.target).toMatchObject({ kind: 'pool', poolId, poolName: '华南池' });
    const nowhere = await previewRoute(deps, ws.admin, { province: '四川省' });
    expect(nowhere.target.kind).toBe('unrouted');
    expect(nowhere.reason.en).toContain('No routing rule matches');
  });

  it('explains in the preview that a rep on leave is skipped', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep', { name: '休假的' });
    await createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse({ name: '全部', conditions: [], target: { kind: 'team', repIds: [a.id], strategy: 'least_loaded' } }));
    await updateRepSettings(deps, ws.admin, a.id, { capacity: 10, weight: 1, isAvailable: false, unavailableUntil: null });
    const preview = await previewRoute(deps, ws.admin, {});
    expect(preview.target.kind).toBe('unrouted');
    expect(preview.reason.zh).toContain('休假的 休假中');
  });

  it('refuses unknown values, empty values, inactive or foreign reps and missing pools', async () => {
    const ws = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const gone = await buildUser(deps, ws, 'sales_rep');
    await deps.db.update(users).set({ status: 'disabled' }).where(and(eq(users.tenantId, ws.tenantId), eq(users.id, gone.id)));
    const foreign = await buildUser(deps, other, 'sales_rep');
    const service = await buildUser(deps, ws, 'customer_success', { name: '刘洁' });
    const foreignPool = await buildPool(other);
    const team = (repIds: string[], extra = {}) => ({ name: 'x', conditions: [], target: { kind: 'team', repIds, strategy: 'round_robin', ...extra } });

    expect(CreateRoutingRuleInput.safeParse({ ...team([rep.id]), conditions: [{ field: 'tier', in: ['E'] }] }).success).toBe(false);
    expect(CreateRoutingRuleInput.safeParse({ ...team([rep.id]), conditions: [{ field: 'industry', in: [] }] }).success).toBe(false);
    expect(CreateRoutingRuleInput.safeParse({ ...team([rep.id]), conditions: [{ field: 'productLine', in: [' '] }] }).success).toBe(false);
    expect(CreateRoutingRuleInput.safeParse({ ...team([rep.id]), conditions: [{ field: 'owner', in: ['x'] }] }).success).toBe(false);
    expect(CreateRoutingRuleInput.safeParse({ ...team([rep.id, rep.id]) }).success).toBe(false);
    expect(CreateRoutingRuleInput.safeParse({ ...team([rep.id]), target: { kind: 'team', repIds: [rep.id], strategy: 'random' } }).success).toBe(false);

    expect(await detailsOf(createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse(team([rep.id, gone.id]))))).toEqual([expect.objectContaining({ path: 'target.repIds.1' })]);
    expect(await detailsOf(createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse(team([foreign.id]))))).toEqual([expect.objectContaining({ path: 'target.repIds.0' })]);
    // Customer success does not work leads: a lead routed there would sit unseen.
    expect(await detailsOf(createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse(team([rep.id, service.id])))))
      .toEqual([{ path: 'target.repIds.1', message: expect.stringContaining('刘洁 的角色不处理线索') }]);
    expect(await detailsOf(createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse(team([rep.id], { overflowPoolId: foreignPool }))))).toEqual([expect.objectContaining({ path: 'target.overflowPoolId' })]);
    expect(await detailsOf(createRoutingRule(deps, ws.admin, CreateRoutingRuleInput.parse({ name: 'p', conditions: [], target: { kind: 'pool', poolId: foreignPool } })))).toEqual([expect.objectContaining({ path: 'target.poolId' })]);
    expect(await listRoutingRules(deps, ws.admin)).toEqual([]);
  });

  it('edits with a version check, reorders in one go, deletes, and keeps other workspaces out', async () => {
    const ws = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const input = (name: string) => CreateRoutingRuleInput.parse({ name, conditions: [], target: { kind: 'team', repIds: [rep.id], strategy: 'weighted' } });
    const r1 = await createRoutingRule(deps, ws.admin, input('一'));
    const r2 = await createRoutingRule(deps, ws.admin, input('二'));
    const r3 = await createRoutingRule(deps, ws.admin, input('三'));

    const edited = await updateRoutingRule(deps, ws.admin, r1.id, { name: '一改', isEnabled: false, version: 1 });
    expect(edited).toMatchObject({ name: '一改', isEnabled: false, version: 2 });
    expect(await codeOf(updateRoutingRule(deps, ws.admin, r1.id, { name: '过期', version: 1 }))).toBe('VERSION_CONFLICT');
    // Renaming a disabled rule, as the API parses it, leaves it disabled (a default on the patch had switched it back on).
    const renamed = await updateRoutingRule(deps, ws.admin, r1.id, UpdateRoutingRuleInput.parse({ name: '一再改', version: 2 }));
    expect(renamed).toMatchObject({ name: '一再改', isEnabled: false, version: 3 });
    expect(CreateRoutingRuleInput.parse({ name: '新', conditions: [], target: { kind: 'pool', poolId: r1.id } }).isEnabled).toBe(true);

    // Names are unique in a workspace, case and spaces aside: a lead's reason names the rule that routed it.
    expect(await detailsOf(createRoutingRule(deps, ws.admin, input(' 二 ')))).toEqual([expect.objectContaining({ path: 'name', message: expect.stringContaining('已有名为「二」的规则') })]);
    expect(await detailsOf(updateRoutingRule(deps, ws.admin, r3.id, { name: '一再改', version: 1 }))).toEqual([expect.objectContaining({ path: 'name' })]);
    expect(await updateRoutingRule(deps, ws.admin, r3.id, { name: '三', isEnabled: true, version: 1 })).toMatchObject({ name: '三', version: 2 });
    const otherRep = await buildUser(deps, other, 'sales_rep');
    expect(await createRoutingRule(deps, other.admin, CreateRoutingRuleInput.parse({ name: '二', conditions: [], target: { kind: 'team', repIds: [otherRep.id], strategy: 'weighted' } })))
      .toMatchObject({ name: '二' });

    const reordered = await reorderRoutingRules(deps, ws.admin, [r3.id, r1.id, r2.id]);
    expect(reordered.map((r) => [r.name, r.position])).toEqual([['三', 1], ['一再改', 2], ['二', 3]]);
    expect(await codeOf(reorderRoutingRules(deps, ws.admin, [r3.id, r1.id]))).toBe('VALIDATION_FAILED');
    expect(await codeOf(reorderRoutingRules(deps, ws.admin, [r3.id, r1.id, r1.id]))).toBe('VALIDATION_FAILED');

    expect(await codeOf(updateRoutingRule(deps, other.admin, r2.id, { name: 'x', version: 1 }))).toBe('NOT_FOUND');
    expect(await codeOf(deleteRoutingRule(deps, other.admin, r2.id))).toBe('NOT_FOUND');
    expect(await codeOf(reorderRoutingRules(deps, other.admin, [r3.id, r1.id, r2.id]))).toBe('VALIDATION_FAILED');

    await deleteRoutingRule(deps, ws.admin, r2.id);
    const left = await deps.db.select().from(routingRules).where(eq(routingRules.tenantId, ws.tenantId));
    expect(left.map((r) => r.id).sort()).toEqual([r1.id, r3.id].sort());
    expect(await codeOf(deleteRoutingRule(deps, ws.admin, r2.id))).toBe('NOT_FOUND');
  });

  it('keeps a workspace to 200 rules, so every rule can still be put in order', async () => {
    const ws = await buildWorkspace(deps);
    const poolId = await buildPool(ws);
    await deps.db.insert(routingRules).values(Array.from({ length: 200 }, (_, i) => ({
      tenantId: ws.tenantId, id: newId(), position: i + 1, name: `规则${i + 1}`, conditions: [], target: { kind: 'pool' as const, poolId },
    })));
    const input = CreateRoutingRuleInput.parse({ name: '第 201 条', conditions: [], target: { kind: 'pool', poolId } });
    expect(await detailsOf(createRoutingRule(deps, ws.admin, input))).toEqual([expect.objectContaining({ path: 'name', message: expect.stringContaining('最多 200 条') })]);
    const ids = (await listRoutingRules(deps, ws.admin)).map((r) => r.id);
    expect(await codeOf(reorderRoutingRules(deps, ws.admin, [...ids].reverse()))).toBe('ok');
  });

  it('lets managers read and preview but only rule admins change rules', async () => {
    const ws = await buildWorkspace(deps);
    const manager = await buildUser(deps, ws, 'sales_manager');
    const rep = await buildUser(deps, ws, 'sales_rep');
    const marketing = await buildUser(deps, ws, 'marketing');
    const input = CreateRoutingRuleInput.parse({ name: 'x', conditions: [], target: { kind: 'team', repIds: [rep.id], strategy: 'round_robin' } });
    expect(await codeOf(createRoutingRule(deps, manager.actor, input))).toBe('FORBIDDEN');
    expect(await codeOf(createRoutingRule(deps, marketing.actor, input))).toBe('ok');
    expect(await listRoutingRules(deps, manager.actor)).toHaveLength(1);
    expect(await codeOf(previewRoute(deps, manager.actor, {}))).toBe('ok');
    expect(await codeOf(listRoutingRules(deps, rep.actor))).toBe('FORBIDDEN');
    expect(await codeOf(previewRoute(deps, rep.actor, {}))).toBe('FORBIDDEN');
  });
});
