import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace } from '../../../../test/factories.js';
import { AppError } from '../../http/errors.js';
import { auditLog } from '../audit/index.js';
import { createDepartment } from '../identity/index.js';
import { getLeadSettings, listRepSettings, UpdateLeadSettingsInput, updateLeadSettings, updateRepSettings } from './lead-settings.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
const clock = new TestClock();
beforeAll(async () => { deps = await newTestDeps(clock); });
afterAll(async () => { await deps.close(); });

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const settings = { slaPolicy: { firstTouchHours: { A: 8, B: 24, C: 72, D: null }, warningHours: 2 }, conflictProtectionDays: 5, defaultCapacity: 150, timeZone: 'Asia/Shanghai' };

describe('lead settings', () => {
  it('starts from the defaults, saves with a version check, and is for rule admins to change', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const defaults = await getLeadSettings(deps, rep.actor);
    expect(defaults).toMatchObject({ version: 0, conflictProtectionDays: 7, defaultCapacity: 200, slaPolicy: { firstTouchHours: { A: 24, B: 24 } } });
    expect(await codeOf(updateLeadSettings(deps, rep.actor, { ...settings, version: 0 }))).toBe('FORBIDDEN');
    const saved = await updateLeadSettings(deps, ws.admin, { ...settings, version: 0 });
    expect(saved).toMatchObject({ ...settings, version: 1 });
    expect(await codeOf(updateLeadSettings(deps, ws.admin, { ...settings, version: 0 }))).toBe('VERSION_CONFLICT');
    expect(await updateLeadSettings(deps, ws.admin, { ...settings, defaultCapacity: 90, version: 1 })).toMatchObject({ defaultCapacity: 90, version: 2 });
    const other = await buildWorkspace(deps);
    expect(await getLeadSettings(deps, other.admin)).toMatchObject({ version: 0, defaultCapacity: 200 });
  });

  it('refuses nonsense', () => {
    const bad = [
      { ...settings, slaPolicy: { ...settings.slaPolicy, firstTouchHours: { A: 0, B: 24, C: 72, D: null } } },
      { ...settings, slaPolicy: { firstTouchHours: { A: 8, B: 24, C: 72 }, warningHours: 2 } },
      { ...settings, conflictProtectionDays: 0 },
      { ...settings, defaultCapacity: -1 },
    ];
    for (const b of bad) expect(UpdateLeadSettingsInput.safeParse({ ...b, version: 0 }).success, JSON.stringify(b)).toBe(false);
  });

  it('refuses a reminder as long as the shortest time limit, which would fire the moment a lead is assigned', () => {
    const withWarning = (warningHours: number) => UpdateLeadSettingsInput.safeParse({ ...settings, slaPolicy: { ...settings.slaPolicy, warningHours }, version: 0 });
    const refused = withWarning(8);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues).toEqual([expect.objectContaining({ path: ['slaPolicy', 'warningHours'], message: expect.stringContaining('（A 级 8 小时），最多 7 小时') })]);
    expect(withWarning(7).success).toBe(true);
    // Tiers without a limit do not count: with only D timed at 100 h, a 48 h reminder is fine.
    const onlyD = { firstTouchHours: { A: null, B: null, C: null, D: 100 }, warningHours: 48 };
    expect(UpdateLeadSettingsInput.safeParse({ ...settings, slaPolicy: onlyD, version: 0 }).success).toBe(true);
  });
});

