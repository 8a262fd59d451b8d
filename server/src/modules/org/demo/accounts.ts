import { ROLES, type TRole } from '@fengqiao/contracts';

/** The one demo password; production refuses to start while any demo account exists. */
export const DEMO_PASSWORD = 'Fengqiao@2026';

export const DEMO_DEPARTMENTS = [
  { name: '曲周县公安局', type: '公安', mode: 'resident', timetable: '工作日全天' },
  { name: '曲周县司法局', type: '司法', mode: 'resident', timetable: '工作日全天' },
  { name: '曲周县信访局', type: '信访', mode: 'resident', timetable: '工作日全天' },
  { name: '曲周县人民法院', type: '法院', mode: 'resident', timetable: '工作日全天' },
  { name: '曲周县人民检察院', type: '检察', mode: 'resident', timetable: '工作日全天' },
  { name: '曲周县住房和城乡建设局', type: '住建', mode: 'rotating', timetable: '每周二、四' },
  {
    name: '曲周县人力资源和社会保障局',
    type: '人社',
    mode: 'rotating',
    timetable: '每周一、三、五',
  },
  { name: '曲周县城市管理综合行政执法局', type: '城管', mode: 'on_call', timetable: '按需随驻' },
] as const;

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: TRole[];
  roleLabel: string;
  unitName: string;
  region: string;
  /** For grid workers: which grid of the village (by order) they serve. */
  gridIndex?: number;
}

interface DemoData {
  county: { code: string; name: string };
  townships: { code: string; name: string; villages: { code: string; name: string }[] }[];
}

export function demoAccounts(data: DemoData): DemoAccount[] {
  const c = data.county;
  const t = data.townships[0];
  const t2 = data.townships[1];
  const v = t?.villages[0];
  if (t === undefined || t2 === undefined || v === undefined) {
    throw new Error('demo data has no township or village');
  }
  const center = `${c.name}综治中心`;
  const one = (
    username: string,
    displayName: string,
    role: TRole,
    unitName: string,
    region: string,
    extra: Partial<DemoAccount> = {},
  ): DemoAccount => ({
    username,
    displayName,
    roles: [role],
    roleLabel: ROLES[role],
    unitName,
    region,
    ...extra,
  });
  return [
    one('admin', '系统管理员', 'sysadmin', center, c.code),
    one('secadmin', '安全管理员', 'secadmin', center, c.code),
    one('auditor', '审计管理员', 'auditor', center, c.code),
    one('leader', '县中心主任', 'leader', center, c.code),
    one('dispatcher', '县中心派单员', 'dispatcher', center, c.code),
    one('clerk', '县中心受理员', 'clerk', center, c.code),
    one('police', '公安局值班民警', 'dept_handler', '曲周县公安局', c.code),
    one('township', `${t.name}派单员`, 'dispatcher', `${t.name}综治中心`, t.code),
    // a second township's dispatcher: the township isolation test signs in as both
    one('township2', `${t2.name}派单员`, 'dispatcher', `${t2.name}综治中心`, t2.code),
    one('mediator', `${t.name}调解员`, 'mediator', `${t.name}人民调解委员会`, t.code),
    // the village center's 综治专干: accepts and dispatches what the grid worker reports
    one('village', `${v.name}综治专干`, 'dispatcher', `${v.name}综治中心`, v.code),
    one('grid', `${v.name}网格员`, 'grid_worker', `${v.name}综治中心`, v.code, { gridIndex: 0 }),
  ];
}
