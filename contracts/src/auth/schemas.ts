import { z } from '../zod.ts';
import { ZTimestamp } from '../common.ts';

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,39}$/, '用户名为 2–40 位小写字母、数字、点、下划线或连字符');

export const ZLoginRequest = z
  .object({
    username: z.string().trim().min(1, '请输入用户名').max(100),
    password: z.string().min(1, '请输入密码').max(200),
  })
  .strict();

export const ZSessionStage = z.enum(['active', 'mfa_pending', 'password_change', 'totp_enrol']);

export const ZLoginResponse = z.object({
  stage: ZSessionStage,
  /** Set when stage is password_change: why the password must change now. */
  passwordReason: z.enum(['initial', 'expired', 'reset']).nullable(),
});

export const ZTotpCode = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, '动态验证码为 6 位数字'),
  })
  .strict();

export const ZTotpEnrolment = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  /** The otpauth URL as a QR code (data: URL of an SVG) for the authenticator app to scan. */
  qrDataUrl: z.string(),
});
export type TTotpEnrolment = z.infer<typeof ZTotpEnrolment>;

export const ZChangePassword = z
  .object({ oldPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) })
  .strict();

export const ZMe = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  unit: z.object({
    id: z.number().int(),
    name: z.string(),
    kind: z.string(),
    regionCode: z.string(),
  }),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  stage: ZSessionStage,
  totpEnrolled: z.boolean(),
  passwordExpiresAt: ZTimestamp.nullable(),
  idleTimeoutSeconds: z.number().int(),
  isDemo: z.boolean(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZSecuritySettings = z
  .object({
    passwordProfile: z.enum(['dengbao', 'asvs']),
    lockoutThreshold: z.number().int().min(3).max(10),
    lockoutMinutes: z.number().int().min(5).max(1440),
    idleMinutes: z.number().int().min(5).max(30),
    absoluteHours: z.number().int().min(1).max(12),
    inactiveDisableDays: z.number().int().min(30).max(365),
    auditRetentionDays: z.number().int().min(180, '审计日志至少保存 180 天').max(3650),
  })
  .strict();
export type TSecuritySettings = z.infer<typeof ZSecuritySettings>;
