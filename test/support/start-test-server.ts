// Starts the real server on 127.0.0.1, port 0, on a fresh database (a SQLite file in a temp folder
// or a new PostgreSQL database), and gives tests a small Graph client over real HTTP (STYLE.md §9).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULTS } from '../../src/config.js'
import type { Config } from '../../src/config.js'
import { startServer } from '../../src/server.js'
import type { RunningServer, StartOptions } from '../../src/server.js'
import { createTenant } from '../../src/domain/tenants.js'
import type { NewTenant } from '../../src/domain/tenants.js'
import type { Backend } from './backends.js'
import { createTestDatabase } from './postgres-databases.js'
import type { Store } from '../../src/store/store.js'
import { issueTestToken } from './tokens.js'
import type { TokenRequest } from './tokens.js'

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
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<GraphResponse>
  registerConnector(machineName?: string): Promise<{ id: string }>
  /**
   * A token from the server's issuer. `call` sends the development admin's delegated token with
   * every scope unless the headers name an `authorization` ('' sends none).
   */
  tokenFor(request?: TokenRequest): Promise<string>
  /** `{ authorization: 'Bearer …' }` with the default token, for tests that call fetch directly. */
  authHeaders: Record<string, string>
  /** Another tenant with its default connector group. */
  createTenant(input?: Partial<NewTenant>): Promise<string>
  /** The running server: issuer, development identity, usage recorder. */
  running: RunningServer
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
    options.backend === 'postgres' && config.dbUrl === undefined
      ? await createTestDatabase()
      : undefined
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
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const baseUrl = server.url
  let registered = 0

  const running = server
  const defaultToken = await issueTestToken(running)
  let tenants = 0

  const call: TestServer['call'] = async (method, path, body, given = {}) => {
    const named = Object.keys(given).find((name) => name.toLowerCase() === 'authorization')
    const headers: Record<string, string> =
      named === undefined ? { authorization: `Bearer ${defaultToken}`, ...given } : { ...given }
    if (named !== undefined && given[named] === '') delete headers[named]
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
    tokenFor: (request) => issueTestToken(running, request),
    authHeaders: { authorization: `Bearer ${defaultToken}` },
    async createTenant(input = {}) {
      const n = ++tenants
      const tenant = await createTenant(
        { store: running.store, now: () => new Date() },
        {
          displayName: `Tenant ${n}`,
          defaultDomain: `tenant${n}-${Date.now()}.onmicrosoft.com`,
          region: 'nam',
          ...input,
        },
      )
      return tenant.id
    },
    running,
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
