import { z } from '../zod.ts';
import { ZGridCode, ZId, ZName, ZRegionCode, ZTimestamp } from '../common.ts';

export const REGION_LEVELS = {
  1: '省',
  2: '市',
  3: '县',
  4: '乡镇（街道）',
  5: '村（社区）',
} as const;
export const UNIT_KINDS = {
  center: '综治中心',
  department: '职能部门',
  mediation_org: '调解组织',
  other: '其他',
} as const;
export const CENTER_LEVELS = {
  county: '县级',
  township: '乡镇（街道）级',
  village: '村（社区）级',
} as const;
export const DEPARTMENT_TYPES = [
  '公安',
  '司法',
  '信访',
  '法院',
  '检察',
  '住建',
  '人社',
  '城管',
  '民政',
  '自然资源',
  '市场监管',
  '卫健',
  '教育',
  '应急',
  '妇联',
  '其他',
] as const;
export const STATION_MODES = { resident: '常驻', rotating: '轮驻', on_call: '随驻' } as const;
export const GRID_DUTIES = {
  grid_worker: '网格员',
  grid_leader: '网格长',
  assistant: '网格协管员',
} as const;

const ZUnitKind = z.enum(['center', 'department', 'mediation_org', 'other']);
const ZCenterLevel = z.enum(['county', 'township', 'village']);
const ZStationMode = z.enum(['resident', 'rotating', 'on_call']);
const ZDuty = z.enum(['grid_worker', 'grid_leader', 'assistant']);
const ZHhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

export const ZRegion = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  parentCode: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  isDemo: z.boolean(),
  childCount: z.number().int(),
});
export type TRegion = z.infer<typeof ZRegion>;

export interface TRegionNode {
  code: string;
  name: string;
  level: number;
  unitCount: number;
  gridCount: number;
  children: TRegionNode[];
}
export const ZRegionNode: z.ZodType<TRegionNode> = z.lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    level: z.number().int(),
    unitCount: z.number().int(),
    gridCount: z.number().int(),
    children: z.array(ZRegionNode),
  }),
);

export const ZRegionTreeQuery = z
  .object({
    root: ZRegionCode.optional(),
    /** Levels returned, counting the root: 1 = the root alone, 2 = root and children. */
    depth: z.coerce.number().int().min(1).max(5).default(2),
  })
  .strict();
export const ZRegionCodeParams = z.object({ code: ZRegionCode }).strict();
export const ZCreateRegion = z
  .object({
    code: ZRegionCode,
    name: ZName,
    parentCode: ZRegionCode,
    validFrom: z.iso.date().optional(),
  })
  .strict();
export const ZUpdateRegion = z
  .object({ name: ZName.optional(), validTo: z.iso.date().nullable().optional() })
  .strict();
export const ZRecodeRegion = z
  .object({ newCode: ZRegionCode, reason: z.string().trim().min(2).max(500) })
  .strict();
export const ZRecodeResult = z.object({
  oldCode: z.string(),
  newCode: z.string(),
  rowsUpdated: z.number().int(),
});

const ZOfficeHours = z
  .object({ start: ZHhmm, end: ZHhmm })
  .strict()
  .refine((v) => v.start < v.end, { message: '下班时间应晚于上班时间', path: ['end'] });

export const ZUnit = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ZUnitKind,
  departmentType: z.string().nullable(),
  centerLevel: ZCenterLevel.nullable(),
  grade: z.number().int().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  parentId: z.number().int().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  officeHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  isDemo: z.boolean(),
  updatedAt: z.string(),
});
export type TUnit = z.infer<typeof ZUnit>;

const unitFields = {
  name: ZName,
  kind: ZUnitKind,
  departmentType: z.enum(DEPARTMENT_TYPES).nullable().optional(),
  centerLevel: ZCenterLevel.nullable().optional(),
  grade: z.number().int().min(1).max(3).nullable().optional(),
  regionCode: ZRegionCode,
  parentId: ZId.nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9-]{5,20}$/, '电话格式不正确')
    .nullable()
    .optional(),
  address: z.string().trim().max(200).nullable().optional(),
  officeHours: ZOfficeHours.nullable().optional(),
};

