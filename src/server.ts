// startServer: open the store, migrate, make sure a tenant exists, build the app and listen.
// The CLI and the tests both start the server through here.
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import type { Config } from './config.js'
import type { DomainDeps } from './domain/context.js'
import { ensureDevelopmentTenant } from './domain/tenants.js'
import type { Store } from './store/store.js'
import type { Tenant } from './store/tenants.js'
import { dialectOf, openStore } from './store/open-store.js'

export interface RunningServer {
  url: string
  adminKey: string
  developmentTenant: Tenant
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
export async function openDomain(config: Config, now: () => Date = () => new Date()): Promise<DomainDeps> {
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

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const deps = await openDomain(config, options.now)
  try {
    const developmentTenant = await ensureDevelopmentTenant(deps)
    const { adminKey, skipTokenSecret } = await deps.store.transaction(async (tx) => ({
      adminKey: config.adminKey !== '' ? config.adminKey : await tx.settings.getOrInsert('adminKey', newSecret()),
      skipTokenSecret: await tx.settings.getOrInsert('skipTokenSecret', newSecret()),
    }))
    const app = await buildApp({
      ...deps,
      adminKey,
      skipTokenSecret,
      developmentTenantId: developmentTenant.id,
      ...(config.publicUrl === '' ? {} : { publicUrl: config.publicUrl }),
      bodyLimit: config.bodyLimit,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization'] },
    })
    const address = await app.listen({ host: config.host, port: config.port })
    return {
      url: address,
      adminKey,
      developmentTenant,
      app,
      store: deps.store,
      async close() {
        await app.close()
        await deps.store.close()
      },
    }
  } catch (error) {
    await deps.store.close()
    throw error
  }
}
