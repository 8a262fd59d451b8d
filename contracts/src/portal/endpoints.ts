import { z } from '../zod.ts';
import { defineEndpoints, type TAccess } from '../endpoint.ts';
import {
  ZPortalChallenge,
  ZPortalQrParams,
  ZPortalQrQuery,
  ZPortalRate,
  ZPortalSubmit,
  ZPortalSubmitResult,
  ZPortalTrack,
  ZTrackingCodeParams,
} from './schemas.ts';

// Public routes (no session): each is rate-limited per address here, and the handlers add
// database-backed limits (per address, per phone, per failed lookup) that hold across processes.
const open: TAccess = {
  permission: 'public',
  scoped: false,
  pii: false,
  audit: false,
  idempotent: true,
};

export const PORTAL_ENDPOINTS = defineEndpoints({
  'portal.challenge': {
    method: 'POST',
    path: '/api/portal/challenge',
    tag: 'portal',
    summary: '群众端：获取一次性图形验证码（5 分钟内有效）',
    response: ZPortalChallenge,
    status: 201,
    access: {
      ...open,
      audit: true,
      idempotent: false,
      rateLimit: { max: 10, windowSeconds: 60 },
    },
  },
  'portal.submit': {
    method: 'POST',
    path: '/api/portal/requests',
    tag: 'portal',
    summary: '群众端：提交诉求（可匿名），返回查询码和受理回执地址',
    body: ZPortalSubmit,
    response: ZPortalSubmitResult,
    status: 201,
    access: {
      ...open,
      pii: true,
      audit: true,
      idempotent: false,
      rateLimit: { max: 10, windowSeconds: 60 },
    },
  },
  'portal.track': {
    method: 'GET',
    path: '/api/portal/track/:trackingCode',
    tag: 'portal',
    summary: '群众端：凭查询码查看办理进度',
    params: ZTrackingCodeParams,
    response: ZPortalTrack,
    access: { ...open, rateLimit: { max: 30, windowSeconds: 60 } },
  },
  'portal.rate': {
    method: 'POST',
    path: '/api/portal/track/:trackingCode/rate',
    tag: 'portal',
    summary: '群众端：评价办理结果（不满意将重新办理），每次办结只能评价一次',
    params: ZTrackingCodeParams,
    body: ZPortalRate,
    response: ZPortalTrack,
    access: {
      ...open,
      audit: true,
      idempotent: false,
      rateLimit: { max: 10, windowSeconds: 60 },
    },
  },
  'portal.receipt': {
    method: 'GET',
    path: '/api/portal/track/:trackingCode/receipt',
    tag: 'portal',
    summary: '群众端：打印受理回执（反映人姓名脱敏）',
    params: ZTrackingCodeParams,
    response: z.unknown(),
    binary: true,
    access: { ...open, pii: true, rateLimit: { max: 30, windowSeconds: 60 } },
  },
  'portal.qr': {
    method: 'GET',
    path: '/api/portal/qr/:regionCode',
    tag: 'portal',
    summary: '码上办：生成本区划群众端入口二维码（SVG 或 PNG，可打印张贴）',
    params: ZPortalQrParams,
    query: ZPortalQrQuery,
    response: z.unknown(),
    binary: true,
    access: {
      permission: 'org.read',
      scoped: true,
      pii: false,
      audit: false,
      idempotent: true,
    },
  },
});
