import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TImportReport } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { GRID_COLUMNS } from './import-grids.ts';
import { XLSX_TYPE, workbookBuffer, type SheetColumn } from './import-sheet.ts';
import { STAFF_COLUMNS } from './import-staff.ts';
import { UNIT_COLUMNS } from './import-units.ts';

let t: TestApp;
let cookie: string; // sysadmin at the center of township T1
let actorName: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  const as = await t.f.as({ roles: ['sysadmin'], regionCode: TREE.T1 });
  cookie = as.cookie;
  actorName = as.user.username;
});
afterAll(async () => {
  await t.close();
});

async function upload(kind: string, payload: Buffer | string, query = '') {
  return t.app.inject({
    method: 'POST',
    url: `/api/org/import/${kind}${query}`,
    headers: { cookie, 'content-type': XLSX_TYPE },
    payload,
  });
}

async function sheet(columns: readonly SheetColumn[], rows: string[][]): Promise<Buffer> {
  return workbookBuffer([{ name: 'data', rows: [columns.map((c) => c.title), ...rows] }]);
}

function reasonsByRow(report: TImportReport): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const e of report.errors) {
    (out[e.row] ??= []).push(`${e.field ?? ''}:${e.message}`);
  }
  return out;
}

async function lastAudit(event: string) {
  const rows = await t.db.query<{ details: Record<string, number> }>(
    sql`SELECT details FROM audit_log WHERE event = ${event} ORDER BY id DESC`,
  );
  return { count: rows.length, details: rows[0]?.details };
}

const SQUARE =
  '{"type":"Polygon","coordinates":[[[114.95,36.78],[114.96,36.78],[114.96,36.79],[114.95,36.79],[114.95,36.78]]]}';
const BOWTIE =
  '{"type":"Polygon","coordinates":[[[114.95,36.78],[114.96,36.79],[114.96,36.78],[114.95,36.79],[114.95,36.78]]]}';

describe('org.import.units', () => {
  it('imports the valid rows and reports every rejected row with its column and reason', async () => {
    const file = await sheet(UNIT_COLUMNS, [
      [
        '导入村中心',
        '综治中心',
        '',
        '村级',
        '三级',
        TREE.V1b,
        'T1综治中心',
        '0310-12345',
        '村委会',
      ],
      ['导入派出所', '职能部门', '公安', '', '', TREE.T1],
      ['坏类别', '部门', '', '', '', TREE.T1],
      ['缺部门类别', '职能部门', '', '', '', TREE.T1],
      ['越权单位', '其他', '', '', '', TREE.T2],
      ['导入派出所', '职能部门', '公安', '', '', TREE.T1],
      ['', '', '', '', '', ''],
      ['层级不符', '综治中心', '', '县级', '', TREE.V1a],
      ['无上级', '其他', '', '', '', TREE.T1, '不存在的单位'],
    ]);
    const res = await upload('units', file);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<TImportReport>();
    expect(report).toMatchObject({ total: 8, imported: 2, rejected: 6 });
    expect(report.total).toBe(report.imported + report.rejected);
    const reasons = reasonsByRow(report);
    expect(Object.keys(reasons).map(Number)).toEqual([4, 5, 6, 7, 9, 10]);
    expect(reasons[4]?.[0]).toMatch(/^类别:类别应为/);
    expect(reasons[5]?.[0]).toMatch(/^部门类别:职能部门须填写部门类别/);
    expect(reasons[6]?.[0]).toMatch(/^区划代码:区划不存在或不在管辖范围内/);
    expect(reasons[7]).toEqual(['单位名称:与第 3 行重复']);
    expect(reasons[9]?.[0]).toMatch(/^中心层级:/);
    expect(reasons[10]?.[0]).toMatch(/^上级单位名称:/);
    const rows = await t.db.query<{ name: string; parent_id: number | null; center_level: string }>(
      sql`SELECT name, parent_id, center_level FROM unit WHERE name LIKE '导入%' ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: '导入村中心', parent_id: t.f.center(TREE.T1), center_level: 'village' },
      { name: '导入派出所', parent_id: null, center_level: null },
    ]);
    const audit = await lastAudit('org.import.units');
    expect(audit).toEqual({ count: 1, details: { total: 8, imported: 2, rejected: 6 } });
  });

  it('fills empty region cells from ?regionCode= and rejects rows outside it', async () => {
    const file = await sheet(UNIT_COLUMNS, [
      ['默认区划单位', '其他', '', '', '', ''],
      ['区划外单位', '其他', '', '', '', TREE.V1b],
    ]);
    const res = await upload('units', file, `?regionCode=${TREE.V1a}`);
    const report = res.json<TImportReport>();
    expect(report).toMatchObject({ total: 2, imported: 1, rejected: 1 });
    expect(report.errors[0]).toMatchObject({ row: 3, field: '区划代码' });
    const rows = await t.db.query<{ region_code: string }>(
      sql`SELECT region_code FROM unit WHERE name = '默认区划单位'`,
    );
    expect(rows).toEqual([{ region_code: TREE.V1a }]);
  });

  it('returns 400 for a regionCode outside the scope, importing nothing', async () => {
    const file = await sheet(UNIT_COLUMNS, [['越权导入', '其他', '', '', '', TREE.V2a]]);
    const res = await upload('units', file, `?regionCode=${TREE.T2}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ fields: [{ path: 'regionCode' }] });
    expect(await t.db.query(sql`SELECT 1 FROM unit WHERE name = '越权导入'`)).toHaveLength(0);
  });

  it('answers 400 import.invalid_file for a corrupt body or a missing column', async () => {
    const corrupt = await upload('units', 'this is not a spreadsheet');
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json()).toMatchObject({ code: 'import.invalid_file' });
    const noColumn = await upload('units', await workbookBuffer([{ name: 'x', rows: [['名称']] }]));
    expect(noColumn.statusCode).toBe(400);
    expect(noColumn.json()).toMatchObject({
      code: 'import.invalid_file',
      fields: [{ path: '单位名称' }, { path: '类别' }, { path: '区划代码' }],
    });
  });
});

