import { describe, expect, it } from 'vitest';
import { readDeliveryResult } from './webhooks.answers.js';

/** The web shows one half of a "zh / en" message: there must be exactly one separator. */
const halves = (error: string | null) => String(error).split(' / ');

describe('reading answers', () => {
  it('counts a robot’s HTTP 200 with a non-zero code as a failure', () => {
    expect(readDeliveryResult('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ isSent: true, isPermanent: false, error: null });
    expect(readDeliveryResult('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}').isSent).toBe(false);
    expect(readDeliveryResult('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}').error).toContain('310000');
    expect(readDeliveryResult('feishu', 200, '{"code":19021,"msg":"sign match fail"}').isSent).toBe(false);
    expect(readDeliveryResult('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}').isSent).toBe(true);
    expect(readDeliveryResult('feishu', 200, 'not json').isSent).toBe(false);
  });

  it('goes by the HTTP status for Baton JSON', () => {
    expect(readDeliveryResult('json', 204, '').isSent).toBe(true);
    // What the receiver said is not echoed: a URL aimed at an internal service must not read it back.
    expect(readDeliveryResult('json', 500, 'INTERNAL secret=abc')).toEqual({ isSent: false, isPermanent: false, error: 'HTTP 500' });
    expect(readDeliveryResult('wecom', 200, 'INTERNAL-ADMIN secret=abc123').error).not.toContain('secret');
    expect(readDeliveryResult('json', 404, 'INTERNAL secret=abc').error).not.toContain('secret');
  });
});

describe('which failures are worth another try', () => {
  it('fails at once on a robot code no retry can change, saying what to fix in both languages', () => {
    const cases = [
      ['wecom', '{"errcode":93000,"errmsg":"invalid webhook url, hint: [x] / more info"}', '93000', '重新复制 Webhook 地址'],
      ['wecom', '{"errcode":40008,"errmsg":"invalid message type"}', '40008', 'Baton 的维护者'],
      ['dingtalk', '{"errcode":310000,"errmsg":"keywords not in content"}', '310000', '自定义关键词（接力）'],
      ['dingtalk', '{"errcode":300001,"errmsg":"token is not exist"}', '300001', '重新复制 Webhook 地址'],
      ['feishu', '{"code":19001,"msg":"param invalid: incoming webhook access token invalid"}', '19001', '重新复制 Webhook 地址'],
      ['feishu', '{"code":19002,"msg":"params error, msg_type need"}', '19002', 'Baton 的维护者'],
      ['feishu', '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}', '19021', '签名校验'],
      ['feishu', '{"code":19024,"msg":"Key Words Not Found"}', '19024', '「接力」'],
      ['feishu', '{"code":9499,"msg":"Bad Request"}', '9499', 'Baton 的维护者'],
    ] as const;
    for (const [format, answer, code, remedy] of cases) {
      const result = readDeliveryResult(format, 200, answer);
      expect(result, `${format} ${code}`).toMatchObject({ isSent: false, isPermanent: true });
      const [zh, en] = halves(result.error);
      expect(halves(result.error), `${format} ${code}`).toHaveLength(2);
      expect(zh, `${format} ${code}`).toContain(code);
      expect(zh, `${format} ${code}`).toContain(remedy);
      expect(en, `${format} ${code}`).toMatch(new RegExp(`(WeCom|DingTalk|Feishu) refused the message \\(${code}: `));
    }
  });

  it('tries rate limits, a busy robot and unknown codes again', () => {
    for (const [format, answer] of [
      ['wecom', '{"errcode":45009,"errmsg":"api freq out of limit"}'],
      ['wecom', '{"errcode":-1,"errmsg":"system busy"}'],
      ['feishu', '{"code":11232,"msg":"frequency limited"}'],
      ['dingtalk', '{"errcode":123456,"errmsg":"something new"}'],
    ] as const) {
      const result = readDeliveryResult(format, 200, answer);
      expect(result, answer).toMatchObject({ isSent: false, isPermanent: false });
      expect(halves(result.error), answer).toHaveLength(2);
    }
    // An answer that is not a robot's may be a proxy's page for a moment: tried again.
    expect(readDeliveryResult('wecom', 200, '<html>502</html>')).toMatchObject({ isSent: false, isPermanent: false });
  });

  it('fails a 4xx at once except 408 and 429; 5xx and network trouble are tried again', () => {
    for (const status of [400, 401, 403, 404, 410, 413, 422]) {
      const result = readDeliveryResult('json', status, '');
      expect(result, String(status)).toMatchObject({ isSent: false, isPermanent: true });
      expect(result.error, String(status)).toContain(`HTTP ${status}`);
      expect(halves(result.error), String(status)).toHaveLength(2);
    }
    expect(readDeliveryResult('json', 401, '').error).toContain('请检查密钥');
    expect(readDeliveryResult('json', 404, '').error).toContain('check the URL');
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(readDeliveryResult('json', status, ''), String(status)).toEqual({ isSent: false, isPermanent: false, error: `HTTP ${status}` });
    }
    // A robot behind a 4xx without its own code goes by the status too; with a retryable code under a 429, it waits.
    expect(readDeliveryResult('feishu', 404, 'Not Found')).toMatchObject({ isPermanent: true });
    expect(readDeliveryResult('feishu', 400, '{"code":9499,"msg":"Bad Request"}')).toMatchObject({ isPermanent: true, error: expect.stringContaining('9499') });
    expect(readDeliveryResult('feishu', 429, '{"code":11232,"msg":"frequency limited"}')).toMatchObject({ isPermanent: false });
  });
});
