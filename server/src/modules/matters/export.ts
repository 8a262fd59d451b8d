// GET /api/matters/export — the current list as .xlsx (SECURITY.md E4, B8): the list's own
// filters through THE matter scope, masked, the exporting user and time on the sheet, in the
// document properties and in the print header; one visible sheet, no defined names, no formulas,
// and every text that a spreadsheet would read as a formula is prefixed with an apostrophe.
// At most 10,000 rows, and the sheet says when it was cut. Audited with the row count and the
// file's SHA-256.
// The rows are exactly the list's: one WHERE builder (list.ts `matterListWhere`).
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { CHANNELS, MATTER_STATUSES, MATTER_TYPES, WARNINGS } from '@fengqiao/contracts';
import { ANALYTICS_ENDPOINTS } from '@fengqiao/contracts/analytics/endpoints.ts';
import type { TMatterExportQuery } from '@fengqiao/contracts/analytics/schemas.ts';
import { scrubText } from '@fengqiao/contracts/masking/mask.ts';
import { sql } from '../../core/db/sql.ts';
import { fieldError } from '../../core/errors.ts';
import { route, type BinaryResult, type RequestCtx } from '../../core/http/context.ts';
import { isCodeInScope } from '../../core/scope.ts';
import { matterListOrder, matterListWhere } from './list.ts';
import { SUMMARY_COLUMNS, type SummaryRow } from './summary.ts';

export const EXPORT_MAX_ROWS = 10_000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ExportRow = SummaryRow & { grid_code: string | null; closed_at: Date | null };

/** China has one offset and no daylight saving: UTC+8 is exact for every date. */
function shanghaiTime(d: Date | null, seconds = false): string {
  if (d === null) {
    return '';
  }
  const iso = new Date(d.getTime() + 8 * 3600 * 1000).toISOString();
  return iso.slice(0, seconds ? 19 : 16).replace('T', ' ');
}

/** Text a spreadsheet would evaluate (= + - @, and tab/CR that precede them) stays text. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const COLUMNS: readonly { title: string; width: number; value: (r: ExportRow) => string }[] = [
  { title: '事项编号', width: 22, value: (r) => r.code },
  { title: '事项类型', width: 10, value: (r) => MATTER_TYPES[r.type] },
  { title: '事项类别', width: 14, value: (r) => r.category_name ?? r.category_code },
  { title: '反映渠道', width: 12, value: (r) => CHANNELS[r.channel] },
  // free text: ID numbers, phones and USCCs masked (the staff form, SECURITY.md §3)
  { title: '标题', width: 40, value: (r) => scrubText(r.title, 'staff') },
  { title: '所属区划', width: 16, value: (r) => r.region_name },
  { title: '网格', width: 18, value: (r) => r.grid_code ?? '' },
  { title: '状态', width: 12, value: (r) => MATTER_STATUSES[r.status] },
  { title: '预警', width: 8, value: (r) => WARNINGS[r.warning] },
  { title: '督办', width: 6, value: (r) => (r.supervised ? '是' : '否') },
  { title: '紧急', width: 6, value: (r) => (r.urgent ? '是' : '否') },
  { title: '主办中心', width: 20, value: (r) => r.owner_unit_name },
  { title: '登记时间', width: 17, value: (r) => shanghaiTime(r.registered_at) },
  { title: '办理时限', width: 17, value: (r) => shanghaiTime(r.due_at) },
  { title: '结案时间', width: 17, value: (r) => shanghaiTime(r.closed_at) },
];

async function workbook(
  rows: readonly ExportRow[],
  meta: { headerLine: string; note: string; author: string; at: Date },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.author;
  wb.lastModifiedBy = meta.author;
  wb.created = meta.at;
  wb.modified = meta.at;
  wb.title = '事项列表导出';
  wb.subject = meta.note;
  wb.description = meta.headerLine;
  const ws = wb.addWorksheet('事项列表', {
    views: [{ state: 'frozen', ySplit: 3 }],
    // '&' starts a header code; a name containing one is doubled
    headerFooter: {
      oddHeader: `&L${meta.headerLine.replaceAll('&', '&&')}`,
      oddFooter: '&C第 &P 页，共 &N 页',
    },
  });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  ws.addRow([safeCell(meta.headerLine)]);
  ws.addRow([safeCell(meta.note)]);
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  ws.mergeCells(2, 1, 2, COLUMNS.length);
  ws.getRow(1).font = { bold: true };
  const head = ws.addRow(COLUMNS.map((c) => c.title));
  head.font = { bold: true };
  for (const r of rows) {
    ws.addRow(COLUMNS.map((c) => safeCell(c.value(r))));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportMatters(ctx: RequestCtx, q: TMatterExportQuery): Promise<BinaryResult> {
  const actor = ctx.me();
  // an explicit region outside the caller's scope is a bad reference (B4), not an empty file
  if (q.regionCode !== undefined && !isCodeInScope(ctx.scope(), q.regionCode)) {
    throw fieldError('regionCode', '区划不存在或不在管辖范围内', 'not_found');
  }
  const built = matterListWhere(ctx, q);
  const found =
    built === null
      ? []
      : await ctx.tx.query<ExportRow>(sql`
    SELECT ${SUMMARY_COLUMNS}, ${built.rank} AS rank, m.grid_code, m.closed_at FROM matter m
    WHERE ${sql.join(built.where, ' AND ')}
    ORDER BY ${matterListOrder(q, built.rank).by} LIMIT ${EXPORT_MAX_ROWS + 1}`);
  const truncated = found.length > EXPORT_MAX_ROWS;
  const rows = found.slice(0, EXPORT_MAX_ROWS);
  const at = ctx.clock.now();
  const author = `${actor.displayName}（${actor.username}）`;
  const headerLine = `导出人：${author} 导出时间：${shanghaiTime(at, true)}`;
  const note = truncated
    ? `符合条件的事项超过 ${EXPORT_MAX_ROWS} 条，本表仅含前 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围后分批导出。个人信息已脱敏，仅限工作使用，不得转发。`
    : `共 ${rows.length} 条。个人信息已脱敏，仅限工作使用，不得转发。`;
  const body = await workbook(rows, { headerLine, note, author, at });
  const { q: search, ...filters } = q;
  await ctx.audit({
    event: 'matters.export',
    targetType: 'matter',
    details: {
      rows: rows.length,
      truncated,
      sha256: createHash('sha256').update(body).digest('hex'),
      // the search words may themselves be personal data (a name, a phone): not logged
      filters: { ...filters, search: search !== undefined && search !== '' },
    },
  });
  return {
    filename: `事项列表-${shanghaiTime(at).slice(0, 10)}.xlsx`,
    contentType: XLSX_TYPE,
    body,
  };
}

export const matterExportRoute = route(ANALYTICS_ENDPOINTS['matters.export'], (ctx, { query }) =>
  exportMatters(ctx, query),
);
