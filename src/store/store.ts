// The store: the domain's only way to the database. It hands out query modules bound to either
// the database or one transaction, and turns driver errors into domain words (StoreConflict).
import type { Kysely, Transaction } from 'kysely'
import { ApplicationQueries } from './applications.js'
import { ConnectorGroupQueries } from './connector-groups.js'
import { ConnectorQueries } from './connectors.js'
import { SettingQueries } from './settings.js'
import type { Database } from './tables.js'
import { TenantQueries } from './tenants.js'

export interface StoreTx {
  readonly tenants: TenantQueries
  readonly connectorGroups: ConnectorGroupQueries
  readonly connectors: ConnectorQueries
  readonly applications: ApplicationQueries
  readonly settings: SettingQueries
}

export interface Store {
  /** Runs `fn` as one transaction: every Graph write is exactly one (STYLE.md §4). */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>
  /** Runs reads outside a transaction. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>
  readonly dialect: 'sqlite' | 'postgres'
  readonly db: Kysely<Database>
  close(): Promise<void>
}

/** A write broke a database constraint: a duplicate key, or a reference to a row that is gone. */
export class StoreConflict extends Error {
  readonly kind: 'duplicate' | 'reference'
  constructor(kind: 'duplicate' | 'reference', cause: unknown) {
    super(`constraint violation (${kind})`, { cause })
    this.name = 'StoreConflict'
    this.kind = kind
  }
}

export interface StoreOptions {
  dialect: 'sqlite' | 'postgres'
  /** Connectors not heard from for this long read `inactive` (issue #2 §5). */
  connectorInactiveAfterSeconds: number
  now?: () => Date
}

// SQLite's extended result codes and PostgreSQL's SQLSTATEs for the two violations we expect.
const DUPLICATE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505'])
const REFERENCE_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503'])

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') {
    if (DUPLICATE_CODES.has(code)) return new StoreConflict('duplicate', error)
    if (REFERENCE_CODES.has(code)) return new StoreConflict('reference', error)
  }
  return error
}

export function createStore(db: Kysely<Database>, options: StoreOptions): Store {
  const now = options.now ?? (() => new Date())
  const activeSince = () =>
    new Date(now().getTime() - options.connectorInactiveAfterSeconds * 1000).toISOString()
  const bind = (handle: Kysely<Database> | Transaction<Database>): StoreTx => ({
    tenants: new TenantQueries(handle),
    connectorGroups: new ConnectorGroupQueries(handle),
    connectors: new ConnectorQueries(handle, activeSince),
    applications: new ApplicationQueries(handle),
    settings: new SettingQueries(handle),
  })
  const outside = bind(db)
  return {
    dialect: options.dialect,
    db,
    async transaction(fn) {
      try {
        return await db.transaction().execute((trx) => fn(bind(trx)))
      } catch (error) {
        throw translate(error)
      }
    },
    async read(fn) {
      try {
        return await fn(outside)
      } catch (error) {
        throw translate(error)
      }
    },
    close: () => db.destroy(),
  }
}
