import type { TEndpoint } from './endpoint.ts';
import { AUDIT_ENDPOINTS } from './audit/endpoints.ts';
import { AUTH_ENDPOINTS } from './auth/endpoints.ts';
import { ORG_ENDPOINTS } from './org/endpoints.ts';
import { SYSTEM_ENDPOINTS } from './system/endpoints.ts';
import { USER_ENDPOINTS } from './users/endpoints.ts';
import { MATTER_ACTION_ENDPOINTS, MATTER_ENDPOINTS } from './matters/endpoints.ts';
import { NOTIFICATION_ENDPOINTS } from './notifications/endpoints.ts';
import { CALENDAR_ENDPOINTS } from './calendar/endpoints.ts';
import { DICT_ENDPOINTS } from './dicts/endpoints.ts';
import { POLICY_ENDPOINTS } from './policies/endpoints.ts';
import { ATTACHMENT_ENDPOINTS } from './attachments/endpoints.ts';
import { MATTER_DOCUMENT_ENDPOINTS } from './matters/documents.ts';
import { PORTAL_ENDPOINTS } from './portal/endpoints.ts';
import { ANALYTICS_ENDPOINTS } from './analytics/endpoints.ts';
import { ROUTINE_ENDPOINTS } from './routine/endpoints.ts';

export const ENDPOINTS = {
  ...SYSTEM_ENDPOINTS,
  ...AUTH_ENDPOINTS,
  ...ORG_ENDPOINTS,
  ...USER_ENDPOINTS,
  ...AUDIT_ENDPOINTS,
  ...MATTER_ENDPOINTS,
  ...MATTER_ACTION_ENDPOINTS,
  ...NOTIFICATION_ENDPOINTS,
  ...ATTACHMENT_ENDPOINTS,
  ...MATTER_DOCUMENT_ENDPOINTS,
  ...CALENDAR_ENDPOINTS,
  ...POLICY_ENDPOINTS,
  ...DICT_ENDPOINTS,
  ...PORTAL_ENDPOINTS,
  ...ANALYTICS_ENDPOINTS,
  ...ROUTINE_ENDPOINTS,
};

export type TEndpointId = keyof typeof ENDPOINTS;

export const ENDPOINT_LIST: readonly TEndpoint[] = Object.values(ENDPOINTS);
