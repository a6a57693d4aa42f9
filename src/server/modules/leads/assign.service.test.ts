import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace, storedLeads } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { createDepartment } from '../identity/index.js';
import { auditLog } from '../audit/index.js';
import { notifications } from '../notifications/index.js';
import { pools, routingRules } from './lead-rules.schema.js';
import { leadOwnership, leads } from './leads.schema.js';
import { DEFAULT_CLAIM_RULES } from './leads.claim.js';
import { DEFAULT_RECYCLE_RULES } from './leads.recycle.js';
import { assignLead, rerouteLead, routeUnroutedLeads } from './assign.service.js';
import { updateRepSettings } from './lead-settings.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

async function leadRow(ws: TestWorkspace, id: string) {
  const [row] = await storedLeads(deps.db, ws.tenantId, [id]);
  return row;
}
async function historyOf(ws: TestWorkspace, id: string) {
  return deps.db.select().from(leadOwnership).where(and(eq(leadOwnership.tenantId, ws.tenantId), eq(leadOwnership.leadId, id))).orderBy(leadOwnership.at, leadOwnership.id);
}
async function teamRule(ws: TestWorkspace, repIds: string[], extra: Record<string, unknown> = {}) {
  await deps.db.insert(routingRules).values({
    tenantId: ws.tenantId, id: newId(), position: 1, name: '全国团队', conditions: [], target: { kind: 'team', repIds, strategy: 'round_robin', ...extra },
  });
}

