// Demo lead operations: a pool, routing rules, the signed BANT standard, a public form and eight weeks of leads,
// entered through the same services users call, with the clock set back so the reports have history.
import type { AppDeps } from '../deps.js';
import type { Actor } from '../modules/identity/index.js';
import { CreateLeadInput } from '../../shared/lead-contracts.js';
import { captureLeads } from '../modules/leads/capture.service.js';
import { createLeadForm } from '../modules/leads/forms.service.js';
import { createPool, replacePoolMembers } from '../modules/leads/pools.service.js';
import { createRoutingRule } from '../modules/leads/routing-rules.service.js';
import { createSqlStandard, DEFAULT_SQL_ITEMS, signSqlStandard } from '../modules/leads/sql-standards.service.js';
import { logFollowUp } from '../modules/leads/follow-ups.service.js';
import { handOverLead, acceptLead, rejectLead } from '../modules/leads/qualify.service.js';
import { recordTouches } from '../modules/leads/touches.service.js';
import { DAY_MS } from '../modules/leads/leads.text.js';
import { getLead } from '../modules/leads/leads.service.js';
import { runSlaSweep } from '../modules/leads/sla.job.js';

export interface DemoPeople { sys: Actor; admin: Actor; manager: Actor; rep1: Actor; rep2: Actor; marketing: Actor }

type Row = [name: string, company: string, title: string, mobile: string, source: string, channel: string, industry: string, size: string, province: string, daysAgo: number];

const LEADS: Row[] = [
  ['许文博', '宁波甬江精密机械有限公司', '总经理', '13805741001', 'demo_request', '官网', 'C', '500-999', '浙江省', 52],
  ['蒋丽华', '合肥科大讯云信息技术有限公司', 'CIO', '13805511002', 'trial', '官网', 'I', '100-499', '安徽省', 49],
  ['韩冰', '厦门海沧物流集团有限公司', '运营经理', '13805921003', 'content_download', '公众号', 'saas:logistics', '1000-4999', '福建省', 45],
  ['冯超', '佛山顺德家电科技有限公司', 'IT总监', '13805751004', 'event_signup', '展会', 'C', '1000-4999', '广东省', 41],
  ['曹雪', '长沙星城教育科技有限公司', '校长', '13807311005', 'consultation', '百度SEM', 'saas:edtech', '50-99', '湖南省', 38],
  ['彭涛', '青岛海湾化工有限公司', '信息中心主任', '13805321006', 'giveaway', '公众号', 'C', '500-999', '山东省', 34],
  ['曾敏', '东莞松山湖电子有限公司', '采购经理', '13805761007', 'demo_request', '百度SEM', 'C', '100-499', '广东省', 30],
  ['袁野', '天津滨海新能源有限公司', '副总经理', '13802201008', 'referral', '客户转介绍', 'D', '500-999', '天津市', 27],
  ['邓佳', '重庆两江汽车配件有限公司', '销售总监', '13808231009', 'content_download', '知乎', 'saas:automotive', '100-499', '重庆市', 24],
  ['谢晨', '郑州中原冷链物流有限公司', '运营总监', '13803711010', 'event_signup', '行业峰会', 'saas:logistics', '100-499', '河南省', 20],
  ['沈一帆', '无锡太湖智能装备有限公司', 'CTO', '13805101011', 'trial', '官网', 'C', '500-999', '江苏省', 17],
  ['杜娟', '昆明滇池生物科技有限公司', '市场经理', '13808711012', 'giveaway', '抖音', 'M', '50-99', '云南省', 14],
  ['汪洋', '济南泉城软件有限公司', '总经理', '13805311013', 'consultation', '官网', 'saas:enterprise-software', '100-499', '山东省', 11],
  ['田甜', '南昌赣江医药有限公司', '信息部经理', '13807911014', 'content_download', '公众号', 'saas:healthcare', '500-999', '江西省', 8],
  ['任杰', '杭州钱塘跨境电商有限公司', 'CEO', '13805711015', 'demo_request', '百度SEM', 'saas:ecommerce', '100-499', '浙江省', 5],
  ['姚瑶', '深圳南山云计算有限公司', 'IT经理', '13805551016', 'event_signup', '展会', 'I', '1000-4999', '广东省', 3],
  ['卢鹏', '沈阳铁西重工有限公司', '设备部长', '13802401017', 'content_download', '知乎', 'C', '1000-4999', '辽宁省', 2],
  ['金晶', '上海浦东金融信息服务有限公司', '运营总监', '13801611018', 'trial', '官网', 'J', '100-499', '上海市', 1],
];

const at = (deps: AppDeps, daysAgo: number): AppDeps => {
  const when = new Date(deps.clock.now().getTime() - daysAgo * DAY_MS);
  return { ...deps, clock: { now: () => when } };
};

/**
 * The SLA sweep as the running server would have done it at that moment, so a lead followed up late was warned
 * about and escalated to the manager in the demo's notifications, as it would have been.
 */
const sweepSla = (deps: AppDeps, tenantId: string) =>
  runSlaSweep({ deps, tenantId, checkpoint: null, saveCheckpoint: async () => {} });

