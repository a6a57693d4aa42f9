import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildWebhookRequest, defangLinks, escapeRobotMarkdown, signBatonBody, signDingTalk, signFeishu, truncateBytes, type WebhookMessage } from './notifications.formats.js';

const now = new Date('2026-11-23T02:00:00.123Z');
const message: WebhookMessage = {
  deliveryId: '01930000-0000-7000-8000-000000000001', event: 'lead.assigned', occurredAt: '2026-11-23T02:00:00.000Z',
  tenantId: '01930000-0000-7000-8000-0000000000aa', title: '新线索分配给你', titleEn: 'A new lead is yours',
  body: '杭州云栈数据科技 · A 级', bodyEn: 'Hangzhou Yunzhan Data · tier A', entityType: 'lead',
  entityId: '01930000-0000-7000-8000-0000000000bb', link: 'https://baton.example.com/leads/1', data: { tier: 'A' },
};

describe('Baton JSON', () => {
  it('signs `${timestamp}.${body}` with HMAC-SHA256 hex and sends the delivery id, event and timestamp', () => {
    const req = buildWebhookRequest({ url: 'https://hooks.example.com/baton', format: 'json', secret: 'topsecret' }, message, now);
    const expected = createHmac('sha256', 'topsecret').update(`1795399200.${req.body}`).digest('hex');
    expect(req.headers['x-baton-signature']).toBe(`sha256=${expected}`);
    expect(req.headers['x-baton-timestamp']).toBe('1795399200');
    // The timestamp is covered: the same body under another timestamp no longer verifies.
    expect(signBatonBody('topsecret', '1795399500', req.body)).not.toBe(req.headers['x-baton-signature']);
    expect(req.headers['x-baton-delivery']).toBe(message.deliveryId);
    expect(JSON.parse(req.body)).toMatchObject({ id: message.deliveryId, event: 'lead.assigned', tenantId: message.tenantId, title: message.title, body: message.body, data: { tier: 'A' } });
  });

  it('sends no signature without a secret', () => {
    const req = buildWebhookRequest({ url: 'https://hooks.example.com/baton', format: 'json', secret: null }, message, now);
    expect(req.headers['x-baton-signature']).toBeUndefined();
  });
});

describe('WeCom group robot', () => {
  it('posts a markdown message with title, body and link to the URL as given', () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc';
    const req = buildWebhookRequest({ url, format: 'wecom', secret: null }, message, now);
    expect(req.url).toBe(url);
    expect(JSON.parse(req.body)).toEqual({ msgtype: 'markdown', markdown: { content: `### 【接力】新线索分配给你\n杭州云栈数据科技 · A 级\n[查看详情](${message.link})` } });
  });

  it('keeps the content within WeCom’s 4096-byte limit without splitting a character', () => {
    const req = buildWebhookRequest({ url: 'https://x.test', format: 'wecom', secret: null }, { ...message, body: '线'.repeat(3000) }, now);
    const content = JSON.parse(req.body).markdown.content as string;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content).toContain('…');
    expect(truncateBytes('ab线', 4)).toBe('a…');
  });
});

describe('DingTalk group robot', () => {
  it('signs per 加签: HMAC-SHA256(secret, `${ms}\\n${secret}`), Base64, url-encoded, on the URL', () => {
    const secret = 'SECa1b2c3d4e5f6';
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=tok';
    const req = buildWebhookRequest({ url, format: 'dingtalk', secret }, message, now);
    const ts = now.getTime();
    const b64 = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    expect(req.url).toBe(`${url}&timestamp=${ts}&sign=${encodeURIComponent(b64)}`);
    expect(new URL(req.url).searchParams.get('sign')).toBe(b64);
    expect(signDingTalk(secret, ts)).toBe(encodeURIComponent(b64));
    expect(JSON.parse(req.body)).toEqual({ msgtype: 'markdown', markdown: { title: '【接力】新线索分配给你', text: `### 【接力】新线索分配给你\n\n杭州云栈数据科技 · A 级\n\n[查看详情](${message.link})` } });
  });

  it('matches a signature computed by hand for a fixed timestamp', () => {
    // Independent computation: the same steps as DingTalk's Python sample (hmac.new(secret, f"{ts}\n{secret}", sha256), b64, quote_plus).
    const expected = encodeURIComponent(createHmac('sha256', Buffer.from('this is secret')).update(Buffer.from('1700000000000\nthis is secret')).digest().toString('base64'));
    expect(signDingTalk('this is secret', 1700000000000)).toBe(expected);
  });

  it('leaves the URL alone without a secret', () => {
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=tok';
    expect(buildWebhookRequest({ url, format: 'dingtalk', secret: null }, message, now).url).toBe(url);
  });
});

