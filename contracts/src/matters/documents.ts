// 文书: printable documents generated from a matter (DOMAIN.md §4). A document that does not
// apply to the matter's state (不予受理告知书 of a matter not declined, 督办函 without a 督办)
// answers 404 resource.not_found: for this matter there is no such document.
import { z } from '../zod.ts';
import { defineEndpoints } from '../endpoint.ts';
import { ZId } from '../common.ts';

export const MATTER_DOCUMENTS = {
  receipt: '受理回执',
  acceptance_notice: '受理告知书',
  decline_notice: '不予受理告知书',
  dispatch_sheet: '交办单',
  supervision_letter: '督办函',
} as const;
export type TMatterDocumentKind = keyof typeof MATTER_DOCUMENTS;

export const ZMatterDocumentKind = z.enum(
  Object.keys(MATTER_DOCUMENTS) as [TMatterDocumentKind, ...TMatterDocumentKind[]],
);
export const ZMatterDocumentParams = z.object({ id: ZId, kind: ZMatterDocumentKind }).strict();
export const ZMatterDocumentQuery = z
  .object({ format: z.enum(['html', 'docx']).default('html') })
  .strict();

export const MATTER_DOCUMENT_ENDPOINTS = defineEndpoints({
  'matters.document': {
    method: 'GET',
    path: '/api/matters/:id/documents/:kind',
    tag: 'matters',
    summary: '生成文书（受理回执、受理/不予受理告知书、交办单、督办函），可打印网页或 Word',
    params: ZMatterDocumentParams,
    query: ZMatterDocumentQuery,
    response: z.unknown(),
    binary: true,
    // printing is audited (SECURITY.md C1); reporter identity is masked or left out (H6)
    access: { permission: 'matter.read', scoped: true, pii: true, audit: true, idempotent: true },
  },
});