/** Seeds the lead side of the demo workspace. */
export async function seedDemoLeads(deps: AppDeps, p: DemoPeople) {
  const pool = await createPool(deps, p.sys, { name: '公共线索池', description: '未分配或被收回的线索，团队成员可按规则领取', isDefault: true });
  await replacePoolMembers(deps, p.sys, pool.id, { members: [
    { userId: p.manager.userId, role: 'admin' }, { userId: p.rep1.userId, role: 'member' }, { userId: p.rep2.userId, role: 'member' },
  ] });
  await createRoutingRule(deps, p.sys, {
    name: '华东、华南主动线索 → 华东销售组轮询', nameEn: 'East & South inbound → East team round-robin', isEnabled: true,
    conditions: [{ field: 'region', in: ['华东', '华南'] }, { field: 'sourceType', in: ['active'] }],
    target: { kind: 'team', repIds: [p.rep1.userId, p.rep2.userId], strategy: 'round_robin', overflowPoolId: pool.id },
  });
  await createRoutingRule(deps, p.sys, {
    name: 'A/B 级线索 → 经理分派团队', nameEn: 'Tier A/B → the whole team, least loaded', isEnabled: true,
    conditions: [{ field: 'tier', in: ['A', 'B'] }],
    target: { kind: 'team', repIds: [p.rep1.userId, p.rep2.userId, p.manager.userId], strategy: 'least_loaded', overflowPoolId: pool.id },
  });
  await createRoutingRule(deps, p.sys, { name: '其余线索 → 公共线索池', nameEn: 'Everything else → the shared pool', isEnabled: true, conditions: [], target: { kind: 'pool', poolId: pool.id } });

  const standard = await createSqlStandard(at(deps, 60), p.marketing, { name: 'BANT 标准', items: DEFAULT_SQL_ITEMS, minChecked: 4 });
  await signSqlStandard(at(deps, 60), p.marketing, standard.id, 'marketing');
  await signSqlStandard(at(deps, 59), p.manager, standard.id, 'sales');

  await createLeadForm(deps, p.marketing, { name: '官网 · 预约产品演示', title: '预约接力产品演示', source: 'demo_request', channel: '官网', fields: ['company', 'title', 'mobile', 'email', 'industry', 'employeeSize', 'province'], successMessage: '感谢预约，我们的顾问会在 24 小时内联系您。' });

  const bant = Object.fromEntries(DEFAULT_SQL_ITEMS.map((i) => [i.key, { checked: true }]));
  for (const [i, [name, company, title, mobile, source, channel, industry, size, province, daysAgo]] of LEADS.entries()) {
    const then = at(deps, daysAgo);
    await sweepSla(then, p.sys.tenantId);
    const input = CreateLeadInput.parse({ name, company, title, mobile, source, channel, industry, employeeSize: size, province, utm: channel === '百度SEM' ? { source: 'baidu', medium: 'cpc' } : {} });
    const [outcome] = await captureLeads(then, p.marketing, [input], { method: i % 3 === 0 ? 'form' : 'manual' });
    if (outcome.outcome !== 'created') continue;
    const owner = [p.rep1, p.rep2, p.manager].find((a) => a.userId === outcome.ownerId);
    if (i % 2 === 0) {
      await recordTouches(at(deps, Math.max(0, daysAgo - 1)), p.sys, [
        { eventId: `demo-${i}-visit`, type: 'pricing_page_visit', occurredAt: new Date(then.clock.now().getTime() + DAY_MS / 2).toISOString(), leadId: outcome.id },
        { eventId: `demo-${i}-webinar`, type: 'webinar_watched', label: '观看直播《销售线索分层实践》', occurredAt: new Date(then.clock.now().getTime() + DAY_MS).toISOString(), leadId: outcome.id },
      ]);
    }
    if (!owner || daysAgo < 4) continue;
    const followUpDay = at(deps, daysAgo - (i % 4 === 0 ? 2 : 0.3));
    await sweepSla(followUpDay, p.sys.tenantId);
    await logFollowUp(followUpDay, owner, outcome.id, { method: i % 2 ? 'call' : 'wechat', content: '首次电话沟通，了解现有流程与痛点，约定演示时间', isValid: true });
    if (daysAgo < 10 || i % 3 === 2) continue;
    const handed = await handOverLead(at(deps, daysAgo - 3), p.marketing, outcome.id, { checklist: bant, version: await versionOf(deps, owner, outcome.id) });
    if (i % 4 === 1) await rejectLead(at(deps, daysAgo - 4), owner, outcome.id, { reason: i % 8 === 1 ? 'no_budget' : 'timeline_far', note: null, version: handed.version });
    else {
      const accepted = await acceptLead(at(deps, daysAgo - 4), owner, outcome.id, { version: handed.version });
      // Reps keep working the SQLs they accepted; without a recent follow-up the recycle rule would take them back.
      await logFollowUp(at(deps, 1), owner, accepted.id, { method: 'visit', content: '上门拜访，确认需求范围、预算与采购时间表', isValid: true, nextStep: '下周提交方案' });
    }
  }
  await sweepSla(deps, p.sys.tenantId);
}

async function versionOf(deps: AppDeps, actor: Actor, id: string) {
  return (await getLead(deps, actor, id)).version;
}
