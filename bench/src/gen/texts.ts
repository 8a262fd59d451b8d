// Titles and descriptions of generated matters: templates per category with filled-in places,
// people and amounts, so that term frequencies look like a real ledger (纠纷 is common, 噪音
// frequent, 飞线充电 or 校园欺凌 rare). The search document is built from these texts by the
// product's own matterSearchDocument.
import type { Rng } from '../lib/rng.ts';
import { personName } from './names.ts';

export interface TextSlots {
  village: string;
  township: string;
}

type Template = (r: Rng, s: TextSlots) => [title: string, description: string];

const ROADS = [
  '人民路',
  '解放路',
  '建设路',
  '中山路',
  '滨江路',
  '新华路',
  '胜利路',
  '朝阳路',
  '文化路',
  '迎宾大道',
];
const SHOPS = [
  '便利店',
  '小吃店',
  '烧烤店',
  '五金店',
  '理发店',
  '棋牌室',
  '超市',
  '药店',
  '快递驿站',
  '汽修店',
];
const CROPS = ['水稻', '油菜', '茶园', '柑橘园', '菜地', '鱼塘'];
const FIRMS = ['建筑公司', '装修公司', '物流公司', '陶瓷厂', '服装厂', '食品厂', '劳务公司'];

const b = (r: Rng): string =>
  `${1 + r.int(30)}栋${1 + r.int(4)}单元${1 + r.int(18)}0${1 + r.int(4)}室`;
const money = (r: Rng, lo: number, hi: number): string =>
  `${Math.round(r.range(lo, hi) / 100) * 100}元`;
const days = (r: Rng): string => `${2 + r.int(20)}天`;

const DISPUTE: Record<string, Template[]> = {
  D00: [
    (r, s) => [
      `${s.village}夫妻矛盾调解`,
      `${s.village}村民${personName(r)}反映与配偶因家庭琐事长期争吵，近日矛盾激化，双方要求离婚并对子女抚养、财产分割产生纠纷，请求调解。`,
    ],
    (r, s) => [
      `赡养老人纠纷`,
      `${s.village}${personName(r)}（${70 + r.int(20)}岁）反映其${2 + r.int(3)}个子女互相推诿，不履行赡养义务，老人生活困难，申请调解赡养费分担问题。`,
    ],
  ],
  D01: [
    (r, s) => [
      `${s.village}邻里噪音纠纷`,
      `${s.village}${b(r)}住户反映楼上邻居夜间噪音扰民，多次沟通无果，双方发生口角，形成邻里纠纷，请求社区协调处理。`,
    ],
    (r, s) => [
      `邻里排水纠纷`,
      `${s.village}村民${personName(r)}与邻居${personName(r)}因房屋排水沟走向发生争执，雨天积水流入对方院内，双方矛盾纠纷持续${days(r)}。`,
    ],
    (r, s) => [
      `邻里通行纠纷`,
      `${s.village}两户村民因共用通道堆放杂物、车辆停放问题发生纠纷，一方在通道砌墙，影响另一方通行。`,
    ],
  ],
  D02: [
    (r, s) => [
      `宅基地界址纠纷`,
      `${s.village}村民${personName(r)}与${personName(r)}因宅基地边界不清发生纠纷，一方翻建房屋时占用对方约${1 + r.int(3)}平方米，双方各执一词。`,
    ],
  ],
  D03: [
    (r, s) => [
      `合同履行纠纷`,
      `${s.township}${r.pick(SHOPS)}经营者反映与供货商签订的合同未按期履行，对方拖欠货款${money(r, 5000, 80000)}，多次催要未果。`,
    ],
  ],
  D05: [
    (r) => [
      `损害赔偿纠纷`,
      `村民${personName(r)}饲养的狗咬伤邻居${personName(r)}，双方就医疗费、误工费赔偿金额${money(r, 800, 9000)}未达成一致。`,
    ],
  ],
  D06: [
    (r, s) => [
      `山林土地承包纠纷`,
      `${s.village}村民反映土地承包合同到期后，承包户仍占用${r.pick(CROPS)}约${5 + r.int(40)}亩拒不退还，村集体与承包户发生山林土地纠纷。`,
    ],
  ],
  D07: [
    (r, s) => [
      `征地拆迁补偿纠纷`,
      `${s.village}${2 + r.int(20)}户村民反映${r.pick(ROADS)}拓宽工程征地拆迁补偿标准偏低，补偿款${money(r, 30000, 300000)}未足额发放。`,
    ],
  ],
  D08: [
    (r, s) => [
      `环境污染纠纷`,
      `${s.village}附近${r.pick(FIRMS)}夜间生产噪音大、粉尘多，周边居民反映影响休息和健康，与企业发生环境污染纠纷。`,
    ],
  ],
  D09: [
    (r) => [
      `劳动争议`,
      `职工${personName(r)}反映${r.pick(FIRMS)}未签订劳动合同，被辞退后未支付经济补偿，工资${money(r, 3000, 30000)}被拖欠。`,
    ],
  ],
  D10: [
    (r) => [
      `医疗纠纷`,
      `患者家属${personName(r)}反映在乡镇卫生院就诊后病情加重，认为存在误诊，要求医院赔偿，医患双方发生医疗纠纷。`,
    ],
  ],
  D11: [
    (r) => [
      `交通事故赔偿纠纷`,
      `${r.pick(ROADS)}发生两车碰撞事故，双方对责任认定无异议，但就车辆维修费${money(r, 2000, 20000)}赔偿发生纠纷。`,
    ],
  ],
  D12: [
    (r, s) => [
      `${s.village}物业纠纷`,
      `${s.village}小区业主反映物业公司服务不到位，电梯长期故障、垃圾清运不及时，部分业主拒交物业费，业主与物业发生纠纷。`,
    ],
  ],
  D15: [
    (r) => [
      `拖欠农民工工资`,
      `${5 + r.int(40)}名农民工反映${r.pick(FIRMS)}承建项目完工后拖欠工资${money(r, 50000, 900000)}，讨薪无果，情绪激动。`,
    ],
  ],
  D17: [
    (r) => [
      `民间借贷纠纷`,
      `${personName(r)}反映借给${personName(r)}${money(r, 10000, 200000)}，约定期满归还，对方以各种理由拖延，双方发生借贷纠纷。`,
    ],
  ],
};

