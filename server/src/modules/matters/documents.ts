// GET /api/matters/:id/documents/:kind — 受理回执, 受理/不予受理告知书, 交办单, 督办函 as a
// printable page or a .docx. The matter is loaded through matterScope (out of scope = 404), and a
// document that does not exist for the matter's state (不予受理告知书 of a matter not declined,
// 督办函 without a 督办, 交办单 before dispatch) is 404 resource.not_found too: for this matter
// there is no such document. Every generated document is audited (SECURITY.md C1).
// The SQL sits here rather than in queries.ts because only this verb reads these columns.
import { MATTER_DOCUMENT_ENDPOINTS } from '@fengqiao/contracts/matters/documents.ts';
import type { TMatterDocumentKind } from '@fengqiao/contracts/matters/documents.ts';
import type { TChannel, TMatterType } from '@fengqiao/contracts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { notFound } from '../../core/errors.ts';
import {
  route,
  type BinaryResult,
  type RequestCtx,
  type RouteDef,
} from '../../core/http/context.ts';
import type { Scope } from '../../core/scope.ts';
import { renderDocumentDocx } from './documents-docx.ts';
import { renderDocumentHtml } from './documents-html.ts';
import {
  buildDocument,
  type DocAssignment,
  type DocMatter,
  type DocSupervision,
} from './documents-model.ts';
import { matterScope } from './summary.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The matter's fields a printed document shows; the portal's receipt reads the same. */
export interface MatterDocRow {
  id: number;
  code: string;
  tracking_code: string;
  type: TMatterType;
  category_code: string;
  category_name: string | null;
  channel: TChannel;
  title: string;
  description: string;
  region_code: string;
  region_name: string | null;
  county_name: string | null;
  address: string | null;
  anonymous: boolean;
  reporter_name_enc: string | null;
  urgent: boolean;
  due_at: Date | null;
  outcome: string | null;
  registered_at: Date;
  accepted_at: Date | null;
  declined_at: Date | null;
  owner_unit_name: string;
  registered_unit_name: string;
}

/** Columns of MatterDocRow over `matter m` and the two unit joins of MATTER_DOC_FROM. */
export const MATTER_DOC_COLUMNS = sql`m.id, m.code, m.tracking_code, m.type, m.category_code,
      (SELECT d.name FROM dict_item d WHERE d.dict = 'matter_category' AND d.code = m.category_code) AS category_name,
      m.channel, m.title, m.description, m.region_code,
      (SELECT r.name FROM region r WHERE r.code = m.region_code) AS region_name,
      (SELECT r.name FROM region r WHERE r.code = left(m.region_code, 6)) AS county_name,
      m.address, m.anonymous, m.reporter_name_enc, m.urgent, m.due_at, m.outcome,
      m.registered_at, m.accepted_at,
      CASE WHEN m.status = 'declined' THEN COALESCE(
        (SELECT max(h.at) FROM matter_history h WHERE h.matter_id = m.id AND h.to_status = 'declined'),
        m.updated_at) END AS declined_at,
      ou.name AS owner_unit_name, ru.name AS registered_unit_name`;

export const MATTER_DOC_FROM = sql`matter m
    JOIN unit ou ON ou.id = m.owner_unit_id
    JOIN unit ru ON ru.id = m.registered_unit_id`;

async function findMatterForDocument(
  tx: Tx,
  id: number,
  scope: Scope,
): Promise<MatterDocRow | undefined> {
  return tx.maybeOne<MatterDocRow>(sql`
    SELECT ${MATTER_DOC_COLUMNS} FROM ${MATTER_DOC_FROM}
    WHERE m.id = ${id} AND ${matterScope(scope)}`);
}

/** The units of the latest dispatch round still working on it (returned and withdrawn left out). */
async function findDispatch(tx: Tx, matterId: number): Promise<DocAssignment[]> {
  const rows = await tx.query<{
    unit_name: string;
    is_lead: boolean;
    due_at: Date | null;
    dispatched_at: Date;
  }>(sql`
    SELECT u.name AS unit_name, a.is_lead, a.due_at, a.dispatched_at
    FROM matter_assignment a JOIN unit u ON u.id = a.unit_id
    WHERE a.matter_id = ${matterId} AND a.status NOT IN ('returned', 'withdrawn')
      AND a.cycle = (SELECT max(x.cycle) FROM matter_assignment x WHERE x.matter_id = ${matterId})
    ORDER BY a.is_lead DESC, a.id`);
  return rows.map((r) => ({
    unitName: r.unit_name,
    isLead: r.is_lead,
    dueAt: r.due_at,
    dispatchedAt: r.dispatched_at,
  }));
}

