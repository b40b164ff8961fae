import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose'
import {
  generateSigningKey,
  loadOrCreateKeyRing,
  rotate,
  toJwks,
  toKeyRing,
} from '../../../src/auth/keys.js'
import type { KeyStore, StoredSigningKey } from '../../../src/auth/keys.js'
import { issueAccessToken } from '../../../src/auth/issue-token.js'

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const

function memoryStore(): KeyStore & { saved: StoredSigningKey[] } {
  const saved: StoredSigningKey[] = []
  return {
    saved,
    loadSigningKeys: async () => saved.map((k) => JSON.parse(JSON.stringify(k))),
    saveSigningKey: async (k) => void saved.push(JSON.parse(JSON.stringify(k))),
  }
}

describe('signing keys', () => {
  it('generates an RS256 key whose kid is the RFC 7638 thumbprint of its public part', async () => {
    const key = await generateSigningKey(new Date('2025-01-02T03:04:05Z'))
    assert.equal(key.alg, 'RS256')
    assert.equal(key.createdDateTime, '2025-01-02T03:04:05.000Z')
    assert.equal(key.kid, await calculateJwkThumbprint(key.publicJwk, 'sha256'))
    assert.equal(key.publicJwk.kty, 'RSA')
    for (const member of PRIVATE_MEMBERS) assert.equal(key.publicJwk[member], undefined)
    assert.equal(typeof key.privateJwk.d, 'string')
    assert.equal(Buffer.from(key.publicJwk.n ?? '', 'base64url').length, 256)
  })

  it('publishes only public members, with kid, use and alg', async () => {
    const key = await generateSigningKey()
    const jwks = toJwks([key])
    assert.deepEqual(Object.keys(jwks.keys[0] ?? {}).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use'])
    assert.equal(jwks.keys[0]?.use, 'sig')
    assert.equal(jwks.keys[0]?.kid, key.kid)
  })

  it('signs after a JSON round trip, as the store keeps keys as text', async () => {
    const key = (await generateSigningKey()) as StoredSigningKey
    const restored = JSON.parse(JSON.stringify(key)) as StoredSigningKey
    const token = await issueAccessToken(
      { kind: 'application', tenantId: 't', appId: 'a', servicePrincipalId: 's', roles: [] },
      restored,
      { issuer: 'https://issuer.test/t/' },
    )
    const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(toJwks([key])))
    assert.equal(protectedHeader.kid, key.kid)
  })

  it('rotation makes a new active key, keeps the last one as previous and retires older ones', async () => {
    const first = await generateSigningKey(new Date('2025-01-01T00:00:00Z'))
    const second = await generateSigningKey(new Date('2025-02-01T00:00:00Z'))
    const { ring, created, retired } = await rotate(
      [first, second],
      new Date('2025-03-01T00:00:00Z'),
    )
    assert.equal(ring.active, created)
    assert.equal(ring.previous?.kid, second.kid)
    assert.deepEqual(
      retired.map((k) => k.kid),
      [first.kid],
    )
    assert.deepEqual(toKeyRing([first, second, created])?.active.kid, created.kid)
  })

  it('rotating with no keys gives a ring without previous', async () => {
    const { ring, retired } = await rotate([])
    assert.equal(ring.previous, undefined)
    assert.deepEqual(retired, [])
    assert.equal(toKeyRing([]), undefined)
  })

  it('creates a key on first start and reuses it afterwards', async () => {
    const store = memoryStore()
    const ring = await loadOrCreateKeyRing(store)
    assert.equal(store.saved.length, 1)
    const again = await loadOrCreateKeyRing(store)
    assert.equal(store.saved.length, 1)
    assert.equal(again.active.kid, ring.active.kid)
  })
})
