// Signing-key rotation through the admin API (issue #3 §1): the new key signs, the previous one
// stays in the JWKS, and a token signed before the rotation is still accepted.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string })
    .kid

for (const backend of BACKENDS)
  describe(`signing-key rotation [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    test('POST /_admin/signing-keys/rotate keeps the previous key published and valid', async () => {
      const before = await server.tokenFor()
      const refused = await server.call('POST', '/_admin/signing-keys/rotate', undefined, {
        'x-admin-key': 'wrong',
      })
      assert.equal(refused.status, 401)
      const rotated = await server.call('POST', '/_admin/signing-keys/rotate', undefined, {
        'x-admin-key': server.adminKey,
      })
      assert.equal(rotated.status, 204)
      const after = await server.tokenFor()
      assert.notEqual(kidOf(after), kidOf(before))
      const { keys } = (await server.call('GET', `/${server.tenantId}/discovery/v2.0/keys`)).body
      assert.deepEqual(
        (keys as Array<{ kid: string }>).map((k) => k.kid).sort(),
        [kidOf(before), kidOf(after)].sort(),
      )
      for (const token of [before, after]) {
        const response = await server.call('GET', '/v1.0/me', undefined, {
          authorization: `Bearer ${token}`,
        })
        assert.equal(response.status, 200)
      }
    })
  })
