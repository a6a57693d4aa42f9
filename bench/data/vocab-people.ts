// People: surnames, given-name characters (each with the pinyin that emails are built from), and the
// job titles B2B contacts hold, each with the buying roles it usually plays.
import type { Weighted } from './random.js';

export interface Syllable { char: string; ascii: string }

/** "王wang 李li" → [{ char: '王', ascii: 'wang' }, …]; the first code point is the character. */
export function syllables(spec: string): Syllable[] {
  return spec.trim().split(/\s+/).map((token) => ({ char: token[0], ascii: token.slice(1) }));
}

// The 100 commonest surnames with their share of the population in per mille (公安部 2020 户籍 figures,
// rounded); together they cover about 85% of people.
const SURNAME_SPEC = `
王wang:71 李li:69 张zhang:66 刘liu:54 陈chen:46 杨yang:31 黄huang:22 赵zhao:20 吴wu:20 周zhou:19
徐xu:14 孙sun:13 马ma:12 朱zhu:11 胡hu:11 郭guo:10 何he:10 林lin:9.4 高gao:9.3 罗luo:9
郑zheng:8 梁liang:7.5 谢xie:6.4 宋song:6 唐tang:6 许xu:5.7 韩han:5.4 邓deng:5.3 冯feng:5.2 曹cao:5
彭peng:5 曾zeng:4.6 肖xiao:4.5 田tian:4.4 董dong:4.3 潘pan:4.2 袁yuan:4.1 蔡cai:3.8 蒋jiang:3.8 余yu:3.7
于yu:3.7 杜du:3.6 叶ye:3.5 程cheng:3.4 魏wei:3.3 苏su:3.3 吕lv:3.3 丁ding:3.2 任ren:3.2 卢lu:3
姚yao:3 沈shen:3 钟zhong:2.9 姜jiang:2.8 崔cui:2.8 谭tan:2.7 陆lu:2.7 范fan:2.6 汪wang:2.6 廖liao:2.6
石shi:2.5 金jin:2.5 韦wei:2.4 贾jia:2.4 夏xia:2.3 付fu:2.3 方fang:2.2 邹zou:2.2 熊xiong:2.2 白bai:2.1
孟meng:2.1 秦qin:2.1 邱qiu:2 侯hou:2 江jiang:2 尹yin:1.9 薛xue:1.9 闫yan:1.9 段duan:1.8 雷lei:1.8
龙long:1.7 黎li:1.7 史shi:1.7 陶tao:1.6 贺he:1.6 毛mao:1.5 郝hao:1.5 顾gu:1.5 龚gong:1.5 邵shao:1.4
万wan:1.4 覃qin:1.4 武wu:1.4 钱qian:1.3 戴dai:1.3 严yan:1.3 莫mo:1.3 孔kong:1.2 向xiang:1.2 常chang:1.2`;

export const SURNAMES: Weighted<Syllable> = SURNAME_SPEC.trim().split(/\s+/).map((token) => {
  const [syllable, weight] = token.split(':');
  return [{ char: syllable[0], ascii: syllable.slice(1) }, Number(weight)] as const;
});

