import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { newTestDeps } from '../../../../test/db.js';
import { buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { buildTestApp, loginAs, type Session } from '../../../../test/app.js';
import { startReceiver, type Receiver } from '../../../../test/receiver.js';
import { auditLog } from '../audit/index.js';
import { runDueJobs } from '../../jobs/runner.js';
import { webhooks } from './notifications.schema.js';
import { notifyMany } from './notifications.service.js';
import './webhooks.deliver.js';

let deps: Awaited<ReturnType<typeof newTestDeps>>;
let app: FastifyInstance;
let receiver: Receiver;
let ws: TestWorkspace;
let admin: Session;
let rep: { id: string; session: Session };
let otherRep: { id: string; session: Session };
let outsider: Session;

beforeAll(async () => {
  deps = await newTestDeps();
  app = await buildTestApp(deps);
  receiver = await startReceiver();
  ws = await buildWorkspace(deps);
  admin = await loginAs(app, ws.adminEmail);
  const a = await buildUser(deps, ws, 'sales_rep');
  const b = await buildUser(deps, ws, 'sales_rep');
  rep = { id: a.id, session: await loginAs(app, a.email) };
  otherRep = { id: b.id, session: await loginAs(app, b.email) };
  outsider = await loginAs(app, (await buildWorkspace(deps)).adminEmail);
});
afterAll(async () => { await receiver.close(); await app.close(); await deps.close(); });

const hookBody = (over: Record<string, unknown> = {}) => ({
  name: '销售群', url: receiver.url, format: 'wecom', events: ['lead.assigned', 'lead.sla_breached'], secret: 'SEC-abcdefghijklmnop', ...over,
});

describe('webhooks over HTTP', () => {
  it('lets only a user with admin.webhooks manage webhooks', async () => {
    expect((await rep.session.get('/api/v1/webhooks')).statusCode).toBe(403);
    const res = await rep.session.post('/api/v1/webhooks', hookBody());
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('shows the secret once on creation and only masked afterwards; edits at a version; deletes; audits each', async () => {
    const created = await admin.post('/api/v1/webhooks', hookBody());
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json();
    expect(hook).toMatchObject({ secret: 'SEC-abcdefghijklmnop', secretMasked: 'SEC-••••mnop', hasSecret: true, version: 1, isEnabled: true });
    const listed = (await admin.get('/api/v1/webhooks')).json().items.find((h: { id: string }) => h.id === hook.id);
    expect(listed.secret).toBeUndefined();
    expect(JSON.stringify(listed)).not.toContain('abcdefghijklmnop');

    const edited = await admin.patch(`/api/v1/webhooks/${hook.id}`, { version: 1, name: '华东销售群', secret: null });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: '华东销售群', version: 2, hasSecret: false, secretMasked: null, format: 'wecom' });
    const stale = await admin.patch(`/api/v1/webhooks/${hook.id}`, { version: 1, name: '过期' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');

    expect((await admin.delete(`/api/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).statusCode).toBe(404);
    const audit = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.entityId, hook.id)));
    expect(audit.map((r) => r.action).sort()).toEqual(['create', 'delete', 'update']);
    expect(JSON.stringify(audit)).not.toContain('abcdefghijklmnop');
  });

  it('refuses a URL that is not http(s), an unknown event and an empty event list', async () => {
    for (const bad of [{ url: 'ftp://example.com/x' }, { url: 'javascript:alert(1)' }, { events: ['lead.exploded'] }, { events: [] }, { format: 'slack' }]) {
      const res = await admin.post('/api/v1/webhooks', hookBody(bad));
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('sends a test message synchronously and lists it among the deliveries', async () => {
    const hook = (await admin.post('/api/v1/webhooks', hookBody({ format: 'feishu', secret: 'feishu-secret-1234' }))).json();
    receiver.reply = { status: 200, body: '{"code":0,"msg":"success"}' };
    const ok = await admin.post(`/api/v1/webhooks/${hook.id}/test`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ isSent: true, responseStatus: 200, error: null });
    const sent = JSON.parse(receiver.requests.at(-1)!.body);
    expect(sent).toMatchObject({ msg_type: 'interactive', timestamp: expect.any(String), sign: expect.any(String) });

    receiver.reply = { status: 200, body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}' };
    const refused = (await admin.post(`/api/v1/webhooks/${hook.id}/test`)).json();
    expect(refused).toMatchObject({ isSent: false, responseStatus: 200 });
    expect(refused.error).toContain('19021');

    const page = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries?limit=1`)).json();
    expect(page.items[0]).toMatchObject({ event: 'webhook.test', status: 'failed', attempts: 1, title: 'Baton 测试消息', titleEn: 'Baton test message' });
    const next = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries?limit=1&cursor=${page.nextCursor}`)).json();
    expect(next.items[0]).toMatchObject({ status: 'sent', responseStatus: 200 });
  });

  it('counts failed deliveries in the list and shows the latest error', async () => {
    const hook = (await admin.post('/api/v1/webhooks', hookBody({ name: '失败计数' }))).json();
    receiver.reply = { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' };
    const test = (await admin.post(`/api/v1/webhooks/${hook.id}/test`)).json();
    expect(test).toMatchObject({ isSent: false, responseStatus: 200, error: expect.stringMatching(/^企业微信拒绝了消息（93000：invalid webhook url）.* \/ WeCom refused the message \(93000: invalid webhook url\)/) });
    const listed = (await admin.get('/api/v1/webhooks')).json().items.find((h: { id: string }) => h.id === hook.id);
    expect(listed).toMatchObject({ failedCount: 1, lastDelivery: { status: 'failed', error: test.error } });
  });

  it('resends a failed delivery: audited, only a failed one, only by an admin of the workspace', async () => {
    const hook = (await admin.post('/api/v1/webhooks', hookBody({ name: '重发', format: 'json', secret: null }))).json();
    receiver.reply = { status: 500, body: 'down' };
    const { deliveryId } = (await admin.post(`/api/v1/webhooks/${hook.id}/test`)).json();
    const path = `/api/v1/webhooks/${hook.id}/deliveries/${deliveryId}/resend`;

    expect((await rep.session.post(path)).statusCode).toBe(403);
    expect((await outsider.post(path)).statusCode).toBe(404);
    const other = (await admin.post('/api/v1/webhooks', hookBody({ name: '别的', format: 'json', secret: null }))).json();
    expect((await admin.post(`/api/v1/webhooks/${other.id}/deliveries/${deliveryId}/resend`)).statusCode).toBe(404);

    const res = await admin.post(path);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: deliveryId, status: 'pending', attempts: 0 });
    const again = await admin.post(path);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'WEBHOOK_RESEND_INVALID', details: { status: 'pending' } });

    receiver.reply = { status: 200, body: '' };
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const page = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json();
    expect(page.items[0]).toMatchObject({ id: deliveryId, status: 'sent', attempts: 1 });
    expect((await admin.post(path)).statusCode).toBe(409);
    const audit = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.entityId, hook.id), eq(auditLog.action, 'resend')));
    expect(audit).toHaveLength(1);
  });

  it('shows a robot URL with its credential masked, keeps it when sent back masked, and keeps it out of the audit log', async () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ab12cd34-0000-4444-8888-credential99';
    const hook = (await admin.post('/api/v1/webhooks', hookBody({ name: '凭据', url, secret: null }))).json();
    expect(hook.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ab12…');
    const listed = (await admin.get('/api/v1/webhooks')).json().items.find((h: { id: string }) => h.id === hook.id);
    expect(listed.url).toBe(hook.url);

    const edited = await admin.patch(`/api/v1/webhooks/${hook.id}`, { version: 1, name: '凭据2', url: hook.url, format: 'wecom' });
    expect(edited.statusCode, edited.body).toBe(200);
    const [stored] = await deps.db.select().from(webhooks).where(and(eq(webhooks.tenantId, ws.tenantId), eq(webhooks.id, hook.id)));
    expect(stored.url).toBe(url);

    const feishu = 'https://open.feishu.cn/open-apis/bot/v2/hook/0f3c2a1b-aaaa-bbbb-cccc-secrethookid';
    const moved = (await admin.patch(`/api/v1/webhooks/${hook.id}`, { version: 2, url: feishu, format: 'feishu' })).json();
    expect(moved.url).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/0f3c…');
    const audit = await deps.db.select().from(auditLog).where(and(eq(auditLog.tenantId, ws.tenantId), eq(auditLog.entityId, hook.id)));
    expect(JSON.stringify(audit)).not.toMatch(/credential99|secrethookid/);
    expect(audit.find((a) => a.action === 'update' && JSON.stringify(a.changes).includes('feishu'))?.changes).toMatchObject({ urlChanged: { from: false, to: true } });
  });

  it('refuses another robot’s address for the chosen format with a message naming the right one', async () => {
    const res = await admin.post('/api/v1/webhooks', hookBody({ url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', format: 'wecom' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([{ path: 'url', message: expect.stringContaining('钉钉') }]);
    const hook = (await admin.post('/api/v1/webhooks', hookBody({ url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', format: 'dingtalk' }))).json();
    const switched = await admin.patch(`/api/v1/webhooks/${hook.id}`, { version: 1, format: 'feishu' });
    expect(switched.statusCode).toBe(400);
    expect(switched.json().details[0].message).toContain('DingTalk');
  });

  it('answers 404 for another workspace’s webhook', async () => {
    const hook = (await admin.post('/api/v1/webhooks', hookBody())).json();
    expect((await outsider.patch(`/api/v1/webhooks/${hook.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await outsider.delete(`/api/v1/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/webhooks/${hook.id}/test`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/webhooks/${hook.id}/deliveries`)).statusCode).toBe(404);
    expect((await outsider.get('/api/v1/webhooks')).json().items).toEqual([]);
  });
});

describe('notifications over HTTP', () => {
  beforeAll(async () => {
    const base = { titleEn: 'A new lead is yours', body: '杭州云栈 · A 级', bodyEn: 'Hangzhou Yunzhan · tier A', entityType: 'lead' };
    await deps.db.transaction((tx) => notifyMany(tx, new Date(), ws.tenantId, [
      ...[1, 2, 3].map((i) => ({ ...base, event: 'lead.assigned' as const, userIds: [rep.id], title: `线索 ${i} 分配给你` })),
      { ...base, event: 'lead.sla_breached' as const, userIds: [otherRep.id], title: '他人的线索已超时' },
    ]));
  });

  it('shows a user only their own notifications, pages them, and counts the unread', async () => {
    const all = (await rep.session.get('/api/v1/notifications?limit=50')).json();
    expect(all.items).toHaveLength(3);
    expect(all.unreadCount).toBe(3);
    expect(JSON.stringify(all)).not.toContain('他人的线索');
    expect(all.items[0]).toMatchObject({ event: 'lead.assigned', titleEn: 'A new lead is yours', readAt: null });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await rep.session.get(`/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((n: { id: string }) => n.id));
    expect((await rep.session.get('/api/v1/notifications?cursor=garbage')).json().code).toBe('BAD_CURSOR');
  });

  it('marks one read, not someone else’s, then all; the unread filter follows', async () => {
    const mine = (await rep.session.get('/api/v1/notifications')).json().items;
    const theirs = (await otherRep.session.get('/api/v1/notifications')).json().items;
    expect((await rep.session.post(`/api/v1/notifications/${theirs[0].id}/read`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/notifications/${mine[0].id}/read`)).statusCode).toBe(404);

    const read = await rep.session.post(`/api/v1/notifications/${mine[0].id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    const unread = (await rep.session.get('/api/v1/notifications?unread=true')).json();
    expect(unread.items.map((n: { id: string }) => n.id)).not.toContain(mine[0].id);
    expect(unread.unreadCount).toBe(2);

    expect((await rep.session.post('/api/v1/notifications/read-all')).json()).toEqual({ updated: 2 });
    expect((await rep.session.get('/api/v1/notifications')).json().unreadCount).toBe(0);
    expect((await otherRep.session.get('/api/v1/notifications')).json().unreadCount).toBe(1);
  });
});