describe('rep settings', () => {
  it('lists reps with capacity, leave and held leads; admins change anyone, managers their scope', async () => {
    const ws = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    const east = await createDepartment(deps, ws.admin, { name: '华东', parentId: ws.rootDepartmentId });
    const west = await createDepartment(deps, ws.admin, { name: '西南', parentId: ws.rootDepartmentId });
    const manager = await buildUser(deps, ws, 'sales_manager', { departmentId: east.id });
    const mine = await buildUser(deps, ws, 'sales_rep', { departmentId: east.id, name: '本组' });
    const theirs = await buildUser(deps, ws, 'sales_rep', { departmentId: west.id });
    await buildLead(deps, mine.actor, { assignToMe: true });
    await buildLead(deps, mine.actor, { assignToMe: true });

    const until = new Date(clock.now().getTime() + 86_400_000).toISOString();
    const updated = await updateRepSettings(deps, manager.actor, mine.id, { capacity: 30, weight: 3, isAvailable: false, unavailableUntil: until });
    expect(updated).toMatchObject({ capacity: 30, weight: 3, isAvailable: false, isAvailableNow: false, held: 2, isDefault: false });
    expect(updated!.unavailableUntil?.toISOString()).toBe(until);
    // A leave ending in the past is refused; once the stored leave has ended, it can be sent back unchanged.
    const past = new Date(clock.now().getTime() - 60_000).toISOString();
    expect(await codeOf(updateRepSettings(deps, manager.actor, mine.id, { capacity: 30, weight: 3, isAvailable: false, unavailableUntil: past }))).toBe('VALIDATION_FAILED');
    clock.advance(2 * 86_400_000);
    expect(await updateRepSettings(deps, manager.actor, mine.id, { capacity: 40, weight: 3, isAvailable: false, unavailableUntil: until })).toMatchObject({ capacity: 40, isAvailableNow: true });

    const list = await listRepSettings(deps, manager.actor);
    expect(list.items.map((r) => r.userId).sort()).toEqual([manager.id, mine.id].sort());
    expect((await listRepSettings(deps, ws.admin)).items.find((r) => r.userId === theirs.id)).toMatchObject({ capacity: 200, isDefault: true, held: 0 });
    // Marketing and customer success do not work leads as owners: not listed unless they hold some.
    const marketer = await buildUser(deps, ws, 'marketing');
    const cs = await buildUser(deps, ws, 'customer_success');
    const listed = async () => (await listRepSettings(deps, ws.admin)).items.map((r) => r.userId);
    expect(await listed()).not.toContain(marketer.id);
    expect(await listed()).not.toContain(cs.id);
    await buildLead(deps, marketer.actor, { assignToMe: true });
    expect(await listed()).toContain(marketer.id);

    expect(await codeOf(updateRepSettings(deps, manager.actor, theirs.id, { capacity: 1, weight: 1, isAvailable: true }))).toBe('NOT_FOUND');
    expect(await codeOf(updateRepSettings(deps, mine.actor, mine.id, { capacity: 999, weight: 1, isAvailable: true }))).toBe('FORBIDDEN');
    expect(await codeOf(listRepSettings(deps, mine.actor))).toBe('FORBIDDEN');
    expect(await codeOf(updateRepSettings(deps, other.admin, mine.id, { capacity: 1, weight: 1, isAvailable: true }))).toBe('NOT_FOUND');

    clock.advance(2 * 86_400_000);
    expect((await listRepSettings(deps, ws.admin)).items.find((r) => r.userId === mine.id)).toMatchObject({ isAvailable: false, isAvailableNow: true });
  });

  it('takes a leave entered ahead: routed to until it starts, not during it, and back after it ends', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const at = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000).toISOString();
    const from = at(24);
    const until = at(72);
    const saved = await updateRepSettings(deps, ws.admin, rep.id, { capacity: 10, weight: 1, isAvailable: false, unavailableFrom: from, unavailableUntil: until });
    expect(saved).toMatchObject({ isAvailable: false, isAvailableNow: true });
    expect(saved!.unavailableFrom?.toISOString()).toBe(from);
    const listed = async () => (await listRepSettings(deps, ws.admin)).items.find((r) => r.userId === rep.id)!;
    clock.advance(24 * 3_600_000 - 1);
    expect((await listed()).isAvailableNow).toBe(true);
    clock.advance(1);
    expect((await listed()).isAvailableNow).toBe(false);
    clock.advance(48 * 3_600_000);
    expect((await listed()).isAvailableNow).toBe(true);

    // The audit row shows the start beside the end.
    const [created] = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.entity, 'rep_settings'), eq(auditLog.entityId, rep.id)));
    expect(created.changes).toMatchObject({ isAvailable: { from: null, to: false }, unavailableFrom: { from: null, to: from }, unavailableUntil: { from: null, to: until } });
  });

  it('refuses a leave that starts when or after it ends; a start alone is open-ended, a past one means now', async () => {
    const ws = await buildWorkspace(deps);
    const rep = await buildUser(deps, ws, 'sales_rep');
    const at = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000).toISOString();
    const leave = (unavailableFrom: string | null, unavailableUntil: string | null) =>
      updateRepSettings(deps, ws.admin, rep.id, { capacity: 10, weight: 1, isAvailable: false, unavailableFrom, unavailableUntil });
    for (const [from, until] of [[at(48), at(24)], [at(24), at(24)]]) {
      const err = await leave(from, until).catch((e: AppError) => e);
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'unavailableFrom', message: expect.stringContaining('请假开始时间须早于结束时间') }] });
      expect((err as AppError).details).toEqual([expect.objectContaining({ message: expect.stringContaining('the leave must start before it ends') })]);
    }
    expect(await leave(at(24), null)).toMatchObject({ isAvailableNow: true, unavailableUntil: null });
    clock.advance(30 * 24 * 3_600_000);
    expect((await listRepSettings(deps, ws.admin)).items.find((r) => r.userId === rep.id)).toMatchObject({ isAvailableNow: false });
    expect(await leave(at(-1), at(24))).toMatchObject({ isAvailableNow: false });
    // Back at work: no dates are kept, so nothing starts later by surprise.
    const back = await updateRepSettings(deps, ws.admin, rep.id, { capacity: 10, weight: 1, isAvailable: true, unavailableFrom: at(24), unavailableUntil: at(48) });
    expect(back).toMatchObject({ isAvailable: true, isAvailableNow: true, unavailableFrom: null, unavailableUntil: null });
  });
});
