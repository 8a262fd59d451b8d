export * from './id-number.ts';
export * from './uscc.ts';
export * from './password-policy.ts';
export { COMMON_PASSWORDS, COMMON_PASSWORD_WORDS } from './common-passwords.ts';
