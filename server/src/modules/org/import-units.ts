// Excel 导入单位: one unit per row, checked by the same rules as org.units.create.
import {
  DEPARTMENT_TYPES,
  ZRegionCode,
  z,
  type TFieldError,
  type TImportReport,
} from '@fengqiao/contracts';
import type { RequestCtx } from '../../core/http/context.ts';
import {
  cells,
  outsideImportRegion,
  runImport,
  type Prepared,
  type SheetColumn,
} from './import-sheet.ts';
import { OUT_OF_SCOPE, problem } from './problems.ts';
import { findUnitsByName, insertUnit, type UnitValues } from './queries.ts';
import { CODE_LENGTHS } from './regions.ts';
import { unitProblems } from './units.ts';

export const UNIT_COLUMNS: readonly SheetColumn[] = [
  {
    key: 'name',
    title: '单位名称',
    required: true,
    note: '同一区划下不能重名',
    example: '某某镇综治中心',
  },
  {
    key: 'kind',
    title: '类别',
    required: true,
    note: '综治中心、职能部门、调解组织、其他',
    example: '综治中心',
  },
  {
    key: 'departmentType',
    title: '部门类别',
    required: false,
    note: `职能部门必填：${DEPARTMENT_TYPES.join('、')}`,
    example: '',
  },
  {
    key: 'centerLevel',
    title: '中心层级',
    required: false,
    note: '综治中心必填：县级（6 位区划）、乡镇级（9 位区划）、村级（12 位区划）；其他类别留空',
    example: '乡镇级',
  },
  { key: 'grade', title: '等级', required: false, note: '一级、二级、三级', example: '二级' },
  {
    key: 'regionCode',
    title: '区划代码',
    required: true,
    note: '单位所在区划的代码（6、9 或 12 位）；留空时使用导入时选定的区划',
    example: '130435100',
    regionDefault: true,
  },
  {
    key: 'parentName',
    title: '上级单位名称',
    required: false,
    note: '须为本区划或上级区划中已有的单位，或在本表中位于前面的行',
    example: '曲周县综治中心',
  },
  { key: 'phone', title: '电话', required: false, note: '数字和连字符', example: '0310-1234567' },
  {
    key: 'address',
    title: '地址',
    required: false,
    note: '不超过 200 字',
    example: '某某镇政府院内',
  },
];

const KINDS = {
  综治中心: 'center',
  职能部门: 'department',
  调解组织: 'mediation_org',
  其他: 'other',
} as const;
const LEVELS = {
  县级: 'county',
  乡镇级: 'township',
  '乡镇（街道）级': 'township',
  街道级: 'township',
  村级: 'village',
  '村（社区）级': 'village',
  社区级: 'village',
} as const;
const GRADES = { 一级: 1, 二级: 2, 三级: 3, '1': 1, '2': 2, '3': 3 } as const;

const ZUnitRow = z.object({
  name: cells.required(100),
  kind: cells.label(KINDS, '类别应为：综治中心、职能部门、调解组织、其他'),
  departmentType: cells.optional(
    z.enum(DEPARTMENT_TYPES, { error: `部门类别应为：${DEPARTMENT_TYPES.join('、')}` }),
  ),
  centerLevel: cells.optional(cells.label(LEVELS, '中心层级应为：县级、乡镇级、村级')),
  grade: cells.optional(cells.label(GRADES, '等级应为：一级、二级、三级')),
  regionCode: ZRegionCode,
  parentName: cells.optional(z.string().max(100)),
  phone: cells.optional(z.string().regex(/^[0-9-]{5,20}$/, '电话格式不正确')),
  address: cells.optional(z.string().max(200, '地址不能超过 200 字')),
});
type UnitRowValue = z.infer<typeof ZUnitRow>;

/** The region itself and its ancestors: where a parent unit named in the sheet may sit. */
function selfAndAncestors(code: string): string[] {
  return CODE_LENGTHS.filter((len) => len <= code.length).map((len) => code.slice(0, len));
}

async function prepareUnit(
  ctx: RequestCtx,
  v: UnitRowValue,
  region: string | null,
): Promise<Prepared<UnitValues>> {
  if (outsideImportRegion(v.regionCode, region)) {
    return {
      problems: [problem('regionCode', 'outside', `不在本次导入的区划 ${region ?? ''} 内`)],
    };
  }
  const problems: TFieldError[] = [];
  let parentId: number | null = null;
  if (v.parentName !== null) {
    const found = await findUnitsByName(
      ctx.tx,
      ctx.scope(),
      v.parentName,
      selfAndAncestors(v.regionCode),
    );
    parentId = found[0]?.id ?? null;
    if (parentId === null) {
      problems.push(problem('parentName', 'not_found', `上级单位${OUT_OF_SCOPE}`));
    }
  }
  const values: UnitValues = {
    name: v.name,
    kind: v.kind,
    departmentType: v.departmentType,
    centerLevel: v.centerLevel,
    grade: v.grade,
    regionCode: v.regionCode,
    parentId,
    phone: v.phone,
    address: v.address,
    officeHours: null,
  };
  for (const p of await unitProblems(ctx, values, null)) {
    problems.push(p.path === 'parentId' ? { ...p, path: 'parentName' } : p);
  }
  return problems.length > 0 ? { problems } : { ready: values };
}

export async function importUnits(
  ctx: RequestCtx,
  input: { raw: Buffer | null; regionCode?: string | undefined },
): Promise<TImportReport> {
  return runImport(ctx, input, {
    event: 'org.import.units',
    columns: UNIT_COLUMNS,
    schema: ZUnitRow,
    key: { of: (v) => `${v.regionCode}|${v.name}`, column: 'name' },
    prepare: prepareUnit,
    insert: async (c, values) => {
      await insertUnit(c.tx, values, c.clock.now());
    },
  });
}
