// Hashes for user passwords and client secrets (scrypt from node:crypto, salted, self-describing
// so the cost can grow later). Where hashes are kept is the store's business.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto'
import type { ScryptOptions } from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
) => Promise<Buffer>

// OWASP's scrypt minimum (N=2^17 is their first choice; 2^14 keeps a sign-in under ~50 ms here).
const COST = { N: 16_384, r: 8, p: 1 }
const KEY_LENGTH = 32

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(secret, salt, KEY_LENGTH, COST)
  return [
    'scrypt',
    COST.N,
    COST.r,
    COST.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$')
}

export async function verifySecret(
  secret: string,
  stored: string | null | undefined,
): Promise<boolean> {
  const parts = stored?.split('$') ?? []
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(hash, 'base64url')
  const actual = await scrypt(secret, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  })
  return timingSafeEqual(actual, expected)
}

/** A client secret shaped like Entra's (40 characters, with a `~` after the 3-character hint). */
export function newClientSecret(): string {
  const body = randomBytes(30).toString('base64url').replace(/[-_]/g, 'x')
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`
}

export function newPassword(): string {
  return `Gp-${randomBytes(12).toString('base64url')}`
}
