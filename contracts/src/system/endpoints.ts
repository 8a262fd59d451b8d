import { z } from '../zod.ts';
import { defineEndpoints } from '../endpoint.ts';

export const ZHealth = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgresql']),
  migration: z.number().int(),
  mode: z.enum(['demo', 'production', 'test']),
  version: z.string(),
  startedAt: z.string(),
});

export const SYSTEM_ENDPOINTS = defineEndpoints({
  'system.health': {
    method: 'GET',
    path: '/api/health',
    tag: 'system',
    summary: '健康检查（不访问数据库）',
    response: ZHealth,
    access: { permission: 'public', scoped: false, pii: false, audit: false, idempotent: true },
  },
});