async function findLatestSupervision(tx: Tx, matterId: number): Promise<DocSupervision | null> {
  const row = await tx.maybeOne<{
    level: DocSupervision['level'];
    notice: string;
    reply_due: Date | null;
    created_at: Date;
    by_unit_name: string | null;
    to_unit_name: string | null;
  }>(sql`
    SELECT s.level, s.notice, s.reply_due, s.created_at,
      (SELECT u.name FROM unit u WHERE u.id = s.by_unit) AS by_unit_name,
      (SELECT u.name FROM unit u WHERE u.id = s.to_unit) AS to_unit_name
    FROM supervision s WHERE s.matter_id = ${matterId}
    ORDER BY s.created_at DESC, s.id DESC LIMIT 1`);
  return row === undefined
    ? null
    : {
        level: row.level,
        notice: row.notice,
        replyDue: row.reply_due,
        createdAt: row.created_at,
        byUnitName: row.by_unit_name,
        toUnitName: row.to_unit_name,
      };
}

function toDocMatter(row: MatterDocRow, reporterName: string | null): DocMatter {
  return {
    id: row.id,
    code: row.code,
    trackingCode: row.tracking_code,
    type: row.type,
    categoryName: row.category_name ?? row.category_code,
    channel: row.channel,
    title: row.title,
    description: row.description,
    regionName: row.region_name ?? row.region_code,
    countyName: row.county_name ?? '',
    address: row.address,
    reporterName,
    urgent: row.urgent,
    dueAt: row.due_at,
    outcome: row.outcome,
    registeredAt: row.registered_at,
    acceptedAt: row.accepted_at,
    declinedAt: row.declined_at,
    ownerUnitName: row.owner_unit_name,
    registeredUnitName: row.registered_unit_name,
  };
}

export async function renderMatterDocument(
  ctx: RequestCtx,
  id: number,
  kind: TMatterDocumentKind,
  format: 'html' | 'docx',
): Promise<BinaryResult> {
  const actor = ctx.me();
  const row = await findMatterForDocument(ctx.tx, id, ctx.scope());
  if (row === undefined) {
    throw notFound();
  }
  // decrypted only to be masked (receipts, notices) or scrubbed out of free text (transfers)
  const reporterName =
    row.anonymous || row.reporter_name_enc === null
      ? null
      : ctx.deps.cipher.decrypt(row.reporter_name_enc);
  const base = ctx.deps.config.publicBaseUrl ?? 'http://localhost:3000';
  const doc = buildDocument(kind, {
    matter: toDocMatter(row, reporterName),
    assignments: kind === 'dispatch_sheet' ? await findDispatch(ctx.tx, id) : [],
    supervision: kind === 'supervision_letter' ? await findLatestSupervision(ctx.tx, id) : null,
    trackUrl: `${base.replace(/\/+$/, '')}/track/${encodeURIComponent(row.tracking_code)}`,
    printedBy: `${actor.unitName} ${actor.displayName}`,
    printedAt: ctx.clock.now(),
  });
  if (doc === null) {
    throw notFound();
  }
  await ctx.audit({
    event: 'matters.document',
    targetType: 'matter',
    targetId: id,
    regionCode: row.region_code,
    details: { kind, format },
  });
  return format === 'docx'
    ? {
        filename: `${doc.fileStem}.docx`,
        contentType: DOCX_TYPE,
        body: await renderDocumentDocx(doc),
      }
    : {
        filename: `${doc.fileStem}.html`,
        contentType: 'text/html; charset=utf-8',
        body: await renderDocumentHtml(doc),
      };
}

export const documentRoute: RouteDef = route(
  MATTER_DOCUMENT_ENDPOINTS['matters.document'],
  (ctx, { params, query }) => renderMatterDocument(ctx, params.id, params.kind, query.format),
);
