// Time-based one-time passwords (RFC 6238) with the otpauth library: 6 digits, 30 seconds,
// SHA-1 (what every authenticator app supports). A code is accepted once: the step it belongs to
// is remembered, so a code seen over someone's shoulder cannot be replayed.
import * as OTPAuth from 'otpauth'

const ISSUER = 'Assure'
const PERIOD = 30

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32
}

function totp(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  })
}

/** The otpauth:// URI an authenticator app reads (typed in as the setup key, or from a QR code). */
export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString()
}

/** The current code (for the demo banner and for tests, which act as the authenticator app). */
export function totpCode(secret: string, at: Date): string {
  return totp(secret, 'code').generate({ timestamp: at.getTime() })
}

/**
 * Checks a code against the step before, the current and the next (clock drift). Returns the
 * step it matched, or undefined; a step at or before `lastStep` is refused as a replay.
 */
export function verifyTotp(
  secret: string,
  code: string,
  at: Date,
  lastStep: number | null,
): number | undefined {
  const cleaned = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(cleaned)) return undefined
  const delta = totp(secret, 'code').validate({
    token: cleaned,
    timestamp: at.getTime(),
    window: 1,
  })
  if (delta === null) return undefined
  const step = Math.floor(at.getTime() / 1000 / PERIOD) + delta
  if (lastStep !== null && step <= lastStep) return undefined
  return step
}
