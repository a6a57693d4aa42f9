import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { newTestDeps } from '../../../test/db.js';
import { buildUser, buildWorkspace, nextMobile, type TestWorkspace } from '../../../test/factories.js';
import { buildTestApp, loginAs, type Session } from '../../../test/app.js';
import { leads } from '../modules/leads/leads.schema.js';
import { findUnstorableText } from './text-guard.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
let ws: TestWorkspace;
let admin: Session;
beforeAll(async () => {
  deps = await newTestDeps();
  app = await buildTestApp(deps);
  ws = await buildWorkspace(deps);
  admin = await loginAs(app, ws.adminEmail);
});
afterAll(async () => { await app.close(); await deps.close(); });

describe('text the database cannot store', () => {
  it('finds NUL and unpaired surrogates anywhere, and passes emoji and Chinese', () => {
    expect(findUnstorableText({ a: ['ok', { b: 'x\u0000y' }] })).toEqual(['a', '1', 'b']);
    expect(findUnstorableText({ name: 'a\ud800' })).toEqual(['name']);
    expect(findUnstorableText({ name: '\udc00b' })).toEqual(['name']);
    expect(findUnstorableText({ ['k\u0000']: 1 })).toEqual(['k\u0000']);
    expect(findUnstorableText({ name: '张三 😀', n: 1, ok: true, none: null })).toBeNull();
  });

  it('refuses it with 400 and the field, in a body, a query string, a batch and the public form, writing nothing', async () => {
    const body = await admin.post('/api/v1/leads', { name: 'a\u0000b', mobile: nextMobile(), source: 'demo_request' });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'name', message: expect.stringContaining('NUL') }] });
    const batch = await admin.post('/api/v1/leads/batch', { leads: [
      { name: '甲', mobile: nextMobile(), source: 'demo_request' }, { name: '乙', mobile: nextMobile(), source: 'demo_request', notes: 'x\u0000y' },
    ] });
    expect(batch.statusCode).toBe(400);
    expect(batch.json().details[0].path).toBe('leads.1.notes');
    expect(await deps.db.select().from(leads).where(eq(leads.tenantId, ws.tenantId))).toHaveLength(0);
    expect((await admin.get('/api/v1/leads?q=a%00b')).statusCode).toBe(400);
    const exported = await admin.get('/api/v1/leads/export?format=csv&q=a%00b');
    expect(exported.statusCode).toBe(400);
    const surrogate = await admin.request({ method: 'POST', url: '/api/v1/touches', payload: '{"eventId":"e1","type":"site_visit","email":"a@b.cn","properties":{"k":"\\ud800"}}', headers: { 'content-type': 'application/json' } });
    expect(surrogate.statusCode).toBe(400);
    const publicForm = await app.inject({ method: 'POST', url: '/api/v1/public/forms/lf_nope/submissions', payload: { name: 'a\u0000' } });
    expect(publicForm.statusCode).toBe(400);
  });

  it('answers a body that is not JSON and a content type it does not take with their own codes', async () => {
    const malformed = await admin.request({ method: 'POST', url: '/api/v1/leads', payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'MALFORMED_BODY', message: '请求体不是有效的 JSON' });
    const xml = await admin.request({ method: 'POST', url: '/api/v1/leads', payload: '<lead/>', headers: { 'content-type': 'application/xml', 'accept-language': 'en' } });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('send JSON') });
  });
});

describe('health', () => {
  it('answers at the root as under /api/v1, with no login, for a monitor or load balancer', async () => {
    for (const url of ['/health', '/api/v1/health']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: true, database: deps.database.kind });
    }
  });
});

