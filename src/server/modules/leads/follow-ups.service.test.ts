import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace, storedLeads } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../http/errors.js';
import { ensureRecurringJobs, runDueJobs } from '../../jobs/runner.js';
import { auditLog } from '../audit/index.js';
import { notifications } from '../notifications/index.js';
import { LogFollowUpInput } from '../../../shared/lead-contracts.js';
import { pools, routingRules } from './lead-rules.schema.js';
import { leadConflicts, leadHandovers, leads, leadSlaOutcomes } from './leads.schema.js';
import { assignLead } from './assign.service.js';
import { buildLeadReport } from './reports.service.js';
import { DEFAULT_CLAIM_RULES } from './leads.claim.js';
import { DEFAULT_RECYCLE_RULES } from './leads.recycle.js';
import { DAY_MS, HOUR_MS } from './leads.text.js';
import { logFollowUp } from './follow-ups.service.js';
import { listLeadConflicts } from './conflicts.service.js';
import { markLeadInvalid } from './leads.service.js';
import { updateLeadSettings } from './lead-settings.service.js';
import './conflicts.job.js';

const EVERY_TIER_24H = { slaPolicy: { firstTouchHours: { A: 24, B: 24, C: 24, D: 24 }, warningHours: 4 }, conflictProtectionDays: 7, defaultCapacity: 200, timeZone: 'Asia/Shanghai' };

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const call = (isValid = true, extra: Record<string, unknown> = {}) => LogFollowUpInput.parse({ method: 'call', content: '电话沟通了需求', isValid, ...extra });

async function leadRow(ws: TestWorkspace, id: string) {
  const [row] = await storedLeads(deps.db, ws.tenantId, [id]);
  return row;
}
async function conflictsOf(ws: TestWorkspace) {
  return deps.db.select().from(leadConflicts).where(eq(leadConflicts.tenantId, ws.tenantId));
}
async function noticesOf(ws: TestWorkspace, userId: string, event: string) {
  return deps.db.select().from(notifications).where(and(eq(notifications.tenantId, ws.tenantId), eq(notifications.userId, userId), eq(notifications.event, event)));
}

