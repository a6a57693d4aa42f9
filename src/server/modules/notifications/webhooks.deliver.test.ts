import { createHmac } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { newTestDeps, TestClock } from '../../../../test/db.js';
import { buildUser, buildWorkspace, type TestWorkspace } from '../../../../test/factories.js';
import { startReceiver, type Receiver } from '../../../../test/receiver.js';
import { newId } from '../../db/ids.js';
import { enqueueJob, runDueJobs } from '../../jobs/runner.js';
import { jobs } from '../../jobs/jobs.schema.js';
import type { CreateWebhookInput } from '../../../shared/notification-contracts.js';
import { webhookDeliveries } from './notifications.schema.js';
import { notify, type NotificationInput } from './notifications.service.js';
import { DELIVER_JOB, MAX_DELIVERY_ATTEMPTS, retryDelayMs, sendWebhookRequest } from './webhooks.deliver.js';
import { createWebhook, listWebhookDeliveries, listWebhooks, testWebhook, updateWebhook } from './webhooks.service.js';
import { literalLocalAddress, type ResolveHost } from './webhooks.address.js';

const clock = new TestClock();
let deps: Awaited<ReturnType<typeof newTestDeps>>;
let receiver: Receiver;
beforeAll(async () => { deps = await newTestDeps(clock); receiver = await startReceiver(); });
afterAll(async () => { await receiver.close(); await deps.close(); });

async function setUp(hook: Partial<CreateWebhookInput> = {}) {
  receiver.requests.length = 0;
  receiver.reply = { status: 200, body: '{"ok":true}' };
  const ws = await buildWorkspace(deps);
  const rep = await buildUser(deps, ws, 'sales_rep');
  const created = await createWebhook(deps, ws.admin, { name: 'CRM 同步', url: receiver.url, format: 'json', events: ['lead.assigned'], isEnabled: true, ...hook });
  return { ws, rep, hook: created };
}

async function raise(ws: TestWorkspace, userId: string, over: Partial<NotificationInput> = {}) {
  await deps.db.transaction((tx) => notify(tx, clock.now(), ws.tenantId, {
    event: 'lead.assigned', userIds: [userId], title: '新线索分配给你', titleEn: 'A new lead is yours', body: '杭州云栈 · A 级', bodyEn: 'Hangzhou Yunzhan · tier A',
    entityType: 'lead', entityId: newId(), ...over,
  }));
}

async function deliveriesOf(tenantId: string) {
  return deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, tenantId));
}

