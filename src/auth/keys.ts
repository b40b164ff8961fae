// The built-in issuer's RS256 signing keys: generation, the public JWKS, and rotation. Keys are plain
// JSON so the store can keep them as text; loading and saving them is the store's job (KeyStore).
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'
import type { JWK } from 'jose'

export const SIGNING_ALGORITHM = 'RS256'

export interface StoredSigningKey {
  kid: string
  alg: typeof SIGNING_ALGORITHM
  createdDateTime: string
  privateJwk: JWK
  publicJwk: JWK
}

/** The key that signs now, and the one before it, still published so its tokens keep verifying. */
export interface SigningKeyRing {
  active: StoredSigningKey
  previous?: StoredSigningKey
}

/** Implemented by the store, shared by every instance so they sign and verify with the same keys. */
export interface KeyStore {
  loadSigningKeys(): Promise<StoredSigningKey[]>
  saveSigningKey(key: StoredSigningKey): Promise<void>
}

export interface RotationResult {
  ring: SigningKeyRing
  created: StoredSigningKey
  /** Keys older than `previous`: no longer published; the store may delete them. */
  retired: StoredSigningKey[]
}

// Only the public members of an RSA JWK; anything else (d, p, q, dp, dq, qi) must never be published.
const PUBLIC_RSA_MEMBERS = ['kty', 'n', 'e'] as const

export async function generateSigningKey(now: Date = new Date()): Promise<StoredSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, {
    modulusLength: 2048,
    extractable: true,
  })
  const publicJwk = await exportJWK(publicKey)
  // RFC 7638 thumbprint: stable for the key, so every instance derives the same kid.
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256')
  return {
    kid,
    alg: SIGNING_ALGORITHM,
    createdDateTime: now.toISOString(),
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALGORITHM },
    publicJwk: { ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' },
  }
}

/** Newest first; equal timestamps fall back to kid so every instance picks the same active key. */
export function sortNewestFirst(keys: readonly StoredSigningKey[]): StoredSigningKey[] {
  return [...keys].sort(
    (a, b) => b.createdDateTime.localeCompare(a.createdDateTime) || a.kid.localeCompare(b.kid),
  )
}

/** The ring for a set of stored keys, or undefined when there are none yet. */
export function toKeyRing(keys: readonly StoredSigningKey[]): SigningKeyRing | undefined {
  const [active, previous] = sortNewestFirst(keys)
  if (active === undefined) return undefined
  return previous === undefined ? { active } : { active, previous }
}

/** The published key set: public members only, as Entra's discovery keys endpoint serves them. */
export function toJwks(keys: readonly StoredSigningKey[]): { keys: JWK[] } {
  return {
    keys: keys.map((key) => {
      const jwk: JWK = { kid: key.kid, use: 'sig', alg: key.alg }
      for (const member of PUBLIC_RSA_MEMBERS) jwk[member] = key.publicJwk[member]
      return jwk
    }),
  }
}

export function ringKeys(ring: SigningKeyRing): StoredSigningKey[] {
  return ring.previous === undefined ? [ring.active] : [ring.active, ring.previous]
}

/**
 * A new active key; the current active becomes `previous` and anything older is retired.
 * The caller saves `created` (and may delete `retired`).
 */
export async function rotate(
  keys: readonly StoredSigningKey[],
  now: Date = new Date(),
): Promise<RotationResult> {
  const created = await generateSigningKey(now)
  const [previous, ...retired] = sortNewestFirst(keys)
  const ring: SigningKeyRing =
    previous === undefined ? { active: created } : { active: created, previous }
  return { ring, created, retired }
}

/** First start: load the stored keys, generating and saving one when the store has none. */
export async function loadOrCreateKeyRing(
  store: KeyStore,
  now: Date = new Date(),
): Promise<SigningKeyRing> {
  const existing = toKeyRing(await store.loadSigningKeys())
  if (existing !== undefined) return existing
  const created = await generateSigningKey(now)
  await store.saveSigningKey(created)
  // Reload: another instance may have saved its own key at the same moment; all agree on the newest.
  return toKeyRing(await store.loadSigningKeys()) ?? { active: created }
}