describe('logging a follow-up', () => {
  it('sets first touch and last follow-up, meets the SLA before the deadline, and is audited', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '全部', conditions: [], target: { kind: 'team', repIds: [rep.id], strategy: 'round_robin' } });
    await updateLeadSettings(deps, ws.admin, { ...EVERY_TIER_24H, version: 0 });
    const onTime = await buildLead(deps, ws.admin);
    const late = await buildLead(deps, ws.admin);
    expect((await leadRow(ws, onTime.id)).slaState).toBe('on_track');

    clock.advance(2 * HOUR_MS);
    const { lead } = await logFollowUp(deps, rep.actor, onTime.id, call());
    expect(lead).toMatchObject({ slaState: 'met', firstTouchedAt: clock.now(), lastFollowUpAt: clock.now() });
    expect(lead!.followUps).toHaveLength(1);
    clock.advance(HOUR_MS);
    await logFollowUp(deps, rep.actor, onTime.id, call(false, { occurredAt: new Date(clock.now().getTime() - 2 * HOUR_MS).toISOString() }));
    const row = await leadRow(ws, onTime.id);
    expect(row.lastFollowUpAt!.getTime()).toBe(clock.now().getTime() - HOUR_MS);
    expect(row.firstTouchedAt!.getTime()).toBe(clock.now().getTime() - HOUR_MS);

    clock.advance(5 * DAY_MS);
    // Logged after the deadline, a call dated before it is still late: the SLA goes by when it was recorded.
    await logFollowUp(deps, rep.actor, late.id, call(true, { occurredAt: new Date(clock.now().getTime() - 5 * DAY_MS + HOUR_MS).toISOString() }));
    expect((await leadRow(ws, late.id)).slaState).toBe('breached');
    // And nothing is dated before the lead existed.
    const before = await logFollowUp(deps, rep.actor, late.id, call(true, { occurredAt: '2020-01-01T00:00:00Z' })).catch((e: AppError) => e);
    expect(before).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'occurredAt', message: expect.stringContaining('不能早于线索录入时间') })] });
    const audit = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.entityId, late.id), eq(auditLog.action, 'follow_up')));
    expect(audit).toHaveLength(1);
  });

  it('keeps each decided SLA, so compliance still counts a breach after the lead is reassigned or marked invalid', async () => {
    const ws = await buildWorkspace(deps);
    const [first, second] = [await buildUser(deps, ws, 'sales_rep'), await buildUser(deps, ws, 'sales_rep')];
    await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '全部', conditions: [], target: { kind: 'team', repIds: [first.id], strategy: 'round_robin' } });
    await updateLeadSettings(deps, ws.admin, { ...EVERY_TIER_24H, version: 0 });
    const met = await buildLead(deps, ws.admin);
    const reassigned = await buildLead(deps, ws.admin);
    const invalid = await buildLead(deps, ws.admin);
    clock.advance(HOUR_MS);
    await logFollowUp(deps, first.actor, met.id, call());
    // A day passes untouched: the sweep records two breaches.
    clock.advance(DAY_MS);
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect((await leadRow(ws, reassigned.id)).slaState).toBe('breached');
    // The breached lead goes to another rep, who touches it in time; the other is marked invalid.
    const moved = await leadRow(ws, reassigned.id);
    await assignLead(deps, ws.admin, reassigned.id, { ownerId: second.id, force: false, version: moved.version });
    clock.advance(HOUR_MS);
    await logFollowUp(deps, second.actor, reassigned.id, call());
    await markLeadInvalid(deps, ws.admin, invalid.id, { reason: 'wrong_contact', version: (await leadRow(ws, invalid.id)).version });
    expect((await leadRow(ws, invalid.id)).slaState).toBe('none');

    const outcomes = await deps.db.select().from(leadSlaOutcomes).where(eq(leadSlaOutcomes.tenantId, ws.tenantId));
    expect(outcomes.map((o) => [o.leadId === met.id ? 'met' : o.leadId === invalid.id ? 'invalid' : 'reassigned', o.ownerId === first.id ? 'first' : 'second', o.outcome]).sort())
      .toEqual([['invalid', 'first', 'breached'], ['met', 'first', 'met'], ['reassigned', 'first', 'breached'], ['reassigned', 'second', 'met']]);
    const report = await buildLeadReport(deps, ws.admin, 2);
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect({ met: total(report.slaCompliance.met), breached: total(report.slaCompliance.breached) }).toEqual({ met: 2, breached: 2 });
  });

  it('is for the owner or a manager over the owner, on open leads, and not in the future', async () => {
    const ws = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    const manager = await buildUser(deps, ws, 'sales_manager');
    const owner = await buildUser(deps, ws, 'sales_rep', { managerId: manager.id });
    const peer = await buildUser(deps, ws, 'sales_rep');
    const lead = await buildLead(deps, owner.actor, { assignToMe: true });
    expect(await codeOf(logFollowUp(deps, peer.actor, lead.id, call()))).toBe('NOT_FOUND');
    expect(await codeOf(logFollowUp(deps, other.admin, lead.id, call()))).toBe('NOT_FOUND');
    expect(await codeOf(logFollowUp(deps, manager.actor, lead.id, call()))).toBe('ok');
    expect(await codeOf(logFollowUp(deps, owner.actor, lead.id, call(true, { occurredAt: new Date(clock.now().getTime() + HOUR_MS).toISOString() })))).toBe('VALIDATION_FAILED');
    expect(LogFollowUpInput.safeParse({ method: 'telepathy', content: '沟通' }).success).toBe(false);
    const row = await leadRow(ws, lead.id);
    await markLeadInvalid(deps, owner.actor, lead.id, { reason: '空号', version: row.version });
    expect(await codeOf(logFollowUp(deps, owner.actor, lead.id, call()))).toBe('LEAD_STATUS_INVALID');
    // A lead nobody holds (in a pool, or not yet routed) is claimed or assigned first, even by an admin who sees it all.
    const loose = await buildLead(deps, ws.admin);
    await deps.db.update(leads).set({ ownerId: null, poolId: null }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, loose.id)));
    const refused = await logFollowUp(deps, ws.admin, loose.id, call()).catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: 'LEAD_STATUS_INVALID', details: { reason: { zh: expect.stringContaining('领取或分配后再记录跟进') } } });
    expect((await leadRow(ws, loose.id)).firstTouchedAt).toBeNull();
  });
});

