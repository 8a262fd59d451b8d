import { sql } from '../../core/db/sql.ts';
import { TEST_PASSWORD, unique } from '../factories.ts';
import type { MatrixTargets } from './types.ts';

/** Matrix targets of the users and audit endpoints (org targets live in org-targets.ts). */
export const CORE_TARGETS: MatrixTargets = {
  'users.list': {
    role: 'sysadmin',
    async build(t, region) {
      const u = await t.f.user({ roles: ['clerk'], regionCode: region });
      return { url: `/api/users?q=${u.username}`, marker: u.username, out: 'absent' };
    },
  },
  'users.get': {
    role: 'sysadmin',
    async build(t, region) {
      const u = await t.f.user({ roles: ['clerk'], regionCode: region });
      return { url: `/api/users/${u.id}`, out: 404 };
    },
  },
  'users.create': {
    role: 'sysadmin',
    build(t, region) {
      return Promise.resolve({
        url: '/api/users',
        body: {
          username: unique('n'),
          displayName: '新同事',
          unitId: t.f.center(region),
          initialPassword: TEST_PASSWORD,
        },
        out: 400,
      });
    },
  },
  'users.update': {
    role: 'sysadmin',
    async build(t, region) {
      const u = await t.f.user({ roles: ['clerk'], regionCode: region });
      return { url: `/api/users/${u.id}`, body: { displayName: '改名' }, out: 404 };
    },
  },
  'users.disable': {
    role: 'sysadmin',
    async build(t, region) {
      const u = await t.f.user({ roles: ['clerk'], regionCode: region });
      return { url: `/api/users/${u.id}/disable`, body: { reason: '调离岗位' }, out: 404 };
    },
  },
  'users.enable': {
    role: 'sysadmin',
    async build(t, region) {
      const u = await t.f.user({ roles: ['clerk'], regionCode: region });
      return { url: `/api/users/${u.id}/enable`, out: 404 };
    },
  },
  'users.resetPassword': {
    role: 'sysadmin',
    async build(t, region) {
      const u = await t.f.user({ roles: ['clerk'], regionCode: region });
      return {
        url: `/api/users/${u.id}/reset-password`,
        body: { newPassword: 'Yt6$kPw2!mZq' },
        out: 404,
      };
    },
  },
  'users.unlock': {
    role: 'sysadmin',
    async build(t, region) {
      const u = await t.f.user({ roles: ['clerk'], regionCode: region });
      return { url: `/api/users/${u.id}/unlock`, out: 404 };
    },
  },
  'users.setRoles': {
    role: 'secadmin',
    async build(t, region) {
      const u = await t.f.user({ roles: ['clerk'], regionCode: region });
      return { url: `/api/users/${u.id}/roles`, body: { roles: ['dispatcher'] }, out: 404 };
    },
  },
  'audit.list': {
    role: 'auditor',
    async build(t, region) {
      const event = unique('test.event.');
      await t.db.query(
        sql`INSERT INTO audit_log (at, event, region_code, outcome) VALUES (now(), ${event}, ${region}, 'success')`,
      );
      return { url: `/api/audit/logs?event=${event}`, marker: event, out: 'absent' };
    },
  },
};
