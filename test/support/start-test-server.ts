// Starts the real server on 127.0.0.1, port 0, on a fresh database (a SQLite file in a temp folder
// or a new PostgreSQL database), and gives tests a small Graph client over real HTTP (STYLE.md §9).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULTS } from '../../src/config.js'
import type { Config } from '../../src/config.js'
import { startServer } from '../../src/server.js'
import type { StartOptions } from '../../src/server.js'
import type { Backend } from './backends.js'
import { createTestDatabase } from './postgres-databases.js'
import type { Store } from '../../src/store/store.js'

export interface GraphResponse {
  status: number
  headers: Headers
  text: string
  // Tests read arbitrary JSON bodies.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
}

export interface TestServer {
  baseUrl: string
  /** Start a second instance with `config: { dbUrl }` to share this one's database. */
  dbUrl: string
  /** The server's store, for rows no API call can make (values real tenants hold). */
  store: Store
  adminKey: string
  tenantId: string
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<GraphResponse>
  registerConnector(machineName?: string): Promise<{ id: string }>
  close(): Promise<void>
}

export interface TestServerOptions extends StartOptions {
  backend?: Backend
  /** A `dbUrl` here is used as is (and left in place on close) instead of a fresh database. */
  config?: Partial<Config>
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = options.config ?? {}
  const dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-test-'))
  const database =
    options.backend === 'postgres' && config.dbUrl === undefined ? await createTestDatabase() : undefined
  const dbUrl = config.dbUrl ?? database?.url ?? join(config.dataDir ?? dir, 'graph-appproxy.db')
  let server
  try {
    // A small pool: test files run side by side on one PostgreSQL, and a few connections per
    // instance are enough to make concurrent requests contend.
    server = await startServer(
      { ...DEFAULTS, port: 0, dataDir: dir, logLevel: 'silent', dbPoolSize: 4, ...config, dbUrl },
      options,
    )
  } catch (error) {
    await database?.drop()
    throw error
  }
  const baseUrl = server.url
  let registered = 0

  const call: TestServer['call'] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      init.headers = { 'content-type': 'application/json', ...headers }
    }
    const response = await fetch(`${baseUrl}${path}`, init)
    const text = await response.text()
    let parsed: unknown = undefined
    if (text !== '') {
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
    }
    return { status: response.status, headers: response.headers, text, body: parsed }
  }

  return {
    baseUrl,
    dbUrl,
    store: server.store,
    adminKey: server.adminKey,
    tenantId: server.developmentTenant.id,
    call,
    async registerConnector(machineName = `connector${++registered}.contoso.com`) {
      const response = await call(
        'POST',
        '/_admin/connectors',
        { machineName, externalIp: '203.0.113.10' },
        { 'x-admin-key': server.adminKey },
      )
      if (response.status !== 201) throw new Error(`registration failed: ${response.text}`)
      return response.body as { id: string }
    },
    async close() {
      try {
        await server.close()
      } finally {
        await database?.drop()
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
