import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace, storedLeads } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../identity/index.js';
import { checkClaimLead, claimLead, moveLeadToPool, returnLead } from './claim.service.js';
import { DAY_MS } from './leads.text.js';
import { leadOwnership } from './leads.schema.js';
import { notifications, notifyMany } from '../notifications/index.js';
import { repSettings, routingRules } from './lead-rules.schema.js';
import { getLead } from './leads.service.js';
import { assignLead } from './assign.service.js';
import { createPool, listPoolLeadsPage, replacePoolMembers, type CreatePoolInput } from './pools.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

async function routeTo(ws: TestWorkspace, target: { kind: 'pool'; poolId: string } | { kind: 'team'; repIds: string[]; strategy: 'round_robin' }) {
  await deps.db.delete(routingRules).where(eq(routingRules.tenantId, ws.tenantId));
  await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '测试规则', conditions: [], target });
}

/** A workspace with one pool whose members are the given reps, and leads captured into it. */
async function poolWithLeads(opts: { pool?: Partial<CreatePoolInput>; reps?: number; leads?: number } = {}) {
  const ws = await buildWorkspace(deps);
  const reps = await Promise.all(Array.from({ length: opts.reps ?? 2 }, (_, i) => buildUser(deps, ws, 'sales_rep', { name: `销售${i + 1}` })));
  const pool = await createPool(deps, ws.admin, { name: '华东公海', ...opts.pool });
  await replacePoolMembers(deps, ws.admin, pool.id, { members: reps.map((r) => ({ userId: r.id, role: 'member' as const })) });
  await routeTo(ws, { kind: 'pool', poolId: pool.id });
  const ids: string[] = [];
  for (let i = 0; i < (opts.leads ?? 3); i++) ids.push((await buildLead(deps, ws.admin, { mobile: `1380000${String(1000 + i)}`.slice(0, 11) })).id);
  return { ws, reps, pool, ids };
}

async function refusal(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError & { details: { code: string; message: { zh: string; en: string } } };
}

const rowOf = async (tenantId: string, id: string) => (await storedLeads(deps.db, tenantId, [id]))[0];
const historyOf = async (tenantId: string, id: string) =>
  deps.db.select().from(leadOwnership).where(and(eq(leadOwnership.tenantId, tenantId), eq(leadOwnership.leadId, id)));