describe('org.import.staff', () => {
  it('imports valid accounts (hashed, phone encrypted, must change password) and reports the rest', async () => {
    const file = await sheet(STAFF_COLUMNS, [
      [
        'imp.zhang',
        '张三',
        'T1综治中心',
        TREE.T1,
        '13800138000',
        '受理员（座席）、网格员',
        TEST_PASSWORD,
      ],
      ['Imp.Li', '李四', 'V1a综治中心', TREE.V1a, '', 'clerk', TEST_PASSWORD],
      ['imp.admin', '王五', 'T1综治中心', TREE.T1, '', '系统管理员', TEST_PASSWORD],
      ['imp.weak', '赵六', 'T1综治中心', TREE.T1, '', '受理员', 'password'],
      ['imp.nounit', '钱七', '不存在单位', TREE.T1, '', '受理员', TEST_PASSWORD],
      ['imp.li', '李四二', 'T1综治中心', TREE.T1, '', '受理员', TEST_PASSWORD],
      [actorName, '重名', 'T1综治中心', TREE.T1, '', '受理员', TEST_PASSWORD],
      ['imp.phone', '孙八', 'T1综治中心', TREE.T1, '12345', '受理员', TEST_PASSWORD],
      ['imp.out', '周九', 'T2综治中心', TREE.T2, '', '受理员', TEST_PASSWORD],
    ]);
    const res = await upload('staff', file);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<TImportReport>();
    expect(report).toMatchObject({ total: 9, imported: 2, rejected: 7 });
    const reasons = reasonsByRow(report);
    expect(Object.keys(reasons).map(Number)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(reasons[4]?.[0]).toMatch(/^角色:管理员角色/);
    expect(reasons[5]?.every((r) => r.startsWith('初始密码:'))).toBe(true);
    expect(reasons[6]?.[0]).toMatch(/^所属单位名称:单位不存在/);
    expect(reasons[7]).toEqual(['用户名:与第 3 行重复']);
    expect(reasons[8]).toEqual(['用户名:用户名已被使用']);
    expect(reasons[9]?.[0]).toMatch(/^手机号:手机号格式不正确/);
    expect(reasons[10]?.[0]).toMatch(/^所属单位名称:/);
    expect(res.body).not.toContain(TEST_PASSWORD);

    const rows = await t.db.query<{
      username: string;
      phone_enc: string | null;
      password_hash: string;
      must_change_password: boolean;
      roles: string[];
    }>(sql`
      SELECT u.username, u.phone_enc, u.password_hash, u.must_change_password,
        array(SELECT role FROM user_role r WHERE r.user_id = u.id ORDER BY role) AS roles
      FROM app_user u WHERE u.username LIKE 'imp.%' ORDER BY u.username`);
    expect(rows.map((r) => [r.username, r.roles, r.must_change_password])).toEqual([
      ['imp.li', ['clerk'], true],
      ['imp.zhang', ['clerk', 'grid_worker'], true],
    ]);
    const zhang = rows[1];
    expect(zhang?.phone_enc).not.toContain('13800138000');
    expect(t.deps.cipher.decrypt(zhang?.phone_enc ?? '')).toBe('13800138000');
    expect(await t.deps.hasher.verify(zhang?.password_hash ?? '', TEST_PASSWORD)).toBe(true);
    expect(await lastAudit('org.import.staff')).toEqual({
      count: 1,
      details: { total: 9, imported: 2, rejected: 7 },
    });
  });
});

describe('org.import.grids', () => {
  it('imports grids with validated boundaries and reports every rejected row', async () => {
    const v = TREE.V1a;
    const file = await sheet(GRID_COLUMNS, [
      [`${v}501`, '导入一格', '综合', '320', '1050', SQUARE],
      [`${v}502`, '导入二格', '专属', '10', '', ''],
      [`${v}503`, '坏JSON', '', '', '', '{oops'],
      [`${v}504`, '自相交', '', '', '', BOWTIE],
      [`${TREE.V2a}505`, '越权格', '', '', '', ''],
      [`${v}501`, '重复格', '', '', '', ''],
      [`${v}507`, '负户数', '', '-3', '', ''],
      ['91010100100', '短编码', '', '', '', ''],
      [`${v}509`, '要素格', '', '', '', `{"type":"Feature","properties":{},"geometry":${SQUARE}}`],
    ]);
    const res = await upload('grids', file);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<TImportReport>();
    expect(report).toMatchObject({ total: 9, imported: 3, rejected: 6 });
    const reasons = reasonsByRow(report);
    expect(Object.keys(reasons).map(Number)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(reasons[4]).toEqual(['边界GeoJSON:边界不是有效的 JSON 文本']);
    expect(reasons[5]?.[0]).toMatch(/^边界GeoJSON:网格边界无效：/);
    expect(reasons[6]?.[0]).toMatch(/^网格编码:网格编码前 12 位对应的村（社区）不存在/);
    expect(reasons[7]).toEqual(['网格编码:与第 2 行重复']);
    expect(reasons[8]).toEqual(['户数:应为非负整数']);
    expect(reasons[9]?.[0]).toMatch(/^网格编码:网格编码应为 15 位数字/);
    const rows = await t.db.query<{ code: string; kind: string; min_lon: number | null }>(
      sql`SELECT code, kind, min_lon FROM grid WHERE name LIKE '%格' ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: `${v}501`, kind: 'comprehensive', min_lon: 114.95 },
      { code: `${v}502`, kind: 'dedicated', min_lon: null },
      { code: `${v}509`, kind: 'comprehensive', min_lon: 114.95 },
    ]);
    expect((await lastAudit('org.import.grids')).count).toBe(1);
  });
});

describe('org.import.template', () => {
  for (const kind of ['units', 'staff', 'grids'] as const) {
    it(`serves the ${kind} template: header, one example row, a 说明 sheet, no formulas`, async () => {
      const res = await t.call('GET', `/api/org/import/templates/${kind}`, { cookie });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload.buffer.slice(0) as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual([expect.stringMatching(/导入$/), '说明']);
      expect(wb.worksheets.every((w) => w.state === 'visible')).toBe(true);
      const columns = { units: UNIT_COLUMNS, staff: STAFF_COLUMNS, grids: GRID_COLUMNS }[kind];
      const first = wb.worksheets[0];
      expect(first?.rowCount).toBe(2);
      expect(first?.getRow(1).values).toEqual([undefined, ...columns.map((c) => c.title)]);
      let formulas = 0;
      for (const ws of wb.worksheets) {
        ws.eachRow((row) => {
          row.eachCell((cell) => {
            formulas += cell.type === ExcelJS.ValueType.Formula ? 1 : 0;
          });
        });
      }
      expect(formulas).toBe(0);
      expect(wb.worksheets[1]?.getRow(2).getCell(1).value).toBe(columns[0]?.title);
    });
  }

  it('is refused to a role without org.import', async () => {
    const clerk = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    const res = await t.call('GET', '/api/org/import/templates/units', { cookie: clerk.cookie });
    expect(res.statusCode).toBe(403);
  });
});
