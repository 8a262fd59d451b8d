import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpFor(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: '枫桥',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

export function totpNow(secret: string, at: Date): string {
  return totpFor(secret, 'x').generate({ timestamp: at.getTime() });
}

/**
 * Accepts a code of the current 30-second step or one step either side, and only if that step is
 * later than the last one used, so a code cannot be replayed (SECURITY.md A5). Returns the step.
 */
export function checkTotp(
  secret: string,
  code: string,
  at: Date,
  lastStep: number | null,
): number | null {
  const delta = totpFor(secret, 'x').validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) {
    return null;
  }
  const step = Math.floor(at.getTime() / 1000 / PERIOD) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}