const GRID: Record<string, Template[]> = {
  G0: [
    (r, s) => [
      `${s.village}低保申请代办`,
      `网格员入户走访发现${personName(r)}家庭因病致贫，符合低保申请条件，协助其准备材料并代办申请。`,
    ],
    (r, s) => [
      `独居老人生活帮扶`,
      `${s.village}独居老人${personName(r)}行动不便，需要定期送餐和上门探访，网格员已联系志愿者对接。`,
    ],
    (r, s) => [
      `证件代办`,
      `${s.village}居民${personName(r)}需补办居民身份证及社保卡，网格员协助预约办理。`,
    ],
  ],
  G1: [
    (r, s) => [
      `${s.village}邻里矛盾劝解`,
      `网格员巡查发现${s.village}${b(r)}两户邻居因楼道堆物、噪音问题争吵，现场劝解，双方情绪缓和，矛盾纠纷初步化解。`,
    ],
    (r, s) => [
      `家庭矛盾劝解`,
      `${s.village}村民${personName(r)}与儿子因房产分配发生争吵，网格员上门劝解，建议通过人民调解解决纠纷。`,
    ],
  ],
  G2: [
    (r, s) => [
      `治安巡防发现可疑人员`,
      `网格员在${s.village}${r.pick(ROADS)}巡防时发现陌生人员多次徘徊、查看车辆，已报告派出所。`,
    ],
    (r, s) => [
      `电信诈骗宣传`,
      `${s.village}开展反电信诈骗入户宣传，发现${personName(r)}疑似接到诈骗电话，已及时劝阻。`,
    ],
  ],
  G3: [
    (r, s) => [
      `社区矫正对象走访`,
      `网格员对${s.village}社区矫正对象${personName(r)}进行例行走访，了解思想动态和就业情况，未发现异常。`,
    ],
    (r, s) => [
      `刑满释放人员帮教`,
      `${s.village}刑满释放人员${personName(r)}返乡，网格员协助落实安置帮教措施。`,
    ],
  ],
  G4: [
    (r, s) => [
      `${s.village}居民反映噪音扰民`,
      `${s.village}居民反映${r.pick(ROADS)}${r.pick(SHOPS)}夜间营业噪音扰民，影响周边居民休息。`,
    ],
    (r, s) => [
      `道路破损`,
      `${s.village}${r.pick(ROADS)}路面破损坑洼，雨天积水，群众出行不便，希望尽快修复。`,
    ],
    (r, s) => [
      `路灯不亮`,
      `${s.village}${r.pick(ROADS)}约${2 + r.int(10)}盏路灯损坏，夜间照明不足，存在安全隐患。`,
    ],
    (r, s) => [
      `垃圾清运不及时`,
      `${s.village}垃圾收集点垃圾清运不及时，乱堆乱放，异味较大，居民意见较大。`,
    ],
    (r, s) => [
      `群众诉求收集`,
      `网格员入户走访${s.village}${b(r)}，居民${personName(r)}反映小区停车位紧张、车辆乱停乱放。`,
    ],
  ],
  G5: [
    (r, s) => [
      `政策宣传`,
      `在${s.village}开展${r.pick(['医保', '养老保险', '防汛', '禁毒', '消防安全'])}政策宣传，发放资料${20 + r.int(200)}份。`,
    ],
  ],
  G6: [
    (r, s) => [
      `突发事件报告`,
      `${s.village}${r.pick(ROADS)}一处民房发生火情，网格员第一时间报告并组织群众疏散。`,
    ],
    (r, s) => [
      `高空抛物`,
      `${s.village}${b(r)}楼下发现高空抛物，砸坏停放车辆，居民要求查找抛物人。`,
    ],
  ],
  G7: [
    (r, s) => [
      `其他网格事件`,
      `${s.village}网格员日常巡查记录：${r.pick(['宠物扰民', '广告乱贴', '井盖缺失', '违章搭建'])}。`,
    ],
  ],
  U1: [
    (r, s) => [
      `市容环境`,
      `${s.township}${r.pick(ROADS)}沿街商户占道经营，乱摆乱放，影响市容环境。`,
    ],
  ],
  U2: [(r, s) => [`违规广告`, `${s.township}${r.pick(ROADS)}墙面乱贴小广告、乱拉横幅。`]],
  U3: [
    (r, s) => [
      `施工噪音`,
      `${s.township}${r.pick(ROADS)}工地夜间施工噪音扰民，未办理夜间施工许可。`,
    ],
  ],
  U4: [(r, s) => [`流动摊贩`, `${s.township}学校门口流动摊贩聚集，占道经营，存在食品安全隐患。`]],
  U5: [
    (r, s) => [
      `公共设施损坏`,
      `${s.village}${r.pick(['井盖', '护栏', '公交站亭', '健身器材'])}损坏，需维修。`,
    ],
  ],
};

