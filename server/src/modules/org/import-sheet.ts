// Shared Excel import machinery: read the first sheet by its Chinese header titles, validate
// each row with zod plus the same rules the API applies, insert the good rows, and report every
// rejected one (row number, column, Chinese reason) with counts that reconcile.
import ExcelJS from 'exceljs';
import { z, type TFieldError, type TImportReport } from '@fengqiao/contracts';
import { AppError, fieldError, mapDbError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { findRegionInScope } from './lookup.ts';
import { OUT_OF_SCOPE, problem } from './problems.ts';
import { inSavepoint } from './queries-grids.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_ROWS = 10_000;

export interface SheetColumn {
  key: string;
  title: string;
  required: boolean;
  note: string;
  example: string;
  /** Filled from the import's `regionCode` query parameter when the cell is empty. */
  regionDefault?: boolean;
}

export type RowValues = Record<string, string>;

interface SheetRow {
  row: number;
  values: RowValues;
}

/** A cell as trimmed text, whatever Excel stored (number, rich text, hyperlink, formula). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.trim();
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date) {
    return value.toISOString().slice(0, 10);
  }
  if ('richText' in value) {
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  }
  if ('hyperlink' in value) {
    return cellText(value.text);
  }
  if ('result' in value) {
    return cellText(value.result);
  }
  return '';
}

/** Header titles compare without spaces, a leading '*' or a parenthesised hint. */
function normalizeTitle(title: string): string {
  return title.replace(/[\s*＊]/g, '').replace(/[（(].*$/, '');
}

async function loadWorkbook(raw: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  try {
    const copy = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
    await wb.xlsx.load(copy as ArrayBuffer);
  } catch {
    throw new AppError('import.invalid_file');
  }
  const ws = wb.worksheets[0];
  if (ws === undefined) {
    throw new AppError('import.invalid_file');
  }
  return ws;
}

function headerIndex(ws: ExcelJS.Worksheet, columns: readonly SheetColumn[]): Map<string, number> {
  const index = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const title = normalizeTitle(cellText(cell.value));
    const column = columns.find((c) => c.title === title);
    if (column !== undefined && !index.has(column.key)) {
      index.set(column.key, col);
    }
  });
  const missing = columns.filter((c) => c.required && !index.has(c.key));
  if (missing.length > 0) {
    throw new AppError('import.invalid_file', {
      message: `表头缺少必需的列：${missing.map((c) => c.title).join('、')}`,
      fields: missing.map((c) => problem(c.title, 'missing_column', `缺少“${c.title}”列`)),
    });
  }
  return index;
}

/** Data rows of the first sheet (row 1 is the header); rows with every cell empty are skipped. */
export async function readSheet(raw: Buffer, columns: readonly SheetColumn[]): Promise<SheetRow[]> {
  const ws = await loadWorkbook(raw);
  const index = headerIndex(ws, columns);
  if (ws.rowCount - 1 > MAX_ROWS) {
    throw new AppError('import.invalid_file', { message: `一次最多导入 ${MAX_ROWS} 行` });
  }
  const rows: SheetRow[] = [];
  for (let n = 2; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    const values: RowValues = {};
    for (const c of columns) {
      const col = index.get(c.key);
      values[c.key] = col === undefined ? '' : cellText(row.getCell(col).value);
    }
    if (Object.values(values).some((v) => v !== '')) {
      rows.push({ row: n, values });
    }
  }
  return rows;
}

// ---------------------------------------------------------------- cell schemas

export const cells = {
  required: (max: number) => z.string().min(1, '不能为空').max(max, `不能超过 ${max} 个字符`),
  /** An empty cell becomes null; anything else must pass `inner`. */
  optional: <T>(inner: z.ZodType<T, string>) =>
    z
      .string()
      .transform((s) => (s === '' ? null : s))
      .pipe(inner.nullable()),
  /** A Chinese label (or the code itself) mapped to its code. */
  label: <V>(map: Readonly<Record<string, V>>, message: string) =>
    z.string().transform((s, ctx): V => {
      // own keys only: 'constructor' or 'toString' must not match Object.prototype
      const v = Object.hasOwn(map, s) ? map[s] : undefined;
      if (v === undefined) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return v;
    }),
  count: (max: number) =>
    z
      .string()
      .regex(/^\d+$/, '应为非负整数')
      .transform(Number)
      .pipe(z.number().max(max, `不能大于 ${max}`)),
};

// ---------------------------------------------------------------- the import run

export type Prepared<R> = { problems: TFieldError[] } | { ready: R };

