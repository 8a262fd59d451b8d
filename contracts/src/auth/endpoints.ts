import { defineEndpoints, type TAccess } from '../endpoint.ts';
import { ZOk } from '../common.ts';
import {
  ZChangePassword,
  ZLoginRequest,
  ZLoginResponse,
  ZMe,
  ZSecuritySettings,
  ZTotpCode,
  ZTotpEnrolment,
} from './schemas.ts';

const self: TAccess = {
  permission: 'authenticated',
  scoped: false,
  pii: false,
  audit: true,
  idempotent: false,
};
const anyStage = ['mfa_pending', 'password_change', 'totp_enrol'] as const;

export const AUTH_ENDPOINTS = defineEndpoints({
  'auth.login': {
    method: 'POST',
    path: '/api/auth/login',
    tag: 'auth',
    summary: '用户名密码登录',
    body: ZLoginRequest,
    response: ZLoginResponse,
    access: {
      permission: 'public',
      scoped: false,
      pii: false,
      audit: true,
      idempotent: false,
      rateLimit: { max: 30, windowSeconds: 60 },
    },
  },
  'auth.totp.verify': {
    method: 'POST',
    path: '/api/auth/totp/verify',
    tag: 'auth',
    summary: '登录第二步：动态验证码',
    body: ZTotpCode,
    response: ZLoginResponse,
    access: { ...self, stages: ['mfa_pending'], rateLimit: { max: 10, windowSeconds: 60 } },
  },
  'auth.logout': {
    method: 'POST',
    path: '/api/auth/logout',
    tag: 'auth',
    summary: '退出登录',
    response: ZOk,
    access: { ...self, stages: anyStage },
  },
  'auth.me': {
    method: 'GET',
    path: '/api/me',
    tag: 'auth',
    summary: '当前用户、权限与会话状态',
    response: ZMe,
    access: { ...self, audit: false, idempotent: true, stages: anyStage },
  },
  'auth.password.change': {
    method: 'POST',
    path: '/api/auth/password',
    tag: 'auth',
    summary: '修改本人密码',
    body: ZChangePassword,
    response: ZOk,
    access: {
      ...self,
      stages: ['password_change', 'totp_enrol'],
      rateLimit: { max: 10, windowSeconds: 60 },
    },
  },
  'auth.totp.enrol': {
    method: 'POST',
    path: '/api/auth/totp/enrol',
    tag: 'auth',
    summary: '生成动态验证码密钥（绑定第一步）',
    response: ZTotpEnrolment,
    access: { ...self, stages: ['totp_enrol'] },
  },
  'auth.totp.confirm': {
    method: 'POST',
    path: '/api/auth/totp/confirm',
    tag: 'auth',
    summary: '确认绑定动态验证码',
    body: ZTotpCode,
    response: ZLoginResponse,
    access: { ...self, stages: ['totp_enrol'], rateLimit: { max: 10, windowSeconds: 60 } },
  },
  'settings.security.get': {
    method: 'GET',
    path: '/api/settings/security',
    tag: 'settings',
    summary: '安全策略',
    response: ZSecuritySettings,
    access: {
      permission: 'setting.security',
      scoped: false,
      pii: false,
      audit: false,
      idempotent: true,
    },
  },
  'settings.security.update': {
    method: 'PUT',
    path: '/api/settings/security',
    tag: 'settings',
    summary: '修改安全策略',
    body: ZSecuritySettings,
    response: ZSecuritySettings,
    access: {
      permission: 'setting.security',
      scoped: false,
      pii: false,
      audit: true,
      idempotent: true,
    },
  },
});
