// The 'webhooks.deliver' job: sends a tenant's due outbox rows, retries failures with backoff, gives up after 6 tries
// (at once on an answer no retry can change: webhooks.answers.ts),
// and keeps each group robot within its vendor's per-minute limit (webhooks.send-budget.ts).
//
// Delivery is AT LEAST ONCE. A delivery is claimed (attempts + 1, next_attempt_at pushed past a short lease) before it
// is sent, and its outcome is written in its own statement afterwards; a worker that dies between the two leaves the
// row to come due again when the lease ends, and it is sent again. Receivers dedupe on the delivery id, sent as the
// X-Baton-Delivery header (and `id` in Baton's JSON body). Group robots cannot dedupe, so a crash can repeat a message.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps.js';
import { equalsAny, queryRows, type Queryable } from '../../db/client.js';
import { defineJobKind, type JobContext } from '../../jobs/runner.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { buildWebhookRequest, type WebhookMessage, type WebhookRequest } from './notifications.formats.js';
import { webhookDeliveries, type WebhookFormat } from './notifications.schema.js';
import { readDeliveryResult } from './webhooks.answers.js';
import { LONGEST_WINDOW_MS, planSends, SEND_BUDGETS } from './webhooks.send-budget.js';
import { checkedLookup, literalLocalAddress, LocalAddressError, localAddressMessage, resolveHost, type ResolveHost } from './webhooks.address.js';

export const DELIVER_JOB = 'webhooks.deliver';
export const MAX_DELIVERY_ATTEMPTS = 6;
export const SEND_TIMEOUT_MS = 5000;
// Small batches sent side by side: a slow receiver holds a batch for at most the 5 s timeout.
const BATCH_SIZE = 10;
// After this many batches the job yields (and queues itself again) so one busy tenant cannot hold a worker.
const MAX_BATCHES_PER_RUN = 50;
// Long enough for a batch to finish (timeout + margin); a claim older than this belongs to a worker that died.
const CLAIM_LEASE_MS = 60_000;

/** Wait before the next try after `attempts` tries: 30 s, 2 min, 8 min, 32 min, ~2 h (the job runner's own curve). */
export function retryDelayMs(attempts: number): number {
  return 30_000 * 4 ** Math.max(0, attempts - 1);
}

export interface SendOutcome {
  isSent: boolean;
  /** Refused for a reason no retry can change (webhooks.answers.ts): the delivery fails now, not after 6 tries. */
  isPermanent: boolean;
  responseStatus: number | null;
  error: string | null;
}

export interface SendOptions {
  allowLocal: boolean;
  /** How host names are resolved; tests pass their own answers. */
  resolve?: ResolveHost;
}

/**
 * Sends one request with a 5 s timeout and reads the answer the way its format defines success. An address on this
 * host or the link-local network is not sent to (webhooks.address.ts) unless the operator allows local receivers: an IP
 * or localhost in the URL is refused here, a host name inside the connection's own lookup.
 */
export async function sendWebhookRequest(req: WebhookRequest, format: WebhookFormat, opts: SendOptions): Promise<SendOutcome> {
  const local = opts.allowLocal ? null : literalLocalAddress(req.url);
  if (local) return { isSent: false, isPermanent: false, responseStatus: null, error: localAddressMessage(local) };
  try {
    const answer = await postOnce(req, checkedLookup(opts.resolve ?? resolveHost, opts));
    const result = readDeliveryResult(format, answer.status, answer.text);
    return { ...result, responseStatus: answer.status };
  } catch (err) {
    return { isSent: false, isPermanent: false, responseStatus: null, error: describeSendFailure(err).slice(0, 500) };
  }
}

/**
 * One POST through node:http(s), whose `lookup` option lets the address check and the connection share one DNS answer
 * (fetch resolves the name again by itself). No redirect is followed: it would resend a signed body to a host nobody
 * configured. No connection is kept for reuse, so every request goes through the lookup.
 */
