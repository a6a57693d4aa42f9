// Vocabulary for generated Chinese B2B companies. Keys match src/shared/dictionaries.ts; weights are
// judgement calls meant to look like a SaaS vendor's CRM, not census figures.
import type { Weighted } from './random.js';
import { syllables } from './vocab-people.js';

export * from './vocab-places.js';
export * from './vocab-people.js';

// 字号 (brand) = one first character × one second character. The two lists are disjoint, so no brand
// doubles a character, and within each list every pinyin is distinct and every second syllable starts
// with a consonant, so brand pinyin (the web domain) is as unique as the brand itself.
export const BRAND_FIRST = syllables(`
云yun 华hua 鼎ding 数shu 启qi 星xing 博bo 睿rui 中zhong 天tian 恒heng 泰tai 宏hong 金jin 盛sheng 新xin
嘉jia 汇hui 东dong 正zheng 德de 永yong 隆long 光guang 科ke 创chuang 智zhi 伟wei 万wan 亿yi 通tong 国guo
宇yu 航hang 聚ju 优you 卓zhuo 腾teng 飞fei 凯kai 顺shun 和he 晨chen 旭xu 浩hao 朗lang 骏jun 瀚han
鹏peng 耀yao 乐le 思si 美mei 方fang 丰feng 宝bao 诚cheng 立li 纳na 普pu 迈mai 赛sai 融rong 尚shang
蓝lan 青qing 凌ling 品pin 泽ze 墨mo 九jiu 百bai 千qian 北bei 南nan 神shen 世shi 沃wo 协xie 共gong
赢ying 极ji 量liang 硕shuo 酷ku 快kuai 彩cai`);

export const BRAND_SECOND = syllables(`
栈zhan 信xin 捷jie 联lian 明ming 河he 远yuan 达da 峰feng 辉hui 晟sheng 图tu 维wei 视shi 讯xun 驰chi
诺nuo 帆fan 力li 拓tuo 邦bang 森sen 宸chen 成cheng 迪di 特te 康kang 瑞rui 格ge 豪hao 峻jun 驿yi
盈ying 众zhong 奇qi 软ruan 策ce 泓hong 悦yue 鲲kun 桥qiao 谷gu 舟zhou 川chuan 湃pai 擎qing 冠guan 瓴ling
杉shan 涵han 道dao 焱yan 燃ran 帜zhi 禧xi 翔xiang 亚ya 柏bai 荣rong 曜yao 铂bo 斯si 克ke 泉quan
桦hua 麟lin 朔shuo 铠kai 沛pei 霆ting 浦pu 匠jiang 文wen 岚lan 潮chao 臻zhen 珑long 璟jing 轩xuan 麦mai
能neng 莱lai 伦lun 驭yu`);

/** Brands that are, or read as, a famous company; they are left out of the brand space. */
export const FAMOUS_BRANDS = new Set([
  '腾讯', '中信', '国信', '华联', '百联', '世联', '光明', '东软', '中软', '泰康', '永辉', '德邦', '立讯', '汇川', '天河', '华能', '国能',
]);

/** 行业 word in a company name: its ASCII for web domains, weight, and the industry keys it implies. */
export interface IndustryWord { word: string; ascii: string; industries: Weighted<string> }

const word = (w: string, ascii: string, weight: number, industries: string) =>
  [{ word: w, ascii, industries: industries.split(' ').map((p) => {
    const [key, share] = p.split('=');
    return [key, Number(share ?? 1)] as const;
  }) }, weight] as const;

