// How to read a receiver's answer: sent, a failure worth another try, or one no retry can change. A permanent failure
// ends the delivery at once with what the admin should fix ("zh / en", as the web shows one half); anything not known
// to be permanent is tried again, so an unknown code costs the 6 tries it always did. Pure.
//
// What a receiver answered is not echoed back beyond a robot's own error code and message: a webhook URL pointed at an
// internal service must not become a way to read it.
import type { WebhookFormat } from './notifications.schema.js';

export interface DeliveryResult {
  isSent: boolean;
  /** The receiver refused for a reason a retry cannot change (address, secret, keyword, request); fail now. */
  isPermanent: boolean;
  error: string | null;
}

type RobotFormat = Exclude<WebhookFormat, 'json'>;
interface Remedy { zh: string; en: string }

const ROBOT_NAMES: Record<RobotFormat, Remedy> = {
  wecom: { zh: '企业微信', en: 'WeCom' }, dingtalk: { zh: '钉钉', en: 'DingTalk' }, feishu: { zh: '飞书', en: 'Feishu' },
};

const COPY_ADDRESS: Remedy = {
  zh: '请从群机器人设置里重新复制 Webhook 地址（机器人可能已被移除）',
  en: 'copy the webhook address again from the group robot settings (the robot may have been removed)',
};
const BAD_REQUEST: Remedy = {
  zh: '机器人不接受这条消息的格式，请把此错误报告给 Baton 的维护者',
  en: 'the robot does not accept the message format; report this error to whoever maintains Baton',
};

/**
 * Robot error codes no retry can change, each with what the admin should do. Sources, as quoted by the search results:
 * WeCom's global codes (developer.work.weixin.qq.com/document/path/90455: 40008 invalid msgtype) and 93000, WeCom's
 * answer to an unknown key ("invalid webhook url"); DingTalk's custom robot: 310000 for a missing keyword, a wrong
 * 加签, an invalid timestamp or an address outside the IP allowlist, 300001 / 300005 for a token that does not exist;
 * Feishu's custom robot guide: 9499 Bad Request, 19021 sign or timestamp, 19022 Ip Not Allowed, 19024 Key Words Not
 * Found, and as Feishu answers them 19001 "incoming webhook access token invalid", 19002 "params error".
 * Rate limits (WeCom 45009, Feishu 11232), "system busy" (-1) and every code not listed here are retried: DingTalk's
 * other robot codes (e.g. a group disbanded, a robot stopped) were not confirmed by a source we could check.
 */
const PERMANENT_ROBOT_CODES: Record<RobotFormat, Record<string, Remedy>> = {
  wecom: {
    93000: COPY_ADDRESS,
    40008: BAD_REQUEST,
  },
  dingtalk: {
    310000: {
      zh: '机器人的安全设置拒绝了消息：请检查自定义关键词（接力）、加签密钥、IP 白名单，以及 Baton 服务器的时钟',
      en: 'the robot’s security settings refused the message: check the custom keyword (接力), the 加签 secret, the IP allowlist and the Baton server’s clock',
    },
    300001: COPY_ADDRESS,
    300005: COPY_ADDRESS,
  },
  feishu: {
    9499: BAD_REQUEST,
    19001: COPY_ADDRESS,
    19002: BAD_REQUEST,
    19021: {
      zh: '签名校验未通过：请检查密钥是否与机器人的签名校验一致，以及 Baton 服务器的时钟',
      en: 'the signature check failed: check that the secret matches the robot’s 签名校验 secret, and the Baton server’s clock',
    },
    19022: { zh: 'Baton 服务器的地址不在机器人的 IP 白名单里', en: 'the Baton server’s address is not in the robot’s IP allowlist' },
    19024: { zh: '消息里没有机器人的自定义关键词：请把关键词设为「接力」', en: 'the message lacks the robot’s custom keyword: set the keyword to 接力' },
  },
};

// 408 and 429 ask for a later try; any other 4xx says the request itself is wrong, and sending it again will not help.
const RETRYABLE_4XX = new Set([408, 429]);

function httpStatusRemedy(status: number): Remedy {
  if (status === 401 || status === 403) return { zh: '请检查密钥与接收方的鉴权设置', en: 'check the secret and the receiver’s authentication settings' };
  if (status === 404 || status === 410) return { zh: '请检查地址', en: 'check the URL' };
  return { zh: '请检查地址与接收方的设置', en: 'check the URL and the receiver’s settings' };
}

/** The result of an HTTP status that is not 2xx: 4xx other than 408/429 is permanent, the rest is tried again. */
function readHttpStatus(status: number): DeliveryResult {
  if (status < 400 || status >= 500 || RETRYABLE_4XX.has(status)) return { isSent: false, isPermanent: false, error: `HTTP ${status}` };
  const remedy = httpStatusRemedy(status);
  return {
    isSent: false, isPermanent: true,
    error: `接收方拒绝了请求（HTTP ${status}），重试也不会成功：${remedy.zh} / the receiver refused the request (HTTP ${status}) and a retry would not succeed: ${remedy.en}`,
  };
}

/** A robot's own words, kept short and kept from splitting the "zh / en" message in the wrong place. */
const robotWords = (message: unknown) => String(message ?? '').slice(0, 120).replaceAll(' / ', '/');

/**
 * Whether the receiver took the message, and if not whether to try again. Robots answer HTTP 200 even when they refuse
 * (bad signature, rate limit, missing keyword), so their JSON code decides; Baton's own JSON format goes by the status.
 */
export function readDeliveryResult(format: WebhookFormat, status: number, responseText: string): DeliveryResult {
  const isSuccess = status >= 200 && status < 300;
  if (format === 'json') return isSuccess ? { isSent: true, isPermanent: false, error: null } : readHttpStatus(status);
  let parsed: Record<string, unknown> | null = null;
  try {
    const value: unknown = JSON.parse(responseText);
    if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
  } catch { /* read below as not a robot's answer */ }
  const code = format === 'feishu' ? (parsed?.code ?? parsed?.StatusCode) : parsed?.errcode;
  if (code === undefined || code === null) {
    if (!isSuccess) return readHttpStatus(status);
    return { isSent: false, isPermanent: false, error: '接收方的回答不是群机器人的格式，请检查地址 / the answer is not a group robot’s; check the address' };
  }
  if (isSuccess && (code === 0 || code === '0')) return { isSent: true, isPermanent: false, error: null };
  const words = robotWords(format === 'feishu' ? (parsed?.msg ?? parsed?.StatusMessage) : parsed?.errmsg);
  const robot = ROBOT_NAMES[format];
  const remedy = PERMANENT_ROBOT_CODES[format][String(code)];
  if (remedy) {
    return {
      isSent: false, isPermanent: true,
      error: `${robot.zh}拒绝了消息（${String(code)}：${words}），重试也不会成功：${remedy.zh} / ${robot.en} refused the message (${String(code)}: ${words}) and a retry would not succeed: ${remedy.en}`,
    };
  }
  if (!isSuccess) return readHttpStatus(status);
  return { isSent: false, isPermanent: false, error: `${robot.zh}返回错误 ${String(code)}：${words} / ${robot.en} answered error ${String(code)}: ${words}` };
}
