// `graph-appproxy migrate`: bring the configured database to the latest schema without serving,
// e.g. as a deploy step before new instances start. Opening the store migrates it (server.ts).
import { Command } from 'commander'
import type { Kysely } from 'kysely'
import { openDomain } from '../../server.js'
import { migrationState } from '../../store/migrate.js'
import { configFrom, withConfigOptions } from '../config-options.js'

export function migrateCommand(): Command {
  const command = new Command('migrate')
    .description('create or upgrade the database schema, then list the migrations it has')
    .addHelpText(
      'after',
      '\nExample:\n  graph-appproxy migrate --db-url postgres://app:secret@db.internal:5432/graph_appproxy\n',
    )
  return withConfigOptions(command, ['dataDir', 'dbUrl', 'dbPoolSize']).action(
    async (options: Record<string, unknown>) => {
      const { store } = await openDomain(configFrom(options))
      try {
        const state = await migrationState(store.db as unknown as Kysely<unknown>, store.dialect)
        console.log(`${store.dialect} database is at the latest schema:`)
        for (const { name, executedAt } of state) {
          console.log(
            `  ${name}  ${executedAt === undefined ? 'pending' : `applied ${executedAt.toISOString()}`}`,
          )
        }
      } finally {
        await store.close()
      }
    },
  )
}
