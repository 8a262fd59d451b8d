import type {
  TAction,
  TMatter,
  TRegisterMatter,
  z,
  ZDuplicateQuery,
  ZRevealRequest,
} from '@fengqiao/contracts';
import { ENDPOINTS } from '@fengqiao/contracts';
import type { TDictNode } from '@fengqiao/contracts/dicts/schemas.ts';
import type { TMatterDocumentKind } from '@fengqiao/contracts/matters/documents.ts';
import { call, endpointUrl, type RequestInput, type TOut } from '../../api/client.ts';

export type TMatterSummary = TOut<'matters.list'>['items'][number];
export type TMatterListQuery = NonNullable<
  RequestInput<(typeof ENDPOINTS)['matters.list']>['query']
>;
export type TWorklist = NonNullable<TMatterListQuery['box']>;
export type THistoryEntry = TOut<'matters.history'>[number];
export type TDuplicate = TOut<'matters.duplicates'>[number];
export type { TDictNode, TMatter, TMatterDocumentKind };

export const getMatter = (id: number) => call('matters.get', { params: { id } });
export const getHistory = (id: number) => call('matters.history', { params: { id } });
export const worklistCounts = () => call('matters.counts');
export const listMatters = (query: TMatterListQuery) => call('matters.list', { query });

/** Registration carries an Idempotency-Key so a retried submission never makes a second matter. */
export const registerMatter = (body: TRegisterMatter, idempotencyKey: string) =>
  call('matters.register', { body, headers: { 'Idempotency-Key': idempotencyKey } });

export const findDuplicates = (body: z.output<typeof ZDuplicateQuery>) =>
  call('matters.duplicates', { body });

export const revealField = (id: number, body: z.output<typeof ZRevealRequest>) =>
  call('matters.reveal', { params: { id }, body });

/** Runs one action of the transition table; the response is the matter as it now stands. */
export function performAction(
  id: number,
  action: TAction,
  body: Record<string, unknown>,
): Promise<TMatter> {
  return call(`matters.${action}`, { params: { id }, body });
}

/** The 事项类别 dictionary as a tree (active items only). */
export async function categoryTree(): Promise<TDictNode[]> {
  const tree = await call('dicts.get', { params: { dict: 'matter_category' } });
  return tree.items;
}

export function documentUrl(id: number, kind: TMatterDocumentKind): string {
  return endpointUrl(ENDPOINTS['matters.document'], { id, kind }, { format: 'html' });
}

export function attachmentUrl(id: number): string {
  return endpointUrl(ENDPOINTS['attachments.download'], { id });
}
