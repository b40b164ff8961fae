// Secret hashes (src/auth/passwords.ts): self-describing, so hashes written at an earlier cost
// still verify after the cost was raised, and a wrong secret or a malformed hash never does.
import assert from 'node:assert/strict'
import { randomBytes, scryptSync } from 'node:crypto'
import { test } from 'node:test'
import { hashSecret, verifySecret } from '../../../src/auth/passwords.js'

test('a hash verifies its own secret and no other', async () => {
  const hash = await hashSecret('correct horse')
  assert.match(hash, /^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/)
  assert.equal(await verifySecret('correct horse', hash), true)
  assert.equal(await verifySecret('correct horsE', hash), false)
})

test('a hash written at the earlier cost (N=2^14) still verifies', async () => {
  // What databases created before the cost was raised hold for their users and app secrets.
  const salt = randomBytes(16)
  const old = scryptSync('battery staple', salt, 32, { N: 16_384, r: 8, p: 1 })
  const stored = ['scrypt', 16_384, 8, 1, salt.toString('base64url'), old.toString('base64url')]
  assert.equal(await verifySecret('battery staple', stored.join('$')), true)
  assert.equal(await verifySecret('battery stable', stored.join('$')), false)
})

test('a missing or malformed hash verifies nothing', async () => {
  for (const stored of [undefined, null, '', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$16384$8$1$x']) {
    assert.equal(await verifySecret('anything', stored), false)
  }
})
