// Fault injection through the admin API (/_admin/faults): the next matching Graph requests get a
// catalogue error (with Retry-After where Graph sends one) or latency, then requests succeed again;
// a faulted write changes nothing; only the admin key may set faults.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, afterEach, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { newGroup } from '../support/directory.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

for (const backend of BACKENDS)
  describe(`fault injection [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    const admin = (method: string, path: string, body?: unknown) =>
      server.call(method, `/_admin/faults${path}`, body, { 'x-admin-key': server.adminKey })
    afterEach(async () => {
      assert.equal((await admin('DELETE', '')).status, 204)
    })

    test('a 503 for 2 requests on a path: the next 2 matching get 503 with Retry-After, the third succeeds', async () => {
      const group = await newGroup(server)
      const created = await admin('POST', '', {
        path: '^/v1\\.0/groups/[^/]+$',
        method: 'get',
        status: 503,
        count: 2,
        retryAfterSeconds: 7,
      })
      assert.equal(created.status, 201)
      assert.match(created.body.id, /^[0-9a-f-]{36}$/)
      assert.equal(created.body.method, 'GET')
      assert.equal(created.body.remaining, 2)
      // Not matching: another path, another method.
      assert.equal((await server.call('GET', '/v1.0/groups?$top=1')).status, 200)
      assert.equal(
        (await server.call('PATCH', `/v1.0/groups/${group.id}`, { description: 'x' })).status,
        204,
      )
      for (let i = 0; i < 2; i++) {
        const response = await server.call('GET', `/v1.0/GROUPS/${group.id}`)
        assert.equal(response.status, 503)
        assert.equal(response.headers.get('retry-after'), '7')
        assert.equal(response.body.error.code, 'ServiceUnavailable')
      }
      assert.equal((await server.call('GET', `/v1.0/groups/${group.id}`)).status, 200)
      assert.deepEqual((await admin('GET', '')).body.value, [])
    })

    const statuses: Array<[number, string, string | null]> = [
      [429, 'TooManyRequests', '1'],
      [500, 'InternalServerError', null],
      [504, 'GatewayTimeout', null],
    ]
    for (const [status, code, retryAfter] of statuses) {
      test(`a ${status} fault answers ${code} with the catalogue’s body`, async () => {
        await admin('POST', '', { status, path: '/users' })
        const response = await server.call('GET', '/v1.0/users?$top=1')
        assert.equal(response.status, status)
        assert.equal(response.body.error.code, code)
        assert.equal(response.headers.get('retry-after'), retryAfter)
        if (status === 429)
          assert.equal(response.body.error.innerError.message, 'Please retry after')
        assert.equal((await server.call('GET', '/v1.0/users?$top=1')).status, 200)
      })
    }

    test('a faulted write changes nothing', async () => {
      await admin('POST', '', { method: 'POST', path: '/groups$', status: 500 })
      const name = `faulted-${randomUUID().slice(0, 8)}`
      const body = {
        displayName: name,
        mailNickname: name,
        mailEnabled: false,
        securityEnabled: true,
      }
      assert.equal((await server.call('POST', '/v1.0/groups', body)).status, 500)
      assert.deepEqual(
        (await server.call('GET', `/v1.0/groups?$filter=displayName eq '${name}'`)).body.value,
        [],
      )
      assert.equal((await server.call('POST', '/v1.0/groups', body)).status, 201)
    })

    test('a fault reaches an inner $batch request and not the others', async () => {
      await admin('POST', '', { path: '/users', status: 503 })
      const response = await server.call('POST', '/v1.0/$batch', {
        requests: [
          { id: '1', method: 'GET', url: '/groups?$top=1' },
          { id: '2', method: 'GET', url: '/users?$top=1' },
        ],
      })
      assert.equal(response.status, 200)
      assert.deepEqual(
        response.body.responses.map((r: { status: number }) => r.status),
        [200, 503],
      )
      assert.equal(response.body.responses[1].headers['Retry-After'], '1')
    })

    test('a delay-only fault lets the request through; a 401 stays a 401', async () => {
      await admin('POST', '', { path: '/groups', delayMs: 5, count: 2 })
      assert.equal(
        (await server.call('GET', '/v1.0/groups', undefined, { authorization: '' })).status,
        401,
      )
      assert.equal((await admin('GET', '')).body.value[0].remaining, 2)
      assert.equal((await server.call('GET', '/v1.0/groups?$top=1')).status, 200)
      assert.equal((await admin('GET', '')).body.value[0].remaining, 1)
    })

    test('faults are listed, and removed one by one or all at once', async () => {
      const one = (await admin('POST', '', { path: '/nothing-matches-1', status: 500 })).body
      const two = (await admin('POST', '', { path: '/nothing-matches-2', status: 504, count: 3 }))
        .body
      assert.deepEqual(
        (await admin('GET', '')).body.value.map((f: { id: string }) => f.id),
        [one.id, two.id],
      )
      assert.equal((await admin('DELETE', `/${one.id}`)).status, 204)
      assert.equal((await admin('DELETE', `/${one.id}`)).status, 404)
      assert.deepEqual(
        (await admin('GET', '')).body.value.map((f: { id: string }) => f.id),
        [two.id],
      )
      assert.equal((await admin('DELETE', '')).status, 204)
      assert.deepEqual((await admin('GET', '')).body.value, [])
    })

    const invalid: Array<[string, unknown]> = [
      ['no status and no delay', { path: '/groups' }],
      ['a status the catalogue has no fault for', { status: 418 }],
      ['a path that is not a regular expression', { status: 500, path: '(' }],
      ['a count of 0', { status: 500, count: 0 }],
      ['an unknown member', { status: 500, paths: '/groups' }],
    ]
    for (const [name, body] of invalid) {
      test(`a fault with ${name} is refused with 400 and not stored`, async () => {
        const response = await admin('POST', '', body)
        assert.equal(response.status, 400)
        assert.equal(response.body.error.code, 'BadRequest')
        assert.deepEqual((await admin('GET', '')).body.value, [])
      })
    }

    test('the admin key is required to read, set and remove faults', async () => {
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', { status: 500 }],
        ['DELETE', undefined],
      ] as const) {
        const response = await server.call(method, '/_admin/faults', body, {
          'x-admin-key': 'wrong',
        })
        assert.equal(response.status, 401, method)
        assert.equal(response.body.error.code, 'AdminKeyInvalid')
      }
      // A Graph token is not the admin key either.
      assert.equal((await server.call('GET', '/_admin/faults')).status, 401)
      assert.deepEqual((await admin('GET', '')).body.value, [])
    })
  })
