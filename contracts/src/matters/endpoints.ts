import { z } from '../zod.ts';
import { defineEndpoints, type TAccess, type TEndpoint } from '../endpoint.ts';
import { ZIdParams, ZPage } from '../common.ts';
import { ACTIONS, BASE_MACHINE, type TAction } from '../machines/base.ts';
import { ACTION_INPUTS, actionPath } from './actions.ts';
import {
  ZDuplicateCandidate,
  ZDuplicateQuery,
  ZHistoryEntry,
  ZMatter,
  ZMatterListQuery,
  ZMatterSummary,
  ZReassign,
  ZReassignResult,
  ZRegisterMatter,
  ZRevealRequest,
  ZRevealResponse,
  ZWorklistCounts,
} from './schemas.ts';

const read: TAccess = {
  permission: 'matter.read',
  scoped: true,
  pii: true,
  audit: false,
  idempotent: true,
};

export const MATTER_ENDPOINTS = defineEndpoints({
  'matters.register': {
    method: 'POST',
    path: '/api/matters',
    tag: 'matters',
    summary: '登记事项（支持 Idempotency-Key 重试）',
    body: ZRegisterMatter,
    response: ZMatter,
    status: 201,
    access: {
      permission: 'matter.register',
      scoped: true,
      pii: true,
      audit: true,
      idempotent: true,
    },
  },
  'matters.list': {
    method: 'GET',
    path: '/api/matters',
    tag: 'matters',
    summary: '事项列表、工作台待办与全文检索',
    query: ZMatterListQuery,
    response: ZPage(ZMatterSummary),
    access: read,
  },
  'matters.counts': {
    method: 'GET',
    path: '/api/matters/worklists',
    tag: 'matters',
    summary: '工作台各待办数量',
    response: ZWorklistCounts,
    access: read,
  },
  'matters.get': {
    method: 'GET',
    path: '/api/matters/:id',
    tag: 'matters',
    summary: '事项详情（个人信息脱敏，附当前可执行操作）',
    params: ZIdParams,
    response: ZMatter,
    access: read,
  },
  'matters.history': {
    method: 'GET',
    path: '/api/matters/:id/history',
    tag: 'matters',
    summary: '办理过程（时间线）',
    params: ZIdParams,
    response: z.array(ZHistoryEntry),
    access: { ...read, pii: false },
  },
  'matters.reveal': {
    method: 'POST',
    path: '/api/matters/:id/reveal',
    tag: 'matters',
    summary: '查看完整个人信息（须说明理由，留痕）',
    params: ZIdParams,
    body: ZRevealRequest,
    response: ZRevealResponse,
    access: {
      permission: 'pii.reveal',
      scoped: true,
      pii: true,
      audit: true,
      idempotent: false,
      rateLimit: { max: 20, windowSeconds: 3600 },
    },
  },
  'matters.duplicates': {
    method: 'POST',
    path: '/api/matters/duplicates',
    tag: 'matters',
    summary: '登记前查找可能重复的事项',
    body: ZDuplicateQuery,
    response: z.array(ZDuplicateCandidate),
    access: {
      permission: 'matter.register',
      scoped: true,
      pii: false,
      audit: false,
      idempotent: true,
      readOnly: true,
    },
  },
  'matters.reassign': {
    method: 'POST',
    path: '/api/matters/reassign',
    tag: 'matters',
    summary: '移交离岗人员的在办事项',
    body: ZReassign,
    response: ZReassignResult,
    access: {
      permission: 'matter.reassign',
      scoped: true,
      pii: false,
      audit: true,
      idempotent: false,
    },
  },
});

type ActionEndpointId = `matters.${TAction}`;

/** One endpoint per action of the transition table, with the action's permission and body. */
export const MATTER_ACTION_ENDPOINTS = Object.fromEntries(
  BASE_MACHINE.map((t) => [
    `matters.${t.action}`,
    {
      id: `matters.${t.action}`,
      method: 'POST',
      path: `/api/matters/:id/${actionPath(t.action)}`,
      tag: 'matters',
      summary: `事项操作：${ACTIONS[t.action]}`,
      params: ZIdParams,
      body: ACTION_INPUTS[t.input],
      response: ZMatter,
      access: { permission: t.permission, scoped: true, pii: true, audit: true, idempotent: false },
    } satisfies TEndpoint,
  ]),
) as unknown as Record<
  ActionEndpointId,
  TEndpoint & { response: typeof ZMatter; params: typeof ZIdParams }
>;