describe('webhooks.deliver', () => {
  it('sends a due delivery, signed, with its id, and records the success', async () => {
    const { ws, rep, hook } = await setUp({ secret: 'whsec-0123456789abcdef' });
    await raise(ws, rep.id);
    expect(await runDueJobs(deps, { tenantId: ws.tenantId })).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    const [delivery] = await deliveriesOf(ws.tenantId);
    expect(req.headers['x-baton-delivery']).toBe(delivery.id);
    const signed = `${req.headers['x-baton-timestamp']}.${req.body}`;
    expect(req.headers['x-baton-signature']).toBe(`sha256=${createHmac('sha256', 'whsec-0123456789abcdef').update(signed).digest('hex')}`);
    expect(JSON.parse(req.body)).toMatchObject({ id: delivery.id, event: 'lead.assigned', tenantId: ws.tenantId, title: '新线索分配给你' });
    expect(delivery).toMatchObject({ webhookId: hook.id, status: 'sent', attempts: 1, responseStatus: 200, lastError: null });
    expect(delivery.sentAt?.getTime()).toBe(clock.now().getTime());
    const [job] = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, DELIVER_JOB)));
    expect(job.status).toBe('done');
  });

  it('links each message to the record under BATON_PUBLIC_URL and names who was notified', async () => {
    const { ws } = await setUp();
    const rep = await buildUser(deps, ws, 'sales_rep', { name: '王芳' });
    const leadId = newId();
    deps.config.publicUrl = 'https://crm.example.com';
    try {
      await raise(ws, rep.id, { entityId: leadId });
      await runDueJobs(deps, { tenantId: ws.tenantId });
    } finally {
      deps.config.publicUrl = undefined;
    }
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({
      link: `https://crm.example.com/leads/${leadId}`, recipients: [{ id: rep.id, name: '王芳' }],
    });
  });

  it('retries a failing receiver with backoff and marks the delivery failed after the last attempt', async () => {
    const { ws, rep } = await setUp();
    receiver.reply = { status: 503, body: 'down for maintenance' };
    await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    let [d] = await deliveriesOf(ws.tenantId);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 503, lastError: 'HTTP 503' });
    expect(d.nextAttemptAt.getTime() - clock.now().getTime()).toBe(retryDelayMs(1));

    // Not due yet: nothing is sent early.
    clock.advance(retryDelayMs(1) - 1000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(1);

    for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      [d] = await deliveriesOf(ws.tenantId);
      clock.set(d.nextAttemptAt);
      await runDueJobs(deps, { tenantId: ws.tenantId });
      [d] = await deliveriesOf(ws.tenantId);
      expect(d.attempts).toBe(attempt);
    }
    expect(receiver.requests).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(d.status).toBe('failed');
    clock.advance(24 * 3_600_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(MAX_DELIVERY_ATTEMPTS);
  });

  it('says in words why a request got no answer, keeping the code', async () => {
    // A port that was just free and is closed again: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => { const p = (srv.address() as { port: number }).port; srv.close(() => resolve(p)); });
    });
    const outcome = await sendWebhookRequest({ method: 'POST', url: `http://127.0.0.1:${port}/hook`, headers: {}, body: '{}' }, 'json', { allowLocal: true });
    expect(outcome).toMatchObject({ isSent: false, responseStatus: null });
    expect(outcome.error).toBe('连接被拒绝：该地址上没有服务在接收（ECONNREFUSED） / connection refused: nothing is listening at that address (ECONNREFUSED)');
  });

  it('sends nothing to this machine or the link-local network unless local receivers are allowed', async () => {
    const post = (url: string, allowLocal = false) => sendWebhookRequest({ method: 'POST', url, headers: {}, body: '{}' }, 'json', { allowLocal });
    for (const url of [`${receiver.url}/x`, 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:8080/', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/', 'http://localhost:3000/api/v1/health']) {
      const out = await post(url);
      expect(out, url).toMatchObject({ isSent: false, responseStatus: null, error: expect.stringContaining('BATON_WEBHOOK_ALLOW_LOCAL=true') });
    }
    const before = receiver.requests.length;
    expect(await post(`${receiver.url}/x`)).toMatchObject({ isSent: false });
    expect(receiver.requests).toHaveLength(before);
    expect((await post(`${receiver.url}/x`, true)).responseStatus).not.toBeNull();
    // This machine's own network address and Alibaba Cloud's metadata service are the host too.
    const own = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    for (const url of [...(own ? [`http://${own}:3557/x`] : []), 'http://100.100.100.200/latest/meta-data/']) {
      expect(await post(url), url).toMatchObject({ isSent: false, error: expect.stringContaining('BATON_WEBHOOK_ALLOW_LOCAL=true') });
    }
    // A company network stays open: on-premises receivers are the usual case.
    expect(literalLocalAddress('http://10.1.2.3/hook')).toBeNull();
    expect(literalLocalAddress('http://192.168.1.20:8080/hook')).toBeNull();
  });

  it('connects only to an address it checked: a name answering a public address and 127.0.0.1 reaches nothing here', async () => {
    const port = new URL(receiver.url).port;
    const before = receiver.requests.length;
    const asked: string[] = [];
    // An attacker's DNS: a public address first, this machine second; any local answer refuses the whole name.
    const resolve: ResolveHost = async (host) => { asked.push(host); return [{ address: '203.0.113.7', family: 4 }, { address: '127.0.0.1', family: 4 }]; };
    const out = await sendWebhookRequest({ method: 'POST', url: `http://rebind.test:${port}/hook`, headers: {}, body: '{}' }, 'json', { allowLocal: false, resolve });
    expect(out).toMatchObject({ isSent: false, responseStatus: null, error: expect.stringContaining('BATON_WEBHOOK_ALLOW_LOCAL=true') });
    expect(out.error).toContain('127.0.0.1');
    expect(asked).toEqual(['rebind.test']);
    expect(receiver.requests).toHaveLength(before);
    // A name answering only this machine is refused the same way, on the lookup the connection itself makes.
    const onlyLocal: ResolveHost = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await sendWebhookRequest({ method: 'POST', url: `http://rebind.test:${port}/hook`, headers: {}, body: '{}' }, 'json', { allowLocal: false, resolve: onlyLocal }))
      .toMatchObject({ isSent: false, error: expect.stringContaining('BATON_WEBHOOK_ALLOW_LOCAL=true') });
    expect(receiver.requests).toHaveLength(before);
  });

  it('sends to the address its one lookup answered, under the URL’s own host name', async () => {
    const port = new URL(receiver.url).port;
    receiver.reply = { status: 200, body: '{}' };
    const before = receiver.requests.length;
    let lookups = 0;
    // rebind.test exists in no DNS: the request can only arrive through this answer.
    const resolve: ResolveHost = async () => { lookups++; return [{ address: '127.0.0.1', family: 4 }]; };
    const out = await sendWebhookRequest({ method: 'POST', url: `http://rebind.test:${port}/hook`, headers: {}, body: '{"a":1}' }, 'json', { allowLocal: true, resolve });
    expect(out).toMatchObject({ isSent: true, responseStatus: 200 });
    expect(lookups).toBe(1);
    expect(receiver.requests).toHaveLength(before + 1);
    expect(receiver.requests.at(-1)).toMatchObject({ url: '/hook', body: '{"a":1}', headers: { host: `rebind.test:${port}` } });
  });

  it('reads no more of an answer than a robot sends: a receiver that streams without end is not waited for', async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => { while (res.write(chunk)) { /* fill the socket */ } };
      res.on('drain', pump);
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await sendWebhookRequest({ method: 'POST', url: `http://127.0.0.1:${port}/hook`, headers: {}, body: '{}' }, 'json', { allowLocal: true });
      expect(outcome).toMatchObject({ isSent: true, responseStatus: 200 });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('recovers when the receiver comes back before the attempts run out', async () => {
    const { ws, rep } = await setUp();
    receiver.reply = { status: 500, body: '' };
    await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    receiver.reply = { status: 204, body: '' };
    clock.advance(retryDelayMs(1));
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const [d] = await deliveriesOf(ws.tenantId);
    expect(d).toMatchObject({ status: 'sent', attempts: 2, responseStatus: 204 });
  });

  it('treats a robot’s 200 with a non-zero errcode as a failure, and tries one not known to be permanent again', async () => {
    const { ws, rep } = await setUp({ format: 'dingtalk', secret: 'SEC0123456789' });
    receiver.reply = { status: 200, body: '{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}' };
    await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const [d] = await deliveriesOf(ws.tenantId);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 200 });
    expect(d.lastError).toContain('130101');
    const url = new URL(receiver.requests[0].url, 'http://x');
    expect(url.searchParams.get('timestamp')).toBe(String(clock.now().getTime()));
    expect(JSON.parse(receiver.requests[0].body).msgtype).toBe('markdown');
  });

  it('fails a delivery at once when the robot refuses for good, and shows why where failures are listed', async () => {
    const { ws, rep, hook } = await setUp({ format: 'dingtalk', secret: 'SEC0123456789' });
    receiver.reply = { status: 200, body: '{"errcode":310000,"errmsg":"keywords not in content"}' };
    await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const [d] = await deliveriesOf(ws.tenantId);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 200 });
    expect(d.lastError).toMatch(/^钉钉拒绝了消息（310000：keywords not in content）.*自定义关键词（接力）.* \/ DingTalk refused the message \(310000: keywords not in content\)/);
    // Not tried again, however long one waits.
    clock.advance(24 * 3_600_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(1);
    // The webhook list's warning badge and the delivery history carry the robot's code and the remedy.
    const listed = (await listWebhooks(deps, ws.admin)).items.find((w) => w.id === hook.id);
    expect(listed).toMatchObject({ failedCount: 1, lastDelivery: { status: 'failed', error: d.lastError } });
    const history = await listWebhookDeliveries(deps, ws.admin, hook.id, { limit: 10 });
    expect(history.items[0]).toMatchObject({ status: 'failed', lastError: d.lastError });
  });

  it('fails a delivery at once on a 4xx other than 408 or 429 from Baton JSON receivers', async () => {
    const { ws, rep } = await setUp();
    receiver.reply = { status: 404, body: 'no such hook' };
    await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    let [d] = await deliveriesOf(ws.tenantId);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 404 });
    expect(d.lastError).toContain('HTTP 404');

    const again = await setUp();
    receiver.reply = { status: 429, body: '' };
    await raise(again.ws, again.rep.id);
    await runDueJobs(deps, { tenantId: again.ws.tenantId });
    [d] = await deliveriesOf(again.ws.tenantId);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 429, lastError: 'HTTP 429' });
  });

  it('resends a delivery whose sender died mid-send once its claim runs out (at least once)', async () => {
    const { ws, rep } = await setUp();
    await raise(ws, rep.id);
    // A worker claimed it and died before recording the outcome: attempts counted, next attempt pushed to the lease end.
    await deps.db.update(webhookDeliveries).set({ attempts: 1, nextAttemptAt: new Date(clock.now().getTime() + 60_000) })
      .where(eq(webhookDeliveries.tenantId, ws.tenantId));
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(0);
    clock.advance(60_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(1);
    expect((await deliveriesOf(ws.tenantId))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('pulls a delivery run scheduled for a later retry forward when a new event arrives', async () => {
    const { ws, rep } = await setUp();
    receiver.reply = { status: 500, body: '' };
    await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    receiver.reply = { status: 200, body: '' };
    await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    const rows = await deliveriesOf(ws.tenantId);
    expect(rows.map((r) => r.status).sort()).toEqual(['pending', 'sent']);
  });

  it('sends each of many deliveries exactly once when two workers run at the same time', async () => {
    const { ws, rep } = await setUp();
    for (let i = 0; i < 25; i++) await raise(ws, rep.id);
    // A second run of the same kind, as when an event arrived while the first was running.
    await enqueueJob(deps.db, clock.now(), ws.tenantId, DELIVER_JOB);
    await Promise.all([runDueJobs(deps, { tenantId: ws.tenantId }), runDueJobs(deps, { tenantId: ws.tenantId })]);
    const ids = receiver.requests.map((r) => r.headers['x-baton-delivery']);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect((await deliveriesOf(ws.tenantId)).every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
  });

  it('holds the deliveries of a webhook switched off, without spending attempts, and sends them when it is switched on', async () => {
    const { ws, rep, hook } = await setUp();
    await raise(ws, rep.id);
    const off = await updateWebhook(deps, ws.admin, hook.id, { version: hook.version, isEnabled: false });
    await runDueJobs(deps, { tenantId: ws.tenantId });
    clock.advance(3_600_000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(0);
    expect((await deliveriesOf(ws.tenantId))[0]).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    // No run is left waiting on a webhook that is off.
    const queued = await deps.db.select().from(jobs).where(and(eq(jobs.tenantId, ws.tenantId), eq(jobs.kind, DELIVER_JOB), eq(jobs.status, 'queued')));
    expect(queued).toHaveLength(0);

    await updateWebhook(deps, ws.admin, hook.id, { version: off.version, isEnabled: true });
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(1);
    expect((await deliveriesOf(ws.tenantId))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('webhooks.deliver: robots’ send budget', () => {
  const MINUTE = 60_000;
  const sentTimes = async (tenantId: string) => (await deliveriesOf(tenantId)).filter((d) => d.status === 'sent').map((d) => d.lastAttemptAt!.getTime());
  /** The most sends that fall in any window of `ms` (a send at t counts until t + ms). */
  const busiestWindow = (times: number[], ms: number) => Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));

  it('sends a flood to a DingTalk robot 18 a minute and the rest later, without spending attempts', async () => {
    const { ws, rep } = await setUp({ format: 'dingtalk' });
    receiver.reply = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
    const start = clock.now().getTime();
    for (let i = 0; i < 40; i++) await raise(ws, rep.id, { title: `新线索 ${i}` });

    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(18);
    const waiting = (await deliveriesOf(ws.tenantId)).filter((d) => d.status === 'pending');
    expect(waiting).toHaveLength(22);
    expect(waiting.every((d) => d.attempts === 0 && d.nextAttemptAt.getTime() === start + MINUTE)).toBe(true);

    clock.advance(MINUTE - 1000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(18);
    clock.advance(1000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(36);
    clock.advance(MINUTE);
    await runDueJobs(deps, { tenantId: ws.tenantId });

    const rows = await deliveriesOf(ws.tenantId);
    expect(rows.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
    expect(receiver.requests).toHaveLength(40);
    expect(busiestWindow(await sentTimes(ws.tenantId), MINUTE)).toBe(18);
    // Nothing lost, nothing twice, and minute by minute in the order the events happened (a batch goes out side by side).
    const titles = receiver.requests.map((r) => JSON.parse(r.body).markdown.title as string);
    const expected = Array.from({ length: 40 }, (_, i) => `【接力】新线索 ${i}`);
    for (const [from, to] of [[0, 18], [18, 36], [36, 40]]) expect(new Set(titles.slice(from, to))).toEqual(new Set(expected.slice(from, to)));
  });

  it('keeps a Feishu robot within 5 a second', async () => {
    const { ws, rep } = await setUp({ format: 'feishu' });
    receiver.reply = { status: 200, body: '{"code":0,"msg":"success"}' };
    for (let i = 0; i < 12; i++) await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(5);
    clock.advance(1000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(10);
    clock.advance(1000);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(12);
    expect(busiestWindow(await sentTimes(ws.tenantId), 1000)).toBe(5);
  });

  it('counts a test message against the budget and lets two workers together send no more than it', async () => {
    const { ws, rep, hook } = await setUp({ format: 'wecom' });
    receiver.reply = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
    await testWebhook(deps, ws.admin, hook.id);
    for (let i = 0; i < 30; i++) await raise(ws, rep.id);
    await enqueueJob(deps.db, clock.now(), ws.tenantId, DELIVER_JOB);
    await Promise.all([runDueJobs(deps, { tenantId: ws.tenantId }), runDueJobs(deps, { tenantId: ws.tenantId })]);
    expect(receiver.requests).toHaveLength(18);
    const ids = receiver.requests.map((r) => r.headers['x-baton-delivery']);
    expect(new Set(ids).size).toBe(18);
  });

  it('does not hold back Baton JSON webhooks', async () => {
    const { ws, rep } = await setUp();
    for (let i = 0; i < 30; i++) await raise(ws, rep.id);
    await runDueJobs(deps, { tenantId: ws.tenantId });
    expect(receiver.requests).toHaveLength(30);
  });
});
