// What the webhook screens need to know per format: labels, URL hints, the robots' hosts, secret help. The server
// refuses another robot's URL (webhooks.urls.ts); the editor warns earlier and also about an unknown host.
import { WEBHOOK_FORMAT_LABELS } from '../../../../shared/notification-contracts';
export { isHttpUrl, robotOfUrl } from '../../../../shared/notification-contracts';
import type { Webhook } from '../lead-types';
import { pickText } from '../lead-format';

export type WebhookFormat = Webhook['format'];

/** A webhook as the list answers it: with how its deliveries went. */
export interface WebhookListItem extends Webhook {
  secretMasked?: string | null;
  failedCount: number;
  lastDelivery: { status: 'pending' | 'sent' | 'failed'; error: string | null; at: string } | null;
}

export interface WebhookDelivery {
  id: string; event: string; status: 'pending' | 'sent' | 'failed'; attempts: number; nextAttemptAt: string; lastAttemptAt: string | null;
  responseStatus: number | null; lastError: string | null; createdAt: string; sentAt: string | null; title: string | null; titleEn: string | null;
}

export const URL_PLACEHOLDERS: Record<WebhookFormat, string> = {
  json: 'https://crm.example.com/hooks/baton',
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
};

/** The format's name; JSON says "signed" only when it has a secret. */
export function formatLabel(format: WebhookFormat, lang: string, hasSecret = true): string {
  if (format === 'json') return lang.startsWith('en') ? (hasSecret ? 'Signed JSON' : 'JSON') : (hasSecret ? 'JSON（带签名）' : 'JSON');
  return pickText(WEBHOOK_FORMAT_LABELS[format], lang);
}

/** A random secret for Baton's own JSON signature: 32 bytes, hex. */
export function generateSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
