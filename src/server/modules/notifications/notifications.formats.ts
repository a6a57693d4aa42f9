// The HTTP request each webhook format expects, and how to read its answer. Pure: time and ids are parameters.
//
// What we followed (the vendors' own pages, as quoted by the search results):
// - WeCom 群机器人 (developer.work.weixin.qq.com/document/path/91770): POST JSON {msgtype:'markdown', markdown:{content}},
//   content ≤ 4096 bytes UTF-8; the answer is {errcode, errmsg}, errcode 0 = sent. No signing: the key is in the URL.
// - DingTalk 自定义机器人 (open.dingtalk.com/document/robots/custom-robot-access, message-type): {msgtype:'markdown',
//   markdown:{title, text}}. 加签: string_to_sign = timestamp(ms) + "\n" + secret, HmacSHA256 keyed by the secret,
//   Base64, then urlEncode; sent as &timestamp=…&sign=… on the URL; timestamp within 1 h. Answer {errcode, errmsg}.
// - Feishu 自定义机器人 (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): {msg_type:'interactive', card} or
//   {msg_type:'text', content:{text}}. 签名校验: string_to_sign = timestamp(s) + "\n" + secret used as the HMAC-SHA256
//   KEY over an empty message, Base64; sent as "timestamp" and "sign" in the body. Answer {code, msg}, code 0 = sent
//   (older deployments answer {StatusCode, StatusMessage}).
import { createHmac } from 'node:crypto';
import type { WebhookFormat } from './notifications.schema.js';

export interface WebhookMessage {
  /** The delivery's id: receivers dedupe on it, since delivery is at least once. */
  deliveryId: string;
  event: string;
  occurredAt: string;
  tenantId: string;
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
  entityType?: string | null;
  entityId?: string | null;
  /** An absolute link to open the record, when the sender knows one. */
  link?: string | null;
  data?: Record<string, unknown>;
}

export interface WebhookTarget { url: string; format: WebhookFormat; secret: string | null }

export interface WebhookRequest { method: 'POST'; url: string; headers: Record<string, string>; body: string }

export interface DeliveryResult { isSent: boolean; error: string | null }

// WeCom's markdown limit; the others allow more, but a group message should be short anyway.
const MAX_MARKDOWN_BYTES = 4096;
const VIEW_LABEL = '查看详情';

/** X-Baton-Signature: hex HMAC-SHA256 of the raw body keyed by the webhook's secret. */
export function signBatonBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** DingTalk 加签: the url-encoded Base64 HMAC-SHA256 of `${timestampMs}\n${secret}` keyed by the secret. */
export function signDingTalk(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/** Feishu 签名校验: Base64 HMAC-SHA256 keyed by `${timestampSeconds}\n${secret}` over an empty message. */
export function signFeishu(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Cuts text to a UTF-8 byte budget without splitting a character. */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (used + size > maxBytes - 3) break;
    out += ch;
    used += size;
  }
  return `${out}…`;
}

/** Group robots show one language; Chinese is the workspace default, so robots get the zh text. */
function renderMarkdown(m: WebhookMessage, titlePrefix: string, paragraphBreak: string): string {
  const link = m.link ? `${paragraphBreak}[${VIEW_LABEL}](${m.link})` : '';
  const head = `${titlePrefix}${m.title}${paragraphBreak}`;
  const room = MAX_MARKDOWN_BYTES - Buffer.byteLength(head + link, 'utf8');
  return `${head}${truncateBytes(m.body, Math.max(room, 64))}${link}`;
}

function baseHeaders(m: WebhookMessage): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Baton-Webhooks/1',
    'x-baton-delivery': m.deliveryId,
    'x-baton-event': m.event,
  };
}

/** The request to send for one message to one webhook, signed at `now` where the format signs. */
export function buildWebhookRequest(target: WebhookTarget, m: WebhookMessage, now: Date): WebhookRequest {
  const headers = baseHeaders(m);
  const secret = target.secret || null;
  switch (target.format) {
    case 'json': {
      const body = JSON.stringify({
        id: m.deliveryId, event: m.event, occurredAt: m.occurredAt, tenantId: m.tenantId,
        title: m.title, titleEn: m.titleEn, body: m.body, bodyEn: m.bodyEn,
        entityType: m.entityType ?? null, entityId: m.entityId ?? null, link: m.link ?? null, data: m.data ?? {},
      });
      headers['x-baton-timestamp'] = String(Math.floor(now.getTime() / 1000));
      if (secret) headers['x-baton-signature'] = signBatonBody(secret, body);
      return { method: 'POST', url: target.url, headers, body };
    }
    case 'wecom': {
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: renderMarkdown(m, '### ', '\n') } });
      return { method: 'POST', url: target.url, headers, body };
    }
    case 'dingtalk': {
      // DingTalk's markdown needs a blank line between blocks; `title` is what the chat list previews.
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: m.title, text: renderMarkdown(m, '### ', '\n\n') } });
      let url = target.url;
      if (secret) {
        const ts = now.getTime();
        url += `${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${signDingTalk(secret, ts)}`;
      }
      return { method: 'POST', url, headers, body };
    }
    case 'feishu': {
      const elements: unknown[] = [{ tag: 'div', text: { tag: 'lark_md', content: truncateBytes(m.body, MAX_MARKDOWN_BYTES) } }];
      if (m.link) {
        elements.push({ tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: VIEW_LABEL }, type: 'primary', url: m.link }] });
      }
      const isAlarm = /breached|recycled|conflict|rejected/.test(m.event);
      const card = { config: { wide_screen_mode: true }, header: { title: { tag: 'plain_text', content: m.title }, template: isAlarm ? 'red' : 'blue' }, elements };
      const signed = secret ? (() => { const ts = Math.floor(now.getTime() / 1000); return { timestamp: String(ts), sign: signFeishu(secret, ts) }; })() : {};
      const body = JSON.stringify({ ...signed, msg_type: 'interactive', card });
      return { method: 'POST', url: target.url, headers, body };
    }
  }
}

/**
 * Whether the receiver took the message. Robots answer HTTP 200 even when they refuse (bad signature, rate limit,
 * missing keyword), so their JSON code decides; Baton's own JSON format goes by the HTTP status alone.
 */
export function readDeliveryResult(format: WebhookFormat, status: number, responseText: string): DeliveryResult {
  if (status < 200 || status >= 300) return { isSent: false, error: `HTTP ${status}${responseText ? `: ${responseText.slice(0, 200)}` : ''}` };
  if (format === 'json') return { isSent: true, error: null };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(responseText) as Record<string, unknown>;
  } catch {
    return { isSent: false, error: `unreadable answer: ${responseText.slice(0, 200)}` };
  }
  const code = format === 'feishu' ? (parsed.code ?? parsed.StatusCode) : parsed.errcode;
  const message = format === 'feishu' ? (parsed.msg ?? parsed.StatusMessage) : parsed.errmsg;
  if (code === 0 || code === '0') return { isSent: true, error: null };
  return { isSent: false, error: `code ${String(code)}: ${String(message ?? '').slice(0, 200)}` };
}
