import path from 'node:path';
import { z } from '@fengqiao/contracts';

const ZBool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  PUBLIC_BASE_URL: z.url().optional(),
  /** 32-byte key (hex or base64) for field encryption; demo mode generates one in DATA_DIR. */
  FENGQIAO_KEY: z.string().optional(),
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  ENABLE_API_DOCS: ZBool.optional(),
  TRUST_PROXY: ZBool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().optional(),
  /** Browser tests only: the portal's picture challenge also answers in a header. */
  PORTAL_CHALLENGE_ECHO: ZBool.default(false),
});

export interface Config {
  mode: 'demo' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  publicBaseUrl: string | null;
  key: string | null;
  auditCheckpointFile: string;
  apiDocs: boolean;
  trustProxy: boolean;
  logLevel: string;
  bootstrapAdminPassword: string | null;
  secureCookies: boolean;
  /** Never in production (refused at start): reveals the portal challenge answers. */
  portalChallengeEcho: boolean;
}

/** Parses the environment once at start; a bad value stops the process with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 (configuration errors):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode = e.NODE_ENV === 'production' ? 'production' : e.NODE_ENV === 'test' ? 'test' : 'demo';
  if (mode === 'production') {
    const problems: string[] = [];
    if (e.DATABASE_URL === undefined) {
      problems.push('DATABASE_URL is required in production (PostgreSQL is the system of record)');
    }
    if (e.FENGQIAO_KEY === undefined) {
      problems.push(
        'FENGQIAO_KEY is required in production (field-encryption key, kept outside the database)',
      );
    }
    if (e.PORTAL_CHALLENGE_ECHO) {
      problems.push(
        'PORTAL_CHALLENGE_ECHO must not be set in production (it reveals the portal challenge answers)',
      );
    }
    if (problems.length > 0) {
      throw new Error(`配置错误 (configuration errors):\n  ${problems.join('\n  ')}`);
    }
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
    key: e.FENGQIAO_KEY ?? null,
    auditCheckpointFile: path.resolve(
      e.AUDIT_CHECKPOINT_FILE ?? path.join(dataDir, 'audit-checkpoints.jsonl'),
    ),
    apiDocs: e.ENABLE_API_DOCS ?? mode !== 'production',
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    bootstrapAdminPassword: e.BOOTSTRAP_ADMIN_PASSWORD ?? null,
    secureCookies: mode === 'production',
    portalChallengeEcho: mode !== 'production' && e.PORTAL_CHALLENGE_ECHO,
  };
}
