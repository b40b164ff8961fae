// Throttling (spec §7.4, E19): a token bucket per app+tenant; past it, 429 with Graph's exact body,
// Retry-After and the x-ms-throttle headers (§6.2). The clock is the server's, moved by the test.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const GROUPS = '/v1.0/groups?$top=1'
// One token per 100 s, two at once: the third quick request is refused, whatever the machine's speed.
const RATE = 0.01
const BURST = 2

for (const backend of BACKENDS)
  describe(`throttling [${backend}]`, () => {
    let server: TestServer
    let offsetMs = 0
    before(async () => {
      server = await startTestServer({
        backend,
        config: { throttleRequestsPerSecond: RATE, throttleBurst: BURST },
        now: () => new Date(Date.now() + offsetMs),
      })
    })
    after(() => server.close())

    /** A token of an app of its own, so each test starts with a full bucket. */
    const newApp = async (tenantId?: string) => {
      const token = await server.tokenFor({
        appId: randomUUID(),
        ...(tenantId === undefined ? {} : { tenantId }),
      })
      return { authorization: `Bearer ${token}` }
    }

    test('past the burst, a request answers 429 with E19’s body, Retry-After and x-ms-throttle headers', async () => {
      const app = await newApp()
      const first = await server.call('GET', GROUPS, undefined, app)
      assert.equal(first.status, 200)
      assert.equal(first.headers.get('x-ms-throttle-limit-percentage'), null)
      const second = await server.call('GET', GROUPS, undefined, app)
      assert.equal(second.status, 200)
      assert.equal(second.headers.get('x-ms-throttle-limit-percentage'), '1.0')
      const clientRequestId = randomUUID()
      const third = await server.call('GET', GROUPS, undefined, {
        ...app,
        'client-request-id': clientRequestId,
      })
      assert.equal(third.status, 429)
      assert.equal(third.headers.get('retry-after'), String(1 / RATE))
      assert.match(
        third.headers.get('x-ms-throttle-scope') ?? '',
        new RegExp(`^Tenant_Application/ReadWrite/[0-9a-f-]{36}/${server.tenantId}$`),
      )
      assert.deepEqual(third.body, {
        error: {
          code: 'TooManyRequests',
          message: 'Please retry again later.',
          innerError: {
            date: third.body.error.innerError.date,
            'request-id': third.headers.get('request-id'),
            'client-request-id': clientRequestId,
            code: '429',
            message: 'Please retry after',
            status: '429',
          },
        },
      })
      assert.match(third.body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    })

    test('buckets are per app and tenant: another app, or the same app in another tenant, is not throttled', async () => {
      const appId = randomUUID()
      const token = await server.tokenFor({ appId })
      for (let i = 0; i < BURST; i++)
        await server.call('GET', GROUPS, undefined, { authorization: `Bearer ${token}` })
      assert.equal(
        (await server.call('GET', GROUPS, undefined, { authorization: `Bearer ${token}` })).status,
        429,
      )
      assert.equal((await server.call('GET', GROUPS, undefined, await newApp())).status, 200)
      const otherTenant = await server.tokenFor({ appId, tenantId: await server.createTenant() })
      assert.equal(
        (await server.call('GET', GROUPS, undefined, { authorization: `Bearer ${otherTenant}` }))
          .status,
        200,
      )
    })

    test('a refused write changes nothing, and the bucket refills with time', async () => {
      const app = await newApp()
      for (let i = 0; i < BURST; i++) await server.call('GET', GROUPS, undefined, app)
      const name = `throttled-${randomUUID().slice(0, 8)}`
      const refused = await server.call(
        'POST',
        '/v1.0/groups',
        { displayName: name, mailNickname: name, mailEnabled: false, securityEnabled: true },
        app,
      )
      assert.equal(refused.status, 429)
      const found = await server.call('GET', `/v1.0/groups?$filter=displayName eq '${name}'`)
      assert.deepEqual(found.body.value, [])
      offsetMs += 1000 / RATE
      assert.equal((await server.call('GET', GROUPS, undefined, app)).status, 200)
      assert.equal((await server.call('GET', GROUPS, undefined, app)).status, 429)
    })

    test('in a batch, each inner request pays and may be throttled; the envelope itself costs nothing', async () => {
      const app = await newApp()
      const requests = [1, 2, 3].map((id) => ({
        id: String(id),
        method: 'GET',
        url: '/groups?$top=1',
      }))
      const response = await server.call('POST', '/v1.0/$batch', { requests }, app)
      assert.equal(response.status, 200)
      const statuses = response.body.responses.map((r: { status: number }) => r.status)
      assert.deepEqual(statuses, [200, 200, 429])
      const throttled = response.body.responses[2]
      assert.equal(throttled.headers['Retry-After'], String(1 / RATE))
      assert.equal(throttled.body.error.code, 'TooManyRequests')
    })

    test('requests without a token are not counted: $metadata and 401s never answer 429', async () => {
      for (let i = 0; i < BURST + 1; i++) {
        assert.equal(
          (await server.call('GET', '/v1.0/$metadata', undefined, { authorization: '' })).status,
          200,
        )
        assert.equal(
          (await server.call('GET', GROUPS, undefined, { authorization: '' })).status,
          401,
        )
      }
    })
  })
