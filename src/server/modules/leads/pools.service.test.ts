import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { auditLog } from '../audit/index.js';
import { DEFAULT_CLAIM_RULES } from './leads.claim.js';
import { DEFAULT_RECYCLE_RULES } from './leads.recycle.js';
import { pools, routingRules } from './lead-rules.schema.js';
import { createPool, deletePool, getPool, listPoolMembers, listPools, replacePoolMembers, updatePool } from './pools.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
beforeAll(async () => { deps = await newTestDeps(new TestClock()); });
afterAll(async () => { await deps.close(); });

async function codeOf(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return (err as AppError).code;
}

describe('pool administration', () => {
  it('creates pools with the design defaults, one default per workspace, unique names', async () => {
    const ws = await buildWorkspace(deps);
    const a = await createPool(deps, ws.admin, { name: '华南公海', isDefault: true });
    expect(a.claimRules).toEqual(DEFAULT_CLAIM_RULES);
    expect(a.recycleRules).toEqual(DEFAULT_RECYCLE_RULES);
    expect(a.holdingLimit).toBeNull();
    const b = await createPool(deps, ws.admin, {
      name: '大客户池', isDefault: true, holdingLimit: 30, claimRules: { dailyLimit: 5 },
      recycleRules: { notFollowedUpDays: 15, tierOverrides: { A: { notFollowedUpDays: 60 } } },
    });
    expect(b.claimRules).toEqual({ ...DEFAULT_CLAIM_RULES, dailyLimit: 5 });
    expect(b.recycleRules).toMatchObject({ notFollowedUpDays: 15, notWonDays: 90, tierOverrides: { A: { notFollowedUpDays: 60 } } });
    const defaults = await deps.db.select().from(pools).where(and(eq(pools.tenantId, ws.tenantId), eq(pools.isDefault, true)));
    expect(defaults.map((p) => p.id)).toEqual([b.id]);
    expect(await codeOf(createPool(deps, ws.admin, { name: '华南公海' }))).toBe('ALREADY_EXISTS');
    const rep = await buildUser(deps, ws, 'sales_rep');
    expect(await codeOf(createPool(deps, rep.actor, { name: '我的池' }))).toBe('FORBIDDEN');
  });

  it('lists every pool to admins and only their own to members, with lead counts', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const mine = await createPool(deps, ws.admin, { name: '一号池' });
    await createPool(deps, ws.admin, { name: '二号池' });
    await replacePoolMembers(deps, ws.admin, mine.id, { members: [{ userId: rep.id, role: 'member' }] });
    await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '进池', conditions: [], target: { kind: 'pool', poolId: mine.id } });
    await buildLead(deps, ws.admin);
    await buildLead(deps, ws.admin);

    const all = await listPools(deps, ws.admin);
    expect(all.items.map((p) => p.name).sort()).toEqual(['一号池', '二号池']);
    const seen = await listPools(deps, rep.actor);
    expect(seen.items).toHaveLength(1);
    expect(seen.items[0]).toMatchObject({ id: mine.id, leadCount: 2, memberCount: 1, myRole: 'member', canManage: false });
    const other = await buildWorkspace(deps);
    expect((await listPools(deps, other.admin)).items).toEqual([]);
    expect(await codeOf(getPool(deps, other.admin, mine.id))).toBe('NOT_FOUND');
  });

  it('lets a pool admin edit that pool’s rules and members, but not make it the default', async () => {
    const ws = await buildWorkspace(deps);
    const lead = await buildUser(deps, ws, 'sales_rep');
    const member = await buildUser(deps, ws, 'sales_rep');
    const stranger = await buildUser(deps, ws, 'sales_rep');
    const pool = await createPool(deps, ws.admin, { name: '团队池' });
    await replacePoolMembers(deps, ws.admin, pool.id, { members: [{ userId: lead.id, role: 'admin' }, { userId: member.id, role: 'member' }] });

    const edited = await updatePool(deps, lead.actor, pool.id, { version: pool.version, recycleRules: { notFollowedUpDays: 7 }, holdingLimit: 10 });
    expect(edited.recycleRules).toMatchObject({ notFollowedUpDays: 7, notWonDays: 90 });
    expect(edited.version).toBe(pool.version + 1);
    expect(await codeOf(updatePool(deps, lead.actor, pool.id, { version: edited.version, isDefault: true }))).toBe('FORBIDDEN');
    expect(await codeOf(updatePool(deps, lead.actor, pool.id, { version: pool.version, holdingLimit: 3 }))).toBe('VERSION_CONFLICT');
    expect(await codeOf(updatePool(deps, member.actor, pool.id, { version: edited.version, holdingLimit: 3 }))).toBe('FORBIDDEN');
    expect(await codeOf(updatePool(deps, stranger.actor, pool.id, { version: edited.version, holdingLimit: 3 }))).toBe('NOT_FOUND');

    const members = await replacePoolMembers(deps, lead.actor, pool.id, { members: [{ userId: lead.id, role: 'admin' }, { userId: stranger.id, role: 'member' }] });
    expect(members.items.map((m) => m.userId).sort()).toEqual([lead.id, stranger.id].sort());
    expect((await listPoolMembers(deps, stranger.actor, pool.id)).items).toHaveLength(2);
    expect(await codeOf(listPoolMembers(deps, member.actor, pool.id))).toBe('NOT_FOUND');
    expect(await codeOf(replacePoolMembers(deps, lead.actor, pool.id, { members: [{ userId: lead.id, role: 'admin' }, { userId: lead.id, role: 'member' }] }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(replacePoolMembers(deps, lead.actor, pool.id, { members: [{ userId: newId(), role: 'member' }] }))).toBe('VALIDATION_FAILED');
    // Customer success cannot see leads: a member of a lead pool would see none of it.
    const cs = await buildUser(deps, ws, 'customer_success', { name: '刘洁' });
    const blind = await replacePoolMembers(deps, lead.actor, pool.id, { members: [{ userId: lead.id, role: 'admin' }, { userId: cs.id, role: 'member' }] }).catch((e: AppError) => e);
    expect(blind).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'members', message: expect.stringContaining('刘洁 的角色看不到线索') })] });
    const audits = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.entityId, pool.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['create', 'replace_members', 'replace_members', 'update']);
  });

  it('refuses to delete a pool that holds leads or is a routing target', async () => {
    const ws = await buildWorkspace(deps);
    const pool = await createPool(deps, ws.admin, { name: '待删池' });
    const rule = newId();
    await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: rule, position: 1, name: '进待删池', conditions: [], target: { kind: 'pool', poolId: pool.id } });
    await buildLead(deps, ws.admin);
    expect(await codeOf(deletePool(deps, ws.admin, pool.id))).toBe('IN_USE');
    const empty = await createPool(deps, ws.admin, { name: '空池' });
    await deletePool(deps, ws.admin, empty.id);
    expect(await codeOf(getPool(deps, ws.admin, empty.id))).toBe('NOT_FOUND');
    expect((await createPool(deps, ws.admin, { name: '空池' })).name).toBe('空池');
  });
});