describe('assigning a lead by hand', () => {
  it('moves an unrouted lead to a rep: history, SLA clock, notification, and a transfer after', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep', { name: '甲' });
    const b = await buildUser(deps, ws, 'sales_rep', { name: '乙' });
    const lead = await buildLead(deps, ws.admin);
    expect((await leadRow(ws, lead.id)).ownerId).toBeNull();

    const view = await assignLead(deps, ws.admin, lead.id, { ownerId: a.id, reason: '熟悉该行业', force: false });
    expect(view.ownerId).toBe(a.id);
    const row = await leadRow(ws, lead.id);
    expect(row.assignedAt?.getTime()).toBe(clock.now().getTime());
    expect(row.assignmentReason?.zh).toBe('管理员 手动分配给 甲：熟悉该行业');
    expect(row.recycleCheckAt).not.toBeNull();
    const notes = await deps.db.select().from(notifications).where(and(eq(notifications.tenantId, ws.tenantId), eq(notifications.userId, a.id)));
    expect(notes.map((n) => n.event)).toEqual(['lead.assigned']);

    clock.advance(60_000);
    await assignLead(deps, ws.admin, lead.id, { ownerId: b.id, force: false });
    const history = await historyOf(ws, lead.id);
    expect(history.map((h) => [h.action, h.fromOwnerId, h.toOwnerId])).toEqual([['assign', null, a.id], ['transfer', a.id, b.id]]);
    // The owner it was taken from is told, without a link to a lead that may now be out of their sight.
    const aNotes = await deps.db.select().from(notifications).where(and(eq(notifications.tenantId, ws.tenantId), eq(notifications.userId, a.id)));
    const moved = aNotes.find((n) => n.event === 'lead.transferred');
    expect(moved).toMatchObject({ entityId: null, body: '管理员 把这条线索转给了 乙，你无需再跟进' });
    expect(moved!.title).toContain('线索已转给 乙');
    expect(await codeOf(assignLead(deps, ws.admin, lead.id, { ownerId: b.id, force: false }))).toBe('VALIDATION_FAILED');
  });

  it('gives two assigners of one lead, both sending the version they saw, one success and one conflict', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    const b = await buildUser(deps, ws, 'sales_rep');
    const lead = await buildLead(deps, ws.admin);
    const [{ version }] = await storedLeads(deps.db, ws.tenantId, [lead.id]);
    const codes = await Promise.all([a, b].map((rep) => codeOf(assignLead(deps, ws.admin, lead.id, { ownerId: rep.id, force: false, version }))));
    expect(codes.sort()).toEqual(['VERSION_CONFLICT', 'ok']);
    const [row] = await storedLeads(deps.db, ws.tenantId, [lead.id]);
    expect(row.version).toBe(version + 1);
  });

  it('refuses a rep on leave or at capacity unless a rule admin forces it', async () => {
    const ws = await buildWorkspace(deps);
    const manager = await buildUser(deps, ws, 'sales_manager');
    const away = await buildUser(deps, ws, 'sales_rep');
    const full = await buildUser(deps, ws, 'sales_rep');
    await updateRepSettings(deps, ws.admin, away.id, { capacity: 10, weight: 1, isAvailable: false, unavailableUntil: new Date(clock.now().getTime() + 86_400_000).toISOString() });
    await updateRepSettings(deps, ws.admin, full.id, { capacity: 1, weight: 1, isAvailable: true });
    await buildLead(deps, full.actor, { assignToMe: true });
    const lead = await buildLead(deps, ws.admin);

    const err = await assignLead(deps, manager.actor, lead.id, { ownerId: away.id, force: false }).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'REP_UNAVAILABLE', details: { reason: { zh: '休假中' } } });
    const full1 = await assignLead(deps, manager.actor, lead.id, { ownerId: full.id, force: false }).catch((e: AppError) => e);
    expect(full1).toMatchObject({ code: 'REP_UNAVAILABLE', details: { held: 1, capacity: 1 } });
    expect(await codeOf(assignLead(deps, manager.actor, lead.id, { ownerId: full.id, force: true }))).toBe('FORBIDDEN');
    const forced = await assignLead(deps, ws.admin, lead.id, { ownerId: full.id, force: true });
    expect(forced.assignmentReason?.zh).toContain('强制分配');

    // Leave ends by itself.
    clock.advance(2 * 86_400_000);
    const other = await buildLead(deps, ws.admin);
    expect((await assignLead(deps, manager.actor, other.id, { ownerId: away.id, force: false })).ownerId).toBe(away.id);
  });

  it('keeps to the actor’s scope, the lead’s status and the workspace', async () => {
    const ws = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    const east = await createDepartment(deps, ws.admin, { name: '华东', parentId: ws.rootDepartmentId });
    const west = await createDepartment(deps, ws.admin, { name: '西南', parentId: ws.rootDepartmentId });
    const manager = await buildUser(deps, ws, 'sales_manager', { departmentId: east.id });
    const mine = await buildUser(deps, ws, 'sales_rep', { departmentId: east.id });
    const theirs = await buildUser(deps, ws, 'sales_rep', { departmentId: west.id });
    const rep = await buildUser(deps, ws, 'sales_rep', { departmentId: east.id });
    const lead = await buildLead(deps, ws.admin);

    expect(await codeOf(assignLead(deps, manager.actor, lead.id, { ownerId: theirs.id, force: false }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(assignLead(deps, rep.actor, lead.id, { ownerId: mine.id, force: false }))).toBe('FORBIDDEN');
    expect(await codeOf(assignLead(deps, other.admin, lead.id, { ownerId: mine.id, force: false }))).toBe('NOT_FOUND');
    expect(await codeOf(assignLead(deps, ws.admin, lead.id, { ownerId: newId(), force: false }))).toBe('VALIDATION_FAILED');
    // Customer success cannot open leads: refused as an owner, with the reason, rather than handed one unseen.
    const cs = await buildUser(deps, ws, 'customer_success', { name: '刘洁' });
    const refused = await assignLead(deps, ws.admin, lead.id, { ownerId: cs.id, force: true }).catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'ownerId', message: expect.stringContaining('刘洁 的角色看不到线索') }] });

    const held = await buildLead(deps, theirs.actor, { assignToMe: true });
    expect(await codeOf(assignLead(deps, manager.actor, held.id, { ownerId: mine.id, force: false }))).toBe('NOT_FOUND');
    await deps.db.update(leads).set({ status: 'converted' }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, lead.id)));
    expect(await codeOf(assignLead(deps, ws.admin, lead.id, { ownerId: mine.id, force: false }))).toBe('LEAD_STATUS_INVALID');
  });
});