describe('撞单 (two reps, one customer)', () => {
  async function clash(ws: TestWorkspace) {
    const a = await buildUser(deps, ws, 'sales_rep', { name: '先来的' });
    const b = await buildUser(deps, ws, 'sales_rep', { name: '后到的' });
    const company = `撞单科技${newId().slice(-6)}有限公司`;
    const first = await buildLead(deps, a.actor, { company, assignToMe: true });
    clock.advance(HOUR_MS);
    const second = await buildLead(deps, b.actor, { company, name: '王五', assignToMe: true });
    const [conflict] = await conflictsOf(ws);
    expect(conflict).toMatchObject({ leadId: second.id, existingLeadId: first.id, status: 'pending' });
    return { a, b, first, second, conflict };
  }

  it('the first valid follow-up wins; the losing lead is closed as a duplicate and its owner told why', async () => {
    const ws = await buildWorkspace(deps);
    const outsider = await buildUser(deps, ws, 'sales_rep');
    const { a, b, first, second } = await clash(ws);
    clock.advance(HOUR_MS);
    await logFollowUp(deps, a.actor, first.id, call(false));
    expect((await conflictsOf(ws))[0].status).toBe('pending');

    clock.advance(HOUR_MS);
    await logFollowUp(deps, b.actor, second.id, call(true));
    const [decided] = await conflictsOf(ws);
    expect(decided).toMatchObject({ status: 'decided', winnerLeadId: second.id });
    const loser = await leadRow(ws, first.id);
    expect(loser).toMatchObject({ status: 'invalid', duplicateOfId: second.id, slaState: 'none', recycleCheckAt: null, ownerId: a.id });
    expect(loser.invalidReason).toContain('后到的');
    expect(loser.invalidReason).toContain('Clash');
    const told = await noticesOf(ws, a.id, 'lead.conflict');
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('后到的');

    const seenByLoser = await listLeadConflicts(deps, a.actor, { status: 'decided', limit: 20 });
    expect(seenByLoser.items).toHaveLength(1);
    expect(seenByLoser.items[0]).toMatchObject({ winnerLeadId: second.id, existingLead: { id: first.id, ownerName: '先来的' }, lead: { ownerName: '后到的' } });
    expect(seenByLoser.items[0].reason?.zh).toContain('后到的');
    expect((await listLeadConflicts(deps, b.actor, { status: 'all', limit: 20 })).items).toHaveLength(1);
    expect((await listLeadConflicts(deps, outsider.actor, { status: 'all', limit: 20 })).items).toHaveLength(0);
    expect((await listLeadConflicts(deps, ws.admin, { status: 'pending', limit: 20 })).items).toHaveLength(0);
  });

  it('answers the losing lead’s open hand-over as a duplicate, so marketing is not left waiting on it', async () => {
    const ws = await buildWorkspace(deps);
    const { a, b, first, second } = await clash(ws);
    // The first rep's lead had been handed over as an SQL and not yet accepted when the clash was decided.
    await deps.db.update(leads).set({ status: 'sql', handedOverAt: clock.now() }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, first.id)));
    await deps.db.insert(leadHandovers).values({ tenantId: ws.tenantId, id: newId(), leadId: first.id, handedOverAt: clock.now(), ownerId: a.id });
    clock.advance(HOUR_MS);
    await logFollowUp(deps, b.actor, second.id, call(true));
    const [handover] = await deps.db.select().from(leadHandovers).where(and(eq(leadHandovers.tenantId, ws.tenantId), eq(leadHandovers.leadId, first.id)));
    expect(handover).toMatchObject({ outcome: 'rejected', reason: 'duplicate', decidedAt: clock.now() });
    expect(await leadRow(ws, first.id)).toMatchObject({ status: 'invalid', duplicateOfId: second.id });
  });

  it('the hourly sweep sends both leads to the pool when nobody followed up in time', async () => {
    const ws = await buildWorkspace(deps);
    const poolId = newId();
    await deps.db.insert(pools).values({ tenantId: ws.tenantId, id: poolId, name: '公海', isDefault: true, claimRules: DEFAULT_CLAIM_RULES, recycleRules: DEFAULT_RECYCLE_RULES });
    const { a, b, first, second } = await clash(ws);
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect((await conflictsOf(ws))[0].status).toBe('pending');

    clock.advance(8 * DAY_MS);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const [lapsed] = await conflictsOf(ws);
    expect(lapsed.status).toBe('lapsed');
    for (const id of [first.id, second.id]) expect(await leadRow(ws, id)).toMatchObject({ ownerId: null, poolId });
    expect(await noticesOf(ws, a.id, 'lead.conflict')).toHaveLength(1);
    expect(await noticesOf(ws, b.id, 'lead.conflict')).toHaveLength(1);
    clock.advance(HOUR_MS);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(await noticesOf(ws, a.id, 'lead.conflict')).toHaveLength(1);
  });

  it('the sweep dismisses a clash that no longer exists', async () => {
    const ws = await buildWorkspace(deps);
    const { a, first } = await clash(ws);
    await markLeadInvalid(deps, a.actor, first.id, { reason: '客户已合并', version: (await leadRow(ws, first.id)).version });
    clock.advance(8 * DAY_MS);
    await ensureRecurringJobs(deps.db, clock.now(), ws.tenantId);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const [c] = await conflictsOf(ws);
    expect(c.status).toBe('dismissed');
    expect(c.reason?.en).toContain('No longer contested');
  });
});
