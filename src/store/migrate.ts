// Runs the forward-only migrations of the store's dialect, once even when several instances start
// together, and reports which ones the database has.
import { Migrator, sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import { POSTGRES_MIGRATIONS } from './postgres/migrations/index.js'
import { SQLITE_MIGRATIONS } from './sqlite/migrations/index.js'
import { inMigrationTransaction } from './sqlite/migration-lock.js'

export type Dialect = 'sqlite' | 'postgres'

const MIGRATIONS: Record<Dialect, Record<string, Migration>> = {
  sqlite: SQLITE_MIGRATIONS,
  postgres: POSTGRES_MIGRATIONS,
}

/**
 * Our own advisory lock key ("gapm" in ASCII). Kysely's Migrator locks too, but only after
 * creating its bookkeeping tables with `create table if not exists`, which two sessions racing
 * on a fresh database can both attempt (one then fails on pg_type's unique index).
 */
const MIGRATION_LOCK_KEY = 0x6761706d

function migrator(db: Kysely<unknown>, dialect: Dialect): Migrator {
  const migrations = MIGRATIONS[dialect]
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

async function run(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { error, results } = await migrator(db, dialect).migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Migration ${failed} failed`, { cause: error })
  }
}

export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // Nothing pending (every start after the first, or after `graph-appproxy migrate`): no lock
  // either, so that instances behind pgbouncer in transaction mode hold no session state
  // (docs/scaling.md) and SQLite's writers are not held up.
  const state = await migrationState(db, dialect)
  if (state.every((migration) => migration.executedAt !== undefined)) return
  if (dialect === 'sqlite') return inMigrationTransaction(db, (conn) => run(conn, dialect))
  // A session lock lives on one connection, so lock, migrate and unlock all on the same one.
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn)
    try {
      await run(conn, dialect)
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn)
    }
  })
}

export interface MigrationState {
  name: string
  /** When it ran on this database; undefined while pending. */
  executedAt?: Date
}

export async function migrationState(
  db: Kysely<unknown>,
  dialect: Dialect,
): Promise<MigrationState[]> {
  const infos = await migrator(db, dialect).getMigrations()
  return infos.map((info) => ({
    name: info.name,
    ...(info.executedAt === undefined ? {} : { executedAt: info.executedAt }),
  }))
}
