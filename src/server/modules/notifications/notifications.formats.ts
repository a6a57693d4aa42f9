// The HTTP request each webhook format expects (its answer is read in webhooks.answers.ts). Pure: time and ids are
// parameters.
//
// - Baton JSON: X-Baton-Signature = sha256=hex(HMAC-SHA256(secret, `${X-Baton-Timestamp}.${body}`)); the timestamp is
//   signed so a receiver that rejects stale timestamps (README: 5 minutes) cannot be fed a replay.
// What we followed (the vendors' own pages, as quoted by the search results):
// - WeCom 群机器人 (developer.work.weixin.qq.com/document/path/91770): POST JSON {msgtype:'markdown', markdown:{content}},
//   content ≤ 4096 bytes UTF-8; the answer is {errcode, errmsg}, errcode 0 = sent. No signing: the key is in the URL.
// - DingTalk 自定义机器人 (open.dingtalk.com/document/robots/custom-robot-access, message-type): {msgtype:'markdown',
//   markdown:{title, text}}. 加签: string_to_sign = timestamp(ms) + "\n" + secret, HmacSHA256 keyed by the secret,
//   Base64, then urlEncode; sent as &timestamp=…&sign=… on the URL; timestamp within 1 h. Answer {errcode, errmsg}.
// - Feishu 自定义机器人 (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): {msg_type:'interactive', card} or
//   {msg_type:'text', content:{text}}. 签名校验: string_to_sign = timestamp(s) + "\n" + secret used as the HMAC-SHA256
//   KEY over an empty message, Base64; sent as "timestamp" and "sign" in the body. Answer {code, msg}, code 0 = sent
//   (older deployments answer {StatusCode, StatusMessage}). A card's div text is `plain_text` (shown as typed) or
//   `lark_md` (open.feishu.cn card text component); Baton uses plain_text for everything taken from records.
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
  /** Who Baton notified in the app: a group robot's message names them, since "assigned to you" means nobody in a group. */
  recipients?: Recipient[];
  data?: Record<string, unknown>;
}

export interface Recipient { id: string; name: string }

export interface WebhookTarget { url: string; format: WebhookFormat; secret: string | null }

export interface WebhookRequest { method: 'POST'; url: string; headers: Record<string, string>; body: string }

// WeCom's markdown limit; the others allow more, but a group message should be short anyway.
const MAX_MARKDOWN_BYTES = 4096;
const VIEW_LABEL = '查看详情';
/**
 * Starts every robot message: DingTalk and Feishu robots set to 自定义关键词 refuse a message without their keyword
 * (DingTalk 310000, Feishu 19024), so the admin configures 接力 as the keyword and every message carries it.
 */
export const ROBOT_KEYWORD = '接力';
const ROBOT_PREFIX = `【${ROBOT_KEYWORD}】`;

/**
 * X-Baton-Signature: `sha256=` + hex HMAC-SHA256 of `${timestamp}.${rawBody}` keyed by the webhook's secret, where
 * timestamp is the X-Baton-Timestamp header (Unix seconds). Signing the timestamp too keeps a captured request from
 * being replayed later under a fresh timestamp.
 */
export function signBatonBody(secret: string, timestampSeconds: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex')}`;
}

// Characters the robots' markdown acts on, swapped for their full-width look-alikes. None of the vendors documents a
// backslash escape, so a look-alike is the only way to show a lead named `[点我领奖](https://…) <@all>` as text: no
// link, no heading, no WeCom <@…> / Feishu <at …> mention. `&` too, so an entity cannot spell one of the others.
const MARKDOWN_LOOKALIKES: Record<string, string> = {
  '[': '［', ']': '］', '<': '＜', '>': '＞', '*': '＊', '_': '＿', '`': '｀', '~': '～', '#': '＃', '\\': '＼', '|': '｜', '&': '＆',
};
// What acts only at the start of a line: list items (- + 1. 1)) and the `=`/`-` lines that turn the line above into a
// heading. Indentation (four spaces make a code block) is dropped.
const LINE_START_LOOKALIKES: Record<string, string> = { '-': '－', '+': '＋', '=': '＝', '.': '．', ')': '）' };

/**
 * An address the chat app would turn into a link by itself (`http://…`, `www.…`, a bare `evil.example` or an IPv4
 * address) shown defanged, the way security reports quote them: `https［:］//evil［.］example`. A zero-width character
 * would not do: the app strips those elsewhere, and the link would come back. Decimals such as 3.5 are left alone.
 */
