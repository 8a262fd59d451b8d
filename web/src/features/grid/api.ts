// The grid worker's calls that the desktop matters feature does not already make. Registration,
// matter reads and actions are reused from ../matters/api.ts.
import type { TCheckin } from '@fengqiao/contracts/routine/schemas.ts';
import { call, type TOut } from '../../api/client.ts';

export type { TCheckin };
export type TUpload = TOut<'attachments.upload'>;

export interface MyGrid {
  code: string;
  name: string;
  /** The village the grid belongs to: a grid code is the village code + 3 digits. */
  regionCode: string;
}

/** The grids this user is assigned to (网格员配置). */
export async function myGrids(userId: number): Promise<MyGrid[]> {
  const rows = await call('org.gridAssignments.list', { query: { userId } });
  const seen = new Map<string, MyGrid>();
  for (const r of rows) {
    seen.set(r.gridCode, {
      code: r.gridCode,
      name: r.gridName,
      regionCode: r.gridCode.slice(0, 12),
    });
  }
  return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Uploads one photo as the raw request body (the endpoint takes no multipart). A network failure
 * rejects with the fetch TypeError, an answer with an ApiError, as `call` does.
 */
export const uploadPhoto = (blob: Blob, filename: string): Promise<TUpload> =>
  call('attachments.upload', { query: { filename }, raw: { data: blob, type: blob.type } });

/** 日排查签到: one per grid and day; the key makes a retry after a lost answer harmless. */
export const createCheckin = (
  body: {
    gridCode: string;
    nothingToReport: boolean;
    note?: string;
    point?: { lon: number; lat: number };
  },
  idempotencyKey: string,
) => call('routine.checkin', { body, headers: { 'Idempotency-Key': idempotencyKey } });

/** Check-ins of a village between two local dates (inclusive). */
export async function listCheckins(
  regionCode: string,
  from: string,
  to: string,
): Promise<TCheckin[]> {
  const page = await call('routine.checkins', { query: { regionCode, from, to, limit: 500 } });
  return page.items;
}

const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** A local (Asia/Shanghai) date as YYYY-MM-DD, the day a check-in counts for. */
export function localDate(at: Date = new Date()): string {
  return DAY.format(at);
}

export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() - days);
  return localDate(d);
}
