import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newTestDeps } from '../../../../test/db.js';
import { buildLead, buildUser, buildWorkspace, TEST_PASSWORD, type TestWorkspace } from '../../../../test/factories.js';
import { formatInstant } from '../leads/leads.text.js';
import { buildTestApp, loginAs, withApiKey } from '../../../../test/app.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
let ws: TestWorkspace;
beforeAll(async () => { deps = await newTestDeps(); app = await buildTestApp(deps); ws = await buildWorkspace(deps); });
afterAll(async () => { await app.close(); await deps.close(); });

const login = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object, headers });

describe('sign-in', () => {
  it('signs in with an httpOnly SameSite cookie and answers /auth/me', async () => {
    const res = await login({ email: ws.adminEmail.toUpperCase(), password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'baton_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `baton_session=${cookie.value}` } });
    expect(me.json()).toMatchObject({ tenant: { slug: ws.slug }, dataScope: 'all', csrfToken: res.json().csrfToken });
  });

  it('says “wrong email or password” the same way for an unknown email and a wrong password, in the caller’s language', async () => {
    const a = await login({ email: ws.adminEmail, password: 'wrong-password' });
    const b = await login({ email: 'nobody@nowhere.test', password: 'wrong-password' }, { 'accept-language': 'en' });
    expect(a.statusCode).toBe(401);
    expect(a.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: '邮箱或密码不正确' });
    expect(b.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' });
  });

  it('slows down password guessing with 429 after ten tries a minute', async () => {
    const email = `guess-${Date.now()}@x.test`;
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await login({ email, password: 'x' })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[11]).toBe(429);
  });

  it('asks which workspace when one email belongs to two', async () => {
    const other = await buildWorkspace(deps);
    const email = `shared-${Date.now()}@x.test`;
    for (const w of [ws, other]) {
      const admin = await loginAs(app, w.adminEmail);
      const roles = (await admin.get('/api/v1/roles')).json().items as { id: string; key: string }[];
      const r = await admin.post('/api/v1/users', { email, name: '共用', password: TEST_PASSWORD, roleId: roles.find((x) => x.key === 'sales_rep')!.id });
      expect(r.statusCode).toBe(201);
    }
    const res = await login({ email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(res.json().details.workspaces.sort()).toEqual([ws.slug, other.slug].sort());
    expect((await login({ email, password: TEST_PASSWORD, workspace: other.slug })).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    const res = await login({ email: ws.adminEmail, password: TEST_PASSWORD });
    const cookie = `baton_session=${res.cookies[0].value}`;
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('CSRF and API keys', () => {
  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const res = await login({ email: ws.adminEmail, password: TEST_PASSWORD });
    const cookie = `baton_session=${res.cookies[0].value}`;
    const write = await app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie }, payload: { name: '跨站请求' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('CSRF_FAILED');
    const ok = await app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie, 'x-csrf-token': res.json().csrfToken }, payload: { name: '正常请求' } });
    expect(ok.statusCode).toBe(201);
  });

  it('authenticates programs with an API key until it is revoked', async () => {
    const admin = await loginAs(app, ws.adminEmail);
    const created = await admin.post('/api/v1/api-keys', { name: 'ERP 同步' });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    const program = withApiKey(app, key);
    expect((await program.get('/api/v1/accounts')).statusCode).toBe(200);
    expect((await program.post('/api/v1/accounts', { name: 'API 创建客户有限公司' })).statusCode).toBe(201);
    expect((await admin.get('/api/v1/api-keys')).json().items[0]).not.toHaveProperty('key');
    await admin.delete(`/api/v1/api-keys/${id}`);
    const after = await program.get('/api/v1/accounts');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('INVALID_API_KEY');
    expect((await withApiKey(app, key.slice(0, -2) + 'xx').get('/api/v1/accounts')).statusCode).toBe(401);
  });

  it('answers an unauthenticated request with 401 and a code', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/accounts' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });
});

describe('admin', () => {
  it('only admins manage users; a disabled user cannot sign in', async () => {
    const rep = await buildUser(deps, ws, 'sales_rep');
    const repSession = await loginAs(app, rep.email);
    expect((await repSession.get('/api/v1/users')).statusCode).toBe(403);
    const admin = await loginAs(app, ws.adminEmail);
    const users = (await admin.get('/api/v1/users')).json().items as { id: string; version: number }[];
    const u = users.find((x) => x.id === rep.id)!;
    expect((await admin.patch(`/api/v1/users/${rep.id}`, { version: u.version, status: 'disabled' })).statusCode).toBe(200);
    expect((await login({ email: rep.email, password: TEST_PASSWORD })).statusCode).toBe(401);
    expect((await repSession.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('rejects bad input with VALIDATION_FAILED and field paths, never a 500', async () => {
    const admin = await loginAs(app, ws.adminEmail);
    const res = await admin.post('/api/v1/users', { email: 'not-an-email', name: '', password: 'short', roleId: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    const paths = (res.json().details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'roleId']));
    const malformed = await admin.request({ method: 'POST', url: '/api/v1/departments', payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect((await admin.get('/api/v1/accounts?cursor=garbage')).json().code).toBe('BAD_CURSOR');
  });

  it('moves a department subtree and refuses moving it under itself', async () => {
    const admin = await loginAs(app, ws.adminEmail);
    const parent = (await admin.post('/api/v1/departments', { name: '华南区', parentId: ws.rootDepartmentId })).json();
    const child = (await admin.post('/api/v1/departments', { name: '深圳组', parentId: parent.id })).json();
    const loop = await admin.patch(`/api/v1/departments/${parent.id}`, { parentId: child.id, version: parent.version });
    expect(loop.statusCode).toBe(400);
    expect((await admin.delete(`/api/v1/departments/${parent.id}`)).json().code).toBe('IN_USE');
  });
});

describe('workspace settings', () => {
  it('has one time zone, changed by an admin with a version and audited, that the lead rules then count in', async () => {
    const own = await buildWorkspace(deps);
    const rep = await buildUser(deps, own, 'sales_rep');
    const admin = await loginAs(app, own.adminEmail);
    const repSession = await loginAs(app, rep.email);
    const read = (await repSession.get('/api/v1/workspace')).json();
    expect(read).toMatchObject({ id: own.tenantId, slug: own.slug, version: 1, settings: { timeZone: 'Asia/Shanghai', currency: 'CNY' } });

    expect((await repSession.patch('/api/v1/workspace', { timeZone: 'Europe/Berlin', version: 1 })).statusCode).toBe(403);
    const unknown = await admin.patch('/api/v1/workspace', { timeZone: 'Mars/Olympus', version: 1 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0]).toMatchObject({ path: 'timeZone', message: expect.stringContaining('Asia/Shanghai') });
    const moved = await admin.patch('/api/v1/workspace', { timeZone: 'america/new_york', version: 1 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ version: 2, name: read.name, settings: { timeZone: 'America/New_York', currency: 'CNY' } });
    expect((await admin.patch('/api/v1/workspace', { name: '改名', version: 1 })).statusCode).toBe(409);
    expect((await admin.get('/api/v1/auth/me')).json().tenant.settings.timeZone).toBe('America/New_York');
    const audit = (await admin.get(`/api/v1/audit?entity=workspace&entityId=${own.tenantId}`)).json().items;
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({
      action: 'update', changes: { timeZone: { from: 'Asia/Shanghai', to: 'America/New_York' } },
    })]));
    // Another workspace keeps its own zone.
    expect((await (await loginAs(app, ws.adminEmail)).get('/api/v1/workspace')).json().settings.timeZone).toBe('Asia/Shanghai');

    // The lead rules read the workspace's zone: the settings show it, and a message's times are written in it.
    expect((await admin.get('/api/v1/lead-settings')).json().timeZone).toBe('America/New_York');
    const lead = (await admin.get(`/api/v1/leads/${(await buildLead(deps, own.admin)).id}`)).json();
    const early = await admin.post(`/api/v1/leads/${lead.id}/follow-ups`, { method: 'call', content: '补录', isValid: true, occurredAt: '2020-01-01T00:00:00Z' });
    expect(early.statusCode).toBe(400);
    expect(early.json().details[0].message).toContain(formatInstant(new Date(lead.createdAt), 'America/New_York'));
    expect(formatInstant(new Date(lead.createdAt), 'America/New_York')).not.toBe(formatInstant(new Date(lead.createdAt), 'Asia/Shanghai'));
  });
});
