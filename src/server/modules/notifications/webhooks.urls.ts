// A webhook URL carries the robot's credential (WeCom ?key=, DingTalk ?access_token=, Feishu's /hook/<id>): the API and
// the audit log show it masked, and a URL pasted into the wrong format is refused. Pure.
import { robotOfUrl } from '../../../shared/notification-contracts.js';
import type { WebhookFormat } from './notifications.schema.js';

const FORMAT_NAMES: Record<WebhookFormat, string> = {
  json: 'JSON / JSON', wecom: '企业微信 / WeCom', dingtalk: '钉钉 / DingTalk', feishu: '飞书 / Feishu',
};

// Path segments this long are tokens (Feishu's hook id is a uuid); shorter ones are routes such as /cgi-bin/webhook.
const TOKEN_SEGMENT_LENGTH = 20;

function maskValue(value: string): string {
  return value.length >= 8 ? `${value.slice(0, 4)}…` : '…';
}

/** The URL with every query value and every token-like path segment cut to four characters: "…/send?key=ab12…". */
export function maskWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return maskValue(url);
  }
  const path = parsed.pathname.split('/').map((seg) => (seg.length >= TOKEN_SEGMENT_LENGTH ? maskValue(seg) : seg)).join('/');
  const query = [...parsed.searchParams].map(([k, v]) => `${k}=${maskValue(v)}`).join('&');
  const auth = parsed.username ? '…@' : '';
  return `${parsed.protocol}//${auth}${parsed.host}${path}${query ? `?${query}` : ''}`;
}

/** Why a URL cannot work with a format (it is another robot's address), bilingual, or null when it may. */
export function urlFormatMismatch(url: string, format: WebhookFormat): string | null {
  const robot = robotOfUrl(url);
  if (!robot || robot === format) return null;
  const [urlZh, urlEn] = FORMAT_NAMES[robot].split(' / ');
  const [fmtZh, fmtEn] = FORMAT_NAMES[format].split(' / ');
  return `这是${urlZh}机器人的地址，格式却选了「${fmtZh}」，请改选「${urlZh}」 / This is a ${urlEn} robot address but the format is ${fmtEn}; choose ${urlEn}`;
}
