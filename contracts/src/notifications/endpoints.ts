import { z } from '../zod.ts';
import { defineEndpoints, type TAccess } from '../endpoint.ts';
import { ZIdParams } from '../common.ts';
import {
  ZNotification,
  ZNotificationListQuery,
  ZNotificationPage,
  ZNotificationReadAll,
  ZNotificationReadAllResult,
} from './schemas.ts';

// The caller's own messages: no permission beyond a session, and no data scope, because every
// query is bound to the caller's user id and unit id rather than to a region.
const own: TAccess = {
  permission: 'authenticated',
  scoped: false,
  pii: false,
  audit: false,
  idempotent: true,
};

export const NOTIFICATION_ENDPOINTS = defineEndpoints({
  'notifications.list': {
    method: 'GET',
    path: '/api/notifications',
    tag: 'notifications',
    summary: '我的消息（本人及本单位）',
    query: ZNotificationListQuery,
    response: ZNotificationPage,
    access: own,
  },
  'notifications.read': {
    method: 'POST',
    path: '/api/notifications/:id/read',
    tag: 'notifications',
    summary: '标记消息已读',
    params: ZIdParams,
    response: ZNotification,
    // a write, so audited like every mutating route (SECURITY.md C1); repeating it is harmless
    access: { ...own, audit: true },
  },
  'notifications.readAll': {
    method: 'POST',
    path: '/api/notifications/read-all',
    tag: 'notifications',
    summary: '全部标记已读（截至已看到的最新一条）',
    body: ZNotificationReadAll,
    response: ZNotificationReadAllResult,
    // one audit row for the batch, with the count
    access: { ...own, audit: true },
  },
  'notifications.stream': {
    method: 'GET',
    path: '/api/notifications/stream',
    tag: 'notifications',
    summary: '消息实时推送（Server-Sent Events，需 Accept: text/event-stream）',
    // Not JSON: a text/event-stream of `event: notification` frames whose data is
    // ZLiveNotification. The handler takes over the socket, so no serializer ever runs.
    response: z.unknown().describe('text/event-stream; data: ZLiveNotification'),
    access: own,
  },
});
