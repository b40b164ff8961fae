// Picks the dialect from the database URL, opens it and migrates it to the latest schema. The
// only place that knows both dialects; everything after it works through the Store.
import type { Kysely } from 'kysely'
import { migrateToLatest } from './migrate.js'
import type { Dialect } from './migrate.js'
import { createStore } from './store.js'
import type { JsonArrayStrategy } from './query-to-kysely.js'
import type { Store, TransactionPolicy } from './store.js'
import type { PageReader } from './page-json.js'
import type { ItemJsonStrategy } from './json-paging.js'
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
  // Only the chosen dialect's driver is loaded (pg is not, on SQLite).
  let db: Kysely<Database>
  let transactions: TransactionPolicy
  let jsonArray: JsonArrayStrategy
  let readGeneration: (() => number) | undefined
  let writeMark: (() => number) | undefined
  let pages: PageReader | undefined
  let itemJson: ItemJsonStrategy | undefined
  let storedItems: ReadonlySet<string> | undefined
  if (dialect === 'postgres') {
    const postgres = await import('./postgres/dialect.js')
    db = postgres.openPostgres(url, poolSize === undefined ? {} : { poolSize })
    transactions = postgres.postgresTransactions
    jsonArray = (await import('./postgres/json-array.js')).postgresJsonArray
  } else {
    const sqlite = await import('./sqlite/dialect.js')
    const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url
    const handle = sqlite.openSqlite(file)
    db = handle.db
    // A second connection needs a file to share; a private in-memory database has none.
    if (file !== '' && file !== ':memory:') {
      pages = new (await import('./sqlite/page-reader.js')).SqlitePageReader(file)
    }
    readGeneration = handle.readGeneration
    writeMark = handle.writeMark
    transactions = sqlite.sqliteTransactions
    jsonArray = (await import('./sqlite/json-array.js')).sqliteJsonArray
    itemJson = (await import('./sqlite/item-json.js')).sqliteItemJson
  }
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, dialect)
    if (dialect === 'sqlite') {
      const { currentStoredItems, STORED_ITEM_SOURCES } = await import('./sqlite/stored-items.js')
      storedItems = await currentStoredItems(db as unknown as Kysely<unknown>, STORED_ITEM_SOURCES)
    }
  } catch (error) {
    await db.destroy()
    throw error
  }
  return createStore(db, {
    dialect,
    transactions,
    jsonArray,
    ...(readGeneration === undefined ? {} : { readGeneration }),
    ...(writeMark === undefined ? {} : { writeMark }),
    ...(pages === undefined ? {} : { pages }),
    ...(itemJson === undefined ? {} : { itemJson }),
    ...(storedItems === undefined ? {} : { storedItems }),
    ...rest,
  })
}