export function defangLinks(text: string): string {
  return text
    .replace(/:\/\//g, '［:］//')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, (ip) => ip.replaceAll('.', '［.］'))
    .replace(/(?<=[\p{L}\p{N}_-])\.(?=[\p{L}_-])/gu, '［.］');
}

/**
 * Record text (names, companies, notes; typed by anonymous visitors on public forms) made inert for a robot's
 * markdown: it shows as typed and cannot format, link or @ anyone.
 */
export function escapeRobotMarkdown(text: string): string {
  const inline = defangLinks(text.replace(/[[\]<>*_`~#\\|&]/g, (ch) => MARKDOWN_LOOKALIKES[ch] ?? ch));
  return inline.split('\n').map((line) => line.replace(/^[ \t]+/, '')
    .replace(/^[-+=](?=[\s=-]|$)/, (ch) => LINE_START_LOOKALIKES[ch])
    .replace(/^(\d+)([.)])(?=\s|$)/, (_, n: string, mark: string) => `${n}${LINE_START_LOOKALIKES[mark]}`)).join('\n');
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

/** The title a robot shows: keyword first, on one line. */
function robotTitle(m: WebhookMessage): string {
  return `${ROBOT_PREFIX}${m.title.replace(/\s+/g, ' ').trim()}`;
}

/** The line naming who was notified ("通知：王芳、李强"), or '' when nobody was. */
function recipientsLine(m: WebhookMessage): string {
  const names = (m.recipients ?? []).map((r) => r.name).filter(Boolean);
  return names.length ? `通知：${names.join('、')}` : '';
}

/**
 * The message body a robot shows: the text, then who was notified; record text made inert by `inert` (markdown escaping,
 * or only defanged links where the robot shows plain text), cut to `maxBytes`.
 */
function robotBody(m: WebhookMessage, paragraphBreak: string, maxBytes: number, inert: (text: string) => string): string {
  const who = recipientsLine(m);
  const tail = who ? `${paragraphBreak}${inert(who)}` : '';
  return `${truncateBytes(inert(m.body), Math.max(maxBytes - Buffer.byteLength(tail, 'utf8'), 64))}${tail}`;
}

/** Group robots show one language; Chinese is the workspace default, so robots get the zh text. */
function renderMarkdown(m: WebhookMessage, paragraphBreak: string): string {
  const link = m.link ? `${paragraphBreak}[${VIEW_LABEL}](${m.link.replace(/[()\s]/g, encodeURIComponent)})` : '';
  const head = `### ${escapeRobotMarkdown(robotTitle(m))}${paragraphBreak}`;
  const room = MAX_MARKDOWN_BYTES - Buffer.byteLength(head + link, 'utf8');
  return `${head}${robotBody(m, paragraphBreak, room, escapeRobotMarkdown)}${link}`;
}

/** Feishu card header colours: warnings orange, breaches and losses red, the rest blue. */
function feishuTemplate(event: string): 'orange' | 'red' | 'blue' {
  if (/warning/.test(event)) return 'orange';
  if (/breached|recycled|conflict|rejected/.test(event)) return 'red';
  return 'blue';
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
        entityType: m.entityType ?? null, entityId: m.entityId ?? null, link: m.link ?? null, recipients: m.recipients ?? [], data: m.data ?? {},
      });
      const timestamp = String(Math.floor(now.getTime() / 1000));
      headers['x-baton-timestamp'] = timestamp;
      if (secret) headers['x-baton-signature'] = signBatonBody(secret, timestamp, body);
      return { method: 'POST', url: target.url, headers, body };
    }
    case 'wecom': {
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: renderMarkdown(m, '\n') } });
      return { method: 'POST', url: target.url, headers, body };
    }
    case 'dingtalk': {
      // DingTalk's markdown needs a blank line between blocks; `title` is what the chat list previews.
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: escapeRobotMarkdown(robotTitle(m)), text: renderMarkdown(m, '\n\n') } });
      let url = target.url;
      if (secret) {
        const ts = now.getTime();
        url += `${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${signDingTalk(secret, ts)}`;
      }
      return { method: 'POST', url, headers, body };
    }
    case 'feishu': {
      // plain_text, not lark_md: Feishu shows it as typed, so no markdown or <at> in record text can act.
      const elements: unknown[] = [{ tag: 'div', text: { tag: 'plain_text', content: robotBody(m, '\n', MAX_MARKDOWN_BYTES, defangLinks) } }];
      if (m.link) {
        elements.push({ tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: VIEW_LABEL }, type: 'primary', url: m.link }] });
      }
      const card = { config: { wide_screen_mode: true }, header: { title: { tag: 'plain_text', content: defangLinks(robotTitle(m)) }, template: feishuTemplate(m.event) }, elements };
      const signed = secret ? (() => { const ts = Math.floor(now.getTime() / 1000); return { timestamp: String(ts), sign: signFeishu(secret, ts) }; })() : {};
      const body = JSON.stringify({ ...signed, msg_type: 'interactive', card });
      return { method: 'POST', url: target.url, headers, body };
    }
  }
}
