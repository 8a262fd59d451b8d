// The only SQL of the attachments module. Every read goes through matterScope (summary.ts), so an
// attachment of a matter the caller cannot see is as missing as one that does not exist.
import type { TAttachmentMime } from '@fengqiao/contracts/attachments/schemas.ts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import type { Scope } from '../../core/scope.ts';
import { matterScope } from '../matters/summary.ts';

export interface AttachmentRow {
  id: number;
  matter_id: number | null;
  filename: string;
  mime: TAttachmentMime;
  size: number;
  sha256: string;
  storage_name: string;
  uploaded_by: number | null;
  uploaded_at: Date;
  region_code: string;
}

export async function insertAttachment(
  tx: Tx,
  a: Omit<AttachmentRow, 'id' | 'matter_id'>,
): Promise<AttachmentRow> {
  return tx.one<AttachmentRow>(sql`
    INSERT INTO attachment (matter_id, filename, mime, size, sha256, storage_name, uploaded_by,
      uploaded_at, region_code)
    VALUES (NULL, ${a.filename}, ${a.mime}, ${a.size}, ${a.sha256}, ${a.storage_name},
      ${a.uploaded_by}, ${a.uploaded_at}, ${a.region_code})
    RETURNING *`);
}

/**
 * An attachment the caller may download: one of a matter they can see, or their own upload that
 * no matter has claimed yet (between upload and registration).
 */
export async function findVisibleAttachment(
  tx: Tx,
  id: number,
  scope: Scope,
  userId: number,
): Promise<AttachmentRow | undefined> {
  return tx.maybeOne<AttachmentRow>(sql`
    SELECT a.* FROM attachment a
    WHERE a.id = ${id} AND (
      (a.matter_id IS NULL AND a.uploaded_by = ${userId})
      OR EXISTS (SELECT 1 FROM matter m WHERE m.id = a.matter_id AND ${matterScope(scope)}))`);
}

/** Claims unlinked uploads of one user for a matter; returns the ids it could claim. */
export async function linkUnlinked(
  tx: Tx,
  ids: readonly number[],
  matterId: number,
  uploaderId: number,
): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(sql`
    UPDATE attachment a
    SET matter_id = m.id, region_code = m.region_code
    FROM matter m
    WHERE m.id = ${matterId} AND a.id = ANY(${ids}::bigint[])
      AND a.matter_id IS NULL AND a.uploaded_by = ${uploaderId}
    RETURNING a.id`);
  return rows.map((r) => r.id);
}

export async function listByMatter(tx: Tx, matterId: number): Promise<AttachmentRow[]> {
  return tx.query<AttachmentRow>(
    sql`SELECT * FROM attachment WHERE matter_id = ${matterId} ORDER BY id`,
  );
}
