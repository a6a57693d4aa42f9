import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildTestApp, loginAs, type Session } from '../../../../test/app.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
const clock = new TestClock();
let ws: TestWorkspace;
let admin: Session;
let manager: Session;
let rep: Session;
let outsider: Session;
let repId: string;
let managerId: string;

beforeAll(async () => {
  deps = await newTestDeps(clock);
  app = await buildTestApp(deps);
  ws = await buildWorkspace(deps);
  const m = await buildUser(deps, ws, 'sales_manager', { name: '经理' });
  const r = await buildUser(deps, ws, 'sales_rep', { name: '销售甲', managerId: m.id });
  repId = r.id;
  managerId = m.id;
  admin = await loginAs(app, ws.adminEmail);
  manager = await loginAs(app, m.email);
  rep = await loginAs(app, r.email);
  outsider = await loginAs(app, (await buildWorkspace(deps)).adminEmail);
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

const api = (p: string) => `/api/v1${p}`;

describe('routing rule routes', () => {
  it('create, list, edit, reorder, preview and delete, with permissions and tenant isolation', async () => {
    const body = { name: '华东团队', conditions: [{ field: 'region', in: ['华东'] }], target: { kind: 'team', repIds: [repId], strategy: 'round_robin' } };
    expect((await rep.post(api('/routing-rules'), body)).statusCode).toBe(403);
    const bad = await admin.post(api('/routing-rules'), { ...body, conditions: [{ field: 'region', in: ['火星'] }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const created = await admin.post(api('/routing-rules'), body);
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    const second = (await admin.post(api('/routing-rules'), { ...body, name: '兜底', conditions: [] })).json();

    const list = await manager.get(api('/routing-rules'));
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { name: string }) => r.name)).toEqual(['华东团队', '兜底']);
    expect(list.json().items[0].reps).toEqual([{ id: repId, name: '销售甲', isActive: true }]);

    const patched = await admin.patch(api(`/routing-rules/${rule.id}`), { name: '华东一组', version: 1 });
    expect(patched.json()).toMatchObject({ name: '华东一组', version: 2 });
    expect((await admin.patch(api(`/routing-rules/${rule.id}`), { name: 'x', version: 1 })).statusCode).toBe(409);
    expect((await outsider.patch(api(`/routing-rules/${rule.id}`), { name: 'x', version: 2 })).statusCode).toBe(404);

    const reordered = await admin.post(api('/routing-rules/reorder'), { ids: [second.id, rule.id] });
    expect(reordered.json().items.map((r: { id: string }) => r.id)).toEqual([second.id, rule.id]);

    const preview = await manager.post(api('/routing-rules/preview'), { province: '浙江省', tier: 'A' });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ rule: { id: second.id }, target: { kind: 'rep', repId, repName: '销售甲' } });
    expect((await rep.post(api('/routing-rules/preview'), {})).statusCode).toBe(403);

    expect((await outsider.delete(api(`/routing-rules/${second.id}`))).statusCode).toBe(404);
    expect((await admin.delete(api(`/routing-rules/${second.id}`))).statusCode).toBe(204);
    expect((await outsider.get(api('/routing-rules'))).json().items).toEqual([]);
  });
});

