// The product's HTTP API in this process (buildApp + inject): worklists and search are measured
// through the same gate, session lookup, transaction, SQL and response validation a browser
// request passes, minus the socket.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@fengqiao/server/app.ts';
import { loadConfig } from '@fengqiao/server/core/config.ts';
import { createFieldCipher, parseKey } from '@fengqiao/server/core/crypto.ts';
import type { Db } from '@fengqiao/server/core/db/db.ts';
import { currentMigration } from '@fengqiao/server/core/db/migrate.ts';
import { BENCH_PASSWORD } from '../gen/write-org.ts';

export interface BenchApp {
  app: FastifyInstance;
  login(userId: number): Promise<string>;
  get(url: string, cookie: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startApp(db: Db, key: string): Promise<BenchApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fq-bench-app-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://bench@127.0.0.1/unused',
    FENGQIAO_KEY: key,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const { app } = await buildApp({
    db,
    config,
    cipher: createFieldCipher(parseKey(key)),
    migration: await currentMigration(db),
  });
  await app.ready();
  return {
    app,
    async login(userId) {
      const r = await db.pool.query<{ username: string }>(
        `UPDATE app_user SET password_changed_at = now(), last_login_at = now(), status = 'active'
         WHERE id = $1 RETURNING username`,
        [userId],
      );
      const username = r.rows[0]?.username ?? '';
      await db.pool.query('DELETE FROM login_throttle WHERE username = $1', [username]);
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: BENCH_PASSWORD },
        remoteAddress: `10.${(userId >> 16) & 255}.${(userId >> 8) & 255}.${userId & 255}`,
      });
      const c = res.cookies.find((x) => x.name === 'fq_sid');
      if (res.statusCode !== 200 || c === undefined) {
        throw new Error(`login of user ${userId} failed: ${res.statusCode} ${res.body}`);
      }
      return `fq_sid=${c.value}`;
    },
    async get(url, cookie) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      return { status: res.statusCode, body: res.body };
    },
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
