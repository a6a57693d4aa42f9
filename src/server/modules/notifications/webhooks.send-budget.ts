// How fast one webhook may be sent to. Pure: the delivery job passes the recent send times and the clock.
//
// The robots' published limits, with a margin for the test messages and the other senders a robot may have:
// - DingTalk 自定义机器人: 20 messages a minute per robot, then throttled for 10 minutes ("每个机器人每分钟最多发送20条。
//   如果超过20条,会限流10分钟").
// - WeCom 群机器人 (developer.work.weixin.qq.com/document/path/91770): 20 messages a minute per robot.
// - Feishu 自定义机器人: 100 a minute and 5 a second per robot.
// Baton's own JSON format goes to the customer's system: no budget.
import type { WebhookFormat } from './notifications.schema.js';

export interface SendWindow { ms: number; max: number }

export const SEND_BUDGETS: Record<WebhookFormat, SendWindow[]> = {
  json: [],
  wecom: [{ ms: 60_000, max: 18 }],
  dingtalk: [{ ms: 60_000, max: 18 }],
  feishu: [{ ms: 1_000, max: 5 }, { ms: 60_000, max: 90 }],
};

/** The longest window any format counts over: older send times never matter. */
export const LONGEST_WINDOW_MS = Math.max(...Object.values(SEND_BUDGETS).flat().map((w) => w.ms));

export interface SendPlan {
  /** How many of the waiting deliveries may go now. */
  allowed: number;
  /** When the next one may go, if some must wait. */
  waitUntil: Date | null;
}

/**
 * How many of `waiting` deliveries may be sent at `now` given the times of the sends of the last window (rolling
 * windows: a send at t counts until t + window), and when the first of the rest may go.
 */
export function planSends(windows: SendWindow[], recent: Date[], now: Date, waiting: number): SendPlan {
  if (!windows.length) return { allowed: waiting, waitUntil: null };
  const at = now.getTime();
  const times = recent.map((d) => d.getTime()).filter((t) => t <= at).sort((a, b) => a - b);
  const inWindow = (w: SendWindow) => times.filter((t) => t > at - w.ms);
  let allowed = 0;
  while (allowed < waiting && windows.every((w) => inWindow(w).length < w.max)) {
    times.push(at);
    allowed++;
  }
  if (allowed === waiting) return { allowed, waitUntil: null };
  // A window full now frees a place when its oldest sends fall out of it; all windows must have one.
  const free = windows.map((w) => {
    const sends = inWindow(w);
    return sends.length < w.max ? at : sends[sends.length - w.max] + w.ms;
  });
  return { allowed, waitUntil: new Date(Math.max(...free)) };
}
