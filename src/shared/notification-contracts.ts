// Notification events and webhook contracts: what the API accepts and the labels the web shows, in zh-CN and en.
import { z } from 'zod';
import { recordVersion } from './schema-parts.js';

export const NOTIFICATION_EVENTS = [
  'lead.assigned', 'lead.sla_warning', 'lead.sla_breached', 'lead.recycle_warning', 'lead.recycled',
  'lead.claimed', 'lead.handed_over', 'lead.rejected', 'lead.accepted', 'lead.conflict', 'lead.transferred',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_EVENT_LABELS: Record<NotificationEvent, { zh: string; en: string }> = {
  'lead.assigned': { zh: '线索分配', en: 'Lead assigned' },
  'lead.sla_warning': { zh: '首次跟进即将超时', en: 'First-touch SLA warning' },
  'lead.sla_breached': { zh: '首次跟进已超时', en: 'First-touch SLA breached' },
  'lead.recycle_warning': { zh: '线索即将被回收', en: 'Lead about to be recycled' },
  'lead.recycled': { zh: '线索已回收', en: 'Lead recycled' },
  'lead.claimed': { zh: '线索被领取', en: 'Lead claimed' },
  'lead.handed_over': { zh: '线索移交销售', en: 'Lead handed to sales' },
  'lead.rejected': { zh: '线索被退回', en: 'Lead rejected' },
  'lead.accepted': { zh: '线索被接受', en: 'Lead accepted' },
  'lead.conflict': { zh: '撞单', en: 'Lead conflict' },
  'lead.transferred': { zh: '线索转给他人', en: 'Lead transferred' },
};

export const WEBHOOK_FORMAT_KEYS = ['json', 'wecom', 'dingtalk', 'feishu'] as const;
export const WEBHOOK_FORMAT_LABELS: Record<(typeof WEBHOOK_FORMAT_KEYS)[number], { zh: string; en: string }> = {
  json: { zh: 'JSON', en: 'JSON' },
  wecom: { zh: '企业微信群机器人', en: 'WeCom group robot' },
  dingtalk: { zh: '钉钉群机器人', en: 'DingTalk group robot' },
  feishu: { zh: '飞书群机器人', en: 'Feishu group robot' },
};

/** How long the outbox keeps a delivery (webhooks.prune); pending ones stay until they are sent or fail. */
export const DELIVERY_RETENTION_DAYS = { sent: 30, failed: 90 } as const;

export const DELIVERY_STATUS_LABELS = {
  pending: { zh: '待发送', en: 'Pending' },
  sent: { zh: '已发送', en: 'Sent' },
  failed: { zh: '发送失败', en: 'Failed' },
} as const;

export type WebhookFormatKey = (typeof WEBHOOK_FORMAT_KEYS)[number];
export type RobotFormat = Exclude<WebhookFormatKey, 'json'>;

/** The robots' own hosts; a private deployment or a proxy may use others, so an unknown host is allowed for any format. */
const ROBOT_HOSTS: Record<RobotFormat, RegExp> = {
  wecom: /(^|\.)qyapi\.weixin\.qq\.com$/i,
  dingtalk: /(^|\.)oapi\.dingtalk\.com$/i,
  feishu: /(^|\.)(open\.feishu\.cn|open\.larksuite\.com)$/i,
};

/** The robot a URL belongs to, by its host, or null for any other host (or no URL). */
export function robotOfUrl(url: string): RobotFormat | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  const hit = Object.entries(ROBOT_HOSTS).find(([, pattern]) => pattern.test(host));
  return hit ? (hit[0] as RobotFormat) : null;
}

export function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

const webhookUrl = z.string().trim().max(2000)
  .refine(isHttpUrl, { message: '请填写 http:// 或 https:// 开头的地址 / the URL must start with http:// or https://' });
const events = z.array(z.enum(NOTIFICATION_EVENTS)).min(1, '至少选择一个事件 / choose at least one event')
  .transform((list) => [...new Set(list)]);
const secret = z.string().trim().min(1).max(200);

export const CreateWebhookInput = z.object({
  name: z.string().trim().min(1).max(100),
  url: webhookUrl,
  format: z.enum(WEBHOOK_FORMAT_KEYS),
  events,
  secret: secret.nullish(),
  isEnabled: z.boolean().default(true),
});
export type CreateWebhookInput = z.infer<typeof CreateWebhookInput>;

/** `secret`: omitted keeps it, null removes it, a string replaces it. */
export const UpdateWebhookInput = z.object({
  version: recordVersion(),
  name: z.string().trim().min(1).max(100).optional(),
  url: webhookUrl.optional(),
  format: z.enum(WEBHOOK_FORMAT_KEYS).optional(),
  events: events.optional(),
  secret: secret.nullable().optional(),
  isEnabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookInput>;
