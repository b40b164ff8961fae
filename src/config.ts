// The one Config type. Every option has a default, an environment variable and a CLI flag with
// the same name (`--db-url` / GRAPH_APPPROXY_DB_URL); defaults ← file ← env ← flags, merged once.
import { readFileSync } from 'node:fs'

export interface Config {
  host: string
  port: number
  dataDir: string
  /** `sqlite:<file>`, a plain file path, or (issue #6) `postgres://…`. Empty: `<dataDir>/graph-appproxy.db`. */
  dbUrl: string
  /** PostgreSQL connections per instance (src/store/postgres/dialect.ts). */
  dbPoolSize: number
  publicUrl: string
  adminKey: string
  connectorInactiveAfterSeconds: number
  bodyLimit: number
  logLevel: string
  /** Serve TLS: --cert/--key, else a self-signed certificate generated into <dataDir>/tls (issue #3 §1). */
  https: boolean
  cert: string
  key: string
  /** JSON fixtures upserted at start (docs/fixtures.schema.json). */
  fixtures: string
  /** Trust an external OpenID Connect issuer too: its iss (`{tenantid}` stands for the tid) and keys. */
  externalIssuer: string
  externalJwksUrl: string
  externalDiscoveryUrl: string
  externalJwksFile: string
  /** Comma-separated audiences accepted from the external issuer (default: Graph's). */
  externalAudience: string
  /** JSON file of permission-table overrides (src/auth/permissions.ts mergePermissionOverrides). */
  permissionsFile: string
  tokenLifetimeSeconds: number
  /** Throttling (spec §7.4): tokens per second per app+tenant, 0 = off; each instance counts alone. */
  throttleRequestsPerSecond: number
  /** Throttling: requests a client may send at once (bucket size); 0 = one second's worth. */
  throttleBurst: number
}

interface OptionSpec {
  description: string
  parse: (value: string) => unknown
  secret?: boolean
  /** A switch: `--https` alone means true. */
  isFlag?: boolean
}

const integer =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`expected a whole number from ${min} to ${max}, got '${value}'`)
    }
    return n
  }
const decimal =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value)
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new Error(`expected a number from ${min} to ${max}, got '${value}'`)
    }
    return n
  }
const text = (value: string): string => value
const boolean = (value: string): boolean => {
  const lower = value.trim().toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(lower)) return true
  if (['false', '0', 'no', 'off', ''].includes(lower)) return false
  throw new Error(`expected true or false, got '${value}'`)
}

export const DEFAULT_PORT = 5080

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: DEFAULT_PORT,
  dataDir: '.graph-appproxy',
  dbUrl: '',
  dbPoolSize: 10,
  publicUrl: '',
  adminKey: '',
  connectorInactiveAfterSeconds: 600,
  bodyLimit: 4 * 1024 * 1024,
  logLevel: 'info',
  https: false,
  cert: '',
  key: '',
  fixtures: '',
  externalIssuer: '',
  externalJwksUrl: '',
  externalDiscoveryUrl: '',
  externalJwksFile: '',
  externalAudience: '',
  permissionsFile: '',
  tokenLifetimeSeconds: 3600,
  throttleRequestsPerSecond: 0,
  throttleBurst: 0,
}