const OTHER: Record<string, Template[]> = {
  P: [
    (r, s) => [
      `信访事项`,
      `信访人${personName(r)}反映${s.village}${r.pick(['征地补偿', '低保评定', '宅基地审批', '村务公开', '拆迁安置'])}问题，认为处理不公，要求依法处理。`,
    ],
    (r, s) => [
      `重复信访`,
      `信访人${personName(r)}就${s.township}${r.pick(['土地流转', '企业改制', '工伤认定'])}问题多次来访，要求重新处理并答复。`,
    ],
  ],
  H: [
    (r, s) => [
      `12345热线诉求`,
      `市民来电反映${s.village}${r.pick(['停水', '停电', '燃气异味', '下水道堵塞', '噪音扰民'])}问题，要求尽快处理。`,
    ],
    (r, s) => [
      `咨询`,
      `群众咨询${r.pick(['医保报销', '子女入学', '公积金提取', '养老金领取'])}办理流程，${s.township}已答复。`,
    ],
  ],
  S: [
    (r, s) => [
      `安全隐患`,
      `${s.village}${r.pick(SHOPS)}存在${r.pick(['电动车飞线充电', '消防通道堵塞', '燃气瓶违规存放', '电线私拉乱接'])}等安全隐患。`,
    ],
    (r, s) => [`群租房隐患`, `${s.village}${b(r)}疑似群租房，居住人员复杂，存在治安和消防隐患。`],
  ],
};

/** Rare phrases added to a small share of descriptions (search for rare terms). */
const RARE = ['校园欺凌', '非法集资', '飞线充电', '尾矿库渗漏', '古窑址保护'];

export function matterText(r: Rng, category: string, slots: TextSlots): [string, string] {
  const group =
    DISPUTE[category] ??
    GRID[category] ??
    OTHER[category.slice(0, 1)] ??
    (category.startsWith('D') ? DISPUTE.D01 : GRID.G4) ??
    [];
  const t = r.pick(group);
  const [title, description] = t(r, slots);
  if (r.chance(0.002)) {
    return [title, `${description}另反映${r.pick(RARE)}问题。`];
  }
  return [title, description];
}

export const RARE_TERMS = RARE;