describe('settings routes', () => {
  it('lead settings: read by lead users, saved by rule admins with a version', async () => {
    const current = (await rep.get(api('/lead-settings'))).json();
    expect(current.version).toBe(0);
    const next = { slaPolicy: { firstTouchHours: { A: 12, B: 24, C: 48, D: null }, warningHours: 3 }, conflictProtectionDays: 10, defaultCapacity: 120, timeZone: 'Asia/Shanghai' };
    expect((await rep.request({ method: 'PUT', url: api('/lead-settings'), payload: { ...next, version: 0 } })).statusCode).toBe(403);
    // The time zone is the workspace's: sent back as read it is accepted, another one is refused on its field.
    const zoned = await admin.request({ method: 'PUT', url: api('/lead-settings'), payload: { ...next, timeZone: 'Europe/Berlin', version: 0 } });
    expect(zoned.statusCode).toBe(400);
    expect(zoned.json().details[0]).toMatchObject({ path: 'timeZone', message: expect.stringContaining('Admin → Workspace') });
    const saved = await admin.request({ method: 'PUT', url: api('/lead-settings'), payload: { ...next, version: 0 } });
    expect(saved.json()).toMatchObject({ ...next, version: 1 });
    expect((await admin.request({ method: 'PUT', url: api('/lead-settings'), payload: { ...next, version: 0 } })).statusCode).toBe(409);
    expect((await outsider.get(api('/lead-settings'))).json()).toMatchObject({ version: 0, defaultCapacity: 200 });
  });

  it('rep settings: managers within scope, never across workspaces', async () => {
    const put = (s: Session, userId: string, payload: Record<string, unknown>) => s.request({ method: 'PUT', url: api(`/rep-settings/${userId}`), payload });
    const res = await put(manager, repId, { capacity: 80, weight: 2, isAvailable: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ userId: repId, capacity: 80, weight: 2 });
    expect((await put(manager, repId, { capacity: -1, weight: 2, isAvailable: true })).statusCode).toBe(400);
    expect((await put(rep, repId, { capacity: 500, weight: 1, isAvailable: true })).statusCode).toBe(403);
    expect((await put(outsider, repId, { capacity: 1, weight: 1, isAvailable: true })).statusCode).toBe(404);
    const list = (await manager.get(api('/rep-settings'))).json();
    // The manager sits in the root department, so their 本部门及下属 scope covers everyone in this workspace.
    expect(list.items.map((r: { userId: string }) => r.userId)).toEqual(expect.arrayContaining([managerId, repId]));
    expect((await outsider.get(api('/rep-settings'))).json().items.some((r: { userId: string }) => r.userId === repId)).toBe(false);
    // Someone whose role takes no leads has no capacity or leave: refused on the person, nothing written.
    const cs = await buildUser(deps, ws, 'customer_success', { name: '客服小周' });
    const refused = await put(admin, cs.id, { capacity: 5, weight: 1, isAvailable: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details[0]).toMatchObject({ path: 'userId', message: expect.stringContaining('客服小周 的角色不接线索') });
    expect((await admin.get(api('/rep-settings'))).json().items.some((r: { userId: string }) => r.userId === cs.id)).toBe(false);
  });

  it('rep settings: a leave entered ahead comes back with its start; one starting after its end is refused', async () => {
    const put = (payload: Record<string, unknown>) => manager.request({ method: 'PUT', url: api(`/rep-settings/${repId}`), payload });
    const inDays = (d: number) => new Date(clock.now().getTime() + d * 86_400_000).toISOString();
    const leave = { capacity: 80, weight: 1, isAvailable: false, unavailableFrom: inDays(7), unavailableUntil: inDays(11) };
    const saved = await put(leave);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ unavailableFrom: leave.unavailableFrom, unavailableUntil: leave.unavailableUntil, isAvailable: false, isAvailableNow: true });
    const listed = (await manager.get(api('/rep-settings'))).json().items.find((r: { userId: string }) => r.userId === repId);
    expect(listed).toMatchObject({ unavailableFrom: leave.unavailableFrom, isAvailableNow: true });

    const refused = await put({ ...leave, unavailableFrom: inDays(12) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'unavailableFrom' }] });
    expect((await put({ ...leave, unavailableFrom: 'next monday' })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'unavailableFrom' }] });
    expect((await put({ capacity: 80, weight: 1, isAvailable: true })).json()).toMatchObject({ unavailableFrom: null, unavailableUntil: null });
  });
});

