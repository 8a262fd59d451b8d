// Excel 导入网格: one grid per row, with an optional GeoJSON boundary in a cell.
import { ZGridCode, z, type TFieldError, type TImportReport } from '@fengqiao/contracts';
import type { RequestCtx } from '../../core/http/context.ts';
import { gridProblems, parseGridGeometry } from './grids.ts';
import {
  cells,
  outsideImportRegion,
  runImport,
  type Prepared,
  type SheetColumn,
} from './import-sheet.ts';
import { problem } from './problems.ts';
import { insertGrid, type GridValues } from './queries-grids.ts';

const EXAMPLE_BOUNDARY = JSON.stringify({
  type: 'Polygon',
  coordinates: [
    [
      [114.95, 36.78],
      [114.96, 36.78],
      [114.96, 36.79],
      [114.95, 36.79],
      [114.95, 36.78],
    ],
  ],
});

export const GRID_COLUMNS: readonly SheetColumn[] = [
  {
    key: 'code',
    title: '网格编码',
    required: true,
    note: '15 位：所在村（社区）的 12 位区划代码 + 3 位网格序号；请将单元格设为文本格式',
    example: '130435100001001',
  },
  { key: 'name', title: '网格名称', required: true, note: '不超过 100 字', example: '第1网格' },
  {
    key: 'kind',
    title: '类型',
    required: false,
    note: '综合 或 专属（机关、园区、学校、医院、企业等）；留空为综合',
    example: '综合',
  },
  { key: 'households', title: '户数', required: false, note: '非负整数', example: '320' },
  { key: 'population', title: '人口', required: false, note: '非负整数', example: '1050' },
  {
    key: 'geometry',
    title: '边界GeoJSON',
    required: false,
    note: 'GeoJSON 文本：Polygon 或 MultiPolygon 几何对象，或含此类几何的 Feature；坐标为 WGS-84 [经度, 纬度]；单元格最多 32767 个字符',
    example: EXAMPLE_BOUNDARY,
  },
];

const KINDS = {
  综合: 'comprehensive',
  综合网格: 'comprehensive',
  专属: 'dedicated',
  专属网格: 'dedicated',
} as const;

const ZGridRow = z.object({
  code: ZGridCode,
  name: cells.required(100),
  kind: cells.optional(cells.label(KINDS, '类型应为：综合、专属')),
  households: cells.optional(cells.count(100_000)),
  population: cells.optional(cells.count(1_000_000)),
  geometry: cells.optional(
    z.string().transform((text, ctx): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: '边界不是有效的 JSON 文本' });
        return z.NEVER;
      }
    }),
  ),
});
type GridRowValue = z.infer<typeof ZGridRow>;
type ReadyGrid = GridValues & { code: string; regionCode: string };

async function prepareGrid(
  ctx: RequestCtx,
  v: GridRowValue,
  region: string | null,
): Promise<Prepared<ReadyGrid>> {
  if (outsideImportRegion(v.code, region)) {
    return { problems: [problem('code', 'outside', `不在本次导入的区划 ${region ?? ''} 内`)] };
  }
  const problems: TFieldError[] = [];
  const parsed = parseGridGeometry(v.geometry);
  if ('error' in parsed) {
    problems.push(parsed.error);
  }
  problems.push(...(await gridProblems(ctx, v.code)));
  if (problems.length > 0 || 'error' in parsed) {
    return { problems };
  }
  const ready: ReadyGrid = {
    code: v.code,
    regionCode: v.code.slice(0, 12),
    name: v.name,
    kind: v.kind ?? 'comprehensive',
    households: v.households,
    population: v.population,
    geometry: parsed.geometry ?? null,
  };
  return { ready };
}

export async function importGrids(
  ctx: RequestCtx,
  input: { raw: Buffer | null; regionCode?: string | undefined },
): Promise<TImportReport> {
  return runImport(ctx, input, {
    event: 'org.import.grids',
    columns: GRID_COLUMNS,
    schema: ZGridRow,
    key: { of: (v) => v.code, column: 'code' },
    prepare: prepareGrid,
    insert: async (c, g) => {
      await insertGrid(c.tx, g, c.clock.now());
    },
  });
}