describe('who asks, before what they sent', () => {
  it('answers a caller without a session 401 and one without the right 403, whatever the body holds', async () => {
    const bad = { name: '', conditions: 'nope', target: 42 };
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/routing-rules', payload: bad });
    expect(anonymous.statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/leads', payload: { name: '' } })).statusCode).toBe(401);
    const rep = await loginAs(app, (await buildUser(deps, ws, 'sales_rep')).email);
    for (const [method, url] of [['POST', '/api/v1/routing-rules'], ['PATCH', `/api/v1/scoring-models/${ws.admin.userId}`], ['POST', '/api/v1/webhooks'], ['PUT', '/api/v1/lead-settings'], ['POST', '/api/v1/pools']] as const) {
      const res = await rep.request({ method, url, payload: bad });
      expect([url, res.statusCode, res.json().code]).toEqual([url, 403, 'FORBIDDEN']);
    }
    // Someone who may write rules still gets the list of what is wrong.
    expect((await admin.post('/api/v1/routing-rules', bad)).statusCode).toBe(400);
  });
});

describe('numbers the database cannot hold', () => {
  it('refuses a version or a cursor beyond a 32-bit integer with 400, not a failed statement', async () => {
    const created = (await admin.post('/api/v1/leads', { name: '周建国', mobile: nextMobile(), source: 'demo_request' })).json().lead;
    const patch = await admin.patch(`/api/v1/leads/${created.id}`, { name: '周建国', version: 2_147_483_648 });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().details[0].path).toBe('version');
    const settings = await admin.request({ method: 'PUT', url: '/api/v1/lead-settings', payload: { version: Number.MAX_SAFE_INTEGER } });
    expect(settings.statusCode).toBe(400);
    const cursor = Buffer.from(JSON.stringify([3_000_000_000, created.id])).toString('base64url');
    const page = await admin.get(`/api/v1/leads?sort=score&cursor=${cursor}`);
    expect(page.statusCode).toBe(400);
    expect(page.json().code).toBe('BAD_CURSOR');
  });
});

describe('dates the database cannot hold', () => {
  it('refuses year 0 (and anything outside 1900–2999) on its field: a follow-up, a touch in a batch, leave, a list filter', async () => {
    const created = (await admin.post('/api/v1/leads', { name: '钱文斌', mobile: nextMobile(), source: 'demo_request', assignToMe: true })).json().lead;
    const followUp = await admin.post(`/api/v1/leads/${created.id}/follow-ups`, { method: 'call', content: '电话沟通', occurredAt: '0000-01-01T00:00:00Z' });
    expect(followUp.statusCode).toBe(400);
    expect(followUp.json().details).toEqual([expect.objectContaining({ path: 'occurredAt', message: expect.stringContaining('1900–2999') })]);
    // In a batch only the bad event is refused; the good one is recorded.
    const batch = await admin.post('/api/v1/touches', { events: [
      { eventId: 'ok-1', type: 'site_visit', leadId: created.id, occurredAt: '2026-11-01T08:00:00+08:00' },
      { eventId: 'bad-1', type: 'site_visit', leadId: created.id, occurredAt: '0001-01-01T00:00:00+01:00' },
    ] });
    expect(batch.statusCode).toBe(200);
    expect(batch.json().outcomes.map((r: { outcome: string }) => r.outcome)).toEqual(['recorded', 'invalid']);
    const leave = await admin.request({ method: 'PUT', url: `/api/v1/rep-settings/${ws.admin.userId}`, payload: { capacity: 100, weight: 1, isAvailable: false, unavailableFrom: '0000-01-01T00:00:00Z', version: 0 } });
    expect(leave.statusCode).toBe(400);
    expect(leave.json().details[0].path).toBe('unavailableFrom');
    const list = await admin.get('/api/v1/leads?createdFrom=0000-01-01T00:00:00Z');
    expect(list.statusCode).toBe(400);
    expect(list.json().details[0].path).toBe('createdFrom');
  });
});

describe('ids in capitals', () => {
  it('name the same record, in the path and in a touch', async () => {
    const created = (await admin.post('/api/v1/leads', { name: '冯远', mobile: nextMobile(), source: 'demo_request', assignToMe: true })).json().lead;
    const upper = created.id.toUpperCase();
    expect((await admin.get(`/api/v1/leads/${upper}`)).json().id).toBe(created.id);
    expect((await admin.post(`/api/v1/leads/${upper}/follow-ups`, { method: 'call', content: '电话沟通需求' })).statusCode).toBe(201);
    const touch = await admin.post('/api/v1/touches', { eventId: `up-${created.id}`, type: 'site_visit', leadId: upper, occurredAt: new Date().toISOString() });
    expect(touch.json().outcomes[0]).toMatchObject({ outcome: 'recorded', leadId: created.id });
  });
});

describe('cleaning', () => {
  it('keeps a lead mobile typed with +86, spaces and dashes as its 11 digits', async () => {
    const created = await admin.post('/api/v1/leads', { name: '周建国', mobile: '+86 138-1234-5678', source: 'demo_request' });
    expect(created.statusCode).toBe(201);
    expect(created.json().lead.mobile).toBe('13812345678');
  });
});
