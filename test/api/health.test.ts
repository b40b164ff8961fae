// Operations endpoints (issue #6): liveness and readiness answer without a token.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

for (const backend of BACKENDS)
  describe(`health [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    test('GET /_health answers 200 {"status":"ok"}', async () => {
      const response = await server.call('GET', '/_health')
      assert.equal(response.status, 200)
      assert.deepEqual(response.body, { status: 'ok' })
    })

    test('GET /_ready answers 200 once the database answers', async () => {
      const response = await server.call('GET', '/_ready')
      assert.equal(response.status, 200)
      assert.deepEqual(response.body, { status: 'ok' })
    })
  })
