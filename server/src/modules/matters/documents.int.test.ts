import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMatter } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import type { RouteDef } from '../../core/http/context.ts';
import { ALL_ROUTES } from '../../routes.ts';
import { TREE } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { readZipDirectory, readZipEntry } from '../attachments/zip.ts';
import { documentRoute } from './documents.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const REPORTER = '王建国';
const PHONE = '13800138000';

let t: TestApp;
let f: MatterFactory;
let owner: Actor;
let dept: { unitId: number; actor: Actor };
let other: Actor;
let handled: TMatter; // accepted, dispatched and supervised
let declined: TMatter;

const routes: RouteDef[] = [
  ...ALL_ROUTES.filter((r) => r.endpoint.id !== documentRoute.endpoint.id),
  documentRoute,
];

async function post(who: Actor, url: string, body: unknown): Promise<TMatter> {
  const res = await f.call(who, 'POST', url, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TMatter>();
}

beforeAll(async () => {
  t = await createTestApp({ routes });
  await t.f.tree();
  f = new MatterFactory(t);
  owner = await f.center(TREE.T1);
  other = await f.center(TREE.T2);
  dept = await f.department(TREE.T1);
  const m = await f.register(TREE.V1a, {
    description: `${REPORTER}（电话${PHONE}）反映：邻居夜间装修，噪音扰民`,
    address: '幸福小区3号楼',
    acceptNow: true,
  });
  await post(owner, `/api/matters/${m.id}/dispatch`, {
    assignments: [{ unitId: dept.unitId, lead: true }],
  });
  handled = await post(owner, `/api/matters/${m.id}/supervise`, {
    level: 'yellow',
    notice: `未按期联系${REPORTER}，请于5日内上门核实`,
    replyDays: 5,
  });
  declined = (await f.inStatus(TREE.V1a, 'declined')).matter;
});
afterAll(async () => {
  await t.close();
});

function get(who: Actor, id: number, kind: string, format = 'html') {
  return t.call('GET', `/api/matters/${id}/documents/${kind}?format=${format}`, {
    cookie: who.cookie,
  });
}

async function html(who: Actor, id: number, kind: string): Promise<string> {
  const res = await get(who, id, kind);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  return res.body;
}

/** word/document.xml of a .docx answer, after checking it is a well-formed ZIP. */
async function docxXml(
  who: Actor,
  id: number,
  kind: string,
): Promise<{ xml: string; names: string[] }> {
  const res = await get(who, id, kind, 'docx');
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe(DOCX);
  const buf = res.rawPayload;
  expect(buf.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  const entries = readZipDirectory(buf, 1000);
  expect(entries).not.toBeNull();
  const doc = entries?.find((e) => e.name === 'word/document.xml');
  expect(doc).toBeDefined();
  return {
    xml: doc === undefined ? '' : readZipEntry(buf, doc).toString('utf8'),
    names: (entries ?? []).map((e) => e.name),
  };
}

function expectNoReporter(text: string): void {
  expect(text).not.toContain(REPORTER);
  expect(text).not.toContain('王**');
  expect(text).not.toContain(PHONE);
  expect(text).not.toContain('138****8000');
}

describe('GET /api/matters/:id/documents/:kind', () => {
  it('受理回执 as a printable page: codes, a QR code, the masked reporter, no external assets', async () => {
    const res = await get(owner, handled.id, 'receipt');
    const disposition = String(res.headers['content-disposition']);
    // opens in the browser for printing, sandboxed: no scripts, nothing fetched
    expect(disposition.startsWith("inline; filename*=UTF-8''")).toBe(true);
    expect(String(res.headers['content-security-policy'])).toMatch(/^sandbox .*default-src 'none'/);
    expect(decodeURIComponent(disposition.split("''")[1] ?? '')).toBe(
      `受理回执-${handled.code}.html`,
    );
    const page = await html(owner, handled.id, 'receipt');
    expect(page).toContain(handled.code);
    expect(page).toContain(handled.trackingCode);
    expect(page).toMatch(/<svg[^>]*viewBox/);
    expect(page).toContain('王**');
    expect(page).not.toContain(REPORTER);
    expect(page).not.toContain(PHONE);
    expect(page).toContain('2026年3月2日');
    expect(page).toContain('@page { size: A4');
    expect(page).not.toMatch(/<script|<link|(src|href)=["']?https?:|url\(/i);
  });

  it('受理回执 as .docx: a valid ZIP whose document.xml holds the codes, with the QR as a PNG', async () => {
    const { xml, names } = await docxXml(owner, handled.id, 'receipt');
    expect(xml).toContain(handled.code);
    expect(xml).toContain(handled.trackingCode);
    expect(xml).not.toContain(REPORTER);
    expect(names.some((n) => /^word\/media\/.+\.png$/.test(n))).toBe(true);
  });

  it('受理告知书 carries a 文号 derived from the matter code and the acceptance', async () => {
    const page = await html(owner, handled.id, 'acceptance_notice');
    const [, mmdd, seq] = /^\d{6}-2026(\d{4})-(\d{4})$/.exec(handled.code) ?? [];
    expect(page).toContain(`区划C1综治受〔2026〕第${mmdd ?? ''}${seq ?? ''}号`);
    expect(page).toContain('予以受理');
    expect(page).toContain('王**：');
    const { xml } = await docxXml(owner, handled.id, 'acceptance_notice');
    expect(xml).toContain(handled.code);
  });

  it('交办单 (page and .docx) names the units and never the reporter, not even inside the text', async () => {
    const unitName = handled.assignments[0]?.unitName ?? '';
    const page = await html(owner, handled.id, 'dispatch_sheet');
    expect(page).toContain(handled.code);
    expect(page).toContain(unitName);
    expect(page).toContain('幸福小区3号楼');
    expect(page).toContain('反映人（电话［已隐去］）反映');
    expectNoReporter(page);
    const { xml } = await docxXml(owner, handled.id, 'dispatch_sheet');
    expect(xml).toContain(handled.code);
    expectNoReporter(xml);
  });

  it('the unit the matter was dispatched to can print its 交办单', async () => {
    expectNoReporter(await html(dept.actor, handled.id, 'dispatch_sheet'));
  });

  it('督办函 carries the level, the notice and the reply deadline, without the reporter', async () => {
    const page = await html(owner, handled.id, 'supervision_letter');
    expect(page).toContain('黄牌督办');
    expect(page).toContain('请于5日内上门核实');
    expect(page).toContain('书面反馈');
    expect(page).toMatch(/区划C1综治督〔2026〕第\d{8}号/);
    expectNoReporter(page);
    expectNoReporter((await docxXml(owner, handled.id, 'supervision_letter')).xml);
  });

  it('不予受理告知书 states the decision and the reason', async () => {
    const page = await html(owner, declined.id, 'decline_notice');
    expect(page).toContain('不予受理');
    expect(page).toContain('不属于受理范围');
    expect(page).toMatch(/区划C1综治不受〔2026〕第\d{8}号/);
  });

  it('returns 404 for a document the matter does not have in its state', async () => {
    expect((await get(owner, handled.id, 'decline_notice')).statusCode).toBe(404);
    expect((await get(owner, declined.id, 'acceptance_notice')).statusCode).toBe(404);
    expect((await get(owner, declined.id, 'dispatch_sheet')).statusCode).toBe(404);
    const res = await get(owner, declined.id, 'supervision_letter');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('resource.not_found');
  });

  it('returns 404 for a matter of another 乡镇', async () => {
    expect((await get(other, handled.id, 'receipt')).statusCode).toBe(404);
    expect((await get(other, handled.id, 'dispatch_sheet', 'docx')).statusCode).toBe(404);
  });

  it('writes one audit row per printed document, naming kind and format', async () => {
    const before = await t.db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM audit_log WHERE event = 'matters.document' AND target_id = ${String(handled.id)}`);
    await html(owner, handled.id, 'receipt');
    const rows = await t.db.query<{ details: { kind: string; format: string } }>(sql`
      SELECT details FROM audit_log WHERE event = 'matters.document' AND target_id = ${String(handled.id)}
      ORDER BY id DESC`);
    expect(rows).toHaveLength((before[0]?.n ?? 0) + 1);
    expect(rows[0]?.details).toEqual({ kind: 'receipt', format: 'html' });
  });

  it('rejects an unknown kind or format with 400', async () => {
    expect((await get(owner, handled.id, 'letter')).statusCode).toBe(400);
    expect((await get(owner, handled.id, 'receipt', 'pdf')).statusCode).toBe(400);
  });
});