/** About 200 characters common in given names; a name takes one or two of them. */
export const GIVEN_CHARS = syllables(`
伟wei 芳fang 娜na 秀xiu 英ying 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan
涛tao 明ming 超chao 霞xia 平ping 刚gang 桂gui 华hua 建jian 国guo 文wen 辉hui 鹏peng 玲ling 萍ping 红hong
燕yan 云yun 飞fei 鑫xin 波bo 斌bin 宇yu 浩hao 凯kai 健jian 俊jun 帆fan 帅shuai 旭xu 宁ning 龙long
林lin 欢huan 佳jia 阳yang 丹dan 亮liang 成cheng 婷ting 雪xue 琳lin 晨chen 颖ying 倩qian 慧hui 博bo 悦yue
峰feng 蕾lei 婧jing 琪qi 瑶yao 璐lu 晶jing 薇wei 梅mei 莉li 兰lan 凤feng 洁jie 琴qin 嘉jia
一yi 子zi 梓zi 涵han 轩xuan 睿rui 泽ze 铭ming 诗shi 雨yu 欣xin 怡yi 可ke 萱xuan 思si 语yu
昊hao 天tian 皓hao 然ran 宏hong 志zhi 永yong 海hai 清qing 春chun 秋qiu 冬dong 东dong 晓xiao 小xiao 振zhen
伦lun 德de 立li 新xin 安an 中zhong 光guang 远yuan 家jia 庆qing 荣rong 贵gui 福fu 生sheng 祥xiang 瑞rui
雅ya 婉wan 淑shu 惠hui 珊shan 莹ying 露lu 月yue 媛yuan 妍yan 茜qian 菲fei 蓉rong 岚lan 彤tong 玥yue
鸿hong 锋feng 毅yi 坤kun 豪hao 威wei 宾bin 彬bin 杨yang 翔xiang 旺wang 鹤he 松song 柏bai 山shan 川chuan
君jun 玉yu 金jin 珍zhen 花hua 香xiang 翠cui 凡fan 航hang 源yuan 腾teng 峥zheng 骏jun
晗han 昕xin 曦xi 彦yan 哲zhe 逸yi 恒heng 景jing 卓zhuo 弘hong 朗lang 煜yu 晟sheng 奕yi 舒shu 畅chang
楠nan 琦qi 桐tong 竹zhu 蔚wei 颂song 达da 益yi 耀yao 炜wei 喆zhe 韬tao 谦qian 程cheng 正zheng 学xue`);

type Role = 'decision_maker' | 'budget' | 'evaluator' | 'user' | 'signer';

export interface JobTitle { title: string; department: string; roles: readonly Role[] }

const title = (t: string, department: string, roles: Role[], weight: number) =>
  [{ title: t, department, roles }, weight] as const;

/** Weighted by how often each appears among the contacts a B2B vendor meets. */
export const JOB_TITLES: Weighted<JobTitle> = [
  title('总经理', '总经办', ['decision_maker', 'signer'], 5),
  title('CEO', '总经办', ['decision_maker', 'signer'], 2),
  title('董事长', '董事会', ['decision_maker', 'signer'], 1),
  title('副总经理', '总经办', ['decision_maker'], 3),
  title('总经理助理', '总经办', ['evaluator'], 2),
  title('CTO', '技术部', ['decision_maker', 'evaluator'], 2),
  title('技术总监', '技术部', ['decision_maker', 'evaluator'], 3),
  title('CIO', '信息中心', ['decision_maker', 'evaluator'], 1),
  title('信息化总监', '信息中心', ['decision_maker', 'evaluator'], 2),
  title('IT 经理', '信息中心', ['evaluator'], 5),
  title('系统管理员', '信息中心', ['user', 'evaluator'], 2),
  title('研发经理', '研发中心', ['evaluator'], 2),
  title('数字化转型负责人', '数字化中心', ['decision_maker', 'evaluator'], 1),
  title('CFO', '财务部', ['budget', 'signer'], 1),
  title('财务总监', '财务部', ['budget', 'signer'], 3),
  title('财务经理', '财务部', ['budget'], 3),
  title('采购总监', '采购部', ['budget', 'signer'], 2),
  title('采购经理', '采购部', ['evaluator', 'signer'], 5),
  title('采购专员', '采购部', ['evaluator'], 3),
  title('法务经理', '法务部', ['signer'], 1),
  title('销售总监', '销售部', ['decision_maker', 'user'], 4),
  title('销售经理', '销售部', ['user'], 6),
  title('大客户经理', '销售部', ['user'], 3),
  title('销售运营经理', '销售运营部', ['evaluator', 'user'], 2),
  title('运营总监', '运营部', ['decision_maker'], 3),
  title('运营经理', '运营部', ['user'], 4),
  title('市场总监', '市场部', ['decision_maker', 'budget'], 2),
  title('市场经理', '市场部', ['user', 'evaluator'], 4),
  title('人力资源总监', '人力资源部', ['decision_maker'], 1),
  title('人力资源经理', '人力资源部', ['user'], 3),
  title('产品经理', '产品部', ['evaluator', 'user'], 4),
  title('项目经理', '项目部', ['evaluator', 'user'], 4),
  title('客服经理', '客户服务部', ['user'], 2),
  title('行政经理', '行政部', ['user'], 2),
];

/** Free mail providers, weighted by how often a business card carries them. */
export const FREE_MAIL_DOMAINS: Weighted<string> = [['qq.com', 6], ['163.com', 3], ['126.com', 1]];