export interface ImportSpec<T, R> {
  event: 'org.import.units' | 'org.import.staff' | 'org.import.grids';
  columns: readonly SheetColumn[];
  schema: z.ZodType<T, RowValues>;
  /** Identity within the file, and the column a duplicate is reported on. */
  key: { of: (v: T) => string; column: string };
  /** The API's rules for one row; problems name column keys. */
  prepare(ctx: RequestCtx, v: T, region: string | null): Promise<Prepared<R>>;
  insert(ctx: RequestCtx, r: R): Promise<void>;
}

/** The optional `regionCode` query: a default for empty region cells and a bound for every row. */
async function importRegion(ctx: RequestCtx, regionCode: string | undefined) {
  if (regionCode === undefined) {
    return null;
  }
  if ((await findRegionInScope(ctx.tx, regionCode, ctx.scope())) === undefined) {
    throw fieldError('regionCode', `区划${OUT_OF_SCOPE}`, 'not_found');
  }
  return regionCode;
}

export function outsideImportRegion(code: string, region: string | null): boolean {
  return region !== null && !code.startsWith(region);
}

class Report {
  readonly errors: TImportReport['errors'] = [];
  imported = 0;
  rejected = 0;
  private readonly columns: readonly SheetColumn[];
  constructor(columns: readonly SheetColumn[]) {
    this.columns = columns;
  }

  reject(row: number, problems: readonly TFieldError[]): void {
    this.rejected += 1;
    for (const p of problems) {
      const field = this.columns.find((c) => c.key === p.path)?.title ?? null;
      this.errors.push({ row, field, message: p.message });
    }
  }

  done(): TImportReport {
    const total = this.imported + this.rejected;
    return { total, imported: this.imported, rejected: this.rejected, errors: this.errors };
  }
}

function zodProblems(error: z.ZodError): TFieldError[] {
  return error.issues.map((i) => problem(String(i.path[0] ?? ''), i.code, i.message));
}

async function importRow<T, R>(
  ctx: RequestCtx,
  spec: ImportSpec<T, R>,
  value: T,
  region: string | null,
): Promise<TFieldError[]> {
  const prepared = await spec.prepare(ctx, value, region);
  if ('problems' in prepared) {
    return prepared.problems;
  }
  try {
    await inSavepoint(ctx.tx, () => spec.insert(ctx, prepared.ready));
    return [];
  } catch (err) {
    if (mapDbError(err) === null) {
      throw err;
    }
    return [problem('', 'conflict', '与已有数据冲突（可能刚被他人录入），未导入')];
  }
}

export async function runImport<T, R>(
  ctx: RequestCtx,
  input: { raw: Buffer | null; regionCode?: string | undefined },
  spec: ImportSpec<T, R>,
): Promise<TImportReport> {
  const region = await importRegion(ctx, input.regionCode);
  if (input.raw === null) {
    throw new AppError('import.invalid_file');
  }
  const rows = await readSheet(input.raw, spec.columns);
  const report = new Report(spec.columns);
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    for (const c of spec.columns) {
      if (c.regionDefault === true && values[c.key] === '' && region !== null) {
        values[c.key] = region;
      }
    }
    const parsed = spec.schema.safeParse(values);
    if (!parsed.success) {
      report.reject(row, zodProblems(parsed.error));
      continue;
    }
    const key = spec.key.of(parsed.data);
    const first = seen.get(key);
    if (first !== undefined) {
      report.reject(row, [problem(spec.key.column, 'duplicate', `与第 ${first} 行重复`)]);
      continue;
    }
    seen.set(key, row);
    const problems = await importRow(ctx, spec, parsed.data, region);
    if (problems.length > 0) {
      report.reject(row, problems);
    } else {
      report.imported += 1;
    }
  }
  const result = report.done();
  await ctx.audit({
    event: spec.event,
    targetType: 'import',
    regionCode: region ?? ctx.me().regionCode,
    details: { total: result.total, imported: result.imported, rejected: result.rejected },
  });
  return result;
}

// ---------------------------------------------------------------- writing workbooks

export interface SheetSpec {
  name: string;
  rows: readonly (readonly (string | number | null)[])[];
  /** Store every cell as text, so codes like 130435100001 never turn into numbers. */
  text?: boolean;
  widths?: readonly number[];
}

/** A plain .xlsx (no formulas, no hidden sheets) for templates and tests. */
export async function workbookBuffer(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    const width = Math.max(0, ...s.rows.map((r) => r.length));
    for (let i = 1; i <= width; i++) {
      const col = ws.getColumn(i);
      col.width = s.widths?.[i - 1] ?? 16;
      if (s.text === true) {
        col.numFmt = '@';
      }
    }
    for (const r of s.rows) {
      ws.addRow([...r]);
    }
    if (s.rows.length > 0) {
      ws.getRow(1).font = { bold: true };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
