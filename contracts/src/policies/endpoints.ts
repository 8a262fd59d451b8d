import { z } from '../zod.ts';
import { defineEndpoints, type TAccess } from '../endpoint.ts';
import {
  ZCreateDeadlinePolicy,
  ZDeadlinePolicy,
  ZGridAdmission,
  ZPolicyIdParams,
  ZUpdateDeadlinePolicy,
  ZUpsertGridAdmission,
} from './schemas.ts';

// Deadline policies and the admission list are national configuration: no data scope.
const read: TAccess = {
  permission: 'org.read',
  scoped: false,
  pii: false,
  audit: false,
  idempotent: true,
};
const manage: TAccess = {
  permission: 'policy.manage',
  scoped: false,
  pii: false,
  audit: true,
  idempotent: false,
};

export const POLICY_ENDPOINTS = defineEndpoints({
  'policies.list': {
    method: 'GET',
    path: '/api/deadline-policies',
    tag: 'policies',
    summary: '办理时限政策列表（含法定上限）',
    response: z.array(ZDeadlinePolicy),
    access: read,
  },
  'policies.create': {
    method: 'POST',
    path: '/api/deadline-policies',
    tag: 'policies',
    summary: '新增办理时限政策（不得长于法定时限）',
    body: ZCreateDeadlinePolicy,
    response: ZDeadlinePolicy,
    status: 201,
    access: manage,
  },
  'policies.update': {
    method: 'PUT',
    path: '/api/deadline-policies/:id',
    tag: 'policies',
    summary: '修改办理时限政策（不得长于法定时限）',
    params: ZPolicyIdParams,
    body: ZUpdateDeadlinePolicy,
    response: ZDeadlinePolicy,
    access: manage,
  },
  'admissions.list': {
    method: 'GET',
    path: '/api/grid-admissions',
    tag: 'policies',
    summary: '网格事项准入清单',
    response: z.array(ZGridAdmission),
    access: read,
  },
  'admissions.upsert': {
    method: 'PUT',
    path: '/api/grid-admissions',
    tag: 'policies',
    summary: '设置某类事项能否下派网格及依据',
    body: ZUpsertGridAdmission,
    response: ZGridAdmission,
    access: manage,
  },
});
