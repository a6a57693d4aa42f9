import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { buildTestApp, loginAs, withApiKey, type Session } from '../../../../test/app.js';
import { and, eq } from 'drizzle-orm';
import { createApiKey } from '../identity/api-keys.service.js';
import { leads } from './leads.schema.js';
import { createPool, replacePoolMembers } from './pools.service.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
let ws: TestWorkspace;
let admin: Session;
const clock = new TestClock();
const now = () => clock.now().toISOString();

beforeAll(async () => {
  deps = await newTestDeps(clock);
  app = await buildTestApp(deps);
  ws = await buildWorkspace(deps);
  admin = await loginAs(app, ws.adminEmail);
});
afterAll(async () => { await app.close(); await deps.close(); });

describe('touch ingestion API', () => {
  it('records one event from an integration’s API key, raising the lead to MQL, and reports a repeat as a duplicate', async () => {
    // Fit 38 + 5 for the capture's touch: 43, nurturing; a demo request (25) lifts it to 68, past the MQL line of 60.
    const lead = await buildLead(deps, ws.admin, { industry: 'C', employeeSize: '500-999', source: 'event_signup', email: 'buyer@factory.test' });
    const key = withApiKey(app, (await createApiKey(deps, ws.admin, '营销自动化')).key);
    const event = { eventId: 'ma-001', type: 'demo_requested', occurredAt: now(), email: 'BUYER@factory.test', properties: { page: '/demo' } };
    const res = await key.post('/api/v1/touches', event);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outcomes: [{ index: 0, eventId: 'ma-001', outcome: 'recorded', leadId: lead.id }], summary: { recorded: 1 } });
    const detail = await admin.get(`/api/v1/leads/${lead.id}`);
    expect(detail.json()).toMatchObject({ status: 'mql', score: 68 });
    expect((await key.post('/api/v1/touches', event)).json().outcomes[0].outcome).toBe('duplicate');
  });

  it('takes a batch with per-event outcomes, refuses a bad single event and an oversized batch', async () => {
    const lead = await buildLead(deps, ws.admin);
    const res = await admin.post('/api/v1/touches', { events: [
      { eventId: 'b1', type: 'site_visit', occurredAt: now(), leadId: lead.id },
      { eventId: 'b2', type: 'site_visit', occurredAt: '2099-01-01T00:00:00Z', leadId: lead.id },
      { eventId: 'b3', type: 'site_visit', occurredAt: now(), email: 'unknown@nowhere.test' },
    ] });
    expect(res.json().outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['recorded', 'invalid', 'unmatched']);
    expect(res.json().summary).toEqual({ recorded: 1, duplicate: 0, unmatched: 1, invalid: 1 });

    const future = await admin.post('/api/v1/touches', { eventId: 'f', type: 'site_visit', occurredAt: '2099-01-01T00:00:00Z', leadId: lead.id });
    expect(future.statusCode).toBe(400);
    expect((await admin.post('/api/v1/touches', { eventId: 'n', type: 'site_visit', occurredAt: now() })).statusCode).toBe(400);
    // A body that is neither a batch nor one event says what each shape lacks, not just "Invalid input".
    const shapeless = await admin.post('/api/v1/touches', { type: 'site_visit', leadId: lead.id });
    expect(shapeless.statusCode).toBe(400);
    expect(shapeless.json().details).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'events', option: 1 }),
      expect.objectContaining({ path: 'eventId', option: 2 }),
      expect.objectContaining({ path: 'occurredAt', option: 2 }),
    ]));
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ eventId: `t${i}`, type: 'site_visit', occurredAt: now(), leadId: lead.id }));
    expect((await admin.post('/api/v1/touches', { events: tooMany })).statusCode).toBe(400);
  });

  it('records on a pool lead only once it is claimed: a member cannot raise the score of a lead they may not change', async () => {
    const rep = await buildUser(deps, ws, 'sales_rep');
    const pool = await createPool(deps, ws.admin, { name: `互动公海${rep.id.slice(-4)}` });
    await replacePoolMembers(deps, ws.admin, pool.id, { members: [{ userId: rep.id, role: 'member' }] });
    const lead = await buildLead(deps, ws.admin, { email: `pool-${rep.id.slice(-6)}@touch.test` });
    await deps.db.update(leads).set({ ownerId: null, poolId: pool.id }).where(and(eq(leads.tenantId, ws.tenantId), eq(leads.id, lead.id)));
    const before = (await admin.get(`/api/v1/leads/${lead.id}`)).json().score;
    const session = await loginAs(app, rep.email);
    const res = await session.post('/api/v1/touches', { events: [
      { eventId: `p-${rep.id}-1`, type: 'demo_requested', occurredAt: now(), leadId: lead.id },
      { eventId: `p-${rep.id}-2`, type: 'trial_signup', occurredAt: now(), email: `pool-${rep.id.slice(-6)}@touch.test` },
    ] });
    expect(res.statusCode).toBe(200);
    expect(res.json().outcomes.map((o: { outcome: string; error?: string }) => [o.outcome, o.error?.split(' / ')[0]]))
      .toEqual([['invalid', '线索在线索池中，领取后才能记录互动'], ['invalid', '线索在线索池中，领取后才能记录互动']]);
    expect((await admin.get(`/api/v1/leads/${lead.id}`)).json().score).toBe(before);
    // An integration's key sees the whole workspace and records on it.
    const key = withApiKey(app, (await createApiKey(deps, ws.admin, `市场自动化${rep.id.slice(-4)}`)).key);
    expect((await key.post('/api/v1/touches', { eventId: `p-${rep.id}-3`, type: 'demo_requested', occurredAt: now(), leadId: lead.id })).json().outcomes[0].outcome).toBe('recorded');
  });

  it('needs leads.write', async () => {
    const cs = await loginAs(app, (await buildUser(deps, ws, 'customer_success')).email);
    const res = await cs.post('/api/v1/touches', { eventId: 'cs', type: 'site_visit', occurredAt: now(), email: 'a@b.test' });
    expect(res.statusCode).toBe(403);
  });
});
