import { defineEndpoints } from '../endpoint.ts';
import { ZCheckin, ZCheckinCreate, ZCheckinListQuery, ZCheckinPage } from './schemas.ts';

export const ROUTINE_ENDPOINTS = defineEndpoints({
  'routine.checkin': {
    method: 'POST',
    path: '/api/checkins',
    tag: 'routine',
    summary: '网格员日排查签到（零报告），每个网格每天一次（支持 Idempotency-Key 重试）',
    body: ZCheckinCreate,
    response: ZCheckin,
    status: 201,
    // idempotent: an offline phone retries with its Idempotency-Key and gets the first answer;
    // a genuinely second check-in of the same grid and day is a 409
    access: {
      permission: 'matter.register',
      scoped: true,
      pii: false,
      audit: true,
      idempotent: true,
    },
  },
  'routine.checkins': {
    method: 'GET',
    path: '/api/checkins',
    tag: 'routine',
    summary: '日排查签到记录（按网格所属区划）',
    query: ZCheckinListQuery,
    response: ZCheckinPage,
    access: {
      permission: 'matter.read',
      scoped: true,
      pii: false,
      audit: false,
      idempotent: true,
    },
  },
});
