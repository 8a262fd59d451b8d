import { randomBytes } from 'node:crypto';
import { checkPassword } from '@fengqiao/contracts/validators/password-policy.ts';
import { writeAudit } from '../../core/audit.ts';
import { sql } from '../../core/db/sql.ts';
import type { AppDeps } from '../../core/http/context.ts';

const ADMINS = [
  { username: 'admin', displayName: '系统管理员', role: 'sysadmin' },
  { username: 'secadmin', displayName: '安全管理员', role: 'secadmin' },
  { username: 'auditor', displayName: '审计管理员', role: 'auditor' },
] as const;

function parseRegionChain(raw: string | undefined): { code: string; name: string }[] {
  if (raw === undefined || raw.trim() === '') {
    throw new Error(
      'BOOTSTRAP_REGION is required for the first production start, e.g. "13:河北省/1304:邯郸市/130435:曲周县"',
    );
  }
  const chain = raw.split('/').map((part) => {
    const [code, name] = part.split(':');
    if (code === undefined || name === undefined || !/^\d{2,12}$/.test(code)) {
      throw new Error(`BOOTSTRAP_REGION: bad element "${part}"`);
    }
    return { code, name };
  });
  return chain;
}

function randomPassword(): string {
  // 3 character classes guaranteed, 20 random characters
  return `Fq-${randomBytes(15).toString('base64url')}9a`;
}

/**
 * Production start (SECURITY.md A7): never any demo data, no default passwords. On an empty
 * database it creates the region chain of BOOTSTRAP_REGION, its center, and the three
 * separated admin accounts, each with a one-time password that must be changed at first
 * login, followed by TOTP enrolment before anything else.
 */
export async function ensureBootstrapAdmin(
  deps: AppDeps,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const demo = await deps.db.query(sql`SELECT 1 FROM app_user WHERE is_demo LIMIT 1`);
  if (demo.length > 0) {
    throw new Error('production refuses to start on a database holding demo accounts (演示数据)');
  }
  const existing = await deps.db.query(sql`SELECT 1 FROM app_user LIMIT 1`);
  if (existing.length > 0) {
    return [];
  }
  const given = deps.config.bootstrapAdminPassword;
  if (
    given !== null &&
    checkPassword(given, { username: 'admin', profile: 'dengbao' }).length > 0
  ) {
    throw new Error('BOOTSTRAP_ADMIN_PASSWORD is too weak or a common/default password');
  }
  const chain = parseRegionChain(env.BOOTSTRAP_REGION);
  const root = chain.at(-1);
  if (root === undefined) {
    throw new Error('BOOTSTRAP_REGION is empty');
  }
  const lines = ['', '首次启动：已创建三权分立管理员账号（首次登录须修改密码并绑定动态验证码）：'];
  await deps.db.transaction(async (tx) => {
    for (const [i, r] of chain.entries()) {
      await tx.query(
        sql`INSERT INTO region (code, name, level, parent_code) VALUES (${r.code}, ${r.name}, ${i + 1}, ${chain[i - 1]?.code ?? null})`,
      );
    }
    const unit = await tx.one<{ id: number }>(sql`
      INSERT INTO unit (name, kind, center_level, grade, region_code) VALUES (${`${root.name}综治中心`}, 'center', 'county', 1, ${root.code}) RETURNING id`);
    for (const a of ADMINS) {
      const password = a.role === 'sysadmin' && given !== null ? given : randomPassword();
      const user = await tx.one<{ id: number }>(sql`
        INSERT INTO app_user (username, display_name, unit_id, region_code, password_hash, must_change_password)
        VALUES (${a.username}, ${a.displayName}, ${unit.id}, ${root.code}, ${await deps.hasher.hash(password)}, true) RETURNING id`);
      await tx.query(sql`INSERT INTO user_role (user_id, role) VALUES (${user.id}, ${a.role})`);
      lines.push(
        `  ${a.username}  ${a.displayName}  初始密码 ${a.role === 'sysadmin' && given !== null ? '(BOOTSTRAP_ADMIN_PASSWORD)' : password}`,
      );
    }
    await writeAudit(
      tx,
      {
        actor: null,
        actorHint: { id: null, name: 'system' },
        ip: null,
        requestId: null,
        at: deps.clock.now(),
      },
      {
        event: 'system.bootstrap',
        targetType: 'region',
        targetId: root.code,
        regionCode: root.code,
      },
    );
  });
  deps.onAuditCommitted();
  return lines;
}
