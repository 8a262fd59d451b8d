import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scryptAsync(
  password: string,
  salt: Buffer,
  keylen: number,
  opts: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, opts, (err, key) => {
      if (err) {
        reject(err);
      } else {
        resolve(key);
      }
    });
  });
}

/** scrypt parameters; the hash string records them so they can be raised later. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt equivalent of N=2^17: N=2^15, r=8, p=3 (about 32 MiB per hash). */
export const PRODUCTION_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };
/** Cheaper parameters for the test suite only; never selected outside NODE_ENV=test. */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };

export interface PasswordHasher {
  readonly params: ScryptParams;
  hash(password: string): Promise<string>;
  /** Always does the full scrypt work, also for the dummy hash of an unknown user (A3). */
  verify(stored: string, password: string): Promise<boolean>;
  /** A valid hash of a random secret, verified when the login name does not exist. */
  readonly dummyHash: Promise<string>;
}

export function parseHash(
  stored: string,
): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (m === null) {
    return null;
  }
  const [, n, r, p, salt, key] = m;
  return {
    params: { N: Number(n), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt ?? '', 'base64'),
    key: Buffer.from(key ?? '', 'base64'),
  };
}

export function createPasswordHasher(params: ScryptParams): PasswordHasher {
  const run = (pw: string, salt: Buffer, p: ScryptParams): Promise<Buffer> =>
    scryptAsync(pw.normalize('NFKC'), salt, 32, {
      N: p.N,
      r: p.r,
      p: p.p,
      maxmem: 256 * p.N * p.r * p.p + 1024 * 1024,
    });
  const hash = async (password: string): Promise<string> => {
    const salt = randomBytes(16);
    const key = await run(password, salt, params);
    return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
  };
  return {
    params,
    hash,
    async verify(stored, password) {
      const parsed = parseHash(stored);
      if (parsed === null) {
        await run(password, randomBytes(16), params);
        return false;
      }
      const key = await run(password, parsed.salt, parsed.params);
      return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
    },
    dummyHash: hash(randomBytes(24).toString('base64')),
  };
}
