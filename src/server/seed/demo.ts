import type { AppDeps } from '../deps.js';
import { tenants } from '../modules/identity/identity.schema.js';
import { createDepartment, createUser, createWorkspace, loadUserActor, systemActor, type Actor } from '../modules/identity/index.js';
import { seedDemoLeads } from './demo-leads.js';
import { createAccount, createContact } from '../modules/accounts/index.js';
import { createRelationship } from '../modules/accounts/relationships.service.js';
import { createCustomField } from '../modules/custom-fields/custom-fields.service.js';
import { withCreditCheckChar } from '../../shared/normalize.js';

export const DEMO_PASSWORD = 'baton-demo-2026';
export const DEMO_SLUG = 'demo';

export const DEMO_LOGINS = [
  { email: 'admin@demo.baton.local', role: '系统管理员 admin' },
  { email: 'manager@demo.baton.local', role: '销售经理 sales manager' },
  { email: 'rep1@demo.baton.local', role: '销售代表 sales rep' },
  { email: 'rep2@demo.baton.local', role: '销售代表 sales rep' },
  { email: 'marketing@demo.baton.local', role: '市场运营 marketing' },
  { email: 'cs@demo.baton.local', role: '客户成功 customer success' },
];

type Owner = 'manager' | 'rep1' | 'rep2';
interface DemoAccount {
  name: string; region: string; industry: string; size: string; revenue: string | null; province: string; city: string; website?: string;
  level: string; segment: string; stage: string; source: string; owner: Owner; cs?: boolean; tags: string[]; needs?: string;
  contacts: [name: string, title: string, mobile: string, roles: string[], stance: string][];
}

const A: DemoAccount[] = [
  { name: '杭州云栈数据科技有限公司', region: '330106', industry: 'I', size: '100-499', revenue: '86000000', province: '浙江省', city: '杭州市', website: 'https://www.yunzhan-data.cn', level: 'A', segment: 'mid', stage: 'opportunity', source: 'website', owner: 'rep1', tags: ['高新技术企业'], needs: '销售线索分配混乱，希望统一线索池与跟进规则',
    contacts: [['周敏', 'CEO', '13957112345', ['decision_maker', 'signer'], 'support'], ['陈浩', '销售运营总监', '13858023456', ['evaluator', 'user'], 'support'], ['林雪', '财务总监', '13605714567', ['budget'], 'neutral']] },
  { name: '深圳市鼎捷智能制造股份有限公司', region: '440300', industry: 'C', size: '1000-4999', revenue: '1250000000', province: '广东省', city: '深圳市', website: 'https://www.dingjie-im.com', level: 'A', segment: 'KA', stage: 'customer', source: 'referral', owner: 'manager', cs: true, tags: ['上市公司', '专精特新'], needs: '经销商与直销团队的客户归属冲突（撞单）',
    contacts: [['黄志强', '副总裁', '13802511234', ['decision_maker'], 'support'], ['刘洋', 'IT 经理', '13923452345', ['evaluator'], 'neutral'], ['吴静', '采购经理', '13714563456', ['signer'], 'oppose']] },
  { name: '北京华信医疗器械有限公司', region: '110108', industry: 'saas:healthcare', size: '500-999', revenue: '430000000', province: '北京市', city: '北京市', website: 'https://www.huaxin-med.com.cn', level: 'B', segment: 'KA', stage: 'engaged', source: 'event', owner: 'rep2', tags: ['外资'],
    contacts: [['赵磊', '市场总监', '13911023456', ['evaluator'], 'support'], ['孙丽', '销售总监', '13601134567', ['user'], 'neutral']] },
  { name: '上海启明星河物流供应链管理有限公司', region: '310115', industry: 'saas:logistics', size: '100-499', revenue: '210000000', province: '上海市', city: '上海市', level: 'B', segment: 'mid', stage: 'prospect', source: 'content', owner: 'rep1', tags: [],
    contacts: [['郑伟', '运营总监', '13816745678', ['user', 'evaluator'], 'neutral']] },
  { name: '成都博远教育科技有限公司', region: '510107', industry: 'saas:edtech', size: '50-99', revenue: '32000000', province: '四川省', city: '成都市', website: 'https://www.boyuan-edu.cn', level: 'C', segment: 'SMB', stage: 'prospect', source: 'trial', owner: 'rep2', tags: [],
    contacts: [['王芳', '校长助理', '13982156789', ['user'], 'support']] },
  { name: '苏州睿达新材料股份有限公司', region: '320505', industry: 'C', size: '500-999', revenue: '680000000', province: '江苏省', city: '苏州市', website: 'https://www.ruida-nm.com', level: 'A', segment: 'KA', stage: 'customer', source: 'outbound', owner: 'rep1', cs: true, tags: ['高新技术企业', '续约风险'], needs: '续约前需要看到各事业部的使用情况',
    contacts: [['杨帆', '信息化部部长', '13962167890', ['evaluator', 'decision_maker'], 'support'], ['许诺', '人力资源经理', '13771278901', ['user'], 'neutral']] },
  { name: '广州数联电子商务有限公司', region: '440106', industry: 'saas:ecommerce', size: '100-499', revenue: '150000000', province: '广东省', city: '广州市', website: 'https://www.shulian-ec.com', level: 'B', segment: 'mid', stage: 'engaged', source: 'sem', owner: 'rep2', tags: [],
    contacts: [['何静', '电商运营总监', '13826089012', ['user', 'budget'], 'support']] },
  { name: '武汉长江汽车零部件有限公司', region: '420106', industry: 'saas:automotive', size: '1000-4999', revenue: '2100000000', province: '湖北省', city: '武汉市', level: 'A', segment: 'KA', stage: 'opportunity', source: 'partner', owner: 'manager', tags: ['国企'],
    contacts: [['马俊', '总经理', '13907190123', ['decision_maker'], 'neutral'], ['罗琳', '采购部主管', '13871201234', ['signer', 'budget'], 'support']] },
  { name: '南京紫金软件有限公司', region: '320104', industry: 'saas:enterprise-software', size: '50-99', revenue: '18000000', province: '江苏省', city: '南京市', website: 'https://www.zijin-soft.cn', level: 'C', segment: 'SMB', stage: 'churned', source: 'website', owner: 'rep1', tags: [],
    contacts: [['高翔', 'CTO', '13951712345', ['evaluator', 'decision_maker'], 'oppose']] },
  { name: '西安秦岭环保科技有限公司', region: '610113', industry: 'N', size: '100-499', revenue: null, province: '陕西省', city: '西安市', level: 'C', segment: 'mid', stage: 'prospect', source: 'event', owner: 'rep2', tags: ['专精特新'],
    contacts: [['宋佳', '总经理助理', '13991823456', ['user'], 'neutral']] },
];

