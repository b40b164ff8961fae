// Running the server (issue #6): `graph-appproxy start` logs JSON lines that carry the Graph
// request id and never a token, and on SIGTERM finishes the requests in flight before it exits 0.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import type { ClientRequest, IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { openStore } from '../../src/store/open-store.js'
import { BACKENDS } from '../support/backends.js'
import { createTestDatabase } from '../support/postgres-databases.js'
import type { TestDatabase } from '../support/postgres-databases.js'
import { passwordToken, startServerProcess } from '../support/server-process.js'
import type { ServerProcess } from '../support/server-process.js'

const ADMIN_KEY = 'operations-admin-key'

const parsed = (line: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return undefined
  }
}

for (const backend of BACKENDS)
  describe(`operations [${backend}]`, () => {
    let dir: string
    let database: TestDatabase | undefined
    let dbUrl: string
    let server: ServerProcess

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-operations-'))
      database = backend === 'postgres' ? await createTestDatabase() : undefined
      dbUrl = database?.url ?? join(dir, 'graph-appproxy.db')
      server = await startServerProcess([
        '--db-url',
        dbUrl,
        '--data-dir',
        dir,
        '--admin-key',
        ADMIN_KEY,
        '--log-level',
        'info',
      ])
    })
    after(async () => {
      await server?.kill()
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    test('each request is logged as JSON with reqId = its request-id header, and no bearer token', async () => {
      const token = await passwordToken(server)
      const response = await fetch(`${server.url}/v1.0/me`, {
        headers: { authorization: `Bearer ${token}`, 'client-request-id': 'log-test' },
      })
      assert.equal(response.status, 200)
      const requestId = response.headers.get('request-id') as string
      assert.match(requestId, /^[0-9a-f-]{36}$/)
      const completed = parsed(
        await server.waitForLine((line) => {
          const entry = parsed(line)
          return entry?.reqId === requestId && entry.msg === 'request completed'
        }),
      )
      assert.equal((completed?.res as { statusCode?: number }).statusCode, 200)
      const incoming = server.lines
        .map(parsed)
        .find((e) => e?.reqId === requestId && e.msg === 'incoming request')
      assert.equal((incoming?.req as { url?: string }).url, '/v1.0/me')
      assert.ok(!server.lines.some((line) => line.includes(token)), 'a log line holds the token')
      assert.ok(!server.lines.some((line) => line.includes(token.split('.')[2] as string)))
    })

    test('SIGTERM while a request is in flight: the request completes 201, then the process exits 0', async () => {
      // The body is sent in two parts. `Expect: 100-continue` makes the server answer as soon as it
      // has the headers, so the request is provably in flight before the signal, with no sleep.
      let req: ClientRequest | undefined
      const answered = new Promise<IncomingMessage>((resolve, reject) => {
        req = request(`${server.url}/_admin/connectors`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-admin-key': ADMIN_KEY,
            expect: '100-continue',
          },
        })
        req.on('response', resolve)
        req.on('error', reject)
      })
      const client = req as ClientRequest
      await new Promise((resolve) => client.once('continue', resolve))
      client.write('{"machineName": "slow.contoso.com", ')

      server.child.kill('SIGTERM')
      await server.waitForLine((line) => line.includes('SIGTERM received'))
      // New connections are refused from now on (polled: the listener closes a moment later).
      let refused = false
      for (let attempt = 0; attempt < 100 && !refused; attempt++) {
        refused = await fetch(`${server.url}/_health`).then(
          (r) => r.status === 503,
          () => true,
        )
        if (!refused) await new Promise((resolve) => setTimeout(resolve, 20))
      }
      assert.ok(refused, 'the server still accepts requests after SIGTERM')

      client.end('"externalIp": "203.0.113.50"}')
      const response = await answered
      let text = ''
      for await (const chunk of response) text += String(chunk)
      assert.equal(response.statusCode, 201, text)
      assert.equal(
        response.headers.connection,
        'close',
        'a response sent while closing ends its connection',
      )
      const { id } = JSON.parse(text) as { id: string }
      assert.equal(await server.exited, 0)

      // The write that was answered is in the database.
      const store = await openStore({
        url: dbUrl,
        connectorInactiveAfterSeconds: 600,
        now: () => new Date(),
      })
      try {
        const rows = await store.db
          .selectFrom('connectors')
          .select('machineName')
          .where('id', '=', id)
          .execute()
        assert.deepEqual(rows, [{ machineName: 'slow.contoso.com' }])
      } finally {
        await store.close()
      }
    })
  })
