import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildTestApp, loginAs } from '../../../../test/app.js';
import { buildLead, buildUser, buildWorkspace } from '../../../../test/factories.js';
import { newId } from '../../db/ids.js';
import { routingRules } from './lead-rules.schema.js';
import { leads } from './leads.schema.js';
import { and, eq } from 'drizzle-orm';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
beforeAll(async () => {
  deps = await newTestDeps(new TestClock());
  app = await buildTestApp(deps);
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

describe('pool routes', () => {
  it('runs a pool end to end: create, members, masked list, claim, refusal, return', async () => {
    const ws = await buildWorkspace(deps);
    const a = await buildUser(deps, ws, 'sales_rep', { name: '甲' });
    const b = await buildUser(deps, ws, 'sales_rep', { name: '乙' });
    const admin = await loginAs(app, ws.adminEmail);
    const repA = await loginAs(app, a.email);
    const repB = await loginAs(app, b.email);

    expect((await repA.post('/api/v1/pools', { name: '不该建成' })).statusCode).toBe(403);
    // A name of invisible characters only is no name.
    expect((await admin.post('/api/v1/pools', { name: '\u200b\u202e' })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'name' })] });
    const created = await admin.post('/api/v1/pools', { name: '路由测试池', claimRules: { dailyLimit: 1 } });
    expect(created.statusCode).toBe(201);
    const pool = created.json();
    expect(pool.claimRules).toEqual({ dailyLimit: 1, coolDownDays: 30 });
    // Days are the workspace's: a pool of its own time zone is refused, not silently dropped.
    const zoned = await admin.post('/api/v1/pools', { name: '自有时区', claimRules: { timeZone: 'Europe/Berlin' } });
    expect(zoned.statusCode).toBe(400);
    expect(zoned.json().details[0]).toMatchObject({ path: 'claimRules', message: expect.stringContaining('timeZone') });

    const put = await admin.request({ method: 'PUT', url: `/api/v1/pools/${pool.id}/members`, payload: { members: [{ userId: a.id }, { userId: b.id, role: 'admin' }] } });
    expect(put.statusCode).toBe(200);
    expect(put.json().items).toHaveLength(2);
    await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '进池', conditions: [], target: { kind: 'pool', poolId: pool.id } });
    const first = await buildLead(deps, ws.admin, { mobile: '13911112222', email: 'zhang.san@pool-route.test' });
    const second = await buildLead(deps, ws.admin);

    const pools = await repA.get('/api/v1/pools');
    expect(pools.json().items).toMatchObject([{ id: pool.id, leadCount: 2, myRole: 'member' }]);
    const list = await repA.get(`/api/v1/pools/${pool.id}/leads?limit=1&sort=-createdAt`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().nextCursor).toBeTruthy();
    const all = await repA.get(`/api/v1/pools/${pool.id}/leads`);
    expect(all.body).not.toContain('13911112222');
    expect(all.body).toContain('139****2222');

    // A member sees the pool's leads to claim them, not to change them: marking one invalid would take it from everyone.
    const early = await repA.post(`/api/v1/leads/${first.id}/invalid`, { reason: '空号', version: 1 });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('CLAIM_FIRST');
    expect((await repA.patch(`/api/v1/leads/${first.id}`, { title: '经理', version: 1 })).json().code).toBe('CLAIM_FIRST');

    const claim = await repA.post(`/api/v1/leads/${first.id}/claim`);
    expect(claim.statusCode).toBe(200);
    expect(claim.json()).toMatchObject({ ownerId: a.id, mobile: '13911112222' });
    const limited = await repA.post(`/api/v1/leads/${second.id}/claim`);
    expect(limited.statusCode).toBe(409);
    expect(limited.json()).toMatchObject({ code: 'CLAIM_REFUSED', details: { code: 'DAILY_LIMIT' } });
    const taken = await repB.post(`/api/v1/leads/${first.id}/claim`);
    expect(taken.json().details.message.zh).toBe('已被 甲 领取');

    const noReason = await repA.post(`/api/v1/leads/${first.id}/return`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('REASON_REQUIRED');
    // Invisible characters are not a reason.
    expect((await repA.post(`/api/v1/leads/${first.id}/return`, { reason: '\u200b\u200b\u200d' })).json().code).toBe('REASON_REQUIRED');
    const back = await repA.post(`/api/v1/leads/${first.id}/return`, { reason: '客户已选其他供应商' });
    expect(back.json()).toMatchObject({ poolId: pool.id, ownerId: null });
    // The page asks first: the one who just returned it is told why they cannot take it back, and nothing is written.
    const check = await repA.get(`/api/v1/leads/${first.id}/claim-check`);
    expect(check.json()).toMatchObject({ ok: false, code: 'COOL_DOWN', message: { zh: expect.stringContaining('后可领取') } });
    expect((await admin.get(`/api/v1/leads/${first.id}`)).json()).toMatchObject({ ownerId: null, poolId: pool.id });
    expect((await repB.get(`/api/v1/leads/${first.id}/claim-check`)).json()).toEqual({ ok: true });
    // The audit log names the lead and the pool it is about, not only "a lead".
    const [stored] = await deps.db.select().from(leads).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, first.id)));
    const logged = (await admin.get(`/api/v1/audit?entity=lead&entityId=${first.id}&action=return`)).json().items;
    expect(logged).toEqual([expect.objectContaining({ action: 'return', entityName: `${stored.name}（${stored.company}）` })]);
    expect((await admin.get(`/api/v1/audit?entity=pool&entityId=${pool.id}`)).json().items[0].entityName).toBe('路由测试池');

    // b is the pool's admin: may edit its rules without admin.pools, but not delete it.
    const patched = await repB.patch(`/api/v1/pools/${pool.id}`, { version: pool.version, holdingLimit: 5 });
    expect(patched.statusCode).toBe(200);
    expect((await repB.delete(`/api/v1/pools/${pool.id}`)).statusCode).toBe(403);
    const inUse = await admin.delete(`/api/v1/pools/${pool.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('IN_USE');
  });

  it('answers 404 for another workspace’s pools and leads', async () => {
    const ws = await buildWorkspace(deps);
    const pool = (await (await loginAs(app, ws.adminEmail)).post('/api/v1/pools', { name: '别人的池' })).json();
    await deps.db.insert(routingRules).values({ tenantId: ws.tenantId, id: newId(), position: 1, name: '进池', conditions: [], target: { kind: 'pool', poolId: pool.id } });
    const lead = await buildLead(deps, ws.admin);
    const other = await buildWorkspace(deps);
    const outsider = await loginAs(app, other.adminEmail);
    for (const url of [`/api/v1/pools/${pool.id}`, `/api/v1/pools/${pool.id}/members`, `/api/v1/pools/${pool.id}/leads`]) {
      expect((await outsider.get(url)).statusCode, url).toBe(404);
    }
    expect((await outsider.patch(`/api/v1/pools/${pool.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await outsider.delete(`/api/v1/pools/${pool.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/leads/${lead.id}/claim`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/leads/${lead.id}/return`, { reason: '越权测试' })).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/leads/${lead.id}/move-to-pool`, { poolId: pool.id, reason: '越权测试' })).statusCode).toBe(404);
    expect((await outsider.get('/api/v1/pools')).json().items).toEqual([]);
  });
});