describe('Feishu group robot', () => {
  it('signs per 签名校验: HMAC-SHA256 keyed by `${seconds}\\n${secret}` over an empty message, in the body', () => {
    const secret = 'feishu-secret';
    const req = buildWebhookRequest({ url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', format: 'feishu', secret }, message, now);
    const body = JSON.parse(req.body);
    const ts = Math.floor(now.getTime() / 1000);
    expect(body.timestamp).toBe(String(ts));
    expect(body.sign).toBe(createHmac('sha256', `${ts}\n${secret}`).update(Buffer.alloc(0)).digest('base64'));
    expect(signFeishu(secret, ts)).toBe(body.sign);
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header.title.content).toBe(`【接力】${message.title}`);
    expect(body.card.header.template).toBe('blue');
    expect(body.card.elements[0].text).toEqual({ tag: 'plain_text', content: message.body });
    expect(body.card.elements[1].actions[0].url).toBe(message.link);
  });

  it('sends no timestamp or sign without a secret', () => {
    const body = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'feishu', secret: null }, { ...message, link: null }, now).body);
    expect(body.timestamp).toBeUndefined();
    expect(body.sign).toBeUndefined();
    expect(body.card.elements).toHaveLength(1);
  });
});

describe('text from records in robot messages', () => {
  const evil = { ...message, title: '新线索：[点我领奖](https://evil.example/x) <@all>', body: '公司 **<at user_id="all">所有人</at>** # 标题 `x` ~~y~~ \\ _z_' };

  it('cannot link, format or @ anyone in WeCom or DingTalk markdown', () => {
    for (const format of ['wecom', 'dingtalk'] as const) {
      const text = JSON.stringify(JSON.parse(buildWebhookRequest({ url: 'https://x.test', format, secret: null }, evil, now).body).markdown);
      expect(text, format).not.toMatch(/\[点我领奖\]\(|<@all>|<at |\*\*|`x`|~~/);
      expect(text, format).toContain('［点我领奖］(https［:］//evil［.］example/x) ＜@all＞');
      // Baton's own link still works.
      expect(text, format).toContain(`[查看详情](${message.link})`);
    }
  });

  it('cannot link or @ anyone in a Feishu card', () => {
    const card = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'feishu', secret: null }, evil, now).body).card;
    // Plain text, which Feishu shows as typed: no markdown and no <at> is read in it, so nothing needs swapping.
    expect(card.elements[0].text).toEqual({ tag: 'plain_text', content: evil.body });
    expect(card.header.title).toEqual({ tag: 'plain_text', content: '【接力】新线索：[点我领奖](https［:］//evil［.］example/x) <@all>' });
  });

  it('leaves ordinary names as they are', () => {
    expect(escapeRobotMarkdown('杭州云栈（中国）有限公司 · A 级 - 王强 (sales)')).toBe('杭州云栈（中国）有限公司 · A 级 - 王强 (sales)');
    expect(escapeRobotMarkdown('预算 3.5 万，版本 v2.1，+86 138 0000 0000，-5%')).toBe('预算 3.5 万，版本 v2.1，+86 138 0000 0000，-5%');
  });

  it('cannot start a heading, quote, list, rule or code block from a line of record text', () => {
    const lines = ['# 标题', '> 引用', '- 列表', '* 列表', '+ 列表', '1. 第一', '2) 第二', '```js', '~~~', '---', '===', '    缩进的代码'];
    expect(escapeRobotMarkdown(lines.join('\n')).split('\n')).toEqual([
      '＃ 标题', '＞ 引用', '－ 列表', '＊ 列表', '＋ 列表', '1． 第一', '2） 第二', '｀｀｀js', '～～～', '－--', '＝==', '缩进的代码',
    ]);
    // The same in a message: the body's lines begin lines of the robot's markdown.
    for (const format of ['wecom', 'dingtalk'] as const) {
      const m = { ...message, body: `王强\n- 点我\n1. 再点\n> 引用` };
      const markdown = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format, secret: null }, m, now).body).markdown;
      const text: string = markdown.content ?? markdown.text;
      expect(text.split('\n').filter((line) => /^(-|\d+\.|>)\s/.test(line)), format).toEqual([]);
    }
  });

  it('shows addresses in record text defanged, so no robot turns them into links', () => {
    expect(defangLinks('访问 http://evil.example/a?b=1 或 www.evil.example 或 evil.example 或 10.0.0.1:8080')).toBe(
      '访问 http［:］//evil［.］example/a?b=1 或 www［.］evil［.］example 或 evil［.］example 或 10［.］0［.］0［.］1:8080');
    const m = { ...message, title: '新线索：www.evil.example', body: '王强 http://evil.example 中奖.领取' };
    for (const format of ['wecom', 'dingtalk', 'feishu'] as const) {
      const body = JSON.stringify(JSON.parse(buildWebhookRequest({ url: 'https://x.test', format, secret: null }, { ...m, link: null }, now).body));
      expect(body, format).not.toMatch(/https?:\/\/|www\.|evil\.example|中奖\.领取/);
      expect(body, format).toContain('http［:］//evil［.］example');
    }
    // Baton's own link is Baton's, not record text: it stays a link.
    const wecom = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'wecom', secret: null }, m, now).body).markdown.content;
    expect(wecom).toContain(`[查看详情](${message.link})`);
  });
});

