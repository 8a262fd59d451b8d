import { ENDPOINTS } from '@fengqiao/contracts';
import { call, endpointUrl, type TOut } from '../../api/client.ts';

export type TNotificationItem = TOut<'notifications.list'>['items'][number];
export type TNotificationPage = TOut<'notifications.list'>;

export const PAGE_SIZE = 20;

export const listNotifications = (after?: string) =>
  call('notifications.list', {
    query: after === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, after: Number(after) },
  });

export const markNotificationRead = (id: number) => call('notifications.read', { params: { id } });

export const markAllNotificationsRead = (upTo: number) =>
  call('notifications.readAll', { body: { upTo } });

/** The Server-Sent Events stream (same origin, so the session cookie goes with it). */
export const STREAM_URL = endpointUrl(ENDPOINTS['notifications.stream']);