function checkUnitKind(
  v: {
    kind?: string | undefined;
    centerLevel?: string | null | undefined;
    departmentType?: string | null | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (v.kind === 'center' && (v.centerLevel ?? null) === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['centerLevel'],
      message: '综治中心须填写层级（县、乡镇、村）',
    });
  }
  if (v.kind !== undefined && v.kind !== 'center' && (v.centerLevel ?? null) !== null) {
    ctx.addIssue({ code: 'custom', path: ['centerLevel'], message: '只有综治中心有层级' });
  }
  if (v.kind === 'department' && (v.departmentType ?? null) === null) {
    ctx.addIssue({ code: 'custom', path: ['departmentType'], message: '职能部门须填写部门类别' });
  }
}

export const ZCreateUnit = z.object(unitFields).strict().superRefine(checkUnitKind);
export const ZUpdateUnit = z
  .object({
    ...unitFields,
    kind: ZUnitKind.optional(),
    regionCode: ZRegionCode.optional(),
    name: ZName.optional(),
  })
  .strict()
  .superRefine(checkUnitKind);
export const ZUnitListQuery = z
  .object({
    regionCode: ZRegionCode.optional(),
    kind: ZUnitKind.optional(),
    q: z.string().trim().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const ZStation = z.object({
  id: z.number().int(),
  centerId: z.number().int(),
  centerName: z.string(),
  departmentId: z.number().int(),
  departmentName: z.string(),
  mode: ZStationMode,
  timetable: z.string().nullable(),
});
export const ZCreateStation = z
  .object({
    centerId: ZId,
    departmentId: ZId,
    mode: ZStationMode,
    timetable: z.string().trim().max(200).nullable().optional(),
  })
  .strict();
export const ZStationListQuery = z
  .object({ centerId: ZId.optional(), departmentId: ZId.optional() })
  .strict();

export const ZPolygonGeometry = z.object({
  type: z.enum(['Polygon', 'MultiPolygon']),
  coordinates: z.array(z.any()).max(2000),
});

export const ZGrid = z.object({
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  kind: z.enum(['comprehensive', 'dedicated']),
  households: z.number().int().nullable(),
  population: z.number().int().nullable(),
  bbox: z.array(z.number()).length(4).nullable(),
  geometry: ZPolygonGeometry.nullable().optional(),
  isDemoGeometry: z.boolean(),
  workers: z.array(z.object({ userId: z.number().int(), name: z.string(), duty: ZDuty })),
});
export type TGrid = z.infer<typeof ZGrid>;
export const ZGridCodeParams = z.object({ code: ZGridCode }).strict();
export const ZCreateGrid = z
  .object({
    code: ZGridCode,
    name: ZName,
    kind: z.enum(['comprehensive', 'dedicated']).default('comprehensive'),
    households: z.number().int().min(0).max(100000).nullable().optional(),
    population: z.number().int().min(0).max(1000000).nullable().optional(),
    geometry: z.unknown().optional(),
  })
  .strict();
export const ZUpdateGrid = z
  .object({
    name: ZName.optional(),
    kind: z.enum(['comprehensive', 'dedicated']).optional(),
    households: z.number().int().min(0).max(100000).nullable().optional(),
    population: z.number().int().min(0).max(1000000).nullable().optional(),
    geometry: z.unknown().optional(),
  })
  .strict();
export const ZGridListQuery = z
  .object({
    regionCode: ZRegionCode.optional(),
    withGeometry: z.enum(['true', 'false']).default('false'),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    after: z
      .string()
      .regex(/^\d{15}$/)
      .optional(),
  })
  .strict();

export const ZGridAssignment = z.object({
  id: z.number().int(),
  gridCode: z.string(),
  gridName: z.string(),
  userId: z.number().int(),
  userName: z.string(),
  duty: ZDuty,
  createdAt: ZTimestamp,
});
export const ZCreateGridAssignment = z
  .object({ gridCode: ZGridCode, userId: ZId, duty: ZDuty.default('grid_worker') })
  .strict();
export const ZGridAssignmentQuery = z
  .object({ gridCode: ZGridCode.optional(), userId: ZId.optional() })
  .strict();