/** Seeds the demo workspace on first start: six people in a small company, ten customers with their buying committees. */
export async function seedDemo(deps: AppDeps): Promise<boolean> {
  const existing = await deps.db.select({ id: tenants.tenantId }).from(tenants).limit(1);
  if (existing.length) return false;
  const ws = await createWorkspace(deps.db, { slug: DEMO_SLUG, name: '接力演示科技', admin: { email: 'admin@demo.baton.local', name: '林总（管理员）', password: DEMO_PASSWORD } });
  const sys: Actor = systemActor(ws.tenantId, '演示数据');
  const sales = await createDepartment(deps, sys, { name: '销售部', parentId: ws.rootDepartmentId });
  const east = await createDepartment(deps, sys, { name: '华东销售组', parentId: sales.id });
  const mkt = await createDepartment(deps, sys, { name: '市场部', parentId: ws.rootDepartmentId });
  const csDept = await createDepartment(deps, sys, { name: '客户成功部', parentId: ws.rootDepartmentId });
  const user = (email: string, name: string, role: string, departmentId: string, managerId?: string) =>
    createUser(deps, sys, { email, name, password: DEMO_PASSWORD, roleId: ws.roleIds[role], departmentId, managerId, locale: 'zh-CN' });
  const manager = await user('manager@demo.baton.local', '张伟（销售经理）', 'sales_manager', sales.id);
  const rep1 = await user('rep1@demo.baton.local', '李娜', 'sales_rep', east.id, manager.id);
  const rep2 = await user('rep2@demo.baton.local', '王强', 'sales_rep', east.id, manager.id);
  const marketing = await user('marketing@demo.baton.local', '陈晓（市场）', 'marketing', mkt.id);
  const cs = await user('cs@demo.baton.local', '刘洁（客户成功）', 'customer_success', csDept.id);
  const owners = { manager: manager.id, rep1: rep1.id, rep2: rep2.id };

  await createCustomField(deps, sys, { entity: 'account', key: 'erp_system', label: '现用 ERP', labelEn: 'Current ERP', type: 'select', options: ['用友', '金蝶', 'SAP', 'Oracle', '自研'], isRequired: false, position: 1 });
  await createCustomField(deps, sys, { entity: 'account', key: 'contract_end', label: '现有合同到期日', labelEn: 'Current contract ends', type: 'date', options: [], isRequired: false, position: 2 });

  let serial = 0;
  for (const a of A) {
    serial += 1;
    const account = await createAccount(deps, sys, {
      name: a.name, creditCode: withCreditCheckChar(`91${a.region}MA${String(serial).padStart(7, '0')}`), industry: a.industry,
      employeeSize: a.size, annualRevenue: a.revenue, province: a.province, city: a.city, website: a.website ?? null, level: a.level,
      segment: a.segment, lifecycleStage: a.stage, source: a.source, ownerId: owners[a.owner], csOwnerId: a.cs ? cs.id : null,
      tags: a.tags, needs: a.needs ?? null, custom: serial % 3 === 0 ? { erp_system: '金蝶' } : {}, allowSimilar: true,
    });
    let first = true;
    for (const [name, title, mobile, buyingRoles, stance] of a.contacts) {
      const contact = await createContact(deps, sys, { accountId: account.id, name, title, mobile, buyingRoles, stance, isPrimary: first, custom: {} });
      if (first) await createRelationship(deps, sys, { userId: owners[a.owner], contactId: contact.id, strength: 3 });
      first = false;
    }
  }
  const actor = (id: string) => loadUserActor(deps.db, ws.tenantId, id);
  await seedDemoLeads(deps, {
    sys, admin: await actor(ws.adminId), manager: await actor(manager.id), rep1: await actor(rep1.id), rep2: await actor(rep2.id), marketing: await actor(marketing.id),
  });
  return true;
}
