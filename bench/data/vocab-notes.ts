// Short free-text notes and needs, as sales reps write them. Each is built from two or three parts so a
// few dozen phrases give thousands of distinct sentences.
import type { Rng } from './random.js';

const NOTE_OPENERS = [
  '{m}月行业展会上认识，', '官网留资后电话回访，', '老客户{surname}总转介绍，', '渠道伙伴带来的客户，', '参加了{m}月的线上直播，',
  '下载过我们的白皮书，', '上季度已做过一次产品演示，', '陌拜后加了企业微信，', '对方主动来电咨询，', '去年有过接触但没有推进，',
  '在{city}的客户沙龙上交流过，', '年初电话沟通过一次，',
];

const NOTE_DETAILS = [
  '目前在用 Excel 管理客户，希望尽快上线系统。', '正在评估三家供应商，预计下季度启动采购。', '对方 IT 负责人更关注数据安全和私有化部署。',
  '预算已经申请，年底前要完成选型。', '老板很重视销售过程管理，但一线销售抵触填报。', '现有系统是自研的，维护成本高，考虑替换。',
  '决策链较长，需要集团信息中心审批。', '对价格比较敏感，希望按年付费并有折扣。', '需要先做两周试用再决定。',
  '销售团队约{n}人，分布在{k}个城市。', '希望和现有 ERP 打通，避免重复录入。', '之前用过国外产品，觉得本地化不够。',
  '采购流程走招投标，需要准备资质文件。', '对接人近期调岗，需要重新梳理关系。', '明年有新业务线上线，届时会扩容。',
  '客户成功团队刚组建，想把续约管起来。', '对方财务要求对公转账并开具专票。', '约了下周二上门拜访，带售前一起。',
];

const NEEDS = [
  '线索统一收集和自动分配', '公海池回收规则', '销售过程和跟进记录管理', '商机阶段和赢率预测', '合同与回款跟踪',
  '与企业微信打通', '与钉钉打通', '和 ERP 同步订单', '移动端拜访签到', '报价单审批流', '多组织架构和分级数据权限',
  '客户查重，避免撞单', '续约提醒和客户健康度', '市场活动 ROI 分析', '销售业绩看板', '私有化部署', '数据导入导出',
  '开放 API 对接自有系统', '工单和售后服务', '渠道伙伴报备',
];

const SURNAMES_FOR_NOTES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const CITIES_FOR_NOTES = ['北京', '上海', '深圳', '杭州', '广州', '成都', '南京', '武汉'];

function fill(rng: Rng, template: string): string {
  return template
    .replace('{m}', String(rng.int(1, 12)))
    .replace('{n}', String(rng.int(2, 60) * 5))
    .replace('{k}', String(rng.int(2, 12)))
    .replace('{surname}', rng.pick(SURNAMES_FOR_NOTES))
    .replace('{city}', rng.pick(CITIES_FOR_NOTES));
}

/** 官网留资后电话回访，对价格比较敏感，希望按年付费并有折扣。 */
export function writeNote(rng: Rng): string {
  return fill(rng, rng.pick(NOTE_OPENERS)) + fill(rng, rng.pick(NOTE_DETAILS));
}

/** 需要：与企业微信打通；合同与回款跟踪。 */
export function writeNeeds(rng: Rng): string {
  return `需要：${rng.sample(NEEDS, rng.int(1, 3)).join('；')}。`;
}