export const OPTIONS: Record<keyof Config, OptionSpec> = {
  host: { description: 'address to listen on', parse: text },
  port: { description: 'port to listen on (0: any free port)', parse: integer(0, 65535) },
  dataDir: { description: 'folder for the SQLite file and generated keys', parse: text },
  dbUrl: {
    description:
      'database: postgres://… or a SQLite file path (default <data-dir>/graph-appproxy.db)',
    parse: text,
  },
  dbPoolSize: { description: 'PostgreSQL connections per instance', parse: integer(1, 1000) },
  publicUrl: {
    description: 'origin clients see, for @odata.context and nextLink (behind a proxy)',
    parse: text,
  },
  adminKey: {
    description: 'admin API key (default: generated once and kept in the database)',
    parse: text,
    secret: true,
  },
  connectorInactiveAfterSeconds: {
    description: 'a connector not heard from for this long reads inactive',
    parse: integer(1, 31_536_000),
  },
  bodyLimit: {
    description: 'largest request body in bytes (413 above)',
    parse: integer(1024, 256 * 1024 * 1024),
  },
  logLevel: { description: 'fatal, error, warn, info, debug, trace or silent', parse: text },
  https: {
    description: 'serve HTTPS (MSAL refuses http authorities)',
    parse: boolean,
    isFlag: true,
  },
  cert: {
    description: 'PEM certificate file for --https (default: self-signed, generated)',
    parse: text,
  },
  key: { description: 'PEM private key file for --cert', parse: text },
  fixtures: {
    description: 'JSON fixtures file loaded at start (docs/fixtures.schema.json)',
    parse: text,
  },
  externalIssuer: {
    description: 'also trust tokens of this OpenID Connect issuer ({tenantid} = tid)',
    parse: text,
  },
  externalJwksUrl: { description: "the external issuer's JWKS URL", parse: text },
  externalDiscoveryUrl: {
    description: "the external issuer's openid-configuration URL",
    parse: text,
  },
  externalJwksFile: { description: "the external issuer's keys as a local JWKS file", parse: text },
  externalAudience: {
    description: 'audiences accepted from the external issuer, comma-separated',
    parse: text,
  },
  permissionsFile: {
    description: 'JSON file overriding rows of the permission table',
    parse: text,
  },
  tokenLifetimeSeconds: {
    description: 'lifetime of issued access tokens',
    parse: integer(60, 86_400),
  },
  throttleRequestsPerSecond: {
    description:
      'throttle each app+tenant to this many requests per second, 429 above (0: off; 0.5: one per 2 s)',
    parse: decimal(0, 1_000_000),
  },
  throttleBurst: {
    description:
      "requests an app+tenant may send at once before throttling (0: one second's worth)",
    parse: integer(0, 1_000_000),
  },
}

export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
export const envName = (name: string): string =>
  `GRAPH_APPPROXY_${kebab(name).replace(/-/g, '_').toUpperCase()}`

function parseAll(source: string, values: Record<string, unknown>): Partial<Config> {
  const result: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(values)) {
    if (raw === undefined) continue
    const spec = OPTIONS[name as keyof Config]
    if (spec === undefined) throw new Error(`${source}: unknown option '${name}'`)
    try {
      result[name] = spec.parse(String(raw))
    } catch (error) {
      throw new Error(`${source}: option '${name}': ${(error as Error).message}`)
    }
  }
  return result as Partial<Config>
}

export interface ConfigSources {
  /** Path of a JSON file with any of the options. */
  file?: string
  env?: NodeJS.ProcessEnv
  flags?: Partial<Record<keyof Config, unknown>>
}

export function resolveConfig(sources: ConfigSources = {}): Config {
  const fromFile =
    sources.file === undefined
      ? {}
      : (JSON.parse(readFileSync(sources.file, 'utf8')) as Record<string, unknown>)
  const env = sources.env ?? {}
  const fromEnv: Record<string, unknown> = {}
  for (const name of Object.keys(OPTIONS)) fromEnv[name] = env[envName(name)]
  return {
    ...DEFAULTS,
    ...parseAll(sources.file ?? 'config file', fromFile),
    ...parseAll('environment', fromEnv),
    ...parseAll('command line', sources.flags ?? {}),
  }
}

/** The effective configuration with secrets masked, for the start-up banner. */
export function describeConfig(config: Config): Record<string, unknown> {
  const shown: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(config)) {
    shown[name] = OPTIONS[name as keyof Config].secret === true && value !== '' ? '********' : value
  }
  // A PostgreSQL URL may carry a password; the rest of it helps to see which database is used.
  shown.dbUrl = config.dbUrl.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:********@')
  return shown
}
