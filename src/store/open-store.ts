// Picks the dialect from the database URL, opens it and migrates it to the latest schema.
import type { Kysely } from 'kysely'
import { migrateToLatest } from './migrate.js'
import { openSqlite } from './sqlite/dialect.js'
import { createStore } from './store.js'
import type { Store } from './store.js'

export interface OpenStoreOptions {
  url: string
  connectorInactiveAfterSeconds: number
  now: () => Date
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const db = openSqlite(options.url)
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, 'sqlite')
  } catch (error) {
    await db.destroy()
    throw error
  }
  return createStore(db, { dialect: 'sqlite', ...options })
}
