// Demo matter texts (invented, typical of what a county center hears); marked demo in the data.

export interface DemoTemplate {
  type: string;
  category: string;
  channel: string;
  text: string;
  collective?: number;
  urgent?: boolean;
}

export const TEMPLATES: readonly DemoTemplate[] = [
  {
    type: 'dispute',
    category: 'D02',
    channel: 'walk_in',
    text: '{v}村民{s}某与邻居因宅基地界址发生争执，双方多次口角，请求村委会和综治中心调解。',
  },
  {
    type: 'dispute',
    category: 'D01',
    channel: 'phone',
    text: '{v}居民反映楼上住户夜间噪音扰民，多次沟通无果，请求协调。',
  },
  {
    type: 'dispute',
    category: 'D15',
    channel: 'walk_in',
    text: '{n}名农民工反映某建筑工地拖欠工资约{m}万元，要求尽快解决。',
    collective: 12,
    urgent: true,
  },
  {
    type: 'dispute',
    category: 'D00',
    channel: 'walk_in',
    text: '{s}某夫妻因家庭琐事长期矛盾，女方请求调解赡养老人问题。',
  },
  {
    type: 'dispute',
    category: 'D12',
    channel: 'online',
    text: '小区业主与物业公司因物业费和维修基金使用发生纠纷，业主代表请求协调。',
  },
  {
    type: 'dispute',
    category: 'D06',
    channel: 'walk_in',
    text: '{v}两户村民因土地承包地边界和灌溉用水发生纠纷。',
  },
  {
    type: 'livelihood',
    category: 'H2',
    channel: 'hotline_12345',
    text: '{v}主街路灯损坏多日，夜间出行不便，请求维修。',
  },
  {
    type: 'livelihood',
    category: 'H1',
    channel: 'phone',
    text: '咨询低保申请条件及所需材料，家中老人无固定收入。',
  },
  {
    type: 'livelihood',
    category: 'H3',
    channel: 'hotline_12345',
    text: '{v}村口垃圾清运不及时，夏季异味较大，影响村民生活。',
  },
  {
    type: 'grid_event',
    category: 'G6',
    channel: 'grid_report',
    text: '{v}东侧道路井盖缺失，存在安全隐患，已设置临时警示。',
    urgent: true,
  },
  {
    type: 'grid_event',
    category: 'G4',
    channel: 'grid_report',
    text: '网格员走访发现{v}独居老人{s}某生活困难，需要救助。',
  },
  {
    type: 'grid_event',
    category: 'G1',
    channel: 'grid_report',
    text: '{v}两户村民因宅前堆放杂物发生口角，网格员已现场劝解，需继续跟进。',
  },
  {
    type: 'security_hazard',
    category: 'S3',
    channel: 'screening',
    text: '排查发现{v}某出租屋电动车入户充电，存在火灾隐患。',
  },
  {
    type: 'security_hazard',
    category: 'S1',
    channel: 'screening',
    text: '{v}废弃厂房夜间有不明人员聚集，存在治安隐患。',
  },
  {
    type: 'livelihood',
    category: 'U4',
    channel: 'hotline_12345',
    text: '集贸市场周边占道经营严重，早高峰交通拥堵。',
  },
  {
    type: 'dispute',
    category: 'D08',
    channel: 'online',
    text: '{v}附近养殖场异味扰民，村民多次反映未见改善。',
    collective: 6,
  },
];

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
export const GIVEN = [
  '建国',
  '秀英',
  '志强',
  '桂兰',
  '海涛',
  '丽娟',
  '国华',
  '玉梅',
  '振华',
  '淑珍',
  '俊杰',
  '春燕',
];
