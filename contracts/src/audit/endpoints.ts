import { defineEndpoints } from '../endpoint.ts';
import { ZPage } from '../common.ts';
import { ZAuditEntry, ZAuditQuery, ZAuditVerifyResult } from './schemas.ts';

export const AUDIT_ENDPOINTS = defineEndpoints({
  'audit.list': {
    method: 'GET',
    path: '/api/audit/logs',
    tag: 'audit',
    summary: '审计日志查询（审计管理员）',
    query: ZAuditQuery,
    response: ZPage(ZAuditEntry),
    access: { permission: 'audit.read', scoped: true, pii: false, audit: true, idempotent: true },
  },
  'audit.verify': {
    method: 'POST',
    path: '/api/audit/verify',
    tag: 'audit',
    summary: '校验审计日志哈希链',
    response: ZAuditVerifyResult,
    access: {
      permission: 'audit.verify',
      scoped: false,
      pii: false,
      audit: true,
      idempotent: true,
    },
  },
});
