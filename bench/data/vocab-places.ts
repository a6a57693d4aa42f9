// Provinces and their main cities. Weights are rough relative counts of B2B companies (business
// registrations skew hard toward 北上广深杭); region codes are GB/T 2260 codes that open a credit code.
import type { PROVINCES } from '../../src/shared/dictionaries.js';

export type Province = (typeof PROVINCES)[number];

export interface City {
  province: Province;
  /** As stored in the city field: 深圳市, 北京市, 香港. */
  name: string;
  /** As it opens a company name: 深圳. */
  short: string;
  /** ASCII code used in generated web domains; unique across cities. */
  code: string;
  weight: number;
  /** District or city codes; empty where 统一社会信用代码 does not apply (香港, 澳门, 台湾). */
  regionCodes: readonly string[];
}

// One line per city: name, domain code, weight, region codes.
const SPEC: readonly (readonly [Province, readonly string[]])[] = [
  ['北京市', ['北京市 bj 10 110105 110108 110101 110102 110106 110114 110115 110112']],
  ['天津市', ['天津市 tj 3 120116 120101 120104 120103']],
  ['河北省', ['石家庄市 sjz 1.2 130100', '唐山市 tangshan 0.7 130200', '保定市 baoding 0.6 130600',
    '廊坊市 langfang 0.6 131000', '邯郸市 handan 0.4 130400', '沧州市 cangzhou 0.4 130900', '秦皇岛市 qhd 0.3 130300']],
  ['山西省', ['太原市 taiyuan 1 140100', '大同市 datong 0.3 140200', '长治市 changzhi 0.2 140400']],
  ['内蒙古自治区', ['呼和浩特市 hhht 0.5 150100', '包头市 baotou 0.4 150200', '鄂尔多斯市 ordos 0.3 150600']],
  ['辽宁省', ['沈阳市 shenyang 1.3 210100', '大连市 dalian 1.3 210200', '鞍山市 anshan 0.3 210300']],
  ['吉林省', ['长春市 changchun 0.9 220100', '吉林市 jilin 0.3 220200']],
  ['黑龙江省', ['哈尔滨市 harbin 0.9 230100', '大庆市 daqing 0.3 230600', '齐齐哈尔市 qiqihar 0.2 230200']],
  ['上海市', ['上海市 sh 10 310115 310104 310105 310106 310107 310110 310112 310113 310114 310117 310101']],
  ['江苏省', ['南京市 nj 4 320102 320104 320106 320115 320100', '苏州市 suzhou 4.5 320505 320506 320507 320508 320500',
    '无锡市 wx 2 320200', '常州市 changzhou 1.3 320400', '南通市 nantong 1.1 320600', '徐州市 xuzhou 0.9 320300',
    '扬州市 yangzhou 0.6 321000', '泰州市 taizhou 0.5 321200', '镇江市 zhenjiang 0.5 321100']],
  ['浙江省', ['杭州市 hz 7 330106 330108 330110 330109 330102 330105', '宁波市 nb 3 330200', '温州市 wenzhou 1.6 330300',
    '嘉兴市 jiaxing 1 330400', '绍兴市 shaoxing 0.9 330600', '金华市 jinhua 1 330700', '台州市 tz 0.8 331000',
    '湖州市 huzhou 0.6 330500']],
  ['安徽省', ['合肥市 hf 2.5 340100', '芜湖市 wuhu 0.6 340200', '蚌埠市 bengbu 0.3 340300', '滁州市 chuzhou 0.3 341100']],
  ['福建省', ['福州市 fz 1.8 350100', '厦门市 xm 2.2 350200', '泉州市 quanzhou 1.4 350500', '漳州市 zhangzhou 0.4 350600']],
  ['江西省', ['南昌市 nanchang 1.2 360100', '赣州市 ganzhou 0.5 360700', '九江市 jiujiang 0.3 360400']],
  ['山东省', ['济南市 jinan 2.2 370100', '青岛市 qd 2.8 370200', '烟台市 yantai 0.9 370600', '潍坊市 weifang 0.8 370700',
    '淄博市 zibo 0.5 370300', '临沂市 linyi 0.6 371300', '济宁市 jining 0.5 370800']],
  ['河南省', ['郑州市 zz 2.8 410100', '洛阳市 luoyang 0.7 410300', '新乡市 xinxiang 0.3 410700', '南阳市 nanyang 0.3 411300']],
  ['湖北省', ['武汉市 wh 4 420102 420106 420111 420100', '宜昌市 yichang 0.5 420500', '襄阳市 xiangyang 0.5 420600']],
  ['湖南省', ['长沙市 cs 3 430100', '株洲市 zhuzhou 0.4 430200', '湘潭市 xiangtan 0.3 430300', '岳阳市 yueyang 0.3 430600']],
  ['广东省', ['广州市 gz 8 440106 440104 440105 440111 440112 440113 440103',
    '深圳市 sz 10 440300 440305 440304 440306 440307 440303', '东莞市 dg 3 441900', '佛山市 fs 2.8 440600',
    '珠海市 zhuhai 1.2 440400', '惠州市 huizhou 1 441300', '中山市 zhongshan 1 442000', '汕头市 shantou 0.5 440500',
    '江门市 jiangmen 0.5 440700']],
  ['广西壮族自治区', ['南宁市 nanning 1.1 450100', '柳州市 liuzhou 0.4 450200', '桂林市 guilin 0.3 450300']],
  ['海南省', ['海口市 haikou 0.8 460100', '三亚市 sanya 0.3 460200']],
  ['重庆市', ['重庆市 cq 4 500112 500105 500103 500106 500108']],
  ['四川省', ['成都市 cd 5 510104 510105 510107 510100', '绵阳市 mianyang 0.5 510700', '德阳市 deyang 0.3 510600',
    '宜宾市 yibin 0.3 511500']],
  ['贵州省', ['贵阳市 guiyang 1 520100', '遵义市 zunyi 0.3 520300']],
  ['云南省', ['昆明市 kunming 1.2 530100', '曲靖市 qujing 0.2 530300']],
  ['西藏自治区', ['拉萨市 lhasa 0.15 540100']],
  ['陕西省', ['西安市 xa 3 610102 610103 610113 610100', '咸阳市 xianyang 0.3 610400', '宝鸡市 baoji 0.3 610300']],
  ['甘肃省', ['兰州市 lanzhou 0.6 620100']],
  ['青海省', ['西宁市 xining 0.3 630100']],
  ['宁夏回族自治区', ['银川市 yinchuan 0.35 640100']],
  ['新疆维吾尔自治区', ['乌鲁木齐市 urumqi 0.6 650100', '克拉玛依市 karamay 0.1 650200']],
  ['台湾省', ['台北市 taipei 0.15', '新竹市 hsinchu 0.05']],
  ['香港特别行政区', ['香港 hk 0.4']],
  ['澳门特别行政区', ['澳门 macau 0.1']],
];

export const CITIES: readonly City[] = SPEC.flatMap(([province, lines]) => lines.map((line): City => {
  const [name, code, weight, ...regionCodes] = line.split(' ');
  return { province, name, short: name.replace(/市$/, ''), code, weight: Number(weight), regionCodes };
}));