describe('re-routing', () => {
  it('routes one unrouted lead by the rules and refuses an owned one', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    const lead = await buildLead(deps, ws.admin);
    const [{ version }] = await storedLeads(deps.db, ws.tenantId, [lead.id]);
    const still = await rerouteLead(deps, ws.admin, lead.id);
    expect(still.decision.kind).toBe('unrouted');
    expect(still.lead.assignmentReason?.zh).toContain('没有匹配的分配规则');
    // Even when it stays where it was, the new explanation is a write: a new version, and an audit row saying who asked.
    expect(still.lead.version).toBe(version + 1);
    const audits = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.entityId, lead.id), eq(auditLog.action, 'reroute')));
    expect(audits).toHaveLength(1);
    await teamRule(ws, [a.id]);
    const routed = await rerouteLead(deps, ws.admin, lead.id);
    expect(routed.decision).toMatchObject({ kind: 'rep' });
    expect(routed.lead.ownerId).toBe(a.id);
    expect(await codeOf(rerouteLead(deps, ws.admin, lead.id))).toBe('LEAD_NOT_ROUTABLE');
  });

  it('routes to a rep whose leave is entered ahead until it starts, and not while it lasts', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    const first = await buildLead(deps, ws.admin);
    const second = await buildLead(deps, ws.admin);
    await teamRule(ws, [a.id]);
    const inHours = (h: number) => new Date(clock.now().getTime() + h * 3_600_000).toISOString();
    await updateRepSettings(deps, ws.admin, a.id, { capacity: 10, weight: 1, isAvailable: false, unavailableFrom: inHours(24), unavailableUntil: inHours(72) });

    expect((await rerouteLead(deps, ws.admin, first.id)).lead.ownerId).toBe(a.id);
    clock.advance(24 * 3_600_000);
    const during = await rerouteLead(deps, ws.admin, second.id);
    expect(during.decision.kind).toBe('unrouted');
    expect(during.lead.assignmentReason?.zh).toContain('休假中');
    clock.advance(48 * 3_600_000);
    expect((await rerouteLead(deps, ws.admin, second.id)).lead.ownerId).toBe(a.id);
  });

  it('routes every unrouted lead in batches, to reps, then the overflow pool', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep');
    const b = await buildUser(deps, ws, 'sales_rep');
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await buildLead(deps, ws.admin)).id);
    await updateRepSettings(deps, ws.admin, a.id, { capacity: 2, weight: 1, isAvailable: true });
    await updateRepSettings(deps, ws.admin, b.id, { capacity: 3, weight: 1, isAvailable: true });
    const poolId = newId();
    await deps.db.insert(pools).values({ tenantId: ws.tenantId, id: poolId, name: '溢出池', claimRules: DEFAULT_CLAIM_RULES, recycleRules: DEFAULT_RECYCLE_RULES });
    await teamRule(ws, [a.id, b.id], { overflowPoolId: poolId, overflowPoolName: '溢出池' });

    const result = await routeUnroutedLeads(deps, ws.admin, { batchSize: 3 });
    expect(result).toEqual({ total: 7, toRep: 5, toPool: 2, stillUnrouted: 0 });
    const rows = await deps.db.select().from(leads).where(eq(leads.tenantId, ws.tenantId));
    expect(rows.filter((r) => r.ownerId === a.id)).toHaveLength(2);
    expect(rows.filter((r) => r.ownerId === b.id)).toHaveLength(3);
    const pooled = rows.filter((r) => r.poolId === poolId);
    expect(pooled).toHaveLength(2);
    expect(pooled[0].assignmentReason?.zh).toContain('溢出池「溢出池」');
    expect(pooled[0].homePoolId).toBe(poolId);
    expect(await routeUnroutedLeads(deps, ws.admin)).toEqual({ total: 0, toRep: 0, toPool: 0, stillUnrouted: 0 });
  });
});
