import type { FieldCipher } from '../../core/crypto.ts';

/** TOTP seeds are stored encrypted, never in plain text (SECURITY.md A5). */
export function encodeTotpSecret(cipher: FieldCipher, secret: string): string {
  return cipher.encrypt(secret);
}

export function decodeTotpSecret(cipher: FieldCipher, stored: string): string {
  return cipher.decrypt(stored);
}
