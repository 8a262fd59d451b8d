// The public 受理回执: the same document model and HTML renderer as the staff print
// (matters/documents-model.ts, documents-html.ts), fed with publicly scrubbed text; the reporter's
// name is masked there as on every receipt. The print trace names no staff member.
import { toString as qrSvg, toBuffer as qrPng } from 'qrcode';
import { buildDocument, chineseDate, type DocMatter } from '../matters/documents-model.ts';
import { renderDocumentHtml } from '../matters/documents-html.ts';
import { notFound } from '../../core/errors.ts';
import type { BinaryResult, RequestCtx } from '../../core/http/context.ts';
import { findRegionInScope } from '../org/lookup.ts';
import { findPublicMatter, namesToMask, publicTitle, scrubPublic } from './present.ts';

export function publicBase(ctx: RequestCtx): string {
  return (ctx.deps.config.publicBaseUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
}

export async function renderReceipt(ctx: RequestCtx, trackingCode: string): Promise<BinaryResult> {
  const m = await findPublicMatter(ctx, trackingCode);
  const names = await namesToMask(ctx, m);
  const reporterName =
    m.anonymous || m.reporter_name_enc === null
      ? null
      : ctx.deps.cipher.decrypt(m.reporter_name_enc);
  const matter: DocMatter = {
    id: m.id,
    code: m.code,
    trackingCode: m.tracking_code,
    type: m.type,
    categoryName: m.category_name ?? m.category_code,
    channel: m.channel,
    title: publicTitle(m, names),
    description: scrubPublic(m.description, names),
    regionName: m.region_name ?? m.region_code,
    countyName: m.county_name ?? '',
    address: null,
    reporterName,
    urgent: m.urgent,
    dueAt: m.due_at,
    outcome: null,
    registeredAt: m.registered_at,
    acceptedAt: m.accepted_at,
    declinedAt: null,
    ownerUnitName: m.owner_unit_name,
    registeredUnitName: m.registered_unit_name,
  };
  const now = ctx.clock.now();
  const doc = buildDocument('receipt', {
    matter,
    assignments: [],
    supervision: null,
    // the same address as on the staff-printed receipt (matters/documents.ts)
    trackUrl: `${publicBase(ctx)}/track/${encodeURIComponent(m.tracking_code)}`,
    printedBy: '群众自助打印',
    printedAt: now,
  });
  if (doc === null) {
    throw notFound();
  }
  const printed = {
    ...doc,
    printTrace: `本回执由群众凭查询码自助打印（${chineseDate(now)}），可凭查询码查询办理进度`,
    watermark: '网上受理回执',
  };
  return {
    filename: `${doc.fileStem}.html`,
    contentType: 'text/html; charset=utf-8',
    body: await renderDocumentHtml(printed),
  };
}

/** 码上办: a printable QR code opening the portal with the region filled in. */
export async function renderRegionQr(
  ctx: RequestCtx,
  regionCode: string,
  format: 'svg' | 'png',
): Promise<BinaryResult> {
  const region = await findRegionInScope(ctx.tx, regionCode, ctx.scope());
  if (region === undefined) {
    throw notFound();
  }
  const url = `${publicBase(ctx)}/portal?region=${encodeURIComponent(region.code)}`;
  const filename = `码上办-${region.name}-${region.code}.${format}`;
  if (format === 'png') {
    const body = await qrPng(url, {
      type: 'png',
      width: 600,
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    return { filename, contentType: 'image/png', body };
  }
  const svg = await qrSvg(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { filename, contentType: 'image/svg+xml', body: Buffer.from(svg, 'utf8') };
}
