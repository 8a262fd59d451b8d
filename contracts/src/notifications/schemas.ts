import { z } from '../zod.ts';
import { ZId, ZTimestamp } from '../common.ts';

/** One in-app message: addressed to one user, or (with no user) to everyone in one unit. */
export const ZNotification = z.object({
  id: z.number().int(),
  kind: z.string(),
  matterId: z.number().int().nullable(),
  title: z.string(),
  body: z.string(),
  unitId: z.number().int().nullable(),
  userId: z.number().int().nullable(),
  readAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationListQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    /** Keyset cursor: the `nextCursor` of the previous page (newest first). */
    after: ZId.optional(),
  })
  .strict();

export const ZNotificationPage = z.object({
  items: z.array(ZNotification),
  nextCursor: z.string().nullable(),
  /** Unread messages of the caller in total, for the badge. */
  unreadCount: z.number().int(),
});

/**
 * What the live channel carries and the SSE stream sends as `event: notification`: ids and the
 * title only, so it fits PostgreSQL's 8000-byte NOTIFY payload; the client fetches the rest.
 */
export const ZLiveNotification = z.object({
  id: z.number().int(),
  unitId: z.number().int().nullable(),
  userId: z.number().int().nullable(),
  kind: z.string(),
  matterId: z.number().int().nullable(),
  title: z.string(),
});
export type TLiveNotification = z.infer<typeof ZLiveNotification>;

/** 全部已读: up to the newest message the user has seen, so one arriving meanwhile stays unread. */
export const ZNotificationReadAll = z.object({ upTo: z.number().int().min(1) }).strict();
export const ZNotificationReadAllResult = z.object({
  count: z.number().int(),
  unreadCount: z.number().int(),
});
