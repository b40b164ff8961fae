// The store: the domain's only way to the database. It hands out query modules bound to either
// the database or one transaction, runs lost races again, and turns driver errors into domain words.
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import type { Kysely, Transaction, TransactionBuilder } from 'kysely'
import { ApplicationQueries } from './applications.js'
import { AppRegistrationQueries } from './app-registrations.js'
import { ConnectorGroupQueries } from './connector-groups.js'
import { ConnectorQueries } from './connectors.js'
import { GrantQueries } from './grants.js'
import { PermissionUsageQueries } from './permission-usage.js'
import { SettingQueries } from './settings.js'
import { SigningKeyQueries } from './signing-keys.js'
import { GroupCommitter } from './group-commit.js'
import type { Database } from './tables.js'
import { TenantQueries } from './tenants.js'
import { UserQueries } from './users.js'
import { GroupQueries } from './groups.js'
import { MemberQueries } from './members.js'
import { DeletedItemQueries } from './deleted-items.js'
import { TenantRowQueries } from './tenant-rows.js'
import type { JsonArrayStrategy } from './query-to-kysely.js'
import { inProcessPages } from './paging.js'
import type { ItemJsonStrategy, JsonPages } from './json-paging.js'
import type { PageReader } from './page-json.js'

export interface StoreTx {
  readonly tenants: TenantQueries
  readonly connectorGroups: ConnectorGroupQueries
  readonly connectors: ConnectorQueries
  readonly applications: ApplicationQueries
  readonly settings: SettingQueries
  readonly users: UserQueries
  readonly appRegistrations: AppRegistrationQueries
  readonly signingKeys: SigningKeyQueries
  readonly authorizationCodes: GrantQueries
  readonly refreshTokens: GrantQueries
  readonly permissionUsage: PermissionUsageQueries
  readonly groups: GroupQueries
  readonly members: MemberQueries
  readonly deletedItems: DeletedItemQueries
  /** A whole tenant's rows, for export and import (src/domain/tenant-export.ts). */
  readonly tenantRows: TenantRowQueries
}

export interface Store {
  /** Runs `fn` as one transaction: every Graph write is exactly one (STYLE.md §4). */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>
  /** Runs reads outside a transaction. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>
  /** Resolves when the database answers a query; for readiness checks. */
  ping(): Promise<void>
  readonly dialect: 'sqlite' | 'postgres'
  readonly db: Kysely<Database>
  /**
   * Where one process owns the database's cache (SQLite): a number that changes whenever the
   * data may have changed, so a response derived from it can be reused while it stays the same
   * (src/http/plugins/representation-cache.ts). Absent where other instances write unseen
   * (PostgreSQL behind a load balancer).
   */
  readonly readGeneration?: () => number
  close(): Promise<void>
}

/**
 * How a dialect runs write transactions; each dialect folder exports one, so this file never
 * branches on the dialect.
 */
export interface TransactionPolicy {
  begin(db: Kysely<Database>): TransactionBuilder<Database>
  /** The transaction lost a race (serialization failure, deadlock, busy) and may run again. */
  isRetryable(error: unknown): boolean
  maxAttempts: number
  /** Concurrent write transactions share one database commit (src/store/group-commit.ts). */
  groupCommit?: boolean
}

/**
 * A write broke a database constraint (a duplicate key, a reference to a row that is gone), or
 * kept losing races with other writers after every retry (contention).
 */
export class StoreConflict extends Error {
  readonly kind: 'duplicate' | 'reference' | 'contention'
  constructor(kind: 'duplicate' | 'reference' | 'contention', cause: unknown) {
    super(`constraint violation (${kind})`, { cause })
    this.name = 'StoreConflict'
    this.kind = kind
  }
}

