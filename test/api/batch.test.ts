// JSON batching, POST /{ver}/$batch (spec §7.3): each inner request goes through the same pipeline
// as a direct one (status, headers, errors, permissions), the envelope answers 200 whenever it
// parses, and a malformed, oversized or ambiguous batch is refused whole and runs nothing.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { DOMAIN, ids, newGroup, newUser, ref } from '../support/directory.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'
const JSON_HEADERS = { 'Content-Type': 'application/json' }

interface InnerResponse {
  id: string
  status: number
  headers: Record<string, string>
  // Tests read arbitrary JSON bodies.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body?: any
}

for (const backend of BACKENDS)
  describe(`$batch [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    const batch = async (
      requests: unknown[],
      version = 'v1.0',
      headers: Record<string, string> = {},
    ) => {
      const response = await server.call('POST', `/${version}/$batch`, { requests }, headers)
      return {
        ...response,
        byId: (id: string) =>
          (response.body.responses as InnerResponse[]).find((r) => r.id === id) as InnerResponse,
      }
    }
    const groupCount = async () =>
      (await server.call('GET', '/v1.0/groups/$count', undefined, { consistencylevel: 'eventual' }))
        .text

    test('GET, POST, PATCH, DELETE and a $ref add in one batch each answer as they would directly', async () => {
      const group = await newGroup(server)
      const user = await newUser(server)
      const doomed = await newGroup(server)
      const name = `batched-${randomUUID().slice(0, 8)}`
      const response = await batch([
        { id: '1', method: 'GET', url: `/groups/${group.id}` },
        {
          id: '2',
          method: 'POST',
          url: '/groups',
          headers: JSON_HEADERS,
          body: {
            displayName: name,
            mailNickname: name,
            mailEnabled: false,
            securityEnabled: true,
          },
        },
        {
          id: '3',
          method: 'PATCH',
          url: `groups/${group.id}`,
          headers: JSON_HEADERS,
          body: { description: 'patched in a batch' },
        },
        {
          id: '4',
          method: 'POST',
          url: `/groups/${group.id}/members/$ref`,
          headers: JSON_HEADERS,
          body: ref(user.id),
        },
        { id: '5', method: 'DELETE', url: `/groups/${doomed.id}` },
      ])
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('content-type'), ODATA_JSON)
      assert.deepEqual(
        response.body.responses.map((r: InnerResponse) => [r.id, r.status]),
        [
          ['1', 200],
          ['2', 201],
          ['3', 204],
          ['4', 204],
          ['5', 204],
        ],
      )
      assert.equal(response.byId('1').body.id, group.id)
      assert.equal(
        response.byId('1').body['@odata.context'],
        `${server.baseUrl}/v1.0/$metadata#groups/$entity`,
      )
      assert.equal(response.byId('1').headers['Content-Type'], ODATA_JSON)
      assert.equal(response.byId('1').headers['OData-Version'], '4.0')
      const created = response.byId('2')
      assert.equal(created.headers.Location, `${server.baseUrl}/v1.0/groups/${created.body.id}`)
      assert.equal(created.body.displayName, name)
      for (const id of ['3', '4', '5']) {
        assert.equal(response.byId(id).body, undefined, `${id} has no body`)
        assert.equal(response.byId(id).headers['Content-Type'], undefined)
      }
      // The writes happened, as direct requests would have made them.
      assert.equal(
        (await server.call('GET', `/v1.0/groups/${group.id}`)).body.description,
        'patched in a batch',
      )
      assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members`), [user.id])
      assert.equal((await server.call('GET', `/v1.0/groups/${doomed.id}`)).status, 404)
      assert.equal((await server.call('GET', `/v1.0/groups/${created.body.id}`)).status, 200)
    })

    test('a failing inner request has Graph’s error body and does not fail the batch (outer 200)', async () => {
      const missing = randomUUID()
      const response = await batch([
        { id: 'a', method: 'GET', url: `/groups/${missing}` },
        { id: 'b', method: 'GET', url: '/widgets' },
        { id: 'c', method: 'GET', url: '/groups?$top=1' },
      ])
      assert.equal(response.status, 200)
      assert.equal(response.byId('a').status, 404)
      assert.equal(response.byId('a').body.error.code, 'Request_ResourceNotFound')
      assert.match(response.byId('a').body.error.innerError['request-id'], /^[0-9a-f-]{36}$/)
      assert.equal(response.byId('b').status, 400)
      assert.equal(
        response.byId('b').body.error.message,
        "Resource not found for the segment 'widgets'.",
      )
      assert.equal(response.byId('c').status, 200)
      assert.equal(response.byId('c').body.value.length, 1)
    })

    test('dependsOn: a dependent of a failed request answers 424, and so do its own dependents', async () => {
      const before = await groupCount()
      const name = `never-${randomUUID().slice(0, 8)}`
      const response = await batch([
        { id: '1', method: 'GET', url: `/groups/${randomUUID()}` },
        {
          id: '2',
          method: 'POST',
          url: '/groups',
          dependsOn: ['1'],
          headers: JSON_HEADERS,
          body: {
            displayName: name,
            mailNickname: name,
            mailEnabled: false,
            securityEnabled: true,
          },
        },
        { id: '3', method: 'GET', url: '/groups?$top=1', dependsOn: ['2'] },
        { id: '4', method: 'GET', url: '/groups?$top=1' },
        { id: '5', method: 'GET', url: '/groups?$top=1', dependsOn: ['4'] },
      ])
      assert.equal(response.status, 200)
      assert.deepEqual(
        response.body.responses.map((r: InnerResponse) => r.status),
        [404, 424, 424, 200, 200],
      )
      assert.equal(response.byId('2').body.error.code, 'FailedDependency')
      assert.match(
        response.byId('2').body.error.innerError.date,
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/,
      )
      assert.equal(await groupCount(), before)
    })

    test('a token without a scope gets an inner 403 while the requests it may make succeed', async () => {
      const token = await server.tokenFor({ scopes: ['Group.Read.All'] })
      const before = await groupCount()
      const name = `refused-${randomUUID().slice(0, 8)}`
      const response = await batch(
        [
          { id: 'read', method: 'GET', url: '/groups?$top=1' },
          {
            id: 'write',
            method: 'POST',
            url: '/groups',
            headers: JSON_HEADERS,
            body: {
              displayName: name,
              mailNickname: name,
              mailEnabled: false,
              securityEnabled: true,
            },
          },
        ],
        'v1.0',
        { authorization: `Bearer ${token}` },
      )
      assert.equal(response.status, 200)
      assert.equal(response.byId('read').status, 200)
      assert.equal(response.byId('write').status, 403)
      assert.equal(response.byId('write').body.error.code, 'Authorization_RequestDenied')
      assert.equal(await groupCount(), before)
    })

    test('the envelope needs a token (401) but no permission of its own', async () => {
      const none = await server.call(
        'POST',
        '/v1.0/$batch',
        { requests: [] },
        { authorization: '' },
      )
      assert.equal(none.status, 401)
      assert.equal(none.body.error.code, 'InvalidAuthenticationToken')
      const weak = await server.tokenFor({ scopes: ['Calendars.Read'] })
      const response = await batch([{ id: '1', method: 'GET', url: '/groups' }], 'beta', {
        authorization: `Bearer ${weak}`,
      })
      assert.equal(response.status, 200)
      assert.equal(response.byId('1').status, 403)
    })

    test('a base64 body is decoded, and the inner client-request-id is the envelope’s', async () => {
      const name = `b64-${randomUUID().slice(0, 8)}`
      const body = Buffer.from(
        JSON.stringify({
          displayName: name,
          mailNickname: name,
          mailEnabled: false,
          securityEnabled: true,
        }),
      ).toString('base64')
      const clientRequestId = randomUUID()
      const response = await batch(
        [
          { id: '1', method: 'POST', url: '/groups', headers: JSON_HEADERS, body },
          { id: '2', method: 'GET', url: `/groups/${randomUUID()}` },
        ],
        'beta',
        { 'client-request-id': clientRequestId },
      )
      assert.equal(response.byId('1').status, 201)
      assert.equal(response.byId('1').body.displayName, name)
      assert.match(
        response.byId('1').headers.Location ?? '',
        new RegExp(`^${server.baseUrl}/beta/groups/`),
      )
      assert.equal(response.byId('2').body.error.innerError['client-request-id'], clientRequestId)
    })

    test('an absolute URL of this server is accepted; one outside the version root answers 400 inside', async () => {
      const group = await newGroup(server)
      const response = await batch([
        { id: '1', method: 'GET', url: `${server.baseUrl}/v1.0/groups/${group.id}` },
        {
          id: '2',
          method: 'GET',
          url: '/../_admin/tenants',
          headers: { 'x-admin-key': server.adminKey },
        },
        { id: '3', method: 'GET', url: `${server.baseUrl}/beta/groups/${group.id}` },
      ])
      assert.equal(response.byId('1').status, 200)
      assert.equal(response.byId('1').body.id, group.id)
      for (const id of ['2', '3']) {
        assert.equal(response.byId(id).status, 400)
        assert.equal(response.byId(id).body.error.code, 'BadRequest')
      }
    })

    test('a body without a Content-Type header and a nested $batch each fail only their own request', async () => {
      const before = await groupCount()
      const response = await batch([
        {
          id: '1',
          method: 'POST',
          url: '/groups',
          body: { displayName: 'x', mailNickname: 'x', mailEnabled: false, securityEnabled: true },
        },
        {
          id: '2',
          method: 'POST',
          url: '/$batch',
          headers: JSON_HEADERS,
          body: { requests: [{ id: '1', method: 'GET', url: '/groups' }] },
        },
        { id: '3', method: 'GET', url: '/users?$top=1' },
      ])
      assert.equal(response.status, 200)
      assert.deepEqual(
        response.body.responses.map((r: InnerResponse) => r.status),
        [400, 400, 200],
      )
      assert.equal(
        response.byId('1').body.error.message,
        'Request Id 1 has a body but no Content-Type header.',
      )
      assert.equal(
        response.byId('2').body.error.message,
        'A $batch request cannot contain another $batch request.',
      )
      assert.equal(await groupCount(), before)
    })

    // Each batch but the first two begins with a write, to show a refused batch runs nothing.
    const write = {
      id: 'w',
      method: 'POST',
      url: '/groups',
      headers: JSON_HEADERS,
      body: { displayName: 'n', mailNickname: 'n', mailEnabled: false, securityEnabled: true },
    }
    const get = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      method: 'GET',
      url: '/groups',
      ...extra,
    })
    const refusals: Array<[string, unknown, string]> = [
      [
        '21 requests',
        { requests: [write, ...Array.from({ length: 20 }, (_, i) => get(String(i + 1)))] },
        'A batch may contain at most 20 requests.',
      ],
      [
        'a duplicate id',
        { requests: [write, get('1'), get('1')] },
        'Request Id 1 has to be unique in a batch.',
      ],
      ['no requests array', { request: [write] }, 'Invalid batch payload format.'],
      ['a body that is an array', [write], 'Invalid batch payload format.'],
      [
        'a request without an id',
        { requests: [write, { method: 'GET', url: '/groups' }] },
        'Invalid batch payload format.',
      ],
      [
        'an unknown method',
        { requests: [write, { id: '1', method: 'FETCH', url: '/groups' }] },
        'Invalid batch payload format.',
      ],
      [
        'a dependency on a later or unknown id',
        { requests: [write, get('1', { dependsOn: ['2'] }), get('2')] },
        "Request Id 1 depends on '2', which is not an earlier request of the batch.",
      ],
    ]
    for (const [name, body, message] of refusals) {
      test(`a batch with ${name} answers 400 as a whole and runs nothing`, async () => {
        const before = await groupCount()
        const response = await server.call('POST', '/v1.0/$batch', body)
        assert.equal(response.status, 400)
        assert.equal(response.body.error.code, 'BadRequest')
        assert.equal(response.body.error.message, message)
        assert.equal(await groupCount(), before)
      })
    }

    test('malformed JSON answers 400', async () => {
      const response = await server.call('POST', '/v1.0/$batch', '{"requests": [', {
        'content-type': 'application/json',
      })
      assert.equal(response.status, 400)
      assert.equal(response.body.error.code, 'BadRequest')
    })

    test('a write sees the batched writes before it: a second user with the same UPN answers 400', async () => {
      const name = `dup-${randomUUID().slice(0, 8)}`
      const user = {
        accountEnabled: true,
        displayName: name,
        mailNickname: name,
        userPrincipalName: `${name}@${DOMAIN}`,
        passwordProfile: { password: 'P@ssw0rd-123456' },
      }
      const response = await batch([
        { id: '1', method: 'POST', url: '/users', headers: JSON_HEADERS, body: user },
        {
          id: '2',
          method: 'POST',
          url: '/users',
          headers: JSON_HEADERS,
          body: user,
          dependsOn: ['1'],
        },
      ])
      assert.deepEqual(
        response.body.responses.map((r: InnerResponse) => r.status),
        [201, 400],
      )
      assert.equal(
        response.byId('2').body.error.message,
        'Another object with the same value for property userPrincipalName already exists.',
      )
    })
  })