// Many tech variants with moderate weights rather than one heavy 科技: it is how real names read, and
// it keeps the (city × brand × word) name space large enough for millions of unique names.
export const INDUSTRY_WORDS: Weighted<IndustryWord> = [
  word('科技', 'tech', 4, 'I=4 M=2 saas:internet=2 saas:enterprise-software=2 C=1'),
  word('信息科技', 'infotech', 4, 'I=5 saas:enterprise-software=3 saas:internet=1'),
  word('网络科技', 'net', 4, 'I=4 saas:internet=4'),
  word('信息技术', 'it', 4, 'I=6 saas:enterprise-software=3'),
  word('软件', 'soft', 3, 'I=5 saas:enterprise-software=4'),
  word('软件技术', 'softtech', 2, 'I=5 saas:enterprise-software=3'),
  word('网络技术', 'nettech', 2, 'I=5 saas:internet=3'),
  word('数字科技', 'digital', 3, 'I=4 saas:enterprise-software=2 saas:fintech=1'),
  word('智能科技', 'ai', 3, 'I=3 C=2 saas:smart-manufacturing=2'),
  word('电子科技', 'etech', 3, 'C=4 I=2'),
  word('数据科技', 'data', 2, 'I=5 saas:enterprise-software=2'),
  word('云计算', 'cloud', 1.5, 'I=5 saas:enterprise-software=3'),
  word('计算机系统', 'computer', 1, 'I=6 F=1'),
  word('互联网科技', 'internet', 1.5, 'saas:internet=5 I=3'),
  word('信息服务', 'infoservice', 1, 'I=5 L=1'),
  word('系统集成', 'si', 1, 'I=6'),
  word('技术服务', 'techservice', 1.5, 'M=4 I=3'),
  word('智能制造', 'im', 2, 'C=4 saas:smart-manufacturing=5'),
  word('电子', 'elec', 2.5, 'C=6 F=1'),
  word('机械设备', 'machinery', 2, 'C=6 F=1'),
  word('自动化设备', 'automation', 1.5, 'C=4 saas:smart-manufacturing=3'),
  word('新材料', 'material', 1.5, 'C=5 M=2'),
  word('精密制造', 'precision', 1, 'C=5 saas:smart-manufacturing=2'),
  word('精密机械', 'precmech', 1, 'C=6'),
  word('电气', 'electric', 1.5, 'C=5 D=1'),
  word('仪器仪表', 'instrument', 1, 'C=5 M=1'),
  word('光电科技', 'opto', 1.5, 'C=5 M=1'),
  word('半导体', 'semi', 1, 'C=5 saas:smart-manufacturing=1'),
  word('包装', 'pack', 1, 'C=6'),
  word('塑胶制品', 'plastics', 1, 'C=6'),
  word('五金制品', 'hardware', 1, 'C=5 F=1'),
  word('纺织', 'textile', 1, 'C=6'),
  word('化工', 'chem', 1.5, 'C=5 F=1'),
  word('新能源科技', 'newenergy', 2, 'C=3 D=2 saas:automotive=1'),
  word('医疗器械', 'medical', 2, 'C=3 saas:healthcare=4 F=1'),
  word('生物科技', 'bio', 2, 'M=4 saas:healthcare=3 C=1'),
  word('医药', 'pharma', 1.5, 'C=3 F=2 saas:healthcare=3'),
  word('医疗科技', 'medtech', 1, 'saas:healthcare=5 M=1'),
  word('健康管理', 'health', 1, 'Q=4 saas:healthcare=2'),
  word('物流', 'logistics', 2, 'G=5 saas:logistics=4'),
  word('供应链管理', 'scm', 2, 'saas:logistics=4 L=3 F=2'),
  word('国际货运代理', 'freight', 1, 'G=5 saas:logistics=2'),
  word('仓储服务', 'warehouse', 0.8, 'G=6'),
  word('电子商务', 'ec', 2.5, 'saas:ecommerce=5 F=3'),
  word('贸易', 'trading', 3, 'F=8'),
  word('商贸', 'commerce', 2.5, 'F=8'),
  word('进出口', 'impex', 1.5, 'F=8'),
  word('实业', 'industry', 2, 'C=4 F=2'),
  word('教育科技', 'edu', 1.5, 'saas:edtech=5 P=3'),
  word('教育咨询', 'educonsult', 1, 'P=5 saas:edtech=2'),
  word('文化传媒', 'media', 1.5, 'R=4 L=2'),
  word('广告', 'ad', 1, 'L=6'),
  word('企业管理咨询', 'consulting', 2, 'L=8'),
  word('企业管理', 'mgmt', 1.5, 'L=8'),
  word('人力资源', 'hr', 1.2, 'L=7'),
  word('会展服务', 'expo', 0.6, 'L=7'),
  word('知识产权代理', 'ipr', 0.5, 'L=4 M=3'),
  word('汽车零部件', 'autoparts', 1.5, 'C=5 saas:automotive=4'),
  word('汽车服务', 'autoservice', 0.8, 'saas:automotive=3 O=2 F=2'),
  word('建设工程', 'build', 2, 'E=8'),
  word('建筑装饰工程', 'deco', 1, 'E=7'),
  word('工程技术', 'engineering', 1, 'E=4 M=3'),
  word('环保科技', 'eco', 1.5, 'N=5 M=2'),
  word('环境工程', 'enviro', 0.8, 'N=6 E=1'),
  word('食品', 'food', 1.5, 'C=5 F=3'),
  word('餐饮管理', 'catering', 1, 'H=8'),
  word('酒店管理', 'hotel', 0.6, 'H=8'),
  word('农业科技', 'agri', 1, 'A=6 M=2'),
  word('农业发展', 'agridev', 0.6, 'A=8'),
  word('能源', 'energy', 1, 'D=5 B=1'),
  word('电力工程', 'power', 0.8, 'D=5 E=3'),
  word('矿业', 'mining', 0.4, 'B=8'),
  word('金融信息服务', 'fintech', 0.8, 'saas:fintech=5 J=3 I=1'),
  word('融资租赁', 'leasing', 0.4, 'J=4 L=4'),
  word('投资管理', 'invest', 0.5, 'J=6 L=2'),
  word('置业', 'realty', 0.8, 'K=8'),
  word('物业服务', 'property', 0.8, 'K=5 O=3'),
  word('房地产开发', 'estate', 0.6, 'K=8'),
  word('检测技术', 'testing', 1, 'M=8'),
  word('家政服务', 'homeservice', 0.4, 'O=8'),
  word('体育文化', 'sports', 0.4, 'R=8'),
  word('城市建设投资', 'urbaninvest', 0.3, 'saas:government=6 E=2 S=1'),
];

