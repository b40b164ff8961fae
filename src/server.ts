// startServer: open the store, migrate, make sure a tenant exists, build the app and listen.
// The CLI and the tests both start the server through here.
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import type { Config } from './config.js'
import type { DomainDeps } from './domain/context.js'
import { ensureDevelopmentIdentity } from './domain/development-tenant.js'
import type { DevelopmentIdentity } from './domain/development-tenant.js'
import { loadFixtures, readFixturesFile } from './domain/fixtures.js'
import { ensureDevelopmentTenant } from './domain/tenants.js'
import { setUpIdentity, tlsFor } from './identity-setup.js'
import type { Identity } from './identity-setup.js'
import type { Store } from './store/store.js'
import type { Tenant } from './store/tenants.js'
import { dialectOf, openStore } from './store/open-store.js'

export interface RunningServer {
  url: string
  adminKey: string
  developmentTenant: Tenant
  /** The development admin user and app registration, with their secrets (issue #3 §5). */
  developmentIdentity: DevelopmentIdentity
  identity: Identity
  /** The certificate file clients must trust (NODE_EXTRA_CA_CERTS) when serving HTTPS. */
  certificatePath?: string
  app: FastifyInstance
  /** The open store, for tests that must put in rows no API call can make. */
  store: Store
  close(): Promise<void>
}

export function sqliteFile(config: Pick<Config, 'dbUrl' | 'dataDir'>): string {
  if (config.dbUrl === '') return join(config.dataDir, 'graph-appproxy.db')
  return config.dbUrl.startsWith('sqlite:') ? config.dbUrl.slice('sqlite:'.length) : config.dbUrl
}

/** Opens (and migrates) the configured database; also used by CLI commands that run offline. */
export async function openDomain(
  config: Config,
  now: () => Date = () => new Date(),
): Promise<DomainDeps> {
  let url = config.dbUrl
  if (dialectOf(url) === 'sqlite') {
    url = sqliteFile(config)
    mkdirSync(dirname(url), { recursive: true })
  }
  const store = await openStore({
    url,
    poolSize: config.dbPoolSize,
    connectorInactiveAfterSeconds: config.connectorInactiveAfterSeconds,
    now,
  })
  return { store, now }
}

const newSecret = () => randomBytes(24).toString('base64url')

export interface StartOptions {
  /** The clock; tests move it to make connectors go inactive without waiting. */
  now?: () => Date
}

export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const deps = await openDomain(config, options.now)
  try {
    const developmentTenant = await ensureDevelopmentTenant(deps)
    const identity = await setUpIdentity(deps, config)
    const developmentIdentity = await ensureDevelopmentIdentity(
      deps,
      developmentTenant,
      identity.permissions,
    )
    if (config.fixtures !== '') await loadFixtures(deps, readFixturesFile(config.fixtures))
    const tls = await tlsFor(config)
    const { adminKey, skipTokenSecret } = await deps.store.transaction(async (tx) => ({
      adminKey:
        config.adminKey !== ''
          ? config.adminKey
          : await tx.settings.getOrInsert('adminKey', newSecret()),
      skipTokenSecret: await tx.settings.getOrInsert('skipTokenSecret', newSecret()),
    }))
    const app = await buildApp({
      ...deps,
      adminKey,
      skipTokenSecret,
      developmentTenantId: developmentTenant.id,
      identity,
      ...(tls === undefined ? {} : { https: { cert: tls.cert, key: tls.key } }),
      ...(config.publicUrl === '' ? {} : { publicUrl: config.publicUrl }),
      bodyLimit: config.bodyLimit,
      throttle: {
        requestsPerSecond: config.throttleRequestsPerSecond,
        burst: config.throttleBurst,
      },
      logger:
        config.logLevel === 'silent'
          ? false
          : { level: config.logLevel, redact: ['req.headers.authorization'] },
    })
    const address = await app.listen({ host: config.host, port: config.port })
    // Tokens name the origin the client used; every address the server answers on is its own.
    const scheme = tls === undefined ? 'http' : 'https'
    for (const listening of app.addresses()) {
      if (typeof listening === 'string') continue
      const { address: ip, family, port } = listening
      identity.issuer.addOrigin(`${scheme}://${family === 'IPv6' ? `[${ip}]` : ip}:${port}`)
      identity.issuer.addOrigin(`${scheme}://localhost:${port}`)
    }
    return {
      url: address,
      adminKey,
      developmentTenant,
      developmentIdentity,
      identity,
      ...(tls === undefined ? {} : { certificatePath: tls.certPath }),
      app,
      store: deps.store,
      async close() {
        await app.close()
        await identity.usage.close()
        await deps.store.close()
      },
    }
  } catch (error) {
    await deps.store.close()
    throw error
  }
}
