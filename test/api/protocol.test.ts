// The protocol every endpoint shares (spec §6, issue #2 §6): headers, routing errors, path
// spellings, body errors — none of which may change state or produce a 5xx.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'

for (const backend of BACKENDS)
  describe(`protocol [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend, config: { bodyLimit: 2048 } })
    })
    after(() => server.close())

    const groupCount = async () =>
      (await server.call('GET', `${P}/connectorGroups`)).body.value.length as number

    test('success responses carry request-id, client-request-id, OData-Version and the OData content type', async () => {
      const response = await server.call('GET', `${P}/connectorGroups`)
      const requestId = response.headers.get('request-id')
      assert.match(requestId ?? '', /^[0-9a-f-]{36}$/)
      assert.equal(response.headers.get('client-request-id'), requestId)
      assert.equal(response.headers.get('odata-version'), '4.0')
      assert.equal(response.headers.get('content-type'), ODATA_JSON)
    })

    test('client-request-id is echoed in the header and in innerError', async () => {
      const clientRequestId = '6c3b1a9e-7a7e-4f7e-9a7d-1f2f3e4d5c6b'
      const ok = await server.call('GET', `${P}/connectorGroups`, undefined, {
        'client-request-id': clientRequestId,
      })
      assert.equal(ok.headers.get('client-request-id'), clientRequestId)
      const failed = await server.call('GET', `${P}/connectorGroups/nope`, undefined, {
        'client-request-id': clientRequestId,
      })
      assert.equal(failed.body.error.innerError['client-request-id'], clientRequestId)
      assert.equal(failed.body.error.innerError['request-id'], failed.headers.get('request-id'))
    })

    test('errors have Graph’s body: code, message, innerError with a date without offset', async () => {
      const response = await server.call('GET', `${P}/connectorGroups/nope`)
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8')
      assert.deepEqual(Object.keys(response.body.error), ['code', 'message', 'innerError'])
      assert.match(response.body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    })

    const routingErrors: Array<[string, string, string, number, string]> = [
      [
        "seed 000's POST /connectorGroups/$ref",
        'POST',
        '/beta/connectorGroups/$ref',
        400,
        "Resource not found for the segment '$ref'.",
      ],
      [
        'App Proxy under /v1.0',
        'GET',
        '/v1.0/onPremisesPublishingProfiles/applicationProxy/connectors',
        400,
        "Resource not found for the segment 'onPremisesPublishingProfiles'.",
      ],
      [
        'an unknown segment',
        'GET',
        `${P}/widgets`,
        400,
        "Resource not found for the segment 'widgets'.",
      ],
      [
        'an unknown version',
        'GET',
        '/v2.0/connectors',
        400,
        "Resource not found for the segment 'v2.0'.",
      ],
      [
        'a method the target does not have',
        'PUT',
        `${P}/connectorGroups`,
        405,
        'Specified HTTP method is not allowed for the request target.',
      ],
      [
        'POST connectorGroups/{id}/applications/$ref (D6)',
        'POST',
        `${P}/connectorGroups/00000000-0000-0000-0000-000000000001/applications/$ref`,
        405,
        'Specified HTTP method is not allowed for the request target.',
      ],
    ]
    for (const [name, method, path, status, message] of routingErrors) {
      test(`${name} answers ${status}`, async () => {
        const before = await groupCount()
        const response = await server.call(
          method,
          path,
          method === 'GET' ? undefined : { name: 'x' },
        )
        assert.equal(response.status, status)
        assert.equal(response.body.error.message, message)
        assert.equal(await groupCount(), before)
      })
    }

    test('segment names and the profile key match case-insensitively', async () => {
      const response = await server.call(
        'GET',
        '/beta/onpremisespublishingprofiles/APPLICATIONPROXY/ConnectorGroups',
      )
      assert.equal(response.status, 200)
      assert.ok(response.body.value.length >= 1)
    })

    test('%24 in a path means $ and keys in parentheses address the same object', async () => {
      const { id } = (await server.call('POST', `${P}/connectorGroups`, { name: 'Parens' })).body
      assert.equal(
        (
          await server.call(
            'GET',
            `/beta/onPremisesPublishingProfiles('applicationProxy')/connectorGroups('${id}')`,
          )
        ).body.id,
        id,
      )
      assert.equal((await server.call('GET', `${P}/connectorGroups(${id})`)).body.id, id)
      const refs = await server.call('GET', `${P}/connectorGroups/${id}/members/%24ref`)
      assert.equal(refs.status, 200)
      assert.match(refs.body['@odata.context'], /Collection\(\$ref\)$/)
    })

    const bodyErrors: Array<[string, string | undefined, Record<string, string>, number, string]> =
      [
        ['malformed JSON', '{"name": ', { 'content-type': 'application/json' }, 400, 'BadRequest'],
        [
          'an empty JSON body',
          '',
          { 'content-type': 'application/json' },
          400,
          'Request_BadRequest',
        ],
        ['no body at all', undefined, {}, 400, 'Request_BadRequest'],
        [
          'a text/plain body',
          'name=x',
          { 'content-type': 'text/plain' },
          415,
          'UnsupportedMediaType',
        ],
        [
          'an XML body',
          '<name>x</name>',
          { 'content-type': 'application/xml' },
          415,
          'UnsupportedMediaType',
        ],
        [
          'a body over the limit',
          JSON.stringify({ name: 'x'.repeat(4096) }),
          { 'content-type': 'application/json' },
          413,
          'RequestEntityTooLarge',
        ],
      ]
    for (const [name, body, headers, status, code] of bodyErrors) {
      test(`POST connectorGroups with ${name} answers ${status} ${code} and creates nothing`, async () => {
        const before = await groupCount()
        const response = await fetch(`${server.baseUrl}${P}/connectorGroups`, {
          method: 'POST',
          headers: { ...server.authHeaders, ...headers },
          ...(body === undefined ? {} : { body }),
        })
        const parsed = (await response.json()) as { error: { code: string } }
        assert.equal(response.status, status)
        assert.equal(parsed.error.code, code)
        assert.equal(await groupCount(), before)
      })
    }

    test('a JSON content type with OData parameters is accepted', async () => {
      const response = await fetch(`${server.baseUrl}${P}/connectorGroups`, {
        method: 'POST',
        headers: {
          ...server.authHeaders,
          'content-type': 'application/json;odata.metadata=minimal',
        },
        body: JSON.stringify({ name: 'Params' }),
      })
      assert.equal(response.status, 201)
    })

    test('$top outside 1–999 answers 400 Request_UnsupportedQuery', async () => {
      for (const top of ['0', '1000']) {
        const response = await server.call('GET', `${P}/connectorGroups?$top=${top}`)
        assert.equal(response.status, 400)
        assert.equal(response.body.error.code, 'Request_UnsupportedQuery')
        assert.equal(
          response.body.error.message,
          `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
        )
      }
      const notANumber = await server.call('GET', `${P}/connectorGroups?$top=abc`)
      assert.equal(notANumber.status, 400)
      assert.equal(notANumber.body.error.code, 'BadRequest')
    })

    test('GET of the profile returns it, and $expand of its collections', async () => {
      const plain = await server.call('GET', P)
      assert.equal(plain.status, 200)
      assert.equal(plain.body.id, 'applicationProxy')
      assert.equal(plain.body.isEnabled, true)
      assert.equal(
        plain.body['@odata.context'],
        `${server.baseUrl}/beta/$metadata#onPremisesPublishingProfiles/$entity`,
      )
      assert.equal(plain.body.connectorGroups, undefined)
      const expanded = await server.call('GET', `${P}?$expand=connectors,connectorGroups`)
      assert.ok(Array.isArray(expanded.body.connectors))
      assert.equal(expanded.body.connectorGroups.length, await groupCount())
      const bad = await server.call('GET', `${P}?$expand=agents`)
      assert.equal(bad.status, 400)
      assert.equal(bad.body.error.code, 'ExpandNotSupported')
    })
  })
