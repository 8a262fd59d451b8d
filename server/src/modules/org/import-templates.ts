// 导入模板: an .xlsx per import kind — the header row and one example row on the first sheet,
// and a '说明' sheet explaining every column. No formulas and no hidden sheets.
import type { BinaryResult } from '../../core/http/context.ts';
import { GRID_COLUMNS } from './import-grids.ts';
import { XLSX_TYPE, workbookBuffer, type SheetColumn } from './import-sheet.ts';
import { STAFF_COLUMNS } from './import-staff.ts';
import { UNIT_COLUMNS } from './import-units.ts';

const TEMPLATES = {
  units: { label: '单位', columns: UNIT_COLUMNS },
  staff: { label: '人员', columns: STAFF_COLUMNS },
  grids: { label: '网格', columns: GRID_COLUMNS },
} as const satisfies Record<string, { label: string; columns: readonly SheetColumn[] }>;

const GENERAL_NOTES = [
  '填写说明',
  '1. 在第一个工作表中填写，第 1 行为表头，请勿修改列名；从第 2 行起每行一条记录，空行会被跳过。',
  '2. 第 2 行是示例，导入前请删除或改为真实数据。',
  '3. 代码类的列（区划代码、网格编码、手机号）请设为文本格式，以免被 Excel 改成科学计数法。',
  '4. 导入时逐行校验：合格的行全部导入，不合格的行在导入结果中列出行号、列名和原因，修改后可再次导入这些行。',
];

export async function importTemplate(kind: keyof typeof TEMPLATES): Promise<BinaryResult> {
  const t = TEMPLATES[kind];
  const columns: readonly SheetColumn[] = t.columns;
  const body = await workbookBuffer([
    {
      name: `${t.label}导入`,
      rows: [columns.map((c) => c.title), columns.map((c) => c.example)],
      text: true,
      widths: columns.map((c) => Math.min(40, Math.max(14, c.example.length + 4))),
    },
    {
      name: '说明',
      rows: [
        ['列名', '是否必填', '说明', '示例'],
        ...columns.map((c) => [c.title, c.required ? '必填' : '选填', c.note, c.example]),
        [],
        ...GENERAL_NOTES.map((line) => [line]),
      ],
      widths: [16, 10, 70, 30],
    },
  ]);
  return { filename: `${t.label}导入模板.xlsx`, contentType: XLSX_TYPE, body };
}
