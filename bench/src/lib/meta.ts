// What a bench database holds (scale, seed, anchor, counts), stored as the database's COMMENT so
// the schema stays exactly the migrated one.
import { createCipheriv, createHash, createSecretKey } from 'node:crypto';
import type { Db } from '@fengqiao/server/core/db/db.ts';
import { createFieldCipher, parseKey, type FieldCipher } from '@fengqiao/server/core/crypto.ts';
import type { ScaleName } from '../gen/scales.ts';

export interface BenchMeta {
  scale: ScaleName;
  seed: number;
  anchor: string;
  years: number;
  generatedAt: string;
  seconds: number;
  counts: Record<string, number>;
  provinceCode: string;
  cityCodes: string[];
}

/** The field-encryption key of a bench database: derived from the seed, never a real key. */
export function benchKey(seed: number): string {
  return createHash('sha256').update(`fengqiao-bench-key-${seed}`).digest('hex');
}

export function benchCipher(seed: number): FieldCipher {
  return createFieldCipher(parseKey(benchKey(seed)));
}

async function currentDatabase(db: Db): Promise<string> {
  const r = await db.pool.query<{ d: string }>('SELECT current_database() AS d');
  return r.rows[0]?.d ?? 'postgres';
}

export async function writeMeta(db: Db, meta: BenchMeta): Promise<void> {
  const name = await currentDatabase(db);
  const text = JSON.stringify(meta).replaceAll("'", "''");
  await db.pool.query(`COMMENT ON DATABASE "${name}" IS '${text}'`);
}

export async function readMeta(db: Db): Promise<BenchMeta | null> {
  const r = await db.pool.query<{ c: string | null }>(
    'SELECT shobj_description(oid, $1) AS c FROM pg_database WHERE datname = current_database()',
    ['pg_database'],
  );
  const c = r.rows[0]?.c ?? null;
  return c === null ? null : (JSON.parse(c) as BenchMeta);
}

/**
 * The product's field-encryption format (`v1.<kid>.<base64(iv | tag | body)>`, core/crypto.ts),
 * with the key object built once and a counter IV (unique per value, deterministic per seed), so
 * generating millions of encrypted names is not dominated by key setup. The product's cipher
 * decrypts these values.
 */
export function fastEncryptor(seed: number): (plain: string) => string {
  const key = createSecretKey(Buffer.from(benchKey(seed), 'hex'));
  const kid = createHash('sha256')
    .update(Buffer.from(benchKey(seed), 'hex'))
    .digest('hex')
    .slice(0, 8);
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(seed >>> 0, 0);
  let counter = 0;
  return (plain) => {
    counter += 1;
    iv.writeUInt32BE(Math.floor(counter / 2 ** 32), 4);
    iv.writeUInt32BE(counter >>> 0, 8);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${kid}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  };
}
