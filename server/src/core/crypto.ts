import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Field encryption (SECURITY.md E2): AES-256-GCM with a key kept outside the database, so a
 * database dump holds no readable ID numbers, phones or TOTP seeds. The format carries a key id
 * so keys can rotate; SM4 can replace AES behind the same interface where 密评 applies.
 */
export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** Deterministic keyed hash for exact-match lookups (blind index) without decrypting. */
  blindIndex(plain: string): string;
}

export function parseKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new Error('FENGQIAO_KEY must be 32 bytes (64 hex characters or base64)');
  }
  return key;
}

export function generateKey(): string {
  return randomBytes(32).toString('hex');
}

export function createFieldCipher(key: Buffer): FieldCipher {
  const kid = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const macKey = createHmac('sha256', key).update('blind-index').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `v1.${kid}.${Buffer.concat([iv, tag, body]).toString('base64')}`;
    },
    decrypt(token) {
      const [version, keyId, payload] = token.split('.');
      if (version !== 'v1' || keyId !== kid || payload === undefined) {
        throw new Error('unknown field-encryption key or format');
      }
      const buf = Buffer.from(payload, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
    },
    blindIndex(plain) {
      return createHmac('sha256', macKey).update(plain).digest('hex');
    },
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
