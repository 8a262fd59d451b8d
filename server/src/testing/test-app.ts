import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type RegisteredRoute } from '../app.ts';
import { ManualClock } from '../core/clock.ts';
import { loadConfig, type Config } from '../core/config.ts';
import { createFieldCipher, generateKey, parseKey } from '../core/crypto.ts';
import type { Db } from '../core/db/db.ts';
import { currentMigration } from '../core/db/migrate.ts';
import type { AppDeps, RouteDef } from '../core/http/context.ts';
import type { PasswordHasher } from '../modules/auth/password-hash.ts';
import { createTestDb } from './test-db.ts';
import { Factory } from './factories.ts';

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  db: Db;
  clock: ManualClock;
  config: Config;
  f: Factory;
  registered: RegisteredRoute[];
  close(): Promise<void>;
  /** inject() with a session cookie and JSON body. */
  call(
    method: string,
    url: string,
    opts?: {
      cookie?: string | undefined;
      body?: unknown;
      headers?: Record<string, string>;
      ip?: string;
    },
  ): Promise<LightMyRequestResponse>;
}

export async function createTestApp(
  opts: {
    hasher?: PasswordHasher;
    env?: Record<string, string>;
    routes?: readonly RouteDef[];
  } = {},
): Promise<TestApp> {
  const db = await createTestDb();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fq-app-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...opts.env });
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  const cipher = createFieldCipher(parseKey(generateKey()));
  const { app, deps, registered } = await buildApp({
    db,
    config,
    cipher,
    clock,
    migration: await currentMigration(db),
    ...(opts.hasher ? { hasher: opts.hasher } : {}),
    ...(opts.routes ? { routes: opts.routes } : {}),
  });
  await app.ready();
  const call: TestApp['call'] = (method, url, o = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.headers ?? {}) },
      ...(o.body === undefined ? {} : { payload: o.body as string }),
      ...(o.ip === undefined ? {} : { remoteAddress: o.ip }),
    });
  const f = new Factory(deps, call);
  return {
    app,
    deps,
    db,
    clock,
    config,
    f,
    call,
    registered,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
