import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { TREE, unique } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readZipDirectory, readZipEntry } from '../attachments/zip.ts';
import { cellText } from '../org/import-sheet.ts';
import { EXPORT_MAX_ROWS } from './export.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMULAS = ['=HYPERLINK("http://evil.example","点我")', '+1+2', '-3+4', '@SUM(A1:A2)'];

let t: TestApp;
let f: MatterFactory;
let owner: Actor;
let ownerName: { display_name: string; username: string };
let foreignCode = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  f = new MatterFactory(t);
  owner = await f.center(TREE.T1);
  const rows = await t.db.query<{ display_name: string; username: string }>(
    sql`SELECT display_name, username FROM app_user WHERE id = ${owner.userId}`,
  );
  ownerName = rows[0] ?? { display_name: '', username: '' };
  for (const title of FORMULAS) {
    await f.register(TREE.V1a, { title });
  }
  await f.register(TREE.T1, { title: '王建国 110101199003070011 13800138000 反映楼顶违建' });
  foreignCode = (await f.register(TREE.V2a)).code;
});
afterAll(async () => {
  await t.close();
});

async function download(url: string) {
  const res = await f.call(owner, 'GET', url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  const buf = res.rawPayload;
  await wb.xlsx.load(
    buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer,
  );
  return { res, buf, wb };
}

function texts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => {
    row.eachCell((cell) => {
      out.push(cellText(cell.value));
    });
  });
  return out;
}

describe('matters.export (SECURITY.md E4)', () => {
  it('exports the current list masked, with the exporting user and time on the sheet and in the properties', async () => {
    const { res, buf, wb } = await download('/api/matters/export');
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const header = `导出人：${ownerName.display_name}（${ownerName.username}） 导出时间：2026-03-02 09:00:00`;
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    if (ws === undefined) {
      throw new Error('no sheet');
    }
    expect(ws.name).toBe('事项列表');
    expect(ws.state).toBe('visible');
    expect(ws.getCell('A1').value).toBe(header);
    expect(cellText(ws.getCell('A2').value)).toContain('共 5 条');
    expect(ws.getRow(3).getCell(1).value).toBe('事项编号');
    expect(ws.headerFooter.oddHeader).toContain(header);
    expect(wb.creator).toBe(`${ownerName.display_name}（${ownerName.username}）`);
    expect(wb.description).toBe(header);
    expect(ws.rowCount).toBe(3 + 5);
    const all = texts(ws);
    expect(all.join('\n')).toContain('王建国 110***********0011 138****8000 反映楼顶违建');
    expect(all.join('\n')).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}/);
    expect(all.join('\n')).not.toContain(foreignCode);
    // no cell a spreadsheet would evaluate, and each of ours is kept as text
    for (const v of all) {
      expect(v).not.toMatch(/^[=+\-@]/);
    }
    for (const formula of FORMULAS) {
      expect(all).toContain(`'${formula}`);
    }
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      });
    });
    // the raw package: no hidden sheet, no defined names
    const entries = readZipDirectory(buf, 1000) ?? [];
    const workbookXml = entries.find((e) => e.name === 'xl/workbook.xml');
    const xml = workbookXml === undefined ? '' : readZipEntry(buf, workbookXml).toString('utf8');
    expect(xml).toContain('<sheet ');
    expect(xml).not.toMatch(/state="(very)?[hH]idden"/);
    expect(xml).not.toContain('<definedName');
    expect(entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))).toHaveLength(1);
    const audit = await t.db.query<{
      details: { rows: number; sha256: string; truncated: boolean };
    }>(
      sql`SELECT details FROM audit_log WHERE event = 'matters.export' AND actor_id = ${owner.userId}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details.rows).toBe(5);
    expect(audit[0]?.details.truncated).toBe(false);
    expect(audit[0]?.details.sha256).toBe(createHash('sha256').update(buf).digest('hex'));
  });

  it('applies the list filters and refuses a region outside the caller’s scope (400)', async () => {
    const { wb } = await download(`/api/matters/export?regionCode=${TREE.T1}&q=违建`);
    const ws = wb.worksheets[0];
    expect(ws?.rowCount).toBe(3 + 1);
    const foreign = await f.call(owner, 'GET', `/api/matters/export?regionCode=${TREE.T2}`);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('regionCode');
  });

  it(`stops at ${EXPORT_MAX_ROWS} rows and says so in the sheet`, async () => {
    const center = t.f.center(TREE.T1);
    const prefix = unique('X');
    // bulk rows straight into the table: building 10,001 through the API would take minutes
    await t.db.query(sql`
      INSERT INTO matter (code, tracking_code, type, category_code, channel, title, description, region_code,
        status, owner_unit_id, registered_unit_id, registered_by, arose_level, registered_at, updated_at)
      SELECT ${prefix} || '-' || i, ${prefix} || 'T' || i, 'dispute', 'D01', 'walk_in', '批量事项 ' || i, '批量',
        ${TREE.V1b}, 'registered', ${center}, ${center}, ${owner.userId}, 4, ${t.clock.now()}, ${t.clock.now()}
      FROM generate_series(1, ${EXPORT_MAX_ROWS + 1}) AS i`);
    const { wb } = await download(`/api/matters/export?regionCode=${TREE.V1b}`);
    const ws = wb.worksheets[0];
    expect(ws?.rowCount).toBe(3 + EXPORT_MAX_ROWS);
    expect(cellText(ws?.getCell('A2').value ?? null)).toContain(`仅含前 ${EXPORT_MAX_ROWS} 条`);
  }, 120_000);
});
