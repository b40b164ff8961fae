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

// N=2^15 (OWASP's first choice is 2^17; a sign-in takes about 100 ms here). It also decides what a
// hash leaves in memory: scrypt's work buffer is 128·N·r bytes. At 2^14 (16 MiB) glibc raises its
// mmap threshold after the first free and keeps later buffers in its arenas, one per thread that
// hashed: 17–21 MB of RSS for good after the first sign-in, up to four times that under
// concurrent sign-ins (bench/README.md). At 2^15 the buffer (32 MiB plus its header) is above
// glibc's largest dynamic threshold, so it is always mapped for the hash and returned after it.
const COST = { N: 32_768, r: 8, p: 1 }
const KEY_LENGTH = 32
/** Node's default maxmem is exactly 32 MiB, below what N=2^15, r=8 needs. */
const MAX_MEMORY = 64 * 1024 * 1024

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(secret, salt, KEY_LENGTH, { ...COST, maxmem: MAX_MEMORY })
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
    maxmem: MAX_MEMORY,
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
