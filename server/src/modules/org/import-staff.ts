// Excel 导入人员: accounts with business roles. Admin roles (三权分立) are never imported; every
// imported account must change its initial password at first login.
import {
  ROLES,
  ZRegionCode,
  ZUsername,
  isAdminRole,
  z,
  type TFieldError,
  type TImportReport,
  type TRole,
} from '@fengqiao/contracts';
import type { RequestCtx } from '../../core/http/context.ts';
import { passwordProblems } from '../auth/account.ts';
import {
  cells,
  outsideImportRegion,
  runImport,
  type Prepared,
  type SheetColumn,
} from './import-sheet.ts';
import { OUT_OF_SCOPE, problem } from './problems.ts';
import { findUnitsByName } from './queries.ts';
import { createAccount, isUsernameTaken } from '../users/accounts.ts';

const BUSINESS_ROLES = (Object.keys(ROLES) as TRole[]).filter((r) => !isAdminRole(r));
const shortLabel = (r: TRole): string => ROLES[r].replace(/[（(].*$/, '');

export const STAFF_COLUMNS: readonly SheetColumn[] = [
  {
    key: 'username',
    title: '用户名',
    required: true,
    note: '登录名：2–40 位小写字母、数字、点、下划线或连字符，全系统唯一',
    example: 'zhangsan',
  },
  { key: 'displayName', title: '姓名', required: true, note: '不超过 50 字', example: '张三' },
  {
    key: 'unitName',
    title: '所属单位名称',
    required: true,
    note: '须为系统中已有的单位（可先导入单位）',
    example: '某某镇综治中心',
  },
  {
    key: 'unitRegion',
    title: '单位区划代码',
    required: true,
    note: '所属单位所在区划的代码；留空时使用导入时选定的区划',
    example: '130435100',
    regionDefault: true,
  },
  { key: 'phone', title: '手机号', required: false, note: '11 位手机号码', example: '13800000000' },
  {
    key: 'roles',
    title: '角色',
    required: true,
    note: `可填多个，用逗号或顿号分隔：${BUSINESS_ROLES.map((r) => ROLES[r]).join('、')}；管理员角色不能导入`,
    example: `${shortLabel('clerk')}、${shortLabel('grid_worker')}`,
  },
  {
    key: 'password',
    title: '初始密码',
    required: true,
    note: '至少 8 位，含大写字母、小写字母、数字、符号中的三类，不含用户名；首次登录须修改',
    example: 'Qz#7mTk2pLw',
  },
];

/** Full label, label without its parenthesised hint, or the role key itself. */
const ROLE_BY_NAME = new Map<string, TRole>(
  (Object.keys(ROLES) as TRole[]).flatMap((r) => [
    [ROLES[r], r],
    [shortLabel(r), r],
    [r, r],
  ]),
);

const ZRoles = z.string().transform((text, ctx): TRole[] => {
  const names = text.split(/[,，、;；\s]+/).filter((s) => s !== '');
  const roles = new Set<TRole>();
  for (const name of names) {
    const role = ROLE_BY_NAME.get(name);
    if (role === undefined) {
      ctx.addIssue({ code: 'custom', message: `未知角色“${name}”` });
    } else if (isAdminRole(role)) {
      ctx.addIssue({ code: 'custom', message: `管理员角色“${ROLES[role]}”不能通过导入授予` });
    } else {
      roles.add(role);
    }
  }
  if (names.length === 0) {
    ctx.addIssue({ code: 'custom', message: '不能为空' });
  }
  return [...roles];
});

const ZStaffRow = z.object({
  username: ZUsername,
  displayName: cells.required(50),
  unitName: cells.required(100),
  unitRegion: ZRegionCode,
  phone: cells.optional(z.string().regex(/^1[3-9]\d{9}$/, '手机号格式不正确')),
  roles: ZRoles,
  password: z.string().min(1, '不能为空').max(200, '密码过长'),
});
type StaffRow = z.infer<typeof ZStaffRow>;

interface ReadyStaff extends StaffRow {
  unitId: number;
  regionCode: string;
}

async function prepareStaff(
  ctx: RequestCtx,
  v: StaffRow,
  region: string | null,
): Promise<Prepared<ReadyStaff>> {
  if (outsideImportRegion(v.unitRegion, region)) {
    return {
      problems: [problem('unitRegion', 'outside', `不在本次导入的区划 ${region ?? ''} 内`)],
    };
  }
  const problems: TFieldError[] = [];
  const [unit] = await findUnitsByName(ctx.tx, ctx.scope(), v.unitName, [v.unitRegion]);
  if (unit === undefined) {
    problems.push(problem('unitName', 'not_found', `单位${OUT_OF_SCOPE}`));
  }
  if (await isUsernameTaken(ctx.tx, v.username)) {
    problems.push(problem('username', 'taken', '用户名已被使用'));
  }
  problems.push(...(await passwordProblems(ctx, v.password, v.username, 'password')));
  if (problems.length > 0 || unit === undefined) {
    return { problems };
  }
  return { ready: { ...v, unitId: unit.id, regionCode: unit.region_code } };
}

async function insertStaff(ctx: RequestCtx, v: ReadyStaff): Promise<void> {
  await createAccount(ctx, {
    username: v.username,
    displayName: v.displayName,
    unitId: v.unitId,
    regionCode: v.regionCode,
    phone: v.phone,
    password: v.password,
    roles: v.roles,
  });
}

export async function importStaff(
  ctx: RequestCtx,
  input: { raw: Buffer | null; regionCode?: string | undefined },
): Promise<TImportReport> {
  return runImport(ctx, input, {
    event: 'org.import.staff',
    columns: STAFF_COLUMNS,
    schema: ZStaffRow,
    key: { of: (v) => v.username, column: 'username' },
    prepare: prepareStaff,
    insert: insertStaff,
  });
}