describe('assignment, follow-up and conflict routes', () => {
  it('assigns a list of leads to one rep, each on its own: the ones that cannot move say why, the others move', async () => {
    const r2 = await buildUser(deps, ws, 'sales_rep', { name: '销售乙', managerId });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await buildLead(deps, ws.admin, { company: `批量分配${i}号科技有限公司` })).id);
    // Room for two more: the third is refused for capacity, and a closed lead for its status.
    await admin.request({ method: 'PUT', url: api(`/rep-settings/${r2.id}`), payload: { capacity: 2, weight: 1, isAvailable: true } });
    const closed = (await admin.get(api(`/leads/${ids[3]}`))).json();
    await admin.post(api(`/leads/${ids[3]}/invalid`), { reason: '空号无效', version: closed.version });
    const res = await manager.post(api('/leads/assign'), { ids, ownerId: r2.id, reason: '区域调整' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().summary).toEqual({ assigned: 2, failed: 2 });
    expect(res.json().outcomes.map((o: { ok: boolean; error?: { code: string } }) => (o.ok ? 'ok' : o.error!.code)))
      .toEqual(['ok', 'ok', 'REP_UNAVAILABLE', 'LEAD_STATUS_INVALID']);
    expect(res.json().outcomes[2].error.details.reason.zh).toContain('库容已满');
    for (const id of ids.slice(0, 2)) expect((await admin.get(api(`/leads/${id}`))).json().ownerId).toBe(r2.id);
    // Only those who assign; each lead once; another workspace's leads are not found.
    expect((await rep.post(api('/leads/assign'), { ids, ownerId: r2.id })).statusCode).toBe(403);
    expect((await manager.post(api('/leads/assign'), { ids: [ids[0], ids[0]], ownerId: r2.id })).statusCode).toBe(400);
    expect((await outsider.post(api('/leads/assign'), { ids: [ids[2]], ownerId: r2.id })).json().outcomes[0].error.code).toBe('NOT_FOUND');
  });

  it('assigns, refuses an unavailable rep, re-routes, logs a follow-up and shows 撞单', async () => {
    const lead = await buildLead(deps, ws.admin, { company: '路由测试科技有限公司' });
    expect((await rep.post(api(`/leads/${lead.id}/assign`), { ownerId: repId })).statusCode).toBe(403);
    expect((await outsider.post(api(`/leads/${lead.id}/assign`), { ownerId: repId })).statusCode).toBe(404);
    expect((await manager.post(api(`/leads/${lead.id}/assign`), { ownerId: 'nobody' })).statusCode).toBe(400);

    await manager.request({ method: 'PUT', url: api(`/rep-settings/${repId}`), payload: { capacity: 80, weight: 1, isAvailable: false } });
    const refused = await manager.post(api(`/leads/${lead.id}/assign`), { ownerId: repId });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'REP_UNAVAILABLE', details: { reason: { zh: '休假中', en: 'on leave' } } });
    await manager.request({ method: 'PUT', url: api(`/rep-settings/${repId}`), payload: { capacity: 80, weight: 1, isAvailable: true } });
    const assigned = await manager.post(api(`/leads/${lead.id}/assign`), { ownerId: repId, reason: '区域对口' });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ ownerId: repId, ownerName: '销售甲' });

    expect((await admin.post(api(`/leads/${lead.id}/reroute`))).json().code).toBe('LEAD_NOT_ROUTABLE');
    expect((await rep.post(api('/leads/route-unrouted'))).statusCode).toBe(403);
    expect((await admin.post(api('/leads/route-unrouted'))).statusCode).toBe(200);

    expect((await rep.post(api(`/leads/${lead.id}/follow-ups`), { method: 'call', content: '' })).statusCode).toBe(400);
    expect((await outsider.post(api(`/leads/${lead.id}/follow-ups`), { method: 'call', content: '打过电话' })).statusCode).toBe(404);
    const logged = await rep.post(api(`/leads/${lead.id}/follow-ups`), { method: 'call', content: '打过电话，约了拜访' });
    expect(logged.statusCode).toBe(201);
    expect(logged.json().lead.followUps).toHaveLength(1);

    const rival = await buildUser(deps, ws, 'sales_rep', { name: '对手' });
    const rivalLead = await buildLead(deps, rival.actor, { company: '路由测试科技有限公司', name: '赵六', assignToMe: true });
    const pending = (await rep.get(api('/lead-conflicts?status=pending'))).json();
    expect(pending.items).toHaveLength(1);
    expect(pending.items[0]).toMatchObject({ lead: { id: rivalLead.id, ownerName: '对手' }, existingLead: { id: lead.id } });
    await rep.post(api(`/leads/${lead.id}/follow-ups`), { method: 'visit', content: '上门拜访，见到负责人' });
    const decided = (await (await loginAs(app, rival.email)).get(api(`/lead-conflicts?status=decided&leadId=${rivalLead.id}`))).json();
    expect(decided.items[0]).toMatchObject({ status: 'decided', winnerLeadId: lead.id });
    expect(decided.items[0].reason.zh).toContain('销售甲');
    expect((await outsider.get(api('/lead-conflicts'))).json().items).toEqual([]);
    expect((await rep.get(api('/lead-conflicts?status=bogus'))).statusCode).toBe(400);
  });
});