function postOnce(req: WebhookRequest, lookup: LookupFunction): Promise<{ status: number; text: string }> {
  const url = new URL(req.url);
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new Error(`只能发送到 http:// 或 https:// 地址 / only http:// and https:// addresses can be sent to (${url.protocol})`));
  const body = Buffer.from(req.body, 'utf8');
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: req.method, headers: { ...req.headers, 'content-length': String(body.byteLength) },
      lookup, agent: false, signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    }, (res) => {
      readCapped(res, MAX_ANSWER_BYTES).then((text) => resolve({ status: res.statusCode ?? 0, text }), reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A robot's answer is a line of JSON; a receiver that streams more is not read further (it could fill the memory). */
const MAX_ANSWER_BYTES = 64 * 1024;

async function readCapped(res: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.byteLength;
    // Leaving the loop destroys the response, which closes the connection.
    if (size >= max) break;
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

// What an admin can act on, for the network failures that come up (the code kept for whoever looks deeper); "zh / en",
// as the web shows one half.
const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝：该地址上没有服务在接收 / connection refused: nothing is listening at that address',
  ENOTFOUND: '找不到该域名，请检查地址 / the host name was not found; check the address',
  EAI_AGAIN: '暂时无法解析该域名 / the host name could not be resolved for now',
  ECONNRESET: '连接被对方断开 / the receiver dropped the connection',
  ETIMEDOUT: '连接超时 / the connection timed out',
  EHOSTUNREACH: '网络不可达 / the host cannot be reached',
  DEPTH_ZERO_SELF_SIGNED_CERT: '对方的 HTTPS 证书不受信任（自签名） / the receiver’s HTTPS certificate is not trusted (self-signed)',
  SELF_SIGNED_CERT_IN_CHAIN: '对方的 HTTPS 证书不受信任（自签名） / the receiver’s HTTPS certificate is not trusted (self-signed)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: '对方的 HTTPS 证书无法验证 / the receiver’s HTTPS certificate cannot be verified',
  CERT_HAS_EXPIRED: '对方的 HTTPS 证书已过期 / the receiver’s HTTPS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: '对方的 HTTPS 证书与域名不符 / the receiver’s HTTPS certificate is for another host name',
};

/** Why a request got no answer, in words ("连接被拒绝… (ECONNREFUSED)"), or the error's own text for anything else. */
export function describeSendFailure(err: unknown): string {
  const e = err as Error & { code?: string; cause?: { name?: string; code?: string; message?: string } };
  // A request aborted by its AbortSignal.timeout carries the TimeoutError as its cause.
  if (e.cause?.name === 'TimeoutError') {
    const s = SEND_TIMEOUT_MS / 1000;
    return `${s} 秒内没有回应 / no answer within ${s} s`;
  }
  if (err instanceof LocalAddressError) return err.message;
  const code = e.code ?? e.cause?.code;
  const known = code && NETWORK_FAILURES[code];
  if (known) return `${known.replace(' / ', `（${code}） / `)} (${code})`;
  return String(code ?? e.cause?.message ?? e.message);
}

interface ClaimedDelivery {
  id: string; event: string; payload: Record<string, unknown>; attempts: number;
  url: string; format: WebhookFormat; secret: string | null;
}

interface DueDelivery { id: string; webhook_id: string; format: WebhookFormat }

/**
 * Leases up to `limit` due deliveries of enabled webhooks, counting the attempt now so a delivery that crashes the
 * sender cannot loop forever. A robot's send budget (webhooks.send-budget.ts) is spent at the claim: what is over it is
 * postponed to when the robot's window frees, without spending an attempt. Claimers of the same webhook take turns on
 * an advisory lock, so two workers cannot both spend the last places; a disabled webhook's deliveries wait, pending.
 */
async function claimDueDeliveries(deps: AppDeps, tenantId: string, now: Date, limit: number): Promise<ClaimedDelivery[]> {
  const at = now.toISOString();
  return deps.db.transaction(async (tx) => {
    const due = await queryRows<DueDelivery>(tx, sql`
      select d.id, d.webhook_id, w.format from webhook_deliveries d
      join webhooks w on w.tenant_id = d.tenant_id and w.id = d.webhook_id and w.is_enabled
      where d.tenant_id = ${tenantId} and d.status = 'pending' and d.next_attempt_at <= ${at}::timestamptz
      order by d.next_attempt_at, d.created_at, d.id limit ${limit} for update of d skip locked`);
    if (!due.length) return [];
    const claimIds = due.filter((d) => !SEND_BUDGETS[d.format].length).map((d) => d.id);
    const budgeted = [...new Set(due.filter((d) => SEND_BUDGETS[d.format].length).map((d) => d.webhook_id))].sort();
    // Sorted, so two claimers of the same webhooks lock them in the same order and never deadlock.
    for (const webhookId of budgeted) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`webhook-send:${tenantId}:${webhookId}`}, 0))`);
    }
    const recent = budgeted.length ? await queryRows<{ webhook_id: string; at: string | Date }>(tx, sql`
      select webhook_id, last_attempt_at as at from webhook_deliveries
      where tenant_id = ${tenantId} and ${equalsAny(sql`webhook_id`, budgeted, 'uuid')}
        and last_attempt_at > ${new Date(now.getTime() - LONGEST_WINDOW_MS).toISOString()}::timestamptz`) : [];
    for (const webhookId of budgeted) {
      const waiting = due.filter((d) => d.webhook_id === webhookId);
      const plan = planSends(SEND_BUDGETS[waiting[0].format], recent.filter((r) => r.webhook_id === webhookId).map((r) => new Date(r.at)), now, waiting.length);
      claimIds.push(...waiting.slice(0, plan.allowed).map((d) => d.id));
      if (plan.waitUntil) await postponeDueDeliveries(tx, tenantId, webhookId, now, plan.waitUntil, waiting.slice(0, plan.allowed).map((d) => d.id));
    }
    if (!claimIds.length) return [];
    const leaseEnd = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
    return queryRows<ClaimedDelivery>(tx, sql`
      update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = ${leaseEnd}::timestamptz, last_attempt_at = ${at}::timestamptz
      from webhooks w
      where d.tenant_id = ${tenantId} and ${equalsAny(sql`d.id`, claimIds, 'uuid')} and w.tenant_id = d.tenant_id and w.id = d.webhook_id
      returning d.id, d.event, d.payload, d.attempts, w.url, w.format, w.secret`);
  });
}

/** Moves a webhook's due deliveries (except those just claimed) to when its budget frees; attempts stay as they are. */
async function postponeDueDeliveries(tx: Queryable, tenantId: string, webhookId: string, now: Date, until: Date, claimed: string[]) {
  await tx.execute(sql`
    update webhook_deliveries set next_attempt_at = ${until.toISOString()}::timestamptz
    where (tenant_id, id) in (
      select tenant_id, id from webhook_deliveries
      where tenant_id = ${tenantId} and webhook_id = ${webhookId} and status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
        ${claimed.length ? sql`and not (${equalsAny(sql`id`, claimed, 'uuid')})` : sql``}
      for update skip locked)`);
}

/** The web page of a record, under BATON_PUBLIC_URL; null without one or for a record without a page. */
export function recordLink(publicUrl: string | undefined, entityType: string | null | undefined, entityId: string | null | undefined): string | null {
  const page = entityType && RECORD_PAGES[entityType];
  return publicUrl && page && entityId ? `${publicUrl}/${page}/${encodeURIComponent(entityId)}` : null;
}
const RECORD_PAGES: Record<string, string> = { lead: 'leads', account: 'accounts' };

/**
 * Builds the message a delivery row stands for. The link is made at sending time from BATON_PUBLIC_URL, so messages
 * waiting in the outbox link to where Baton is now.
 */
export function messageOf(tenantId: string, d: { id: string; event: string; payload: Record<string, unknown> }, publicUrl?: string): WebhookMessage {
  const p = d.payload as Partial<WebhookMessage>;
  return {
    deliveryId: d.id, event: d.event, tenantId, occurredAt: String(p.occurredAt ?? ''),
    title: String(p.title ?? ''), titleEn: String(p.titleEn ?? ''), body: String(p.body ?? ''), bodyEn: String(p.bodyEn ?? ''),
    entityType: p.entityType ?? null, entityId: p.entityId ?? null, link: p.link ?? recordLink(publicUrl, p.entityType, p.entityId),
    recipients: Array.isArray(p.recipients) ? p.recipients : [], data: p.data ?? {},
  };
}

/** Sends one claimed delivery and records its outcome in its own statement. */
async function deliverOne(deps: AppDeps, tenantId: string, d: ClaimedDelivery): Promise<boolean> {
  const key = and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, 'pending'));
  const req = buildWebhookRequest({ url: d.url, format: d.format, secret: d.secret }, messageOf(tenantId, d, deps.config.publicUrl), deps.clock.now());
  const out = await sendWebhookRequest(req, d.format, { allowLocal: deps.config.webhookAllowLocal });
  const now = deps.clock.now();
  if (out.isSent) {
    await deps.db.update(webhookDeliveries).set({ status: 'sent', sentAt: now, responseStatus: out.responseStatus, lastError: null }).where(key);
    return true;
  }
  const isFinal = out.isPermanent || d.attempts >= MAX_DELIVERY_ATTEMPTS;
  await deps.db.update(webhookDeliveries).set({
    status: isFinal ? 'failed' : 'pending', responseStatus: out.responseStatus, lastError: out.error,
    nextAttemptAt: isFinal ? now : new Date(now.getTime() + retryDelayMs(d.attempts)),
  }).where(key);
  return false;
}

/** When the next pending delivery of an enabled webhook comes due, if any; switching a webhook on queues a run. */
async function findNextAttemptAt(db: Queryable, tenantId: string): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | Date | null }>(db, sql`
    select min(d.next_attempt_at) as at from webhook_deliveries d
    join webhooks w on w.tenant_id = d.tenant_id and w.id = d.webhook_id and w.is_enabled
    where d.tenant_id = ${tenantId} and d.status = 'pending'`);
  return row?.at ? new Date(row.at) : null;
}

async function runDelivery(ctx: JobContext) {
  const { deps, tenantId } = ctx;
  // Give up the dedupe key while running: an event raised now queues a follow-up run instead of being swallowed by
  // this one, which may already have looked for due rows. Parallel runs are safe because rows are claimed.
  await deps.db.update(jobs).set({ dedupeKey: null }).where(and(eq(jobs.tenantId, tenantId), eq(jobs.id, ctx.job.id)));
  let sent = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const due = await claimDueDeliveries(deps, tenantId, deps.clock.now(), BATCH_SIZE);
    if (!due.length) break;
    const results = await Promise.all(due.map((d) => deliverOne(deps, tenantId, d)));
    sent += results.filter(Boolean).length;
    await deps.db.transaction((tx) => ctx.saveCheckpoint(tx, { batches: batch + 1 }, { done: sent }));
  }
  const nextAt = await findNextAttemptAt(deps.db, tenantId);
  return nextAt ? { next: { runAt: nextAt } } : undefined;
}

defineJobKind(DELIVER_JOB, { run: runDelivery, leaseSeconds: 120, maxAttempts: 5 });