/** A small share of accounts get an industry their name does not suggest (as real CRM data does). */
export const ANY_INDUSTRY: Weighted<string> = [
  ['A', 1], ['B', 1], ['C', 6], ['D', 1], ['E', 2], ['F', 5], ['G', 2], ['H', 1], ['I', 6], ['J', 2], ['K', 1],
  ['L', 4], ['M', 4], ['N', 1], ['O', 1], ['P', 1], ['Q', 1], ['R', 1], ['S', 0.5], ['T', 0.2],
  ['saas:internet', 3], ['saas:ecommerce', 3], ['saas:enterprise-software', 3], ['saas:smart-manufacturing', 3],
  ['saas:fintech', 2], ['saas:healthcare', 2], ['saas:edtech', 2], ['saas:automotive', 2], ['saas:logistics', 2],
  ['saas:government', 1],
];

export const EMPLOYEE_SIZE_WEIGHTS: Weighted<string> = [
  ['1-49', 40], ['50-99', 22], ['100-499', 22], ['500-999', 8], ['1000-4999', 6], ['5000+', 2],
];

/** Annual revenue range in yuan by employee size, drawn log-uniformly. */
export const REVENUE_RANGES: Record<string, readonly [number, number]> = {
  '1-49': [5e5, 3e7], '50-99': [5e6, 8e7], '100-499': [2e7, 5e8],
  '500-999': [1e8, 2e9], '1000-4999': [5e8, 1e10], '5000+': [3e9, 2e11],
};

export const SEGMENT_BY_SIZE: Record<string, Weighted<string>> = {
  '1-49': [['SMB', 1]], '50-99': [['SMB', 8], ['mid', 2]], '100-499': [['SMB', 3], ['mid', 6], ['KA', 1]],
  '500-999': [['mid', 6], ['KA', 4]], '1000-4999': [['mid', 2], ['KA', 8]], '5000+': [['KA', 1]],
};

export const LEVEL_BY_SEGMENT: Record<string, Weighted<string>> = {
  KA: [['A', 6], ['B', 3], ['C', 1]], mid: [['A', 2.5], ['B', 5], ['C', 2.5]], SMB: [['A', 1], ['B', 3.5], ['C', 5.5]],
};

export const LEGAL_FORMS_BY_SIZE: Record<string, Weighted<string>> = {
  small: [['有限公司', 9], ['有限责任公司', 1]],
  mid: [['有限公司', 8], ['有限责任公司', 1], ['股份有限公司', 1]],
  large: [['有限公司', 4.5], ['股份有限公司', 3.5], ['集团有限公司', 2]],
};

export const LIFECYCLE_WEIGHTS: Weighted<string> = [
  ['prospect', 45], ['engaged', 22], ['opportunity', 12], ['customer', 16], ['churned', 5],
];

export const SOURCE_WEIGHTS: Weighted<string> = [
  ['website', 20], ['trial', 10], ['referral', 10], ['event', 12], ['content', 8], ['sem', 12], ['outbound', 18],
  ['partner', 7], ['other', 3],
];

/** Tags any account may carry; 重点客户, 上市公司 and 续约风险 are added from the account's own facts. */
export const GENERAL_TAGS: Weighted<string> = [
  ['高新技术企业', 6], ['专精特新', 3], ['外资', 2], ['国企', 2], ['民营', 4], ['渠道客户', 2], ['老客户转介绍', 2],
  ['待回访', 4], ['有预算', 3], ['竞品在用', 3], ['年框', 1], ['试用中', 2], ['需要私有化部署', 1], ['关注数据安全', 2],
];