export interface StoreOptions {
  dialect: 'sqlite' | 'postgres'
  transactions: TransactionPolicy
  /** How the dialect reaches into JSON text arrays (`groupTypes/any(…)`). */
  jsonArray: JsonArrayStrategy
  /** Connectors not heard from for this long read `inactive` (issue #2 §5). */
  connectorInactiveAfterSeconds: number
  now?: () => Date
  readGeneration?: () => number
  /** Where the dialect has one: lets group commit run writes without a savepoint each. */
  writeMark?: () => number
  /**
   * Reads pages as JSON outside transactions (src/store/page-json.ts); by default on the store's
   * own connection. Transactions always read theirs, which alone sees their writes.
   */
  pages?: PageReader
  /** Where the dialect can: the database writes the items of JSON pages (json-paging.ts). */
  itemJson?: ItemJsonStrategy
  /** Page sources whose rows keep their items, current with the model (sqlite/stored-items.ts). */
  storedItems?: ReadonlySet<string>
}

// SQLite's extended result codes and PostgreSQL's SQLSTATEs for the two violations we expect.
const DUPLICATE_CODES = new Set([
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  '23505',
])
const REFERENCE_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503'])

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') {
    if (DUPLICATE_CODES.has(code)) return new StoreConflict('duplicate', error)
    if (REFERENCE_CODES.has(code)) return new StoreConflict('reference', error)
  }
  return error
}

// Full jitter (aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter): retries that
// lost the same race spread out instead of colliding again in lockstep.
const backoff = (attempt: number) => sleep(Math.random() * Math.min(100, 2 ** attempt))

export function createStore(db: Kysely<Database>, options: StoreOptions): Store {
  const now = options.now ?? (() => new Date())
  // Whole seconds: a connector turns inactive up to a second late, and in exchange the status
  // parameter stays the same for a second, so repeated connector reads can be answered from the
  // SQLite read cache (src/store/sqlite/read-cache.ts) instead of changing their key every ms.
  const activeSince = () => {
    const since = now().getTime() - options.connectorInactiveAfterSeconds * 1000
    return new Date(Math.floor(since / 1000) * 1000).toISOString()
  }
  const bind = (
    handle: Kysely<Database> | Transaction<Database>,
    reader: PageReader = inProcessPages<Database>(handle),
  ): StoreTx => {
    const pages: JsonPages = {
      reader,
      ...(options.itemJson === undefined ? {} : { itemJson: options.itemJson }),
      ...(options.storedItems === undefined ? {} : { storedItems: options.storedItems }),
    }
    return {
      tenants: new TenantQueries(handle),
      connectorGroups: new ConnectorGroupQueries(handle, pages),
      connectors: new ConnectorQueries(handle, activeSince, pages),
      applications: new ApplicationQueries(handle),
      settings: new SettingQueries(handle),
      users: new UserQueries(handle),
      appRegistrations: new AppRegistrationQueries(handle),
      signingKeys: new SigningKeyQueries(handle),
      authorizationCodes: new GrantQueries(handle, 'authorizationCodes'),
      refreshTokens: new GrantQueries(handle, 'refreshTokens'),
      permissionUsage: new PermissionUsageQueries(handle),
      groups: new GroupQueries(handle, options.jsonArray),
      members: new MemberQueries(handle),
      deletedItems: new DeletedItemQueries(handle),
      tenantRows: new TenantRowQueries(handle),
    }
  }
  const outside = bind(db, options.pages)
  const committer =
    options.transactions.groupCommit === true
      ? new GroupCommitter(db, {
          translate,
          ...(options.writeMark === undefined ? {} : { writeMark: options.writeMark }),
        })
      : undefined
  return {
    dialect: options.dialect,
    db,
    // `fn` only reads and writes through its tx, so running it again from the start is safe; a
    // lost race never reaches the client as a 500.
    async transaction(fn) {
      const policy = options.transactions
      for (let attempt = 1; ; attempt++) {
        try {
          return committer === undefined
            ? await policy.begin(db).execute((trx) => fn(bind(trx)))
            : await committer.run((trx) => fn(bind(trx)))
        } catch (error) {
          if (!policy.isRetryable(error)) throw translate(error)
          if (attempt >= policy.maxAttempts) throw new StoreConflict('contention', error)
        }
        await backoff(attempt)
      }
    },
    async read(fn) {
      try {
        return await fn(outside)
      } catch (error) {
        throw translate(error)
      }
    },
    ...(options.readGeneration === undefined ? {} : { readGeneration: options.readGeneration }),
    async ping() {
      await sql`select 1`.execute(db)
    },
    async close() {
      await options.pages?.close?.()
      await db.destroy()
    },
  }
}
