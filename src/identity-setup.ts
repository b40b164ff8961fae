// The identity side of start-up (issue #3): the permission table with its configured overrides,
// the shared signing keys and the built-in issuer, the token verifier (built-in and/or external
// issuer), the usage recorder, the development identity and the TLS certificate. server.ts calls
// it; the CLI's offline commands use the parts they need.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PERMISSIONS, mergePermissionOverrides } from './auth/permissions.js'
import type { PermissionTable } from './auth/permissions.js'
import { loadOrCreateCertificate, readCertificate } from './auth/tls.js'
import { PERSONAL_ACCOUNTS_TENANT_ID, createTokenVerifier } from './auth/verify-token.js'
import type { ExternalIssuerOptions, TokenVerifier } from './auth/verify-token.js'
import type { Config } from './config.js'
import type { DomainDeps } from './domain/context.js'
import { createIssuer } from './domain/issuer.js'
import type { Issuer } from './domain/issuer.js'
import { createUsageRecorder } from './domain/permission-usage.js'
import type { UsageRecorder } from './domain/permission-usage.js'
import { loadSigningKeys } from './domain/signing-keys.js'

export interface Identity {
  issuer: Issuer
  verifier: TokenVerifier
  permissions: PermissionTable
  usage: UsageRecorder
  /** A new signing key; this instance verifies with it at once (others on their next unknown kid). */
  rotateKeys(): Promise<void>
}

export function permissionTable(config: Pick<Config, 'permissionsFile'>): PermissionTable {
  if (config.permissionsFile === '') return PERMISSIONS
  const overrides: unknown = JSON.parse(readFileSync(config.permissionsFile, 'utf8'))
  return mergePermissionOverrides(PERMISSIONS, overrides)
}

export async function createIssuerFor(deps: DomainDeps, config: Config): Promise<Issuer> {
  return createIssuer(await loadSigningKeys(deps), {
    lifetimeSeconds: config.tokenLifetimeSeconds,
    ...(config.publicUrl === '' ? {} : { publicUrl: config.publicUrl }),
  })
}

function externalIssuer(config: Config): ExternalIssuerOptions | undefined {
  if (config.externalIssuer === '') return undefined
  const audiences = config.externalAudience
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')
  return {
    issuer: config.externalIssuer,
    ...(config.externalJwksUrl === '' ? {} : { jwksUrl: config.externalJwksUrl }),
    ...(config.externalDiscoveryUrl === '' ? {} : { discoveryUrl: config.externalDiscoveryUrl }),
    ...(config.externalJwksFile === '' ? {} : { jwksFile: config.externalJwksFile }),
    ...(audiences.length === 0 ? {} : { audiences }),
  }
}

export async function setUpIdentity(deps: DomainDeps, config: Config): Promise<Identity> {
  const permissions = permissionTable(config)
  const issuer = await createIssuerFor(deps, config)
  const external = externalIssuer(config)
  const verifier = createTokenVerifier({
    builtIn: issuer.verifierOptions,
    ...(external === undefined ? {} : { external }),
    // Personal accounts' tenant is known too: their calls get the table's 403 (spec §3.0), not a 401.
    isKnownTenant: async (tid) =>
      tid === PERSONAL_ACCOUNTS_TENANT_ID ||
      (await deps.store.read((tx) => tx.tenants.get(tid))) !== undefined,
  })
  const rotateKeys = async () => {
    await issuer.keys.rotate()
    verifier.reloadKeys()
  }
  return { issuer, verifier, permissions, usage: createUsageRecorder(deps), rotateKeys }
}

/** The certificate for --https: the configured files, else a self-signed one kept in <dataDir>/tls. */
export async function tlsFor(
  config: Config,
): Promise<{ cert: string; key: string; certPath: string } | undefined> {
  if (!config.https) return undefined
  if (config.cert !== '' || config.key !== '') {
    if (config.cert === '' || config.key === '') throw new Error('--cert and --key go together.')
    return readCertificate(config.cert, config.key)
  }
  const hostnames = [
    ...new Set(
      ['localhost', '127.0.0.1', config.host].filter((h) => h !== '0.0.0.0' && h !== '::'),
    ),
  ]
  return loadOrCreateCertificate({ dir: join(config.dataDir, 'tls'), hostnames })
}
