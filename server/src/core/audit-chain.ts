import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TAuditVerifyResult } from '@fengqiao/contracts';
import { sha256 } from './crypto.ts';
import type { Db, Queryable } from './db/db.ts';
import { sql } from './db/sql.ts';

/**
 * Tamper evidence for the audit log (SECURITY.md C3). Writers only INSERT rows; a sealer later
 * chains committed rows in sealing order, h_n = SHA-256(h_{n-1} ‖ canonical(row_n)), and appends
 * each new head to a checkpoint file outside the database, so cutting rows off the end shows too.
 */

const GENESIS = '0'.repeat(64);
/** Rows whose transaction committed late still get sealed if their id is this close to the head. */
const LATE_COMMIT_WINDOW = 10_000;

interface AuditRow {
  id: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  actor_roles: string[];
  actor_unit_id: number | null;
  ip: string | null;
  event: string;
  target_type: string | null;
  target_id: string | null;
  region_code: string | null;
  outcome: string;
  reason: string | null;
  request_id: string | null;
  details: unknown;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

export function rowDigest(prev: string, r: AuditRow): string {
  const body = canonical([
    r.id,
    r.at.toISOString(),
    r.actor_id,
    r.actor_name,
    r.actor_roles,
    r.actor_unit_id,
    r.ip,
    r.event,
    r.target_type,
    r.target_id,
    r.region_code,
    r.outcome,
    r.reason,
    r.request_id,
    r.details,
  ]);
  return sha256(`${prev}${body}`);
}

async function appendCheckpoint(file: string, seq: number, hash: string, at: Date): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify({ seq, hash, at: at.toISOString() })}\n`);
  const fh = await open(file, 'r');
  await fh.sync();
  await fh.close();
}

/** Seals committed, unsealed rows; safe to run from several processes at once. */
export async function sealAudit(
  db: Db,
  checkpointFile: string | null,
  batch = 2000,
): Promise<number> {
  const result = await db.transaction(async (tx) => {
    await tx.query(sql`SELECT pg_advisory_xact_lock(727002)`);
    const head = await tx.maybeOne<{ seq: number; hash: string; audit_id: number }>(
      sql`SELECT seq, hash, audit_id FROM audit_seal ORDER BY seq DESC LIMIT 1`,
    );
    const floor = Math.max(0, (head?.audit_id ?? 0) - LATE_COMMIT_WINDOW);
    const rows = await tx.query<AuditRow>(sql`
      SELECT a.* FROM audit_log a
      WHERE a.id > ${floor} AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)
      ORDER BY a.id LIMIT ${batch}`);
    let seq = head?.seq ?? 0;
    let prev = head?.hash ?? GENESIS;
    for (const row of rows) {
      const hash = rowDigest(prev, row);
      seq += 1;
      await tx.query(
        sql`INSERT INTO audit_seal (seq, audit_id, prev_hash, hash) VALUES (${seq}, ${row.id}, ${prev}, ${hash})`,
      );
      prev = hash;
    }
    return { count: rows.length, seq, hash: prev };
  });
  if (result.count > 0 && checkpointFile !== null) {
    await appendCheckpoint(checkpointFile, result.seq, result.hash, new Date());
  }
  return result.count;
}

async function lastCheckpoint(file: string | null): Promise<{ seq: number; hash: string } | null> {
  if (file === null) {
    return null;
  }
  const text = await readFile(file, 'utf8').catch(() => '');
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => l !== '');
  const last = lines.at(-1);
  return last === undefined ? null : (JSON.parse(last) as { seq: number; hash: string });
}

type Problem = TAuditVerifyResult['problems'][number];

/** Walks the whole chain; names the first break of each kind (changed, removed, truncated). */
export async function verifyAuditChain(
  db: Queryable,
  checkpointFile: string | null,
): Promise<TAuditVerifyResult> {
  const problems: Problem[] = [];
  let prev = GENESIS;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.query<
      AuditRow & {
        seq: number;
        prev_hash: string;
        hash: string;
        audit_id: number;
        row_id: number | null;
      }
    >(sql`
      SELECT s.seq, s.prev_hash, s.hash, s.audit_id, a.id AS row_id, a.*
      FROM audit_seal s LEFT JOIN audit_log a ON a.id = s.audit_id
      WHERE s.seq > ${lastSeq} ORDER BY s.seq LIMIT 5000`);
    if (rows.length === 0) {
      break;
    }
    for (const r of rows) {
      if (r.seq !== lastSeq + 1 || r.prev_hash !== prev) {
        problems.push({
          kind: 'chain_broken',
          seq: r.seq,
          auditId: r.audit_id,
          message: `哈希链在第 ${r.seq} 环断开（有封存记录被删除或改动）`,
        });
      }
      if (r.row_id === null) {
        problems.push({
          kind: 'removed',
          seq: r.seq,
          auditId: r.audit_id,
          message: `审计记录 ${r.audit_id} 已被删除`,
        });
      } else if (rowDigest(r.prev_hash, { ...r, id: r.row_id }) !== r.hash) {
        problems.push({
          kind: 'changed',
          seq: r.seq,
          auditId: r.audit_id,
          message: `审计记录 ${r.audit_id} 内容被篡改`,
        });
      }
      prev = r.hash;
      lastSeq = r.seq;
      checked += 1;
    }
  }
  const cp = await lastCheckpoint(checkpointFile);
  if (cp !== null) {
    if (cp.seq > lastSeq) {
      problems.push({
        kind: 'truncated',
        seq: cp.seq,
        auditId: null,
        message: `外部检查点记录到第 ${cp.seq} 环，数据库只剩 ${lastSeq} 环：日志末尾被截断`,
      });
    } else {
      const at = await db.query<{ hash: string }>(
        sql`SELECT hash FROM audit_seal WHERE seq = ${cp.seq}`,
      );
      if (at[0]?.hash !== cp.hash) {
        problems.push({
          kind: 'checkpoint_mismatch',
          seq: cp.seq,
          auditId: null,
          message: `第 ${cp.seq} 环与外部检查点不一致`,
        });
      }
    }
  }
  const unsealed = await db.query<{ n: number }>(sql`
    SELECT count(*) AS n FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)`);
  return {
    ok: problems.length === 0,
    checked,
    unsealed: unsealed[0]?.n ?? 0,
    lastSeq,
    checkpointSeq: cp?.seq ?? null,
    problems,
  };
}
