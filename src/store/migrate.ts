// Runs the forward-only migrations of the store's dialect.
import { Migrator } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import { SQLITE_MIGRATIONS } from './sqlite/migrations/index.js'

export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: 'sqlite' | 'postgres',
): Promise<void> {
  const migrations: Record<string, Migration> = dialect === 'sqlite' ? SQLITE_MIGRATIONS : {}
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Migration ${failed} failed`, { cause: error })
  }
}
