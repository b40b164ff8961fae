// @microsoft/microsoft-graph-client's RetryHandler against throttling (spec §7.4) and an injected
// fault: it honours Retry-After, retries, and the caller sees only the success. A recorder placed
// after the RetryHandler sees every attempt.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client'
import type { Context, Middleware } from '@microsoft/microsoft-graph-client'
import { BACKENDS } from '../support/backends.js'
import { startHttpsTestServer } from '../support/https-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

/** Records the status of each attempt the RetryHandler makes. */
class AttemptRecorder implements Middleware {
  readonly statuses: number[] = []
  #next: Middleware | undefined
  setNext(next: Middleware): void {
    this.#next = next
  }
  async execute(context: Context): Promise<void> {
    await this.#next?.execute(context)
    if (context.response !== undefined) this.statuses.push(context.response.status)
  }
}

for (const backend of BACKENDS)
  describe(`@microsoft/microsoft-graph-client retries [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      // One request per second with no burst: a second request at once is throttled for 1 s.
      server = await startHttpsTestServer(backend, {
        throttleRequestsPerSecond: 1,
        throttleBurst: 1,
      })
    })
    after(() => server.close())

    const client = (token: string) => {
      const recorder = new AttemptRecorder()
      const auth = new AuthenticationHandler({ getAccessToken: async () => token })
      const retry = new RetryHandler(new RetryHandlerOptions())
      auth.setNext(retry)
      retry.setNext(recorder)
      recorder.setNext(new HTTPMessageHandler())
      const graph = Client.initWithMiddleware({
        middleware: auth,
        baseUrl: server.baseUrl,
        defaultVersion: 'v1.0',
        customHosts: new Set([new URL(server.baseUrl).hostname]),
      })
      return { graph, recorder }
    }

    test('a throttled request (429, Retry-After) is retried by the SDK and succeeds', async () => {
      const { graph, recorder } = client(await server.tokenFor({ appId: randomUUID() }))
      await graph.api('/groups').top(1).get()
      const page = await graph.api('/groups').top(1).get()
      assert.ok(Array.isArray(page.value))
      assert.deepEqual(recorder.statuses, [200, 429, 200])
    })

    test('an injected 503 is retried after its Retry-After and the write happens once', async () => {
      const fault = await server.call(
        'POST',
        '/_admin/faults',
        { method: 'POST', path: '/groups$', status: 503, retryAfterSeconds: 1 },
        { 'x-admin-key': server.adminKey },
      )
      assert.equal(fault.status, 201)
      const { graph, recorder } = client(await server.tokenFor({ appId: randomUUID() }))
      const name = `retried-${randomUUID().slice(0, 8)}`
      const created = await graph
        .api('/groups')
        .post({ displayName: name, mailNickname: name, mailEnabled: false, securityEnabled: true })
      assert.equal(created.displayName, name)
      assert.deepEqual(recorder.statuses, [503, 201])
      const found = await graph.api('/groups').filter(`displayName eq '${name}'`).get()
      assert.equal(found.value.length, 1)
    })
  })
