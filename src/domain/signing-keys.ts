// The built-in issuer's keys as the running server sees them: loaded from the store (generated on
// the very first start), re-read now and then so a rotation by another instance is picked up. Key
// dates are wall-clock time, not the domain clock tests move.
import type { JSONWebKeySet } from 'jose'
import { loadOrCreateKeyRing, ringKeys, rotate, toJwks, toKeyRing } from '../auth/keys.js'
import type { SigningKeyRing, StoredSigningKey } from '../auth/keys.js'
import type { DomainDeps } from './context.js'

export interface SigningKeys {
  /** The key that signs now. */
  active(): Promise<StoredSigningKey>
  /** The published set: the active key and the one before it. */
  jwks(): Promise<JSONWebKeySet>
  /** A new active key; the old active stays published as `previous` (issue #3 §1). */
  rotate(): Promise<StoredSigningKey>
}

// How long an instance signs with the ring it loaded before looking for a newer key.
const RELOAD_AFTER_MS = 60_000

export async function loadSigningKeys(deps: DomainDeps): Promise<SigningKeys> {
  const load = async (): Promise<SigningKeyRing> => {
    const ring = toKeyRing(await deps.store.read((tx) => tx.signingKeys.loadSigningKeys()))
    return ring ?? deps.store.transaction((tx) => loadOrCreateKeyRing(tx.signingKeys))
  }
  let ring = await load()
  let loadedAt = Date.now()
  const current = async () => {
    if (Date.now() - loadedAt >= RELOAD_AFTER_MS) {
      ring = await load()
      loadedAt = Date.now()
    }
    return ring
  }
  return {
    active: async () => (await current()).active,
    async jwks() {
      ring = await load()
      loadedAt = Date.now()
      return toJwks(ringKeys(ring))
    },
    async rotate() {
      const result = await deps.store.transaction(async (tx) => {
        const rotation = await rotate(await tx.signingKeys.loadSigningKeys())
        await tx.signingKeys.saveSigningKey(rotation.created)
        await tx.signingKeys.delete(rotation.retired.map((key) => key.kid))
        return rotation
      })
      ring = result.ring
      loadedAt = Date.now()
      return result.created
    },
  }
}
