// Picks the dialect from the database URL, opens it and migrates it to the latest schema. The
// only place that knows both dialects; everything after it works through the Store.
import type { Kysely } from 'kysely'
import { migrateToLatest } from './migrate.js'
import type { Dialect } from './migrate.js'
import { openPostgres, postgresTransactions } from './postgres/dialect.js'
import { postgresJsonArray } from './postgres/json-array.js'
import { openSqlite, sqliteTransactions } from './sqlite/dialect.js'
import { sqliteJsonArray } from './sqlite/json-array.js'
import { createStore } from './store.js'
import type { Store } from './store.js'
import type { Database } from './tables.js'

export interface OpenStoreOptions {
  /** `postgres://…` or `postgresql://…`; otherwise a SQLite file path, optionally `sqlite:`-prefixed. */
  url: string
  /** PostgreSQL connections per instance (src/store/postgres/dialect.ts explains the default). */
  poolSize?: number
  connectorInactiveAfterSeconds: number
  now: () => Date
}

export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite'
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { url, poolSize, ...rest } = options
  const dialect = dialectOf(url)
  const db: Kysely<Database> =
    dialect === 'postgres'
      ? openPostgres(url, poolSize === undefined ? {} : { poolSize })
      : openSqlite(url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url)
  const transactions = dialect === 'postgres' ? postgresTransactions : sqliteTransactions
  const jsonArray = dialect === 'postgres' ? postgresJsonArray : sqliteJsonArray
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, dialect)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return createStore(db, { dialect, transactions, jsonArray, ...rest })
}