describe('robot keyword and colours', () => {
  it('starts every robot message with 【接力】 so a robot set to the keyword 接力 takes it', () => {
    const test = { ...message, event: 'webhook.test', title: 'Baton 测试消息' };
    for (const format of ['wecom', 'dingtalk', 'feishu'] as const) {
      const body = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format, secret: null }, test, now).body);
      const title = body.markdown?.title ?? body.card?.header.title.content ?? body.markdown.content;
      expect(title, format).toMatch(/^(### )?【接力】Baton 测试消息/);
    }
  });

  it('colours Feishu warnings orange and breaches red', () => {
    const template = (event: string) => JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'feishu', secret: null }, { ...message, event }, now).body).card.header.template;
    expect(template('lead.sla_warning')).toBe('orange');
    expect(template('lead.recycle_warning')).toBe('orange');
    expect(template('lead.sla_breached')).toBe('red');
    expect(template('lead.recycled')).toBe('red');
    expect(template('lead.assigned')).toBe('blue');
  });
});

describe('who was told', () => {
  const told = { ...message, recipients: [{ id: '01930000-0000-7000-8000-0000000000c1', name: '王芳' }, { id: '01930000-0000-7000-8000-0000000000c2', name: '李[强]' }] };

  it('names the notified people under a robot message, since "assigned to you" names nobody in a group', () => {
    const wecom = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'wecom', secret: null }, told, now).body).markdown.content;
    expect(wecom).toBe(`### 【接力】新线索分配给你\n杭州云栈数据科技 · A 级\n通知：王芳、李［强］\n[查看详情](${message.link})`);
    const dingtalk = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'dingtalk', secret: null }, told, now).body).markdown.text;
    expect(dingtalk).toContain('杭州云栈数据科技 · A 级\n\n通知：王芳、李［强］\n\n[查看详情]');
    const feishu = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'feishu', secret: null }, told, now).body).card.elements[0].text.content;
    expect(feishu).toBe('杭州云栈数据科技 · A 级\n通知：王芳、李[强]');
  });

  it('keeps the names when a long body is cut to WeCom’s limit', () => {
    const content = JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'wecom', secret: null }, { ...told, body: '线'.repeat(3000) }, now).body).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content).toContain('…\n通知：王芳、李［强］\n[查看详情]');
  });

  it('gives Baton JSON receivers the recipients by id and name, and robots no line when nobody was told', () => {
    expect(JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'json', secret: null }, told, now).body).recipients).toEqual(told.recipients);
    expect(JSON.parse(buildWebhookRequest({ url: 'https://x.test', format: 'wecom', secret: null }, message, now).body).markdown.content).not.toContain('通知：');
  });
});