describe('claiming a pool lead', () => {
  it('shows members masked contact details until one claims it, then gives the claimant the number', async () => {
    const { ws, reps: [a, b], pool, ids: [id] } = await poolWithLeads({ leads: 1 });
    const page = await listPoolLeadsPage(deps, a.actor, pool.id, { sort: 'updatedAt', direction: 'desc', limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0].mobile).toMatch(/^138\*{4}\d{4}$/);

    const claimed = await claimLead(deps, a.actor, id);
    expect(claimed.ownerId).toBe(a.id);
    expect(claimed.mobile).toMatch(/^138\d{8}$/);
    const row = await rowOf(ws.tenantId, id);
    expect(row).toMatchObject({ ownerId: a.id, poolId: null, homePoolId: pool.id });
    expect(row.recycleCheckAt).not.toBeNull();
    expect((await historyOf(ws.tenantId, id)).map((h) => h.action).sort()).toEqual(['claim', 'to_pool']);
    expect((await listPoolLeadsPage(deps, b.actor, pool.id, { sort: 'updatedAt', direction: 'desc', limit: 10 })).items).toEqual([]);

    const taken = await refusal(claimLead(deps, b.actor, id));
    expect(taken.code).toBe('CLAIM_REFUSED');
    expect(taken.details).toMatchObject({ code: 'TAKEN', message: { zh: `已被 ${a.actor.name} 领取` } });
  });

  it('lets exactly one of several reps claiming at once win', async () => {
    const { ws, reps, ids: [id] } = await poolWithLeads({ reps: 4, leads: 1 });
    const results = await Promise.allSettled(reps.map((r) => claimLead(deps, r.actor, id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost.map((r) => r.reason.details.code)).toEqual(['TAKEN', 'TAKEN', 'TAKEN']);
    const claims = (await historyOf(ws.tenantId, id)).filter((h) => h.action === 'claim');
    expect(claims).toHaveLength(1);
    expect((await rowOf(ws.tenantId, id)).ownerId).toBe(claims[0].toOwnerId);
  });

  it('stops at the daily limit and allows claiming again the next day', async () => {
    const { reps: [a], ids } = await poolWithLeads({ pool: { claimRules: { dailyLimit: 2 } }, leads: 3 });
    await claimLead(deps, a.actor, ids[0]);
    await claimLead(deps, a.actor, ids[1]);
    const err = await refusal(claimLead(deps, a.actor, ids[2]));
    expect(err.details.code).toBe('DAILY_LIMIT');
    expect(err.details.message.zh).toContain('每日上限 2');
    clock.advance(DAY_MS);
    expect((await claimLead(deps, a.actor, ids[2])).ownerId).toBe(a.id);
  });

  it('enforces the pool holding limit and the rep capacity', async () => {
    const { ws, reps: [a, b], ids } = await poolWithLeads({ pool: { holdingLimit: 1 }, leads: 3 });
    await claimLead(deps, a.actor, ids[0]);
    expect((await refusal(claimLead(deps, a.actor, ids[1]))).details.code).toBe('HOLDING_LIMIT');
    await deps.db.insert(repSettings).values({ tenantId: ws.tenantId, userId: b.id, capacity: 0 });
    expect((await refusal(claimLead(deps, b.actor, ids[1]))).details.code).toBe('CAPACITY');
  });

  it('refuses a rep on leave, who is given no leads either, and lets them claim once back', async () => {
    const { ws, reps: [a], ids } = await poolWithLeads({ leads: 1 });
    await deps.db.insert(repSettings).values({ tenantId: ws.tenantId, userId: a.id, isAvailable: false });
    const refused = await refusal(claimLead(deps, a.actor, ids[0]));
    expect(refused.details).toMatchObject({ code: 'ON_LEAVE', message: { zh: expect.stringContaining('休假') } });
    await deps.db.update(repSettings).set({ isAvailable: true }).where(eq(repSettings.userId, a.id));
    expect((await claimLead(deps, a.actor, ids[0])).ownerId).toBe(a.id);
  });

  it('lets a manager who oversees pools open and assign a pool lead of a pool they are not a member of', async () => {
    const { ws, reps: [a], ids } = await poolWithLeads({ leads: 1 });
    // A sales manager holds admin.pools with a department scope, and belongs to no pool.
    const manager = await buildUser(deps, ws, 'sales_manager');
    expect((await getLead(deps, manager.actor, ids[0])).poolId).not.toBeNull();
    // Not a member, so not one to claim it: the page is told so before anyone clicks.
    expect(await checkClaimLead(deps, manager.actor, ids[0])).toMatchObject({ ok: false, code: 'POOL_ACCESS_DENIED', message: { zh: '你不是该线索池的成员' } });
    const assigned = await assignLead(deps, manager.actor, ids[0], { ownerId: a.id, force: false });
    expect(assigned.ownerId).toBe(a.id);
    // A rep who is not a member still does not see it.
    const { ws: other, ids: otherIds } = await poolWithLeads({ leads: 1, reps: 1 });
    const stranger = await buildUser(deps, other, 'sales_rep');
    expect((await refusal(getLead(deps, stranger.actor, otherIds[0]))).code).toBe('NOT_FOUND');
  });

  it('keeps a former owner from re-claiming during the cool-down, but not others', async () => {
    const { ws, reps: [a, b], pool, ids: [id] } = await poolWithLeads({ leads: 1 });
    await claimLead(deps, a.actor, id);
    const back = await returnLead(deps, a.actor, id, { reason: '客户暂无需求' });
    expect(back).toMatchObject({ poolId: pool.id, ownerId: null });
    const err = await refusal(claimLead(deps, a.actor, id));
    expect(err.details.code).toBe('COOL_DOWN');
    expect(err.details.message.zh).toContain('30 天内不可重新领取');
    clock.advance(31 * DAY_MS);
    expect((await claimLead(deps, a.actor, id)).ownerId).toBe(a.id);
    await returnLead(deps, a.actor, id, { reason: '再次放回' });
    expect((await claimLead(deps, b.actor, id)).ownerId).toBe(b.id);
    expect((await historyOf(ws.tenantId, id)).filter((h) => h.action === 'return').map((h) => h.reason).sort()).toEqual(['再次放回', '客户暂无需求']);
  });

  it('refuses non-members, leads outside any pool and other workspaces', async () => {
    const { ws, pool, ids: [id] } = await poolWithLeads({ leads: 1 });
    const outsider = await buildUser(deps, ws, 'sales_rep');
    expect((await refusal(claimLead(deps, outsider.actor, id))).code).toBe('NOT_FOUND');
    expect((await refusal(claimLead(deps, ws.admin, id))).code).toBe('POOL_ACCESS_DENIED');
    const other = await buildWorkspace(deps);
    expect((await refusal(claimLead(deps, other.admin, id))).code).toBe('NOT_FOUND');
    expect((await refusal(listPoolLeadsPage(deps, other.admin, pool.id, { sort: 'updatedAt', direction: 'desc', limit: 5 }))).code).toBe('NOT_FOUND');
    const marketing = await buildUser(deps, ws, 'marketing');
    expect((await refusal(claimLead(deps, marketing.actor, id))).code).toBe('FORBIDDEN');
  });
});

describe('returning and moving leads to a pool', () => {
  async function ownedLead(ws: TestWorkspace, rep: { id: string }) {
    await routeTo(ws, { kind: 'team', repIds: [rep.id], strategy: 'round_robin' });
    return (await buildLead(deps, ws.admin)).id;
  }

  it('requires a reason, clears the SLA and falls back to the default pool', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const id = await ownedLead(ws, rep);
    expect((await refusal(returnLead(deps, rep.actor, id, { reason: ' x ' }))).code).toBe('REASON_REQUIRED');
    expect((await refusal(returnLead(deps, rep.actor, id, {}))).code).toBe('REASON_REQUIRED');
    expect((await refusal(returnLead(deps, rep.actor, id, { reason: '联系不上客户' }))).code).toBe('POOL_MISSING');

    const fallback = await createPool(deps, ws.admin, { name: '默认公海', isDefault: true });
    // The recycle warning that asked the rep to follow this lead up; another lead's stays unread.
    const other = await ownedLead(ws, rep);
    const warn = (leadId: string) => ({
      event: 'lead.recycle_warning' as const, userIds: [rep.id], entityType: 'lead', entityId: leadId, title: '线索即将收回', titleEn: 'Lead about to be recycled', body: '-', bodyEn: '-',
    });
    await notifyMany(deps.db, clock.now(), ws.tenantId, [warn(id), warn(other)]);
    expect(await returnLead(deps, rep.actor, id, { reason: '联系不上客户' })).toMatchObject({ poolId: fallback.id, poolName: '默认公海' });
    const warnings = await deps.db.select().from(notifications).where(and(eq(notifications.tenantId, ws.tenantId), eq(notifications.event, 'lead.recycle_warning')));
    expect(Object.fromEntries(warnings.map((n) => [n.entityId, n.readAt !== null]))).toEqual({ [id]: true, [other]: false });
    const row = await rowOf(ws.tenantId, id);
    expect(row).toMatchObject({ ownerId: null, poolId: fallback.id, homePoolId: fallback.id, slaState: 'none', slaDueAt: null, recycleCheckAt: null });
    const ret = (await historyOf(ws.tenantId, id)).find((h) => h.action === 'return')!;
    expect(ret).toMatchObject({ fromOwnerId: rep.id, toPoolId: fallback.id, reason: '联系不上客户', actorId: rep.id });
    expect((await refusal(returnLead(deps, rep.actor, id, { reason: '再退一次' }))).code).toBe('NOT_FOUND');
  });

  it('lets a manager with leads.assign return or move a rep’s lead, not another rep', async () => {
    const ws = await buildWorkspace(deps);
    const manager = await buildUser(deps, ws, 'sales_manager');
    const rep = await buildUser(deps, ws, 'sales_rep', { managerId: manager.id });
    const peer = await buildUser(deps, ws, 'sales_rep');
    const pool = await createPool(deps, ws.admin, { name: '大客户池', isDefault: true });
    const second = await createPool(deps, ws.admin, { name: '二号池' });
    const id = await ownedLead(ws, rep);
    expect((await refusal(returnLead(deps, peer.actor, id, { reason: '不是我的' }))).code).toBe('NOT_FOUND');
    expect((await refusal(moveLeadToPool(deps, rep.actor as Actor, id, { poolId: pool.id, reason: '移走' }))).code).toBe('FORBIDDEN');
    expect(await returnLead(deps, manager.actor, id, { reason: '长期未跟进' })).toMatchObject({ poolId: pool.id });
    const told = await deps.db.select().from(notifications).where(and(eq(notifications.tenantId, ws.tenantId), eq(notifications.userId, rep.id), eq(notifications.event, 'lead.recycled')));
    expect(told).toHaveLength(1);
    const moved = await moveLeadToPool(deps, ws.admin, id, { poolId: second.id, reason: '重新分配到二号池' });
    expect(moved).toMatchObject({ poolId: second.id, ownerId: null });
    const move = (await historyOf(ws.tenantId, id)).find((h) => h.action === 'to_pool' && h.fromPoolId)!;
    expect(move).toMatchObject({ fromPoolId: pool.id, toPoolId: second.id, reason: '重新分配到二号池', actorId: ws.admin.userId });
  });
});
