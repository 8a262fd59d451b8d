import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

/**
 * In-app messages to units, written in the transaction of the change. (The live push to open
 * browsers rides on these rows; see modules/notifications.)
 */
export async function notifyUnits(
  tx: Tx,
  targets: Map<number, { kind: string; title: string }>,
  m: { matterId: number; code: string; title: string; at: Date },
): Promise<void> {
  for (const [unitId, n] of targets) {
    await tx.query(sql`
      INSERT INTO notification (unit_id, kind, matter_id, title, body, created_at)
      VALUES (${unitId}, ${n.kind}, ${m.matterId}, ${n.title}, ${`${m.code} ${m.title}`}, ${m.at})`);
  }
}
